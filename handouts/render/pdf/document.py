"""Assembling a handout: page geometry, page templates, metadata, bytes."""
from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ... import __version__
from ...errors import RenderError
from ...inputs.brand import Brand
from ...inputs.clinic import ClinicInfo
from ...inputs.layouts import PageLayout
from ...inputs.model import Content
from ...inputs.review import ReviewState
from ...inputs.signoff import printed_state
from ...inputs.target import Target
from .. import Rendered
from ..fonts import brand_fonts
from ..wording import say, speaking
from ..leaflet import leaflet_code
from .decor import PageDecor
from .flowables import Bookmark
from .pages import numbered_canvas
from .story import Story
from .tagging import Tagger

PAPERS = {"letter": LETTER, "a4": A4}


FRAME_GAP = 8  # points between the text frame and the footer rule
_SAMPLE = ("Ketamine blocks NMDA receptors in the brain. These receptors help carry pain "
           "signals, and many patients report relief that lasts for several weeks.")


@dataclass(frozen=True)
class Sheet:
    """Where the text column goes on a page, in points."""

    width: float
    height: float
    left: float  # left edge of the text column (header and footer align to it)
    column: float  # width of the text column

    @classmethod
    def of(cls, layout: PageLayout, paper: str, body_font: str) -> Sheet:
        """The sheet for ``paper``: the column is the space between the
        margins, narrowed (and centred) to ``layout.max_line_chars`` average
        characters of body text."""
        width, height = PAPERS[paper]
        m = layout.margins
        available = width - m.left - m.right
        average = _average_width(body_font, layout.type.body.size)
        column = min(available, layout.max_line_chars * average)
        # (float: a Length kept in a frame would not survive ReportLab's deep copies)
        return cls(width, height, max(float(m.left), (width - column) / 2), column)


@functools.lru_cache(maxsize=64)
def _average_width(font: str, size: float) -> float:
    """The average width of a letter of running text, in points."""
    return pdfmetrics.stringWidth(_SAMPLE, font, size) / len(_SAMPLE)


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable):
        if isinstance(flowable, Bookmark):
            self.canv.showOutline()


def render_handout(content: Content, brand: Brand, layout: PageLayout, target: Target,
                   paper: str | None = None, review: ReviewState | None = None,
                   clinic: ClinicInfo | None = None,
                   languages: tuple[str, ...] = ()) -> Rendered:
    """A handout as PDF bytes, with its page count.

    ``target`` is one condition (its handout) or the whole edition (the
    overview booklet, with a PDF bookmark per section). ``paper`` is
    ``"letter"`` or ``"a4"`` (default: the brand's). The same arguments
    always give the same bytes. ``review`` is the edition's review state
    (default: as its approval stands, whatever the day); anything but an
    approval marks every page as a draft and never prints "Reviewed".
    ``clinic`` is the clinic's own file: its filled sections print in a box
    headed as the clinic's. ``languages`` are those the build or project
    makes handouts in: the handout's last lines say which others there are.
    Every page carries the short title and the leaflet code. Raises
    :class:`~handouts.errors.RenderError` for text no font can draw. Its
    fixed wording is in the content's language.
    """
    with speaking(content.meta.language):
        return _render_handout(content, brand, layout, target, paper, review, clinic,
                               languages)


# A last page holding less than this share of a page (before the notes
# space) is pulled back when that saves a sheet; spacing is then this share
# of the layout's (type sizes and leading stay as they are).
PULL_BACK_BELOW = 1 / 3
TIGHT_SPACING = 0.5


def tightened(layout: PageLayout) -> PageLayout:
    """``layout`` with the space before and after every text style, and
    its boxes' padding, cut to :data:`TIGHT_SPACING` of the layout's."""
    t = layout.type
    squeezed = {name: getattr(t, name).model_copy(update={
        "space_before": getattr(t, name).space_before * TIGHT_SPACING,
        "space_after": getattr(t, name).space_after * TIGHT_SPACING})
        for name in type(t).model_fields}
    box = layout.box.model_copy(update={"padding": layout.box.padding * TIGHT_SPACING ** 0.5})
    return layout.model_copy(update={"type": t.model_copy(update=squeezed), "box": box})


