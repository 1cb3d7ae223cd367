"""Printable PDF checklists (fpdf2): A4, a tick box per option, page numbers,
source and data version on every page.

The PDFs are tagged (see ``pdf_structure``): a screen reader finds the title
as a heading, each option area as a heading, and the options as a list,
each item labelled with its paragraph reference and holding the option's text
and the fields to fill in; boxes, rules and the running header and footer are
artifacts. They say their language, open with their bookmarks (title, areas,
options) shown and show their title, not their file name, as the window's.

Every glyph comes from Noto Sans SC (see ``font``) and is embedded as a
subset: the PDF shows the same on a machine without Chinese fonts, and a
text extractor gets the Chinese text back. The files are
reproducible: the creation date and the file identifier come from the data
stamp, never from the clock.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import PageMode, XPos, YPos
from fpdf.prefs import ViewerPreferences

from ..characters import scrub
from .font import FONT_NAME, fit_metrics, font_characters
from .pdf_structure import Element, StructureTree, artifact, tagged
from .rows import Sheet

FONT_FAMILY = FONT_NAME
FALLBACK_FAMILY = "Fallback"  # Noto Sans SC, beside a language's own font
MARGIN = 18.0  # mm, left and right
TOP = 20.0
BOTTOM = 18.0
BOX = 3.6  # tick box side, mm
REF_WIDTH = 23.0  # paragraph reference column, mm
LINE = 5.0  # text line height at 10 pt, mm
FIELD_LINE = 6.2  # height of a fill-in line, mm
GAP = 2.5  # space between two options, mm
GREY = (95, 95, 95)
HEADING = (30, 70, 50)
RULE = (170, 170, 170)
BOOKMARK_LENGTH = 40  # characters of an option's text in its bookmark
# A list whose items are labelled with text of their own (the references), not numbered.
LIST_ATTRIBUTES = "<</O /List /ListNumbering /None>>"
# Characters of Chinese and Japanese writing (and their full-width forms): a
# paragraph that has them is broken between any two characters.
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  "\uff00-\uffef\U00020000-\U0003ffff]")
# Chinese line breaking: these never start a line, those never end one.
NO_LINE_START = set("，。、；：！？）》」』】〕”’…·,.;:!?)]")
NO_LINE_END = set("（《「『【〔“‘([")
# The widths of the characters of each font file, by size: measuring one in
# fpdf2 takes long, and a build's PDFs share a font and most of their characters.
_WIDTHS: dict[str, dict[tuple[float, str], float]] = {}


class ChecklistPDF(FPDF):
    """An A4 checklist with a running header (source) and footer (data version, page N of M)."""

    def __init__(self, sheet: Sheet, font: Path):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.sheet = sheet
        # A language with a font of its own (data/site.yaml languages.fonts) is
        # printed in it, shaped (joined letters, right to left where it is so
        # written), with Noto Sans SC for what it lacks; the rest in Noto Sans SC.
        own = Path(sheet.font.path) if sheet.font else None
        self.rtl = sheet.direction == "rtl"
        self.shaping = own is not None
        self.start, self.end = ("R", "L") if self.rtl else ("L", "R")
        if own:
            self.add_font(FONT_FAMILY, fname=str(own))
            self._add_cut_font(FALLBACK_FAMILY, font)
            self.set_fallback_fonts([FALLBACK_FAMILY])
            # each line runs in the direction of its own first letters: the
            # language's own text one way, a reference ("25(b)(ii)") or a pending
            # translation's text the way they are written
            self.set_text_shaping(use_shaping_engine=True)
        else:
            self._add_cut_font(FONT_FAMILY, font)
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.alias_nb_pages()
        self.set_creation_date(sheet.stamp.timestamp)
        self.set_title(sheet.title)
        self.set_subject(f"{sheet.source_symbol} {sheet.source_title}")
        self.set_keywords(sheet.version_line)
        self.set_lang(sheet.language_tag)
        self.set_display_mode("fullwidth")
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.page_mode = PageMode.USE_OUTLINES
        self.struct_builder = self.tree = StructureTree()
        # (size, character): width, shared by the PDFs of one font (a build's);
        # only the last font's are kept
        key = str(own or font)
        if key not in _WIDTHS:
            _WIDTHS.clear()
        self._widths = _WIDTHS.setdefault(key, {})
        self._broken: dict[tuple[float, float, str], list] = {}  # (size, width, text): lines

    def _add_cut_font(self, family: str, font: Path) -> None:
        """Add ``font`` (a cut that ``font.prepare_font`` made) as ``family``.

        What the PDF says of the font as a whole comes from the glyphs of this
        sheet's characters (see font.fit_metrics), worked out here rather than
        by fontTools, which would decompile every glyph when fpdf2 embeds the
        font (half the time of a PDF). fpdf2 copied the font box into the font
        descriptor when the font was added: it is set again."""
        self.add_font(family, fname=str(font))
        embedded = self.fonts[family.lower()]
        embedded.ttfont.recalcBBoxes = False
        fit_metrics(embedded.ttfont, font_characters(self.sheet.texts()))
        head = embedded.ttfont["head"]
        embedded.desc.font_b_box = "[" + " ".join(
            f"{value * embedded.scale:.0f}"
            for value in (head.xMin, head.yMin, head.xMax, head.yMax)) + "]"

    def _x(self, x: float, width: float) -> float:
        """Where a box ``width`` mm wide that starts ``x`` mm from the start of
        the line (the left edge, or the right in a right-to-left language)
        has its left edge."""
        return self.w - x - width if self.rtl else x

    # Running header and footer, on every page.

    def header(self) -> None:
        """Source symbol and scope, above a rule (fpdf2 calls it on every page)."""
        sheet = self.sheet
        self._font(7.5, GREY)
        left = f"{sheet.source_symbol} · {sheet.scope_title}"
        with artifact(self, "Header"):
            self.set_xy(MARGIN, 9)
            self.cell(self.epw, 4, self._fit(left, self.epw), align=self.start)
            self.set_draw_color(*RULE)
            self.set_line_width(0.2)
            self.line(MARGIN, 14, self.w - MARGIN, 14)
        self.set_xy(MARGIN, TOP)
        self._font(10)

    def footer(self) -> None:
        """Data version and "page N of M", below a rule (fpdf2 calls it on every page)."""
        sheet = self.sheet
        self._font(7.5, GREY)
        y = self.h - 12
        page_of = sheet.word("download.page-of", page=self.page_no(), pages=self.str_alias_nb_pages)
        with artifact(self, "Footer"):
            self.set_draw_color(*RULE)
            self.set_line_width(0.2)
            self.line(MARGIN, y - 1.5, self.w - MARGIN, y - 1.5)
            self.set_xy(self._x(MARGIN, self.epw * 0.7), y)
            self.cell(self.epw * 0.7, 4, sheet.version_line, align=self.start)
            self.set_xy(self._x(MARGIN + self.epw * 0.7, self.epw * 0.3), y)
            self.cell(self.epw * 0.3, 4, page_of, align=self.end)

    # Helpers.

    def _font(self, size: float, color=(0, 0, 0)) -> None:
        """Set the size and colour of the text (the font has one weight)."""
        self.set_font(FONT_FAMILY, size=size)
        self.set_text_color(*color)

    def _label(self, key: str) -> str:
        """The label ``key`` followed by the language's colon ("状态：", "Status:")."""
        return self.sheet.word("download.field", label=self.sheet.word(key))

    def _fit(self, text: str, width: float) -> str:
        """Shorten ``text`` with an ellipsis until it fits ``width``."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def _char_width(self, character: str) -> float:
        """Width of one character at the current size (looked up once per size:
        Chinese lines are measured a character at a time)."""
        key = (self.font_size_pt, character)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(character)
        return width

    def _text_width(self, text: str) -> float:
        """Width of ``text`` at the current size, from the widths of its characters
        (shaped text, whose letters change with their neighbours, is measured whole)."""
        if self.shaping:
            return self.get_string_width(text)
        return sum(self._char_width(character) for character in text)

    def _lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into the lines of a block ``width`` mm wide: a paragraph
        in Chinese (or Japanese) characters by the rules of their typesetting (no
        closing mark at the start of a line, no opening one at its end), any
        other at spaces. An option's text is measured, then written: it is
        broken once."""
        return [line for line, _ in self._broken_lines(text, width)]

    def _broken_lines(self, text: str, width: float) -> list[tuple[str, str]]:
        """The lines of ``_lines``, each with what ends it in the tagged text: the
        space it was broken at (so that a reader does not run two words
        together), or nothing."""
        key = (self.font_size_pt, width, text)
        if key not in self._broken:
            room = width - 2 * self.c_margin  # less the cells' padding
            lines = []
            for paragraph in text.split("\n"):
                if _CJK.search(paragraph):
                    lines += [(line, "") for line in self._break_chinese(paragraph, room)]
                else:
                    words = self._break_words(paragraph, room)
                    lines += [(line, " ") for line in words[:-1]] + [(words[-1], "")]
            self._broken[key] = lines
        return self._broken[key]

    def _break_chinese(self, paragraph: str, room: float) -> list[str]:
        """A Chinese paragraph broken into lines at most ``room`` mm wide."""
        lines: list[str] = []
        current, used = "", 0.0
        for character in paragraph:
            size = self._char_width(character)
            if not current or used + size <= room:
                current, used = current + character, used + size
                continue
            carry = ""
            if len(current) > 1 and (character in NO_LINE_START or current[-1] in NO_LINE_END):
                carry, current = current[-1], current[:-1]
            lines.append(current)
            current = carry + character
            used = self._text_width(current)
        lines.append(current)
        return lines

    def _break_words(self, paragraph: str, room: float) -> list[str]:
        """A paragraph broken at spaces into lines at most ``room`` mm wide; a word
        wider than a line is broken where it has to be."""
        lines: list[str] = []
        current, used = "", 0.0
        space = self._char_width(" ")
        for word in paragraph.split(" "):
            size = self._text_width(word)
            if current and used + space + size <= room:
                current, used = f"{current} {word}", used + space + size
                continue
            if current:
                lines.append(current)
            current, used = "", 0.0
            for character in word:  # fits, unless the word is wider than a line
                width = self._char_width(character)
                if current and used + width > room:
                    lines.append(current)
                    current, used = "", 0.0
                current, used = current + character, used + width
        lines.append(current)
        return lines

    def _height(self, width: float, text: str, line: float) -> float:
        """Height that ``text`` takes at the current size, in ``width`` mm with
        lines of ``line`` mm."""
        return len(self._lines(text, width)) * line

    def _block(self, x: float, width: float, line: float, text: str, element: Element) -> None:
        """``text`` in lines of ``line`` mm, from ``x`` on the current line, ``width``
        mm wide, tagged as part of ``element``; the next text goes below it.
        (One cell per line: fpdf2's own line breaking, in ``multi_cell``,
        takes most of a PDF's time.)"""
        for text_line, end in self._broken_lines(text, width):
            if self.will_page_break(line):  # here, not inside the tagged line
                self.add_page()
            self.set_x(self._x(x, width))
            text_line += end
            with tagged(self, self.tree, element):
                self.cell(width, line, text_line, align=self.start,
                          new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _paragraph(self, text: str, size: float, line: float, color=(0, 0, 0),
                   after: float = 1.5, kind: str = "P") -> None:
        """A paragraph across the page, tagged ``kind`` (a paragraph or a
        heading), then ``after`` mm of space."""
        self._font(size, color)
        self._block(MARGIN, self.epw, line, text, self.tree.element(self, kind))
        self._font(10)
        self.ln(after)

    def bookmark(self, title: str, level: int) -> None:
        """An entry of the outline (bookmarks) that leads here."""
        self.start_section(title, level=level)

    def start_list(self) -> Element:
        """A new list of options (after the cover, or after an area's heading)."""
        return self.tree.element(self, "L", attributes=LIST_ATTRIBUTES)

    # Content.

    def cover(self) -> None:
        """Title, source, official link, data version, how to use it."""
        sheet = self.sheet
        self.bookmark(sheet.title, 0)
        self._paragraph(sheet.title, 15, 7.5, HEADING, after=2, kind="H1")
        lines = [
            self._label("download.cover.document") + f"{sheet.source_symbol} {sheet.source_title}",
            self._label("label.official-text") + sheet.official_url,
            sheet.version_line,
        ]
        for line in lines:
            self._paragraph(line, 8.5, 4.3, GREY, after=0.3)
        self.ln(2)
        for line in (sheet.word("download.how-to.pdf"), sheet.word("download.notice")):
            self._paragraph(line, 9, 4.6, after=1)
        self.ln(2)

    def heading(self, text: str, keep_with: float) -> None:
        """An area heading, kept on the page of the option after it."""
        self._font(12)
        height = self._height(self.epw, text, 6) + 3
        if self.will_page_break(height + keep_with):
            self.add_page()
        self.ln(1)
        self.bookmark(text, 1)
        self._paragraph(text, 12, 6, HEADING, after=2, kind="H2")

    def option(self, ref: str, text: str, listing: Element, level: int) -> None:
        """A tick box, the reference and the text, then status boxes and fill-in
        lines: an item of ``listing``, labelled with the reference, and a
        bookmark at ``level``."""
        sheet = self.sheet
        tree = self.tree
        text_x = MARGIN + REF_WIDTH
        width = self.epw - REF_WIDTH
        self._font(10)
        if self.will_page_break(self.option_height(text)):
            self.add_page()
        self.bookmark(self._fit_characters(f"{ref} {text}"), level)
        item = tree.element(self, "LI", listing)
        label, body = tree.element(self, "Lbl", item), tree.element(self, "LBody", item)
        top = self.get_y()
        with artifact(self):
            self.set_draw_color(0, 0, 0)
            self.set_line_width(0.3)
            self.rect(self._x(MARGIN, BOX), top + 0.7, BOX, BOX)
        self.set_xy(self._x(MARGIN + BOX + 1.6, REF_WIDTH - BOX - 1.6), top)
        with tagged(self, tree, label):
            self.cell(REF_WIDTH - BOX - 1.6, LINE, ref, align=self.start)
        self._font(10)
        self.set_xy(self._x(text_x, width), top)
        self._block(text_x, width, LINE, text, tree.element(self, "P", body))

        # Status: a small box per status.
        self._font(8, GREY)
        y = self.get_y() + 1.2
        x = text_x
        statuses = tree.element(self, "P", body)
        label_text = self._label("checklist.status")
        label_width = self.get_string_width(label_text) + 2
        self.set_xy(self._x(x, label_width), y)
        with tagged(self, tree, statuses):
            self.cell(label_width, 4.2, label_text, align=self.start)
        x += label_width
        self.set_line_width(0.2)
        for number, status in enumerate(sheet.statuses, 1):
            with artifact(self):
                self.rect(self._x(x, 2.6), y + 0.85, 2.6, 2.6)
            status_width = self.get_string_width(status) + 3.2
            self.set_xy(self._x(x + 3.3, status_width), y)
            with tagged(self, tree, statuses):
                # a space after each but the last keeps the statuses apart when read
                self.cell(status_width, 4.2,
                          status + (" " if number < len(sheet.statuses) else ""), align=self.start)
            x += 3.3 + status_width
        # Lead agency and target date on one line, notes on the next.
        y += FIELD_LINE
        fields = tree.element(self, "P", body)
        self._field(text_x, y, self._label("checklist.lead-agency") + " ", width * 0.62 - 3,
                    fields)
        self._field(text_x + width * 0.62, y, self._label("checklist.target-date"), width * 0.38,
                    fields)
        y += FIELD_LINE
        self._field(text_x, y, self._label("checklist.notes"), width, tree.element(self, "P", body))
        self.set_xy(MARGIN, y + FIELD_LINE + GAP)
        self._font(10)

    def _fit_characters(self, text: str) -> str:
        """``text`` cut to ``BOOKMARK_LENGTH`` characters, with an ellipsis."""
        return text if len(text) <= BOOKMARK_LENGTH else text[:BOOKMARK_LENGTH - 1] + "…"

    def option_height(self, text: str) -> float:
        """Height an option takes on the page."""
        self._font(10)
        return self._height(self.epw - REF_WIDTH, text, LINE) + 1.2 + 3 * FIELD_LINE + GAP

    def _field(self, x: float, y: float, label: str, width: float, element: Element) -> None:
        """A label, tagged as part of ``element``, and a line to write on."""
        self._font(8, GREY)
        label_width = self.get_string_width(label.rstrip()) + 1.5
        self.set_xy(self._x(x, label_width), y)
        with tagged(self, self.tree, element):
            self.cell(label_width, 4.2, label, align=self.start)
        with artifact(self):
            self.set_draw_color(*RULE)
            self.set_line_width(0.2)
            left = self._x(x + label_width, width - label_width)
            self.line(left, y + 3.9, left + width - label_width, y + 3.9)


def _printable(value):
    """``value`` (a sheet, or anything in it) with every string scrubbed of the
    characters no file may hold (``hooks.characters``)."""
    if isinstance(value, str):
        return scrub(value)
    if is_dataclass(value):
        return replace(value, **{f.name: _printable(getattr(value, f.name))
                                 for f in fields(value) if f.init})
    if isinstance(value, tuple):
        return tuple(_printable(item) for item in value)
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    return value


def export_pdf(sheet: Sheet, font: Path) -> bytes:
    """Return the checklist ``sheet`` as a printable A4 PDF, in ``font``
    (a file that ``font.prepare_font`` made)."""
    sheet = _printable(sheet)
    pdf = ChecklistPDF(sheet, font)
    pdf.add_page()
    pdf.cover()
    group = None
    listing = None
    ref_index = sheet.column_index("ref")
    text_index = sheet.column_index("option")
    for row, heading in zip(sheet.rows, sheet.groups):
        if heading and heading != group:
            group = heading
            pdf.heading(heading, keep_with=pdf.option_height(row[text_index]))
            listing = None
        if listing is None:
            listing = pdf.start_list()
        pdf.option(row[ref_index], row[text_index], listing, level=2 if group else 1)
    return bytes(pdf.output())
