"""The checklist index: the options of every area, one JSON file for the whole site.

An option-area page carries only its own options (``overrides/pages/_checklist.md``);
``assets/checklist.js`` fetches this file for what needs every area: the
overall progress and the export and import of the whole checklist. Published
once instead of embedded in every area page, it keeps the pages' size in
proportion to their own area, not to the number of areas.

The file holds item ids and paragraph references, which are the same in both
languages, so one file serves both: the browser caches it once.
"""

from __future__ import annotations

import json

from ..model import Dataset

CHECKLIST_INDEX_PATH = "assets/checklist-index.json"


def checklist_index(dataset: Dataset) -> dict:
    """``{"areas": {area id: [[item id, paragraph ref], ...]}}``, areas in annex order."""
    return {"areas": {area.id: [[item.id, item.ref] for item in area.option_items()]
                      for area in dataset.areas}}


def checklist_index_bytes(dataset: Dataset) -> bytes:
    """The checklist index as compact UTF-8 JSON (the same data gives the same bytes)."""
    text = json.dumps(checklist_index(dataset), ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")
