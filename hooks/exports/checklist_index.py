"""The checklist's files of the site (not downloads), for each document with
areas of options: the options of each of its areas, and the table of its
whole checklist in each language.

An option-area page carries only its own options (``overrides/pages/_checklist.md``);
``assets/checklist.js`` fetches the index for what needs every area: the
overall progress and the import of the whole checklist. Published once
instead of embedded in every area page, it keeps the pages' size in
proportion to their own area, not to the number of areas. It holds item ids
and paragraph references, which are the same in both languages, so one file
serves both: the browser caches it once.

The table of a language is the checklist of the whole document as the download
holds it (``rows.checklist_sheet``: the same columns, headers and cells):
the web checklist fetches it only when a reader exports, and fills in what
the reader recorded, so that its export and the download are one format.
"""

from __future__ import annotations

import json

from ..characters import scrub
from ..model import Dataset, Document
from .rows import checklist_sheet
from .stamp import DataStamp


def checklist_index_path(document: Document) -> str:
    """Path from the site root of the index of ``document``'s checklist
    (``assets/checklist-annex-1-index.json``)."""
    return f"assets/checklist-{document.id}-index.json"


def checklist_table_path(document: Document, lang: str) -> str:
    """Path from the site root of the table of ``document``'s checklist in ``lang``
    (``assets/checklist-annex-1-en.json``)."""
    return f"assets/checklist-{document.id}-{lang}.json"


def checklist_index(dataset: Dataset, document: Document) -> dict:
    """``{"areas": {area id: [[item id, paragraph ref], ...]}}``, the areas of
    ``document`` in reading order."""
    return {"areas": {area.id: [[item.id, item.ref] for item in area.option_items()]
                      for area in dataset.areas_of(document)}}


def checklist_table(dataset: Dataset, document: Document, lang: str, stamp: DataStamp) -> dict:
    """``{"columns": [[key, header], ...], "rows": [[cell, ...], ...]}``: the
    checklist of the whole ``document`` in ``lang``, as its download holds it."""
    sheet = checklist_sheet(dataset, document.id, lang, stamp)
    return {"columns": [[column.key, column.title] for column in sheet.columns],
            "rows": [list(row) for row in sheet.rows]}


def _scrubbed(value):
    """``value`` with every string scrubbed, as the downloads' writers do:
    a character that got past the loader cannot break the file."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub(key): _scrubbed(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrubbed(item) for item in value]
    return value


def _json_bytes(value) -> bytes:
    text = json.dumps(_scrubbed(value), ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def checklist_index_bytes(dataset: Dataset, document: Document) -> bytes:
    """The checklist index of ``document`` as compact UTF-8 JSON (the same data
    gives the same bytes)."""
    return _json_bytes(checklist_index(dataset, document))


def checklist_files(dataset: Dataset, stamp: DataStamp) -> dict[str, bytes]:
    """Every checklist file of the site, by path from the site root: for each
    document with areas, its index and its table in each language, as compact
    UTF-8 JSON."""
    files = {}
    for document in dataset.with_areas():
        files[checklist_index_path(document)] = checklist_index_bytes(dataset, document)
        for lang in dataset.languages:
            files[checklist_table_path(document, lang)] = _json_bytes(
                checklist_table(dataset, document, lang, stamp))
    return files
