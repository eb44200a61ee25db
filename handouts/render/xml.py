"""The only place that spells XML: PresentationML, DrawingML and the
package's parts for decks, the XMP metadata packet for handouts.

Every string that reaches a part goes through :func:`text` or :func:`attr`,
which escape it and drop the characters XML 1.0 cannot hold. Lengths come in
points and are written in EMU; sizes in points are written in hundredths.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Iterable, Protocol

from .escape import escape, quoteattr

EMU_PER_POINT = 12700
NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
# A comment the skeleton places, through python-pptx, where each deck's own
# elements go; rendering splits the serialised part there.
SLOT = "<!--handouts-slot-->"
SLOT_TEXT = "handouts-slot"

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_ALIGN = {"left": "l", "center": "ctr"}
_DECORATIVE = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
               '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
               'decorative" val="1"/></a:ext></a:extLst>')


class Rect(Protocol):
    """A rectangle in points from the slide's top-left corner."""

    left: float
    top: float
    width: float
    height: float


@functools.lru_cache(maxsize=16384)
def text(value: str) -> str:
    """``value`` as XML character data: escaped, with the characters XML
    forbids (most control characters, lone surrogates) dropped. (Cached: a
    build writes the same texts for every site.)"""
    if not value.isprintable():
        value = _FORBIDDEN.sub("", value)
    return escape(value)


@functools.lru_cache(maxsize=4096)
def attr(value: str) -> str:
    """``value`` as a quoted XML attribute value, cleaned as by :func:`text`."""
    if not value.isprintable():
        value = _FORBIDDEN.sub("", value)
    return quoteattr(value)


def emu(points: float) -> int:
    return int(round(points * EMU_PER_POINT))


def xfrm(box: Rect) -> str:
    x, y, cx, cy = (emu(v) for v in (box.left, box.top, box.width, box.height))
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


def paragraph(value: str, *, size: float, color: str, font: str, lang: str,
              bold: bool = False, bullet: float | None = None, bullet_color: str = "",
              space: float = 0.0, align: str = "left") -> str:
    """One paragraph of one run. ``size`` and ``space`` (before) are in
    points; ``bullet`` is the hanging indent in points, if bulleted; colours
    are ``RRGGBB``, or empty for the colour the text inherits (a template's);
    ``font`` empty: the font the text inherits (a template's theme fonts)."""
    ppr = [f'<a:pPr algn="{_ALIGN[align]}"']
    if bullet is not None:
        ppr.append(f' marL="{emu(bullet)}" indent="-{emu(bullet)}"')
    else:
        ppr.append(' marL="0" indent="0"')
    ppr.append('><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>')
    if space:
        ppr.append(f'<a:spcBef><a:spcPts val="{int(round(space * 100))}"/></a:spcBef>')
    if bullet is not None:
        if bullet_color:
            ppr.append(f'<a:buClr><a:srgbClr val="{bullet_color}"/></a:buClr>')
        ppr.append((f'<a:buFont typeface={attr(font)}/>' if font else "") + '<a:buChar char="•"/>')
    else:
        ppr.append("<a:buNone/>")
    ppr.append("</a:pPr>")
    return (f'<a:p>{"".join(ppr)}<a:r><a:rPr lang={attr(lang)} sz="{int(round(size * 100))}" '
            f'b="{1 if bold else 0}" dirty="0">{_solid(color)}{_faces(font)}'
            f'</a:rPr><a:t>{text(value)}</a:t></a:r></a:p>')


def _faces(font: str) -> str:
    """A run's typefaces, all ``font``; none when ``font`` is empty (the run
    takes the font it inherits: a template's theme fonts)."""
    if not font:
        return ""
    face = attr(font)
    return f'<a:latin typeface={face}/><a:ea typeface={face}/><a:cs typeface={face}/>'



def _solid(color: str) -> str:
    """A solid fill of ``color`` (``RRGGBB``); nothing for an empty one."""
    return f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color else ""


def text_body(paras: Iterable[str], inset: float, anchor: str) -> str:
    """A text body holding ``paras``, ``inset`` points in from every edge,
    anchored ``top``, ``middle`` or ``bottom``, never autofitted."""
    i = emu(inset)
    return (f'<p:txBody><a:bodyPr wrap="square" lIns="{i}" tIns="{i}" rIns="{i}" bIns="{i}" '
            f'anchor="{_ANCHOR[anchor]}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
            f'{"".join(paras)}</p:txBody>')


def _panel(fill: str) -> str:
    """A placeholder's own fill (a panel its text sits on), if any."""
    return ('<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>' + _solid(fill)) if fill else ""


