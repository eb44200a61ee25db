"""The skeleton every deck is written over, made once per process by
python-pptx from the brand's template or python-pptx's default one.

Everything the package layer needs is read through python-pptx's API: the
layout and notes master a slide relates to, placeholder positions, the
presentation's relationships and every part's content type. Where a deck
adds its own elements (the slide list, the notes text) the skeleton leaves a
slot, placed through the API, and keeps the serialised part in two halves.
"""
from __future__ import annotations

import dataclasses
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
from ...inputs.hostile import MACRO_MAINS, part_kind
from ...libs import pptx_internals
from ...libs.versions import package_dir
from .. import cache
from .layouts import (
    LayoutInfo,
    find_cover_layout,
    find_section_layout,
    find_title_layout,
    layout_info,
    obstacles,
    ph_attrs,
    placeholder,
    placeholder_box,
)
from .. import xml
from .background import Backdrop
from .ink import Ground

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
    # What lies under each text area of a template ("title", "body", "cover.title",
    # "cover.second", "section.title"): see background.py.
    grounds: tuple[tuple[str, Ground], ...] = ()


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
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from .embed import embeddable, eot

    taken = pptx_internals.part_names(prs)
    listing = []
    n = 0
    for typeface, regular, bold in fonts:
        faces = []
        for style, path in (("regular", regular), ("bold", bold)):
            if not embeddable(path):
                continue
            n += 1
            while f"/ppt/fonts/font{n}.fntdata" in taken:
                n += 1
            faces.append((style, pptx_internals.add_part(
                prs, f"/ppt/fonts/font{n}.fntdata", CT.X_FONTDATA, eot(path), RT.FONT)))
        if faces:
            listing.append((typeface, faces))
    pptx_internals.set_embedded_fonts(prs, xml.embedded_fonts(listing) if listing else None)


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
    found = cache.load("skeleton", digest, (Skeleton, Deflated, LayoutInfo, Ground))
    if found is not None and not carried(found):
        return found  # an entry that carries anything a template may not is made again
    made = _make_skeleton(template, width, height, fonts)
    if why := carried(made):  # pragma: no cover - the template was cleaned when read
        raise RenderError(f"the deck template still carries {why}: {template}")
    cache.store("skeleton", digest, made)
    return made


def carried(skel: Skeleton) -> str | None:
    """What ``skel`` carries that no deck may (a macro, an ActiveX control,
    an OLE object, a link out of the file), or ``None``: checked on every
    skeleton, made or from the cache, before a deck is written over it."""
    for name, content_type in (*skel.defaults, *skel.overrides):
        if part_kind(name.lstrip("/"), content_type) or content_type in MACRO_MAINS:
            return f"{name} ({content_type})"
    for rid, _, target, external in skel.presentation_rels:
        if external:
            return f"an external link to {target}"
    for member in skel.members:
        if part_kind(member.name, ""):
            return member.name
        if member.name.endswith(".rels") and \
                b'TargetMode="External"' in zlib.decompress(member.data, -15):
            return f"an external link in {member.name}"
    return None


# Our code that makes a skeleton, and the libraries whose versions shape its bytes.
_MAKERS = ("render/pptx/*.py", "render/xml.py", "render/escape.py", "inputs/assets.py",
           "inputs/sanitise.py", "inputs/hostile.py", "libs/pptx_internals.py")
_LIBRARIES = ("pptx", "lxml", "reportlab")


def _skeleton_key(template: Path | None, width: int, height: int,
                  fonts: tuple[tuple[str, Path, Path], ...]) -> str:
    """A hash of every input of :func:`_make_skeleton`: the template's bytes
    (or python-pptx's default one), the size, the fonts' names and bytes, the
    code that makes it, the versions of the libraries it uses and every one of
    their files (:func:`cache.tree_fingerprint`), Python's and zlib's. Raises :class:`RenderError` if the template cannot be read."""
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
    parts += [cache.tree_fingerprint(lib) for lib in libraries]  # every module, once a process
    parts += [p.read_bytes() for pattern in _MAKERS for p in sorted(package.glob(pattern))]
    parts += [source, width, height]
    for typeface, regular, bold in fonts:
        parts += [typeface, regular.read_bytes(), bold.read_bytes()]
    return cache.key(parts)


