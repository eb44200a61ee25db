"""Turning content text into safe ReportLab paragraph markup."""
from __future__ import annotations

import datetime as dt
import unicodedata
from xml.sax.saxutils import escape

from .errors import RenderError


def format_date(day: dt.date) -> str:
    """``2026-11-25`` -> ``November 25, 2026`` (US style, for en-US handouts)."""
    return f"{day:%B} {day.day}, {day.year}"


def markup(text: str, fonts) -> str:
    """``text`` as ReportLab paragraph markup that prints it literally.

    ``&``, ``<`` and ``>`` are escaped, so nothing in content is ever read as
    markup. A letter the main font cannot draw is set, glyph by glyph, in the
    first fallback font that can. Raises :class:`RenderError` naming every
    letter no font can draw, rather than print boxes or drop letters.
    """
    if text.isascii():
        return escape(text)
    pieces: list[tuple[str | None, str]] = []
    missing: list[str] = []
    for ch in text:
        font = _font_for(ch, fonts)
        if font is False:
            missing.append(ch)
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


def _font_for(ch: str, fonts):
    """None for the main font, a fallback's name, or False when none has it."""
    if ch.isspace() or fonts.has_glyph(ch):
        return None
    if unicodedata.category(ch) in ("Cc", "Cf"):
        return None  # controls and format marks draw nothing
    for name in fonts.fallbacks:
        if fonts.has_glyph(ch, name):
            return name
    return False
