"""Render the guidance pages from the dataset, as Markdown files for MkDocs.

The page bodies come from the Jinja templates in ``overrides/pages/``; this
module only decides which pages exist and what each template receives. Data
text reaches the templates as tokens (text, link, footnote marker); every
value a template prints goes through ``page_text.page_text`` (the
environment's ``finalize``), so nothing in the data becomes live markup.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined,
                    pass_context, select_autoescape)
from jinja2.filters import do_filesizeformat
from markupsafe import Markup, escape

from . import citations, portal
from .files import write_if_changed
from .linker import Linker, plain
from .model import (CHECKLIST_COLUMNS, CHECKLIST_STATUSES, LANGUAGES, MULTILINGUAL, Dataset,
                    Item, PendingText)
from .page_text import fill, finalize, front_matter_title, page_text
from .repository import Repository

log = logging.getLogger("mkdocs.hooks.pages")

DEFAULT_LANGUAGE = "zh"

# Folders of docs/ that hold only generated pages (git-ignored, rewritten each build).
GENERATED_FOLDERS = ("decision", "annex-1", "annex-2", "unep-ea-3-17", "conventions", "stories")
# The page of each anchor scope (see model.Anchor); an option area's is annex-1/<id>.md.
SCOPE_PAGES = {
    "decision": "decision/index.md",
    "annex-1": "annex-1/index.md",
    "annex-2": "annex-2/index.md",
    "key-actions": "annex-2/key-actions.md",
    "report": "unep-ea-3-17/index.md",
}

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
    source: str = "data/site.yaml"  # the data file an editor opens to change it
    named_by: tuple = ()  # the field of ``source`` whose id names the page, if one does


@pass_context
def tokens(context, text: str) -> list[dict]:
    """Split data text into tokens with the page's ``linker`` (see ``hooks.linker``)."""
    return context["linker"].tokens(text)


def markdown_inline(value: str) -> Markup:
    """A data text as a heading or a link label: its plain form (links as their
    labels, no footnote markers), as ``page_text``."""
    return page_text(plain(value))


def item_label(item: Item, lang: str) -> str:
    """Label of an item as printed: (a), (ii) in English, (二) in Chinese."""
    if item.depth >= 2 and lang == "zh":
        return f"({_CHINESE_NUMERALS.get(item.label, item.label)})"
    return f"({item.label})"


