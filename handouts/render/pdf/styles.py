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
from reportlab.lib.styles import ParagraphStyle

from ...errors import RenderError
from ...inputs.brand import Colours
from ...inputs.layouts import PageLayout, TextStyle
from ...inputs.values import primary_language
from ...libs.reportlab_paragraph import Paragraph, remembering
from ..escape import escape
from ..fonts import FontSet
from ..typeset import tie
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
    text = tie(text)
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


class _Para(Tagged, Paragraph):
    """A paragraph (see :class:`handouts.libs.reportlab_paragraph.Paragraph`)
    that carries its structure element (see :class:`.tagging.Tagged`); each
    piece of a split shows part of the same element."""

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        parts = super().split(availWidth, availHeight)
        # Never a page break inside a bracketed explanation: the page ends
        # before the line the bracket opens on (or the paragraph moves whole);
        # a style's widowLines: the fewest lines it carries over to a page.
        while len(parts) > 1 and (_opened(parts[0]) or len(self.blPara.lines) - len(
                parts[0].blPara.lines) < getattr(self.style, "widowLines", 0)):
            availHeight -= self.style.leading
            parts = super().split(availWidth, availHeight) if availHeight > 0 else []
        for i, part in enumerate(parts):
            part.tag, part.link = self.tag, self.link
            part.label = self.label if i == 0 else None
        return parts

    def ink_width(self) -> float:
        """Width of the longest line, in points."""
        return max(self.getActualLineWidths0(), default=0.0)


def _opened(part) -> bool:
    """Whether the text of ``part`` (a paragraph's first piece) leaves a
    bracket open."""
    text = " ".join(" ".join(line[1]) if isinstance(line, tuple)
                    else "".join(getattr(w, "text", "") for w in line.words)
                    for line in part.blPara.lines)
    return text.count("(") > text.count(")")


@functools.lru_cache(maxsize=8192)
def _prototype(text: str, style: ParagraphStyle, bullet: str | None) -> _Para:
    return remembering(_Para(text, style, bulletText=bullet))


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


# Words never broken: the drug's names, in every language we print.
UNBROKEN = ("ketamin", "ketalar", "esketamin", "spravato")
_PUNCTUATION = "\"'“”‘’«»¿¡()[]{}.,;:!?—–-"


class Hyphenator:
    """pyphen's hyphenation for one language, never inside the drug's name
    or a name (a word that starts with a capital letter). ReportLab calls it
    with a word and takes the (start, end) pairs it may break the word into."""

    def __init__(self, language: str):
        self.language = language
        self._iterate = None

    def __call__(self, word: str):
        bare = word.strip(_PUNCTUATION)
        # Words tied together (typeset.tie: a paragraph's last two) stay whole.
        if bare[:1].isupper() or "\u00a0" in word or any(stem in bare.lower()
                                                         for stem in UNBROKEN):
            return ()
        if self._iterate is None:
            import pyphen

            self._iterate = pyphen.Pyphen(lang=self.language).iterate
        return self._iterate(word)

    def __eq__(self, other) -> bool:
        return isinstance(other, Hyphenator) and other.language == self.language

    def __hash__(self) -> int:
        return hash(("Hyphenator", self.language))

    def __repr__(self) -> str:
        return f"Hyphenator({self.language!r})"


@functools.lru_cache(maxsize=None)
def _hyphenator(dictionary: str) -> Hyphenator:
    return Hyphenator(dictionary)


def hyphenation(language: str, allowed: bool = True) -> Hyphenator | str:
    """What hyphenates ``language`` in a layout (``allowed``: whether the
    layout hyphenates at all; large print does not); "" for nothing."""
    dictionary = HYPHENATION.get(primary_language(language), "") if allowed else ""
    return _hyphenator(dictionary) if dictionary else ""


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
        # The booklet's running text: a page never opens with a paragraph's
        # last line or two (the handouts keep ReportLab's one line: their
        # page counts are held to sheets).
        self.booklet_body = ParagraphStyle("booklet_body", parent=self.body, widowLines=3)
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
        # A draft's band: white bold at the body's size, tighter lines (one line).
        self.band = ParagraphStyle("band", fontName=fonts.bold, fontSize=t.body.size,
                                   leading=t.body.size * 1.2, textColor=colors.white)
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
        # What a source in the clinic's list backs ("Used in: ..."), indented
        # under it: each source reads as one entry, in no more lines.
        self.source_uses = ParagraphStyle("source_uses", parent=self.caption,
                                          leftIndent=self.caption.fontSize * 1.5)
        size = layout.pictogram.caption_size
        self.pictogram_caption = ParagraphStyle(
            "pictogram_caption", fontName=fonts.bold, fontSize=size, leading=size * 1.2,
            textColor=self.text, alignment=TA_CENTER)
