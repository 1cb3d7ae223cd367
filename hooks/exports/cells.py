"""What a spreadsheet cell holds: a value, never a formula.

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@``
(after spaces) as a formula, in a CSV file and, unless the cell is typed as a
string, in an XLSX workbook. The loader refuses data whose cell would start
so; the writers neutralise every cell anyway, as OWASP advises against CSV
injection: such a cell, or one that starts with a tab or a carriage return,
gets a leading single quote. Characters no file may hold become U+FFFD
(``hooks.characters``).
"""

from __future__ import annotations

from ..characters import scrub

FORMULA_START = ("=", "+", "-", "@")
_CONTROL_START = ("\t", "\r")


def cell_value(value):
    """``value`` as a cell may hold it: a string that cannot run as a formula
    (numbers and None as they are)."""
    if not isinstance(value, str):
        return value
    if value.startswith(_CONTROL_START) or value.lstrip().startswith(FORMULA_START):
        value = "'" + value
    return scrub(value)
