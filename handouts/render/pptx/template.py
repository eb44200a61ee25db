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
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ...errors import InvalidInput, RenderError
from ...inputs.assets import MAX_TEMPLATE_BYTES, TemplateError, read_template
from ...inputs.files import read_bytes
from ...startup import package_dir
from .. import cache
from . import xml

TITLE_LAYOUTS = ("Title Only", "Title and Content")
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


# A deck's parts are mostly the same in every site's copy of it: remember the
# last few thousand (about one site's nine decks).
@functools.lru_cache(maxsize=2048)
def deflate(name: str, data: bytes) -> Deflated:
    """``data`` compressed as the zip member ``name`` (no leading '/'); the
    same part compressed before comes from a cache."""
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
    body_box: tuple[int, int, int, int] | None = None  # its body placeholder
    body_ph: str = 'idx="1"'  # how a slide names that body placeholder
    cover: LayoutInfo | None = None  # a template's title-slide layout
    section: LayoutInfo | None = None  # a template's section-header layout
    content_obstacles: tuple[tuple[int, int, int, int], ...] = ()  # see obstacles()


# Placeholder types (PP_PLACEHOLDER) by what a deck puts in them, and how
# slide XML spells each type.
_KINDS = {"title": (TITLE, CENTER_TITLE), "body": (2, 7), "subtitle": (4,)}
_XML_TYPE = {1: "title", 3: "ctrTitle", 2: "body", 7: "obj", 4: "subTitle"}
CONTENT_NAMES = ("Title and Content", "Title, Content")  # PowerPoint's, LibreOffice's


def _placeholder(layout, kind: str):
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
        typed = [lay for lay in layouts if _placeholder(lay, "title") is not None and sum(
            ph.placeholder_format.type in _KINDS["body"] for ph in lay.placeholders) == 1]
        for layout in (*named, *typed):
            if _placeholder(layout, "body") is not None:
                return layout
    else:
        for layout in layouts:
            if layout.name in TITLE_LAYOUTS:
                return layout
    for layout in layouts:
        if _placeholder(layout, "title") is not None:
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
                 and _placeholder(lay, "title") is not None), None)


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


