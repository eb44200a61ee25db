"""Assembling the .pptx package: part names, relationship ids, media names,
and a zip with fixed dates.

The static parts come from the :class:`~.template.Skeleton`, compressed once
per process; each deck adds its slides, their notes and their images. This
layer allocates every relationship id and media name itself, avoiding any
the skeleton already uses.
"""
from __future__ import annotations

import functools
import struct

from .. import xml
from ..images import Picture
from ...libs.imports import leaf_module
from .template import Deflated, Skeleton, deflate

# python-pptx's names, without importing python-pptx: a deck worker whose
# skeleton comes from the cache (see template.skeleton) never needs it.
CT = leaf_module("pptx.opc.constants").CONTENT_TYPE
RT = leaf_module("pptx.opc.constants").RELATIONSHIP_TYPE
PackURI = leaf_module("pptx.opc.packuri").PackURI

@functools.lru_cache(maxsize=1024)
def relative(partname: str, base: str) -> str:
    """``partname`` as a relationship target from a part in folder ``base``."""
    return PackURI(partname).relative_ref(base)


@functools.lru_cache(maxsize=1024)
def rels_name(partname: str) -> str:
    """The name of ``partname``'s relationships part (``/ppt/slides/_rels/
    slide1.xml.rels``); the same names in every deck."""
    return PackURI(partname).rels_uri


SLIDE_BASE = "/ppt/slides"
NOTES_BASE = "/ppt/notesSlides"
MEDIA_BASE = "/ppt/media"
IMAGE_TYPES = {"png": CT.PNG, "jpeg": CT.JPEG}


class SlideRels:
    """The relationships of one slide: its layout and its notes first, then
    each image in the order the slide first shows it."""

    def __init__(self, deck: "DeckPackage", number: int, layout: str | None = None):
        self._deck = deck
        self.number = number
        self._rels: list[tuple[str, str, str, bool]] = []
        self._images: dict[int, str] = {}
        self.add(RT.SLIDE_LAYOUT, layout or deck.skeleton.slide_layout)
        self.add(RT.NOTES_SLIDE, deck.notes_name(number))

    def add(self, reltype: str, partname: str) -> str:
        """Relate this slide to ``partname``; returns the new relationship id."""
        rid = f"rId{len(self._rels) + 1}"
        self._rels.append((rid, reltype, relative(partname, SLIDE_BASE), False))
        return rid

    def image(self, image: Picture) -> str:
        """The relationship id under which this slide shows ``image``."""
        key = id(image)
        if key not in self._images:
            self._images[key] = self.add(RT.IMAGE, self._deck.media_name(image))
        return self._images[key]

    def xml(self) -> bytes:
        return xml.relationships(self._rels)


