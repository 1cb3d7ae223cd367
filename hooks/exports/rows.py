"""What the downloads hold, independent of file format.

A ``Sheet`` is one download's content in one language: title, columns, rows
and the words of its cover. ``checklist_sheet`` makes a checklist of Annex I
options (one row per option, for one area or for the whole annex);
``key_actions_sheet`` makes the key-actions table of Annex II. The XLSX, CSV
and PDF writers only lay a ``Sheet`` out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import (CHECKLIST_COLUMNS, CHECKLIST_STATUSES, Dataset, FontFile, KeyActions,
                     OptionArea)
from ..characters import scrub
from ..languages import direction
from ..linker import plain
from ..page_text import fill
from .stamp import DataStamp

# Key-actions columns whose cells come from ``KeyAction.cells``.
CELL_KEYS = ("timing", "lead", "cbd_mandate", "other_mandate", "origin")


@dataclass(frozen=True)
class Column:
    """A column of a download: its key, its header in the file's language, how wide."""

    key: str  # ref, area, option, conventions, lead_agency, status, target_date, notes, ...
    title: str
    width: int  # in characters (XLSX column width)
    fill_in: bool = False  # a column the reader fills in


@dataclass(frozen=True)
class Sheet:
    """One download's content in one language."""

    lang: str
    kind: str  # "checklist" or "table"
    scope: str  # the id of its document: an option area, a document with areas, a table
    title: str
    scope_title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    groups: tuple[str, ...]  # per row: the heading it belongs under ("" for none)
    statuses: tuple[str, ...]  # the five statuses, in the file's language
    source_symbol: str
    source_title: str
    official_url: str
    stamp: DataStamp
    how_to: tuple[str, ...]
    notes: tuple[str, ...]  # notes to the table (key actions)
    words: dict  # other labels the writers need, by string key
    language_tag: str = ""  # BCP 47, what the file says it is in: "zh-CN"
    direction: str = "ltr"  # "rtl" for a language written right to left
    font: FontFile | None = None  # the language's own font for the PDF (else Noto Sans SC)

    def word(self, key: str, **values) -> str:
        """Return the label ``key`` in the sheet's language, formatted with ``values``."""
        return fill(self.words[key], **values)

    @property
    def version_line(self) -> str:
        """"Data version <hash> (<date>)" in the sheet's language."""
        return self.word("download.version", version=self.stamp.version, date=self.stamp.date)

    def texts(self) -> list[str]:
        """Every string a writer may print from this sheet, as it prints it: without
        the characters no file may hold (``hooks.characters``)."""
        return [scrub(text) for text in (
            self.title, self.scope_title, self.source_symbol, self.source_title,
            self.official_url, self.version_line, *self.how_to, *self.notes, *self.statuses,
            *self.groups, *self.words.values(), *(column.title for column in self.columns),
            *(value for row in self.rows for value in row),
        )]

    def column_index(self, key: str) -> int | None:
        """Return the position of the column ``key``, or None."""
        return next((i for i, column in enumerate(self.columns) if column.key == key), None)


# Labels every writer may need, looked up once per sheet.
_WORD_KEYS = (
    "download.sheet.cover", "download.sheet.checklist", "download.sheet.table",
    "download.cover.document", "download.cover.scope", "download.cover.items",
    "download.cover.data-date", "download.cover.how-to", "download.cover.notes",
    "download.notice", "download.version", "download.page-of", "download.how-to.pdf",
    "download.field",
    "label.official-text", "label.data-version",
    "checklist.lead-agency", "checklist.status", "checklist.target-date", "checklist.notes",
)


def area_title(area: OptionArea, lang: str) -> str:
    """``1(b) Institutional arrangements and coordination mechanisms``."""
    return f"{area.ref} {plain(area.title[lang])}"


