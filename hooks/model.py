"""Typed objects of the data: what the loader returns and the renderers read."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("zh", "en")
# The language tag (BCP 47 "mul") of a download that holds every language.
MULTILINGUAL = "mul"
# What a focal point can say of an option, in the order offered; the words of
# each are the site strings ``checklist.status.<status>``.
CHECKLIST_STATUSES = ("not-started", "planned", "in-progress", "done", "not-applicable")
# The columns of a checklist, in order: key, the site string of its header,
# width (XLSX), whether the reader fills it in. "area" is in the checklist of
# the whole annex only. The item id, last, ties a row to its option whatever
# its paragraph number becomes: the web checklist (overrides/pages/_checklist.md)
# imports a filled-in file by it and exports the same columns.
CHECKLIST_COLUMNS = (
    ("ref", "checklist.column.ref", 11, False),
    ("area", "checklist.column.area", 24, False),
    ("option", "checklist.column.option", 70, False),
    ("conventions", "checklist.column.conventions", 18, False),
    ("lead_agency", "checklist.lead-agency", 20, True),
    ("status", "checklist.status", 14, True),
    ("target_date", "checklist.target-date", 13, True),
    ("notes", "checklist.notes", 30, True),
    ("id", "checklist.column.id", 14, False),
)


@dataclass(frozen=True)
class Text:
    """A text in both languages.

    A language in ``pending`` has no translation yet: it holds the other
    language's text, which pages show marked as such.
    """

    zh: str
    en: str
    pending: tuple[str, ...] = ()

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)

    def written_in(self, lang: str) -> str:
        """The language of the text shown for ``lang``."""
        if lang not in self.pending:
            return lang
        return next(other for other in LANGUAGES if other not in self.pending)


@dataclass(frozen=True, order=True)
class PendingText:
    """A field whose translation into ``lang`` is missing."""

    path: str  # the data file
    line: int
    column: int
    field: str  # such as ``sections[0].paragraphs[2].text.en``
    lang: str  # the missing language
    shown: str  # the language shown instead
    anchor: str | None = None  # the id of the nearest paragraph, item or entity

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}:{self.column}: {self.field}: translation pending "
                f"(the {self.shown} text is shown)")


@dataclass
class Item:
    """A lettered item (depth 1) or a roman-numbered sub-item (depth 2)."""

    id: str
    label: str
    text: Text
    depth: int
    items: list[Item] = field(default_factory=list)
    ref: str = ""  # citation, such as "16(d)(ii)"
    conventions: list[str] = field(default_factory=list)  # its tags and those of its parents
    note: Text | None = None  # the site's editorial note, never part of the text


@dataclass
class Paragraph:
    """A numbered (or preambular, unnumbered) paragraph with its items."""

    id: str
    number: str | None
    text: Text
    items: list[Item] = field(default_factory=list)
    closing: Text | None = None
    conventions: list[str] = field(default_factory=list)
    note: Text | None = None  # the site's editorial note, never part of the text

    @property
    def ref(self) -> str:
        """Citation of the paragraph: its number ("" for preambular text)."""
        return self.number or ""


@dataclass
class Section:
    """A headed part of a text; may hold paragraphs, sub-sections and option areas."""

    id: str
    label: Text | None
    title: Text
    role: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    area_ids: list[str] = field(default_factory=list)


@dataclass
class Footnote:
    """A footnote, numbered as in the source document."""

    number: int
    text: Text
    cites: list[str] = field(default_factory=list)
    note: Text | None = None  # the site's editorial note, never part of the text


@dataclass
class Source:
    """An official document whose text the site carries."""

    id: str
    symbol: str
    date: str | None
    title: Text
    body: Text
    meeting: Text | None
    agenda_item: Text | None
    official_text: dict[str, str]
    cite_as: Text | None = None  # how a citation names it: "CBD decision XIII/24"


@dataclass
class Document:
    """A text made of sections: the decision, Annex I's introduction, Annex II, a report."""

    id: str
    source_id: str
    title: Text
    path: str  # data file, relative to the project folder
    preamble: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    cite_as: Text | None = None  # the part of its source it is, as cited: "annex I"


