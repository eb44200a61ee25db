"""ReportLab's font subsetting, remembered: the same bytes.

**subsets.** Every handout embeds a subset of each face it uses, and most
handouts of a build use the same characters in the same order. ReportLab
makes each subset's font file (``TTFontFace.makeSubset``) and its ToUnicode
map (``ttfonts.makeToUnicodeCMap``) afresh for every document; here each
distinct one is made once per process. It relies on those two functions
being what ReportLab's writer calls, with a subset given as a list of code
points in subset order; if ReportLab stops calling them, the speed-up does
nothing (slower, same bytes); if it changes their meaning, the bytes differ
and ``tests/test_speedups.py`` says so.

(Removed: a shortcut that encoded printable ASCII as itself, skipping
``TTFont.splitString``. It saved little, and a change in how ReportLab
numbers a subset's codes would have drawn wrong letters without an error.)
"""
from __future__ import annotations

import functools

_installed = False
ORIGINAL_CMAP = None  # ReportLab's own makeToUnicodeCMap, once replaced


def install() -> None:
    """Remember ToUnicode maps per subset, process-wide. Idempotent."""
    global _installed, ORIGINAL_CMAP
    if _installed:
        return
    _installed = True
    from reportlab.pdfbase import ttfonts

    make_cmap = ORIGINAL_CMAP = ttfonts.makeToUnicodeCMap

    @functools.lru_cache(maxsize=256)
    def cmap(font_name: str, subset: tuple[int, ...]) -> str:
        # font_name carries the subset's tag: one map per font and subset.
        return make_cmap(font_name, list(subset))

    ttfonts.makeToUnicodeCMap = lambda font_name, subset: cmap(font_name, tuple(subset))


def remember_subsets(font) -> None:
    """Make each distinct subset of ``font`` (a ``TTFont``) once per
    process, when the ``subsets`` speed-up is installed."""
    if not _installed:
        return
    make = font.face.makeSubset
    font.face.makeSubset = lambda subset: _subset(make, tuple(subset))


@functools.lru_cache(maxsize=256)
def _subset(make, subset: tuple[int, ...]) -> bytes:
    """The font file for ``subset`` (code points in subset order), made by
    ``make`` (a face's ``makeSubset``) once."""
    return make(list(subset))
