"""Printed handouts as PDF (ReportLab).

:func:`render_handout` is a pure function of (content, brand, layout, paper,
condition): it returns the PDF's bytes and writes nothing. Geometry and type
sizes come from the layout; colours, fonts and logo from the brand.
"""
from __future__ import annotations

import copy
import functools
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .brand import Brand
from .layouts import PageLayout, TextStyle
from .model import Condition, Content
from .pdf_fonts import FontSet, brand_fonts
from .text import format_date, markup

PAPERS = {"letter": LETTER, "a4": A4}


@dataclass(frozen=True)
class Sheet:
    """Where things go on a page, in points, from a layout and a paper size."""

    width: float
    height: float
    left: float  # left edge of the text column (header and footer align to it)
    column: float  # width of the text column
    layout: PageLayout

    @classmethod
    def of(cls, layout: PageLayout, paper: str, body_font: str) -> "Sheet":
        width, height = PAPERS[paper]
        m = layout.margins
        available = width - m.left - m.right
        limit = layout.max_line_chars * _average_char_width(body_font, layout.type.body.size)
        column = min(available, limit)
        return cls(width, height, max(m.left, (width - column) / 2), column, layout)


_SAMPLE = ("Ketamine blocks NMDA receptors in the brain. These receptors help carry pain "
           "signals, and many patients report relief that lasts for several weeks.")


def _average_char_width(font: str, size: float) -> float:
    """Mean advance width of English text in ``font`` at ``size``, in points."""
    return pdfmetrics.stringWidth(_SAMPLE, font, size) / len(_SAMPLE)


class _Para(Paragraph):
    """A Paragraph that remembers its line breaks per width.

    Copies made by :func:`_para` share that memory, so the same text laid out
    at the same width in the next handout (or the next site's) is not broken
    into lines again. Paragraphs that ReportLab splits across pages are plain
    copies with their own memory.
    """

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        cache = self.__dict__.get("_wraps")
        if cache is None:
            return super().wrap(availWidth, availHeight)
        hit = cache.get(availWidth)
        if hit is None:
            out = super().wrap(availWidth, availHeight)
            cache[availWidth] = (self._wrapWidths, self.blPara, self.height)
            return out
        self.width = availWidth
        self._wrapWidths, self.blPara, self.height = hit
        return availWidth, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        self.__dict__.pop("_wraps", None)  # the pieces are new text; don't share
        return super().split(availWidth, availHeight)


@functools.lru_cache(maxsize=8192)
def _prototype(text: str, style: ParagraphStyle, bullet: str | None) -> _Para:
    proto = _Para(text, style, bulletText=bullet)
    proto._wraps = {}
    return proto


def _para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph of ``text`` (markup) in ``style``, parsed once per process."""
    return copy.copy(_prototype(text, style, bullet))


@functools.lru_cache(maxsize=64)
def _styles(layout: PageLayout, colours, fonts: FontSet) -> "_Styles":
    """Paragraph styles, built once per (layout, colours, fonts) per process."""
    return _Styles(layout, colours, fonts)


class _Styles:
    """Paragraph styles built from the layout's type scale and the brand."""

    def __init__(self, layout: PageLayout, colours, fonts: FontSet):
        c = colours
        self.text = colors.HexColor(c.text)
        self.primary = colors.HexColor(c.primary)
        self.accent = colors.HexColor(c.accent)
        self.background = colors.HexColor(c.background)
        t = layout.type

        def style(name: str, ts: TextStyle, font: str, color=None, **kw) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=ts.size, leading=ts.leading,
                spaceBefore=ts.space_before, spaceAfter=ts.space_after,
                textColor=color or self.text, alignment=TA_LEFT, **kw)

        self.body = style("body", t.body, fonts.regular, allowWidows=0, allowOrphans=0)
        self.title = style("title", t.title, fonts.bold, self.primary, keepWithNext=1)
        self.subtitle = style("subtitle", t.subtitle, fonts.regular, keepWithNext=1)
        self.heading = style("heading", t.heading, fonts.bold, self.primary)
        self.question = style("question", t.question, fonts.bold, keepWithNext=1)
        self.box_heading = style("box_heading", t.box_heading, fonts.bold, self.primary,
                                 keepWithNext=1)
        indent = layout.box.bullet_indent
        self.bullet = style("bullet", t.body, fonts.regular, leftIndent=indent,
                            bulletIndent=0, bulletFontName=fonts.bold,
                            bulletFontSize=t.body.size)
        self.contact = style("contact", t.contact, fonts.regular)
        h, f = layout.header, layout.footer
        self.clinic_name = ParagraphStyle(
            "name", fontName=fonts.bold, fontSize=h.name_size, leading=h.name_size * 1.15,
            textColor=self.primary)
        self.tagline = ParagraphStyle(
            "tag", fontName=fonts.regular, fontSize=h.tagline_size,
            leading=h.tagline_size * 1.2, textColor=self.text)
        self.footer = ParagraphStyle("footer", fontName=fonts.regular, fontSize=f.size,
                                     leading=f.leading, textColor=self.text)
        self.caption = ParagraphStyle("caption", fontName=fonts.regular,
                                      fontSize=layout.qr.caption_size,
                                      leading=layout.qr.caption_size * 1.25, textColor=self.text)