def _make_skeleton(template: Path | None, width: int, height: int,
                   fonts: tuple[tuple[str, Path, Path], ...]) -> Skeleton:
    """:func:`skeleton`, made with python-pptx."""
    from pptx import Presentation
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        prs = Presentation(io.BytesIO(read_template(template))) if template else Presentation()
    except TemplateError as exc:  # changed since the brand was checked
        raise RenderError(f"{exc}: {template}") from None
    if template:
        pptx_internals.drop_slides(prs)
        pptx_internals.ensure_view_props(prs)
    else:
        prs.slide_width, prs.slide_height = width, height
    layout = find_title_layout(prs, with_body=template is not None)
    title_box = placeholder_box(layout, "title") if template else None
    body_box = placeholder_box(layout, "body") if title_box else None
    content_ph = placeholder(layout, "body")
    body_ph = ph_attrs(content_ph) if content_ph is not None and body_box else 'idx="1"'
    cover = find_cover_layout(prs) if template else None
    section = find_section_layout(prs) if template else None
    cover_info = layout_info(cover, "subtitle") if cover is not None else None
    section_info = layout_info(section) if section is not None else None
    grounds: list[tuple[str, Ground]] = []
    placed = (title_box, body_box)  # the placeholders' own boxes, not obstacles to the logo
    if template:  # the body and subtitle keep off the template's graphics
        size = (int(prs.slide_width), int(prs.slide_height))
        body_box = _on(Backdrop(layout, *size), layout, "body", body_box, grounds, "")
        # A long title grows down to where the body's text starts: what lies
        # there counts too.
        reach = (*title_box[:3], max(title_box[3], body_box[1] - title_box[1])) \
            if title_box and body_box else title_box
        _on(Backdrop(layout, *size), layout, "title", reach, grounds, "")
        if cover_info is not None:
            back, was = Backdrop(cover, *size), cover_info.second_box
            free = _on(back, cover, "subtitle", was, grounds, "cover.second")
            cover_info = dataclasses.replace(cover_info, second_box=free, obstacles=tuple(
                free if o == was else o for o in cover_info.obstacles))
            _on(back, cover, "title", cover_info.title_box, grounds, "cover.title")
        if section_info is not None:
            _on(Backdrop(section, *size), section, "title", section_info.title_box, grounds,
                "section.title")

    # A scratch slide with notes: it makes the notes master, and its notes
    # part is the pattern for every deck's notes.
    scratch = prs.slides.add_slide(layout)
    notes = scratch.notes_slide
    if notes.notes_placeholder is None:
        raise RenderError("the deck template's notes master has no notes placeholder")
    notes_master = pptx_internals.related_partname(notes, RT.NOTES_MASTER)
    slide_layout = pptx_internals.related_partname(scratch, RT.SLIDE_LAYOUT)
    notes_head, notes_tail = _split_at_slot(
        pptx_internals.notes_xml_with_slot(notes, xml.SLOT_TEXT))
    pptx_internals.drop_slides(prs)

    embed_fonts(prs, fonts)
    pres_head, pres_tail = _split_at_slot(
        pptx_internals.presentation_xml_with_slot(prs, xml.SLOT_TEXT))
    rels = sorted(pptx_internals.relationships(prs), key=lambda r: (len(r[0]), r[0]))

    parts = [p for p in pptx_internals.parts(prs)
             if p[0] not in ("/docProps/app.xml", "/docProps/thumbnail.jpeg")]
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML, "jpeg": CT.JPEG}
    overrides = [("/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES)]
    standard = pptx_internals.default_content_types()
    for name, ext, content_type in parts:
        if (ext, content_type) in standard:
            defaults[ext] = content_type
        else:
            overrides.append((name, content_type))

    buf = io.BytesIO()
    prs.save(buf)
    with zipfile.ZipFile(buf) as zf:
        members = tuple(deflate(n, zf.read(n)) for n in zf.namelist()
                        if f"/{n}" not in _OWN_PARTS)
    return Skeleton(
        width=int(prs.slide_width), height=int(prs.slide_height), members=members,
        partnames=frozenset([*(p[0] for p in parts), *_OWN_PARTS]),
        defaults=tuple(sorted(defaults.items())), overrides=tuple(sorted(overrides)),
        presentation_head=pres_head, presentation_tail=pres_tail,
        presentation_rels=tuple(rels), slide_layout=slide_layout, notes_master=notes_master,
        notes_head=notes_head, notes_tail=notes_tail, title_box=title_box, body_box=body_box,
        body_ph=body_ph, cover=cover_info, section=section_info,
        content_obstacles=tuple(o for o in obstacles(layout) if o not in placed)
        if template else (), grounds=tuple(grounds))


def _on(back: Backdrop, layout, kind: str, box, grounds: list, role: str):
    """``box`` (a placeholder of ``kind`` on ``layout``), cut to the part the
    layout's graphics leave free unless it is a title; what lies under it is
    added to ``grounds`` as ``role`` (default: ``kind``). Returns the box."""
    if box is None:
        return None
    if kind != "title":
        box = back.free_part(box)
    own, inherited = back.text_colour(layout, placeholder(layout, kind))
    grounds.append((role or kind, back.ground(box, own, inherited)))
    return box
