"""The font of the PDF downloads, made small and quick to embed.

Noto Sans SC (SIL Open Font License 1.1) comes from the PyPI package
``pylopdf-fonts-zh-cn`` (pinned in requirements.txt): nothing to install by
hand. It has 30,000 glyphs with PostScript (CFF) outlines; fpdf2 parses and
subsets the whole font for every PDF, which takes long. ``prepare_font`` cuts
it once, for all the PDFs of a build, to the characters they use, and gives
it TrueType outlines (a quadratic approximation within one font unit), which
fpdf2 subsets many times faster. Every PDF then embeds the part of it that
it uses, described by the metrics of those glyphs alone (``fit_metrics``).
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# fontTools (0.15 s to import) is imported by the functions that use it: the
# build's process only plans the PDFs (``font_characters``); workers prepare the font.

FONT_NAME = "NotoSansSC"
# Characters the PDF writer itself may print, whatever the data: ASCII for
# numbers and URLs, the ellipsis of shortened lines, the middle dot.
BASE_CHARACTERS = "".join(chr(code) for code in range(0x20, 0x7F)) + "…·"
MAX_ERROR = 1.0  # font units: the largest distance between a curve and its approximation
# The start of a glyph of the glyf table: number of contours, xMin, yMin, xMax, yMax.
_GLYPH_HEADER = struct.Struct(">hhhhh")


def source_font() -> Path:
    """Path of Noto Sans SC in the ``pylopdf-fonts-zh-cn`` package."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:
        raise RuntimeError(
            "The PDF downloads need the font package pylopdf-fonts-zh-cn: "
            "pip install -r requirements.txt") from exc
    return Path(pylopdf_fonts_zh_cn.sans_path())


def font_characters(texts: Iterable[str]) -> str:
    """The characters a font for ``texts`` needs: theirs and ``BASE_CHARACTERS``, sorted."""
    characters = set(BASE_CHARACTERS)
    for text in texts:
        characters.update(text)
    return "".join(sorted(characters))


def _outline(glyph) -> tuple[int, tuple[int, int, int, int] | None, int]:
    """(contours, box, points) of a glyph: contours below 0 for a composite
    glyph, no box for an empty one. A glyph not yet decompiled gives them from
    its header and the end of its last contour, which follows the header."""
    if hasattr(glyph, "data"):
        if len(glyph.data) < _GLYPH_HEADER.size:
            return 0, None, 0
        contours, *box = _GLYPH_HEADER.unpack_from(glyph.data)
        points = 0
        if contours > 0:
            last_end = _GLYPH_HEADER.size + 2 * (contours - 1)
            points = struct.unpack_from(">H", glyph.data, last_end)[0] + 1
        return contours, tuple(box) if contours else None, points
    contours = getattr(glyph, "numberOfContours", 0)
    if not contours:
        return 0, None, 0
    points = len(glyph.coordinates) if contours > 0 else 0
    return contours, (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax), points


def fit_metrics(font: TTFont, characters: str) -> None:
    """Make the font box (head), the extents (hhea) and the largest outline
    (maxp) of ``font`` (from ``prepare_font``) those of its glyphs for
    ``characters`` (and .notdef), which is what a PDF of those characters
    copies.

    One font serves every PDF of a build; each PDF embeds the part of it that
    it uses, with these values. Worked out from its own glyphs, they do not
    depend on what else the build prints, so a PDF made again alone is byte
    for byte the PDF a full build makes. They are the values that fontTools'
    ``recalcBBoxes`` gives, without decompiling a glyph (see ``_outline``).
    """
    cmap = font.getBestCmap()
    names = {".notdef"} | {cmap[ord(character)] for character in characters
                           if ord(character) in cmap}
    # the glyphs as read, not decompiled (indexing the table would decompile
    # them, and saving would then compile them again)
    glyphs = font["glyf"].glyphs
    outlines = {name: _outline(glyphs[name]) for name in names}
    maxp = font["maxp"]
    maxp.maxPoints = max((points for _, _, points in outlines.values()), default=0)
    maxp.maxContours = max((contours for contours, _, _ in outlines.values()), default=0)
    boxes = {name: box for name, (_, box, _) in outlines.items() if box is not None}
    metrics = font["hmtx"].metrics
    head, hhea = font["head"], font["hhea"]
    hhea.advanceWidthMax = max(metrics[name][0] for name in names)
    if not boxes:
        head.xMin = head.yMin = head.xMax = head.yMax = 0
        hhea.minLeftSideBearing = hhea.minRightSideBearing = hhea.xMaxExtent = 0
        return
    head.xMin = min(box[0] for box in boxes.values())
    head.yMin = min(box[1] for box in boxes.values())
    head.xMax = max(box[2] for box in boxes.values())
    head.yMax = max(box[3] for box in boxes.values())
    widths = {name: box[2] - box[0] for name, box in boxes.items()}
    hhea.minLeftSideBearing = min(metrics[name][1] for name in widths)
    hhea.minRightSideBearing = min(metrics[name][0] - metrics[name][1] - width
                                   for name, width in widths.items())
    hhea.xMaxExtent = max(metrics[name][1] + width for name, width in widths.items())


