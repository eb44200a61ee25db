"""Seminar decks as PowerPoint (python-pptx).

:func:`render_deck` is a pure function of (content, brand, layout, options):
it returns the .pptx bytes and writes nothing. Text is measured with the real
font's metrics before it is placed; what does not fit moves to a continuation
slide titled "... (continued)", and text never shrinks below the layout's
minimum sizes (24 pt body, 36 pt titles).
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import zipfile
from dataclasses import dataclass, replace

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from reportlab.pdfbase import pdfmetrics

from .brand import Brand
from .deck_plan import SlideSpec, plan_deck
from .errors import RenderError
from .layouts import DeckLayout
from .model import Condition, Content
from .pdf_fonts import FontSet, brand_fonts


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points from the top-left corner."""

    left: float
    top: float
    width: float
    height: float

    def emu(self) -> tuple[Emu, Emu, Emu, Emu]:
        return tuple(Emu(int(round(v * 12700))) for v in
                     (self.left, self.top, self.width, self.height))


class Measure:
    """Wraps text into lines with the font's real advance widths."""

    def __init__(self, fonts: FontSet, layout: DeckLayout):
        self.fonts = fonts
        self.layout = layout

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return _string_width(text, self.fonts.bold if bold else self.fonts.regular, size,
                             self.fonts.fallbacks)

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        """Greedy word wrap of ``text`` into lines no wider than ``width`` points
        (times the layout's ``fit_width`` safety share). A word wider than a
        line is broken between letters."""
        limit = width * self.layout.fit_width
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if self.width(trial, size, bold) <= limit:
                line = trial
                continue
            if line:
                lines.append(line)
            line = word
            while self.width(line, size, bold) > limit:  # a single over-long word
                cut = len(line) - 1
                while cut > 1 and self.width(line[:cut], size, bold) > limit:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        if line:
            lines.append(line)
        return lines or [""]

    def line_height(self, size: float) -> float:
        return size * self.layout.line_height


@functools.lru_cache(maxsize=None)
def _advance_table(font: str, fallbacks: tuple[str, ...]):
    """A per-character advance-width lookup (in 1/1000 em) for ``font``, using
    the first fallback that has a character the font lacks. Built once per
    font per process; characters are added as they are first seen."""
    widths: dict[str, float] = {}

    def advance(ch: str) -> float:
        w = widths.get(ch)
        if w is None:
            name = font
            if ord(ch) not in pdfmetrics.getFont(font).face.charToGlyph:
                name = next((f for f in fallbacks
                             if ord(ch) in pdfmetrics.getFont(f).face.charToGlyph), font)
            w = widths[ch] = pdfmetrics.stringWidth(ch, name, 1000)
        return w

    return advance


def _string_width(text: str, font: str, size: float, fallbacks: tuple[str, ...]) -> float:
    advance = _advance_table(font, fallbacks)
    return sum(advance(ch) for ch in text) * size / 1000


class _Geometry:
    """Where the title, body and logo go on a content slide, from the layout."""

    def __init__(self, layout: DeckLayout, width: float, height: float):
        L = layout
        self.layout = L
        self.width, self.height = width, height
        m = L.margins
        self.logo = Box(self.width - m.right - L.logo.size, m.top, L.logo.size, L.logo.size)
        self.inner = self.width - m.left - m.right
        self.title_width = self.inner - L.logo.size - 12

    def title_box(self, lines: int, size: float) -> Box:
        """The title's box: tall enough for ``max_lines`` lines at the title size
        (so the rule sits at the same height on every slide), or more lines
        when a long title needs them."""
        m, t = self.layout.margins, self.layout.title
        inset = self.layout.text_inset
        lines = max(lines, t.max_lines)
        h = max(lines * max(size, t.size) * self.layout.line_height + 2 * inset,
                self.layout.logo.size)
        return Box(m.left, m.top, self.title_width, h)

    def body_box(self, title: Box) -> Box:
        m, L = self.layout.margins, self.layout
        top = title.top + title.height + L.title.rule_width + L.title.gap
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

    def body_lines(self, text: str, bulleted: bool, width: float) -> list[str]:
        indent = self.L.body.bullet_indent if bulleted else 0
        return self.m.wrap(text, self.L.body.size, width - 2 * self.L.text_inset - indent)

    def paginate(self, spec: SlideSpec) -> list[SlideSpec]:
        """``spec`` as one or more slides, each holding at most ``max_bullets``
        items whose wrapped height fits the body box. Items too tall for a whole
        slide are split between lines."""
        bulleted = spec.kind == "bullets"
        size, tlines = self.title_size(spec.title + " (continued)")
        body = self.g.body_box(self.g.title_box(len(tlines), size))
        capacity = body.height - 2 * self.L.text_inset
        line_h = self.m.line_height(self.L.body.size)
        gap = self.L.body.paragraph_space
        pages: list[list[str]] = [[]]
        used = 0.0
        for item in spec.lines:
            lines = self.body_lines(item, bulleted, body.width)
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
        pages = [p for p in pages if p] or [[]]
        out = []
        for i, page in enumerate(pages):
            title = spec.title if i == 0 else (
                f"{spec.title} (continued)" if i == 1 else f"{spec.title} (continued {i})")
            out.append(replace(spec, title=title, lines=tuple(page)))
        return out


