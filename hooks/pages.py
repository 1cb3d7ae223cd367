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
import shutil
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined,
                    pass_context, select_autoescape)
from jinja2.filters import do_filesizeformat
from markupsafe import Markup, escape

from . import citations, portal
from .files import write_if_changed
from .languages import direction
from .linker import Linker, plain
from .numerals import roman_value
from .model import (CHECKLIST_COLUMNS, CHECKLIST_STATUSES, MULTILINGUAL, OPTIONS_KIND, TABLE_KIND,
                    Dataset, Document, Item, OptionArea, PendingText, Section)
from .page_text import fill, finalize, front_matter_title, page_text
from .repository import Repository

log = logging.getLogger("mkdocs.hooks.pages")

# Folders of docs/ that hold generated pages only, besides those of the
# documents: each holds a .gitignore that says so (``GENERATED_MARK``).
PORTAL_FOLDERS = ("conventions", "stories")
GENERATED_MARK = "# Written from data/ by the build: not kept in git, never edited.\n*\n"
# The page template of each kind of document (the others: document.md).
KIND_TEMPLATES = {OPTIONS_KIND: "area.md", TABLE_KIND: "key-actions.md"}


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


@pass_context
def item_label(context, item: Item) -> str:
    """Label of an item as printed: (a), and for a sub-item its roman numeral
    (ii), or the numeral the language writes in its place (the site string
    ``label.sub-item-numerals``: "一 二 三..." in Chinese; none: roman)."""
    label = item.label
    if item.depth >= 2:
        numerals = context["t"]("label.sub-item-numerals").split()
        position = roman_value(label) - 1
        if 0 <= position < len(numerals):
            label = numerals[position]
    return f"({label})"


def document_title(document: Document, lang: str) -> str:
    """A document's title in the navigation and the page's title: its short
    title, else its symbol and title ("XIII/24. Cooperation..."); an option
    area's, its reference and short title ("1(b) Coordination")."""
    if isinstance(document, OptionArea):
        return f"{document.ref} {plain((document.short_title or document.title)[lang])}"
    if document.short_title:
        return plain(document.short_title[lang])
    symbol = f"{document.symbol[lang]} " if document.symbol else ""
    return symbol + plain(document.title[lang])


def listing_section(document: Document, part_id: str) -> Section | None:
    """The section of ``document`` (part of none) whose text lists its part
    ``part_id`` (``areas:`` in it or in a section inside it)."""

    def lists(section: Section) -> bool:
        return part_id in section.area_ids or any(lists(sub) for sub in section.sections)

    return next((section for section in document.sections if lists(section)), None)


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
    env.filters["upper_first"] = lambda text: text[:1].upper() + text[1:]
    env.filters["runs"] = runs
    env.globals["checklist_statuses"] = list(CHECKLIST_STATUSES)
    env.globals["document_title"] = document_title
    env.globals["listing_section"] = listing_section
    env.globals["progress_page"] = progress_page
    env.globals["text_direction"] = direction
    env.globals["size_of"] = size_of
    env.globals["checklist_columns"] = [
        {"key": key, "string": string, "width": width, "fill_in": fill_in}
        for key, string, width, fill_in in CHECKLIST_COLUMNS]
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


def index_downloads(downloads, languages) -> dict[tuple, list]:
    """The downloads by (language, kind or None, scope or None), made once per
    build so that no page goes through the whole list (at 100 times the data an
    area page would otherwise look through 4,000 files). A download in every
    language (``MULTILINGUAL``) is one of each language's."""
    index: dict[tuple, list] = {}
    for download in downloads:
        for lang in tuple(languages) if download.lang == MULTILINGUAL else (download.lang,):
            for kind in (None, download.kind):
                for scope in (None, download.scope):
                    index.setdefault((lang, kind, scope), []).append(download)
    return index


def plan_pages(dataset: Dataset) -> list[Page]:
    """List the generated pages (one entry per page, every language): a page
    per document (its kind's template, see ``KIND_TEMPLATES``), then the portal."""
    pages = [
        Page(document.page, KIND_TEMPLATES.get(document.kind, "document.md"),
             {"document": document}, document.path, ("id",) if document.part_of else ("page",))
        for document in dataset.documents
    ]
    # the progress report of the checklist of each document with areas, from
    # what a reader's browser keeps
    for document in dataset.with_areas():
        pages.append(Page(progress_page(document), "progress.md", {"document": document},
                          document.path, ("id",)))
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
    languages = dataset.languages
    return {
        localized_path(page.path, lang, languages.default): page.source
        for page in plan_pages(dataset)
        for lang in languages
    }


