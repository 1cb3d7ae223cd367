"""The build pipeline without MkDocs: check the data, make the downloads, render
the pages; later, finish the built site.

Everything runs in the caller's process, one step after another, and
``prepare`` does all of it before a file is written: a problem in the data, a
download that cannot be made or a page template that fails stops the build
while the previous site is still whole. ``Pipeline`` keeps its last result, so
the second language's build and rebuilds under ``mkdocs serve`` with
unchanged data do no work twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import traceback
from pathlib import Path

from . import exports, minify, pages, search_index
from .files import write_if_changed
from .loader import data_files, load_dataset
from .languages import Languages, project_languages
from .model import Dataset
from .page_text import html_text
from .repository import Repository
from .stopping import describe_os_error

log = logging.getLogger("mkdocs.hooks.pipeline")

# The navigation section (titled by this site string) that holds the documents'
# pages: mkdocs.yml leaves it empty, ``Pipeline.fill_nav`` fills it from the data.
DOCUMENTS_SECTION = "nav.texts"
# The title of a document's navigation section, until ``translate_nav`` names it.
DOCUMENT_TITLE = "document:"
# The page templates' compiled code, kept between builds beside the downloads.
TEMPLATE_CACHE = Path(".cache") / "templates"


class BuildError(Exception):
    """A step of the build failed; the message says which file and why, in one line
    (or, for data errors, one line per problem)."""


class Pipeline:
    """Data, downloads and pages of one project folder."""

    def __init__(self, root: Path, repository: Repository | None = None,
                 languages: Languages | None = None):
        self.root = Path(root)
        self.repository = repository
        self.languages = languages or project_languages(self.root)
        self.templates = self.root / "overrides" / "pages"
        self.dataset: Dataset | None = None
        self.stamp: exports.DataStamp | None = None
        self.downloads: list[exports.Download] = []
        # the offline copy, made from the built site (None: no downloads)
        self.offline_copy: exports.Download | None = None
        self.rendered: dict[str, str] = {}  # generated page (path under docs/) -> its Markdown
        self.sources: dict[str, str] = {}  # generated page -> its data file
        self.checklist_files: dict[str, bytes] = {}  # path from the site root -> content
        self._fingerprint: str | None = None
        self._not_found: str | None = None

    def fingerprint(self) -> str:
        """Hash of everything the pages depend on: data, schemas, page templates,
        and whether downloads are made."""
        digest = hashlib.sha256()
        inputs = data_files(self.root)
        inputs += sorted((self.root / "schemas").glob("*.json"))
        inputs += sorted(self.templates.glob("*"))
        for path in inputs:
            digest.update(path.relative_to(self.root).as_posix().encode())
            digest.update(path.read_bytes())
        digest.update(repr((self.repository, self.languages, skip_downloads())).encode())
        return digest.hexdigest()

    def prepare(self) -> bool:
        """Check the data, make the downloads and render the pages, unless nothing
        changed since last time; return whether anything was done.

        Raises ``DataErrors`` (every problem of the data) or ``BuildError``
        before anything is written; the last good result is then kept.
        """
        fingerprint = self.fingerprint()
        if fingerprint == self._fingerprint:
            return False
        start = time.perf_counter()
        dataset = load_dataset(self.root, self.languages)
        for pending in dataset.pending:
            log.info("Translation pending: %s", pending)
        loaded = time.perf_counter()
        stamp = exports.make_stamp(self.root, dataset.version)
        downloads = self.make_downloads(dataset, stamp)
        # the offline copy is made last, from the built site: the pages list it now
        offline_copy = exports.plan_offline_copy(dataset.languages.default) if downloads else None
        listed = downloads + [offline_copy] if offline_copy else downloads
        made = time.perf_counter()
        # "coming events" start from the day of the data, so a build repeats byte for byte
        rendered = render(dataset, self.templates, listed, stamp, self.repository,
                          self.root / TEMPLATE_CACHE)
        self.dataset, self.stamp, self.downloads, self.rendered = \
            dataset, stamp, downloads, rendered
        self.offline_copy = offline_copy
        self.sources = pages.page_sources(dataset)
        self.checklist_files = exports.checklist_files(dataset, stamp)
        self._fingerprint = fingerprint
        self._not_found = None
        log.info("Data %s: %d option areas, %d generated pages, %d downloads (data checked "
                 "in %.1f s, downloads in %.1f s, pages in %.1f s)", dataset.version,
                 len(dataset.areas), len(rendered), len(downloads), loaded - start,
                 made - loaded, time.perf_counter() - made)
        return True

    def make_downloads(self, dataset: Dataset, stamp: exports.DataStamp) -> list[exports.Download]:
        """Every download, taking what did not change from the cache under
        ``.cache/``; none when ``SYN_SKIP_DOWNLOADS`` is set (not "0")."""
        if skip_downloads():
            log.info("SYN_SKIP_DOWNLOADS is set: no downloads")
            return []
        cache = exports.DownloadCache(self.root / exports.CACHE_FOLDER)
        try:
            downloads = exports.make_downloads(dataset, self.root, stamp, cache)
        except exports.DownloadError as exc:
            raise BuildError(str(exc)) from None
        cache.prune()
        return downloads

    def data_epoch(self) -> int | None:
        """Seconds since 1970 of the data's date, or None when it is unknown."""
        if self.stamp is None or self.stamp.date == exports.stamp.UNKNOWN:
            return None
        return int(self.stamp.timestamp.timestamp())

    def edit_url(self, page_path: str) -> str | None:
        """Where to edit the data of a generated page (path under docs/), if known."""
        source = self.sources.get(page_path)
        if source is None or self.repository is None:
            return None
        return self.repository.edit_url(source)

    def write_pages(self, docs_dir: Path) -> None:
        """Write the rendered pages under ``docs_dir``."""
        written = _writing(docs_dir, lambda: pages.write_pages(
            self.rendered, Path(docs_dir), pages.generated_folders(self.dataset)))
        if written:
            log.info("Wrote %d generated pages", written)

    def write_site_files(self, site_dir: Path) -> None:
        """Write into the built site (never into docs/): the downloads and their
        manifest, the checklist files that the option-area pages fetch, and
        the data schemas (under ``schemas/``: their ``$ref`` are relative)."""
        site_dir = Path(site_dir)

        def write() -> None:
            exports.write_downloads(self.downloads, site_dir)
            # written even when the downloads are skipped: the checklist needs them
            for path, content in self.checklist_files.items():
                write_if_changed(site_dir / path, content)
            for path in sorted((self.root / "schemas").glob("*.schema.json")):
                write_if_changed(site_dir / "schemas" / path.name, path.read_bytes())

        _writing(site_dir, write)

    def add_offline_copy(self, site_dir: Path, site_url: str | None = None) -> None:
        """Make the offline copy of the built site (search index and downloads
        written: ``write_site_files``), or take it from the cache under
        ``.cache/``; add it to the site, its manifest and the pages that give
        its size. Nothing when there are no downloads. ``site_url``: where the
        site is published, if known."""
        if self.offline_copy is None:
            return
        site_dir = Path(site_dir)

        def add() -> None:
            cache = exports.DownloadCache(self.root / exports.OFFLINE_CACHE_FOLDER)
            copy = exports.make_offline_copy(site_dir, self.offline_copy, self.stamp, cache,
                                             site_url)
            exports.write_downloads(self.downloads + [copy], site_dir)
            exports.fill_sizes(site_dir, [copy])

        try:
            _writing(site_dir, add)
        except (UnicodeDecodeError, ValueError) as exc:
            raise BuildError(f"cannot make {self.offline_copy.path}: {exc}") from None

    def feed_paths(self) -> dict[str, str]:
        """The stories feed of each language, by path from the site root (none
        when the downloads are skipped: the files are then missing)."""
        return {download.lang: download.path for download in self.downloads
                if download.kind == "feed"}

    def not_found_page(self, lang: str, output: str) -> str:
        """Return the 404 page of the default language, whichever build asks."""
        if lang == self.languages.default or self._not_found is None:
            self._not_found = output
        return self._not_found

    def index_for_search(self, site_dir: Path) -> None:
        """Index the built pages of every language for search (Pagefind)."""
        try:
            search_index.index_site(Path(site_dir))
        except search_index.SearchIndexError as exc:
            raise BuildError(f"search index: {exc}") from None
        pages_by_language = search_index.indexed_languages(Path(site_dir))
        log.info("Search index: %s", ", ".join(f"{count} pages in {lang}" for lang, count
                                               in sorted(pages_by_language.items())))

    def minify_assets(self, site_dir: Path) -> None:
        """Minify the site's copies of our scripts and styles."""
        _writing(site_dir, lambda: minify.minify_assets(self.root / "overrides" / "assets",
                                                        Path(site_dir)))

    def fill_nav(self, nav: list) -> list:
        """``nav`` (mkdocs.yml's) with the pages of the documents in the section
        titled ``DOCUMENTS_SECTION``: each document part of none, in reading
        order; one with parts as a section of its own page and its parts'."""
        entries = []
        for document in self.dataset.top_documents():
            parts = [part.page for part in self.dataset.parts(document)]
            entries.append({f"{DOCUMENT_TITLE}{document.id}": [document.page, *parts]}
                           if parts else document.page)
        return [{DOCUMENTS_SECTION: entries} if isinstance(item, dict)
                and list(item) == [DOCUMENTS_SECTION] else item for item in nav]

    def translate_nav(self, nav, lang: str) -> None:
        """Replace nav section titles that are string keys (``nav.*``) by their text,
        and a document's section title by the document's (as HTML text: the
        theme prints nav titles unescaped)."""

        def title(item) -> str | None:
            if item.title in self.dataset.strings:
                return self.dataset.strings[item.title][lang]
            if str(item.title).startswith(DOCUMENT_TITLE):
                document = self.dataset.document(item.title[len(DOCUMENT_TITLE):])
                if document.nav_title:
                    return document.nav_title[lang]
                return " ".join(([document.symbol[lang]] if document.symbol else [])
                                + [document.title[lang]])
            return None

        def visit(items):
            for item in items:
                text = title(item)
                if text is not None:
                    item.title = html_text(text)
                visit(getattr(item, "children", None) or [])

        visit(nav.items)


