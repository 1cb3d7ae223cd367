"""Open data: the whole dataset as JSON, one file per language, and its main
tables as CSV, so that other portals (InforMEA and the like) can reuse it.

The JSON follows ``schemas/open-data.schema.json``, which is published beside
it. Texts are plain strings in the file's language; ids are those of the
site, so a reuser can link to a document's ``url`` and ``#<id>``. The site's
editorial notes are never part of a ``text``: each is the ``note`` of what it
is on, and ``editorial_notes`` lists them all.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, is_dataclass

from ..characters import scrub
from ..model import Dataset, OptionArea, Text
from ..pages import page_url
from ..linker import plain
from .cells import cell_value
from .stamp import DataStamp

FORMAT = "synergies-portal-data"
# 2: editorial notes (``note`` fields and ``editorial_notes``); 3: every
# document in ``documents``, with its kind and parts (option areas and tables too)
FORMAT_VERSION = 3
# Fields of the model that say how the site is built, not what the texts say.
_INTERNAL = {"path", "page", "files", "anchors", "strings", "version", "depth", "languages"}


def plain_data(value, lang: str):
    """The model ``value`` as JSON-ready data with every text in ``lang``."""
    if isinstance(value, Text):
        return scrub(value[lang])
    if isinstance(value, str):
        return scrub(value)
    if is_dataclass(value):
        return {f.name: plain_data(getattr(value, f.name), lang)
                for f in fields(value) if f.name not in _INTERNAL}
    if isinstance(value, dict):
        return {key: plain_data(item, lang) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(item, lang) for item in value]
    return value


def dataset_json(dataset: Dataset, lang: str, stamp: DataStamp) -> dict:
    """The open-data document of ``lang``."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "language": lang,
        "data_version": stamp.version,
        "data_date": stamp.date,
        "sources": plain_data(list(dataset.sources.values()), lang),
        "documents": [],
        "conventions": plain_data(dataset.conventions, lang),
        "events": plain_data(dataset.events, lang),
        "stories": plain_data(dataset.stories, lang),
        "glossary": plain_data(dataset.terms, lang),
        "references": plain_data(list(dataset.references.values()), lang),
        # the site's own notes, apart from the official text they are on
        "editorial_notes": plain_data(dataset.editorial_notes(), lang),
    }
    for item in dataset.documents:
        entry = plain_data(item, lang)
        entry["url"] = page_url(item.page, lang, dataset.languages.default)
        if isinstance(item, OptionArea):
            entry["ref"] = item.ref
            entry["options"] = [option.id for option in item.option_items()]
        document["documents"].append(entry)
    return document


def export_json(dataset: Dataset, lang: str, stamp: DataStamp) -> bytes:
    """The open-data JSON of ``lang`` (UTF-8, stable key order)."""
    text = json.dumps(dataset_json(dataset, lang, stamp), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def _csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell_value(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_csvs(dataset: Dataset, lang: str) -> dict[str, tuple[bytes, int]]:
    """CSV tables of ``lang`` by name: options, conventions, events, stories.

    Column names are snake_case keys, the same in both languages, so that
    programs can read either; each value is ``(bytes, rows)``.
    """

    options = [
        [area.id, option.id, option.ref, plain(option.text[lang]), " ".join(option.conventions)]
        for area in dataset.areas for option in area.option_items()
    ]
    conventions = [
        [c.id, c.group, c.acronym[lang], c.name[lang], c.adopted, c.in_force,
         c.body_name[lang], c.body_cycle[lang], c.website]
        for c in dataset.conventions
    ]
    events = [
        [e.id, e.kind, e.title[lang], e.start or "", e.end or "",
         json.dumps(e.yearly, sort_keys=True) if e.yearly else "", " ".join(e.conventions),
         e.url or ""]
        for e in dataset.events
    ]
    stories = [
        [s.id, plain(s.title[lang]), s.region[lang], s.date, " ".join(s.conventions),
         " ".join(s.options), plain(s.summary[lang])]
        for s in dataset.stories
    ]
    return {
        "options": (_csv(["area", "id", "ref", "text", "conventions"], options), len(options)),
        "conventions": (_csv(["id", "group", "acronym", "name", "adopted", "in_force",
                              "governing_body", "meeting_cycle", "website"], conventions),
                        len(conventions)),
        "events": (_csv(["id", "kind", "title", "start", "end", "yearly", "conventions", "url"],
                        events), len(events)),
        "stories": (_csv(["id", "title", "region", "date", "conventions", "options", "summary"],
                         stories), len(stories)),
    }
