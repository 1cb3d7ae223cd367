"""The one road from data to page: every data string reaches a page as text.

The generated pages are Markdown with HTML blocks, and MkDocs reads them with
``attr_list`` and ``md_in_html``: a data string that reached a page as it is
could open an HTML tag, add attributes (``{: onclick=... }``), start a list
or a heading, emphasise, link. ``page_text`` is the one function that puts a
string on a page: the page templates' environment applies it to every value
they print (Jinja's ``finalize``), so a template cannot forget it.

It writes the characters that mean something to HTML or to Markdown as HTML
character references (``&#123;`` for ``{``). Markdown passes a character
reference through untouched, and a browser shows it as the character, inside
raw HTML blocks (attribute values included) and in Markdown text alike:
headings, the table of contents and the search index show the text as
written. Characters that mean something only at the start of a line (``-``,
``+``, ``>``, ``1.``, indentation) are written so where a string starts; a
line break inside a string is a reference too, so no string starts a line
but at its own start. Characters the data may not hold (``hooks.characters``)
become U+FFFD.

``html_text`` is its first half, for what is read as HTML and never as
Markdown: the page titles (front matter) and the words the theme's own
templates print (the navigation, the 404 page), where MkDocs does not escape.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from .characters import scrub
from .linker import plain

# What HTML or Markdown (with attr_list, md_in_html, admonition, toc) reads
# anywhere in a line: tags and character references; backslash escapes, code,
# emphasis, links and images, attribute lists, heading marks; line breaks.
_REFERENCES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
    **{c: f"&#{ord(c)};" for c in "\\`*_[]{}#\n\r\t"},
}
_SIGNIFICANT = re.compile("[" + re.escape("".join(_REFERENCES)) + "]")
# What Markdown reads at the start of a line: indentation, list, quote, rule,
# heading and admonition marks (any ASCII punctuation), "1." of a numbered list.
_LINE_START = re.compile(r"[\s!-/:-@\[-`{-~]|\d+[.)]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_HTML_SIGNIFICANT = re.compile('[&<>"]')
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def page_text(value) -> Markup:
    """``value`` as text on a generated page: Markdown and HTML that show it as
    written and can carry no markup. Markup made by the templates (a macro's
    output, JSON for a script) passes as it is."""
    if hasattr(value, "__html__"):
        return Markup(value)
    text = scrub(str(value), newline=True)
    start = _LINE_START.match(text)
    head = ""
    if start:
        mark = start.end() - 1  # the character that would make the line syntax
        head = text[:mark] + _reference(text[mark])
        text = text[start.end():]
    return Markup(head + _SIGNIFICANT.sub(lambda m: _REFERENCES[m.group()], text))


def _reference(character: str) -> str:
    return _REFERENCES.get(character) or f"&#{ord(character)};"


def finalize(value):
    """Jinja's ``finalize`` for the page templates: every string printed goes
    through ``page_text``; numbers and None print as they are."""
    if isinstance(value, str):
        return page_text(value)
    return value


def html_text(value) -> str:
    """``value`` (data text) as HTML text that is never read as Markdown: its
    plain form (links as their labels) with ``& < > "`` escaped."""
    text = scrub(plain(str(value)), newline=False)
    return _HTML_SIGNIFICANT.sub(lambda m: _HTML[m.group()], text)


def front_matter_title(value) -> Markup:
    """A page title for the page's front matter: ``html_text`` as a JSON string
    (which YAML reads), as MkDocs and the theme print titles as HTML."""
    return Markup(json.dumps(html_text(value), ensure_ascii=False))


def theme_strings(strings: dict) -> dict[str, dict[str, Markup]]:
    """The site's strings ({key: Text}) for the theme's own templates, which do
    not escape: {key: {language: html_text}}."""
    return {key: {lang: Markup(html_text(value)) for lang, value in text.values.items()}
            for key, text in strings.items()}


def fill(template: str, **values) -> str:
    """A site string with its ``{name}`` placeholders filled in; any other brace
    stays as written (``str.format`` would run attribute lookups and fail on a
    stray brace)."""
    return _PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)