@functools.lru_cache(maxsize=16)
def _image_bytes(path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


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


class _Writer:
    """Adds slides to a python-pptx Presentation in the brand's look."""

    def __init__(self, prs, content: Content, brand: Brand, layout: DeckLayout, fonts: FontSet):
        self.prs, self.content, self.brand, self.L = prs, content, brand, layout
        self.g = _Geometry(layout, prs.slide_width / 12700, prs.slide_height / 12700)
        self.fit = _Fitter(layout, Measure(fonts, layout), self.g)
        c = brand.colors
        self.primary = RGBColor.from_string(c.primary.hex)
        self.text = RGBColor.from_string(c.text.hex)
        self.accent = RGBColor.from_string(c.accent.hex)
        self.background = RGBColor.from_string(c.background.hex)
        self.font = brand.font_family
        self.title_layout = _find_layout(prs, ("Title Only", "Title and Content"))

    # -- building blocks -------------------------------------------------
    def new_slide(self, title: str, size: float, lines: int):
        """A slide with the title placed and the accent rule under it."""
        slide = self._blank_with_title()
        box = self.g.title_box(lines, size)
        tshape = slide.shapes.title
        tshape.left, tshape.top, tshape.width, tshape.height = box.emu()
        self.set_text(tshape.text_frame, [title], size, self.primary, bold=True,
                      anchor=MSO_ANCHOR.MIDDLE)
        self._band(slide, Box(box.left, box.top + box.height, self.g.inner,
                              self.L.title.rule_width), self.accent)
        return slide, box

    def add_logo(self, slide, box: Box | None = None) -> None:
        box = box or self.g.logo
        pic = slide.shapes.add_picture(io.BytesIO(_image_bytes(self.brand.logo)), *box.emu())
        _fit_picture(pic, box)
        _alt(pic, f"{self.brand.clinic.name} logo")

    def set_text(self, frame, paragraphs, size: float, color: RGBColor, bold: bool = False,
                 bullets: bool = False, anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT,
                 space: float = 0.0) -> None:
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = anchor
        inset = Emu(int(self.L.text_inset * 12700))
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = inset
        for i, text in enumerate(paragraphs):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.alignment = align
            para.line_spacing = 1.0
            if i and space:
                para.space_before = Pt(space)
            _bullet(para, bullets, self.L.body.bullet_indent, self.accent, self.font)
            run = para.add_run()
            run.text = text
            f = run.font
            f.size = Pt(size)
            f.bold = bold
            f.name = self.font
            f.color.rgb = color

    def textbox(self, slide, box: Box, paragraphs, size, color, **kw):
        shape = slide.shapes.add_textbox(*box.emu())
        self.set_text(shape.text_frame, paragraphs, size, color, **kw)
        return shape

    # -- slide kinds -----------------------------------------------------
    def bullets(self, spec: SlideSpec) -> None:
        self._content_slide(spec, bullets=True)

    def text(self, spec: SlideSpec) -> None:
        self._content_slide(spec, bullets=False)

    def _content_slide(self, spec: SlideSpec, bullets: bool) -> None:
        size, lines = self.fit.title_size(spec.title)
        slide, tbox = self.new_slide(spec.title, size, len(lines))
        body = self.g.body_box(tbox)
        self.textbox(slide, body, spec.lines, self.L.body.size, self.text, bullets=bullets,
                     space=self.L.body.paragraph_space)
        self.add_logo(slide)
        _notes(slide, spec.notes)

    def cover(self, spec: SlideSpec) -> None:
        """Logo top left; title, subtitle, presenter and date centred in the
        space below it; the clinic's name in a band along the bottom."""
        c, m, inset = self.L.cover, self.L.margins, self.L.text_inset
        slide = self._blank_with_title()
        self._band(slide, Box(0, 0, self.g.width, self.L.title.rule_width * 2))
        band = Box(0, self.g.height - c.band_height, self.g.width, c.band_height)
        self._band(slide, band)
        self.textbox(slide, Box(m.left, band.top, self.g.inner, band.height),
                     [self.brand.clinic.name], c.detail_size, self.background, bold=True,
                     anchor=MSO_ANCHOR.MIDDLE)
        self.add_logo(slide, Box(m.left, m.top, c.logo_size, c.logo_size))

        measure, width = self.fit.m, self.g.inner
        blocks = [(spec.title, c.title_size, True, self.primary)]
        if spec.extra.get("subtitle"):
            blocks.append((spec.extra["subtitle"], c.subtitle_size, False, self.text))
        for detail in (spec.extra.get("presenter"), spec.extra.get("date")):
            if detail:
                blocks.append((detail, c.detail_size, False, self.text))
        heights = [len(measure.wrap(t, size, width - 2 * inset, bold)) * measure.line_height(size)
                   + 2 * inset for t, size, bold, _ in blocks]
        gaps = [0.0] + [18.0 if i == 1 else 4.0 for i in range(1, len(blocks))]
        area_top = m.top + c.logo_size
        y = area_top + max(0.0, (band.top - area_top - sum(heights) - sum(gaps)) / 2)
        for (text, size, bold, color), h, gap in zip(blocks, heights, gaps):
            y += gap
            if text is spec.title:
                shape = slide.shapes.title
                shape.left, shape.top, shape.width, shape.height = Box(m.left, y, width, h).emu()
                self.set_text(shape.text_frame, [text], size, color, bold=True)
            else:
                self.textbox(slide, Box(m.left, y, width, h), [text], size, color, bold=bold)
            y += h
        _notes(slide, spec.notes)

    def _blank_with_title(self):
        slide = self.prs.slides.add_slide(self.title_layout)
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type != 1:  # keep only the title (type TITLE)
                ph._element.getparent().remove(ph._element)
        bg = slide.background.fill
        bg.solid()
        bg.fore_color.rgb = self.background
        return slide

    def _band(self, slide, box: Box, color: RGBColor | None = None) -> None:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box.emu())
        shape.fill.solid()
        shape.fill.fore_color.rgb = color or self.primary
        shape.line.fill.background()
        _alt(shape, "", decorative=True)

    def closing(self, spec: SlideSpec) -> None:
        size, lines = self.fit.title_size(spec.title)
        slide, tbox = self.new_slide(spec.title, size, len(lines))
        cl = self.L.closing
        body = self.g.body_box(tbox)
        b = self.brand
        rows = [b.clinic.name, f"Phone: {b.contact.phone}", b.contact.address]
        rows += [v for v in (b.contact.email, b.contact.website) if v]
        text_w = body.width - cl.qr_size - 24
        self.textbox(slide, Box(body.left, body.top, text_w, body.height), rows, cl.text_size,
                     self.text, space=8)
        qbox = Box(body.left + body.width - cl.qr_size, body.top, cl.qr_size, cl.qr_size)
        pic = slide.shapes.add_picture(io.BytesIO(_qr_cached(b.qr_url)), *qbox.emu())
        _alt(pic, f"QR code: opens {b.qr_url}")
        cap_h = body.height - cl.qr_size
        self.textbox(slide, Box(qbox.left - 40, qbox.top + cl.qr_size, cl.qr_size + 40, cap_h),
                     ["Scan to visit", "our website"], self.L.body.min_size, self.text,
                     align=PP_ALIGN.CENTER)
        self.add_logo(slide)
        _notes(slide, spec.notes + "\n\n" + "\n".join(rows))


