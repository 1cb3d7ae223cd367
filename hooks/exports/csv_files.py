"""CSV downloads: a header row and the rows, UTF-8 with a byte-order mark so
that Excel opens Chinese text correctly, "\\r\\n" line ends; every cell a value
(``cells.cell_value``)."""

from __future__ import annotations

import csv
import io

from .cells import cell_value
from .rows import Sheet

BOM = "\ufeff"


def export_csv(sheet: Sheet) -> bytes:
    """Return the sheet as CSV bytes (UTF-8 with BOM, header row first)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(cell_value(column.title) for column in sheet.columns)
    writer.writerows([cell_value(value) for value in row] for row in sheet.rows)
    return (BOM + buffer.getvalue()).encode("utf-8")
