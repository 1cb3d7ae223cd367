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

import logging
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools import subset
    from fontTools.ttLib import TTFont

# fontTools (0.15 s to import) is imported by the functions that use it: the
# build's process only plans the PDFs (``font_characters``); workers prepare the font.

log = logging.getLogger("mkdocs.hooks.exports")

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


def _to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines of ``font`` by TrueType (quadratic) outlines, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def font_characters(texts: Iterable[str]) -> str:
    """The characters a font for ``texts`` needs: theirs and ``BASE_CHARACTERS``, sorted."""
    characters = set(BASE_CHARACTERS)
    for text in texts:
        characters.update(text)
    return "".join(sorted(characters))


def _options() -> subset.Options:
    from fontTools import subset

    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.recalc_timestamp = False
    return options


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
    glyphs = font["glyf"]
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
    """Write Noto Sans SC cut to the characters of ``texts`` (plus ASCII) into
    ``directory``, with TrueType outlines; return its path."""
    from fontTools import subset

    characters = font_characters(texts)
    options = _options()
    # Glyph positioning: fpdf2 drops it from what it embeds and never reads it,
    # and it adds no glyph to a subset, so no PDF changes without it; but
    # subsetting walks all of it looking for names.
    # Vertical metrics: the PDFs set text in lines across the page only.
    options.drop_tables = options.drop_tables + ["GPOS", "vhea", "vmtx", "VORG"]
    font = subset.load_font(str(source_font()), options, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    missing = sorted(c for c in characters if ord(c) not in font.getBestCmap() and c.isprintable())
    if missing:
        log.warning("The PDF font has no glyph for %s", " ".join(missing))
    _to_truetype(font)
    target = Path(directory) / f"{FONT_NAME}.ttf"
    font.save(str(target))
    return target
