"""Stage 2: render. Pure functions of (content, brand, layout, target) that
return :class:`Rendered` bytes and write nothing.

``pdf/`` makes printed handouts with ReportLab; ``pptx/`` makes seminar decks
over a python-pptx skeleton; ``html/`` makes the handouts' web pages. None
imports another: what they share lives here (fonts, QR codes, pictograms,
the fixed wording).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    """A rendered file: its bytes and how many pages (PDF) or slides (deck)
    it holds. Exactly one of ``pages`` and ``slides`` is set, except for a
    web page (``html/``), which has neither."""

    data: bytes
    pages: int | None = None
    slides: int | None = None
