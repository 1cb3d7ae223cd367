"""Which downloads exist, and making all of them in memory.

For each language: a checklist of every option area and of the whole of
Annex I (XLSX, CSV, PDF), and the key-actions table of Annex II (XLSX, CSV).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from ..model import LANGUAGES, Dataset
from ..pages import page_url
from .csv_files import export_csv
from .manifest import Download
from .font import prepare_font
from .pdf import export_pdf
from .rows import ANNEX_1, Sheet, checklist_sheet, key_actions_sheet, ordered_areas
from .stamp import DataStamp, make_stamp
from .xlsx import export_xlsx

log = logging.getLogger("mkdocs.hooks.exports")

FORMATS = {"checklist": ("xlsx", "csv", "pdf"), "table": ("xlsx", "csv")}


def download_path(lang: str, kind: str, scope: str, file_format: str) -> str:
    """Path of a download from the site root, e.g. ``downloads/en/checklist-annex-1.pdf``."""
    name = "key-actions" if kind == "table" else f"checklist-{scope}"
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
    """Every sheet, in both languages: each area's checklist, Annex I's, the key actions."""
    sheets = []
    for lang in LANGUAGES:
        for area in ordered_areas(dataset):
            sheets.append(checklist_sheet(dataset, area.id, lang, stamp))
        sheets.append(checklist_sheet(dataset, ANNEX_1, lang, stamp))
        sheets.append(key_actions_sheet(dataset, lang, stamp))
    return sheets


def export(sheet: Sheet, file_format: str, font: Path | None = None) -> bytes:
    """Return the sheet in ``file_format`` ("xlsx", "csv" or "pdf"; a PDF needs
    the ``font`` that ``prepare_font`` made)."""
    if file_format == "xlsx":
        return export_xlsx(sheet)
    if file_format == "csv":
        return export_csv(sheet)
    if file_format == "pdf":
        if font is None:
            raise ValueError("a PDF needs a font: see font.prepare_font")
        return export_pdf(sheet, font)
    raise ValueError(f"unknown download format {file_format!r}")


def generate_downloads(dataset: Dataset, root: Path) -> list[Download]:
    """Make every download in memory, stamped with the data of ``root``."""
    stamp = make_stamp(Path(root), dataset.version)
    sheets = plan_sheets(dataset, stamp)
    downloads = []
    with tempfile.TemporaryDirectory(prefix="syn-font-") as folder:
        printed = [sheet for sheet in sheets if "pdf" in FORMATS[sheet.kind]]
        font = prepare_font((text for sheet in printed for text in sheet.texts()), Path(folder))
        for sheet in sheets:
            for file_format in FORMATS[sheet.kind]:
                downloads.append(Download(
                    lang=sheet.lang, kind=sheet.kind, scope=sheet.scope, format=file_format,
                    path=download_path(sheet.lang, sheet.kind, sheet.scope, file_format),
                    items=len(sheet.rows), page=sheet_page(sheet),
                    content=export(sheet, file_format, font),
                ))
    log.debug("Made %d downloads for data %s (%s)", len(downloads), stamp.version, stamp.date)
    return downloads
