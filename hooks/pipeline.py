"""The build pipeline without MkDocs: load the data, render pages, finish the site.

``Pipeline`` keeps the last result, so the second language's build and
rebuilds under ``mkdocs serve`` with unchanged data do no work twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import exports, pages, processes, search_index, sizes
from .files import write_if_changed
from .loader import data_files, load_dataset
from .model import LANGUAGES, Dataset
from .page_text import html_text
from .repository import Repository

log = logging.getLogger("mkdocs.hooks.pipeline")


@dataclass
class Prepared:
    """What ``Pipeline.prepare`` makes of the data, wherever it is made."""

    dataset: Dataset
    stamp: exports.DataStamp
    job: exports.DownloadJob | None  # None while handed from one process to another
    rendered: dict[str, str]  # generated page (path under docs/) -> its Markdown
    sources: dict[str, str]  # generated page -> its data file
    checklist_index: bytes
    timings: tuple[float, float, float]  # seconds: loading, starting downloads, rendering


class Pipeline:
    """Data and pages of one project folder."""

    def __init__(self, root: Path, repository: Repository | None = None):
        self.root = Path(root)
        self.repository = repository
        self.templates = self.root / "overrides" / "pages"
        self.dataset: Dataset | None = None
        self.rendered: dict[str, str] = {}
        self.sources: dict[str, str] = {}  # generated page -> its data file
        self.job: exports.DownloadJob | None = None  # this build's downloads
        self._unfilled: list[Path] = []  # built pages still naming sizes to fill in
        self.checklist_index = b""
        self.download_cache = exports.DownloadCache()
        self.stamp: exports.DataStamp | None = None
        self._fingerprint: str | None = None
        self._started = 0.0  # when the data of this build began to load (perf_counter)
        self._reported = False  # whether the log has this build's downloads
        self._sizes: dict[str, int] | None = None
        self._not_found: str | None = None

    def fingerprint(self) -> str:
        """Hash of everything the pages depend on: data, schemas, page templates."""
        digest = hashlib.sha256()
        inputs = data_files(self.root)
        inputs += sorted((self.root / "schemas").glob("*.json"))
        inputs += sorted(self.templates.glob("*"))
        for path in inputs:
            digest.update(path.relative_to(self.root).as_posix().encode())
            digest.update(path.read_bytes())
        digest.update(repr(self.repository).encode())
        return digest.hexdigest()

    def prepare(self, meanwhile: Callable[[], object] | None = None) -> None:
        """Load, validate and render, unless nothing changed since last time.

        The work is done in a forked process while this one calls
        ``meanwhile`` (work the build needs later anyway); that process then
        stays to hand over the downloads as they are made (see
        ``hooks.processes``). Where forking is not safe, it is done here.
        Raises ``DataErrors`` before anything is written.
        """
        fingerprint = self.fingerprint()
        if fingerprint == self._fingerprint:
            return
        start = time.perf_counter()
        apart = processes.start_apart(self._prepare_apart)
        if meanwhile is not None:
            meanwhile()
        if apart is None:
            prepared = self._prepare_here()
        else:
            prepared, handover = apart.receive()
            prepared.job = exports.DownloadJob.received(handover, apart.next(last=True),
                                                        self.download_cache)
        for pending in prepared.dataset.pending:
            log.info("Translation pending: %s", pending)
        self.dataset = prepared.dataset
        self.stamp = prepared.stamp
        self.job = prepared.job
        self.rendered = prepared.rendered
        self.sources = prepared.sources
        self.checklist_index = prepared.checklist_index
        self._started = start
        self._reported = False
        self._unfilled = []
        self._sizes = None
        self._fingerprint = fingerprint
        self._not_found = None
        loaded, started, rendered = prepared.timings
        log.info("Data %s: %d option areas, %d generated pages (data loaded in %.1f s, "
                 "downloads started in %.1f s, pages rendered in %.1f s; ready here after "
                 "%.1f s)", prepared.dataset.version, len(prepared.dataset.areas),
                 len(prepared.rendered), loaded, started, rendered,
                 time.perf_counter() - start)

    def _prepare_here(self) -> Prepared:
        """Load the data, start the downloads and render the pages, in this process."""
        start = time.perf_counter()
        dataset = load_dataset(self.root)
        loaded = time.perf_counter()
        stamp = exports.make_stamp(self.root, dataset.version)
        job = self.start_downloads(dataset, stamp)
        started = time.perf_counter()
        # "coming events" start from the day of the data, so a build repeats byte for byte
        rendered = pages.render_pages(dataset, self.templates, job.planned,
                                      stamp.timestamp.date(), self.repository)
        return Prepared(dataset=dataset, stamp=stamp, job=job, rendered=rendered,
                        sources=pages.page_sources(dataset),
                        checklist_index=exports.checklist_index_bytes(dataset),
                        timings=(loaded - start, started - loaded,
                                 time.perf_counter() - started))

    def _prepare_apart(self, send: Callable[[object], None]) -> None:
        """In the forked process: send what ``_prepare_here`` made (the
        downloads as planned), then the files still being made, once made."""
        prepared = self._prepare_here()
        job, prepared.job = prepared.job, None
        send((prepared, job.handover()))
        send(job.files())

    def start_downloads(self, dataset: Dataset,
                        stamp: exports.DataStamp) -> exports.DownloadJob:
        """Start making the downloads (worker processes go on while MkDocs builds),
        unless ``SYN_SKIP_DOWNLOADS`` is set (not "0")."""
        if os.environ.get("SYN_SKIP_DOWNLOADS", "0") not in ("", "0"):
            log.info("SYN_SKIP_DOWNLOADS is set: no downloads")
            return exports.DownloadJob.finished([])
        return exports.start_downloads(dataset, self.root, self.download_cache, stamp)

    @property
    def downloads(self) -> list[exports.Download]:
        """This build's downloads, with their content (waits for those being made)."""
        if self.job is None:
            return []
        start = time.perf_counter()
        downloads = self.job.result()
        waited = time.perf_counter() - start
        if not self._reported:
            self._reported = True
            log.info("Made %d downloads (%d bytes; %d checklists and tables made again): "
                     "ready %.1f s after the data began to load, waited for %.1f s",
                     len(downloads), sum(download.size for download in downloads),
                     self.download_cache.made, time.perf_counter() - self._started, waited)
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

    def fill_sizes(self, html: str, dest: Path) -> str:
        """Return the built page ``html`` with the sizes of its downloads, if they
        are made; otherwise note ``dest`` (the page's file) for ``finish_pages``."""
        if not sizes.has_markers(html):
            return html
        if self.job is None or not self.job.done():
            self._unfilled.append(Path(dest))
            return html
        return sizes.fill_sizes(html, self.sizes())

    def sizes(self) -> dict[str, int]:
        """{path of each download: its size in bytes} (waits for the downloads)."""
        if self._sizes is None:
            self._sizes = {download.path: download.size for download in self.downloads}
        return self._sizes

    def finish_pages(self) -> None:
        """Fill in the download sizes of the built pages that were written
        before the downloads were made."""
        if not self._unfilled:
            return
        file_sizes = self.sizes()
        for dest in self._unfilled:
            html = dest.read_text(encoding="utf-8")
            dest.write_text(sizes.fill_sizes(html, file_sizes), encoding="utf-8")
        log.debug("Filled in the download sizes of %d pages", len(self._unfilled))
        self._unfilled = []

    def write_downloads(self, site_dir: Path) -> None:
        """Write the downloads and their manifest, and the checklist index that the
        option-area pages fetch, into the built site (never into docs/)."""
        exports.write_downloads(self.downloads, site_dir)
        # written even when the downloads are skipped: the checklist needs it
        write_if_changed(Path(site_dir) / exports.CHECKLIST_INDEX_PATH, self.checklist_index)

    def write_schemas(self, site_dir: Path) -> None:
        """Publish the data schemas under ``site_dir/schemas/`` (their ``$ref`` are
        relative, so they work from there), for editors' tools and data users."""
        for path in sorted((self.root / "schemas").glob("*.schema.json")):
            write_if_changed(site_dir / "schemas" / path.name, path.read_bytes())

    def write_pages(self, docs_dir: Path) -> None:
        """Write the rendered pages under ``docs_dir``."""
        written = pages.write_pages(self.rendered, docs_dir)
        if written:
            log.info("Wrote %d generated pages", written)

    def not_found_page(self, lang: str, output: str) -> str:
        """Return the 404 page of the default language, whichever build asks."""
        if lang == pages.DEFAULT_LANGUAGE or self._not_found is None:
            self._not_found = output
        return self._not_found

    def split_search_index(self, site_dir: Path) -> None:
        """Give each language its own search index."""
        search_index.split_search_index(site_dir, pages.DEFAULT_LANGUAGE, list(LANGUAGES))

    def translate_nav(self, nav, lang: str) -> None:
        """Replace nav section titles that are string keys (``nav.*``) by their text
        (as HTML text: the theme prints nav titles unescaped)."""

        def visit(items):
            for item in items:
                if item.title in self.dataset.strings:
                    item.title = html_text(self.dataset.strings[item.title][lang])
                visit(getattr(item, "children", None) or [])

        visit(nav.items)
