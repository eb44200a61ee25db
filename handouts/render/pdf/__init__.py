"""Printed handouts as PDF (ReportLab): :func:`render_handout`.

``styles`` builds paragraph styles and parses paragraphs once;
``flowables`` holds what draws itself and the tables sections sit in;
``story`` lays out the flowables in reading order; ``decor`` draws headers
and footers; ``tagging`` builds the structure tree; ``document`` assembles
the pages and returns the bytes. What they
need below ReportLab's API is in :mod:`handouts.libs`, installed here,
before any module below imports ReportLab.
"""
from ... import libs

libs.install()

from .document import PAPERS, render_handout  # noqa: E402

__all__ = ["PAPERS", "render_handout"]