def title_shape(shape_id: int, box: Rect, body: str, ph: str = 'type="title"',
                fill: str = "") -> str:
    """The slide's title placeholder; ``ph`` the ``<p:ph>`` attributes that
    match the layout's (a title slide's is ``type="ctrTitle"``); ``fill``, a
    panel under its text."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Title {shape_id - 1}"/><p:cNvSpPr>'
            f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr>'
            f'<p:spPr>{xfrm(box)}{_panel(fill)}</p:spPr>{body}</p:sp>')


def body_placeholder(shape_id: int, box: Rect, body: str, ph: str = 'idx="1"',
                     fill: str = "") -> str:
    """The layout's body (or subtitle) placeholder, named by the ``<p:ph>``
    attributes ``ph`` as the layout names it, so a template's text styles
    apply; ``fill``, a panel under its text."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Content {shape_id - 1}"/><p:cNvSpPr>'
            f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr>'
            f'<p:spPr>{xfrm(box)}{_panel(fill)}</p:spPr>{body}</p:sp>')


def text_box(shape_id: int, box: Rect, body: str, fill: str = "") -> str:
    """A free text box, with no fill or on a panel of ``fill``."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="TextBox {shape_id - 1}"/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{xfrm(box)}'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'{_solid(fill) or "<a:noFill/>"}</p:spPr>{body}</p:sp>')


def mark(shape_id: int, box: Rect, value: str, *, size: float, color: str, alpha: float,
         font: str, lang: str, degrees: float) -> str:
    """A notice over the slide (the draft mark): one centred line at
    ``size`` points in ``color`` at ``alpha`` opacity (0 to 1), turned by
    ``degrees`` (clockwise), in a box that does not take part in fitting."""
    run = (f'<a:r><a:rPr lang={attr(lang)} sz="{int(round(size * 100))}" b="1" dirty="0">'
           f'<a:solidFill><a:srgbClr val="{color}"><a:alpha val="{int(alpha * 100000)}"/>'
           f'</a:srgbClr></a:solidFill>{_faces(font)}</a:rPr><a:t>{text(value)}</a:t></a:r>')
    x, y, cx, cy = (emu(v) for v in (box.left, box.top, box.width, box.height))
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Review mark {shape_id - 1}"/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>'
            f'<a:xfrm rot="{int(round(degrees * 60000)) % 21600000}"><a:off x="{x}" y="{y}"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            '</a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="none" lIns="0" '
            'tIns="0" rIns="0" bIns="0" anchor="ctr" rtlCol="0"><a:noAutofit/></a:bodyPr>'
            f'<a:lstStyle/><a:p><a:pPr algn="ctr"/>{run}</a:p></p:txBody></p:sp>')


def notice(shape_id: int, box: Rect, body: str, fill: str) -> str:
    """A text box on a solid ``fill`` (a draft's notice): real text, read
    where it stands in the shape tree."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Draft notice {shape_id - 1}"/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{xfrm(box)}'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr '
            f'val="{fill}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>{body}</p:sp>')


def rectangle(shape_id: int, box: Rect, color: str) -> str:
    """A filled rectangle marked decorative, so screen readers skip it."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Rectangle {shape_id - 1}">'
            f'{_DECORATIVE}</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{xfrm(box)}'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr '
            f'val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def picture(shape_id: int, box: Rect, rid: str, descr: str) -> str:
    """A picture of the image related as ``rid``, with alternative text."""
    return (f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="Picture {shape_id - 1}" '
            f'descr={attr(descr)}/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr>'
            f'<p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/><a:stretch>'
            f'<a:fillRect/></a:stretch></p:blipFill><p:spPr>{xfrm(box)}<a:prstGeom prst="rect">'
            '<a:avLst/></a:prstGeom></p:spPr></p:pic>')


def slide(shapes: Iterable[str], background: str, name: str) -> bytes:
    """A slide part holding ``shapes`` in reading order over a solid
    ``background`` (empty: the layout's own, as on a template); ``name`` (its
    kind) is readable as python-pptx's ``slide.name``."""
    bg = (f'<p:bg><p:bgPr>{_solid(background)}<a:effectLst/></p:bgPr></p:bg>'
          if background else "")
    return (HEAD + f'<p:sld {NS}><p:cSld name={attr(name)}>{bg}'
            '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
            '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
            '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
            + "".join(shapes) +
            '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>'
            '</p:sld>').encode()


def notes_paragraphs(value: str, lang: str) -> str:
    """Notes text as paragraphs, one per line."""
    return "".join(f'<a:p><a:r><a:rPr lang={attr(lang)} dirty="0"/><a:t>{text(line)}</a:t>'
                   f'</a:r></a:p>' if line else f"<a:p><a:endParaRPr lang={attr(lang)}/></a:p>"
                   for line in value.split("\n"))