@functools.lru_cache(maxsize=16)
def _qr_cached(url: str) -> bytes:
    return qr_png(url)


def _find_layout(prs, names: tuple[str, ...]):
    by_name = {l.name: l for l in prs.slide_layouts}
    for name in names:
        if name in by_name:
            return by_name[name]
    for lay in prs.slide_layouts:  # any layout with a title placeholder
        if any(ph.placeholder_format.type == 1 for ph in lay.placeholders):
            return lay
    raise RenderError("the deck template has no slide layout with a title placeholder")


def _fit_picture(pic, box: Box) -> None:
    """Shrink a picture inside ``box`` keeping its aspect ratio, centred."""
    w, h = pic.image.size
    scale = min(box.width / w, box.height / h)
    pw, ph = w * scale, h * scale
    pic.left, pic.top, pic.width, pic.height = Box(
        box.left + (box.width - pw) / 2, box.top + (box.height - ph) / 2, pw, ph).emu()


def _alt(shape, text: str, decorative: bool = False) -> None:
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", text)
    if decorative:
        c_nv_pr.set("title", "decorative")


def _bullet(para, on: bool, indent: float, color: RGBColor, font: str) -> None:
    p_pr = para._p.get_or_add_pPr()
    for tag in ("a:buNone", "a:buChar", "a:buFont", "a:buClr"):
        for el in p_pr.findall(qn(tag)):
            p_pr.remove(el)
    if not on:
        p_pr.set("marL", "0")
        p_pr.set("indent", "0")
        p_pr.append(p_pr.makeelement(qn("a:buNone"), {}))
        return
    emu = str(int(round(indent * 12700)))
    p_pr.set("marL", emu)
    p_pr.set("indent", "-" + emu)
    clr = p_pr.makeelement(qn("a:buClr"), {})
    srgb = clr.makeelement(qn("a:srgbClr"), {"val": str(color)})
    clr.append(srgb)
    p_pr.append(clr)
    p_pr.append(p_pr.makeelement(qn("a:buFont"), {"typeface": font}))
    p_pr.append(p_pr.makeelement(qn("a:buChar"), {"char": "\u2022"}))