@dataclass
class OptionArea:
    """One of the seven option areas of Annex I, section B."""

    id: str
    part: str
    label: str
    title: Text
    short_title: Text
    path: str
    sections: list[Section] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """Citation of the area, such as ``1(b)``."""
        return f"{self.part}({self.label})"

    def option_items(self) -> list[Item | Paragraph]:
        """Every option a reader can act on: the leaves of the options section."""
        leaves: list[Item | Paragraph] = []

        def collect(items: list[Item]) -> None:
            for item in items:
                if item.items:
                    collect(item.items)
                else:
                    leaves.append(item)

        for section in self.sections:
            if section.role != "options":
                continue
            for paragraph in section.paragraphs:
                if paragraph.items:
                    collect(paragraph.items)
                else:
                    leaves.append(paragraph)
        return leaves


@dataclass
class KeyAction:
    """One row of the key-actions table."""

    id: str
    label: str | None
    text: Text
    cells: dict[str, Text]  # timing, lead, cbd_mandate, other_mandate, origin
    truncated: bool = False
    conventions: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)  # organization ids
    priority: bool = False
    note: Text | None = None  # the site's editorial note, never part of the text


@dataclass
class Activity:
    """An activity of the key-actions table and its rows."""

    id: str
    label: str
    text: Text
    actions: list[KeyAction]


@dataclass
class ActionGroup:
    """An area (A, B, C) of the key-actions table."""

    id: str
    label: str
    title: Text
    activities: list[Activity]


@dataclass
class Column:
    """A column of the key-actions table."""

    id: str
    title: Text
    description: Text | None


@dataclass
class KeyActions:
    """The table of key actions for 2017-2020 (Annex II, section E)."""

    id: str
    source_id: str
    title: Text
    subtitle: Text | None
    path: str
    columns: list[Column]
    groups: list[ActionGroup]
    notes: list[tuple[str, Text]]
    footnotes: list[Footnote] = field(default_factory=list)
    organizations: dict[str, Text] = field(default_factory=dict)
    cite_as: Text | None = None  # the part of its source it is, as cited

    def rows(self) -> list[tuple[ActionGroup, Activity, KeyAction]]:
        """Every row of the table, in order."""
        return [
            (group, activity, action)
            for group in self.groups
            for activity in group.activities
            for action in activity.actions
        ]


@dataclass
class Reference:
    """A document or decision that the texts cite."""

    id: str
    symbol: str | None
    title: Text
    url: str | None
    kind: str | None = None
    cited_as: list[str] = field(default_factory=list)
    note: Text | None = None  # the site's editorial note

    def citations(self) -> list[str]:
        """Strings by which the texts cite it: its symbol and ``cited_as``."""
        return ([self.symbol] if self.symbol else []) + self.cited_as


@dataclass
class Convention:
    """A biodiversity-related convention, or one named beside them."""

    id: str
    group: str  # "blg" (Biodiversity Liaison Group) or "chemicals"
    acronym: Text
    name: Text
    adopted: str  # YYYY-MM-DD
    adopted_at: Text | None
    in_force: str
    objective: Text
    body_name: Text
    body_cycle: Text
    body_ref: str | None  # id of the paragraph that states the cycle
    website: str


@dataclass
class Event:
    """An international day (every year) or a meeting (once)."""

    id: str
    kind: str  # "day" or "meeting"
    title: Text
    description: Text | None
    conventions: list[str]
    yearly: dict | None  # {"month", "day"} or {"months", "week", "weekday"}
    since: int | None
    start: str | None
    end: str | None
    place: Text | None
    ref: str | None
    url: str | None


@dataclass
class Term:
    """An acronym or term of the glossary."""

    id: str
    abbr: str | None
    term: Text
    definition: Text
    conventions: list[str]
    url: str | None


