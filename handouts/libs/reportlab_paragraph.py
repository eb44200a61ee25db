"""ReportLab's paragraphs, drawn and laid out faster: the same bytes.

The renderer's paragraphs are :class:`Paragraph`, a ReportLab ``Paragraph``
with one adapter and two speed-ups.

**Adapter (always on): added hyphens drawn as soft hyphens.** A hyphen the
hyphenator added (ReportLab marks such a word as ``_SplitWordHY``) is drawn
as a soft hyphen (U+00AD, the same glyph): text taken from the page, a
screen reader's included, then reads "algunos", not "al- gunos". It relies
on simple paragraphs' laid-out lines being ``(space, words)`` pairs;
``tests/test_typesetting.py`` reads the text back.

**replay.** A paragraph draws at its own origin (``drawOn`` moves the origin
there), so the same laid-out text draws the same operators wherever it
stands, given the same font names and character codes in its document.
Once drawn, a paragraph is drawn again from memory: its operators are
written to the canvas's operator list directly, with the letters it meets
first given their codes, and a font it meets first its name, as the drawing
did. It relies on ReportLab's canvas keeping its operators in ``_code``, a
document keeping font states (``assignments``, ``nextCode``,
``internalName``) per font, and ``drawOn``'s ``q``/``cm``/``Q`` framing. A
paragraph whose drawing may do more than draw text (a link, an underline, a
callback of ReportLab's markup) is never remembered. If a release changes
any of this, the bytes differ from the libraries' own and
``tests/test_speedups.py`` fails; ``HANDOUTS_SPEEDUPS=-replay`` turns it off.

**wrap-memo.** A paragraph made by :func:`remembering` shares with its copies
a memory of its line breaks per width (``wrap``) and of its pieces per split
(``split``), so the same text laid out at the same width in the next
handout (or the next site's) is not broken into lines again: 2.7 times
faster handouts. It relies on ``wrap`` leaving its result in
``_wrapWidths``, ``blPara`` and ``height``, and on ``split`` returning new
paragraphs; ``HANDOUTS_SPEEDUPS=-wrap-memo`` turns it off.
"""
from __future__ import annotations

import copy

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import _SplitWordHY

from ..memo import Memo

# Switched on by handouts.libs.install() when the speed-ups are.
REPLAY = False
WRAP_MEMO = False

SOFT_HYPHEN = "\u00ad"


def added_hyphen(line) -> bool:
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


def _drawn_key(p: "Paragraph", canv) -> tuple[tuple, tuple] | None:
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
                     if added_hyphen((space, words)) else words)
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


class Paragraph(_Paragraph):
    """A ReportLab ``Paragraph`` whose added hyphens draw as soft hyphens,
    drawn again from memory once drawn (``replay``) and laid out from memory
    once laid out (``wrap-memo``, for paragraphs made by
    :func:`remembering`). Remembered drawing writes the operators ReportLab's
    ``drawOn`` would write around it (save the state, move the origin,
    restore) directly, without its bookkeeping of the canvas's state, which
    a remembered drawing leaves as it found it. Same bytes (tested)."""

    def drawOn(self, canv, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's names
        if not REPLAY:
            return super().drawOn(canv, x, y, _sW)
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
        if getattr(bl, "kind", 1) != 0 or not lines or not any(map(added_hyphen, lines)):
            return super().draw()
        bl.lines = [(line[0], [*line[1][:-1], line[1][-1][:-1] + SOFT_HYPHEN])
                    if added_hyphen(line) else line for line in lines]
        try:
            return super().draw()
        finally:
            bl.lines = lines

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
        # Split once per laid-out text and room: copies of the same pieces,
        # each remembering its own line breaks, so the next site's pieces
        # are laid out and drawn from memory too. A split gives copies of
        # the pieces made the first time, each with a memory of its own.
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


def remembering(paragraph: Paragraph) -> Paragraph:
    """``paragraph``, given a memory of its line breaks and splits that its
    copies share (when the ``wrap-memo`` speed-up is on)."""
    if WRAP_MEMO:
        paragraph._memo = {}
    return paragraph