def _notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def _drop_template_slides(prs) -> None:
    sld_ids = prs.slides._sldIdLst
    for sld_id in list(sld_ids):
        prs.part.drop_rel(sld_id.rId)
        sld_ids.remove(sld_id)


def _reproducible(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite the zip with fixed member times so equal decks are equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


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
    if brand.deck_template is not None:
        prs = Presentation(str(brand.deck_template))
        _drop_template_slides(prs)
    else:
        prs = Presentation()
        prs.slide_width = Emu(layout.slide.width.emu)
        prs.slide_height = Emu(layout.slide.height.emu)
    writer = _Writer(prs, content, brand, layout, fonts)
    specs = plan_deck(content, brand.clinic.name, condition, minutes, title, presenter, date)
    seen: set[str] = set()
    for spec in specs:
        parts = writer.fit.paginate(spec) if spec.kind in ("bullets", "text") else [spec]
        for part in parts:
            title_text, n = part.title, 2
            while title_text in seen:
                title_text, n = f"{part.title} ({n})", n + 1
            seen.add(title_text)
            WRITERS[part.kind](writer, replace(part, title=title_text))
    when = dt.datetime.combine(content.meta.edition, dt.time())
    props = prs.core_properties
    props.title = title or (condition.title if condition else content.meta.title)
    props.author = brand.clinic.name
    props.subject = "Patient seminar: ketamine for chronic pain"
    props.keywords = "ketamine; chronic pain; patient education"
    props.language = content.meta.language
    props.created = props.modified = when
    props.last_modified_by = "handouts"
    props.revision = 1
    buf = io.BytesIO()
    prs.save(buf)
    return _reproducible(buf.getvalue(), when)