def prepare_font(texts: Iterable[str], directory: Path) -> Path:
    """Write Noto Sans SC cut to the characters of ``texts`` (plus
    ``BASE_CHARACTERS``) into ``directory``, with TrueType outlines; return
    its path.

    The cut holds the glyphs those characters map to and the tables a PDF
    embeds; it is built from them rather than by fontTools' subsetter, which
    would go through the PostScript outlines (and their shared subroutines)
    of the whole font first, and keep the layout tables, which the PDFs do
    not use (fpdf2 drops them).
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    source = TTFont(str(source_font()), lazy=True)
    source_map = source.getBestCmap()
    mapping = {ord(character): source_map[ord(character)]
               for character in font_characters(texts) if ord(character) in source_map}
    # in the order of the source font, so that a glyph's place among the
    # others a PDF embeds does not depend on the rest
    order = [".notdef"] + sorted(set(mapping.values()) - {".notdef"}, key=source.getGlyphID)
    outlines = source.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        outlines[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    builder = FontBuilder(source["head"].unitsPerEm, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(mapping)
    builder.setupGlyf(glyphs)
    metrics = source["hmtx"].metrics
    builder.setupHorizontalMetrics({name: metrics[name] for name in order})
    post = source["post"]
    builder.setupPost(italicAngle=post.italicAngle, underlinePosition=post.underlinePosition,
                      underlineThickness=post.underlineThickness,
                      isFixedPitch=post.isFixedPitch)
    font = builder.font
    # the source's own names, dates, vertical extents and style; the font box,
    # the extents and maxp are worked out from the glyphs when the font is saved
    for tag in ("head", "hhea", "OS/2", "name"):
        font[tag] = source[tag]
    font["head"].glyphDataFormat = 0
    builder.setupMaxp()
    target = Path(directory) / f"{FONT_NAME}.ttf"
    font.save(str(target))
    return target


def missing_characters(texts: Iterable[str], fonts: Iterable[Path] = ()) -> list[str]:
    """The printable characters of ``texts`` that none of ``fonts`` (by default,
    Noto Sans SC alone) has a glyph for: what a PDF could not print."""
    tables = [(ranges, [start for start, _ in ranges])
              for ranges in map(_mapped_ranges, list(fonts) or [source_font()])]

    def mapped(code: int) -> bool:
        for ranges, starts in tables:
            position = bisect.bisect_right(starts, code) - 1
            if position >= 0 and code <= ranges[position][1]:
                return True
        return False

    return [character for character in font_characters(texts)
            if character.isprintable() and not mapped(ord(character))]


def _mapped_ranges(path: Path) -> list[tuple[int, int]]:
    """The character ranges that a font maps to glyphs, read from the groups of
    its Unicode cmap subtable (format 12): a few thousand numbers, where
    fontTools' ``getBestCmap`` would name each of 30,000 glyphs first."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    raw = font.reader["cmap"]
    _, count = struct.unpack_from(">HH", raw, 0)
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", raw, 4 + 8 * index)
        if (platform, encoding) in ((3, 10), (0, 4)) \
                and struct.unpack_from(">H", raw, offset)[0] == 12:
            groups = struct.unpack_from(">I", raw, offset + 12)[0]
            return [(start, end) for start, end, _ in
                    struct.iter_unpack(">III", raw[offset + 16:offset + 16 + 12 * groups])]
    # no full Unicode subtable: every mapped character, the slow way
    return [(code, code) for code in sorted(font.getBestCmap())]