@dataclass
class Story:
    """A success story, from a source that reports it."""

    id: str
    path: str
    title: Text
    summary: Text
    body: Text
    region: Text
    conventions: list[str]
    options: list[str]  # ids of Annex I paragraphs or items
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    source_document: str | None
    source_ref: str | None
    source_title: Text | None
    source_url: str | None
    note: Text | None = None  # the site's editorial note on the story or its source


@dataclass(frozen=True)
class EditorialNote:
    """A note of the site on a text: shown beside it, never part of it."""

    document: str  # id of a document, option area, the key-actions table, a story; "references"
    target: str | None  # id of the paragraph, item, key action, story or reference; None on a footnote
    footnote: int | None  # number of the footnote it is on
    text: Text


@dataclass(frozen=True)
class Anchor:
    """Where a paragraph, item or key action stands: its page and its citation."""

    id: str
    scope: str  # "decision", "annex-1", an option area's id, "annex-2", "key-actions", "report"
    ref: str  # "16(d)(ii)", "A.1 (a)"; "" for text without a number
    text: Text
    source: str = ""  # the id of the official document it is part of
    part: Text | None = None  # the part of that document, as cited ("annex I"); None: the whole
    kind: str = "paragraph"  # "paragraph" (a paragraph or an item) or "row" (of a table)


@dataclass
class Dataset:
    """Everything in ``data/``, validated."""

    strings: dict[str, Text]
    sources: dict[str, Source]
    references: dict[str, Reference]
    decision: Document
    annex1: Document
    areas: list[OptionArea]  # in the order Annex I lists them
    annex2: Document
    key_actions: KeyActions
    report: Document
    version: str  # content hash of the data files
    files: dict[str, str] = field(default_factory=dict)  # data file -> sha256
    conventions: list[Convention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)  # newest first
    anchors: dict[str, Anchor] = field(default_factory=dict)
    pending: list[PendingText] = field(default_factory=list)  # translations still to do

    def convention(self, convention_id: str) -> Convention:
        """Return the convention with this id."""
        return next(c for c in self.conventions if c.id == convention_id)

    def area(self, area_id: str) -> OptionArea:
        """Return the option area with this id."""
        return next(area for area in self.areas if area.id == area_id)

    def string(self, key: str, lang: str) -> str:
        """Return the site's own string ``key`` in ``lang``."""
        return self.strings[key][lang]

    def editorial_notes(self) -> list[EditorialNote]:
        """Every editorial note of the data, in the order of the texts."""
        notes: list[EditorialNote] = []

        def add(document: str, thing, footnote: int | None = None) -> None:
            if thing.note is not None:
                target = None if footnote is not None else thing.id
                notes.append(EditorialNote(document, target, footnote, thing.note))

        def items(document: str, values: list[Item]) -> None:
            for item in values:
                add(document, item)
                items(document, item.items)

        def paragraphs(document: str, values: list[Paragraph]) -> None:
            for paragraph in values:
                add(document, paragraph)
                items(document, paragraph.items)

        def sections(document: str, values: list[Section]) -> None:
            for section in values:
                paragraphs(document, section.paragraphs)
                sections(document, section.sections)

        def footnotes(document: str, values: list[Footnote]) -> None:
            for footnote in values:
                add(document, footnote, footnote.number)

        def document(value: Document) -> None:
            paragraphs(value.id, value.preamble)
            sections(value.id, value.sections)
            footnotes(value.id, value.footnotes)

        document(self.decision)
        document(self.annex1)
        for area in self.areas:
            sections(area.id, area.sections)
            footnotes(area.id, area.footnotes)
        document(self.annex2)
        for _, _, action in self.key_actions.rows():
            add(self.key_actions.id, action)
        footnotes(self.key_actions.id, self.key_actions.footnotes)
        document(self.report)
        for story in self.stories:
            add(story.id, story)
        for reference in self.references.values():
            add("references", reference)
        return notes