def slide_ids(rids: Iterable[str], first_id: int = 256) -> str:
    """The presentation's slide list entries, in order."""
    return "".join(f'<p:sldId id="{first_id + n}" r:id="{rid}"/>' for n, rid in enumerate(rids))


def relationships(rels: Iterable[tuple[str, str, str, bool]]) -> bytes:
    """A relationships part from (id, type, target, external) tuples."""
    items = "".join(f'<Relationship Id={attr(rid)} Type={attr(kind)} Target={attr(target)}'
                    + (' TargetMode="External"' if external else "") + "/>"
                    for rid, kind, target, external in rels)
    return (HEAD + f'<Relationships xmlns="{RELS_NS}">{items}</Relationships>').encode()


def content_types(defaults: Iterable[tuple[str, str]],
                  overrides: Iterable[tuple[str, str]]) -> bytes:
    """``[Content_Types].xml`` from (extension, type) and (part name, type) pairs."""
    items = "".join(f"<Default Extension={attr(ext)} ContentType={attr(ct)}/>"
                    for ext, ct in defaults)
    items += "".join(f"<Override PartName={attr(name)} ContentType={attr(ct)}/>"
                     for name, ct in overrides)
    return (HEAD + f'<Types xmlns="{TYPES_NS}">{items}</Types>').encode()


def core_properties(*, title: str, author: str, subject: str, keywords: str, language: str,
                    when: dt.datetime) -> bytes:
    """``docProps/core.xml`` with fixed dates, so equal decks are equal bytes."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (HEAD +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{text(title)}</dc:title><dc:subject>{text(subject)}</dc:subject>"
            f"<dc:creator>{text(author)}</dc:creator><cp:keywords>{text(keywords)}</cp:keywords>"
            f"<dc:language>{text(language)}</dc:language>"
            "<cp:lastModifiedBy>handouts</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>").encode()


# PresentationFormat names PowerPoint gives common slide shapes (width/height).
_FORMATS = ((16 / 9, "On-screen Show (16:9)"), (4 / 3, "On-screen Show (4:3)"),
            (16 / 10, "On-screen Show (16:10)"))


def presentation_format(width: int, height: int) -> str:
    """PowerPoint's name for a ``width`` x ``height`` slide's shape, or "Custom"."""
    ratio = width / height
    return next((name for r, name in _FORMATS if abs(ratio - r) < 0.01), "Custom")


def app_properties(*, slide_titles: list[str], fonts: list[str], width: int,
                   height: int) -> bytes:
    """``docProps/app.xml``: the deck's real slide and notes counts, its
    format and, as PowerPoint lists them, the fonts used and slide titles."""
    titles = [*fonts, *slide_titles]
    lpstr = "".join(f"<vt:lpstr>{text(t)}</vt:lpstr>" for t in titles)
    n = len(slide_titles)
    return (HEAD +
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes">'
            "<TotalTime>0</TotalTime><Application>handouts</Application>"
            f"<PresentationFormat>{text(presentation_format(width, height))}</PresentationFormat>"
            f"<Slides>{n}</Slides><Notes>{n}</Notes><HiddenSlides>0</HiddenSlides>"
            "<MMClips>0</MMClips><ScaleCrop>false</ScaleCrop>"
            '<HeadingPairs><vt:vector size="4" baseType="variant">'
            "<vt:variant><vt:lpstr>Fonts used</vt:lpstr></vt:variant>"
            f"<vt:variant><vt:i4>{len(fonts)}</vt:i4></vt:variant>"
            "<vt:variant><vt:lpstr>Slide Titles</vt:lpstr></vt:variant>"
            f"<vt:variant><vt:i4>{n}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
            f'<TitlesOfParts><vt:vector size="{len(titles)}" baseType="lpstr">{lpstr}'
            "</vt:vector></TitlesOfParts>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()


def embedded_fonts(fonts: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> str:
    """A presentation's ``p:embeddedFontLst``: for each (typeface, its
    (style, relationship id) pairs; style ``regular`` or ``bold``)."""
    entries = "".join(
        f"<p:embeddedFont><p:font typeface={attr(typeface)}/>"
        + "".join(f"<p:{style} r:id={attr(rid)}/>" for style, rid in faces)
        + "</p:embeddedFont>" for typeface, faces in fonts)
    return f"<p:embeddedFontLst {NS}>{entries}</p:embeddedFontLst>"


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_packet(title: str, lang: str) -> bytes:
    """A PDF's XMP metadata: its title, its language and the PDF/UA-1
    identifier."""
    return _XMP.format(title=text(title), lang=text(lang)).encode("utf-8")