class _Bookmark(Flowable):
    """A zero-size flowable that adds a PDF outline entry where it lands."""

    def __init__(self, key: str, title: str, level: int = 0):
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


def _tint(color: colors.Color, share: float, background: colors.Color) -> colors.Color:
    return colors.Color(*(share * a + (1 - share) * b
                          for a, b in zip(color.rgb(), background.rgb())))


@functools.lru_cache(maxsize=32)
def _logo(path) -> ImageReader:
    """The logo, decoded once per process."""
    return ImageReader(str(path))


class _Story:
    """Builds the flowables of a handout."""

    def __init__(self, content: Content, brand: Brand, layout: PageLayout, fonts: FontSet,
                 sheet: Sheet):
        self.content, self.brand, self.layout, self.fonts = content, brand, layout, fonts
        self.sheet = sheet
        self.s = _styles(layout, brand.colors, fonts)

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        return _para(markup(text, self.fonts), style)

    def heading(self, text: str, key: str | None = None) -> list[Flowable]:
        # A heading never ends a page: it needs room for itself and three lines.
        room = (self.s.heading.spaceBefore + self.s.heading.leading * 2
                + self.s.body.leading * 3)
        out: list[Flowable] = [CondPageBreak(room)]
        if key:
            out.append(_Bookmark(key, text))
        out.append(self.p(text, self.s.heading))
        return out

    def title(self, title: str, subtitle: str) -> list[Flowable]:
        out = [self.p(title, self.s.title)]
        if subtitle:
            out.append(self.p(subtitle, self.s.subtitle))
        return out

    def bullets(self, points) -> list[Flowable]:
        return [_para(markup(pt, self.fonts), self.s.bullet, "\u2022") for pt in points]

    def glance(self, heading: str, points) -> list[Flowable]:
        if not points:
            return []
        box = self.layout.box
        cell = [self.p(heading, self.s.box_heading), *self.bullets(points)]
        table = Table([[cell]], colWidths=[self.sheet.column])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # else Helvetica, unembedded
            ("BOX", (0, 0), (-1, -1), box.border_width, self.s.accent),
            ("BACKGROUND", (0, 0), (-1, -1), _tint(self.s.accent, box.tint, self.s.background)),
            ("LEFTPADDING", (0, 0), (-1, -1), box.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), box.padding),
            ("TOPPADDING", (0, 0), (-1, -1), box.padding * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), box.padding * 0.4),
        ]))
        return [table, Spacer(1, self.layout.type.body.space_after * 1.5)]

    def paragraphs(self, paras) -> list[Flowable]:
        return [self.p(t, self.s.body) for t in paras]

    def how_it_works(self, key: str | None = None, short: bool = False) -> list[Flowable]:
        """The introduction's "how it works" part; ``short`` keeps only its
        first paragraph (the mechanism), for one-sheet handouts."""
        intro = self.content.introduction
        return [*self.heading(intro.how_it_works_title, key),
                *self.paragraphs(intro.mechanism(short))]

    def faq(self, key: str | None = None) -> list[Flowable]:
        out = self.heading("Common questions", key)
        for entry in self.content.faq:
            out += [self.p(entry.question, self.s.question), self.p(entry.answer, self.s.body)]
        return out

    def contact(self, key: str | None = None) -> list[Flowable]:
        b = self.brand
        c = b.contact
        rows = [("Phone", c.phone), ("Address", c.address), ("Email", c.email),
                ("Website", c.website)]
        lines = [self.p("Ask us whether ketamine could help you. Bring this handout "
                        "to your visit.", self.s.body)]
        for label, value in rows:
            if value:
                lines.append(Paragraph(f"<b>{escape(label)}:</b> {markup(value, self.fonts)}",
                                       self.s.contact))
        qr_size = self.layout.qr.size
        qr = QRCode(b.qr_url, qr_size, colors.black)
        caption = self.p("Scan with your phone's camera to visit our website.", self.s.caption)
        text_width = self.sheet.column - qr_size - 12
        table = Table([[lines, [qr, caption]]], colWidths=[text_width, qr_size + 12])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 8),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ]))
        return [KeepTogether([*self.heading("Talk with your care team", key), table])]

    def tailored(self, cond: Condition) -> list[Flowable]:
        return [
            *self.title(cond.title, "Ketamine infusions: what patients should know"),
            *self.glance("At a glance", cond.key_points),
            *self.how_it_works(short=True),
            *self.heading(cond.section_heading),
            *self.paragraphs(cond.body),
            *self.faq(),
            *self.contact(),
        ]

    def overview(self) -> list[Flowable]:
        c = self.content
        intro = c.introduction
        out = [_Bookmark("top", c.meta.title),
               *self.title(c.meta.title, c.meta.subtitle),
               *self.glance("At a glance", intro.key_points),
               *self.heading(intro.title, "intro"),
               *self.paragraphs(intro.what_it_is),
               *self.how_it_works("how")]
        for cond in c.conditions:
            glance = self.glance(f"{cond.short_title}: at a glance", cond.key_points)
            out.append(KeepTogether([*self.heading(cond.title, cond.slug), *glance[:1]]))
            out += glance[1:]
            out += self.paragraphs(cond.body)
        out += [*self.heading(c.conclusion.title, "conclusion"),
                *self.paragraphs(c.conclusion.body),
                *self.faq("faq"), *self.contact("contact")]
        return out


