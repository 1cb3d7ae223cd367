"""Which downloads exist, and making them in memory.

For each language: a checklist of every option area and of the whole of
Annex I (XLSX, CSV, PDF), the key-actions table of Annex II (XLSX, CSV), the
calendar (ICS), the stories feed (Atom) and the open data (JSON with its
schema, CSV tables).

Every file names the data version of the whole dataset. The checklists and
tables, which take most of the time, are kept in a ``DownloadCache`` between
builds: a build whose data did not change makes none of them again.
Everything is made here, in the build's own process, one file after another.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from ..model import Dataset
from ..pages import page_url
from .cache import DownloadCache
from .csv_files import export_csv
from .feed import export_feed
from .ics import export_ics
from .manifest import Download
from .open_data import export_json, table_csvs
from .rows import Sheet, checklist_sheet, key_actions_sheet
from .stamp import DataStamp, make_stamp

log = logging.getLogger("mkdocs.hooks.exports")

FORMATS = {"checklist": ("xlsx", "csv", "pdf"), "table": ("xlsx", "csv")}
OPEN_DATA_SCHEMA = "schemas/open-data.schema.json"


class DownloadError(Exception):
    """A download could not be made; says which and why, in one line."""

    def __init__(self, path: str, cause: BaseException):
        super().__init__(f"cannot make {path}: {type(cause).__name__}: {cause}")
        self.path = path


def download_path(lang: str, kind: str, scope: str, file_format: str) -> str:
    """Path of a download from the site root, e.g. ``downloads/en/checklist-annex-1.pdf``
    (``downloads/mul/offline-site.zip``: the offline copy, in every language)."""
    if kind == "checklist":
        name = f"checklist-{scope}"
    elif kind == "offline":
        name = f"offline-{scope}"
    else:
        name = scope
    return f"downloads/{lang}/{name}.{file_format}"


def sheet_page(dataset: Dataset, sheet: Sheet) -> str:
    """The page (from the site root) where a reader works through the sheet's
    items: its document's."""
    return page_url(dataset.document(sheet.scope).page, sheet.lang, dataset.languages.default)


def plan_sheets(dataset: Dataset, stamp: DataStamp) -> list[Sheet]:
    """Every sheet, in every language: each option area's checklist, the
    checklist of every document with areas (all its areas), each table."""
    sheets = []
    for lang in dataset.languages:
        for area in dataset.areas:
            sheets.append(checklist_sheet(dataset, area.id, lang, stamp))
        for document in dataset.with_areas():
            sheets.append(checklist_sheet(dataset, document.id, lang, stamp))
        for table in dataset.tables:
            sheets.append(key_actions_sheet(dataset, table, lang, stamp))
    return sheets


def printed_texts(sheets: list[Sheet]) -> list[str]:
    """Every text the PDFs of ``sheets`` print: what their font must have glyphs for."""
    return [text for sheet in sheets if "pdf" in FORMATS[sheet.kind] for text in sheet.texts()]


def export(sheet: Sheet, file_format: str, font: Path | None = None) -> bytes:
    """Return the sheet in ``file_format`` ("xlsx", "csv" or "pdf"; a PDF needs
    the ``font`` that ``font.prepare_font`` made for its characters)."""
    if file_format == "xlsx":
        from .xlsx import export_xlsx
        return export_xlsx(sheet)
    if file_format == "csv":
        return export_csv(sheet)
    if file_format == "pdf":
        if font is None:
            raise ValueError("a PDF needs a font: see font.prepare_font")
        from .pdf import export_pdf
        return export_pdf(sheet, font)
    raise ValueError(f"unknown download format {file_format!r}")


def make_files(jobs: list[tuple[Sheet, str]]) -> list[bytes]:
    """Make the file of every ``(sheet, format)`` job, in order. The PDFs share one
    font cut to the characters they print (``font.prepare_font``), in a
    temporary folder removed before this returns. Raises ``DownloadError``."""
    from .font import prepare_font

    texts = printed_texts([sheet for sheet, file_format in jobs if file_format == "pdf"])
    files = []
    with tempfile.TemporaryDirectory(prefix="syn-font-") as folder:
        font = prepare_font(texts, Path(folder)) if texts else None
        for sheet, file_format in jobs:
            try:
                files.append(export(sheet, file_format, font))
            except Exception as exc:  # noqa: BLE001 - named with its file, raised as one line
                path = download_path(sheet.lang, sheet.kind, sheet.scope, file_format)
                log.debug("Making %s failed", path, exc_info=True)
                raise DownloadError(path, exc) from exc
    return files


def sheet_downloads(dataset: Dataset, sheets: list[Sheet], cache: DownloadCache) -> list[Download]:
    """The checklists and tables of ``sheets``: from ``cache`` when it has them,
    else made here (and kept in it)."""
    wanted = [(sheet, file_format) for sheet in sheets for file_format in FORMATS[sheet.kind]]
    keys = [cache.key(file_format, repr(sheet)) for sheet, file_format in wanted]
    contents = [cache.get(key) for key in keys]
    missing = [number for number, content in enumerate(contents) if content is None]
    if missing:
        log.info("Making %d checklists and tables (%d from the cache)",
                 len(missing), len(wanted) - len(missing))
        for number, content in zip(missing, make_files([wanted[number] for number in missing])):
            contents[number] = content
            cache.put(keys[number], content)
    return [
        Download(lang=sheet.lang, kind=sheet.kind, scope=sheet.scope, format=file_format,
                 path=download_path(sheet.lang, sheet.kind, sheet.scope, file_format),
                 items=len(sheet.rows), page=sheet_page(dataset, sheet), content=content)
        for (sheet, file_format), content in zip(wanted, contents)
    ]


def portal_downloads(dataset: Dataset, root: Path, stamp: DataStamp) -> list[Download]:
    """Calendar, stories feed and open data, in both languages (quick to make)."""
    downloads = []
    schema = (Path(root) / OPEN_DATA_SCHEMA).read_bytes()
    for lang in dataset.languages:
        calendar_page = page_url("calendar.md", lang, dataset.languages.default)
        stories_page = page_url("stories/index.md", lang, dataset.languages.default)
        downloads_page = page_url("downloads.md", lang, dataset.languages.default)
        downloads.append(Download(
            lang, "calendar", "calendar", "ics", download_path(lang, "calendar", "calendar", "ics"),
            len(dataset.events), calendar_page, export_ics(dataset, lang, stamp)))
        # the feed sits in downloads/<lang>/: two levels below the site root
        feed = export_feed(dataset, lang, stamp,
                           lambda story, _lang=lang: "../../" + page_url(
                               f"stories/{story.id}.md", _lang, dataset.languages.default),
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


def make_downloads(dataset: Dataset, root: Path, stamp: DataStamp | None = None,
                   cache: DownloadCache | None = None) -> list[Download]:
    """Every download of ``dataset``, in memory, stamped with the data of ``root``
    (``stamp``, if the caller has made it already). Checklists and tables come
    from ``cache`` where it has them (no cache: all are made). Raises
    ``DownloadError`` naming the file that could not be made."""
    stamp = stamp or make_stamp(Path(root), dataset.version)
    cache = cache or DownloadCache(None)
    downloads = sheet_downloads(dataset, plan_sheets(dataset, stamp), cache)
    try:
        downloads += portal_downloads(dataset, root, stamp)
    except (OSError, ValueError) as exc:
        raise DownloadError("the calendar, feed and open data", exc) from exc
    return downloads
