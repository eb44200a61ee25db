"""Working with a clinic's own PowerPoint template (python-pptx)."""
from __future__ import annotations

from .errors import RenderError

TITLE_LAYOUTS = ("Title Only", "Title and Content")
TITLE = 1  # PP_PLACEHOLDER.TITLE


def find_title_layout(prs):
    """The template's "Title Only" layout, else "Title and Content", else any
    layout with a title placeholder. Raises :class:`RenderError` when none."""
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    for name in TITLE_LAYOUTS:
        if name in by_name:
            return by_name[name]
    for layout in prs.slide_layouts:
        if any(ph.placeholder_format.type == TITLE for ph in layout.placeholders):
            return layout
    raise RenderError("the deck template has no slide layout with a title placeholder")


def drop_slides(prs) -> None:
    """Remove a template's own slides, keeping its masters and layouts."""
    sld_ids = prs.slides._sldIdLst
    for sld_id in list(sld_ids):
        prs.part.drop_rel(sld_id.rId)
        sld_ids.remove(sld_id)
