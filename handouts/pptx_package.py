"""Assembling .pptx packages fast, from a skeleton python-pptx made once.

python-pptx builds the skeleton of a deck once per process (masters, layouts,
theme, notes master; from the brand's template or its default one). Each deck
then adds its slides, notes and images as XML parts and is zipped with fixed
dates, so equal decks are equal bytes. Building slides through python-pptx's
object API cost about 10 ms a slide; this costs well under 1 ms.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.presentationml"
XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_MARK = "\x00{}\x00"


@dataclass(frozen=True)
class Skeleton:
    """The parts every deck shares, and where its own parts go."""

    width: int  # slide size, EMU
    height: int
    members: tuple["Deflated", ...]  # static parts, compressed once, in zip order
    presentation: str  # presentation.xml with a marker for the slide list
    presentation_rels: str  # with a marker for the slide relationships
    content_types: str  # with a marker for the slide and notes overrides
    layout_target: str  # the title-only layout, relative to a slide
    layout_name: str
    notes_master_target: str
    notes_head: str  # a notes slide's XML before its paragraphs...
    notes_tail: str  # ...and after them
    title_box: tuple[int, int, int, int] | None = None  # a template's title placeholder, EMU
    body_box: tuple[int, int, int, int] | None = None  # its body placeholder (idx 1), EMU


def _read(zf: zipfile.ZipFile, name: str) -> str:
    return zf.read(name).decode("utf-8")


@functools.lru_cache(maxsize=8)
def skeleton(template: Path | None, width: int, height: int) -> Skeleton:
    """Build (once per process) the skeleton for ``template`` (``None``: the
    python-pptx default) at ``width`` x ``height`` EMU (ignored for a template,
    which keeps its own size)."""
    from pptx import Presentation

    from .deck_template import drop_slides, find_title_layout, placeholder_box

    prs = Presentation(str(template)) if template else Presentation()
    if template:
        drop_slides(prs)
    else:
        prs.slide_width, prs.slide_height = width, height
    layout = find_title_layout(prs, with_body=template is not None)
    boxes = ((placeholder_box(layout, "title"), placeholder_box(layout, "body"))
             if template else (None, None))
    slide = prs.slides.add_slide(layout)
    slide.notes_slide.notes_text_frame.text = "x"
    buf = io.BytesIO()
    prs.save(buf)
    zf = zipfile.ZipFile(buf)
    slide_rels = _read(zf, "ppt/slides/_rels/slide1.xml.rels")
    layout_target = re.search(r'Type="[^"]*/slideLayout" Target="([^"]+)"', slide_rels).group(1)
    notes_rels = _read(zf, "ppt/notesSlides/_rels/notesSlide1.xml.rels")
    master_target = re.search(r'Type="[^"]*/notesMaster" Target="([^"]+)"', notes_rels).group(1)
    notes = _read(zf, "ppt/notesSlides/notesSlide1.xml")
    m = re.search(r"<a:p><a:r>(?:<a:rPr[^>]*/>)?<a:t>x</a:t></a:r></a:p>", notes)
    pres = re.sub(r"<p:sldIdLst>.*?</p:sldIdLst>", _MARK.format("slides"),
                  _read(zf, "ppt/presentation.xml"), count=1, flags=re.S)
    pres_rels = re.sub(r'<Relationship Id="[^"]+" Type="[^"]*/slide" Target="slides/slide1.xml"/>',
                       "", _read(zf, "ppt/_rels/presentation.xml.rels"))
    pres_rels = pres_rels.replace("</Relationships>", _MARK.format("rels") + "</Relationships>")
    types = _read(zf, "[Content_Types].xml")
    types = re.sub(r'<Override PartName="/ppt/(slides/slide1|notesSlides/notesSlide1)\.xml"[^>]*/>',
                   "", types)
    for ext, mime in (("png", "image/png"), ("jpeg", "image/jpeg"), ("jpg", "image/jpeg")):
        if f'Extension="{ext}"' not in types:
            types = types.replace("<Default ", f'<Default Extension="{ext}" ContentType="{mime}"/>'
                                  "<Default ", 1)
    types = types.replace("</Types>", _MARK.format("types") + "</Types>")
    own = {"[Content_Types].xml", "ppt/presentation.xml", "ppt/_rels/presentation.xml.rels",
           "docProps/core.xml"}
    members = tuple(deflate(n, zf.read(n)) for n in zf.namelist()
                    if n not in own and not n.startswith(("ppt/slides/", "ppt/notesSlides/")))
    return Skeleton(
        width=prs.slide_width, height=prs.slide_height, members=members, presentation=pres,
        presentation_rels=pres_rels, content_types=types, layout_target=layout_target,
        layout_name=layout.name, notes_master_target=master_target,
        notes_head=notes[:m.start()], notes_tail=notes[m.end():],
        title_box=boxes[0], body_box=boxes[1] if boxes[0] else None)


@dataclass(frozen=True)
class SlidePart:
    """One slide's XML, its notes' text, and the media it refers to, as
    (relationship id, media file name) pairs. ``rId1`` and ``rId2`` are
    taken by the slide's layout and notes."""

    xml: str
    notes: str
    media: tuple[tuple[str, str], ...] = ()


