"""Printed handouts as PDF (ReportLab): :func:`render_handout`.

``styles`` builds paragraph styles and parses paragraphs once; ``story``
lays out the flowables in reading order; ``decor`` draws headers and
footers; ``document`` assembles the pages and returns the bytes.
"""
from .document import PAPERS, render_handout

__all__ = ["PAPERS", "render_handout"]
