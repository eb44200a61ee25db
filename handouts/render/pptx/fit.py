"""Measuring text with the font's real advance widths, and fitting each
text slide spec into slides whose text fits.

Text shrinks from the layout's size toward its minimum only when that saves
a slide; what still does not fit moves to a slide titled "... (continued)".
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics

from ...errors import RenderError
from ...inputs.layouts import DeckLayout
from ..fonts import FontSet
from ..wording import say
from .geometry import Geometry
from .outline import TextSpec

SIZE_STEP = 2  # points between the sizes tried for titles and bodies


@functools.lru_cache(maxsize=None)
def _advance_table(font: str, fonts: FontSet):
    """A per-character advance-width lookup (in 1/1000 em) for ``font``, using
    the first fallback that has a character the font lacks. Built once per
    font per process; characters are added as they are first seen."""
    widths: dict[str, float] = {}

    def advance(ch: str) -> float:
        w = widths.get(ch)
        if w is None:
            name = fonts.font_for(ch, font) or font
            w = widths[ch] = pdfmetrics.stringWidth(ch, name, 1000)
        return w

    return advance


@functools.lru_cache(maxsize=8192)
def _wrap(text: str, font: str, fonts: FontSet, size: float,
          limit: float) -> tuple[str, ...]:
    advance = _advance_table(font, fonts)
    scale = size / 1000
    space = advance(" ") * scale
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split():
        w = sum(advance(ch) for ch in word) * scale
        if line and used + space + w <= limit:
            line.append(word)
            used += space + w
            continue
        if line:
            lines.append(" ".join(line))
        line, used = [word], w
        while used > limit and len(line[0]) > 1:  # a single over-long word
            word = line[0]
            cut = len(word) - 1
            while cut > 1 and sum(advance(ch) for ch in word[:cut]) * scale > limit:
                cut -= 1
            lines.append(word[:cut])
            line = [word[cut:]]
            used = sum(advance(ch) for ch in word[cut:]) * scale
    if line:
        lines.append(" ".join(line))
    return tuple(lines) or ("",)


class Measure:
    """Wraps text into lines with the font's real advance widths."""

    def __init__(self, fonts: FontSet, layout: DeckLayout):
        self.fonts = fonts
        self.layout = layout

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        """Greedy word wrap of ``text`` at ``size`` points into lines no wider
        than ``width`` points (times the layout's ``fit_width`` safety share).
        A word wider than a line is broken between letters. Returns at least
        one line (``""`` for empty text). Cached per process."""
        font = self.fonts.bold if bold else self.fonts.regular
        return list(_wrap(text, font, self.fonts, size, width * self.layout.fit_width))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of ``text`` on one line at ``size`` points, in points."""
        font = self.fonts.bold if bold else self.fonts.regular
        advance = _advance_table(font, self.fonts)
        return sum(advance(ch) for ch in text) * size / 1000

    def line_height(self, size: float) -> float:
        """A line's height in points at ``size`` points."""
        return size * self.layout.line_height


@dataclass(frozen=True)
class FittedText:
    """One slide's worth of a text spec: its title, the items that fit (an
    item may be the part of a long one that fits), their size in points,
    and the spec's notes."""

    kind: str
    title: str
    lines: tuple[str, ...]
    size: float
    bulleted: bool
    notes: str
    lead: str = ""


class Fitter:
    """Splits text specs into slides whose text fits, and sizes titles."""

    def __init__(self, layout: DeckLayout, measure: Measure, geometry: Geometry):
        self.L, self.m, self.g = layout, measure, geometry

    def title_size(self, title: str) -> tuple[float, list[str]]:
        """The largest title size from the layout's down to its minimum at which
        ``title`` fits ``max_lines``, with its lines; at the minimum it may
        take more lines."""
        t = self.L.title
        width = self.g.title_width - 2 * self.L.text_inset
        size = t.size
        while True:
            lines = self.m.wrap(title, size, width, bold=True)
            if len(lines) <= t.max_lines or size <= t.min_size:
                return size, lines
            size = max(t.min_size, size - SIZE_STEP)

    def paginate(self, spec: TextSpec) -> list[FittedText]:
        """``spec`` as one or more slides, each holding at most ``max_bullets``
        items whose wrapped height fits the body box.

        Text is set at the layout's body size, or smaller, down to its minimum,
        when that saves a slide (so a list does not spill one item onto a
        slide of its own). Items too tall for a whole slide are split between
        lines. Raises :class:`RenderError` when not even one line fits.
        """
        b = self.L.body
        sizes = [b.size]
        while sizes[-1] > b.min_size:
            sizes.append(max(b.min_size, sizes[-1] - SIZE_STEP))
        best = self._pages(spec, sizes[-1])
        size, pages = sizes[-1], best
        for candidate in sizes[:-1]:
            tried = self._pages(spec, candidate)
            if len(tried) <= len(best):
                size, pages = candidate, tried
                break
        return [FittedText(spec.kind, self._title(spec.title, i), tuple(page), size,
                           spec.bulleted, spec.notes, spec.lead if i == 0 else "")
                for i, page in enumerate(pages)]

    @staticmethod
    def _title(title: str, index: int) -> str:
        if index == 0:
            return title
        if index == 1:
            return say("deck.continued", title=title)
        return say("deck.continued_n", title=title, n=index)

    def _pages(self, spec: TextSpec, size: float) -> list[list[str]]:
        tsize, tlines = self.title_size(say("deck.continued", title=spec.title))
        body = self.g.body_box(self.g.title_box(len(tlines), tsize))
        capacity = body.height - 2 * self.L.text_inset
        line_h = self.m.line_height(size)
        gap = self.L.body.paragraph_space
        indent = self.L.body.bullet_indent if spec.bulleted else 0
        width = body.width - 2 * self.L.text_inset - indent
        pages: list[list[str]] = [[]]
        used = 0.0
        if spec.lead:  # the first slide's lead line, bold, at the body size, unindented
            lead = self.m.wrap(spec.lead, size, width + indent, bold=True)
            used = len(lead) * line_h + gap
            if used > capacity:
                raise RenderError(f"slide '{spec.title}': no room for its main message at the "
                                  "minimum size")
        for item in spec.items:
            lines = self.m.wrap(item, size, width)
            while lines:
                page = pages[-1]
                space = gap if page else 0.0
                room = (int((capacity - used - space) // line_h)
                        if len(page) < self.L.body.max_bullets else 0)
                if room >= len(lines):
                    page.append(" ".join(lines))
                    used += space + len(lines) * line_h
                    lines = []
                elif page:
                    pages.append([])
                    used = 0.0
                elif room >= 1:  # too long for a whole slide: split between lines
                    page.append(" ".join(lines[:room]))
                    lines = lines[room:]
                    pages.append([])
                    used = 0.0
                else:
                    raise RenderError(f"slide '{spec.title}': no room for text at the "
                                      "minimum size")
        return [p for p in pages if p] or [[]]
