"""Paragraph styles from a layout and a brand, and paragraphs parsed once.

Content text becomes ReportLab markup only through :func:`markup`, which
escapes it and sets letters the main font lacks in a fallback font.
"""
from __future__ import annotations

import copy
import functools
import unicodedata

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _SplitWordHY

from ...errors import RenderError
from ...inputs.brand import Colours
from ...inputs.layouts import PageLayout, TextStyle
from ...inputs.values import primary_language
from ..escape import escape
from ..fonts import FontSet
from ..memo import Memo
from .tagging import Node, Tagged

_DRAWS_NOTHING = ("Cc", "Cf")  # controls and format marks


@functools.lru_cache(maxsize=4096)
def markup(text: str, fonts: FontSet) -> str:
    """``text`` as ReportLab paragraph markup that prints it literally.

    ``&``, ``<`` and ``>`` are escaped, so nothing in content is ever read as
    markup. A letter the main font cannot draw is set, glyph by glyph, in the
    first fallback font that can. Raises :class:`RenderError` naming every
    letter no font can draw, rather than print boxes or drop letters.
    (Remembered: every handout of a build sets the same texts.)
    """
    if text.isascii() or fonts.draws_all(text):
        return escape(text)
    pieces: list[tuple[str | None, str]] = []
    missing: list[str] = []
    for ch in text:
        font = None
        if not ch.isspace() and unicodedata.category(ch) not in _DRAWS_NOTHING:
            font = fonts.font_for(ch)
            if font is None:
                missing.append(ch)
            elif font == fonts.regular:
                font = None
        if pieces and pieces[-1][0] == font:
            pieces[-1] = (font, pieces[-1][1] + ch)
        else:
            pieces.append((font, ch))
    if missing:
        letters = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in dict.fromkeys(missing))
        raise RenderError(
            f"no font can draw {letters} in \"{text[:40]}\"; name a font that has them "
            "under fonts.fallback in the brand file")
    return "".join(escape(chunk) if font is None else f'<font name="{font}">{escape(chunk)}</font>'
                   for font, chunk in pieces)


SOFT_HYPHEN = "\u00ad"


def _added_hyphen(line) -> bool:
    """Whether a laid-out line (simple paragraphs: ``(space, words)``) ends in a
    hyphen the hyphenator put there, not one the text has."""
    words = line[1] if isinstance(line, tuple) and len(line) == 2 else None
    return bool(words) and isinstance(words[-1], _SplitWordHY) and words[-1].endswith("-")


# Drawn paragraphs, by what makes their drawing operators what they are. A
# paragraph draws at its own origin (``drawOn`` moves the origin there), so
# the same laid-out text draws the same operators wherever it stands, given
# the same font names and character codes in its document: every site's
# copy of a handout, and the same text in the next handout, draws as the
# first did. Bounded: cleared when full.
MAX_DRAWN = 8192
_DRAWN: Memo = Memo(MAX_DRAWN)  # key -> (laid-out text, operators, after a switch)
DRAW_CACHE = True  # off in the test that proves the bytes are the same


def _drawn_key(p: "_Para", canv) -> tuple[tuple, tuple] | None:
    """What a paragraph's drawing depends on (its bullet's too), and the
    letters its drawing gives their first codes in the document, per font;
    or ``None`` when it may do more than draw (a link or callback of
    ReportLab's markup). (A link of ours, :attr:`.tagging.Tagged.link`, is
    made after the drawing.)

    A letter's code in a font subset is given at its first use in a
    document, in order, and a font its name (``F3``) at its first use. So
    the drawing depends on the codes of the letters met before; for letters
    met here first, on their order (the key holds the paragraph, whose
    letters are known) and on the next free code; for a font met here
    first, on how many fonts the document has named.
    """
    if not DRAW_CACHE:
        return None
    bl = getattr(p, "blPara", None)
    fonts = _drawn_fonts(bl, p.bulletText, p.style.bulletFontName) if bl is not None else None
    if fonts is None:
        return None
    doc = canv._doc
    # A document's font states, once named: ReportLab keeps them by weak
    # reference to the document, slow to look up for every paragraph.
    named = doc.__dict__.get("_named_states")
    if named is None:
        named = doc._named_states = {}
    parts, pending = [], []
    registered = None
    for name, font, letters in fonts:
        state = named.get(name)
        if state is None:
            state = font.state.get(doc)
            if state is None:  # the font's first use in the document: it is named now
                if registered is None:
                    registered = len(doc.fontMapping)
                parts.append((name, letters, registered))
                pending.append((font, "".join(map(chr, letters)), True))
                registered += 1
                continue
            if state.internalName is None:
                return None
            named[name] = state
        codes = tuple(map(state.assignments.get, letters))
        if None in codes:
            parts.append((state.internalName, codes, state.nextCode))
            pending.append((font, "".join(chr(c) for c, n in zip(letters, codes) if n is None),
                            False))
        else:
            parts.append((state.internalName, codes))
    return (id(bl), p.width, p.height, p.bulletText, tuple(parts)), tuple(pending)


