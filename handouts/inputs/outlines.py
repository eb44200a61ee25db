"""Whether a brand's fonts can really draw the letters the text uses: a font
may map a letter to a glyph whose outline is empty or damaged (a broken
download, a bad conversion), and then prints nothing where the letter
should be ("despu s de una lesi n"). `check` reads the outline of every
letter the content, brand and clinic files print, in each font that would
draw it, and refuses an empty or unreadable one with its place.

The outlines are read from the font's own ``loca`` and ``glyf`` tables
(TrueType: the only kind a brand may name), the character map through
ReportLab's parser, as the renderers read it.
"""
from __future__ import annotations

import functools
import struct
import unicodedata
from pathlib import Path

from ..errors import Problem
from .yamlfile import LocatedYaml, Loc, dotted

# Characters that draw nothing by design: spaces, controls, format marks,
# unassigned code points, and the marks Unicode says to ignore when they
# cannot be shown (variation selectors, the grapheme joiner, Hangul fillers)
# or that are blank by definition (the empty braille cell).
_BLANK = ("Cc", "Cf", "Cn", "Zs", "Zl", "Zp")
_IGNORABLE = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
              (0x2800, 0x2800), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0),
              (0xE0100, 0xE01EF))


def blank(ch: str) -> bool:
    """Whether ``ch`` is meant to draw nothing (an empty outline is right)."""
    return unicodedata.category(ch) in _BLANK or \
        any(lo <= ord(ch) <= hi for lo, hi in _IGNORABLE)
_MAX_DEPTH = 8  # components within components: fonts use two or three levels
_MAX_SHOWN = 4  # letters named in one problem


class _Font:
    """The tables of one TrueType font that say where each glyph's outline is."""

    def __init__(self, path: Path):
        from reportlab.pdfbase.ttfonts import TTFontFile

        self.char_to_glyph = dict(TTFontFile(str(path)).charToGlyph)
        data = path.read_bytes()
        tables = {}
        (count,) = struct.unpack_from(">H", data, 4)
        for i in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            tables[tag] = data[offset:offset + length]
        (long_offsets,) = struct.unpack_from(">h", tables[b"head"], 50)
        (self.glyphs,) = struct.unpack_from(">H", tables[b"maxp"], 4)
        loca = tables[b"loca"]
        if long_offsets:
            self.loca = struct.unpack_from(f">{self.glyphs + 1}I", loca)
        else:
            self.loca = tuple(2 * n for n in struct.unpack_from(f">{self.glyphs + 1}H", loca))
        self.glyf = tables[b"glyf"]

    def drawable(self, gid: int, depth: int = 0) -> bool:
        """Whether glyph ``gid`` has an outline that parses and encloses an area."""
        if gid >= self.glyphs or depth > _MAX_DEPTH:
            return False
        start, end = self.loca[gid], self.loca[gid + 1]
        if not start < end <= len(self.glyf) or end - start < 10:
            return False
        data = self.glyf[start:end]
        contours, x_min, y_min, x_max, y_max = struct.unpack_from(">hhhhh", data)
        if x_max <= x_min or y_max <= y_min:
            return False
        if contours > 0:
            return _simple_ok(data, contours)
        if contours < 0:
            return self._composite_ok(data, depth)
        return False

    def _composite_ok(self, data: bytes, depth: int) -> bool:
        pos, drawn = 10, False
        while True:
            if pos + 4 > len(data):
                return False
            flags, gid = struct.unpack_from(">HH", data, pos)
            pos += 4 + (4 if flags & 0x1 else 2)
            pos += 2 if flags & 0x8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
            if pos > len(data):
                return False
            drawn = self.drawable(gid, depth + 1) or drawn
            if not flags & 0x20:  # no more components
                return drawn


def _simple_ok(data: bytes, contours: int) -> bool:
    """Whether a simple glyph's contours, flags and coordinates fit its data."""
    pos = 10 + 2 * contours
    if pos + 2 > len(data):
        return False
    ends = struct.unpack_from(f">{contours}H", data, 10)
    if any(b <= a for a, b in zip(ends, ends[1:])):
        return False
    points = ends[-1] + 1
    (instructions,) = struct.unpack_from(">H", data, pos)
    pos += 2 + instructions
    coords, seen = 0, 0
    while seen < points:
        if pos >= len(data):
            return False
        flag = data[pos]
        pos += 1
        repeat = 1
        if flag & 0x8:
            if pos >= len(data):
                return False
            repeat += data[pos]
            pos += 1
        size = (1 if flag & 0x2 else 0 if flag & 0x10 else 2) + \
            (1 if flag & 0x4 else 0 if flag & 0x20 else 2)
        coords += size * repeat
        seen += repeat
    return seen == points and pos + coords <= len(data)


@functools.lru_cache(maxsize=16)
def _font(path: Path) -> _Font | None:
    try:
        return _Font(path)
    except (struct.error, KeyError, OSError, ValueError):
        return None  # the font's own check reports a file that does not parse


def _used(docs: list[tuple[LocatedYaml, list[tuple[Loc, str]]]]) -> dict[str, str]:
    """Each printed letter that must draw something, with where it is first used."""
    first: dict[str, str] = {}
    for doc, texts in docs:
        for loc, text in texts:
            for ch in set(text).difference(first):
                if not blank(ch):
                    first[ch] = f"{Path(doc.path).name}:{doc.line(loc)} ({dotted(loc)})"
    return dict(sorted(first.items(), key=lambda item: ord(item[0])))


def outline_problems(brand_doc: LocatedYaml, brand,
                     docs: list[tuple[LocatedYaml, list[tuple[Loc, str]]]]) -> list[Problem]:
    """A problem at the brand's ``fonts`` key for each font it names that maps
    a printed letter (``docs``: each file and its printed texts) to a glyph
    with no drawable outline. Each style's font is checked for the letters it
    maps; a fallback font for those it would draw (the main font lacks them)."""
    if brand.fonts is None:
        return []  # the bundled fonts, tested as they are shipped
    used = _used(docs)
    problems = []
    main = _font(brand.font_file("regular"))
    served = set(main.char_to_glyph) if main else set()
    fonts = [(("fonts", style), brand.font_file(style), None)
             for style in ("regular", "bold", "italic", "bold_italic")
             if getattr(brand.fonts, style) is not None]
    for i, path in enumerate(brand.fonts.fallback):
        fonts.append((("fonts", "fallback", i), path, frozenset(served)))
        if (fallback := _font(path)) is not None:
            served |= set(fallback.char_to_glyph)
    for loc, path, skip in fonts:
        font = _font(path)
        if font is None:
            continue
        broken = [ch for ch in used if ord(ch) in font.char_to_glyph
                  and (skip is None or ord(ch) not in skip)
                  and not font.drawable(font.char_to_glyph[ord(ch)])]
        if broken:
            named = "; ".join(f'"{ch}" (U+{ord(ch):04X}), used in {used[ch]}'
                              for ch in broken[:_MAX_SHOWN])
            more = f"; and {len(broken) - _MAX_SHOWN} more" if len(broken) > _MAX_SHOWN else ""
            problems.append(brand_doc.problem(
                loc, f"font {Path(path).name} has no drawable outline for {named}{more}; "
                "the letter would print as a gap: use an undamaged copy of the font"))
    return problems
