"""Working with a clinic's own PowerPoint template (python-pptx)."""
from __future__ import annotations

from .errors import RenderError

TITLE_LAYOUTS = ("Title Only", "Title and Content")
BODY_LAYOUTS = ("Title and Content", "Title Only")
TITLE, CENTER_TITLE = 1, 3  # PP_PLACEHOLDER.TITLE, .CENTER_TITLE


def find_title_layout(prs, with_body: bool = False):
    """The layout content slides use: "Title Only", else "Title and Content"
    (with ``with_body``, the other way round, so a template's body
    placeholder is used), else any layout with a title placeholder. Raises
    :class:`RenderError` when none."""
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    for name in (BODY_LAYOUTS if with_body else TITLE_LAYOUTS):
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


def placeholder_box(layout, which: str) -> tuple[int, int, int, int] | None:
    """(left, top, width, height) in EMU of the layout's title placeholder
    (``which="title"``) or body placeholder (idx 1), inherited from the master
    where the layout does not say; ``None`` if there is none."""
    for ph in layout.placeholders:
        fmt = ph.placeholder_format
        if (which == "title" and fmt.type in (TITLE, CENTER_TITLE)) or (
                which == "body" and fmt.idx == 1):
            if ph.left is None:  # position inherited from the master
                master = {p.placeholder_format.type: p for p in layout.slide_master.placeholders}
                ph = master.get(fmt.type, ph)
            if None in (ph.left, ph.top, ph.width, ph.height):
                return None
            return int(ph.left), int(ph.top), int(ph.width), int(ph.height)
    return None
