"""The checklist's files of the site (not downloads): the options of every
area, and the table of the whole checklist in each language.

An option-area page carries only its own options (``overrides/pages/_checklist.md``);
``assets/checklist.js`` fetches the index for what needs every area: the
overall progress and the import of the whole checklist. Published once
instead of embedded in every area page, it keeps the pages' size in
proportion to their own area, not to the number of areas. It holds item ids
and paragraph references, which are the same in both languages, so one file
serves both: the browser caches it once.

The table of a language is the checklist of the whole annex as the download
holds it (``rows.checklist_sheet``: the same columns, headers and cells):
the web checklist fetches it only when a reader exports, and fills in what
the reader recorded, so that its export and the download are one format.
"""

from __future__ import annotations

import json

from ..characters import scrub
from ..model import LANGUAGES, Dataset
from .rows import ANNEX_1, checklist_sheet
from .stamp import DataStamp

CHECKLIST_INDEX_PATH = "assets/checklist-index.json"


def checklist_table_path(lang: str) -> str:
    """Path from the site root of the table of ``lang`` (``assets/checklist-en.json``)."""
    return f"assets/checklist-{lang}.json"


def checklist_index(dataset: Dataset) -> dict:
    """``{"areas": {area id: [[item id, paragraph ref], ...]}}``, areas in annex order."""
    return {"areas": {area.id: [[item.id, item.ref] for item in area.option_items()]
                      for area in dataset.areas}}


def checklist_table(dataset: Dataset, lang: str, stamp: DataStamp) -> dict:
    """``{"columns": [[key, header], ...], "rows": [[cell, ...], ...]}``: the
    checklist of the whole annex in ``lang``, as its download holds it."""
    sheet = checklist_sheet(dataset, ANNEX_1, lang, stamp)
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


def checklist_index_bytes(dataset: Dataset) -> bytes:
    """The checklist index as compact UTF-8 JSON (the same data gives the same bytes)."""
    return _json_bytes(checklist_index(dataset))


def checklist_files(dataset: Dataset, stamp: DataStamp) -> dict[str, bytes]:
    """Every checklist file of the site, by path from the site root: the index
    and the table of each language, as compact UTF-8 JSON."""
    files = {CHECKLIST_INDEX_PATH: checklist_index_bytes(dataset)}
    for lang in LANGUAGES:
        files[checklist_table_path(lang)] = _json_bytes(checklist_table(dataset, lang, stamp))
    return files