class DeckPackage:
    """One deck being assembled over ``skeleton``: call :meth:`new_slide`,
    write the slide with the ids it hands out, :meth:`add_slide` it, and
    finally :meth:`to_bytes`."""

    def __init__(self, skeleton: Skeleton, lang: str):
        self.skeleton = skeleton
        self.lang = lang
        self._slides: list[tuple[bytes, str, SlideRels]] = []
        self._media: dict[int, tuple[str, Picture]] = {}
        self._taken = set(skeleton.partnames)

    def notes_name(self, number: int) -> str:
        return f"{NOTES_BASE}/notesSlide{number}.xml"

    def media_name(self, image: Picture) -> str:
        """The part name of ``image``: ``/ppt/media/imageN.ext``, the first
        N the skeleton does not use, allocated on first use."""
        if id(image) not in self._media:
            n = 1
            while f"{MEDIA_BASE}/image{n}.{image.ext}" in self._taken:
                n += 1
            name = f"{MEDIA_BASE}/image{n}.{image.ext}"
            self._taken.add(name)
            self._media[id(image)] = (name, image)
        return self._media[id(image)][0]

    @property
    def slide_count(self) -> int:
        return len(self._slides)

    def new_slide(self, layout: str | None = None) -> SlideRels:
        """The relationships of the next slide, to write its XML with; it
        uses slide layout part ``layout`` (default: the content layout)."""
        return SlideRels(self, len(self._slides) + 1, layout)

    def add_slide(self, slide_xml: bytes, notes: str, rels: SlideRels) -> None:
        """Add the slide made with ``rels``, with its speaker notes."""
        if rels.number != len(self._slides) + 1:
            raise ValueError("slides must be added in the order they were started")
        self._slides.append((slide_xml, notes, rels))

    def to_bytes(self, core: bytes, app: bytes, thumbnail: bytes) -> bytes:
        """The .pptx bytes: the skeleton, this deck's parts, and its
        metadata: ``core`` (``docProps/core.xml``), ``app``
        (``docProps/app.xml``) and ``thumbnail`` (JPEG, the preview)."""
        skel = self.skeleton
        used = {rid for rid, *_ in skel.presentation_rels}
        slide_rids: list[str] = []
        pres_rels = list(skel.presentation_rels)
        overrides = list(skel.overrides)
        parts: list[tuple[str, bytes]] = []
        n = 1
        for number, (slide_xml, notes, rels) in enumerate(self._slides, start=1):
            while f"rId{n}" in used:
                n += 1
            rid = f"rId{n}"
            used.add(rid)
            slide_name = f"{SLIDE_BASE}/slide{number}.xml"
            notes_name = self.notes_name(number)
            slide_rids.append(rid)
            pres_rels.append((rid, RT.SLIDE, relative(slide_name, "/ppt"), False))
            overrides += [(slide_name, CT.PML_SLIDE), (notes_name, CT.PML_NOTES_SLIDE)]
            notes_rels = [
                ("rId1", RT.NOTES_MASTER, relative(skel.notes_master, NOTES_BASE), False),
                ("rId2", RT.SLIDE, relative(slide_name, NOTES_BASE), False)]
            parts += [
                (slide_name, slide_xml),
                (rels_name(slide_name), rels.xml()),
                (notes_name, (skel.notes_head + xml.notes_paragraphs(notes, self.lang)
                              + skel.notes_tail).encode()),
                (rels_name(notes_name), xml.relationships(notes_rels)),
            ]
        parts += [(name, image.data) for name, image in sorted(self._media.values(),
                                                                key=lambda m: m[0])]
        defaults = dict(skel.defaults)
        for _, image in self._media.values():
            defaults.setdefault(image.ext, IMAGE_TYPES[image.ext])
        head = [
            ("/[Content_Types].xml", xml.content_types(sorted(defaults.items()), overrides)),
            ("/ppt/presentation.xml", (skel.presentation_head + xml.slide_ids(slide_rids)
                                       + skel.presentation_tail).encode()),
            ("/ppt/_rels/presentation.xml.rels", xml.relationships(pres_rels)),
            ("/_rels/.rels", xml.relationships([
                ("rId1", RT.OFFICE_DOCUMENT, "ppt/presentation.xml", False),
                ("rId2", RT.CORE_PROPERTIES, "docProps/core.xml", False),
                ("rId3", RT.EXTENDED_PROPERTIES, "docProps/app.xml", False),
                ("rId4", RT.THUMBNAIL, "docProps/thumbnail.jpeg", False)])),
            ("/docProps/core.xml", core),
            ("/docProps/app.xml", app),
            ("/docProps/thumbnail.jpeg", thumbnail),
        ]
        return write_zip([*(deflate(name[1:], data) for name, data in head), *skel.members,
                          *(deflate(name[1:], data) for name, data in parts)])


_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00


def write_zip(members: list[Deflated]) -> bytes:
    """A zip archive of already-compressed members, with fixed dates, so the
    static parts of a deck are compressed once per process, not per deck."""
    out = bytearray()
    central = bytearray()
    for m in members:
        name = m.name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, _DOS_TIME, _DOS_DATE,
                           m.crc, len(m.data), m.size, len(name), 0)
        out += name
        out += m.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, 0x800, 8,
                               _DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size, len(name),
                               0, 0, 0, 0, 0o100644 << 16, offset)
        central += name
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                       cd_offset, 0)
    return bytes(out)


__all__ = ["DeckPackage", "SlideRels", "write_zip"]
