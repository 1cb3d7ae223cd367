"""Load ``data/``: read every file, validate it against its schema, check the
links between files, and build the typed objects of ``model``.

Every problem is collected; ``load_dataset`` raises one ``DataErrors`` with all
of them, so an editor fixes everything in one round.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import json
import re
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

from .characters import describe, refused_in
from .errors import DataError, DataErrors, format_path
from .linker import plain
from .numerals import roman_value
from .languages import Languages, project_languages
from .model import (
    DOCUMENT_KINDS,
    OPTIONS_KIND,
    TABLE_KIND,
    TEXT_KINDS,
    ActionGroup,
    Activity,
    Anchor,
    Column,
    Convention,
    Dataset,
    Document,
    FontFile,
    Event,
    Footnote,
    Item,
    KeyAction,
    KeyActions,
    OptionArea,
    Paragraph,
    PendingText,
    Reference,
    Section,
    Source,
    Story,
    Term,
    Text,
    TextDocument,
)
from .yaml_source import SourceFile, read_source

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

# jsonschema (0.1 s to import) is imported when the data is validated: on
# ``mkdocs build`` the build's own process only fingerprints the data
# (``data_files``), and the data loads in another (``pipeline.Pipeline.prepare``).

# The files of the site as a whole, each with its schema; every other YAML file
# directly in data/ or in a folder of it (but data/stories/) is a document,
# whose ``kind`` names its schema (DOCUMENT_SCHEMAS).
SITE_FILES = {
    "data/site.yaml": "site",
    "data/sources.yaml": "sources",
    "data/references.yaml": "references",
    "data/conventions.yaml": "conventions",
    "data/events.yaml": "events",
    "data/glossary.yaml": "glossary",
}
STORIES = "data/stories/*.yaml"
DOCUMENT = "document"  # what ``kind_of`` says of a document file
DOCUMENT_SCHEMAS = {**{kind: "document" for kind in TEXT_KINDS},
                    OPTIONS_KIND: "option-area", TABLE_KIND: "key-actions"}

# The kinds of file whose paragraphs, items and rows are anchors (``collect_anchors``).
ANCHOR_KINDS = (DOCUMENT,)

FOOTNOTE_MARKER = re.compile(r"\[\^(\d+)\]")

_TYPE_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
    type(None): "nothing",
}
_SCHEMA_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def data_files(root: Path) -> list[Path]:
    """Return every YAML file under ``root/data``, sorted."""
    data = root / "data"
    return sorted(p for p in data.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_schemas(root: Path, languages: Languages | None = None) -> dict[str, Draft202012Validator]:
    """Return a validator per data-file kind, from ``root/schemas``. With the
    site's ``languages``, a text may hold those languages only (the published
    schemas accept any language code: the site's are in mkdocs.yml)."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    resources = []
    for path in sorted((root / "schemas").glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        if languages is not None and "language" in contents.get("$defs", {}):
            contents["$defs"]["language"] = dict(contents["$defs"]["language"],
                                                 enum=list(languages))
        resources.append((path.name, Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    return {
        name.removesuffix(".schema.json"): Draft202012Validator(
            resource.contents, registry=registry
        )
        for name, resource in resources
    }


def kind_of(relative: str) -> str | None:
    """What a data file at ``relative`` is: the schema of a file of the site as
    a whole, "story", ``DOCUMENT`` (its own ``kind`` names its schema, see
    ``schema_of``), or None for a file where no data goes: deeper than one
    folder in data/, or a story in a folder of data/stories/."""
    if relative in SITE_FILES:
        return SITE_FILES[relative]
    parts = relative.split("/")
    if fnmatch(relative, STORIES) and len(parts) == 3:
        return "story"
    if parts[0] == "data" and len(parts) in (2, 3) and parts[1] != "stories" \
            and relative.endswith((".yaml", ".yml")):
        return DOCUMENT
    return None


def schema_of(source: SourceFile, kind: str) -> tuple[str | None, list[DataError]]:
    """The schema a parsed file follows: its kind's, or, for a document, the one
    its ``kind`` field names (else the errors that say what is wrong with it)."""
    if kind != DOCUMENT:
        return kind, []
    value = source.data.get("kind") if isinstance(source.data, dict) else None
    if value in DOCUMENT_SCHEMAS:
        return DOCUMENT_SCHEMAS[value], []
    expected = ", ".join(repr(kind) for kind in DOCUMENT_KINDS)
    if value is None:
        return None, [source.error((), f"missing field 'kind': a document says what it is, "
                                       f"one of {expected}")]
    return None, [source.error(("kind",), f"expected one of {expected}, got {value!r}")]


def load_dataset(root: Path, languages: Languages | None = None) -> Dataset:
    """Read and validate all data under ``root``; raise ``DataErrors`` on any problem.

    ``languages``: the site's (by default, those of ``root/mkdocs.yml``); every
    text has one of each, or is pending in those it lacks. Every file that
    parses is checked in full, whatever is wrong elsewhere, so that an editor
    sees every problem in one run: a file with a syntax or schema error is
    left out of the checks that need its content, and only those.
    """
    root = Path(root)
    languages = languages or project_languages(root)
    validators = load_schemas(root, languages)
    errors: list[DataError] = []
    files: dict[str, SourceFile] = {}  # the files that parse and follow their schema
    digests: dict[str, str] = {}
    parsed: list[SourceFile] = []
    for path in data_files(root):
        relative = path.relative_to(root).as_posix()
        kind = kind_of(relative)
        if kind is None:
            errors.append(DataError(relative, 0, 0, "", "is not a known data file; "
                                    "see the editor's guide for where data goes"))
            continue
        digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        source, problems = read_source(path, relative)
        errors.extend(problems)
        if source is None:
            continue
        parsed.append(source)
        schema, problems = schema_of(source, kind)
        errors.extend(problems)
        if schema is None:
            continue
        schema_errors = validate(source, validators[schema])
        errors.extend(schema_errors)
        if not schema_errors:
            files[relative] = source
    for relative in SITE_FILES:
        if relative not in digests:
            errors.append(DataError(relative, 0, 0, "", "is missing"))
    errors.extend(check_unique_ids(parsed))
    errors.extend(check_markup(parsed))
    errors.extend(check_characters(parsed))

    builder = _Builder(files, languages, unavailable=set(digests) - set(files),
                       parsed={source.path: source for source in parsed})
    dataset = builder.build(digests)
    dataset.pending = sorted(builder.pending)
    dataset.fonts, problems = read_fonts(root, files.get("data/site.yaml"))
    errors.extend(problems)
    errors.extend(builder.errors)
    errors.extend(check_links(dataset, builder))
    errors.extend(check_page_names(dataset, builder.files))
    if not errors:
        # what the PDFs print is known only once the whole dataset is
        errors.extend(check_printable(dataset, files))
    if errors:
        raise DataErrors(errors)
    return dataset


# The first bytes of a TrueType or OpenType font file.
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true")


def read_fonts(root: Path, site: SourceFile | None) -> tuple[dict[str, FontFile], list[DataError]]:
    """The fonts that data/site.yaml names for languages (``languages.fonts``):
    each a font file inside the project's folder."""
    entries = ((site.data.get("languages") or {}).get("fonts") or {}) if site else {}
    fonts, errors = {}, []
    top = root.resolve()
    for lang, relative in entries.items():
        path = (root / relative).resolve()
        problem = None
        if not path.is_relative_to(top):
            problem = f"{relative!r} is outside the project's folder; expected a path in it"
        elif not path.is_file():
            problem = f"no font file {relative!r}; expected a .ttf or .otf file in the project"
        else:
            content = path.read_bytes()
            if not content.startswith(_FONT_MAGIC):
                problem = f"{relative!r} is not a TrueType or OpenType font"
            else:
                fonts[lang] = FontFile(str(path), hashlib.sha256(content).hexdigest())
        if problem:
            errors.append(site.error(("languages", "fonts", lang), problem))
    return fonts, errors


def validate(source: SourceFile, validator: Draft202012Validator) -> list[DataError]:
    """Check one file against its schema; one message per problem, at its line."""
    found = []
    for error in validator.iter_errors(source.data):
        found.extend(_describe(source, error))
    return found


def _describe(source: SourceFile, error) -> list[DataError]:
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "anyOf" and error.context and all(e.validator == "required"
                                                  for e in error.context):
        # "ref or url": name every field that would do
        names = " or ".join(repr(e.message.split("'")[1]) for e in error.context)
        return [source.error(path, f"missing field {names}")]
    if kind in ("oneOf", "anyOf") and error.context:
        # report the branch that got furthest, which is what the editor meant
        best = max(error.context, key=lambda e: len(e.absolute_path))
        return _describe(source, best)
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(error.schema.get("properties", {}))
        return [
            source.error(path + (key,), f"unknown key {key!r}; expected one of: {allowed}")
            for key in extra
        ]
    if kind == "required":
        missing = error.message.split("'")[1]
        return [source.error(path, f"missing field {missing!r}")]
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else expected
        wanted = " or ".join(_SCHEMA_TYPE_NAMES.get(n, n) for n in names)
        got = _TYPE_NAMES.get(type(error.instance), type(error.instance).__name__)
        return [source.error(path, f"expected {wanted}, got {got}")]
    if kind == "pattern":
        what = error.schema.get("description") or f"text matching {error.validator_value}"
        if error.validator_value == "\\S":
            return [source.error(path, "must not be empty")]
        return [source.error(path, f"expected {what}, got {error.instance!r}")]
    if kind == "enum" and "propertyNames" in error.relative_schema_path:
        names = ", ".join(error.validator_value)
        return [source.error(path + (error.instance,),
                             f"unknown language {error.instance!r}; the site's languages are "
                             f"{names} (mkdocs.yml, plugin i18n)")]
    if kind == "enum":
        options = ", ".join(repr(v) for v in error.validator_value)
        return [source.error(path, f"expected one of {options}, got {error.instance!r}")]
    if kind == "minLength" or kind == "minProperties" and error.validator_value == 1:
        return [source.error(path, "must not be empty")]
    if kind == "not" and error.schema.get("description"):
        # the schema says what the value must not be
        return [source.error(path, error.schema["description"])]
    if kind == "minItems":
        return [source.error(path, f"needs at least {error.validator_value} entries")]
    if kind == "maxItems":
        return [source.error(path, f"may have at most {error.validator_value} entries")]
    if kind == "minimum":
        return [source.error(path, f"expected at least {error.validator_value}, "
                                   f"got {error.instance!r}")]
    return [source.error(path, error.message)]


class _Builder:
    """Turn validated files into model objects, collecting what only they can check."""

    def __init__(self, files: dict[str, SourceFile], languages: Languages,
                 unavailable: set[str] = frozenset(),
                 parsed: dict[str, SourceFile] | None = None):
        self.files = files
        self.languages = languages
        # every file that parses, whatever its schema says: its ids still count
        self.parsed = parsed if parsed is not None else dict(files)
        # files that exist but could not be read or validated: checks that need
        # their content are left out (their own errors are reported already)
        self.unavailable = set(unavailable)
        self.errors: list[DataError] = []
        self.pending: list[PendingText] = []
        # where each mapping stands, to locate a text's problems
        self._places = {
            id(value): (source, parts)
            for source in files.values()
            for parts, value in _nodes(source.data) if isinstance(value, dict)
        }
        # convention ids in the order of data/conventions.yaml, to check and sort
        # tags (None: that file is unreadable, tags are not checked)
        order = self.ids("data/conventions.yaml", "conventions")
        self.convention_order = None if order is None else \
            {convention_id: index for index, convention_id in enumerate(order)}
        self._fallbacks: dict[str, tuple[str, ...]] = {}

    def ids(self, relative: str, key: str) -> list[str] | None:
        """The ids of the entries under ``key`` of a file that parses, even if its
        schema finds fault with other fields; None when they cannot be read."""
        source = self.parsed.get(relative)
        entries = source.data.get(key) if source and isinstance(source.data, dict) else None
        if not isinstance(entries, list):
            return None
        ids = [entry.get("id") if isinstance(entry, dict) else None for entry in entries]
        return ids if all(isinstance(value, str) for value in ids) else None

    def fallback(self, relative: str) -> tuple[str, ...]:
        """What a pending translation in the file ``relative`` shows instead, the
        first of these languages that the text has: a document's source names
        them (``languages.fallback`` in data/sources.yaml), data/site.yaml
        names them for the rest."""
        if relative not in self._fallbacks:
            site = self.parsed.get("data/site.yaml")
            chain = _fallback_of(site.data if site else None)
            document = self.parsed.get(relative)
            if kind_of(relative) == DOCUMENT and document and isinstance(document.data, dict):
                sources = self.parsed.get("data/sources.yaml")
                entries = sources.data.get("sources") if sources and isinstance(
                    sources.data, dict) else None
                for entry in entries if isinstance(entries, list) else []:
                    if isinstance(entry, dict) and entry.get("id") == document.data.get("source"):
                        chain = _fallback_of(entry) or chain
            self._fallbacks[relative] = tuple(chain)
        return self._fallbacks[relative]

    # -- helpers ---------------------------------------------------------
    def text(self, value: dict | None) -> Text | None:
        """A Text of a mapping from language to text. A language of the site that
        it lacks shows the text of a fallback language (see ``fallback``) and
        is recorded as a pending translation (the schema refuses a language
        the site does not have)."""
        if not value:
            return None
        source, parts = self._places[id(value)]
        given = [lang for lang in self.languages if lang in value]
        missing = [lang for lang in self.languages if lang not in value]
        if not missing:
            return Text({lang: value[lang] for lang in self.languages})
        shown = next((lang for lang in self.fallback(source.path) if lang in value), given[0])
        line, column = source.where(parts)
        for lang in missing:
            self.pending.append(PendingText(source.path, line, column, format_path(parts + (lang,)),
                                            lang, shown, _nearest_id(source.data, parts)))
        return Text({lang: value[lang] if lang in value else value[shown]
                     for lang in self.languages}, {lang: shown for lang in missing})

    def label(self, value) -> Text | None:
        if value is None:
            return None
        if isinstance(value, str):
            return Text.same(value, self.languages)
        return self.text(value)

    def tags(self, source, parts, value, inherited=()) -> list[str]:
        """Convention ids of ``value["conventions"]`` and ``inherited``, checked and
        in the order of data/conventions.yaml."""
        own = value.get("conventions", []) if isinstance(value, dict) else []
        if self.convention_order is None:
            return list(dict.fromkeys((*inherited, *own)))
        for position, tag in enumerate(own):
            if tag not in self.convention_order:
                self.errors.append(source.error(
                    parts + ("conventions", position),
                    f"unknown convention {tag!r}; expected one of "
                    f"{', '.join(self.convention_order)}"))
        tags = {tag for tag in (*inherited, *own) if tag in self.convention_order}
        return sorted(tags, key=self.convention_order.__getitem__)

    def date(self, source, parts, value: str | None) -> str | None:
        """Check that ``value`` (YYYY, YYYY-MM or YYYY-MM-DD) is a real date."""
        if value is None:
            return None
        pieces = [int(piece) for piece in value.split("-")]
        try:
            datetime.date(pieces[0], *(pieces[1:] + [1] * (3 - len(pieces))))
        except ValueError as exc:
            self.errors.append(source.error(parts, f"{value!r} is not a real date: {exc}"))
        return value

    def items(self, source, parts, values, depth, prefix, inherited=()) -> list[Item]:
        result = []
        for index, value in enumerate(values or []):
            here = parts + (index,)
            label = value["label"]
            if depth == 2 and not roman_value(label):
                self.errors.append(source.error(
                    here + ("label",), f"expected a roman numeral (i, ii, iii...), got {label!r}"))
            ref = f"{prefix}({label})"
            item = Item(
                id=value["id"],
                label=label,
                text=self.text(value["text"]),
                depth=depth,
                ref=ref,
                conventions=self.tags(source, here, value, inherited),
                note=self.text(value.get("note")),
            )
            item.items = self.items(source, here + ("items",), value.get("items"), depth + 1, ref,
                                    item.conventions)
            if item.items and depth >= 2:
                self.errors.append(source.error(here + ("items",), "items nest at most two levels"))
            result.append(item)
        return result

    def paragraphs(self, source, parts, values) -> list[Paragraph]:
        result = []
        for index, value in enumerate(values or []):
            here = parts + (index,)
            number = value.get("number")
            paragraph = Paragraph(
                id=value["id"],
                number=number,
                text=self.text(value["text"]),
                closing=self.text(value.get("closing")),
                conventions=self.tags(source, here, value),
                note=self.text(value.get("note")),
            )
            paragraph.items = self.items(source, here + ("items",), value.get("items"), 1,
                                         number or "", paragraph.conventions)
            result.append(paragraph)
        return result

    def sections(self, source, parts, values) -> list[Section]:
        result = []
        for index, value in enumerate(values or []):
            here = parts + (index,)
            section = Section(
                id=value["id"],
                label=self.label(value.get("label")),
                title=self.text(value["title"]),
                role=value.get("role"),
                paragraphs=self.paragraphs(source, here + ("paragraphs",), value.get("paragraphs")),
                sections=self.sections(source, here + ("sections",), value.get("sections")),
                area_ids=list(value.get("areas", [])),
            )
            result.append(section)
        return result

    def footnotes(self, values) -> list[Footnote]:
        return [
            Footnote(number=v["number"], text=self.text(v["text"]), cites=list(v.get("cites", [])),
                     note=self.text(v.get("note")))
            for v in values or []
        ]

    def check_named_after_id(self, source, relative: str) -> None:
        """A file holding one thing (an option area, a story) is named after its id."""
        expected = Path(relative).stem
        if source.data["id"] != expected:
            self.errors.append(source.error(
                ("id",), f"expected {expected!r} (the file's name), got {source.data['id']!r}"))

    def _entries(self, relative: str, key: str):
        """The top-level ``key`` of a file: its mapping or list (empty if unavailable)."""
        if relative not in self.files:
            return {} if key == "strings" else []
        return self.files[relative].data[key]

    # -- files -----------------------------------------------------------
    def header(self, source: SourceFile) -> dict:
        """What every document says of itself (the fields of ``model.Document``)."""
        data = source.data
        return dict(
            id=data["id"], kind=data["kind"], source_id=data["source"],
            title=self.text(data["title"]), path=source.path,
            page=f"{data['page']}/index.md" if "page" in data else "",
            part_of=data.get("part_of"), symbol=self.label(data.get("symbol")),
            short_title=self.text(data.get("short_title")),
            nav_title=self.text(data.get("nav_title")), summary=self.text(data.get("summary")),
            footnotes=self.footnotes(data.get("footnotes")),
            cite_as=self.text(data.get("cite_as")),
            sections=self.sections(source, ("sections",), data.get("sections")),
        )

    def document(self, source: SourceFile) -> Document:
        """The document of a file (its kind decides which model)."""
        kind = source.data["kind"]
        if kind == OPTIONS_KIND:
            return self.area(source)
        if kind == TABLE_KIND:
            return self.key_actions(source)
        return TextDocument(**self.header(source),
                            preamble=self.paragraphs(source, ("preamble",),
                                                     source.data.get("preamble")))

    def area(self, source: SourceFile) -> OptionArea:
        data = source.data
        self.check_named_after_id(source, source.path)
        area = OptionArea(**self.header(source), part=data["part"], label=data["label"])
        roles = [section.role for section in area.sections]
        if roles.count("rationale") != 1 or roles.count("options") != 1:
            self.errors.append(source.error(
                ("sections",),
                f"expected one section with role 'rationale' and one with role 'options', "
                f"got roles {roles}",
            ))
        return area

    def key_actions(self, source: SourceFile) -> KeyActions:
        data = source.data
        columns = [
            Column(c["id"], self.text(c["title"]), self.text(c.get("description")))
            for c in data["columns"]
        ]
        expected = ["area", "activity", "key_action", "timing", "lead",
                    "cbd_mandate", "other_mandate", "origin"]
        if [c.id for c in columns] != expected:
            self.errors.append(source.error(
                ("columns",), f"expected the columns {expected} in this order, "
                              f"got {[c.id for c in columns]}"))
        organizations = {o["id"]: self.text(o["name"]) for o in data.get("organizations", [])}
        groups = []
        for g, group in enumerate(data["groups"]):
            activities = []
            for a, activity in enumerate(group["activities"]):
                actions = []
                for r, action in enumerate(activity["actions"]):
                    here = ("groups", g, "activities", a, "actions", r)
                    for position, lead in enumerate(action.get("leads", [])):
                        if lead not in organizations:
                            self.errors.append(source.error(
                                here + ("leads", position),
                                f"unknown organization {lead!r}; add it to 'organizations' "
                                f"or use one of {', '.join(organizations)}"))
                    cells = {
                        key: self.text(action[key])
                        for key in ("timing", "lead", "cbd_mandate", "other_mandate", "origin")
                        if key in action
                    }
                    actions.append(KeyAction(
                        id=action["id"],
                        label=action.get("label"),
                        text=self.text(action["text"]),
                        cells=cells,
                        truncated=bool(action.get("truncated", False)),
                        conventions=self.tags(source, here, action),
                        leads=list(action.get("leads", [])),
                        priority=bool(action.get("priority", False)),
                        note=self.text(action.get("note")),
                    ))
                activities.append(Activity(
                    id=activity["id"],
                    label=activity["label"],
                    text=self.text(activity["text"]),
                    actions=actions,
                ))
            groups.append(ActionGroup(
                id=group["id"],
                label=group["label"],
                title=self.text(group["title"]),
                activities=activities,
            ))
        return KeyActions(
            **self.header(source),
            subtitle=self.text(data.get("subtitle")),
            columns=columns,
            groups=groups,
            notes=[(n["marker"], self.text(n["text"])) for n in data.get("notes", [])],
            organizations=organizations,
        )

    def conventions(self) -> list[Convention]:
        source = self.files.get("data/conventions.yaml")
        if source is None:
            return []
        result = []
        for index, value in enumerate(source.data["conventions"]):
            here = ("conventions", index)
            body = value["governing_body"]
            if value["adopted"] > value["in_force"]:
                self.errors.append(source.error(
                    here + ("in_force",), f"{value['in_force']!r} is before the date of "
                                          f"adoption {value['adopted']!r}"))
            result.append(Convention(
                id=value["id"],
                group=value["group"],
                acronym=self.text(value["acronym"]),
                name=self.text(value["name"]),
                adopted=self.date(source, here + ("adopted",), value["adopted"]),
                adopted_at=self.text(value.get("adopted_at")),
                in_force=self.date(source, here + ("in_force",), value["in_force"]),
                objective=self.text(value["objective"]),
                body_name=self.text(body["name"]),
                body_cycle=self.text(body["cycle"]),
                body_ref=body.get("ref"),
                website=value["website"],
            ))
        return result

    def events(self) -> list[Event]:
        source = self.files.get("data/events.yaml")
        if source is None:
            return []
        result = []
        for index, value in enumerate(source.data["events"]):
            here = ("events", index)
            yearly = value.get("yearly")
            needs, forbids = (("yearly",), ("start", "end")) if value["kind"] == "day" else \
                (("start",), ("yearly", "since"))
            for key in needs:
                if key not in value:
                    self.errors.append(source.error(
                        here, f"missing field {key!r} (a {value['kind']} needs it)"))
            for key in forbids:
                if key in value:
                    self.errors.append(source.error(
                        here + (key,), f"a {value['kind']} has no {key!r}; "
                                       f"expected {' and '.join(repr(k) for k in needs)}"))
            if yearly and "day" in yearly:
                # any year: 29 February is allowed, 31 April is not
                last = calendar.monthrange(2024, yearly["month"])[1]
                if yearly["day"] > last:
                    self.errors.append(source.error(
                        here + ("yearly", "day"),
                        f"month {yearly['month']} has {last} days, got day {yearly['day']}"))
            start = self.date(source, here + ("start",), value.get("start"))
            end = self.date(source, here + ("end",), value.get("end"))
            if start and end and end < start:
                self.errors.append(source.error(
                    here + ("end",), f"{end!r} is before the start {start!r}"))
            result.append(Event(
                id=value["id"],
                kind=value["kind"],
                title=self.text(value["title"]),
                description=self.text(value.get("description")),
                conventions=self.tags(source, here, value),
                yearly=dict(yearly) if yearly else None,
                since=value.get("since"),
                start=start,
                end=end,
                place=self.text(value.get("place")),
                ref=value.get("ref"),
                url=value.get("url"),
            ))
        return result

    def terms(self) -> list[Term]:
        source = self.files.get("data/glossary.yaml")
        if source is None:
            return []
        result, seen = [], {}
        for index, value in enumerate(source.data["terms"]):
            here = ("terms", index)
            abbr = value.get("abbr")
            if abbr in seen:
                self.errors.append(source.error(
                    here + ("abbr",), f"{abbr!r} is already explained by {seen[abbr]!r}"))
            elif abbr:
                seen[abbr] = value["id"]
            result.append(Term(
                id=value["id"],
                abbr=abbr,
                term=self.text(value["term"]),
                definition=self.text(value["definition"]),
                conventions=self.tags(source, here, value),
                url=value.get("url"),
            ))
        return result

    def story(self, relative: str) -> Story:
        source = self.files[relative]
        data = source.data
        self.check_named_after_id(source, relative)
        origin = data["source"]
        return Story(
            id=data["id"],
            path=relative,
            title=self.text(data["title"]),
            summary=self.text(data["summary"]),
            body=self.text(data["body"]),
            region=self.text(data["region"]),
            conventions=self.tags(source, (), data),
            options=list(data["options"]),
            date=self.date(source, ("date",), data["date"]),
            source_document=origin.get("document"),
            source_ref=origin.get("ref"),
            source_title=self.text(origin.get("title")),
            source_url=origin.get("url"),
            note=self.text(data.get("note")),
        )

    def build(self, digests: dict[str, str]) -> Dataset:
        strings = {key: self.text(value)
                   for key, value in self._entries("data/site.yaml", "strings").items()}
        sources = {}
        for value in self._entries("data/sources.yaml", "sources"):
            sources[value["id"]] = Source(
                id=value["id"],
                symbol=value["symbol"],
                date=value.get("date"),
                title=self.text(value["title"]),
                body=self.text(value["body"]),
                meeting=self.text(value.get("meeting")),
                agenda_item=self.text(value.get("agenda_item")),
                official_text=dict(value["official_text"]),
                official_language=value["languages"]["official"],
                fallback=tuple(value["languages"].get("fallback", [])),
                documents=list(value["documents"]),
                cite_as=self.text(value["cite_as"]),
            )
        references = {}
        for value in self._entries("data/references.yaml", "references"):
            references[value["id"]] = Reference(
                id=value["id"],
                symbol=value.get("symbol"),
                title=self.text(value["title"]),
                url=value.get("url"),
                kind=value.get("kind"),
                cited_as=list(value.get("cited_as", [])),
                note=self.text(value.get("note")),
            )
        # the version names the data, not the moment of the build
        combined = hashlib.sha256(
            "".join(f"{name}\0{digest}\0" for name, digest in sorted(digests.items())).encode()
        ).hexdigest()
        stories = [self.story(relative) for relative in sorted(self.files)
                   if kind_of(relative) == "story"]
        # newest first; the id settles stories of the same date
        stories.sort(key=lambda story: story.id)
        stories.sort(key=lambda story: story.date, reverse=True)
        documents = [self.document(source) for relative, source in sorted(self.files.items())
                     if kind_of(relative) == DOCUMENT]
        dataset = Dataset(
            languages=self.languages,
            strings=strings,
            sources=sources,
            references=references,
            documents=self.arrange(documents, sources),
            version=combined[:12],
            files=digests,
            conventions=self.conventions(),
            events=self.events(),
            terms=self.terms(),
            stories=stories,
            ways_in=self.ways_in(strings, documents),
        )
        dataset.anchors = collect_anchors(dataset)
        return dataset

    def ways_in(self, strings: dict, documents: list[Document]) -> list[dict]:
        """The home page's ways in (data/site.yaml ``home.ways_in``); a link to a
        document that is not there, or named by a string that is not, is an error.
        (Links to pages of the portal are checked with the pages, ``check_page_names``.)"""
        site = self.files.get("data/site.yaml")
        if site is None:
            return []
        ways = site.data["home"]["ways_in"]
        known = {document.id for document in documents} | {
            Path(relative).stem for relative in self.unavailable if kind_of(relative) == DOCUMENT}
        for index, way in enumerate(ways):
            for position, link in enumerate(way["links"]):
                here = ("home", "ways_in", index, "links", position)
                if "document" in link and link["document"] not in known:
                    self.errors.append(site.error(
                        here + ("document",), f"unknown document {link['document']!r}; "
                                              f"expected one of {sorted(known)}"))
                if link["label"] not in strings:
                    self.errors.append(site.error(
                        here + ("label",), f"unknown string {link['label']!r}; add it to "
                                           f"'strings'"))
        return [dict(way, links=[dict(link) for link in way["links"]]) for way in ways]

    def arrange(self, documents: list[Document], sources: dict[str, Source]) -> list[Document]:
        """The documents in reading order, each followed by its parts: the
        documents of each source in the order it lists them (data/sources.yaml),
        the parts of a document in the order its sections list them, then by
        file. Gives each part its page, in its document's folder, and checks
        that documents and parts name each other."""
        by_id = {document.id: document for document in documents}
        # a broken document file still names its document: no error for a link to it
        broken = {Path(relative).stem for relative in self.unavailable
                  if kind_of(relative) == DOCUMENT}
        for document in documents:
            source = self.files[document.path]
            parent = by_id.get(document.part_of)
            if document.part_of is None:
                if not document.page:
                    self.errors.append(source.error(
                        (), "missing field 'page': a document that is not part of another "
                            "has a page of its own, such as 'page: decision' for /decision/"))
            elif "page" in source.data:
                self.errors.append(source.error(
                    ("page",), f"a part of {document.part_of!r} has its page in that "
                               f"document's folder; remove 'page'"))
            elif parent is not None and parent.part_of is None:
                parent.parts.append(document.id)
            elif parent is not None:
                self.errors.append(source.error(
                    ("part_of",), f"{document.part_of!r} is itself part of "
                                  f"{parent.part_of!r}; a part belongs to a document that is "
                                  f"part of none"))
            elif document.part_of not in broken:
                self.errors.append(source.error(
                    ("part_of",), f"unknown document {document.part_of!r}; expected one of "
                                  f"{sorted(d.id for d in documents if d.part_of is None)}"))
        for document in documents:
            if document.part_of is None:
                order = _listing_order(document)
                document.parts.sort(key=lambda part: (order.get(part, len(order)),
                                                      by_id[part].path))
                for part in document.parts:
                    by_id[part].page = f"{document.folder}/{part}.md"
        arranged: list[Document] = []
        listed = set()
        sources_file = self.files.get("data/sources.yaml")
        for index, source in enumerate(sources.values()):
            for position, document_id in enumerate(source.documents):
                document = by_id.get(document_id)
                here = ("sources", index, "documents", position)
                if document is None or document.part_of is not None \
                        or document.source_id != source.id:
                    if document_id not in broken:
                        own = sorted(d.id for d in documents
                                     if d.part_of is None and d.source_id == source.id)
                        self.errors.append(sources_file.error(
                            here, f"{document_id!r} is not a document of this source that is "
                                  f"part of none; expected one of {own}"))
                    continue
                listed.add(document_id)
                arranged += [document, *(by_id[part] for part in document.parts)]
        for document in documents:
            if document.part_of is None and document.id not in listed:
                if document.source_id in sources:
                    self.errors.append(self.files[document.path].error(
                        ("id",), f"document {document.id!r} is not listed in the 'documents' "
                                 f"of its source {document.source_id!r} in data/sources.yaml"))
                arranged += [document, *(by_id[part] for part in document.parts)]
        arranged += [document for document in documents if document not in arranged]
        return arranged


def _listing_order(document: Document) -> dict[str, int]:
    """Position of each part in the order the document's sections list them
    (``areas:`` of a section, as Annex I's section B lists its option areas)."""
    order: dict[str, int] = {}

    def visit(sections) -> None:
        for section in sections:
            for area_id in section.area_ids:
                order.setdefault(area_id, len(order))
            visit(section.sections)

    visit(document.sections)
    return order


def cited_part(dataset: Dataset, document: Document):
    """The part of its source that ``document`` is, as a citation names it: its
    own ``cite_as``, else that of the nearest document it is part of (an option
    area is cited as its annex); None for the source's own text."""
    while document is not None:
        if document.cite_as:
            return document.cite_as
        document = dataset.document(document.part_of) if document.part_of else None
    return None


def collect_anchors(dataset: Dataset) -> dict[str, Anchor]:
    """Every paragraph, item and key action by id, with its document (its page),
    its reference and what a citation of it names: its source, and the part of
    it that the document is (the ``cite_as`` of the document or of the nearest
    one it is part of; none for the source's own text)."""
    anchors: dict[str, Anchor] = {}

    def add_items(items, scope, source, part):
        for item in items:
            anchors[item.id] = Anchor(item.id, scope, item.ref, item.text, source, part)
            add_items(item.items, scope, source, part)

    def add_paragraphs(paragraphs, scope, source, part):
        for paragraph in paragraphs:
            anchors[paragraph.id] = Anchor(paragraph.id, scope, paragraph.ref, paragraph.text,
                                           source, part)
            add_items(paragraph.items, scope, source, part)

    def add_sections(sections, scope, source, part):
        for section in sections:
            add_paragraphs(section.paragraphs, scope, source, part)
            add_sections(section.sections, scope, source, part)

    for document in dataset.documents:
        part = cited_part(dataset, document)
        source = document.source_id
        add_paragraphs(getattr(document, "preamble", []), document.id, source, part)
        add_sections(document.sections, document.id, source, part)
        for group, activity, action in document.rows() if isinstance(document, KeyActions) else ():
            ref = f"{group.label.rstrip('.')}.{activity.label.rstrip('.')}"
            if action.label:
                ref += f" ({action.label})"
            anchors[action.id] = Anchor(action.id, document.id, ref, action.text, source, part,
                                        "row")
    return anchors


def _nodes(value, parts: tuple = ()):
    """Yield (field path, value) for ``value`` and everything inside it, in order."""
    yield parts, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, parts + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _nodes(child, parts + (index,))


def check_unique_ids(sources: list[SourceFile]) -> list[DataError]:
    """Every ``id`` in the data is unique across all files (table column keys aside)."""
    seen: dict[str, tuple[SourceFile, tuple]] = {}
    errors = []
    for source in sources:
        for parts, value in _nodes(source.data):
            entity_id = value.get("id") if isinstance(value, dict) else None
            if not isinstance(entity_id, str) or "columns" in parts[-2:]:
                continue
            if entity_id in seen:
                first, first_parts = seen[entity_id]
                line, _ = first.where(first_parts + ("id",))
                errors.append(source.error(
                    parts + ("id",),
                    f"duplicate id {entity_id!r}; already used in {first.path}:{line}"))
            else:
                seen[entity_id] = (source, parts)
    return errors


def _walk_texts(value, languages: Languages):
    """Yield (field path, mapping) for every text: a mapping from languages of
    the site to strings."""
    for parts, node in _nodes(value):
        if isinstance(node, dict) and node and all(
                lang in languages and isinstance(text, str) for lang, text in node.items()):
            yield parts, node


def _fallback_of(data) -> list[str]:
    """The ``languages.fallback`` list of a file's mapping (or of a source), if any."""
    languages = data.get("languages") if isinstance(data, dict) else None
    chain = languages.get("fallback") if isinstance(languages, dict) else None
    return [lang for lang in chain if isinstance(lang, str)] if isinstance(chain, list) else []


def _nearest_id(data, parts: tuple) -> str | None:
    """The ``id`` of the innermost mapping on ``parts`` that has one (a page anchor)."""
    found = None
    value = data
    for part in parts:
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            found = value["id"]
        value = value[part]
    return found


# What data text may hold: plain text, links [label](https://...) and footnote
# markers [^9]. Pages show everything else as written (see ``page_text``), but
# the data is published as it is too (open data, downloads), so markup is
# refused where it is written.
_HTML = re.compile(r"<[!/?]?[A-Za-z][A-Za-z0-9-]*|<[!/?]")
_LINK_TARGET = re.compile(r"\]\(\s*([^)\s]*)")
_IMAGE = re.compile(r"!\[")
_SCRIPT_SCHEME = re.compile(r"\b(?:javascript|vbscript)\s*:", re.IGNORECASE)
# Markdown's attribute lists: "{: onclick=... }", "{#id .class}", "{ key=value }"
# (a bare "{name}" is a placeholder of the site's strings)
_ATTRIBUTE_LIST = re.compile(r"\{\s*:[^}\n]*\}?|\{\s*[#.][^}\n]*\}|\{[^{}\n]*=[^{}\n]*\}")
# spreadsheets take a cell that starts with one of these for a formula
_FORMULA_START = ("=", "+", "-", "@")
# Fields whose text may run over several lines (paragraphs of a story, the
# story template of the submission guide), by file and field path.
MULTILINE_FIELDS = (
    ("data/stories/*.yaml", "body.*"),
    ("data/site.yaml", "strings.submit.template.yaml.*"),
)


def check_markup(sources: list[SourceFile]) -> list[DataError]:
    """Every string of the data holds only the text we allow (see ``_HTML``)."""
    return [
        source.error(parts, message)
        for source in sources
        for parts, value in _nodes(source.data)
        if isinstance(value, str)
        for message in _markup_problems(value)
    ]


def _markup_problems(text: str) -> list[str]:
    problems = []
    tag = _HTML.search(text)
    if tag:
        problems.append(f"HTML is not allowed in the data (found {tag.group(0)!r}); write plain "
                        "text, and links as [label](https://...)")
    for match in _LINK_TARGET.finditer(text):
        if not match.group(1).startswith("https://"):
            problems.append(f"a link must go to an absolute https:// address, "
                            f"got {match.group(1)!r}")
    if _IMAGE.search(text):
        problems.append("images are not allowed in the data text; link to the image instead")
    attributes = _ATTRIBUTE_LIST.search(text)
    if attributes:
        problems.append(f"attribute lists are not allowed in the data (found "
                        f"{attributes.group(0)!r}); write plain text")
    script = _SCRIPT_SCHEME.search(text)
    if script and not problems:
        problems.append(f"{script.group(0)!r} addresses are not allowed in the data")
    problems.extend(_formula_problems(text))
    return problems


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def check_printable(dataset: Dataset, files: dict[str, SourceFile]) -> list[DataError]:
    """Every character that the PDF checklists print has a glyph in their fonts
    (a language's own font, if it has one, then Noto Sans SC).

    A character the fonts lack (an emoji, a rare CJK character) is reported
    at each data field that puts it into a PDF: the fields whose text, or a
    part of it between placeholders, the PDFs print.
    """
    from .exports import plan_sheets, printed_texts
    from .exports.font import FONT_NAME, missing_characters, source_font
    from .exports.stamp import ZIP_EPOCH, DataStamp

    sheets = plan_sheets(dataset, DataStamp(dataset.version, "", ZIP_EPOCH))
    by_font: dict[FontFile | None, list] = {}
    for sheet in sheets:
        by_font.setdefault(sheet.font, []).append(sheet)
    errors = []
    for font, group in by_font.items():
        texts = printed_texts(group)
        fonts = [Path(font.path), source_font()] if font else [source_font()]
        names = f"{Path(font.path).name} or {FONT_NAME}" if font else FONT_NAME
        printed = "\n".join(texts)
        for character in missing_characters(texts, fonts):
            message = (f"{character!r} (U+{ord(character):04X}) cannot be printed in the PDF "
                       f"checklists: their font ({names}) has no glyph for it; write it "
                       f"another way")
            found = [
                source.error(parts, message)
                for source in files.values()
                for parts, value in _nodes(source.data)
                if isinstance(value, str) and character in value
                and any(character in piece and piece.strip() in printed
                        for piece in _PLACEHOLDER.split(plain(value)))
            ]
            errors.extend(found or [DataError("data", 0, 0, "", message)])
    return errors


def _formula_problems(text: str) -> list[str]:
    """A text whose spreadsheet cell would start like a formula: the cell holds
    the plain text (links as their labels, without spaces at either end)."""
    if text.startswith(_FORMULA_START):
        return [f"may not start with {text[0]!r}: spreadsheets would take the "
                "checklist cell for a formula; reword the start"]
    cell = plain(text)
    if cell.startswith(_FORMULA_START):
        return [f"its spreadsheet cell would start with {cell[0]!r} (links show as their "
                "label, spaces at the start are dropped): spreadsheets would take it for a "
                "formula; reword the start"]
    return []


def check_characters(sources: list[SourceFile]) -> list[DataError]:
    """No string of the data holds a character that readers do not see or that
    breaks a download (``hooks.characters``): checked on the values, after
    YAML has turned escapes such as ``"\\x1b"`` into characters. A line break is
    allowed only in the fields of ``MULTILINE_FIELDS``."""
    errors = []
    for source in sources:
        for parts, value in _nodes(source.data):
            if not isinstance(value, str):
                continue
            found = refused_in(value, newline=True)
            if "\n" in value and not _may_break_lines(source.path, parts):
                found = refused_in(value)
            if not found:
                continue
            position, character = found[0]
            more = f", and {len(found) - 1} more" if len(found) > 1 else ""
            if character == "\n":
                message = (f"line break at character {position + 1}{more}; this field is "
                           "one line: join its lines")
            else:
                message = f"{describe(character)} at character {position + 1}{more}; remove it"
            errors.append(source.error(parts, message))
    return errors


def _may_break_lines(path: str, parts: tuple) -> bool:
    field = format_path(parts)
    return any(fnmatch(path, file_pattern) and fnmatch(field, field_pattern)
               for file_pattern, field_pattern in MULTILINE_FIELDS)


def check_page_names(dataset: Dataset, files: dict[str, SourceFile]) -> list[DataError]:
    """An id that names a page (a story, a convention, an option area: see
    ``pages.plan_pages``) may not take the place of another page of the site,
    such as the list of stories (``index``) or the submission guide
    (``submit``). The folders of those pages hold generated pages only."""
    from .pages import page_url, plan_pages  # with Jinja: imported here

    planned: dict[str, list] = {}
    for page in plan_pages(dataset):
        planned.setdefault(page.path, []).append(page)
    errors = []
    site = files.get("data/site.yaml")
    for index, way in enumerate(dataset.ways_in if site else []):
        for position, link in enumerate(way["links"]):
            if "page" in link and f"{link['page']}.md" not in planned:
                errors.append(site.error(
                    ("home", "ways_in", index, "links", position, "page"),
                    f"unknown page {link['page']!r}; expected a page of the site such as "
                    f"'downloads' or 'stories/index'"))
    for path, pages in planned.items():
        if len(pages) < 2:
            continue
        for page in pages:
            if page.named_by and page.source in files:
                name = files[page.source].data
                for part in page.named_by:
                    name = name[part]
                url = page_url(path, dataset.languages.default, dataset.languages.default)
                errors.append(files[page.source].error(
                    page.named_by, f"{name!r} would name the page /{url}, which is another "
                                   f"page of the site; choose another id"))
    return errors


def check_links(dataset: Dataset, builder: _Builder) -> list[DataError]:
    """Check what the schemas cannot: references between entities and files."""
    errors: list[DataError] = []
    files = builder.files

    # the option areas a document's sections list are its own parts; an area file
    # that could not be read still names its area (its file is named after its id)
    broken = {Path(relative).stem for relative in builder.unavailable
              if kind_of(relative) == DOCUMENT}
    for document in dataset.documents:
        source = files[document.path]
        areas = {area.id for area in dataset.areas_of(document)}
        listed: list[str] = []

        def visit(sections, parts):
            for index, section in enumerate(sections):
                here = parts + (index,)
                for position, area_id in enumerate(section.area_ids):
                    listed.append(area_id)
                    if area_id not in areas and area_id not in broken:
                        errors.append(source.error(
                            here + ("areas", position),
                            f"unknown option area {area_id!r}; expected one of the option "
                            f"areas that are part of {document.id!r}: {sorted(areas)}"))
                visit(section.sections, here + ("sections",))

        visit(document.sections, ("sections",))
        if listed or isinstance(document, TextDocument):
            for area in dataset.areas_of(document):
                if area.id not in listed:
                    errors.append(files[area.path].error(
                        ("id",), f"option area {area.id!r} is not listed in the 'areas' of a "
                                 f"section of {document.path}"))

    # sources, footnote markers and citations
    source_ids = builder.ids("data/sources.yaml", "sources")
    reference_ids = builder.ids("data/references.yaml", "references")
    for relative, source in files.items():
        data = source.data
        if isinstance(data, dict) and isinstance(data.get("source"), str) \
                and source_ids is not None and data["source"] not in source_ids:
            errors.append(source.error(("source",), f"unknown source {data['source']!r}; "
                                                    f"expected one of {sorted(source_ids)}"))
        if not isinstance(data, dict):
            continue
        numbers = {}
        for index, footnote in enumerate(data.get("footnotes", [])):
            number = footnote["number"]
            if number in numbers:
                errors.append(source.error(("footnotes", index, "number"),
                                           f"duplicate footnote {number}"))
            numbers[number] = index
            for position, ref in enumerate(footnote.get("cites", [])):
                if reference_ids is not None and ref not in reference_ids:
                    errors.append(source.error(
                        ("footnotes", index, "cites", position),
                        f"unknown reference {ref!r}; add it to data/references.yaml"))
        used: set[int] = set()
        cited: dict[str, set[int]] = {lang: set() for lang in builder.languages}
        for parts, text in _walk_texts({k: v for k, v in data.items() if k != "footnotes"},
                                       builder.languages):
            markers = {}
            for lang in text:  # those it has: a pending translation has none
                markers[lang] = [int(n) for n in FOOTNOTE_MARKER.findall(text[lang])]
                for number in markers[lang]:
                    used.add(number)
                    if number not in numbers:
                        errors.append(source.error(
                            parts + (lang,),
                            f"footnote marker [^{number}] has no footnote {number} in this file"))
                    if number in cited[lang]:
                        errors.append(source.error(
                            parts + (lang,), f"footnote [^{number}] is cited a second time; "
                                             f"a footnote is cited once, where its number stands"))
                    cited[lang].add(number)
            first, *others = markers
            for lang in others:
                if sorted(markers[lang]) != sorted(markers[first]):
                    errors.append(source.error(
                        parts, f"footnote markers differ between languages: {first} has "
                               f"{markers[first]}, {lang} has {markers[lang]}"))
        for number, index in numbers.items():
            if number not in used:
                errors.append(source.error(("footnotes", index, "number"),
                                           f"footnote {number} is never cited; add [^{number}] "
                                           f"to the text or remove the footnote"))
    errors.extend(check_portal_links(dataset, builder))
    return errors


def check_portal_links(dataset: Dataset, builder: _Builder) -> list[DataError]:
    """Conventions, events, stories and references point at things that exist.

    A link to a paragraph is checked only when every file that holds
    paragraphs was read: otherwise its target may be in the file that failed.
    """
    errors: list[DataError] = []
    files = builder.files
    anchors = dataset.anchors
    anchors_known = not any(kind_of(relative) in ANCHOR_KINDS for relative in builder.unavailable)

    def unknown_anchor(source, parts, target):
        if anchors_known:
            errors.append(source.error(parts, f"unknown paragraph or item {target!r}; expected "
                                              f"the id of a paragraph or item in data/, such as "
                                              f"'a2-17-a'"))

    conventions = files.get("data/conventions.yaml")
    for index, convention in enumerate(dataset.conventions):
        if convention.body_ref and convention.body_ref not in anchors:
            unknown_anchor(conventions, ("conventions", index, "governing_body", "ref"),
                           convention.body_ref)
    events = files.get("data/events.yaml")
    for index, event in enumerate(dataset.events):
        if event.ref and event.ref not in anchors:
            unknown_anchor(events, ("events", index, "ref"), event.ref)
    option_scopes = {area.id for area in dataset.areas}
    # an example from the data itself
    example = next((item.id for area in dataset.areas for item in area.option_items()), "")
    for story in dataset.stories:
        source = files[story.path]
        for position, option in enumerate(story.options):
            if anchors_known and (option not in anchors
                                  or anchors[option].scope not in option_scopes):
                errors.append(source.error(
                    ("options", position),
                    f"unknown option {option!r}; expected the id of an option (a paragraph "
                    f"or item of an area of options, a data file of kind 'options'), such as "
                    f"{example!r}"))
        if story.source_document is not None:
            source_ids = builder.ids("data/sources.yaml", "sources")
            if source_ids is not None and story.source_document not in source_ids:
                errors.append(source.error(
                    ("source", "document"), f"unknown source {story.source_document!r}; "
                                            f"expected one of {sorted(source_ids)}"))
            if story.source_ref not in anchors:
                unknown_anchor(source, ("source", "ref"), story.source_ref)

    references = files.get("data/references.yaml")
    claimed: dict[str, str] = {}
    for index, reference in enumerate(dataset.references.values()):
        for position, citation in enumerate(reference.citations()):
            if citation in claimed and claimed[citation] != reference.id:
                field = ("symbol",) if position == 0 and reference.symbol else \
                    ("cited_as", position - (1 if reference.symbol else 0))
                errors.append(references.error(
                    ("references", index) + field,
                    f"{citation!r} already links to reference {claimed[citation]!r}"))
            claimed.setdefault(citation, reference.id)
    return errors