def make_environment(templates: Path, cache: Path | None = None) -> Environment:
    """Return the Jinja environment of the page templates; with a ``cache``
    folder, their compiled code is kept there between builds (Jinja checks
    it against each template's source)."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        bytecode_cache=FileSystemBytecodeCache(str(cache)) if cache else None,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # the one road from data to page: every value printed
        finalize=finalize,
    )
    env.filters["tokens"] = tokens
    env.filters["md"] = markdown_inline
    env.filters["plain"] = plain
    env.filters["page_title"] = front_matter_title
    env.filters["item_label"] = item_label
    env.filters["runs"] = runs
    env.globals["checklist_statuses"] = list(CHECKLIST_STATUSES)
    env.globals["size_of"] = size_of
    env.globals["checklist_columns"] = [
        {"key": key, "string": string, "width": width, "fill_in": fill_in}
        for key, string, width, fill_in in CHECKLIST_COLUMNS]
    env.globals["languages"] = list(LANGUAGES)
    return env


def size_of(download) -> Markup:
    """A download's size as a page prints it ("9.2 kB": made here, not data, with
    no Markdown in it); for a file made once the site is built (no content
    yet: the offline copy), the mark that takes its place until then."""
    if download.content is None:
        return Markup(pending_size(download.path))
    return Markup(do_filesizeformat(download.size))


def pending_size(path: str) -> str:
    """The mark a page holds where the size of the file at ``path`` (from the
    site root) goes once it is made: an HTML comment, which no text of the
    data can write (every text is escaped)."""
    return f"<!--size-of:{escape(path)}-->"


def runs(items, attribute: str) -> list[tuple[object, list]]:
    """Split ``items`` into runs of neighbours with the same ``attribute``, in
    order: [(value, [items])] (Jinja's ``groupby`` would sort them)."""
    grouped: list[tuple[object, list]] = []
    for item in items:
        value = getattr(item, attribute)
        if grouped and grouped[-1][0] == value:
            grouped[-1][1].append(item)
        else:
            grouped.append((value, [item]))
    return grouped


def index_downloads(downloads) -> dict[tuple, list]:
    """The downloads by (language, kind or None, scope or None), made once per
    build so that no page goes through the whole list (at 100 times the data an
    area page would otherwise look through 4,000 files). A download in every
    language (``MULTILINGUAL``) is one of each language's."""
    index: dict[tuple, list] = {}
    for download in downloads:
        languages = LANGUAGES if download.lang == MULTILINGUAL else (download.lang,)
        for lang in languages:
            for kind in (None, download.kind):
                for scope in (None, download.scope):
                    index.setdefault((lang, kind, scope), []).append(download)
    return index


def plan_pages(dataset: Dataset) -> list[Page]:
    """List the generated pages (one entry per page, both languages)."""
    pages = [
        Page("decision/index.md", "document.md",
             {"document": dataset.decision, "kind": "decision"}, "data/decision.yaml"),
        Page("annex-1/index.md", "annex-1.md", {"document": dataset.annex1, "kind": "annex-1"},
             "data/annex-1/introduction.yaml"),
        Page("annex-2/index.md", "document.md", {"document": dataset.annex2, "kind": "annex-2"},
             "data/annex-2/roadmap.yaml"),
        Page("annex-2/key-actions.md", "key-actions.md", {"table": dataset.key_actions},
             "data/annex-2/key-actions.yaml"),
        Page("unep-ea-3-17/index.md", "document.md",
             {"document": dataset.report, "kind": "report"}, "data/unep-ea-3-17.yaml"),
    ]
    for area in dataset.areas:
        pages.append(Page(f"annex-1/{area.id}.md", "area.md", {"area": area},
                          area.path, ("id",)))
    # the progress report of the checklist, from what a reader's browser keeps
    pages.append(Page("annex-1/progress.md", "progress.md", {}))
    pages.append(Page("downloads.md", "downloads.md", {}))
    pages.append(Page("index.md", "home.md", {}))
    pages.append(Page("conventions/index.md", "conventions.md", {}, "data/conventions.yaml"))
    for index, convention in enumerate(dataset.conventions):
        pages.append(Page(f"conventions/{convention.id}.md", "convention.md",
                          {"convention": convention}, "data/conventions.yaml",
                          ("conventions", index, "id")))
    pages.append(Page("synergies.md", "synergies.md", {}, "data/conventions.yaml"))
    pages.append(Page("calendar.md", "calendar.md", {}, "data/events.yaml"))
    pages.append(Page("stories/index.md", "stories.md", {}))
    pages.append(Page("stories/submit.md", "story-submit.md", {}))
    for story in dataset.stories:
        pages.append(Page(f"stories/{story.id}.md", "story.md", {"story": story},
                          story.path, ("id",)))
    pages.append(Page("glossary.md", "glossary.md", {}, "data/glossary.yaml"))
    pages.append(Page("references.md", "references.md", {}, "data/references.yaml"))
    pages.append(Page("translation.md", "translation.md", {}))
    return pages


def page_sources(dataset: Dataset) -> dict[str, str]:
    """The data file behind each generated page: {path under docs/ (every language): file}."""
    return {
        localized_path(page.path, lang): page.source
        for page in plan_pages(dataset)
        for lang in LANGUAGES
    }


# Files whose entities are anchors on their one page (events, terms, references).
_ENTITY_ANCHOR_FILES = ("data/events.yaml", "data/glossary.yaml", "data/references.yaml")


def pending_place(pending: PendingText, dataset: Dataset, pages: list[Page]) -> tuple[str, str]:
    """The page (under docs/) and anchor where a pending text shows; ("", "") if on many."""
    if pending.anchor in dataset.anchors:
        return scope_page(dataset.anchors[pending.anchor].scope), pending.anchor
    candidates = [page.path for page in pages
                  if page.source == pending.path and pending.path != "data/site.yaml"]
    for path in candidates:
        if path.endswith(f"/{pending.anchor}.md"):
            return path, ""
    if not candidates:
        return "", ""
    anchor = pending.anchor if pending.path in _ENTITY_ANCHOR_FILES else ""
    return candidates[0], anchor or ""


def scope_page(scope: str) -> str:
    """The generated page (under docs/) that holds the anchors of ``scope``."""
    return SCOPE_PAGES.get(scope, f"annex-1/{scope}.md")


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


def describe_yearly(yearly: dict, t) -> str:
    """A yearly date in words: "2 February", "the second Saturday of May and October"."""
    if "day" in yearly:
        return t("date.day-of-month", day=yearly["day"], month=t(f"date.month.{yearly['month']}"))
    months = t("date.and").join(t(f"date.month.{month}") for month in yearly["months"])
    return t("date.nth-weekday", week=t(f"date.week.{yearly['week']}"),
             weekday=t(f"date.weekday.{yearly['weekday']}"), months=months)


def render_pages(dataset: Dataset, templates: Path, downloads: list | None = None,
                 today: datetime.date | None = None,
                 repository: Repository | None = None,
                 cache: Path | None = None) -> dict[str, str]:
    """Render every generated page in every language: {path under docs/: Markdown}.

    ``downloads`` (``hooks.exports.Download``, both languages, made or, the
    offline copy, planned: a page prints a file's size through ``size_of``)
    reach every template through ``files(kind=None, scope=None)``, which
    gives those of the page's language (and those of every language);
    ``root`` is the relative URL of the site root from the page (``../../``
    on ``annex-1/coordination/``), for links to files that only the built
    site has. ``today`` is the day "coming events"
    start from: the date of the data, never the clock, so that a build can be
    repeated byte for byte. ``repository``, when known, gives the translation
    status page links to the data files. ``cache``: where compiled templates
    are kept between builds (see ``make_environment``).
    """
    env = make_environment(templates, cache)
    env.globals["portal"] = portal.Portal(dataset)
    env.globals["repository"] = repository
    planned = plan_pages(dataset)
    env.globals["pending_place"] = lambda pending: pending_place(pending, dataset, planned)
    linkers = {lang: Linker(dataset, lang) for lang in LANGUAGES}
    files_of = index_downloads(downloads or [])
    rendered: dict[str, str] = {}
    for page in planned:
        template = env.get_template(page.template)
        for lang in LANGUAGES:
            # Addresses are made here from page paths and ids (kebab-case), not
            # written in the data: they go on the page as they are, HTML-escaped.
            root = Markup("../" * page_url(page.path, lang).count("/"))

            def url(path: str, anchor: str = "", _lang=lang, _root=root) -> Markup:
                """Relative URL of the page ``path`` (under docs/) in this language."""
                target = _root + escape(page_url(path, _lang))
                return target + (escape(f"#{anchor}") if anchor else "")

            def anchor_url(anchor_id: str, _url=url) -> str:
                anchor = dataset.anchors[anchor_id]
                return _url(scope_page(anchor.scope), anchor_id)

            def files(kind: str | None = None, scope: str | None = None, _lang=lang) -> list:
                """The downloads of this language, of one kind or scope if given."""
                return files_of.get((_lang, kind, scope), [])

            def t(key: str, _lang=lang, **values) -> str:
                return fill(dataset.strings[key][_lang], **values)

            def cite(anchor_id: str, _lang=lang) -> str:
                """The citation of a paragraph, item or row (``hooks.citations``)."""
                return citations.citation(dataset, anchor_id, _lang)

            def cite_place(anchor_id: str, _lang=lang) -> str:
                return citations.place(dataset, anchor_id, _lang)

            rendered[localized_path(page.path, lang)] = template.render(
                page.context,
                data=dataset,
                lang=lang,
                other_lang=next(other for other in LANGUAGES if other != lang),
                t=t,
                page_path=page.path,
                files=files,
                root=root,
                url=url,
                anchor_url=anchor_url,
                cite=cite,
                cite_place=cite_place,
                linker=linkers[lang].for_page(),
                when=lambda event, _t=t: describe_yearly(event.yearly, _t),
                today=today or datetime.date(2000, 1, 1),
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
                stale.unlink(missing_ok=True)
                log.info("Removed stale generated page %s", stale.relative_to(docs_dir))
    return written

