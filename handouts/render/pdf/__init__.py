"""Printed handouts as PDF (ReportLab): :func:`render_handout`.

``styles`` builds paragraph styles and parses paragraphs once; ``story``
lays out the flowables in reading order; ``decor`` draws headers and
footers; ``document`` assembles the pages and returns the bytes.
"""
from ...startup import import_deferring_patterns

# Before any module below imports it: see handouts.startup.
import_deferring_patterns("reportlab.platypus",
                          ("reportlab.platypus.paragraph", "reportlab.lib.textsplit"))

from .document import PAPERS, render_handout  # noqa: E402

__all__ = ["PAPERS", "render_handout"]
