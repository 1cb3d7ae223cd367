"""The structure tree of a tagged PDF, built on fpdf2's own structure objects.

A screen reader reads a PDF by its structure tree: headings, paragraphs,
lists, each pointing at the marked pieces of page content that it is made of;
what is drawn only for the eye (rules, boxes, running headers and footers) is
marked as an artifact and skipped. fpdf2 2.8.9 tags only images and links, as
a flat list under the document; this module gives it a tree of any depth:
``StructureTree`` takes the place of the ``struct_builder`` of an ``FPDF``, and
``tagged`` and ``artifact`` mark the content written inside them. It uses
fpdf2's structure classes (``fpdf.structure_tree``), which fpdf2 keeps
internal: the exact pin of fpdf2 in requirements.txt holds them still, and
the tests read the tree back with pypdf.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fpdf import FPDF
from fpdf.structure_tree import StructElem, StructureTreeBuilder


class Element(StructElem):
    """A structure element (``/H1``, ``/P``, ``/L``...) whose children are other
    elements and marked content; ``attributes`` is a PDF dictionary written as
    is (``/A``)."""

    __slots__ = ("a",)

    def __init__(self, kind: str, parent, page_number: int, attributes: str | None = None):
        super().__init__(struct_type=f"/{kind}", parent=parent, kids=[], page_number=page_number)
        self.a = attributes


class MarkedContentReference:
    """A piece of marked content on another page than its element's (``/MCR``)."""

    def __init__(self, page, mcid: int):
        self.page, self.mcid = page, mcid

    def serialize(self, _security_handler=None, _obj_id=None) -> str:
        """The reference as a PDF dictionary (the page's number is known by then)."""
        return f"<</Type /MCR /Pg {self.page.ref} /MCID {self.mcid}>>"


class StructureTree(StructureTreeBuilder):
    """The document's structure: a ``/Document`` element holding a tree of
    elements, and the parent tree that leads from each marked piece of a page
    back to its element."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []  # every element below the document, in order
        self.parent_ids: dict[int, int] = {}  # page number: its key in the parent tree

    def element(self, pdf: FPDF, kind: str, parent: StructElem | None = None,
                attributes: str | None = None) -> Element:
        """A new element ``kind`` (a standard structure type: H1, P, L, LI, Lbl,
        LBody...), the last child of ``parent`` (else of the document)."""
        parent = parent or self.doc_struct_elem
        element = Element(kind, parent, pdf.page, attributes)
        parent.k.append(element)
        self.elements.append(element)
        return element

    def mark(self, pdf: FPDF, element: Element) -> int:
        """A new marked-content id on the current page, for a piece of ``element``."""
        page = pdf.page
        key = self.parent_ids.setdefault(page, len(self.parent_ids))
        pieces = self.struct_tree_root.parent_tree.nums[key]
        mcid = len(pieces)
        pieces.append(element)
        pdf.pages[page].struct_parents = key
        if element.pg is None and element.page_number() == page:
            element.pg = pdf.pages[page]
        element.k.append(mcid if element.page_number() == page
                         else MarkedContentReference(pdf.pages[page], mcid))
        return mcid

    def empty(self) -> bool:
        """Whether nothing is tagged (fpdf2 then writes no tree)."""
        return not self.elements

    def __iter__(self) -> Iterator:
        """Every object of the tree, for fpdf2 to write: the root, the document,
        the parent tree, then every element."""
        yield self.struct_tree_root
        yield self.doc_struct_elem
        yield self.struct_tree_root.parent_tree
        yield from self.elements


@contextmanager
def tagged(pdf: FPDF, tree: StructureTree, element: Element):
    """Mark what is written inside as a piece of ``element``. It must stay on one
    page: break the page before, not inside."""
    page = pdf.page
    mcid = tree.mark(pdf, element)
    pdf._out(f"{element.s} <</MCID {mcid}>> BDC")  # noqa: SLF001 - fpdf2's way to write to the page
    yield
    if pdf.page != page:
        raise RuntimeError("a page break inside a tagged piece of content")
    pdf._out("EMC")  # noqa: SLF001


@contextmanager
def artifact(pdf: FPDF, kind: str | None = None):
    """Mark what is written inside as an artifact (drawn for the eye only);
    ``kind`` "Header" or "Footer" for a page's running header or footer."""
    properties = f" <</Type /Pagination /Subtype /{kind}>> BDC" if kind else " BMC"
    pdf._out(f"/Artifact{properties}")  # noqa: SLF001
    yield
    pdf._out("EMC")  # noqa: SLF001
