"""What every page carries around the text: the clinic's header, and a footer
with the disclaimer, the review date and "Page N of M"."""
from __future__ import annotations

import functools
import math

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ...inputs.brand import Brand
from ...inputs.layouts import MIN_MARGIN, PageLayout
from ...inputs.model import Content
from ...inputs.review import ReviewState
from ...libs import reportlab_canvas
from ..escape import escape
from ..fonts import FontSet
from ..images import logo
from ..wording import review_line, review_mark, say
from .styles import hyphenation, markup, para, styles_for, tint
from .pages import RunningLine, show_form as _show_form
from .tagging import Node
from ..typeset import keep_numbers_together, keep_phrases

FOOTER_GAP = 2  # points between the disclaimer and the status line
MARK_COLOUR = colors.HexColor("#B03A2E")  # the draft mark: red, ...
MARK_ALPHA = 0.16  # ...light enough that the text over it reads as before
MARK_SPAN = 0.8  # share of the page's diagonal the mark spans
MARK_MAX_SIZE = 54  # points
# The band at the top of a draft's every page: white bold text on a fill dark
# enough to survive black-and-white printing and photocopying (about 23 %
# grey; 10:1 against its white text).
BAND_FILL = colors.HexColor("#7F1D1D")
BAND_PADDING = 0.15  # of the band's text size, above and below the text
BAND_GAP = 1  # points between the band and the header below it


@functools.lru_cache(maxsize=32)
def _logo(path) -> reportlab_canvas.DrawnImage:
    """The logo, decoded once per process (scaled down if it is huge)."""
    return reportlab_canvas.picture(logo(path).data)


