"""Measuring text with the font's real advance widths, and fitting each
text slide spec into slides whose text fits.

A presenter's computer may lack the deck's font and set the text in a
stand-in: LibreOffice uses DejaVu Sans, PowerPoint usually Arial (Liberation
Sans on Linux is metric-compatible). Text is measured with each character's
widest advance among the deck's font and those stand-ins, so it fits
whichever one a viewer uses. The stand-ins' metrics come with ReportLab:
Bitstream Vera, whose Latin letters DejaVu Sans keeps unchanged, and
Helvetica, whose widths Arial and Liberation Sans match. Same metrics on
every machine, so the same deck everywhere.

A deck has one body size: the largest at which every text slide fits
without spilling onto another, down to the minimum; what does not fit even
at the minimum moves to further slides, titled as one series: "CRPS in
depth (2 of 3)".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from reportlab.pdfbase import pdfmetrics

from ...errors import RenderError
from ...inputs.layouts import DeckLayout
from ..fonts import FontSet
from ..typeset import tie
from ...memo import Memo
from ..wording import say
from .geometry import Geometry
from .outline import TextSpec

SIZE_STEP = 2  # points between the sizes tried for titles and bodies
_WORDS = re.compile(r"[^ \t\n\r\f\v]+").findall  # words, split at breaking spaces only


# Stand-in faces whose widths text must also fit: (regular, bold).
STAND_INS = (("Vera", "VeraBd"), ("Helvetica", "Helvetica-Bold"))
_VERA_FILES = {"Vera": "Vera.ttf", "VeraBd": "VeraBd.ttf"}  # shipped with ReportLab


@functools.lru_cache(maxsize=None)
def _stand_in(name: str):
    """``(name, characters it has)`` for a stand-in face, registered once."""
    if name in _VERA_FILES:
        from reportlab.pdfbase.ttfonts import TTFont

        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, _VERA_FILES[name]))
        return name, frozenset(pdfmetrics.getFont(name).face.charToGlyph)
    # A standard PDF font: the characters of its WinAnsi encoding.
    return name, frozenset(ord(c) for c in bytes(range(32, 256)).decode("cp1252", "ignore"))


@functools.lru_cache(maxsize=None)
def _advance_table(font: str, fonts: FontSet):
    """A per-character advance-width lookup (in 1/1000 em) for ``font``: the
    widest of the font's own advance (or the first fallback's, for a
    character it lacks) and the advances of the stand-ins that have the
    character. Built once per font per process; characters are added as
    they are first seen."""
    widths: dict[str, float] = {}
    bold = font == fonts.bold
    stand_ins = [_stand_in(pair[1] if bold else pair[0]) for pair in STAND_INS]

    def advance(ch: str) -> float:
        w = widths.get(ch)
        if w is None:
            name = fonts.font_for(ch, font) or font
            w = pdfmetrics.stringWidth(ch, name, 1000)
            for other, chars in stand_ins:
                if ord(ch) in chars:
                    w = max(w, pdfmetrics.stringWidth(ch, other, 1000))
            widths[ch] = w
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
    for word in _WORDS(text):  # a no-break space joins words, as viewers keep them
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


def tied(spec: TextSpec) -> TextSpec:
    """``spec`` with the print rules of :func:`..typeset.tie` on its items
    and lead: a number kept with its unit, a date whole, and no last line
    of one word alone (the slide's wrap and the viewer's keep no-break
    spaces)."""
    return replace(spec, items=tuple(tie(item) for item in spec.items), lead=tie(spec.lead))


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
    reduced: bool = False  # set smaller than the deck's body size, to fit


class Fitter:
    """Splits text specs into slides whose text fits, and sizes titles. It
    remembers what it measured: one fitter serves every deck of a process
    with the same layout, fonts, template and language."""

    def __init__(self, layout: DeckLayout, measure: Measure, geometry: Geometry):
        self.L, self.m, self.g = layout, measure, geometry
        self._preferred: Memo = Memo(4096)  # spec -> its size
        self._paged: Memo = Memo(4096)  # (spec, size) -> its slides' lines

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

    def sizes(self) -> list[float]:
        """The body sizes tried, largest first: the layout's size down to its
        minimum in steps of :data:`SIZE_STEP` points."""
        b = self.L.body
        out = [b.size]
        while out[-1] > b.min_size:
            out.append(max(b.min_size, out[-1] - SIZE_STEP))
        return out

    def preferred_size(self, spec: TextSpec) -> float:
        """The largest body size at which ``spec`` takes no more slides than
        at the minimum size (so a list does not spill one item onto a slide
        of its own)."""
        size = self._preferred.get(spec)
        if size is None:
            sizes = self.sizes()
            fewest = len(self._pages(spec, sizes[-1]))
            size = self._preferred.put(spec, next(s for s in sizes
                                                  if len(self._pages(spec, s)) <= fewest))
        return size

    def deck_size(self, specs: list[TextSpec]) -> float:
        """One body size for a whole deck: the largest size at which every
        text slide fits without spilling onto another, so the text does not
        change size from slide to slide. The layout's size if there is no
        text slide."""
        return min((self.preferred_size(spec) for spec in specs), default=self.L.body.size)

    def paginate(self, spec: TextSpec, deck_size: float | None = None) -> list[FittedText]:
        """``spec`` as one or more slides, each holding at most ``max_bullets``
        items whose wrapped height fits the body box, at ``deck_size`` (the
        deck's body size; default: the layout's) or, where the spec cannot
        take that without an extra slide, its own smaller preferred size.

        Slides of one spec are titled as one series, "TITLE (2 of 3)". Items
        too tall for a whole slide are split between lines. Raises
        :class:`RenderError` when not even one line fits.
        """
        size = min(deck_size or self.L.body.size, self.preferred_size(spec))
        pages = self._pages(spec, size)
        return [FittedText(spec.kind, self._title(spec.title, i, len(pages)), tuple(page), size,
                           spec.bulleted, spec.notes, tie(spec.lead) if i == 0 else "",
                           reduced=deck_size is not None and size < deck_size)
                for i, page in enumerate(pages)]

    @staticmethod
    def _title(title: str, index: int, total: int) -> str:
        """``title``, with "(2 of 3)" in a series; the counter is one
        unbreakable piece (never "(2 / of 3)"), on the title's last line."""
        if total == 1:
            return title
        before, after = say("deck.part", title="\0", n=index + 1, total=total).split("\0")

        def whole(part: str) -> str:
            return part.replace(" ", "\u00a0") if part.strip() else ""

        return " ".join(p for p in (whole(before.strip()), title, whole(after.strip())) if p)

    def _pages(self, spec: TextSpec, size: float) -> list[list[str]]:
        key = (spec, size)
        paged = self._paged.get(key)
        if paged is None:
            paged = self._paged.put(key, self._paginate(spec, size))
        return [list(page) for page in paged]

    def _paginate(self, spec: TextSpec, size: float) -> list[list[str]]:
        """``spec``'s items as pages. A slide shows at most ``max_words``
        words, its title (and "(1 of 2)") included; a condition's slide (one
        with a main message) keeps its points together, as does an item
        longer than that alone."""
        spec = tied(spec)
        title_words = len(spec.title.split())
        pages = self._pages_within(spec, size, title_words)
        if len(pages) > 1:  # a series: its titles say "(1 of 2)"
            series = len(say("deck.part", title=spec.title, n=1, total=2).split())
            pages = self._pages_within(spec, size, series)
        return pages

    def _pages_within(self, spec: TextSpec, size: float, title_words: int) -> list[list[str]]:
        # Room for the longest title of the series, "TITLE (10 of 12)".
        tsize, tlines = self.title_size(self._title(spec.title, 9, 12))
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
        budget = None if spec.lead else self.L.body.max_words - title_words
        words = 0  # on the current slide, besides its title
        for item in spec.items:
            lines = self.m.wrap(item, size, width)
            count = len(item.split())
            while lines:
                page = pages[-1]
                space = gap if page else 0.0
                wordy = budget is not None and page and words + count > budget
                room = (int((capacity - used - space) // line_h)
                        if len(page) < self.L.body.max_bullets and not wordy else 0)
                if room >= len(lines):
                    page.append(" ".join(lines))
                    used += space + len(lines) * line_h
                    words += count
                    lines = []
                elif page or (used and room < 1):  # next slide (a long lead may fill the first)
                    pages.append([])
                    used, words = 0.0, 0
                elif room >= 1:  # too long for a whole slide: split between lines
                    page.append(" ".join(lines[:room]))
                    lines = lines[room:]
                    count = len(" ".join(lines).split())
                    pages.append([])
                    used, words = 0.0, 0
                else:
                    raise RenderError(f"slide '{spec.title}': no room for text at the "
                                      "minimum size")
        return [p for p in pages if p] or [[]]
