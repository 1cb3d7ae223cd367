"""Tagged PDFs: the checklists read back with pypdf, as assistive software reads
them: the structure tree (title and area headings, a list of options each
labelled with its reference), the text of each element from the marked
content of the pages, nothing shown that is neither tagged nor an artifact;
the language, the bookmarks and the title shown as the window's."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from hooks.exports import build, font, pdf, rows
from hooks.exports.stamp import make_stamp
from hooks.linker import plain

from .conftest import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def data_stamp(dataset):
    return make_stamp(ROOT, dataset.version)


@pytest.fixture(scope="module")
def pdf_font(dataset, data_stamp, tmp_path_factory):
    sheets = build.plan_sheets(dataset, data_stamp)
    return font.prepare_font(build.printed_texts(sheets), tmp_path_factory.mktemp("font"))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_id(holder) -> int:
    """The object number of the page an element or a content reference is on (/Pg)."""
    return holder["/Pg"].indirect_reference.idnum


class TaggedPDF:
    """A PDF as a screen reader sees it: its structure elements with their text."""

    def __init__(self, data: bytes, tmp_path: Path):
        path = tmp_path / "tagged.pdf"
        path.write_bytes(data)
        self.path = path
        self.reader = PdfReader(path)
        self.catalog = self.reader.trailer["/Root"]
        self.pages = [page.indirect_reference.idnum for page in self.reader.pages]
        self.marked: dict[tuple[int, int], str] = {}  # (page object, MCID): text
        self.artifacts: list[str] = []
        self.untagged: list[str] = []
        for page in self.reader.pages:
            self._read_page(page)

    def _read_page(self, page) -> None:
        stack: list[tuple[str, int | None]] = []

        def before(operator, operands, cm, tm):
            if operator in (b"BDC", b"BMC"):
                properties = operands[1] if len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, dict) else None
                stack.append((operands[0], mcid))
            elif operator == b"EMC":
                stack.pop()

        def text(value, cm, tm, font_dict, size):
            if not value.strip():
                return
            if not stack:
                self.untagged.append(value)
            elif stack[-1][0] == "/Artifact":
                self.artifacts.append(value)
            else:
                key = (page.indirect_reference.idnum, stack[-1][1])
                self.marked[key] = self.marked.get(key, "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        assert stack == []  # every marked sequence is closed on its page

    def document(self) -> DictionaryObject:
        root = self.catalog["/StructTreeRoot"].get_object()
        kids = root["/K"]
        kids = kids if isinstance(kids, list) else [kids]
        assert len(kids) == 1
        return kids[0].get_object()

    @staticmethod
    def kind(element) -> str:
        return element.get_object()["/S"][1:]

    @staticmethod
    def children(element) -> list:
        kids = element.get_object().get("/K", [])
        return list(kids) if isinstance(kids, list) else [kids]

    def elements(self, element) -> list[DictionaryObject]:
        return [kid.get_object() for kid in self.children(element)
                if isinstance(kid, IndirectObject)]

    def text(self, element) -> str:
        """The text of ``element`` and its descendants, in structure order."""
        element = element.get_object()
        parts = []
        for kid in self.children(element):
            if isinstance(kid, IndirectObject):
                parts.append(self.text(kid))
            elif isinstance(kid, int):
                parts.append(self.marked.get((page_id(element), kid), ""))
            else:  # a marked-content reference to another page
                parts.append(self.marked.get((page_id(kid), kid["/MCID"]), ""))
        return "".join(parts)

    def mcids(self, element, found=None) -> list[tuple[int, int, DictionaryObject]]:
        """Every (page, MCID, element) below ``element``."""
        found = [] if found is None else found
        element = element.get_object()
        for kid in self.children(element):
            if isinstance(kid, IndirectObject):
                self.mcids(kid, found)
            elif isinstance(kid, int):
                found.append((page_id(element), kid, element))
            else:
                found.append((page_id(kid), kid["/MCID"], element))
        return found


def tagged(sheet, pdf_font, tmp_path) -> TaggedPDF:
    return TaggedPDF(pdf.export_pdf(sheet, pdf_font), tmp_path)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_says_its_language_title_and_opens_with_bookmarks(dataset, data_stamp, pdf_font,
                                                                   tmp_path, lang):
    sheet = rows.checklist_sheet(dataset, "coordination", lang, data_stamp)
    document = tagged(sheet, pdf_font, tmp_path)
    catalog = document.catalog
    assert catalog["/Lang"] == dataset.language_tag(lang) == {"zh": "zh-CN", "en": "en-GB"}[lang]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalog["/PageMode"] == "/UseOutlines"
    assert document.reader.metadata.title == sheet.title
    info = subprocess.run(["pdfinfo", str(document.path)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_area_checklist_is_a_title_and_a_list_of_labelled_options(dataset, data_stamp,
                                                                      pdf_font, tmp_path, lang):
    sheet = rows.checklist_sheet(dataset, "coordination", lang, data_stamp)
    document = tagged(sheet, pdf_font, tmp_path)
    top = document.elements(document.document())
    kinds = [document.kind(element) for element in top]
    assert kinds == ["H1"] + ["P"] * (len(kinds) - 2) + ["L"]
    assert squeeze(document.text(top[0])) == squeeze(sheet.title)
    cover = squeeze("".join(document.text(element) for element in top[1:-1]))
    assert sheet.source_symbol in cover and squeeze(sheet.version_line) in cover
    check_list(document, top[-1], dataset.area("coordination").option_items(), sheet, lang)


def check_list(document: TaggedPDF, listing, items, sheet, lang) -> None:
    """``listing`` is a list of ``items``, each a label (its reference) and a body
    (its text, then the status and the fields to fill in)."""
    assert listing["/A"]["/O"] == "/List" and listing["/A"]["/ListNumbering"] == "/None"
    entries = document.elements(listing)
    assert [document.kind(entry) for entry in entries] == ["LI"] * len(items)
    for entry, item in zip(entries, items):
        label, body = document.elements(entry)
        assert (document.kind(label), document.kind(body)) == ("Lbl", "LBody")
        ref = sheet.rows[[row[sheet.column_index("option")] for row in sheet.rows]
                         .index(plain(item.text[lang]))][sheet.column_index("ref")]
        assert document.text(label).strip() == ref
        paragraphs = document.elements(body)
        assert [document.kind(p) for p in paragraphs] == ["P"] * 4
        assert squeeze(document.text(paragraphs[0])) == squeeze(plain(item.text[lang]))
        statuses = document.text(paragraphs[1])
        assert all(status in statuses for status in sheet.statuses), statuses
        if lang == "en":  # the words of two statuses are not run together
            assert " ".join(sheet.statuses) in statuses
        assert sheet.word("checklist.lead-agency") in document.text(paragraphs[2])
        assert sheet.word("checklist.notes") in document.text(paragraphs[3])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_whole_annex_has_a_heading_and_a_list_per_area(dataset, data_stamp, pdf_font,
                                                            tmp_path, lang):
    sheet = rows.checklist_sheet(dataset, "annex-1", lang, data_stamp)
    document = tagged(sheet, pdf_font, tmp_path)
    top = document.elements(document.document())
    kinds = [document.kind(element) for element in top]
    body = kinds[kinds.index("H2"):]
    assert body == ["H2", "L"] * len(dataset.areas)
    headings = [element for element in top if document.kind(element) == "H2"]
    lists = [element for element in top if document.kind(element) == "L"]
    groups = list(dict.fromkeys(group for group in sheet.groups))
    assert [squeeze(document.text(h)) for h in headings] == [squeeze(g) for g in groups]
    for listing, area in zip(lists, dataset.areas):
        check_list(document, listing, area.option_items(), sheet, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_is_tagged_or_an_artifact(dataset, data_stamp, pdf_font, tmp_path, lang):
    """What is shown is in the structure (once) or marked as drawn for the eye:
    the running header and footer are artifacts, not read with the text."""
    sheet = rows.checklist_sheet(dataset, "annex-1", lang, data_stamp)
    document = tagged(sheet, pdf_font, tmp_path)
    assert document.untagged == []
    pages = len(document.pages)
    page_of = dataset.strings["download.page-of"][lang]
    artifacts = squeeze("".join(document.artifacts))
    assert squeeze(page_of.format(page=pages, pages=pages)) in artifacts
    assert artifacts.count(sheet.source_symbol) == pages
    pieces = document.mcids(document.document())
    assert len(pieces) == len(set((page, mcid) for page, mcid, _ in pieces))
    assert {(page, mcid) for page, mcid, _ in pieces} == set(document.marked)
    text = squeeze("".join(document.marked.values()))
    assert squeeze(page_of.format(page=1, pages=pages)) not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_parent_tree_leads_from_each_piece_back_to_its_element(dataset, data_stamp, pdf_font,
                                                                   tmp_path, lang):
    sheet = rows.checklist_sheet(dataset, "annex-1", lang, data_stamp)
    document = tagged(sheet, pdf_font, tmp_path)
    root = document.catalog["/StructTreeRoot"].get_object()
    numbers = root["/ParentTree"].get_object()["/Nums"]
    parents = {numbers[i]: numbers[i + 1] for i in range(0, len(numbers), 2)}
    page_keys = {page.indirect_reference.idnum: page.get_object()["/StructParents"]
                 for page in document.reader.pages}
    assert sorted(page_keys.values()) == list(range(len(document.pages)))
    for page, mcid, element in document.mcids(document.document()):
        owner = parents[page_keys[page]][mcid]
        assert owner.idnum == element.indirect_reference.idnum


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bookmarks_lead_to_the_title_the_areas_and_each_option(dataset, data_stamp, pdf_font,
                                                                tmp_path, lang):
    sheet = rows.checklist_sheet(dataset, "annex-1", lang, data_stamp)
    document = tagged(sheet, pdf_font, tmp_path)
    outline = document.reader.outline
    assert len(outline) == 2 and outline[0]["/Title"] == sheet.title
    areas = outline[1]
    groups = list(dict.fromkeys(sheet.groups))
    titles = [entry["/Title"] for entry in areas if not isinstance(entry, list)]
    assert titles == groups
    options = [entry for entry in areas if isinstance(entry, list)]
    assert [len(entries) for entries in options] == [len(a.option_items()) for a in dataset.areas]
    refs = [row[sheet.column_index("ref")] for row in sheet.rows]
    flat = [entry for entries in options for entry in entries]
    assert [entry["/Title"].split(" ")[0] for entry in flat] == refs
    # each option's bookmark opens the page its label is on
    labels = {}
    for page, mcid, element in document.mcids(document.document()):
        if document.kind(element) == "Lbl":
            labels[document.text(element).strip()] = page
    for entry, ref in zip(flat, refs):
        assert entry["/Page"].indirect_reference.idnum == labels[ref], ref


def test_the_site_pdfs_are_tagged(site):
    pdfs = sorted((site / "downloads").rglob("*.pdf"))
    assert len(pdfs) == 16
    for path in pdfs:
        reader = PdfReader(path)
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"].value is True, path
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True, path
        assert reader.outline, path
