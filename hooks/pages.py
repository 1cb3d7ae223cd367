"""Render the guidance pages from the dataset, as Markdown files for MkDocs.

The page bodies come from the Jinja templates in ``overrides/pages/``; this
module only decides which pages exist and what each template receives. Data
text reaches the templates as tokens (text, link, footnote marker) and is
escaped by Jinja's autoescape, so nothing in the data becomes live markup.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .files import write_if_changed
from .model import CHECKLIST_STATUSES, LANGUAGES, Dataset, Item

log = logging.getLogger("mkdocs.hooks.pages")

DEFAULT_LANGUAGE = "zh"

# Folders of docs/ that hold only generated pages (git-ignored, rewritten each build).
GENERATED_FOLDERS = ("decision", "annex-1", "annex-2", "unep-ea-3-17")

_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_FOOTNOTE = re.compile(r"\[\^(\d+)\]")
_TOKEN = re.compile(f"{_LINK.pattern}|{_FOOTNOTE.pattern}")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")
_CHINESE_NUMERALS = {
    "i": "一", "ii": "二", "iii": "三", "iv": "四", "v": "五",
    "vi": "六", "vii": "七", "viii": "八", "ix": "九", "x": "十",
}


@dataclass(frozen=True)
class Page:
    """A generated page: its path under docs/ for one language and its template."""

    path: str  # e.g. "annex-1/coordination.md"
    template: str
    context: dict


def tokens(text: str) -> list[dict]:
    """Split data text into plain text, links and footnote markers."""
    result, position = [], 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            result.append({"kind": "text", "text": text[position:match.start()]})
        if match.group(3):
            result.append({"kind": "footnote", "number": int(match.group(3))})
        else:
            result.append({"kind": "link", "text": match.group(1), "url": match.group(2)})
        position = match.end()
    if position < len(text):
        result.append({"kind": "text", "text": text[position:]})
    return result


def plain(text: str) -> str:
    """Return data text without footnote markers and with links as their label."""
    return _FOOTNOTE.sub("", _LINK.sub(r"\1", text)).strip()


def markdown_inline(value: str) -> Markup:
    """Escape a string for a Markdown heading or link label (HTML and Markdown)."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(plain(value)))))


def item_label(item: Item, lang: str) -> str:
    """Label of an item as printed: (a), (ii) in English, (二) in Chinese."""
    if item.depth >= 2 and lang == "zh":
        return f"({_CHINESE_NUMERALS.get(item.label, item.label)})"
    return f"({item.label})"


def make_environment(templates: Path) -> Environment:
    """Return the Jinja environment of the page templates."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tokens"] = tokens
    env.filters["md"] = markdown_inline
    env.filters["plain"] = plain
    env.filters["item_label"] = item_label
    env.globals["checklist_statuses"] = list(CHECKLIST_STATUSES)
    return env


def plan_pages(dataset: Dataset) -> list[Page]:
    """List the generated pages (one entry per page, both languages)."""
    pages = [
        Page("decision/index.md", "document.md",
             {"document": dataset.decision, "kind": "decision"}),
        Page("annex-1/index.md", "annex-1.md", {"document": dataset.annex1, "kind": "annex-1"}),
        Page("annex-2/index.md", "document.md", {"document": dataset.annex2, "kind": "annex-2"}),
        Page("annex-2/key-actions.md", "key-actions.md", {"table": dataset.key_actions}),
        Page("unep-ea-3-17/index.md", "document.md",
             {"document": dataset.report, "kind": "report"}),
    ]
    for area in dataset.areas:
        pages.append(Page(f"annex-1/{area.id}.md", "area.md", {"area": area}))
    pages.append(Page("downloads.md", "downloads.md", {}))
    return pages


def localized_path(path: str, lang: str) -> str:
    """``x/index.md`` for the default language, ``x/index.en.md`` for others."""
    if lang == DEFAULT_LANGUAGE:
        return path
    return path[: -len(".md")] + f".{lang}.md"


def page_url(path: str, lang: str) -> str:
    """URL of a page from the site root (directory URLs): ``annex-1/coordination.md``
    gives ``annex-1/coordination/``, and ``en/annex-1/coordination/`` in English."""
    url = path[: -len(".md")]
    if url == "index" or url.endswith("/index"):
        url = url[: -len("index")]
    else:
        url += "/"
    return url if lang == DEFAULT_LANGUAGE else f"{lang}/{url}"


def render_pages(dataset: Dataset, templates: Path, downloads: list | None = None) -> dict[str, str]:
    """Render every generated page in every language: {path under docs/: Markdown}.

    ``downloads`` (``hooks.exports.Download``, both languages) reach every
    template as ``downloads``; ``root`` is the relative URL of the site root
    from the page (``../../`` on ``annex-1/coordination/``), for links to
    files that only the built site has.
    """
    env = make_environment(templates)
    rendered: dict[str, str] = {}
    for page in plan_pages(dataset):
        template = env.get_template(page.template)
        for lang in LANGUAGES:

            def t(key: str, _lang=lang, **values) -> str:
                text = dataset.strings[key][_lang]
                return text.format(**values) if values else text

            rendered[localized_path(page.path, lang)] = template.render(
                page.context,
                data=dataset,
                lang=lang,
                other_lang=next(other for other in LANGUAGES if other != lang),
                t=t,
                page_path=page.path,
                downloads=downloads or [],
                root="../" * page_url(page.path, lang).count("/"),
            )
    return rendered


def write_pages(rendered: dict[str, str], docs_dir: Path) -> int:
    """Write pages whose content changed and delete stale generated pages.

    Returns the number of files written. Unchanged files are left alone so
    that ``mkdocs serve`` does not see a change and rebuild again.
    """
    written = sum(
        write_if_changed(docs_dir / relative, content.encode("utf-8"))
        for relative, content in rendered.items()
    )
    for folder in GENERATED_FOLDERS:
        for stale in sorted((docs_dir / folder).rglob("*.md")):
            if stale.relative_to(docs_dir).as_posix() not in rendered:
                stale.unlink()
                log.info("Removed stale generated page %s", stale.relative_to(docs_dir))
    return written

