"""Stage 2: render. Pure functions of (content, brand, layout, target) that
return :class:`Rendered` bytes and write nothing.

``pdf/`` makes printed handouts with ReportLab; ``pptx/`` makes seminar decks
over a python-pptx skeleton. Neither imports the other: what both need lives
here (fonts, QR codes, the fixed wording).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    """A rendered file: its bytes and how many pages (PDF) or slides (deck)
    it holds. Exactly one of ``pages`` and ``slides`` is set."""

    data: bytes
    pages: int | None = None
    slides: int | None = None
