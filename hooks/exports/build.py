"""Which downloads exist, and making them in memory.

For each language: a checklist of every option area and of the whole of
Annex I (XLSX, CSV, PDF), the key-actions table of Annex II (XLSX, CSV), the
calendar (ICS), the stories feed (Atom) and the open data (JSON with its
schema, CSV tables).

Every checklist and table carries the version of what it is made of (the
hash of its content), so a file changes only when its own data changes;
``DownloadCache`` keeps the files of the last build, and a rebuild under
``mkdocs serve`` makes again only the files whose content changed.
"""

from __future__ import annotations

import hashlib
import logging
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from ..model import LANGUAGES, Dataset
from ..pages import page_url
from .feed import export_feed
from .ics import export_ics
from .manifest import Download
from .open_data import export_json, table_csvs
from .rows import ANNEX_1, Sheet, checklist_sheet, key_actions_sheet
from .stamp import DataStamp, make_stamp
from .workers import export, start_files  # noqa: F401 (export: a single file, for callers)

log = logging.getLogger("mkdocs.hooks.exports")

FORMATS = {"checklist": ("xlsx", "csv", "pdf"), "table": ("xlsx", "csv")}
OPEN_DATA_SCHEMA = "schemas/open-data.schema.json"


def download_path(lang: str, kind: str, scope: str, file_format: str) -> str:
    """Path of a download from the site root, e.g. ``downloads/en/checklist-annex-1.pdf``."""
    if kind == "table":
        name = "key-actions"
    elif kind == "checklist":
        name = f"checklist-{scope}"
    else:
        name = scope
    return f"downloads/{lang}/{name}.{file_format}"


def sheet_page(sheet: Sheet) -> str:
    """The page (from the site root) where a reader works through the sheet's items."""
    if sheet.kind == "table":
        path = "annex-2/key-actions.md"
    elif sheet.scope == ANNEX_1:
        path = "annex-1/index.md"
    else:
        path = f"annex-1/{sheet.scope}.md"
    return page_url(path, sheet.lang)


def plan_sheets(dataset: Dataset, stamp: DataStamp) -> list[Sheet]:
    """Every sheet, in both languages: each area's checklist, Annex I's, the key actions.

    Each sheet's data version is the hash of its own content.
    """
    sheets = []
    for lang in LANGUAGES:
        for area in dataset.areas:
            sheets.append(checklist_sheet(dataset, area.id, lang, stamp))
        sheets.append(checklist_sheet(dataset, ANNEX_1, lang, stamp))
        sheets.append(key_actions_sheet(dataset, lang, stamp))
    return [replace(sheet, stamp=replace(stamp, version=sheet.content_hash()[:12]))
            for sheet in sheets]


