"""Seminar decks as PowerPoint (python-pptx).

:func:`render_deck` is a pure function of (content, brand, layout, options):
it returns the .pptx bytes and writes nothing. Text is measured with the real
font's metrics before it is placed; what does not fit moves to a continuation
slide titled "... (continued)", and text never shrinks below the layout's
minimum sizes (24 pt body, 36 pt titles).
"""
from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape, quoteattr

from reportlab.pdfbase import pdfmetrics

from .brand import Brand
from .deck_plan import SlideSpec, plan_deck
from .errors import RenderError
from .layouts import DeckLayout
from .model import Condition, Content
from .pdf_fonts import FontSet, brand_fonts
from .pptx_package import NS, SlidePart, core_xml, package, skeleton

EMU_PER_POINT = 12700


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points from the top-left corner."""

    left: float
    top: float
    width: float
    height: float

    def xfrm(self) -> str:
        """The box as a DrawingML ``<a:xfrm>`` (EMU)."""
        x, y, cx, cy = (int(round(v * EMU_PER_POINT)) for v in
                        (self.left, self.top, self.width, self.height))
        return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


class Measure:
    """Wraps text into lines with the font's real advance widths."""

    def __init__(self, fonts: FontSet, layout: DeckLayout):
        self.fonts = fonts
        self.layout = layout

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        """Greedy word wrap of ``text`` into lines no wider than ``width`` points
        (times the layout's ``fit_width`` safety share). A word wider than a
        line is broken between letters. Results are cached per process."""
        font = self.fonts.bold if bold else self.fonts.regular
        return list(_wrap(text, font, self.fonts, size, width * self.layout.fit_width))

    def line_height(self, size: float) -> float:
        return size * self.layout.line_height


@functools.lru_cache(maxsize=None)
def _advance_table(font: str, fonts: FontSet):
    """A per-character advance-width lookup (in 1/1000 em) for ``font``, using
    the first fallback that has a character the font lacks. Built once per
    font per process; characters are added as they are first seen."""
    widths: dict[str, float] = {}

    def advance(ch: str) -> float:
        w = widths.get(ch)
        if w is None:
            name = font
            if ord(ch) not in pdfmetrics.getFont(font).face.charToGlyph:
                name = next((f for f in fonts.fallbacks
                             if ord(ch) in pdfmetrics.getFont(f).face.charToGlyph), font)
            w = widths[ch] = pdfmetrics.stringWidth(ch, name, 1000)
        return w

    return advance


@functools.lru_cache(maxsize=8192)
def _wrap(text: str, font: str, fonts: FontSet, size: float,
          limit: float) -> tuple[str, ...]:
    advance = _advance_table(font, fonts)
    scale = size / 1000
    space = advance(" ") * scale
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split():
        w = sum(advance(ch) for ch in word) * scale
        if line and used + space + w <= limit:
            line.append(word)
            used += space + w
            continue
        if line:
            lines.append(" ".join(line))
        line, used = [word], w
        while used > limit and len(line[0]) > 1:  # a single over-long word
            word = line[0]
            cut = len(word) - 1
            while cut > 1 and sum(advance(ch) for ch in word[:cut]) * scale > limit:
                cut -= 1
            lines.append(word[:cut])
            line = [word[cut:]]
            used = sum(advance(ch) for ch in word[cut:]) * scale
    if line:
        lines.append(" ".join(line))
    return tuple(lines) or ("",)


class _Geometry:
    """Where the title, body and logo go on a content slide.

    The built-in design takes every position from the layout. A clinic's
    template brings its own title and body placeholders: their positions are
    used instead (the title kept clear of the logo).
    """

    def __init__(self, layout: DeckLayout, width: float, height: float,
                 title_ph: Box | None = None, body_ph: Box | None = None):
        L = layout
        self.layout = L
        self.width, self.height = width, height
        self.templated = title_ph is not None
        m = L.margins
        self.logo = Box(self.width - m.right - L.logo.size, m.top, L.logo.size, L.logo.size)
        self.inner = self.width - m.left - m.right
        if title_ph is not None:
            right = min(title_ph.left + title_ph.width, self.logo.left - 12)
            title_ph = Box(title_ph.left, title_ph.top, right - title_ph.left, title_ph.height)
        self.title_ph, self.body_ph = title_ph, body_ph
        self.title_width = title_ph.width if title_ph else self.inner - L.logo.size - 12

    def title_box(self, lines: int, size: float) -> Box:
        """The title's box: tall enough for ``max_lines`` lines at the title size
        (so the rule sits at the same height on every slide), or more lines
        when a long title needs them."""
        m, t = self.layout.margins, self.layout.title
        inset = self.layout.text_inset
        lines = max(lines, t.max_lines)
        need = lines * max(size, t.size) * self.layout.line_height + 2 * inset
        if self.title_ph is not None:
            ph = self.title_ph
            return Box(ph.left, ph.top, ph.width, max(ph.height, need))
        return Box(m.left, m.top, self.title_width, max(need, self.layout.logo.size))

    def body_box(self, title: Box) -> Box:
        m, L = self.layout.margins, self.layout
        top = title.top + title.height + L.title.rule_width + L.title.gap
        if self.body_ph is not None:
            ph = self.body_ph
            top = max(top, ph.top)
            return Box(ph.left, top, ph.width, ph.top + ph.height - top)
        return Box(m.left, top, self.inner, self.height - m.bottom - top)