def notes_paragraphs(text: str) -> str:
    """Notes text as DrawingML paragraphs, one per line."""
    return "".join(f'<a:p><a:r><a:rPr lang="en-US" dirty="0"/><a:t>{escape(line)}</a:t></a:r></a:p>'
                   if line else "<a:p><a:endParaRPr lang=\"en-US\"/></a:p>"
                   for line in text.split("\n"))


def core_xml(title: str, author: str, subject: str, keywords: str, language: str,
             when: dt.datetime) -> str:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (XML_HEAD +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
            f"<dc:creator>{escape(author)}</dc:creator><cp:keywords>{escape(keywords)}</cp:keywords>"
            f"<dc:language>{escape(language)}</dc:language>"
            "<cp:lastModifiedBy>handouts</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>")


def package(skel: Skeleton, slides: list[SlidePart], media: dict[str, bytes], core: str) -> bytes:
    """The .pptx bytes: the skeleton plus ``slides``, their notes, and
    ``media`` (name -> bytes, e.g. ``"image1.png"``)."""
    sld_ids, pres_rels, overrides = [], [], []
    parts: list[tuple[str, bytes]] = []
    for n, slide in enumerate(slides, start=1):
        sld_ids.append(f'<p:sldId id="{255 + n}" r:id="rIdS{n}"/>')
        pres_rels.append(f'<Relationship Id="rIdS{n}" Type="{REL}/slide" '
                         f'Target="slides/slide{n}.xml"/>')
        overrides.append(f'<Override PartName="/ppt/slides/slide{n}.xml" '
                         f'ContentType="{CT}.slide+xml"/>'
                         f'<Override PartName="/ppt/notesSlides/notesSlide{n}.xml" '
                         f'ContentType="{CT}.notesSlide+xml"/>')
        rels = [f'<Relationship Id="rId1" Type="{REL}/slideLayout" Target="{skel.layout_target}"/>',
                f'<Relationship Id="rId2" Type="{REL}/notesSlide" '
                f'Target="../notesSlides/notesSlide{n}.xml"/>']
        rels += [f'<Relationship Id="{rid}" Type="{REL}/image" Target="../media/{name}"/>'
                 for rid, name in slide.media]
        parts.append((f"ppt/slides/slide{n}.xml", (XML_HEAD + slide.xml).encode()))
        parts.append((f"ppt/slides/_rels/slide{n}.xml.rels", _rels(rels)))
        notes = skel.notes_head + notes_paragraphs(slide.notes) + skel.notes_tail
        parts.append((f"ppt/notesSlides/notesSlide{n}.xml", notes.encode()))
        parts.append((f"ppt/notesSlides/_rels/notesSlide{n}.xml.rels", _rels([
            f'<Relationship Id="rId1" Type="{REL}/notesMaster" Target="{skel.notes_master_target}"/>',
            f'<Relationship Id="rId2" Type="{REL}/slide" Target="../slides/slide{n}.xml"/>'])))
    parts += [(f"ppt/media/{name}", data) for name, data in sorted(media.items())]
    head = [
        ("[Content_Types].xml", skel.content_types.replace(_MARK.format("types"), "".join(overrides))
         .encode()),
        ("ppt/presentation.xml", skel.presentation.replace(
            _MARK.format("slides"), f"<p:sldIdLst>{''.join(sld_ids)}</p:sldIdLst>").encode()),
        ("ppt/_rels/presentation.xml.rels", skel.presentation_rels.replace(
            _MARK.format("rels"), "".join(pres_rels)).encode()),
        ("docProps/core.xml", core.encode()),
    ]
    return write_zip([*(deflate(n, d) for n, d in head), *skel.members,
                      *(deflate(n, d) for n, d in parts)])


@dataclass(frozen=True)
class Deflated:
    """A zip member, compressed: name, raw deflate data, CRC-32 and size."""

    name: str
    data: bytes
    crc: int
    size: int


def deflate(name: str, data: bytes) -> Deflated:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Deflated(name, comp.compress(data) + comp.flush(), zlib.crc32(data), len(data))


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


def _rels(rels: list[str]) -> bytes:
    return (XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships">' + "".join(rels) + "</Relationships>").encode()