class DownloadCache:
    """Files made by earlier builds, by what they were made from."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.made = 0  # files made (not taken from the cache) by the last build

    @staticmethod
    def key(sheet: Sheet, file_format: str) -> str:
        """What a file of ``sheet`` in ``file_format`` is made from."""
        return hashlib.sha256(f"{file_format}\0{sheet.stamp!r}\0{sheet.content_hash()}"
                              .encode()).hexdigest()


class Pending(Protocol):
    """Files still being made: a ``concurrent.futures.Future``, or a message to
    come from another process (``hooks.processes.Awaited``)."""

    def done(self) -> bool: ...

    def result(self) -> list[bytes]: ...


class DownloadJob:
    """The downloads of one build: what they are, at once; their bytes, once made.

    ``planned`` lists every download in its final order, with the content of
    those already made (the quick ones, and those the cache had) and ``None``
    for the checklists and tables that worker processes are still making;
    pages need no more than that (see ``hooks.sizes``). ``result`` waits for
    the files.
    """

    def __init__(self, planned: list[Download], missing: list[int], files: Pending,
                 cache: DownloadCache, keys: list[str | None]):
        self.planned = planned
        self._missing = missing  # positions in ``planned`` that ``files`` fills, in order
        self._files = files
        self._cache = cache
        self._keys = keys  # the cache key of each planned download (None: not cached)
        self._downloads: list[Download] | None = None

    @classmethod
    def finished(cls, downloads: list[Download]) -> DownloadJob:
        """A job whose downloads are all made already."""
        files: Future = Future()
        files.set_result([])
        return cls(list(downloads), [], files, DownloadCache(), [None] * len(downloads))

    def handover(self) -> tuple[list[Download], list[int], list[str | None]]:
        """What another process needs to make this job again around the files
        it will receive from this one (see ``received`` and ``files``)."""
        return self.planned, self._missing, self._keys

    @classmethod
    def received(cls, handover: tuple[list[Download], list[int], list[str | None]],
                 files: Pending, cache: DownloadCache) -> DownloadJob:
        """The job whose ``handover`` another process sent, whose files
        (``files``: that process's ``files()``) come when made."""
        planned, missing, keys = handover
        cache.made = len(missing)
        return cls(planned, missing, files, cache, keys)

    def files(self) -> list[bytes]:
        """The bytes of the files still being made when the job started, in
        order (waits for them)."""
        return self._files.result()

    def extend(self, downloads: list[Download]) -> None:
        """Add downloads already made (not cached) to the end of the list."""
        self.planned = self.planned + list(downloads)
        self._keys = self._keys + [None] * len(downloads)

    def done(self) -> bool:
        """Whether every file is made (``result`` would not wait)."""
        return self._downloads is not None or self._files.done()

    def result(self) -> list[Download]:
        """Every download with its content, waiting for the files still being made."""
        if self._downloads is None:
            downloads = list(self.planned)
            for number, content in zip(self._missing, self._files.result()):
                downloads[number] = replace(downloads[number], content=content)
            # keep only this build's files: the cache never outgrows one build
            self._cache.files = {key: download.content
                                 for key, download in zip(self._keys, downloads) if key}
            self._downloads = downloads
        return self._downloads


def start_sheet_downloads(sheets: list[Sheet], cache: DownloadCache,
                          workers: int | None = None) -> DownloadJob:
    """Start making the checklists and tables, taking from ``cache`` what did
    not change; the others are made by ``workers`` processes (see
    ``workers.start_files``) while the caller goes on."""
    # each key hashes the whole sheet: work it out once per file
    wanted = [(sheet, file_format, cache.key(sheet, file_format))
              for sheet in sheets for file_format in FORMATS[sheet.kind]]
    missing = [number for number, (_, _, key) in enumerate(wanted) if key not in cache.files]
    files = start_files([wanted[number][:2] for number in missing], workers)
    cache.made = len(missing)
    planned = [
        Download(lang=sheet.lang, kind=sheet.kind, scope=sheet.scope, format=file_format,
                 path=download_path(sheet.lang, sheet.kind, sheet.scope, file_format),
                 items=len(sheet.rows), page=sheet_page(sheet), content=cache.files.get(key))
        for sheet, file_format, key in wanted
    ]
    return DownloadJob(planned, missing, files, cache, [key for _, _, key in wanted])


def portal_downloads(dataset: Dataset, root: Path, stamp: DataStamp) -> list[Download]:
    """Calendar, stories feed and open data, in both languages (quick to make)."""
    downloads = []
    schema = (Path(root) / OPEN_DATA_SCHEMA).read_bytes()
    for lang in LANGUAGES:
        calendar_page = page_url("calendar.md", lang)
        stories_page = page_url("stories/index.md", lang)
        downloads_page = page_url("downloads.md", lang)
        downloads.append(Download(
            lang, "calendar", "calendar", "ics", download_path(lang, "calendar", "calendar", "ics"),
            len(dataset.events), calendar_page, export_ics(dataset, lang, stamp)))
        # the feed sits in downloads/<lang>/: two levels below the site root
        feed = export_feed(dataset, lang, stamp,
                           lambda story, _lang=lang: "../../" + page_url(
                               f"stories/{story.id}.md", _lang),
                           "stories.xml")
        downloads.append(Download(
            lang, "feed", "stories", "xml", download_path(lang, "feed", "stories", "xml"),
            len(dataset.stories), stories_page, feed))
        downloads.append(Download(
            lang, "data", "data", "json", download_path(lang, "data", "data", "json"),
            len(dataset.areas), downloads_page, export_json(dataset, lang, stamp)))
        downloads.append(Download(
            lang, "data", "data-schema", "json",
            download_path(lang, "data", "data.schema", "json"), 1, downloads_page, schema))
        for name, (content, rows) in table_csvs(dataset, lang).items():
            downloads.append(Download(
                lang, "data", name, "csv", download_path(lang, "data", name, "csv"),
                rows, downloads_page, content))
    return downloads


def start_downloads(dataset: Dataset, root: Path, cache: DownloadCache | None = None,
                    stamp: DataStamp | None = None, workers: int | None = None) -> DownloadJob:
    """Start making every download, stamped with the data of ``root`` (``stamp``,
    if the caller has made it already); return at once with the ``DownloadJob``.

    With a ``cache`` from an earlier build, checklists and tables whose
    content did not change are taken from it, not made again. ``workers``:
    processes that make them (default: ``workers.download_workers``).
    """
    stamp = stamp or make_stamp(Path(root), dataset.version)
    cache = cache if cache is not None else DownloadCache()
    job = start_sheet_downloads(plan_sheets(dataset, stamp), cache, workers)
    # made here while the workers make the others
    job.extend(portal_downloads(dataset, root, stamp))
    log.debug("Downloads for data %s (%s): %d to make, %d from the last build", stamp.version,
              stamp.date, cache.made, len(job.planned) - cache.made)
    return job


def generate_downloads(dataset: Dataset, root: Path, cache: DownloadCache | None = None,
                       stamp: DataStamp | None = None,
                       workers: int | None = None) -> list[Download]:
    """Make every download in memory and return them (``start_downloads``, waiting
    for the files)."""
    return start_downloads(dataset, root, cache, stamp, workers).result()