def _common(dataset: Dataset, lang: str, source_id: str) -> dict:
    source = dataset.sources[source_id]
    return {
        "statuses": tuple(dataset.strings[f"checklist.status.{key}"][lang]
                          for key in CHECKLIST_STATUSES),
        "source_symbol": source.symbol,
        "source_title": plain(source.title[lang]),
        "official_url": (source.official_in(lang) or ("", ""))[1],
        "words": {key: dataset.strings[key][lang] for key in _WORD_KEYS},
        "language_tag": dataset.language_tag(lang),
        "direction": direction(lang),
        "font": dataset.fonts.get(lang),
    }


def checklist_sheet(dataset: Dataset, scope: str, lang: str, stamp: DataStamp) -> Sheet:
    """The checklist of the options of one area (``scope``: its id) or of every
    area of a document (``scope``: the document's id, such as Annex I's): one
    row per option item."""
    strings = dataset.strings
    document = dataset.document(scope)
    whole = not isinstance(document, OptionArea)
    areas = dataset.areas_of(document) if whole else [document]
    symbol = document.symbol if whole else dataset.document(document.part_of).symbol
    symbol = symbol[lang] if symbol else ""
    if whole:
        scope_title = fill(strings["download.scope.all-areas"][lang], document=symbol,
                           count=len(areas))
    else:
        scope_title = f"{symbol} {area_title(areas[0], lang)}".strip()

    columns = [Column(key, strings[string][lang], width, fill_in)
               for key, string, width, fill_in in CHECKLIST_COLUMNS if whole or key != "area"]
    rows, groups = [], []
    for area in areas:
        heading = area_title(area, lang)
        for item in area.option_items():
            values = {"id": item.id, "ref": item.ref, "area": heading,
                      "option": plain(item.text[lang]),
                      "conventions": ", ".join(dataset.convention(tag).acronym[lang]
                                               for tag in item.conventions)}
            rows.append(tuple(values.get(column.key, "") for column in columns))
            groups.append(heading if whole else "")
    return Sheet(
        lang=lang, kind="checklist", scope=scope,
        title=fill(strings["download.checklist.title"][lang], scope=scope_title),
        scope_title=scope_title, columns=tuple(columns), rows=tuple(rows),
        groups=tuple(groups), stamp=stamp,
        how_to=(strings["download.how-to.checklist"][lang],),
        notes=(), **_common(dataset, lang, document.source_id),
    )


def key_actions_sheet(dataset: Dataset, table: KeyActions, lang: str, stamp: DataStamp) -> Sheet:
    """A table of key actions (Annex II's): one row per key action, eight columns."""
    widths = {"area": 24, "activity": 40, "key_action": 44}
    columns = tuple(
        Column(column.id, plain(column.title[lang]), widths.get(column.id, 20))
        for column in table.columns
    )
    truncated = dataset.strings["label.truncated"][lang]
    rows = []
    for group, activity, action in table.rows():
        text = plain(action.text[lang])
        if action.label:
            text = f"({action.label}) {text}"
        if action.truncated:
            text = f"{text} [{truncated}]"
        values = {
            "area": f"{group.label} {plain(group.title[lang])}",
            "activity": f"{activity.label} {plain(activity.text[lang])}",
            "key_action": text,
        }
        for key in CELL_KEYS:
            if key in action.cells:
                values[key] = plain(action.cells[key][lang])
        rows.append(tuple(values.get(column.key, "") for column in columns))
    scope_title = " · ".join(([table.symbol[lang]] if table.symbol else [])
                             + [plain(table.title[lang])])
    how_to = [dataset.strings["download.how-to.table"][lang]]
    if table.subtitle:
        how_to.append(plain(table.subtitle[lang]))
    return Sheet(
        lang=lang, kind="table", scope=table.id, title=plain(table.title[lang]),
        scope_title=scope_title, columns=columns, rows=tuple(rows),
        groups=tuple("" for _ in rows), stamp=stamp, how_to=tuple(how_to),
        notes=tuple(f"{marker} {plain(text[lang])}" for marker, text in table.notes),
        **_common(dataset, lang, table.source_id),
    )
