"""Typed objects of the data: what the loader returns and the renderers read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .languages import Languages

# The language tag (BCP 47 "mul") of a download that holds every language.
MULTILINGUAL = "mul"
# What a focal point can say of an option, in the order offered; the words of
# each are the site strings ``checklist.status.<status>``.
CHECKLIST_STATUSES = ("not-started", "planned", "in-progress", "done", "not-applicable")
# What a document is (its file's ``kind``): its page, its schema, its downloads.
TEXT_KINDS = ("decision", "annex", "report")  # sections of paragraphs (document.schema.json)
OPTIONS_KIND = "options"  # an area of options for action: a checklist (option-area.schema.json)
TABLE_KIND = "table"  # a table of key actions (key-actions.schema.json)
DOCUMENT_KINDS = (*TEXT_KINDS, OPTIONS_KIND, TABLE_KIND)

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
    """A text in every language of the site: ``text[lang]``.

    A language in ``pending`` has no text of its own yet: it holds the text of
    the language ``pending[lang]`` names (the first of the file's fallback
    languages that has one), which pages show marked as such.
    """

    values: Mapping[str, str]
    pending: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, lang: str) -> str:
        return self.values[lang]

    def written_in(self, lang: str) -> str:
        """The language of the text shown for ``lang``."""
        return self.pending.get(lang, lang)

    @classmethod
    def same(cls, value: str, languages) -> Text:
        """The same words in every language (a symbol, a label such as "B.1")."""
        return cls({lang: value for lang in languages})


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
    official_text: dict[str, str]  # language -> address of the official text
    official_language: str = ""  # the language of the official text that the data copies
    fallback: tuple[str, ...] = ()  # what a pending translation shows, first found
    documents: list[str] = field(default_factory=list)  # ids of its documents, in order
    cite_as: Text | None = None  # how a citation names it: "CBD decision XIII/24"

    def official_in(self, lang: str) -> tuple[str, str] | None:
        """(language, address) of its official text in ``lang``, else in the first
        of its fallback languages that has one; None when it links none."""
        for candidate in (lang, *self.fallback, *self.official_text):
            if candidate in self.official_text:
                return candidate, self.official_text[candidate]
        return None


@dataclass(kw_only=True)
class Document:
    """A document of the site: a data file that names its kind and its source.

    A document ``part_of`` another (an option area of an annex, the table of
    key actions of an annex) has its page in its parent's folder; any other
    has a folder of its own, ``page``.
    """

    id: str
    kind: str  # one of DOCUMENT_KINDS
    source_id: str
    title: Text
    path: str  # data file, relative to the project folder
    page: str = ""  # its page under docs/: "decision/index.md", "annex-1/coordination.md"
    part_of: str | None = None  # the id of the document it belongs to
    parts: list[str] = field(default_factory=list)  # ids of its parts, in order
    symbol: Text | None = None  # printed before its title: "XIII/24.", "Annex I"
    short_title: Text | None = None  # in the navigation and page titles
    nav_title: Text | None = None  # the navigation section of a document with parts
    summary: Text | None = None  # where its parent links it
    cite_as: Text | None = None  # the part of its source it is, as cited: "annex I"
    footnotes: list[Footnote] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def folder(self) -> str:
        """The folder of its page (and of its parts' pages) under docs/."""
        return self.page.rsplit("/", 1)[0]


@dataclass(kw_only=True)
class TextDocument(Document):
    """A text made of sections: a decision, an annex, a report."""

    preamble: list[Paragraph] = field(default_factory=list)


@dataclass(kw_only=True)
class OptionArea(Document):
    """An area of options for action (Annex I, section B): its items make a checklist."""

    part: str
    label: str

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


@dataclass(kw_only=True)
class KeyActions(Document):
    """A table of key actions (Annex II, section E), by area and activity."""

    subtitle: Text | None = None
    columns: list[Column] = field(default_factory=list)
    groups: list[ActionGroup] = field(default_factory=list)
    notes: list[tuple[str, Text]] = field(default_factory=list)
    organizations: dict[str, Text] = field(default_factory=dict)

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
    """Where a paragraph, item or key action stands: its document and its citation."""

    id: str
    scope: str  # the id of the document that holds it (its page)
    ref: str  # "16(d)(ii)", "A.1 (a)"; "" for text without a number
    text: Text
    source: str = ""  # the id of the official document it is part of
    part: Text | None = None  # the part of that document, as cited ("annex I"); None: the whole
    kind: str = "paragraph"  # "paragraph" (a paragraph or an item) or "row" (of a table)


@dataclass(frozen=True)
class FontFile:
    """The font a language's PDFs are printed in (data/site.yaml ``languages.fonts``)."""

    path: str  # absolute
    sha256: str  # of its bytes: a new font makes the PDFs again


@dataclass
class Dataset:
    """Everything in ``data/``, validated."""

    languages: Languages
    strings: dict[str, Text]
    sources: dict[str, Source]
    references: dict[str, Reference]
    documents: list[Document]  # in reading order: each document, then its parts
    version: str  # content hash of the data files
    files: dict[str, str] = field(default_factory=dict)  # data file -> sha256
    conventions: list[Convention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)  # newest first
    anchors: dict[str, Anchor] = field(default_factory=dict)
    pending: list[PendingText] = field(default_factory=list)  # translations still to do
    # the home page's ways in: [{"role", "links": [{"document" or "page", "label"}]}]
    ways_in: list[dict] = field(default_factory=list)
    # the fonts of languages that Noto Sans SC does not print, by language
    fonts: dict[str, FontFile] = field(default_factory=dict)

    def document(self, document_id: str) -> Document:
        """Return the document with this id."""
        return next(document for document in self.documents if document.id == document_id)

    def parts(self, document: Document) -> list[Document]:
        """The parts of ``document``, in order."""
        return [self.document(part) for part in document.parts]

    def top_documents(self) -> list[Document]:
        """The documents that are not part of another, in reading order."""
        return [document for document in self.documents if document.part_of is None]

    @property
    def areas(self) -> list[OptionArea]:
        """Every area of options (a checklist each), in reading order."""
        return [document for document in self.documents if isinstance(document, OptionArea)]

    @property
    def tables(self) -> list[KeyActions]:
        """Every table of key actions, in reading order."""
        return [document for document in self.documents if isinstance(document, KeyActions)]

    def areas_of(self, document: Document) -> list[OptionArea]:
        """The areas of options that are parts of ``document``."""
        return [part for part in self.parts(document) if isinstance(part, OptionArea)]

    def with_areas(self) -> list[Document]:
        """The documents that have areas of options: each has a checklist of them all."""
        return [document for document in self.documents if self.areas_of(document)]

    def convention(self, convention_id: str) -> Convention:
        """Return the convention with this id."""
        return next(c for c in self.conventions if c.id == convention_id)

    def area(self, area_id: str) -> OptionArea:
        """Return the area of options with this id."""
        return next(area for area in self.areas if area.id == area_id)

    def string(self, key: str, lang: str) -> str:
        """Return the site's own string ``key`` in ``lang``."""
        return self.strings[key][lang]

    def language_tag(self, lang: str) -> str:
        """The language tag that files say they are in (PDF, XLSX, Atom): the
        site's locale for ``lang`` (string ``meta.locale``, "zh_CN") as BCP 47,
        "zh-CN"; the language's code while that string is pending in it."""
        locale = self.strings.get("meta.locale")
        if locale is None or lang in locale.pending:
            return lang
        return locale[lang].replace("_", "-")

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

        for document in self.documents:
            paragraphs(document.id, getattr(document, "preamble", []))
            sections(document.id, document.sections)
            if isinstance(document, KeyActions):
                for _, _, action in document.rows():
                    add(document.id, action)
            for footnote in document.footnotes:
                add(document.id, footnote, footnote.number)
        for story in self.stories:
            add(story.id, story)
        for reference in self.references.values():
            add("references", reference)
        return notes