class PageDecor:
    """Draws the header on each page as it is made, and the footer (which
    needs the page count) on every page at the end. ``left`` and ``column``
    are the text column's left edge and width, in points."""

    def __init__(self, content: Content, brand: Brand, layout: PageLayout, fonts: FontSet,
                 page_size: tuple[float, float], left: float, column: float,
                 review: ReviewState, root: Node, running: tuple[str, ...] = ()):
        self.content, self.brand, self.layout, self.fonts = content, brand, layout, fonts
        # Page 1's header is content, first in reading order: the logo, the
        # clinic's name and its tagline. Later headers are artifacts.
        self.root = root
        self.logo_node = root.add("Figure", alt=say("logo.alt", clinic=brand.clinic.name))
        self.name_node = root.add("P")
        self.tagline_node = root.add("P")
        self.review = review
        self.page_width, page_height = page_size
        self.page_height, self.left, self.column = page_height, left, column
        self.styles = styles_for(layout, brand.colors, fonts,
                                 hyphenation(content.meta.language, layout.hyphenate))
        self.pages = 0  # set when the footers are drawn
        # The short title and leaflet code, top right of every page.
        self.running = RunningLine(running, fonts.regular, layout.footer.size, self.styles.text,
                                   pdfmetrics.stringWidth(brand.clinic.name, fonts.bold,
                                                          layout.footer.size), column)

    @functools.cached_property
    def band_top(self) -> float:
        """How far below the page's top edge a draft's band begins, in
        points: in the top margin as far as the narrowest margin allowed
        (:data:`MIN_MARGIN`), else at the margin."""
        m = self.layout.margins.top
        return max(min(MIN_MARGIN, m), m - self._band_height - BAND_GAP)

    @functools.cached_property
    def band_space(self) -> float:
        """How far a draft's band pushes the header and the text down, in
        points: what the top margin cannot hold of it (0 for an approved
        edition: its pages are as they were)."""
        if not review_mark(self.review):
            return 0.0
        return max(0.0, self.band_top + self._band_height + BAND_GAP - self.layout.margins.top)

    @property
    def _band_style(self) -> ParagraphStyle:
        return self.styles.band

    def _band_para(self):
        return para(markup(review_mark(self.review), self.fonts), self._band_style)

    @functools.cached_property
    def _band_height(self) -> float:
        pad = BAND_PADDING * self._band_style.fontSize
        _, h = self._band_para().wrap(self.column - 2 * pad, self.page_height)
        return h + 2 * pad

    def _band(self, canv: Canvas, index: int) -> None:
        """At the top of an unapproved edition's page ``index`` (from 0): a
        solid band, the width of the text column, saying it is a draft in
        white bold text at the body's size. The first thing a screen reader
        reads on the page: a paragraph of its own (the fill is an artifact)."""
        if not review_mark(self.review):
            return
        pad = BAND_PADDING * self._band_style.fontSize
        top = self.page_height - self.band_top
        canv.saveState()
        canv.setFillColor(BAND_FILL)
        canv.rect(self.left, top - self._band_height, self.column, self._band_height,
                  stroke=0, fill=1)
        band = self._band_para()
        _, h = band.wrap(self.column - 2 * pad, self.page_height)
        band.tag = canv.tagger.band(index)
        band.drawOn(canv, self.left + pad, top - pad - h)
        canv.restoreState()

    @functools.cached_property
    def footer_height(self) -> float:
        """Height of the footer band above the bottom margin, in points: the
        layout's, or more when the brand's disclaimer needs more lines."""
        _, status_h = self._status(1, 1).wrap(self.column, self.page_height)
        _, disclaimer_h = self._disclaimer().wrap(self.column, self.page_height)
        return max(self.layout.footer.height, status_h + FOOTER_GAP + disclaimer_h)

    @functools.cached_property
    def _name_block(self):
        """(name, tagline or None, their heights, the space above them): the
        clinic's name and tagline for page 1, the name set smaller, down to
        the tagline's size, until both fit in the header band above its rule
        (below the running line, where they would reach it; the band grows
        by :attr:`first_extra` where even the smallest size does not fit)."""
        h, b = self.layout.header, self.brand
        width = self.column - h.logo_size - 12
        room = h.first_height - h.rule_width - 8
        tagline = para(markup(b.clinic.tagline, self.fonts), self.styles.tagline) \
            if b.clinic.tagline else None
        th = tagline.wrap(width, room)[1] if tagline else 0
        size = h.name_size
        while True:
            style = self.styles.clinic_name
            if size != h.name_size:
                style = ParagraphStyle(f"name{size}", parent=style, fontSize=size,
                                       leading=size * 1.15)
            name = para(markup(b.clinic.name, self.fonts), style)
            nh = name.wrap(width, room)[1]
            reach = max(name.ink_width(), tagline.ink_width() if tagline else 0)
            above = self.layout.footer.leading \
                if h.logo_size + 12 + reach > self.running.left_room(self.column) else 0
            if nh + th + above <= room or size <= h.tagline_size:
                return name, tagline, nh, th, above
            size -= 1

    def first_header(self, canv: Canvas, _doc) -> None:
        """Page 1: logo, clinic name and tagline over an accent rule."""
        h = self.layout.header
        b = self.brand
        top = self.page_height - self.layout.margins.top - self.band_space
        logo = h.logo_size
        canv.tagger.start_page(canv, 0)
        self._review_mark(canv)
        self._band(canv, 0)
        canv.saveState()
        with canv.tagger.marked(canv, self.logo_node):
            _logo(b.logo).draw(canv, self.left, top - logo, logo, logo)
        x = self.left + logo + 12
        name, tagline, nh, th, above = self._name_block
        name.tag = self.name_node
        if tagline is not None:
            tagline.tag = self.tagline_node
        # Centred on the logo, never above the top margin nor beside the running line.
        y = min(top - above, top - logo / 2 + (nh + th) / 2)
        self.running.draw(canv, self.left + self.column, top)
        name.drawOn(canv, x, y - nh)
        if tagline is not None:
            tagline.drawOn(canv, x, y - nh - th)
        self._rule(canv, top - h.first_height - self.first_extra + h.rule_width + 4)
        canv.restoreState()

    @functools.cached_property
    def first_extra(self) -> float:
        """Points page 1's header band grows by to hold the running line over
        a clinic's name too long to fit beside it (0 for most)."""
        h = self.layout.header
        _, _, nh, th, above = self._name_block
        return max(0.0, nh + th + above - (h.first_height - h.rule_width - 8))

    @functools.cached_property
    def _running_name(self):
        """The clinic's name's size in later pages' header (see
        :meth:`.pages.RunningLine.name_size`)."""
        return self.running.name_size(self.brand.clinic.name, self.fonts.bold,
                                      self.layout.footer.size, self.column)

    def later_header(self, canv: Canvas, _doc) -> None:
        """Later pages: the clinic's name over an accent rule (an artifact,
        drawn once per file as a form: a later page then carries no site's
        details of its own, and every site's copy of it is the same)."""
        canv.tagger.start_page(canv, canv.getPageNumber() - 1)
        self._review_mark(canv)
        self._band(canv, canv.getPageNumber() - 1)
        _show_form(canv, "LaterHeader", self._draw_later_header)

    @functools.cached_property
    def _later_name(self):
        """(the clinic's name as a paragraph of two lines or None for one
        line, its height) in later pages' header."""
        size, room = self._running_name, self.running.room(self.column)
        if pdfmetrics.stringWidth(self.brand.clinic.name, self.fonts.bold, size) <= room:
            return None, size * 1.15
        style = ParagraphStyle("running", parent=self.styles.clinic_name, fontSize=size,
                               leading=size * 1.15)
        name = para(markup(self.brand.clinic.name, self.fonts), style)
        return name, name.wrap(room, self.layout.header.later_height)[1]

    @functools.cached_property
    def later_extra(self) -> float:
        """Points later pages' header grows by to hold the running line
        below the clinic's name (0 when it fits beside it)."""
        if self.running.beside:
            return 0.0
        h = self.layout.header
        needed = self._later_name[1] + self.layout.footer.leading + h.rule_width + 4
        return max(0.0, needed - h.later_height)

    def _draw_later_header(self, canv: Canvas) -> None:
        h = self.layout.header
        top = self.page_height - self.layout.margins.top - self.band_space
        name, nh = self._later_name
        self.running.draw(canv, self.left + self.column,
                          top if self.running.beside else top - nh)
        canv.saveState()
        if name is None:
            canv.setFont(self.fonts.bold, self._running_name)
            canv.setFillColor(self.styles.primary)
            canv.drawString(self.left, top - self._running_name, self.brand.clinic.name)
        else:  # too long for one line even at 7 pt: two lines
            name.drawOn(canv, self.left, top - nh)
        self._rule(canv, top - h.later_height - self.later_extra + h.rule_width + 4)
        canv.restoreState()

    def _review_mark(self, canv: Canvas) -> None:
        """Across an unapproved edition's page, under the text: a large, light
        diagonal "DRAFT — not yet approved for patients" (drawn once, as a
        form every page shows)."""
        if review_mark(self.review):
            _show_form(canv, "ReviewMark", self._draw_review_mark)

    def _draw_review_mark(self, canv: Canvas) -> None:
        mark = review_mark(self.review)
        w, h = self.page_width, self.page_height
        angle = math.degrees(math.atan2(h, w))
        size = min(MARK_MAX_SIZE, MARK_SPAN * math.hypot(w, h)
                   / pdfmetrics.stringWidth(mark, self.fonts.bold, 1))
        canv.saveState()
        # Under everything else, on the page's own colour: mixed into it, it
        # looks as a transparent mark would, with no transparency to print.
        canv.setFillColor(tint(MARK_COLOUR, MARK_ALPHA, self.styles.background))
        canv.setFont(self.fonts.bold, size)
        canv.translate(w / 2, h / 2)
        canv.rotate(angle)
        canv.drawCentredString(0, -size / 3, mark)
        canv.restoreState()

    def _rule(self, canv: Canvas, y: float) -> None:
        canv.setStrokeColor(self.styles.accent)
        canv.setLineWidth(self.layout.header.rule_width)
        canv.line(self.left, y, self.left + self.column, y)

    def _status(self, page: int, pages: int):
        # Dates do not break inside ("November 1, / 2027"), nor "Next review" from its date.
        review = escape(keep_phrases(keep_numbers_together(review_line(self.review))))
        if not self.review.approved:
            review = f"<font name='{self.fonts.bold}'>{review}</font>"
        number = escape(say("footer.page", page=page, pages=pages)).replace(" ", "&nbsp;")
        return para(f"{review}<font name='{self.fonts.bold}'>"
                    f"&nbsp;&nbsp;·&nbsp;&nbsp;{number}</font>", self.styles.footer)

    def _status_line(self, canv: Canvas, page: int, pages: int) -> bool:
        """Draw the status line of page ``page`` as one line of text, where
        :meth:`_status`'s paragraph would put it; ``False`` (nothing drawn)
        when it needs two lines."""
        f = self.styles.footer
        review = keep_phrases(keep_numbers_together(review_line(self.review)))
        head = self.fonts.regular if self.review.approved else self.fonts.bold
        tail = "\u00a0\u00a0·\u00a0\u00a0" + say("footer.page", page=page,
                                                 pages=pages).replace(" ", "\u00a0")
        width = (pdfmetrics.stringWidth(review, head, f.fontSize)
                 + pdfmetrics.stringWidth(" " + tail, self.fonts.bold, f.fontSize))
        if width > self.column:
            return False
        text = canv.beginText(self.left, self.layout.margins.bottom + f.leading - f.fontSize)
        text.setFillColor(f.textColor)
        text.setFont(head, f.fontSize)
        text.textOut(review)
        text.setFont(self.fonts.bold, f.fontSize)
        text.textOut(tail)
        canv.drawText(text)
        return True

    def _disclaimer(self):
        return para(markup(self.brand.disclaimer, self.fonts), self.styles.footer)

    def footer(self, canv: Canvas, page: int, pages: int) -> None:
        """The footer of page ``page`` of ``pages``: a rule, the disclaimer,
        then the review date and page number on the last line."""
        bottom = self.layout.margins.bottom
        self.pages = pages
        canv.saveState()
        canv.setStrokeColor(self.styles.text)
        canv.setLineWidth(0.5)
        top = bottom + self.footer_height
        canv.line(self.left, top, self.left + self.column, top)
        if page > 1 and self._status_line(canv, page, pages):
            # An artifact on one line: drawn directly, as the paragraph would.
            canv.translate(self.left, bottom + self.styles.footer.leading + FOOTER_GAP)
            _show_form(canv, "Disclaimer", self._draw_disclaimer)
            canv.restoreState()
            return
        status = self._status(page, pages)
        _, sh = status.wrap(self.column, self.footer_height)
        y = bottom + sh + FOOTER_GAP
        disclaimer = None
        if page == 1:
            # Read once, after the text: the disclaimer and the review state
            # (a screen reader must hear that a draft is a draft). Later
            # pages' footers are artifacts, the disclaimer drawn once as a form.
            disclaimer = self._disclaimer()
            disclaimer.tag = self.root.add("P")
            status.tag = self.root.add("P")
        status.drawOn(canv, self.left, bottom)
        if disclaimer is not None:
            disclaimer.wrap(self.column, self.footer_height)
            disclaimer.drawOn(canv, self.left, y)
        else:
            canv.translate(self.left, y)
            _show_form(canv, "Disclaimer", self._draw_disclaimer)
        canv.restoreState()

    def _draw_disclaimer(self, canv: Canvas) -> None:
        """The disclaimer with its bottom-left corner at the origin."""
        disclaimer = self._disclaimer()
        disclaimer.wrap(self.column, self.footer_height)
        disclaimer.drawOn(canv, 0, 0)

