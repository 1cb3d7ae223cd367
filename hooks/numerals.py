"""Roman numerals, as sub-items are numbered: (i), (ii), ... (xiv)."""

from __future__ import annotations

_ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
          ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def roman_numeral(value: int) -> str:
    """``value`` as a lower-case roman numeral: 4 -> "iv"."""
    out = ""
    for letters, worth in _ROMAN:
        count, value = divmod(value, worth)
        out += letters * count
    return out


def roman_value(numeral: str) -> int:
    """The value of a lower-case roman numeral written the usual way ("xiv" ->
    14), or 0 when it is not one."""
    total, rest = 0, numeral
    for letters, worth in _ROMAN:
        while rest.startswith(letters):
            total, rest = total + worth, rest[len(letters):]
    return total if total and not rest and roman_numeral(total) == numeral else 0
