"""The calendar as iCalendar (RFC 5545), one file per language.

International days repeat every year (RRULE); meetings are all-day events
from their first to their last day. Lines end in CRLF and are folded at 75
octets without splitting a UTF-8 character. DTSTAMP is the data's timestamp,
never the clock. Every text value goes through ``escape_text``, which also
replaces the characters a calendar cannot hold (``hooks.characters``).
"""

from __future__ import annotations

import datetime

from ..characters import scrub
from ..model import Dataset, Event
from ..portal import occurrences
from .stamp import DataStamp

PRODUCT = "-//Synergies portal//Calendar//EN"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    value = scrub(value)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets joined by CRLF + space."""
    pieces, current, size = [], [], 0
    limit = LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = LINE_OCTETS - 1  # a continuation line starts with a space
        current.append(character)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def _rule(event: Event) -> str:
    yearly = event.yearly
    if "day" in yearly:
        return f"FREQ=YEARLY;BYMONTH={yearly['month']};BYMONTHDAY={yearly['day']}"
    months = ",".join(str(month) for month in yearly["months"])
    return f"FREQ=YEARLY;BYMONTH={months};BYDAY={yearly['week']}{yearly['weekday'].upper()}"


def event_lines(event: Event, lang: str, stamp: DataStamp, first_year: int) -> list[str]:
    """Content lines (unfolded) of one VEVENT."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.id}.{lang}@cbd-xiii-24-synergies",
        f"DTSTAMP:{stamp.timestamp.astimezone(datetime.timezone.utc):%Y%m%dT%H%M%SZ}",
    ]
    if event.kind == "day":
        year = max(first_year, event.since or first_year)
        start = min(occurrences(event, year) + occurrences(event, year + 1))
        lines += [f"DTSTART;VALUE=DATE:{_date(start)}",
                  f"DTEND;VALUE=DATE:{_date(start + datetime.timedelta(days=1))}",
                  f"RRULE:{_rule(event)}", "TRANSP:TRANSPARENT"]
    else:
        start = datetime.date.fromisoformat(event.start)
        end = datetime.date.fromisoformat(event.end or event.start)
        lines += [f"DTSTART;VALUE=DATE:{_date(start)}",
                  f"DTEND;VALUE=DATE:{_date(end + datetime.timedelta(days=1))}"]
    lines.append(f"SUMMARY:{escape_text(event.title[lang])}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description[lang])}")
    if event.place:
        lines.append(f"LOCATION:{escape_text(event.place[lang])}")
    if event.url:
        lines.append(f"URL:{scrub(event.url, newline=False)}")
    if event.conventions:
        lines.append("CATEGORIES:" + ",".join(escape_text(c.upper()) for c in event.conventions))
    lines.append("END:VEVENT")
    return lines


def export_ics(dataset: Dataset, lang: str, stamp: DataStamp) -> bytes:
    """Return the calendar of ``lang`` as an .ics file (UTF-8, CRLF)."""
    first_year = stamp.timestamp.year
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(dataset.string('calendar.ics-name', lang))}",
    ]
    for event in dataset.events:
        lines += event_lines(event, lang, stamp, first_year)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