@functools.lru_cache(maxsize=64)
def qr_modules(data: str) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The QR code for ``data``: its size in modules and its dark (row, col) cells.
    Computed once per process per URL."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    n = code.getModuleCount()
    return n, tuple((r, c) for r in range(n) for c in range(n) if code.isDark(r, c))


class QRCode(Flowable):
    """A QR code drawn as filled squares (no fonts, unlike ReportLab's widget,
    whose graphics state would name an unembedded Helvetica)."""

    QUIET_ZONE = 2  # modules of white around the code; the page is white too

    def __init__(self, data: str, size: float, color: colors.Color):
        super().__init__()
        self.count, self.modules = qr_modules(data)
        self.width = self.height = size
        self.color = color

    def draw(self) -> None:
        self.canv.setFillColor(self.color)
        self.canv.addLiteral(_qr_path(self.modules, self.count, self.width))


@functools.lru_cache(maxsize=64)
def _qr_path(modules: tuple[tuple[int, int], ...], count: int, size: float) -> str:
    """PDF path operators filling the dark modules of a ``size``-point QR code
    (built once per code and size: several hundred squares)."""
    step = size / (count + 2 * QRCode.QUIET_ZONE)
    ops = []
    for r, c in modules:
        x = (c + QRCode.QUIET_ZONE) * step
        y = size - (r + 1 + QRCode.QUIET_ZONE) * step
        ops.append(f"{x:.3f} {y:.3f} {step:.3f} {step:.3f} re")
    return "\n".join(ops) + "\nf"