def skip_downloads() -> bool:
    """Whether ``SYN_SKIP_DOWNLOADS`` asks for a build without downloads."""
    return os.environ.get("SYN_SKIP_DOWNLOADS", "0") not in ("", "0")


def render(dataset: Dataset, templates: Path, downloads: list[exports.Download],
           stamp: exports.DataStamp, repository: Repository | None,
           cache: Path | None = None) -> dict[str, str]:
    """Render every generated page (compiled templates kept in ``cache``); a page
    template that fails is a ``BuildError`` naming the template and its line."""
    from jinja2 import TemplateError

    if cache is not None:
        try:
            cache.mkdir(parents=True, exist_ok=True)
        except OSError:  # no cache: the templates compile every time
            cache = None
    try:
        return pages.render_pages(dataset, templates, downloads, stamp.timestamp.date(),
                                  repository, cache)
    except TemplateError as exc:
        raise BuildError(describe_template_error(exc, templates)) from None


def describe_template_error(exc: Exception, templates: Path) -> str:
    """``overrides/pages/area.md:12: <what is wrong>`` for an error in a page template."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:  # an error while rendering: the template's own frame says where
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if Path(frame.filename).parent == Path(templates):
                filename, line = frame.filename, frame.lineno
                break
    folder = Path(templates)
    place = f"{folder.parent.name}/{folder.name}/{Path(filename).name}" if filename \
        else "a page template"
    if filename and line:
        place += f":{line}"
    return f"{place}: {type(exc).__name__}: {exc}"


def _writing(target: Path, write):
    """Run ``write()``; an error of the file system (a full or read-only disk)
    becomes a one-line ``BuildError`` naming the file."""
    try:
        return write()
    except OSError as exc:
        raise BuildError(describe_os_error(exc, target)) from None
