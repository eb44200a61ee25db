"""Default output file names."""
from __future__ import annotations

OVERVIEW = "overview"


def handout_name(slug: str, layout: str, paper: str, default_paper: str) -> str:
    """``crps-handout.pdf``, ``crps-handout-large-print-a4.pdf``, ...

    The layout is named unless it is ``standard``; the paper unless it is the
    brand's default.
    """
    parts = [slug, "handout"]
    if layout != "standard":
        parts.append(layout)
    if paper != default_paper:
        parts.append(paper)
    return "-".join(parts) + ".pdf"


def deck_name(slug: str | None) -> str:
    """``seminar.pptx`` for the full seminar, ``crps-seminar.pptx`` for one condition."""
    return f"{slug}-seminar.pptx" if slug else "seminar.pptx"
