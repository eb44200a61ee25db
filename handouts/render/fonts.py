"""A brand's fonts, registered with ReportLab once per process.

Both renderers use this: the PDF renderer to set text, the deck renderer to
measure it (ReportLab reads the TrueType metrics).
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..inputs.brand import FONT_STYLES, Brand
from ..libs import reportlab_fonts


@dataclass(frozen=True)
class FontSet:
    """ReportLab font names for the four styles of one family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallback_paths: tuple[Path, ...] = ()

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """ReportLab names of the fallback fonts, registered on first use (most
        text never needs them)."""
        return tuple(_register(p) for p in self.fallback_paths)

    def draws_all(self, text: str) -> bool:
        """Whether the regular face has every character of ``text``."""
        return set(text) <= _face_letters(self.regular)

    def has_glyph(self, char: str, font: str | None = None) -> bool:
        """Whether ``font`` (default: the regular face) can draw ``char``."""
        return ord(char) in _face_chars(font or self.regular)

    def font_for(self, char: str, font: str | None = None) -> str | None:
        """The name of the font that draws ``char``: ``font`` (default: the
        regular face) if it can, else the first fallback that can, else
        ``None``."""
        font = font or self.regular
        if self.has_glyph(char, font):
            return font
        return next((f for f in self.fallbacks if self.has_glyph(char, f)), None)


@functools.lru_cache(maxsize=None)
def _register(path: Path) -> str:
    name = "F" + hashlib.sha1(str(path).encode()).hexdigest()[:10]
    font = TTFont(name, str(path))
    reportlab_fonts.remember_subsets(font)
    pdfmetrics.registerFont(font)
    return name


@functools.lru_cache(maxsize=None)
def _face_chars(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


@functools.lru_cache(maxsize=None)
def _face_letters(name: str) -> frozenset[str]:
    return frozenset(map(chr, _face_chars(name)))


@functools.lru_cache(maxsize=None)
def register_family(paths: tuple[Path, Path, Path, Path],
                    fallbacks: tuple[Path, ...] = ()) -> FontSet:
    """Register the regular, bold, italic and bold-italic TTFs; return their names.

    Fonts are embedded and subset by ReportLab when used. Registering the same
    files again costs nothing (cached per process).
    """
    names = [_register(p) for p in paths]
    fs = FontSet(*names, fallback_paths=tuple(fallbacks))
    addMapping(fs.regular, 0, 0, fs.regular)
    addMapping(fs.regular, 1, 0, fs.bold)
    addMapping(fs.regular, 0, 1, fs.italic)
    addMapping(fs.regular, 1, 1, fs.bold_italic)
    return fs


def brand_fonts(brand: Brand) -> FontSet:
    """The registered :class:`FontSet` for ``brand``'s fonts."""
    return register_family(tuple(brand.font_file(s) for s in FONT_STYLES), brand.fallback_fonts)