_LETTERS: Memo = Memo(MAX_DRAWN)  # id(laid-out text) -> (it, its fonts' letters)


def _ordered_special(text: str) -> tuple[int, ...]:
    """The code points of ``text`` that are not printable ASCII, each once, in
    order of first use. No-break spaces are drawn as spaces (code 32): no
    letter of their own."""
    return tuple(dict.fromkeys(ord(c) for c in text if not (" " <= c <= "~") and c != "\u00a0"))


def _merged(fonts) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """``(font, letters)`` pairs with each font once, its letters in order."""
    by_font: dict[str, dict[int, None]] = {}
    for name, letters in fonts:
        by_font.setdefault(name, {}).update(dict.fromkeys(letters))
    return tuple((name, tuple(letters)) for name, letters in by_font.items())


_FONTS: Memo = Memo(MAX_DRAWN)  # (id(laid-out text), bullet) -> (it, its fonts)


def _drawn_fonts(bl, bullet: str | None, bullet_font: str):
    """:func:`_font_letters` with the bullet's (drawn first), each font as
    ``(name, font, letters)``; ``None`` when not remembered (see there) or
    a font is not a TrueType font ReportLab subsets. Remembered per layout."""
    key = (id(bl), bullet, bullet_font if bullet else None)
    hit = _FONTS.get(key)
    if hit is not None and hit[0] is bl:
        return hit[1]
    fonts = _font_letters(bl)
    if fonts is not None and bullet:
        fonts = _merged(((bullet_font, _ordered_special(bullet)), *fonts))
    out = None
    if fonts is not None:
        out = tuple((name, pdfmetrics.getFont(name), letters) for name, letters in fonts)
        if not all(font._dynamicFont for _, font, _ in out):
            out = None
    _FONTS.put(key, (bl, out))
    return out


def _font_letters(bl) -> tuple[tuple[str, tuple[int, ...]], ...] | None:
    """Each font a laid-out paragraph draws in, with the code points it draws
    in it that are not printable ASCII (those a document numbers as it
    first meets them), in the order it draws them; or ``None`` for a
    paragraph whose drawing does more than draw text: a link, an underline
    or a callback."""
    hit = _LETTERS.get(id(bl))
    if hit is not None and hit[0] is bl:
        return hit[1]
    if not hasattr(bl, "lines"):
        out = None
    elif getattr(bl, "kind", 1) == 0:
        # As drawn: a hyphen the hyphenator added is a soft hyphen (see _draw).
        text = "".join(
            " ".join(words[:-1] + [words[-1][:-1] + SOFT_HYPHEN]
                     if _added_hyphen((space, words)) else words)
            for space, words in bl.lines)
        out = ((bl.fontName, _ordered_special(text)),)
    else:
        out, pieces = None, []
        for line in bl.lines:
            for frag in getattr(line, "words", (None,)):  # a line of frags, else not known
                if (frag is None or getattr(frag, "cbDefn", None) is not None
                        or getattr(frag, "link", None) or getattr(frag, "us_lines", None)):
                    break
                pieces.append((frag.fontName, _ordered_special(frag.text)))
            else:
                continue
            break
        else:
            out = _merged(pieces)
    _LETTERS.put(id(bl), (bl, out))
    return out


