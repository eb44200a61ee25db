"""What makes loose pages usable at a desk, and what needs the finished
page count: the canvas that holds its pages to the end (footers say "Page N
of M"; the booklet's printed contents give each section's page), the
running line of short title and leaflet code every page carries, and the
ruled space for notes that ends a handout."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ...libs import reportlab_canvas
from .tagging import Node, Tagger


class RunningLine:
    """The handout's short title and leaflet code, right-aligned at the top
    of every page's header in ``font`` at ``size`` points: an artifact, like
    the page numbers. ``texts`` are what it may say, longest first: the
    first that fits the ``column``. On later pages it sits beside the
    clinic's name (``name_width`` points) when both fit one line
    (``beside``), else on a line below it."""

    GAP = 12  # points kept between it and the clinic's name

    def __init__(self, texts: tuple[str, ...], font: str, size: float, colour,
                 name_width: float, column: float):
        self.font, self.size, self.colour = font, size, colour
        self.text, self.width = "", 0.0
        for text in texts:
            self.text, self.width = text, pdfmetrics.stringWidth(text, font, size)
            if self.width <= column:
                break
        self.beside = not self.text or name_width + self.GAP + self.width <= column

    def left_room(self, column: float) -> float:
        """What it leaves, on its line, of a ``column``-point line."""
        return column - self.width - self.GAP if self.text else column

    def room(self, column: float) -> float:
        """What it leaves of a later page's line for the clinic's name."""
        return self.left_room(column) if self.beside else column

    def name_size(self, name: str, font: str, size: float, column: float) -> float:
        """The size of the clinic's ``name`` in later pages' header: ``size``
        (the footer's), or smaller (down to 7 pt) until it fits its room."""
        room = self.room(column)
        while size > 7 and pdfmetrics.stringWidth(name, font, size) > room:
            size -= 0.5
        return size

    def draw(self, canv: Canvas, right: float, top: float) -> None:
        if not self.text:
            return
        canv.saveState()
        canv.setFont(self.font, self.size)
        canv.setFillColor(self.colour)
        canv.drawRightString(right, top - self.size, self.text)
        canv.restoreState()


class ContentsEntry(Flowable):
    """One line of the booklet's printed contents: the section's title
    (``title``, a paragraph showing ``tag``, a ``TOCI``'s content) and, at
    the column's right edge, the page its bookmark ``key`` lands on, drawn
    when the pages are finished (see :func:`numbered_canvas`)."""

    def __init__(self, key: str, title, number_style: ParagraphStyle):
        super().__init__()
        self.key, self.title, self.style = key, title, number_style
        self.number_width = pdfmetrics.stringWidth("000", number_style.fontName,
                                                   number_style.fontSize)

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        _, h = self.title.wrap(availWidth - self.number_width - 12, availHeight)
        self.width, self.height = availWidth, h
        return availWidth, h

    def getSpaceAfter(self):  # noqa: N802 - ReportLab's name
        return 2

    def drawOn(self, canv, x, y, _sW=0):  # noqa: N802 - ReportLab's name
        self.title.drawOn(canv, x, y)
        # The number sits on the title's last line.
        baseline = y + self.style.leading - self.style.fontSize
        canv.contents_numbers.append((canv.getPageNumber(), x + self.width, baseline,
                                      self.key, self.title.tag, self.style))


def _draw_numbers(canv, page: int, tagger: Tagger) -> None:
    """Page ``page``'s contents numbers, each marked as its entry's content."""
    for where, right, baseline, key, node, style in canv.contents_numbers:
        if where != page or key not in canv.bookmark_pages:
            continue
        with tagger.marked(canv, node):
            canv.saveState()
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            canv.drawRightString(right, baseline, str(canv.bookmark_pages[key]))
            canv.restoreState()


class PlaceMark(Flowable):
    """Draws nothing; remembers the page it lands on and the room the page
    had left there (the contact block's start: on the last page alone?)."""

    def __init__(self):
        super().__init__()
        self.width = self.height = 0
        self.page, self.room = 0, 0.0

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        self.page, self.room = self.canv.getPageNumber(), availHeight
        return 0, 0

    def draw(self) -> None:
        pass


class NotesSpace(Flowable):
    """A heading (``heading``, a paragraph tagged ``H2``) over ruled lines
    ``gap`` points apart for the care team to write on: at least ``least``
    lines, and as many more as the rest of the page holds (the last page is
    filled, never left a quarter used). Where they do not fit, they take the
    next page when it is the back of the same sheet, and are left out when
    they would start a sheet of their own. The rules are artifacts."""

    def __init__(self, heading, gap: float, least: int, colour):
        super().__init__()
        self.heading, self.gap, self.least, self.colour = heading, gap, least, colour
        self.lines = least
        self.page, self.room = 0, 0.0  # where it was laid out last, and the room it had

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        _, hh = self.heading.wrap(availWidth, availHeight)
        self.head_height, self.width = hh, availWidth
        self.page, self.room = self.canv.getPageNumber(), availHeight
        self.lines = max(self.least, int((availHeight - hh) // self.gap))
        self.height = hh + self.lines * self.gap
        if self.height > availHeight and self.canv.getPageNumber() % 2 == 0:
            self.lines = self.height = 0  # a sheet for a few lines: left out
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        return []  # on the next page, whole

    def drawOn(self, canv, x, y, _sW=0):  # noqa: N802 - ReportLab's name
        if not self.lines:
            return
        top = y + self.height
        self.heading.drawOn(canv, x, top - self.head_height)
        canv.saveState()
        canv.setStrokeColor(self.colour)
        canv.setLineWidth(0.6)
        for i in range(1, self.lines + 1):
            rule = top - self.head_height - i * self.gap
            canv.line(x, rule, x + self.width, rule)
        canv.restoreState()


def show_form(canv: Canvas, name: str, draw) -> None:
    """Show form ``name`` at the current origin, drawing it with ``draw``
    (a function of the canvas) the first time: what every page repeats is
    written once per file."""
    if name not in canv.forms_made:
        canv.beginForm(name)
        draw(canv)
        canv.endForm()
        canv.forms_made.add(name)
    canv.doForm(name)


def numbered_canvas(decor, tagger: Tagger) -> type[Canvas]:
    """A canvas class that holds each page until the end, so every footer
    can say "Page N of M" and the contents give each section's page, and
    marks its content for ``tagger``. ``decor`` is the
    :class:`.decor.PageDecor` that draws the footers."""

    class NumberedCanvas(reportlab_canvas.DeferredPagesCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.tagger = tagger
            self.forms_made: set[str] = set()
            self.bookmark_pages: dict[str, int] = {}
            self.contents_numbers: list[tuple] = []
            self.bookmarks_made: list[tuple] = []

        def bookmarkPage(self, key, *args, **kwargs):  # noqa: N802 - ReportLab's name
            # Made when the page is: ReportLab points a destination at the
            # page the document has reached, which a held page has not.
            self.bookmark_pages.setdefault(key, self.getPageNumber())
            self.bookmarks_made.append((self.getPageNumber(), key, args, kwargs))

        def drawText(self, aTextObject):  # noqa: N802, N803 - ReportLab's names
            super().drawText(aTextObject)
            self.tagger.after_text(self)

        def end_page(self, number: int, total: int) -> None:
            for page, key, args, kwargs in self.bookmarks_made:
                if page == number:
                    super().bookmarkPage(key, *args, **kwargs)
            self.tagger.resume(number - 1)
            decor.footer(self, number, total)
            _draw_numbers(self, number, self.tagger)
            self.tagger.end_page(self)

        def end_document(self, pages: list) -> None:
            self.tagger.finish(self, pages)

    return NumberedCanvas


__all__ = ["ContentsEntry", "Node", "NotesSpace", "PlaceMark", "RunningLine", "numbered_canvas", "show_form"]
