"""How the site cites a paragraph, an item or a row of a table.

A citation is made of data only: the words that name the official document
(``cite_as`` in data/sources.yaml: "CBD decision XIII/24"), those that name
the part of it the text is (``cite_as`` of the text's own file: "annex I";
none for the document's own text), and the reference of the paragraph or row
("16(d)(ii)", "A.1 (a)"). A template of data/site.yaml puts them together in
the page's language: ``cite.<kind>`` without a part, ``cite.<kind>-of-part``
with one, where the kind is the anchor's ("paragraph" or "row").
"""

from __future__ import annotations

from .linker import plain
from .model import Dataset
from .page_text import fill


def citation(dataset: Dataset, anchor_id: str, lang: str) -> str:
    """The citation of the paragraph, item or row ``anchor_id`` in ``lang``:
    "CBD decision XIII/24, annex I, para. 16(d)(ii)"."""
    anchor = dataset.anchors[anchor_id]
    source = dataset.sources[anchor.source]
    key = f"cite.{anchor.kind}" + ("-of-part" if anchor.part else "")
    return fill(dataset.string(key, lang),
                document=plain(source.cite_as[lang]) if source.cite_as else source.symbol,
                part=plain(anchor.part[lang]) if anchor.part else "",
                ref=anchor.ref)


def place(dataset: Dataset, anchor_id: str, lang: str) -> str:
    """Where ``anchor_id`` stands within its page, in ``lang``: "para. 16(d)(ii)"
    for a paragraph or an item, the reference for a row ("A.1 (a)")."""
    anchor = dataset.anchors[anchor_id]
    if anchor.kind == "row":
        return anchor.ref
    return fill(dataset.string("label.paragraph", lang), ref=anchor.ref)
