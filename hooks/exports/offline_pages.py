"""The built pages as the offline copy holds them: links and search that work
from the disk (``file://``).

A browser opening a page from the disk does not turn a folder's address
(``annex-1/coordination/``) into its ``index.html``, and cannot run Pagefind
(its index is fetched with ``fetch()``, which ``file://`` refuses). So, in the
copy only:

- every link to a folder of the site (``href`` of ``a``, ``link`` and
  ``area``, ``action`` of ``form``) names the folder's ``index.html``, its
  query and fragment kept; a link by absolute path within the site's own
  (``/`` or, with ``site_url``, its path: the language links of the home
  pages) becomes relative to the page;
- a preload of data fetched with ``fetch()`` (``link rel=preload as=fetch``)
  is left out: from the disk it can only fail, with an error in the console,
  and the script that wanted the data then does without it;
- an element marked ``data-offline-omit`` in a template (the offline copy's
  own entry in the download centre) is left out with what it holds;
- the text that Pagefind indexed (its fragment files) becomes one script per
  language (``offline-search/<language>.js``), which a plain ``<script>``
  loads from the disk; ``overrides/assets/search.js`` searches it when
  Pagefind cannot run.

The pages are rewritten by a scanner of their tags, not an HTML parser: the
pages are MkDocs' well-formed output, comments and the text of ``script`` and
``style`` are stepped over whole, and a parser would cost ten times the time.
"""

from __future__ import annotations

import json
import re

SEARCH_FOLDER = "offline-search"
# The global the search scripts fill: {language: [page, ...]} (see search.js).
SEARCH_GLOBAL = "synOfflineSearch"
OMIT_ATTRIBUTE = "data-offline-omit"
# Attributes holding an address a reader goes to, by element.
_LINKING = {"a": "href", "link": "href", "area": "href", "form": "action"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}

_TOKEN = re.compile(
    r"""<!--.*?-->
      | <(?P<raw>script|style|textarea|title)\b(?:[^>"']|"[^"]*"|'[^']*')*>.*?</(?P=raw)\s*>
      | <(?P<end>/)?(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.S | re.X | re.I)
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def offline_url(url: str, page: str = "index.html", base: str = "/") -> str:
    """The address ``url``, on the page at ``page`` (from the site root), as a
    page opened from the disk can follow: an address of a folder names its
    ``index.html`` (``../annex-1/#a1-9`` gives ``../annex-1/index.html#a1-9``),
    and an absolute path within ``base``, the site's path on its host,
    becomes relative to the page. Others are returned as they are: other
    sites, files, fragments of the same page, and absolute paths outside
    the site."""
    if not url or url.startswith(("#", "?", "//")) or _SCHEME.match(url):
        return url
    if url.startswith("/"):
        if not url.startswith(base):
            return url
        url = "../" * page.count("/") + url[len(base):] or "./"
    cut = min((at for at in (url.find("?"), url.find("#")) if at != -1), default=len(url))
    path, rest = url[:cut], url[cut:]
    if not path:
        return url
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    return path + rest


def _attributes(text: str) -> dict[str, str | None]:
    """The attributes of a start tag's text after its name: {name: value or None},
    names in lower case, values unquoted."""
    found = {}
    for match in _ATTRIBUTE.finditer(text):
        value = match["value"]
        if value is not None and value[:1] in "\"'":
            value = value[1:-1]
        found.setdefault(match["name"].lower(), value)
    return found


def _fetch_preload(attributes: dict[str, str | None]) -> bool:
    rel = (attributes.get("rel") or "").lower().split()
    return "preload" in rel and (attributes.get("as") or "").lower() == "fetch"


def _rewrite_links(text: str, attribute: str, page: str, base: str) -> str:
    """``text`` (a tag's attributes) with the address of ``attribute`` made offline."""

    def replace(match: re.Match) -> str:
        value = match["value"]
        if match["name"].lower() != attribute or value is None:
            return match[0]
        quote = value[0] if value[:1] in "\"'" else ""
        inner = value[1:-1] if quote else value
        return f"{match['name']}={quote}{offline_url(inner, page, base)}{quote}"

    return _ATTRIBUTE.sub(replace, text)


def offline_page(html: str, page: str = "index.html", base: str = "/") -> str:
    """The page ``html``, at ``page`` from the site root, as the offline copy
    holds it (see the module's text); ``base``: the site's path on its host."""
    edits: list[tuple[int, int, str]] = []
    omitting: tuple[str, int, int] | None = None  # (element, depth, where it starts)
    for token in _TOKEN.finditer(html):
        name = (token["name"] or "").lower()
        if omitting is not None:
            element, depth, start = omitting
            if name != element:
                continue
            if token["end"]:
                depth -= 1
            elif not token["attrs"].rstrip().endswith("/"):
                depth += 1
            omitting = (element, depth, start) if depth else None
            if not depth:
                edits.append((start, token.end(), ""))
            continue
        if not name or token["end"]:
            continue
        # most tags hold nothing to change: their attributes are not read
        if OMIT_ATTRIBUTE in token["attrs"] and OMIT_ATTRIBUTE in _attributes(token["attrs"]):
            if name in _VOID or token["attrs"].rstrip().endswith("/"):
                edits.append((token.start(), token.end(), ""))
            else:
                omitting = (name, 1, token.start())
        elif name == "link" and _fetch_preload(_attributes(token["attrs"])):
            edits.append((token.start(), token.end(), ""))
        elif name in _LINKING:
            rewritten = _rewrite_links(token["attrs"], _LINKING[name], page, base)
            if rewritten != token["attrs"]:
                edits.append((token.start("attrs"), token.end("attrs"), rewritten))
    if omitting is not None:
        raise ValueError(f"<{omitting[0]} {OMIT_ATTRIBUTE}> is never closed")
    parts, at = [], 0
    for start, end, replacement in edits:
        parts += [html[at:start], replacement]
        at = end
    parts.append(html[at:])
    return "".join(parts)


def search_scripts(fragments: list[dict]) -> dict[str, bytes]:
    """The offline search's scripts, {path in the copy: content}: per language,
    every page Pagefind indexed (``search_index.read_fragments``) with its
    address in the copy (from the site's root), title, text (Chinese cut
    into words by zero-width spaces, as Pagefind keeps it) and the anchors of
    its passages (element, id, text, where in the words it starts)."""
    by_language: dict[str, list] = {}
    for fragment in sorted(fragments, key=lambda page: (page["language"], page["url"])):
        anchors = [[anchor["element"], anchor["id"], anchor.get("text", ""), anchor["location"]]
                   for anchor in fragment.get("anchors", []) if anchor.get("id")]
        by_language.setdefault(fragment["language"], []).append({
            "url": offline_url(fragment["url"].lstrip("/")) or "index.html",
            "title": fragment.get("meta", {}).get("title", ""),
            "content": fragment["content"],
            "anchors": anchors,
        })
    scripts = {}
    for language, pages in sorted(by_language.items()):
        data = json.dumps(pages, ensure_ascii=False, separators=(",", ":"))
        key = json.dumps(language)
        scripts[f"{SEARCH_FOLDER}/{language}.js"] = (
            f"(self.{SEARCH_GLOBAL}=self.{SEARCH_GLOBAL}||{{}})[{key}]={data};\n").encode("utf-8")
    return scripts