def _ph_attrs(ph) -> str:
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
    title, other = _placeholder(layout, "title"), _placeholder(layout, second)
    return LayoutInfo(str(layout.part.partname), _box(layout, title),
                      _ph_attrs(title) if title is not None else 'type="title"',
                      _box(layout, other), _ph_attrs(other) if other is not None else "",
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


def _ensure_view_props(prs) -> None:
    """Give a template without view properties (LibreOffice writes none)
    python-pptx's default ones: PowerPoint offers to repair a deck that lacks
    them."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part

    if any(r.reltype == RT.VIEW_PROPS for r in prs.part.rels.values()):
        return
    default = Presentation().part.part_related_by(RT.VIEW_PROPS)
    part = Part(default.partname, default.content_type, prs.part.package, default.blob)
    prs.part.relate_to(part, RT.VIEW_PROPS)


def drop_slides(prs) -> None:
    """Remove a presentation's slides, keeping its masters and layouts."""
    sld_ids = prs.element.get_or_add_sldIdLst()
    for sld_id in list(sld_ids):
        prs.part.drop_rel(sld_id.rId)
        sld_ids.remove(sld_id)


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
    return _box(layout, _placeholder(layout, which))


def _split_at_slot(part_xml: bytes) -> tuple[str, str]:
    head, slot, tail = part_xml.decode("utf-8").partition(xml.SLOT)
    if not slot:
        raise RenderError("the deck template could not be prepared (no slot in a part)")
    return head, tail


def embed_fonts(prs, fonts: tuple[tuple[str, Path, Path], ...]) -> None:
    """Embed each (typeface, regular file, bold file) of ``fonts`` in
    ``prs`` as PowerPoint does: ``/ppt/fonts/fontN.fntdata`` parts in EOT
    form, listed in ``p:embeddedFontLst``. Faces whose licence forbids
    embedding are left out."""
    from lxml import etree
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    from .embed import embeddable, eot

    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    root = prs.element
    for old in root.findall("p:embeddedFontLst", ns):
        root.remove(old)
    listing = etree.Element(f"{{{ns['p']}}}embeddedFontLst")
    taken = {str(p.partname) for p in prs.part.package.iter_parts()}
    n = 0
    for typeface, regular, bold in fonts:
        faces = [(style, path) for style, path in (("regular", regular), ("bold", bold))
                 if embeddable(path)]
        if not faces:
            continue
        entry = etree.SubElement(listing, f"{{{ns['p']}}}embeddedFont")
        etree.SubElement(entry, f"{{{ns['p']}}}font", typeface=typeface)
        for style, path in faces:
            n += 1
            while f"/ppt/fonts/font{n}.fntdata" in taken:
                n += 1
            part = Part(PackURI(f"/ppt/fonts/font{n}.fntdata"), CT.X_FONTDATA,
                        prs.part.package, eot(path))
            rid = prs.part.relate_to(part, RT.FONT)
            etree.SubElement(entry, f"{{{ns['p']}}}{style}", {f"{{{ns['r']}}}id": rid})
    if len(listing):
        # Its place in the schema's sequence: after the slide and notes sizes
        # (and smart tags), before everything else.
        anchor = root.find("p:smartTags", ns)
        if anchor is None:
            anchor = root.find("p:notesSz", ns)
        anchor.addnext(listing)


@functools.lru_cache(maxsize=8)
def skeleton(template: Path | None, width: int, height: int,
             fonts: tuple[tuple[str, Path, Path], ...] = ()) -> Skeleton:
    """The skeleton for ``template`` (``None``: the python-pptx default) at
    ``width`` x ``height`` EMU (ignored for a template, which keeps its own
    size), with ``fonts`` ((typeface, regular file, bold file)) embedded.

    Made once per process, and kept between runs in the cache on disk
    (:mod:`handouts.render.cache`) under a hash of everything it is made
    from: a deck worker that finds it there does not import python-pptx
    (0.1 s) nor make it (40 ms)."""
    digest = _skeleton_key(template, width, height, fonts)
    found = cache.load("skeleton", digest, (Skeleton, Deflated, LayoutInfo))
    if found is not None:
        return found
    made = _make_skeleton(template, width, height, fonts)
    cache.store("skeleton", digest, made)
    return made


# Our code that makes a skeleton, and the libraries whose versions shape its bytes.
_MAKERS = ("render/pptx/*.py", "render/escape.py", "inputs/assets.py")
_LIBRARIES = ("pptx", "lxml", "reportlab")


def _skeleton_key(template: Path | None, width: int, height: int,
                  fonts: tuple[tuple[str, Path, Path], ...]) -> str:
    """A hash of every input of :func:`_make_skeleton`: the template's bytes
    (or python-pptx's default one), the size, the fonts' names and bytes, the
    code that makes it, the versions of the libraries it uses, Python's and
    zlib's. Raises :class:`RenderError` if the template cannot be read."""
    package = Path(__file__).resolve().parents[2]
    libraries = [package_dir(name) for name in _LIBRARIES]
    if template is None:
        source = (libraries[0] / "templates" / "default.pptx").read_bytes()
    else:
        try:
            source = read_bytes(template, "deck template", MAX_TEMPLATE_BYTES)
        except InvalidInput as exc:
            raise RenderError(f"{exc.problems[0].message}: {template}") from None
    parts: list[bytes | str | int] = ["skeleton", sys.version, zlib.ZLIB_RUNTIME_VERSION]
    parts += [(lib / "__init__.py").read_bytes() for lib in libraries]  # with its version
    parts += [p.read_bytes() for pattern in _MAKERS for p in sorted(package.glob(pattern))]
    parts += [source, width, height]
    for typeface, regular, bold in fonts:
        parts += [typeface, regular.read_bytes(), bold.read_bytes()]
    return cache.key(parts)


def _make_skeleton(template: Path | None, width: int, height: int,
                   fonts: tuple[tuple[str, Path, Path], ...]) -> Skeleton:
    """:func:`skeleton`, made with python-pptx."""
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
        _ensure_view_props(prs)
    else:
        prs.slide_width, prs.slide_height = width, height
    layout = find_title_layout(prs, with_body=template is not None)
    title_box = placeholder_box(layout, "title") if template else None
    body_box = placeholder_box(layout, "body") if title_box else None
    content_ph = _placeholder(layout, "body")
    body_ph = _ph_attrs(content_ph) if content_ph is not None and body_box else 'idx="1"'
    cover = find_cover_layout(prs) if template else None
    section = find_section_layout(prs) if template else None
    cover_info = layout_info(cover, "subtitle") if cover is not None else None
    section_info = layout_info(section) if section is not None else None

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

    embed_fonts(prs, fonts)
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
        width=int(prs.slide_width), height=int(prs.slide_height), members=members,
        partnames=frozenset([*(str(p.partname) for p in parts), *_OWN_PARTS]),
        defaults=tuple(sorted(defaults.items())), overrides=tuple(sorted(overrides)),
        presentation_head=pres_head, presentation_tail=pres_tail,
        presentation_rels=tuple(rels), slide_layout=slide_layout, notes_master=notes_master,
        notes_head=notes_head, notes_tail=notes_tail, title_box=title_box, body_box=body_box,
        body_ph=body_ph, cover=cover_info, section=section_info,
        content_obstacles=obstacles(layout) if template else ())