# Files whose entities are anchors on their one page (events, terms, references).
_ENTITY_ANCHOR_FILES = ("data/events.yaml", "data/glossary.yaml", "data/references.yaml")


def pending_place(pending: PendingText, dataset: Dataset, pages: list[Page]) -> tuple[str, str]:
    """The page (under docs/) and anchor where a pending text shows; ("", "") if on many."""
    if pending.anchor in dataset.anchors:
        return anchor_page(dataset, pending.anchor), pending.anchor
    candidates = [page.path for page in pages
                  if page.source == pending.path and pending.path != "data/site.yaml"]
    for path in candidates:
        if path.endswith(f"/{pending.anchor}.md"):
            return path, ""
    if not candidates:
        return "", ""
    anchor = pending.anchor if pending.path in _ENTITY_ANCHOR_FILES else ""
    return candidates[0], anchor or ""


def anchor_page(dataset: Dataset, anchor_id: str) -> str:
    """The generated page (under docs/) of the paragraph, item or row ``anchor_id``."""
    return dataset.document(dataset.anchors[anchor_id].scope).page


def progress_page(document: Document) -> str:
    """The progress report of the checklist of ``document`` (one with areas)."""
    return f"{document.folder}/progress.md"


def localized_path(path: str, lang: str, default: str) -> str:
    """``x/index.md`` in the ``default`` language, ``x/index.en.md`` in others."""
    if lang == default:
        return path
    return path[: -len(".md")] + f".{lang}.md"


def page_url(path: str, lang: str, default: str) -> str:
    """URL of a page from the site root (directory URLs): ``annex-1/coordination.md``
    gives ``annex-1/coordination/`` in the ``default`` language, and
    ``en/annex-1/coordination/`` in English."""
    url = path[: -len(".md")]
    if url == "index" or url.endswith("/index"):
        url = url[: -len("index")]
    else:
        url += "/"
    return url if lang == default else f"{lang}/{url}"


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
    languages = dataset.languages
    linkers = {lang: Linker(dataset, lang) for lang in languages}
    files_of = index_downloads(downloads or [], languages)
    rendered: dict[str, str] = {}
    for page in planned:
        template = env.get_template(page.template)
        for lang in languages:
            # Addresses are made here from page paths and ids (kebab-case), not
            # written in the data: they go on the page as they are, HTML-escaped.
            root = Markup("../" * page_url(page.path, lang, languages.default).count("/"))

            def url(path: str, anchor: str = "", _lang=lang, _root=root) -> Markup:
                """Relative URL of the page ``path`` (under docs/) in this language."""
                target = _root + escape(page_url(path, _lang, languages.default))
                return target + (escape(f"#{anchor}") if anchor else "")

            def anchor_url(anchor_id: str, _url=url) -> str:
                return _url(anchor_page(dataset, anchor_id), anchor_id)

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

            rendered[localized_path(page.path, lang, languages.default)] = template.render(
                page.context,
                data=dataset,
                lang=lang,
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


def generated_folders(dataset: Dataset) -> list[str]:
    """The folders of docs/ that hold generated pages only: the documents' that
    are part of none, and the portal's."""
    return [document.folder for document in dataset.top_documents()] + list(PORTAL_FOLDERS)


def write_pages(rendered: dict[str, str], docs_dir: Path, folders: list[str]) -> int:
    """Write pages whose content changed and delete stale generated pages.

    ``folders``: those of docs/ that hold generated pages only; each gets a
    .gitignore (``GENERATED_MARK``) that keeps them out of git and marks them
    as the build's, so that the folder of a document no longer in the data
    is removed. Returns the number of files written. Unchanged files are left
    alone so that ``mkdocs serve`` does not see a change and rebuild again.
    """
    docs_dir = Path(docs_dir)
    written = sum(
        write_if_changed(docs_dir / relative, content.encode("utf-8"))
        for relative, content in rendered.items()
    )
    for folder in folders:
        written += write_if_changed(docs_dir / folder / ".gitignore", GENERATED_MARK.encode())
    for mark in sorted(docs_dir.glob("*/.gitignore")):
        folder = mark.parent
        if folder.name in folders or mark.read_text(encoding="utf-8") != GENERATED_MARK:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        log.info("Removed the generated folder %s: its document is no longer in the data",
                 folder.relative_to(docs_dir))
    for folder in folders:
        for stale in sorted((docs_dir / folder).rglob("*.md")):
            if stale.relative_to(docs_dir).as_posix() not in rendered:
                stale.unlink(missing_ok=True)
                log.info("Removed stale generated page %s", stale.relative_to(docs_dir))
    return written