def _render_handout(content: Content, brand: Brand, layout: PageLayout, target: Target,
                    paper: str | None, review: ReviewState | None,
                    clinic: ClinicInfo | None, languages: tuple[str, ...]) -> Rendered:
    """The handout; when its last page is the front of a sheet and holds
    under a third of a page before the notes space, set again with tighter
    spacing, kept if that makes a page fewer (no sheet for a quarter page)."""
    args = (content, brand, layout, target, paper, review, clinic, languages)
    rendered, story, height = _build(*args)
    notes, contact = story.notes_space, story.contact_mark
    if notes is None or not notes.lines or notes.page % 2 == 0 or notes.page == 1:
        return rendered
    alone = contact.page == notes.page and contact.room >= height - 1  # the page's first
    if not alone and height - notes.room >= PULL_BACK_BELOW * height:
        return rendered
    tight, _, _ = _build(content, brand, tightened(layout), *args[3:])
    return tight if tight.pages < rendered.pages else rendered


def _build(content: Content, brand: Brand, layout: PageLayout, target: Target,
           paper: str | None, review: ReviewState | None,
           clinic: ClinicInfo | None, languages: tuple[str, ...]):
    """(the handout, its story as laid out, a later page's text height)."""
    paper = paper or brand.paper
    condition = target.condition(content)
    fonts = brand_fonts(brand)
    sheet = Sheet.of(layout, paper, fonts.regular)
    review = review or printed_state(content, clinic, None)
    if condition is None:
        title, subject = content.meta.title, say("pdf.subject.booklet")
        topics = [c.short_title for c in content.conditions]
        short = say("leaflet.booklet")
    else:
        title = say("pdf.title", condition=condition.title, edition=content.meta.title)
        subject = say("pdf.subject.condition", topic=condition.short_title)
        topics = [condition.short_title]
        short = condition.short_title
    code = leaflet_code(content, target.slug, layout.name)
    running = (say("leaflet.running", title=short, code=code), say("leaflet.code", code=code))
    tagger = Tagger(content.meta.language, title)
    decor = PageDecor(content, brand, layout, fonts, (sheet.width, sheet.height), sheet.left,
                      sheet.column, review, tagger.root, running)
    if layout.story == "summary":  # one condition's one sheet: its own order
        from .summary import SummaryStory, summary_clinic

        if condition is None:
            raise RenderError(f"the {layout.name} layout is one condition's summary; give a "
                              "condition, not the whole edition")
        subject = say("pdf.subject.summary", topic=condition.short_title)
        story = SummaryStory(content, brand, layout, fonts, sheet.column,
                             summary_clinic(clinic), tagger.root, languages)
    else:
        story = Story(content, brand, layout, fonts, sheet.column, clinic, tagger.root,
                      languages)
    m, h = layout.margins, layout.header
    text_bottom = m.bottom + decor.footer_height + FRAME_GAP

    def frame(header_height: float, fid: str) -> Frame:
        top = sheet.height - m.top - decor.band_space - header_height
        return Frame(sheet.left, text_bottom, sheet.column, top - text_bottom, id=fid,
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    buf = io.BytesIO()
    doc = _Doc(
        buf, pagesize=(sheet.width, sheet.height), title=title, author=brand.clinic.name,
        subject=subject, keywords=[*say("keywords").split("; "), *topics],
        creator=f"handouts {__version__}", producer="handouts (ReportLab)",
        lang=content.meta.language, displayDocTitle=1, invariant=1,
        duplex="DuplexFlipLongEdge", initialFontName=fonts.regular,
        leftMargin=sheet.left, rightMargin=sheet.width - sheet.left - sheet.column,
        topMargin=m.top, bottomMargin=m.bottom,
    )
    first = PageTemplate("first", [frame(h.first_height + decor.first_extra, "first")],
                         onPage=decor.first_header,
                         autoNextPageTemplate="later")
    later_frame = frame(h.later_height + decor.later_extra, "later")
    later = PageTemplate("later", [later_frame], onPage=decor.later_header)
    doc.addPageTemplates([first, later])
    if layout.story == "summary":
        flowables = story.summary(condition)
    else:
        flowables = story.overview() if condition is None else story.tailored(condition)
    doc.build(flowables, canvasmaker=numbered_canvas(decor, tagger))
    if layout.max_pages is not None and decor.pages > layout.max_pages:
        from .summary import overflow

        raise overflow(content, story.clinic, condition, layout, paper, decor.pages)
    return Rendered(buf.getvalue(), pages=decor.pages), story, later_frame.height