class _PageDecor:
    """Draws the header on each page as it is made, and the footer (which
    needs the page count) on every page at the end."""

    def __init__(self, content: Content, brand: Brand, layout: PageLayout, fonts: FontSet,
                 sheet: Sheet):
        self.content, self.brand, self.layout, self.fonts, self.sheet = (
            content, brand, layout, fonts, sheet)
        self.styles = _styles(layout, brand.colors, fonts)

    def first_header(self, canv: Canvas, _doc) -> None:
        h = self.layout.header
        s, b = self.sheet, self.brand
        top = s.height - self.layout.margins.top
        logo = h.logo_size
        canv.saveState()
        canv.drawImage(_logo(b.logo), s.left, top - logo, logo, logo,
                       preserveAspectRatio=True, anchor="sw", mask="auto")
        x = s.left + logo + 12
        width = s.left + s.column - x
        name = _para(markup(b.clinic.name, self.fonts), self.styles.clinic_name)
        tagline = _para(markup(b.clinic.tagline, self.fonts), self.styles.tagline)
        _, nh = name.wrap(width, logo)
        _, th = tagline.wrap(width, logo) if b.clinic.tagline else (0, 0)
        y = top - logo / 2 + (nh + th) / 2
        name.drawOn(canv, x, y - nh)
        if b.clinic.tagline:
            tagline.drawOn(canv, x, y - nh - th)
        self._rule(canv, top - h.first_height + h.rule_width + 4)
        canv.restoreState()

    def later_header(self, canv: Canvas, _doc) -> None:
        h = self.layout.header
        s = self.sheet
        top = s.height - self.layout.margins.top
        size = self.layout.footer.size
        canv.saveState()
        canv.setFont(self.fonts.bold, size)
        canv.setFillColor(self.styles.primary)
        canv.drawString(s.left, top - size, self.brand.clinic.name)
        self._rule(canv, top - h.later_height + h.rule_width + 4)
        canv.restoreState()

    def _rule(self, canv: Canvas, y: float) -> None:
        canv.setStrokeColor(self.styles.accent)
        canv.setLineWidth(self.layout.header.rule_width)
        canv.line(self.sheet.left, y, self.sheet.left + self.sheet.column, y)

    def footer(self, canv: Canvas, page: int, pages: int) -> None:
        f = self.layout.footer
        s = self.sheet
        meta = self.content.meta
        style = self.styles.footer
        bottom = self.layout.margins.bottom
        canv.saveState()
        canv.setStrokeColor(self.styles.text)
        canv.setLineWidth(0.5)
        canv.line(s.left, bottom + f.height, s.left + s.column, bottom + f.height)
        reviewed = format_date(meta.reviewed_on or meta.edition)
        status = _para(
            f"Reviewed {escape(reviewed)}<font name='{self.fonts.bold}'>"
            f"&nbsp;&nbsp;·&nbsp;&nbsp;Page {page} of {pages}</font>", style)
        disclaimer = _para(markup(self.brand.disclaimer, self.fonts), style)
        _, sh = status.wrap(s.column, f.height)
        status.drawOn(canv, s.left, bottom)
        _, dh = disclaimer.wrap(s.column, f.height)
        disclaimer.drawOn(canv, s.left, bottom + sh + 2)
        canv.restoreState()


def _canvas_class(decor: _PageDecor):
    class NumberedCanvas(Canvas):
        """Holds each page until the end so the footer can say "Page N of M"."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                decor.footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable):  # noqa: N802 - ReportLab's name
        if isinstance(flowable, _Bookmark):
            self.canv.showOutline()


def render_handout(content: Content, brand: Brand, layout: PageLayout, paper: str | None = None,
                   condition: Condition | None = None) -> bytes:
    """Return a handout as PDF bytes.

    With ``condition`` the handout is tailored to it; with ``None`` it is the
    overview booklet of every condition, with PDF bookmarks for each section.
    ``paper`` is ``"letter"`` or ``"a4"`` (default: the brand's). The same
    arguments always give the same bytes.
    """
    paper = paper or brand.paper
    fonts = brand_fonts(brand)
    sheet = Sheet.of(layout, paper, fonts.regular)
    decor = _PageDecor(content, brand, layout, fonts, sheet)
    story = _Story(content, brand, layout, fonts, sheet)
    m, h = layout.margins, layout.header
    text_bottom = m.bottom + layout.footer.height + 8

    def frame(header_height: float, fid: str) -> Frame:
        top = sheet.height - m.top - header_height
        return Frame(sheet.left, text_bottom, sheet.column, top - text_bottom, id=fid,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    title = content.meta.title if condition is None else f"{condition.title}: {content.meta.title}"
    subject = ("Patient education booklet" if condition is None
               else f"Patient education about ketamine: {condition.short_title}")
    keywords = ["ketamine", "chronic pain", "patient education",
                *([condition.short_title] if condition else [c.short_title for c in content.conditions])]
    buf = io.BytesIO()
    doc = _Doc(
        buf, pagesize=(sheet.width, sheet.height), title=title, author=brand.clinic.name,
        subject=subject, keywords=keywords, creator=f"handouts {_version()}",
        producer="handouts (ReportLab)", lang=content.meta.language, displayDocTitle=1,
        invariant=1, duplex="DuplexFlipLongEdge", initialFontName=fonts.regular,
        leftMargin=sheet.left, rightMargin=sheet.width - sheet.left - sheet.column,
        topMargin=m.top, bottomMargin=m.bottom,
    )
    first = PageTemplate("first", [frame(h.first_height, "first")], onPage=decor.first_header,
                         autoNextPageTemplate="later")
    later = PageTemplate("later", [frame(h.later_height, "later")], onPage=decor.later_header)
    doc.addPageTemplates([first, later])
    flowables = story.overview() if condition is None else story.tailored(condition)
    doc.build(flowables, canvasmaker=_canvas_class(decor))
    return buf.getvalue()


def _version() -> str:
    from . import __version__

    return __version__
