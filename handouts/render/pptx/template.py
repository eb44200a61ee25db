"""The skeleton every deck is written over, made once per process by
python-pptx from the brand's template or python-pptx's default one.

Everything the package layer needs is read through python-pptx's API: the
layout and notes master a slide relates to, placeholder positions, the
presentation's relationships and every part's content type. Where a deck
adds its own elements (the slide list, the notes text) the skeleton leaves a
slot, placed through the API, and keeps the serialised part in two halves.
"""
from __future__ import annotations

import functools
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ...errors import RenderError
from ...inputs.assets import TemplateError, read_template
from . import xml

TITLE_LAYOUTS = ("Title Only", "Title and Content")
BODY_LAYOUTS = ("Title and Content", "Title Only")
TITLE, CENTER_TITLE = 1, 3  # PP_PLACEHOLDER.TITLE, .CENTER_TITLE
# Parts each deck writes itself (the package's relationships, its metadata and
# preview included), so the skeleton's are left out.
_OWN_PARTS = ("/[Content_Types].xml", "/ppt/presentation.xml",
              "/ppt/_rels/presentation.xml.rels", "/docProps/core.xml", "/_rels/.rels",
              "/docProps/app.xml", "/docProps/thumbnail.jpeg")


@dataclass(frozen=True)
class Deflated:
    """A zip member, compressed: name, raw deflate data, CRC-32 and size."""

    name: str
    data: bytes
    crc: int
    size: int


def deflate(name: str, data: bytes) -> Deflated:
    """``data`` compressed as the zip member ``name`` (no leading '/')."""
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Deflated(name, comp.compress(data) + comp.flush(), zlib.crc32(data), len(data))


@dataclass(frozen=True)
class Skeleton:
    """The parts every deck shares, and where each deck's own parts go.
    Lengths in EMU; part names absolute (``/ppt/...``)."""

    width: int
    height: int
    members: tuple[Deflated, ...]  # static parts, compressed once, in zip order
    partnames: frozenset[str]  # every part name the skeleton uses
    defaults: tuple[tuple[str, str], ...]  # content types by extension
    overrides: tuple[tuple[str, str], ...]  # content types of the static parts
    presentation_head: str  # presentation.xml before its slide list entries...
    presentation_tail: str  # ...and after them
    presentation_rels: tuple[tuple[str, str, str, bool], ...]  # (id, type, target, external)
    slide_layout: str  # the layout content slides use
    notes_master: str
    notes_head: str  # a notes slide's XML before its paragraphs...
    notes_tail: str  # ...and after them
    title_box: tuple[int, int, int, int] | None = None  # a template's title placeholder
    body_box: tuple[int, int, int, int] | None = None  # its body placeholder (idx 1)


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
    """Remove a presentation's slides, keeping its masters and layouts."""
    sld_ids = prs.element.get_or_add_sldIdLst()
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


def _split_at_slot(part_xml: bytes) -> tuple[str, str]:
    head, slot, tail = part_xml.decode("utf-8").partition(xml.SLOT)
    if not slot:
        raise RenderError("the deck template could not be prepared (no slot in a part)")
    return head, tail


@functools.lru_cache(maxsize=8)
def skeleton(template: Path | None, width: int, height: int) -> Skeleton:
    """Build (once per process) the skeleton for ``template`` (``None``: the
    python-pptx default) at ``width`` x ``height`` EMU (ignored for a
    template, which keeps its own size)."""
    from lxml import etree
    from pptx import Presentation
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.spec import default_content_types

    try:
        prs = Presentation(io.BytesIO(read_template(template))) if template else Presentation()
    except TemplateError as exc:  # changed since the brand was checked
        raise RenderError(f"{exc}: {template}") from None
    if template:
        drop_slides(prs)
    else:
        prs.slide_width, prs.slide_height = width, height
    layout = find_title_layout(prs, with_body=template is not None)
    title_box = placeholder_box(layout, "title") if template else None
    body_box = placeholder_box(layout, "body") if title_box else None

    # A scratch slide with notes: it makes the notes master, and its notes
    # part is the pattern for every deck's notes.
    scratch = prs.slides.add_slide(layout)
    notes = scratch.notes_slide
    if notes.notes_placeholder is None:
        raise RenderError("the deck template's notes master has no notes placeholder")
    notes_master = str(notes.part.part_related_by(RT.NOTES_MASTER).partname)
    slide_layout = str(scratch.part.part_related_by(RT.SLIDE_LAYOUT).partname)
    body = notes.notes_placeholder.element.txBody
    for p in list(body):
        if etree.QName(p).localname == "p":
            body.remove(p)
    body.append(etree.Comment(xml.SLOT_TEXT))
    notes_head, notes_tail = _split_at_slot(notes.part.blob)
    drop_slides(prs)

    prs.element.get_or_add_sldIdLst().append(etree.Comment(xml.SLOT_TEXT))
    pres_head, pres_tail = _split_at_slot(prs.part.blob)
    rels = sorted(((r.rId, r.reltype, r.target_ref, r.is_external)
                   for r in prs.part.rels.values()),
                  key=lambda r: (len(r[0]), r[0]))

    parts = [p for p in prs.part.package.iter_parts()
             if str(p.partname) not in ("/docProps/app.xml", "/docProps/thumbnail.jpeg")]
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML, "jpeg": CT.JPEG}
    overrides = [("/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES)]
    for part in parts:
        ext = part.partname.ext.lower()
        if (ext, part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides.append((str(part.partname), part.content_type))

    buf = io.BytesIO()
    prs.save(buf)
    with zipfile.ZipFile(buf) as zf:
        members = tuple(deflate(n, zf.read(n)) for n in zf.namelist()
                        if f"/{n}" not in _OWN_PARTS)
    return Skeleton(
        width=prs.slide_width, height=prs.slide_height, members=members,
        partnames=frozenset([*(str(p.partname) for p in parts), *_OWN_PARTS]),
        defaults=tuple(sorted(defaults.items())), overrides=tuple(sorted(overrides)),
        presentation_head=pres_head, presentation_tail=pres_tail,
        presentation_rels=tuple(rels), slide_layout=slide_layout, notes_master=notes_master,
        notes_head=notes_head, notes_tail=notes_tail, title_box=title_box, body_box=body_box)