class _Replayed(Paragraph):
    """A paragraph that, once drawn, is drawn again from memory (see
    ``_DRAWN``): the operators ReportLab's ``drawOn`` would write around the
    drawing (save the state, move the origin, restore) are written directly,
    without its bookkeeping of the canvas's state, which a remembered drawing
    leaves as it found it. Same bytes (tested)."""

    def drawOn(self, canv, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's names
        x = self._hAlignAdjust(x, _sW)
        known = _drawn_key(self, canv)
        if known is None:
            return super().drawOn(canv, x, y)
        key, pending = known
        tagger = getattr(canv, "tagger", None)
        # A list item's label ends after its bullet: there the body's marked
        # content begins, numbered live (see tagging.Tagged).
        switching = tagger is not None and tagger.then is not None
        key += (switching,)
        hit = _DRAWN.get(key)
        if hit is None or hit[0] is not self.blPara:
            self._remember = key
            try:
                return super().drawOn(canv, x, y)
            finally:
                del self._remember
        for font, letters, first in pending:  # as the drawing did: codes, then the name
            font.splitString(letters, canv._doc)
            if first:
                font.getSubsetInternalName(0, canv._doc)
        code = canv._code
        code.append("q")
        code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")
        code.extend(hit[1])
        if switching:
            tagger.after_text(canv)
            code.extend(hit[2])
        code.append("Q")
        return None

    def draw(self):
        key = self.__dict__.get("_remember")
        if key is None:
            return self._draw()
        canv = self.canv
        code, tagger = canv._code, getattr(canv, "tagger", None)
        switching = key[-1]
        start = len(code)
        if switching:
            tagger.switched_at = None
        self._draw()
        if switching:
            at = tagger.switched_at
            if at is None or at < start:
                return None  # not drawn as expected: not remembered
            entry = (self.blPara, code[start:at], code[at + 2:])
        else:
            entry = (self.blPara, code[start:], None)
        _DRAWN.put(key, entry)
        return None

    def _draw(self):
        # A hyphen the hyphenator added is drawn as a soft hyphen (U+00AD,
        # the same glyph): text taken from the page, a screen reader's
        # included, then reads "algunos", not "al- gunos".
        bl = getattr(self, "blPara", None)
        lines = getattr(bl, "lines", None)
        if getattr(bl, "kind", 1) != 0 or not lines or not any(map(_added_hyphen, lines)):
            return super().draw()
        bl.lines = [(line[0], [*line[1][:-1], line[1][-1][:-1] + SOFT_HYPHEN])
                    if _added_hyphen(line) else line for line in lines]
        try:
            return super().draw()
        finally:
            bl.lines = lines


class _Para(Tagged, _Replayed):
    """A Paragraph that remembers its line breaks per width and its pieces
    per split, and carries its structure element (see
    :class:`.tagging.Tagged`).

    Copies made by :func:`para` share that memory (``_memo``), so the same
    text laid out at the same width in the next handout (or the next
    site's) is not broken into lines again. A split gives copies of the
    pieces made the first time, each with a memory of its own.
    """

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        cache = self.__dict__.get("_memo")
        if cache is None:
            return super().wrap(availWidth, availHeight)
        hit = cache.get(availWidth)
        if hit is None:
            out = super().wrap(availWidth, availHeight)
            cache[availWidth] = (self._wrapWidths, self.blPara, self.height)
            return out
        self.width = availWidth
        self._wrapWidths, self.blPara, self.height = hit
        return availWidth, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        parts = self._split(availWidth, availHeight)
        for i, part in enumerate(parts):  # each piece shows part of the same element
            part.tag, part.link = self.tag, self.link
            part.label = self.label if i == 0 else None
        return parts

    def _split(self, availWidth, availHeight):  # noqa: N803
        # Split once per laid-out text and room: copies of the same pieces,
        # each remembering its own line breaks, so the next site's pieces
        # are laid out and drawn from memory too.
        memo = self.__dict__.get("_memo")
        bl = self.__dict__.get("blPara")
        if memo is None or bl is None:
            return super().split(availWidth, availHeight)
        key = ("split", id(bl), availWidth, availHeight)
        hit = memo.get(key)
        if hit is None or hit[0] is not bl:
            parts = super().split(availWidth, availHeight)
            kept = "blPara" in self.__dict__
            pieces = None if parts == [self] else tuple(parts)
            for piece in pieces or ():
                piece._memo = {}
            memo[key] = hit = (bl, pieces, kept)
        _, pieces, kept = hit
        if not kept:
            self.__dict__.pop("blPara", None)
        return [self] if pieces is None else [copy.copy(piece) for piece in pieces]

    def __copy__(self):
        # What copy.copy does for a plain object, without its general path.
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new

    def ink_width(self) -> float:
        """Width of the longest line, in points."""
        return max(self.getActualLineWidths0(), default=0.0)


@functools.lru_cache(maxsize=8192)
def _prototype(text: str, style: ParagraphStyle, bullet: str | None) -> _Para:
    proto = _Para(text, style, bulletText=bullet)
    proto._memo = {}
    return proto


def para(text: str, style: ParagraphStyle, bullet: str | None = None,
         tag: Node | None = None) -> Paragraph:
    """A paragraph of ``text`` (markup) in ``style``, parsed once per
    process, showing structure element ``tag`` (None: an artifact)."""
    out = copy.copy(_prototype(text, style, bullet))
    out.tag = tag
    return out


def tint(color: colors.Color, share: float, background: colors.Color) -> colors.Color:
    """``color`` mixed into ``background``: ``share`` 0.0 is the background,
    1.0 the colour."""
    return colors.Color(*(share * a + (1 - share) * b
                          for a, b in zip(color.rgb(), background.rgb())))


# Languages whose running text is hyphenated, and the pyphen dictionary for
# each: Spanish words are long enough that a column without hyphens runs
# ragged and long. English is set without.
HYPHENATION = {"es": "es"}


def hyphenation(language: str) -> str:
    """The pyphen dictionary that hyphenates ``language`` ("" for none)."""
    return HYPHENATION.get(primary_language(language), "")


@functools.lru_cache(maxsize=64)
def styles_for(layout: PageLayout, colours: Colours, fonts: FontSet,
               hyphenate: str = "") -> "Styles":
    """Paragraph styles, built once per (layout, colours, fonts, hyphenation
    dictionary) per process."""
    return Styles(layout, colours, fonts, hyphenate)


class Styles:
    """Paragraph styles built from the layout's type scale and the brand;
    running text (body and bullets) hyphenated with pyphen's ``hyphenate``
    dictionary when one is named."""

    def __init__(self, layout: PageLayout, colours: Colours, fonts: FontSet,
                 hyphenate: str = ""):
        c = colours
        self.text = colors.HexColor(c.text)
        self.primary = colors.HexColor(c.primary)
        self.accent = colors.HexColor(c.accent)
        self.background = colors.HexColor(c.background)
        t = layout.type

        def style(name: str, ts: TextStyle, font: str, color=None, **kw) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=ts.size, leading=ts.leading,
                spaceBefore=ts.space_before, spaceAfter=ts.space_after,
                textColor=color or self.text, alignment=TA_LEFT, **kw)

        hyphens = {"hyphenationLang": hyphenate, "hyphenationMinWordLength": 7} if hyphenate \
            else {}
        self.body = style("body", t.body, fonts.regular, allowWidows=0, allowOrphans=0,
                          **hyphens)
        self.title = style("title", t.title, fonts.bold, self.primary, keepWithNext=1)
        self.subtitle = style("subtitle", t.subtitle, fonts.regular, keepWithNext=1)
        self.heading = style("heading", t.heading, fonts.bold, self.primary)
        self.question = style("question", t.question, fonts.bold, keepWithNext=1)
        self.box_heading = style("box_heading", t.box_heading, fonts.bold, self.primary,
                                 keepWithNext=1)
        indent = layout.box.bullet_indent
        self.bullet = style("bullet", t.body, fonts.regular, leftIndent=indent,
                            bulletIndent=0, bulletFontName=fonts.bold,
                            bulletFontSize=t.body.size, **hyphens)
        self.contact = style("contact", t.contact, fonts.regular)
        self.lead = style("lead", t.lead, fonts.bold, self.primary)
        h, f = layout.header, layout.footer
        self.clinic_name = ParagraphStyle(
            "name", fontName=fonts.bold, fontSize=h.name_size, leading=h.name_size * 1.15,
            textColor=self.primary)
        self.tagline = ParagraphStyle(
            "tag", fontName=fonts.regular, fontSize=h.tagline_size,
            leading=h.tagline_size * 1.2, textColor=self.text)
        self.footer = ParagraphStyle("footer", fontName=fonts.regular, fontSize=f.size,
                                     leading=f.leading, textColor=self.text)
        self.caption = ParagraphStyle("caption", fontName=fonts.regular,
                                      fontSize=layout.qr.caption_size,
                                      leading=layout.qr.caption_size * 1.25, textColor=self.text)
        size = layout.pictogram.caption_size
        self.pictogram_caption = ParagraphStyle(
            "pictogram_caption", fontName=fonts.bold, fontSize=size, leading=size * 1.2,
            textColor=self.text, alignment=TA_CENTER)
