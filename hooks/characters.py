"""Which characters the data may not hold, in one place.

An editor's file can carry characters no reader sees: control characters
written as YAML escapes (``"\\x1b"``), halves of surrogate pairs, Unicode
noncharacters, and bidirectional controls that make a line read differently
from what it is. XML (XLSX, Atom) and iCalendar files cannot hold most of
them: one such character makes a whole download unreadable. The loader
refuses them (``refused_in``), naming file, line and field; the writers of
pages and downloads replace any that reach them anyway (``scrub``), so that
every file stays well-formed whatever the data.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"

# Control characters a reader would recognise by name.
_CONTROL_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab", 0x0A: "line break",
    0x0B: "vertical tab", 0x0C: "form feed", 0x0D: "carriage return", 0x1B: "escape",
    0x7F: "DEL", 0x85: "next line",
}

# C0 and C1 controls and DEL; surrogates; noncharacters (U+FDD0-U+FDEF and the
# last two code points of every plane); bidirectional embeddings, overrides
# and isolates; the line and paragraph separators.
_REFUSED = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\u202a-\u202e\u2066-\u2069\u2028\u2029"
    + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17))
    + "]"
)


def describe(character: str) -> str:
    """What ``character`` is, in words: "control character U+001B (escape)"."""
    point = ord(character)
    code = f"U+{point:04X}"
    if point < 0x20 or 0x7F <= point <= 0x9F:
        name = _CONTROL_NAMES.get(point)
        return f"control character {code}" + (f" ({name})" if name else "")
    if 0xD800 <= point <= 0xDFFF:
        return f"{code} (half of a surrogate pair, not a character; write the character itself)"
    if 0x202A <= point <= 0x202E or 0x2066 <= point <= 0x2069:
        return (f"bidirectional control {code} ({unicodedata.name(character)}; it makes text "
                "read otherwise than it is)")
    if point in (0x2028, 0x2029):
        return f"{code} ({unicodedata.name(character)}; a line break editors do not show)"
    return f"{code} (a Unicode noncharacter)"


def refused_in(text: str, newline: bool = False) -> list[tuple[int, str]]:
    """The refused characters of ``text`` as (position from 0, character); a
    newline counts only unless ``newline`` allows it."""
    if _REFUSED.search(text) is None:  # nearly always: no list to make
        return []
    return [
        (match.start(), match.group())
        for match in _REFUSED.finditer(text)
        if not (newline and match.group() == "\n")
    ]


def scrub(text: str, newline: bool = True) -> str:
    """``text`` with every refused character replaced by U+FFFD (a newline
    kept if ``newline``): what the writers do with a character that got past
    the loader."""
    if newline:
        return _REFUSED.sub(lambda m: m.group() if m.group() == "\n" else REPLACEMENT, text)
    return _REFUSED.sub(REPLACEMENT, text)
