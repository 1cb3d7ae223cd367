"""XLSX downloads (openpyxl): a cover sheet and the checklist or table sheet.

The checklist sheet has one row per option, a drop-down list of the five
statuses, date-formatted target dates, a frozen header row and an A4 print
set-up that repeats the header row on every page. The file is byte-for-byte
reproducible: document properties and ZIP entry dates come from the data
stamp, never from the clock. Every cell is a value, never a formula
(``cells.cell_value``), typed as a string.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import copy
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..characters import scrub
from ..page_text import fill
from .cells import cell_value
from .rows import Sheet

DATE_FORMAT = "yyyy-mm-dd"
EARLIEST_DATE_SERIAL = 36526  # 2000-01-01 as an Excel date serial
_HEADER_FILL = PatternFill("solid", fgColor="DDE7E4")
_FILL_IN = PatternFill("solid", fgColor="FFF8E1")
_THIN = Side(style="thin", color="A0A0A0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
# What a sheet's name may not hold (Excel's rule), and its longest length.
_SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LENGTH = 31


def _put(ws: Worksheet, row: int, column: int, value) -> Cell:
    """Write ``value`` into a cell as a value: text is typed as a string, so that
    no text becomes a formula or an error code (``#N/A``)."""
    cell = ws.cell(row, column, cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _sheet_name(text: str) -> str:
    """A sheet's name from a site string, in the form Excel allows."""
    name = _SHEET_NAME_REFUSED.sub(" ", scrub(text, newline=False)).strip().strip("'")
    return name[:_SHEET_NAME_LENGTH] or "-"


def _header_footer_text(text: str) -> str:
    """Escape ``&`` for an Excel header or footer (``&`` starts a code there)."""
    return scrub(text, newline=False).replace("&", "&&")


def _print_setup(ws: Worksheet, sheet: Sheet, landscape: bool) -> None:
    """A4, fit to page width, page header with source and data version, page N of M."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.print_options.horizontalCentered = True
    header, footer = ws.oddHeader, ws.oddFooter
    header.left.text = _header_footer_text(sheet.source_symbol)
    header.center.text = _header_footer_text(sheet.scope_title)
    header.right.text = _header_footer_text(sheet.version_line)
    footer.center.text = fill(_header_footer_text(sheet.words["download.page-of"]),
                              page="&P", pages="&N")
    for part in (header.left, header.center, header.right, footer.center):
        part.size = 8


def _write_cover(ws: Worksheet, sheet: Sheet) -> None:
    """Title, source document and official link, data version, how to use it."""
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    _put(ws, 1, 1, sheet.title).font = Font(bold=True, size=14)
    _put(ws, 2, 1, sheet.scope_title).font = Font(italic=True)
    entries = [
        (sheet.word("download.cover.document"), f"{sheet.source_symbol} {sheet.source_title}"),
        (sheet.word("label.official-text"), sheet.official_url),
        (sheet.word("label.data-version"), sheet.stamp.version),
        (sheet.word("download.cover.data-date"), sheet.stamp.date),
        (sheet.word("download.cover.scope"), sheet.scope_title),
        (sheet.word("download.cover.items"), len(sheet.rows)),
    ]
    row = 4
    for label, value in entries:
        _put(ws, row, 1, label).font = Font(bold=True)
        cell = _put(ws, row, 2, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top",
                                   horizontal="right" if sheet.direction == "rtl" else "left")
        if value == sheet.official_url and value.startswith("https://"):
            cell.hyperlink = value
            cell.font = Font(color="0563C1", underline="single")
        row += 1
    row += 1
    for label, lines in (
        (sheet.word("download.cover.how-to"), sheet.how_to),
        (sheet.word("download.cover.notes"), sheet.notes),
        ("", (sheet.word("download.notice"),)),
    ):
        for index, line in enumerate(lines):
            if index == 0 and label:
                _put(ws, row, 1, label).font = Font(bold=True)
            _put(ws, row, 2, line).alignment = _WRAP_TOP
            row += 1
    _print_setup(ws, sheet, landscape=False)


def _write_rows(ws: Worksheet, sheet: Sheet) -> None:
    """Header row and one row per item, with the fill-in columns ready to use."""
    last_row = len(sheet.rows) + 1
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
        cell = _put(ws, 1, index, column.title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = _BORDER
    # Each column's cells share one style. openpyxl works out a style's number
    # again (hashing every part of it) on each assignment: the first cell of a
    # column is styled, the others take its style as openpyxl's own
    # WorksheetCopy copies one (a third of the time of a workbook otherwise).
    styled: dict[int, Cell] = {}
    for row_index, values in enumerate(sheet.rows, start=2):
        for index, (column, value) in enumerate(zip(sheet.columns, values), start=1):
            cell = _put(ws, row_index, index, value or None)
            if index in styled:
                cell._style = copy(styled[index]._style)
                continue
            styled[index] = cell
            cell.alignment = _WRAP_TOP
            cell.border = _BORDER
            if column.fill_in:
                cell.fill = _FILL_IN
            if column.key == "target_date":
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    last_column = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last_column}{last_row}"
    ws.print_title_rows = "1:1"

    status = sheet.column_index("status")
    if status is not None and sheet.rows:
        letter = get_column_letter(status + 1)
        # a list of strings in one formula string: a quote in a status is doubled
        words = ",".join(scrub(status, newline=False) for status in sheet.statuses)
        choices = DataValidation(
            type="list", formula1='"' + words.replace('"', '""') + '"',
            allow_blank=True, showErrorMessage=True,
        )
        choices.add(f"{letter}2:{letter}{last_row}")
        ws.add_data_validation(choices)
    target = sheet.column_index("target_date")
    if target is not None and sheet.rows:
        letter = get_column_letter(target + 1)
        dates = DataValidation(
            type="date", operator="greaterThanOrEqual", formula1=str(EARLIEST_DATE_SERIAL),
            allow_blank=True, showErrorMessage=True,
        )
        dates.add(f"{letter}2:{letter}{last_row}")
        ws.add_data_validation(dates)
    _print_setup(ws, sheet, landscape=True)


def normalise_zip(data: bytes, moment: datetime) -> bytes:
    """Rewrite a ZIP archive with every entry dated ``moment`` and fixed attributes,
    in the same order: the same content gives the same bytes."""
    date_time = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename), compresslevel=9)
    return output.getvalue()


def export_xlsx(sheet: Sheet) -> bytes:
    """Return the sheet as an XLSX workbook: a cover sheet, then the rows."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = _sheet_name(sheet.word("download.sheet.cover"))
    _write_cover(cover, sheet)
    name = "download.sheet.checklist" if sheet.kind == "checklist" else "download.sheet.table"
    _write_rows(workbook.create_sheet(_sheet_name(sheet.word(name))), sheet)
    if sheet.direction == "rtl":
        for ws in workbook.worksheets:
            # columns from the right, the first rightmost, as the language reads
            ws.sheet_view.rightToLeft = True

    moment = sheet.stamp.timestamp.replace(tzinfo=None)  # openpyxl takes naive UTC
    properties = workbook.properties
    properties.created = properties.modified = moment
    properties.title = scrub(sheet.title)
    properties.subject = scrub(f"{sheet.source_symbol} {sheet.source_title}")
    properties.description = scrub(sheet.version_line)
    properties.identifier = sheet.stamp.version
    properties.language = sheet.language_tag

    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps "modified" with the clock.
    # Stored, not compressed: normalise_zip compresses every entry once.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
    return normalise_zip(buffer.getvalue(), sheet.stamp.timestamp)
