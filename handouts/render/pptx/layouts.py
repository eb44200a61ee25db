"""Which of a template's layouts a deck uses, and where their placeholders
are: read through python-pptx's API when a skeleton is made."""
from __future__ import annotations

from dataclasses import dataclass

from ...errors import RenderError
from ...libs import pptx_internals

TITLE_LAYOUTS = ("Title Only", "Title and Content")
TITLE, CENTER_TITLE = 1, 3  # PP_PLACEHOLDER.TITLE, .CENTER_TITLE

# Placeholder types (PP_PLACEHOLDER) by what a deck puts in them, and how
# slide XML spells each type.
_KINDS = {"title": (TITLE, CENTER_TITLE), "body": (2, 7), "subtitle": (4,)}
_XML_TYPE = {1: "title", 3: "ctrTitle", 2: "body", 7: "obj", 4: "subTitle"}
CONTENT_NAMES = ("Title and Content", "Title, Content")  # PowerPoint's, LibreOffice's


def placeholder(layout, kind: str):
    return next((ph for ph in layout.placeholders
                 if ph.placeholder_format.type in _KINDS[kind]), None)


def find_title_layout(prs, with_body: bool = False):
    """The layout content slides use. For the built-in design, "Title
    Only" (the design draws its own body). For a template (``with_body``),
    its title-and-content layout: by PowerPoint's or LibreOffice's name,
    else the first with one title and one body placeholder. Else any layout
    with a title placeholder. Raises :class:`RenderError` when none."""
    layouts = list(prs.slide_layouts)
    if with_body:
        named = [lay for lay in layouts if lay.name in CONTENT_NAMES]
        typed = [lay for lay in layouts if placeholder(lay, "title") is not None and sum(
            ph.placeholder_format.type in _KINDS["body"] for ph in lay.placeholders) == 1]
        for layout in (*named, *typed):
            if placeholder(layout, "body") is not None:
                return layout
    else:
        for layout in layouts:
            if layout.name in TITLE_LAYOUTS:
                return layout
    for layout in layouts:
        if placeholder(layout, "title") is not None:
            return layout
    raise RenderError("the deck template has no slide layout with a title placeholder")


def find_cover_layout(prs):
    """A template's title-slide layout: "Title Slide", else the first with a
    centred title or a title and a subtitle; ``None`` if it has none."""
    layouts = list(prs.slide_layouts)
    for layout in [lay for lay in layouts if lay.name == "Title Slide"] + layouts:
        kinds = {ph.placeholder_format.type for ph in layout.placeholders}
        if CENTER_TITLE in kinds or (TITLE in kinds and 4 in kinds):
            return layout
    return None


def find_section_layout(prs):
    """A template's "Section Header" layout with a title, or ``None``."""
    return next((lay for lay in prs.slide_layouts if lay.name == "Section Header"
                 and placeholder(lay, "title") is not None), None)


@dataclass(frozen=True)
class LayoutInfo:
    """A template layout a deck uses: its part name, and its title and
    second (subtitle or body) placeholders' boxes in EMU and XML spellings."""

    partname: str
    title_box: tuple[int, int, int, int] | None
    title_ph: str  # <p:ph .../> attributes
    second_box: tuple[int, int, int, int] | None = None
    second_ph: str = ""
    obstacles: tuple[tuple[int, int, int, int], ...] = ()  # what the logo must not cover


def ph_attrs(ph) -> str:
    """The attributes of a ``<p:ph>`` that matches ``ph`` on its layout."""
    fmt = ph.placeholder_format
    kind = _XML_TYPE.get(fmt.type, "obj")
    attrs = [] if kind == "obj" else [f'type="{kind}"']
    if fmt.idx:
        attrs.append(f'idx="{fmt.idx}"')
    return " ".join(attrs)


def layout_info(layout, second: str = "body") -> LayoutInfo:
    """``layout``'s :class:`LayoutInfo`, ``second`` being its ``body`` or
    ``subtitle`` placeholder."""
    title, other = placeholder(layout, "title"), placeholder(layout, second)
    return LayoutInfo(pptx_internals.partname(layout), _box(layout, title),
                      ph_attrs(title) if title is not None else 'type="title"',
                      _box(layout, other), ph_attrs(other) if other is not None else "",
                      obstacles(layout))


def obstacles(layout) -> tuple[tuple[int, int, int, int], ...]:
    """Boxes (EMU) on ``layout`` that a logo must not cover: every
    placeholder (date, footer and slide number too) and every picture of the
    layout or its master."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    boxes = [_box(layout, ph) for ph in layout.placeholders]
    for shape in (*layout.shapes, *layout.slide_master.shapes):
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and shape.width:
            boxes.append((int(shape.left), int(shape.top), int(shape.width), int(shape.height)))
    return tuple(sorted(b for b in boxes if b))


def _box(layout, ph) -> tuple[int, int, int, int] | None:
    """(left, top, width, height) in EMU of placeholder ``ph`` of ``layout``,
    inherited from the master where the layout does not say; ``None`` if
    there is no such placeholder or no position."""
    if ph is None:
        return None
    if ph.left is None:  # position inherited from the master
        master = {p.placeholder_format.type: p for p in layout.slide_master.placeholders}
        ph = master.get(ph.placeholder_format.type, ph)
    if None in (ph.left, ph.top, ph.width, ph.height):
        return None
    return int(ph.left), int(ph.top), int(ph.width), int(ph.height)


def placeholder_box(layout, which: str) -> tuple[int, int, int, int] | None:
    """(left, top, width, height) in EMU of the layout's title placeholder
    (``which="title"``) or body placeholder (a body or content placeholder,
    never a date, footer or slide number), inherited from the master where
    the layout does not say; ``None`` if there is none."""
    return _box(layout, placeholder(layout, which))