class _Fitter:
    """Splits slide specs into slides whose text fits, and sizes titles."""

    def __init__(self, layout: DeckLayout, measure: Measure, geometry: _Geometry):
        self.L, self.m, self.g = layout, measure, geometry

    def title_size(self, title: str) -> tuple[float, list[str]]:
        """The largest title size from the layout's down to its minimum at which
        ``title`` fits ``max_lines``; at the minimum it may take more lines."""
        t = self.L.title
        width = self.g.title_width - 2 * self.L.text_inset
        size = t.size
        while True:
            lines = self.m.wrap(title, size, width, bold=True)
            if len(lines) <= t.max_lines or size <= t.min_size:
                return size, lines
            size = max(t.min_size, size - 2)

    def body_lines(self, text: str, bulleted: bool, width: float, size: float) -> list[str]:
        indent = self.L.body.bullet_indent if bulleted else 0
        return self.m.wrap(text, size, width - 2 * self.L.text_inset - indent)

    def paginate(self, spec: SlideSpec) -> list[SlideSpec]:
        """``spec`` as one or more slides, each holding at most ``max_bullets``
        items whose wrapped height fits the body box.

        Text is set at the layout's body size, or smaller, down to its minimum,
        when that saves a slide (so a list does not spill one item onto a
        slide of its own). Items too tall for a whole slide are split between
        lines.
        """
        b = self.L.body
        sizes = [b.size]
        while sizes[-1] > b.min_size:
            sizes.append(max(b.min_size, sizes[-1] - 2))
        best = self._pages(spec, sizes[-1])
        chosen = (sizes[-1], best)
        for size in sizes[:-1]:
            pages = self._pages(spec, size)
            if len(pages) <= len(best):
                chosen = (size, pages)
                break
        size, pages = chosen
        out = []
        for i, page in enumerate(pages):
            title = spec.title if i == 0 else (
                f"{spec.title} (continued)" if i == 1 else f"{spec.title} (continued {i})")
            out.append(replace(spec, title=title, lines=tuple(page), body_size=size))
        return out

    def _pages(self, spec: SlideSpec, size: float) -> list[list[str]]:
        bulleted = spec.kind == "bullets"
        tsize, tlines = self.title_size(spec.title + " (continued)")
        body = self.g.body_box(self.g.title_box(len(tlines), tsize))
        capacity = body.height - 2 * self.L.text_inset
        line_h = self.m.line_height(size)
        gap = self.L.body.paragraph_space
        pages: list[list[str]] = [[]]
        used = 0.0
        for item in spec.lines:
            lines = self.body_lines(item, bulleted, body.width, size)
            while lines:
                page = pages[-1]
                space = gap if page else 0.0
                room = (int((capacity - used - space) // line_h)
                        if len(page) < self.L.body.max_bullets else 0)
                if room >= len(lines):
                    page.append(" ".join(lines))
                    used += space + len(lines) * line_h
                    lines = []
                elif page:
                    pages.append([])
                    used = 0.0
                elif room >= 1:  # too long for a whole slide: split between lines
                    page.append(" ".join(lines[:room]))
                    lines = lines[room:]
                    pages.append([])
                    used = 0.0
                else:
                    raise RenderError(f"slide '{spec.title}': no room for text at the "
                                      "minimum size")
        return [p for p in pages if p] or [[]]


@functools.lru_cache(maxsize=16)
def _image(path) -> tuple[bytes, str, tuple[int, int]]:
    """The logo's bytes, its file extension and its pixel size, read once."""
    from PIL import Image

    from .brand import image_kind

    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as img:
        size = img.size
    return data, {"PNG": "png", "JPEG": "jpeg"}[image_kind(data)], size


@functools.lru_cache(maxsize=64)
def qr_png(data: str, scale: int = 12) -> bytes:
    """A QR code for ``data`` as PNG bytes (black on white, 2-module quiet zone)."""
    from PIL import Image, ImageDraw

    from .pdf import qr_modules

    n, dark = qr_modules(data)
    side = (n + 4) * scale
    img = Image.new("1", (side, side), 1)
    draw = ImageDraw.Draw(img)
    for r, c in dark:
        x, y = (c + 2) * scale, (r + 2) * scale
        draw.rectangle([x, y, x + scale - 1, y + scale - 1], fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_ALIGN = {"left": "l", "center": "ctr"}
_DECORATIVE = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
               '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
               'decorative" val="1"/></a:ext></a:extLst>')
LOGO_RID, QR_RID = "rId3", "rId4"  # media relationships: see pptx_package.package


@dataclass(frozen=True)
class _Style:
    """The brand's look, as DrawingML values."""

    font: str
    primary: str  # RRGGBB
    text: str
    accent: str
    background: str
    logo_px: tuple[int, int]
    clinic: str


class _Slide:
    """Collects one slide's shapes as DrawingML, in reading order."""

    def __init__(self, style: _Style, inset: float):
        self.style, self.inset = style, inset
        self.shapes: list[str] = []
        self.media: list[str] = []

    def _id(self) -> int:
        return len(self.shapes) + 2

    def para(self, text: str, size: float, color: str, bold: bool = False,
             bullet: float | None = None, space: float = 0.0, align: str = "left") -> str:
        """One paragraph; ``bullet`` is the hanging indent in points, if bulleted."""
        s = self.style
        ppr = [f'<a:pPr algn="{_ALIGN[align]}"']
        if bullet is not None:
            emu = int(round(bullet * EMU_PER_POINT))
            ppr.append(f' marL="{emu}" indent="-{emu}"')
        else:
            ppr.append(' marL="0" indent="0"')
        ppr.append('><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>')
        if space:
            ppr.append(f'<a:spcBef><a:spcPts val="{int(round(space * 100))}"/></a:spcBef>')
        if bullet is not None:
            ppr.append(f'<a:buClr><a:srgbClr val="{s.accent}"/></a:buClr>'
                       f'<a:buFont typeface={quoteattr(s.font)}/><a:buChar char="•"/>')
        else:
            ppr.append("<a:buNone/>")
        ppr.append("</a:pPr>")
        font = quoteattr(s.font)
        return (f'<a:p>{"".join(ppr)}<a:r><a:rPr lang="en-US" sz="{int(round(size * 100))}" '
                f'b="{1 if bold else 0}" dirty="0"><a:solidFill><a:srgbClr val="{color}"/>'
                f'</a:solidFill><a:latin typeface={font}/><a:ea typeface={font}/>'
                f'<a:cs typeface={font}/></a:rPr><a:t>{escape(text)}</a:t></a:r></a:p>')

    def _body(self, paras: list[str], anchor: str) -> str:
        i = int(round(self.inset * EMU_PER_POINT))
        return (f'<p:txBody><a:bodyPr wrap="square" lIns="{i}" tIns="{i}" rIns="{i}" bIns="{i}" '
                f'anchor="{_ANCHOR[anchor]}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
                f'{"".join(paras)}</p:txBody>')

    def title(self, box: Box, paras: list[str], anchor: str = "middle") -> None:
        n = self._id()
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="Title {n - 1}"/><p:cNvSpPr>'
            '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr>'
            f'<p:spPr>{box.xfrm()}</p:spPr>{self._body(paras, anchor)}</p:sp>')

    def textbox(self, box: Box, paras: list[str], anchor: str = "top",
                placeholder: bool = False) -> None:
        """A text box; with ``placeholder``, the layout's body placeholder
        (idx 1), so a template's own text styles and position apply."""
        n = self._id()
        if placeholder:
            self.shapes.append(
                f'<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="Content {n - 1}"/><p:cNvSpPr>'
                '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr>'
                f'<p:spPr>{box.xfrm()}</p:spPr>{self._body(paras, anchor)}</p:sp>')
            return
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="TextBox {n - 1}"/><p:cNvSpPr txBox="1"/>'
            f'<p:nvPr/></p:nvSpPr><p:spPr>{box.xfrm()}<a:prstGeom prst="rect"><a:avLst/>'
            f'</a:prstGeom><a:noFill/></p:spPr>{self._body(paras, anchor)}</p:sp>')

    def rect(self, box: Box, color: str) -> None:
        n = self._id()
        self.shapes.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="Rectangle {n - 1}">{_DECORATIVE}</p:cNvPr>'
            f'<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{box.xfrm()}<a:prstGeom prst="rect">'
            f'<a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
            '<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')

    def picture(self, box: Box, rid: str, descr: str, px: tuple[int, int]) -> None:
        """A picture fitted inside ``box``, keeping its aspect ratio, centred."""
        w, h = px
        scale = min(box.width / w, box.height / h)
        fit = Box(box.left + (box.width - w * scale) / 2, box.top + (box.height - h * scale) / 2,
                  w * scale, h * scale)
        n = self._id()
        self.shapes.append(
            f'<p:pic><p:nvPicPr><p:cNvPr id="{n}" name="Picture {n - 1}" descr={quoteattr(descr)}/>'
            '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
            f'</p:blipFill><p:spPr>{fit.xfrm()}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            '</p:spPr></p:pic>')
        if rid not in self.media:
            self.media.append(rid)

    def xml(self) -> str:
        return (f'<p:sld {NS}><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr '
                f'val="{self.style.background}"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
                '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
                '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
                '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
                + "".join(self.shapes) +
                '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>')


class _Writer:
    """Turns fitted slide specs into slide XML in the brand's look."""

    def __init__(self, brand: Brand, layout: DeckLayout, fonts: FontSet, width: float,
                 height: float, logo_px: tuple[int, int],
                 placeholders: tuple[Box | None, Box | None] = (None, None)):
        self.brand, self.L = brand, layout
        self.g = _Geometry(layout, width, height, *placeholders)
        self.fit = _Fitter(layout, Measure(fonts, layout), self.g)
        c = brand.colors
        self.style = _Style(brand.font_family, c.primary.hex, c.text.hex, c.accent.hex,
                            c.background.hex, logo_px, brand.clinic.name)

    def slide(self) -> _Slide:
        return _Slide(self.style, self.L.text_inset)

    def logo(self, slide: _Slide, box: Box | None = None) -> None:
        slide.picture(box or self.g.logo, LOGO_RID, f"{self.brand.clinic.name} logo",
                      self.style.logo_px)

    def titled(self, title: str) -> tuple[_Slide, Box]:
        """A slide with its title placed and the accent rule under it."""
        size, lines = self.fit.title_size(title)
        box = self.g.title_box(len(lines), size)
        slide = self.slide()
        slide.title(box, [slide.para(title, size, self.style.primary, bold=True)])
        if not self.g.templated:  # a template brings its own decoration
            slide.rect(Box(box.left, box.top + box.height, self.g.inner,
                           self.L.title.rule_width), self.style.accent)
        return slide, box

    def bullets(self, spec: SlideSpec) -> SlidePart:
        return self._content(spec, bulleted=True)

    def text(self, spec: SlideSpec) -> SlidePart:
        return self._content(spec, bulleted=False)

    def _content(self, spec: SlideSpec, bulleted: bool) -> SlidePart:
        slide, tbox = self.titled(spec.title)
        b = self.L.body
        indent = b.bullet_indent if bulleted else None
        paras = [slide.para(line, spec.body_size or b.size, self.style.text, bullet=indent,
                            space=b.paragraph_space if i else 0.0)
                 for i, line in enumerate(spec.lines)]
        slide.textbox(self.g.body_box(tbox), paras, placeholder=self.g.body_ph is not None)
        self.logo(slide)
        return SlidePart(slide.xml(), spec.notes, tuple(slide.media))

    def cover(self, spec: SlideSpec) -> SlidePart:
        """Logo top left; title, subtitle, presenter and date centred in the
        space below it; the clinic's name in a band along the bottom."""
        c, m, inset, st = self.L.cover, self.L.margins, self.L.text_inset, self.style
        slide = self.slide()
        measure, width = self.fit.m, self.g.inner
        blocks = [(spec.title, c.title_size, True, st.primary)]
        if spec.extra.get("subtitle"):
            blocks.append((spec.extra["subtitle"], c.subtitle_size, False, st.text))
        for detail in (spec.extra.get("presenter"), spec.extra.get("date")):
            if detail:
                blocks.append((detail, c.detail_size, False, st.text))
        heights = [len(measure.wrap(t, size, width - 2 * inset, bold)) * measure.line_height(size)
                   + 2 * inset for t, size, bold, _ in blocks]
        gaps = [0.0] + [18.0 if i == 1 else 4.0 for i in range(1, len(blocks))]
        band = Box(0, self.g.height - c.band_height, self.g.width, c.band_height)
        area_top = m.top + c.logo_size
        y = area_top + max(0.0, (band.top - area_top - sum(heights) - sum(gaps)) / 2)
        for (text, size, bold, color), h, gap in zip(blocks, heights, gaps):
            y += gap
            paras = [slide.para(text, size, color, bold=bold)]
            if text is spec.title:
                slide.title(Box(m.left, y, width, h), paras, anchor="top")
            else:
                slide.textbox(Box(m.left, y, width, h), paras)
            y += h
        slide.rect(Box(0, 0, self.g.width, self.L.title.rule_width * 2), st.primary)
        slide.rect(band, st.primary)
        slide.textbox(Box(m.left, band.top, width, band.height),
                      [slide.para(self.brand.clinic.name, c.detail_size, st.background,
                                  bold=True)], anchor="middle")
        self.logo(slide, Box(m.left, m.top, c.logo_size, c.logo_size))
        return SlidePart(slide.xml(), spec.notes, tuple(slide.media))

    def closing(self, spec: SlideSpec) -> SlidePart:
        slide, tbox = self.titled(spec.title)
        cl, st, b = self.L.closing, self.style, self.brand
        body = self.g.body_box(tbox)
        rows = [b.clinic.name, f"Phone: {b.contact.phone}", b.contact.address]
        rows += [v for v in (b.contact.email, b.contact.website) if v]
        text_w = body.width - cl.qr_size - 24
        slide.textbox(Box(body.left, body.top, text_w, body.height),
                      [slide.para(r, cl.text_size, st.text, bold=(i == 0), space=8 if i else 0)
                       for i, r in enumerate(rows)])
        qbox = Box(body.left + body.width - cl.qr_size, body.top, cl.qr_size, cl.qr_size)
        slide.picture(qbox, QR_RID, f"QR code: opens {b.qr_url}", (1, 1))
        slide.textbox(Box(qbox.left - 40, qbox.top + cl.qr_size, cl.qr_size + 40,
                          body.height - cl.qr_size),
                      [slide.para(t, self.L.body.min_size, st.text, align="center")
                       for t in ("Scan to visit", "our website")])
        self.logo(slide)
        return SlidePart(slide.xml(), spec.notes + "\n\n" + "\n".join(rows),
                         tuple(slide.media))


WRITERS = {"cover": _Writer.cover, "bullets": _Writer.bullets, "text": _Writer.text,
           "closing": _Writer.closing}


def render_deck(content: Content, brand: Brand, layout: DeckLayout,
                condition: Condition | None = None, minutes: int = 60, title: str | None = None,
                presenter: str = "", date: str = "") -> bytes:
    """Return a seminar deck as .pptx bytes.

    The full seminar, or with ``condition`` a deck tailored to it. ``minutes``
    (the talk's length) trims optional slides; the FAQ and contact slides are
    always kept. The same arguments always give the same bytes.
    """
    fonts = brand_fonts(brand)
    skel = skeleton(brand.deck_template, layout.slide.width.emu, layout.slide.height.emu)
    logo, ext, px = _image(brand.logo)
    placeholders = tuple(Box(*(v / EMU_PER_POINT for v in b)) if b else None
                         for b in (skel.title_box, skel.body_box))
    writer = _Writer(brand, layout, fonts, skel.width / EMU_PER_POINT,
                     skel.height / EMU_PER_POINT, px, placeholders)
    specs = plan_deck(content, brand.clinic.name, condition, minutes, title, presenter, date)
    seen: set[str] = set()
    slides: list[SlidePart] = []
    for spec in specs:
        parts = writer.fit.paginate(spec) if spec.kind in ("bullets", "text") else [spec]
        for part in parts:
            title_text, n = part.title, 2
            while title_text in seen:
                title_text, n = f"{part.title} ({n})", n + 1
            seen.add(title_text)
            slides.append(WRITERS[part.kind](writer, replace(part, title=title_text)))
    media_names = {LOGO_RID: f"image1.{ext}", QR_RID: "image2.png"}
    slides = [replace(s, media=tuple((r, media_names[r]) for r in s.media)) for s in slides]
    media = {f"image1.{ext}": logo}
    if any(r == QR_RID for s in slides for r, _ in s.media):
        media["image2.png"] = qr_png(brand.qr_url)
    when = dt.datetime.combine(content.meta.edition, dt.time())
    core = core_xml(title or (condition.title if condition else content.meta.title),
                    brand.clinic.name, "Patient seminar: ketamine for chronic pain",
                    "ketamine; chronic pain; patient education", content.meta.language, when)
    return package(skel, slides, media, core)
