"""ReportLab's canvas: what the tagged PDF and the footers need from it, and
the logo made ready once.

**Adapters (always on).** Tagging numbers marked content by where it stands
in a page's operator list (:func:`operator_count`), links its annotations
by the name ReportLab gives each (:func:`last_annotation_name`), and adds
entries of its own to pages and the catalog (:func:`document`,
:func:`add_page_entries`). :class:`DeferredPagesCanvas` holds each page
until the end, so every footer can say "Page N of M" (ReportLab's own
recipe, through its ``_startPage``), and writes text lines that end in a
space (:class:`SpacedLines`). :func:`missing` names whatever of this a
ReportLab release no longer has; :func:`handouts.libs.require` refuses to
run then, naming it.

**logo.** ReportLab's ``drawImage`` hashes an image's pixels and compresses
them again for each document: for a logo, 3 % of a handout. :class:`Picture`
makes its name (that same hash) and its image object once; a document gets
a copy of the object. What is written is what ``drawImage`` writes
(``preserveAspectRatio=True, anchor="sw", mask="auto"``); with the speed-up
off, :func:`picture` gives a :class:`DrawnImage`, which calls ``drawImage``.
"""
from __future__ import annotations

import copy
import io

from reportlab.lib.boxstuff import aspectRatioFix
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from . import enabled

# What the adapters use: (owner, attribute).
USED = ((Canvas, "_startPage"), (Canvas, "_setXObjects"), (Canvas, "addLiteral"),
        (PDFTextObject, "_textOut"), (pdfdoc.PDFDocument, "refAnnotation"),
        (pdfdoc.PDFPage, "__NoDefault__"))


def missing() -> list[str]:
    """What the adapters use that the installed ReportLab lacks."""
    out = [f"{owner.__name__}.{name}" for owner, name in USED if not hasattr(owner, name)]
    canvas = Canvas(io.BytesIO())
    out += [f"Canvas().{name}" for name in ("_code", "_doc", "_annotationCount")
            if not hasattr(canvas, name)]
    return out


def operator_count(canv: Canvas) -> int:
    """How many operators the current page (or form) holds so far."""
    return len(canv._code)


def operators(canv: Canvas) -> list[str]:
    """The current page's (or form's) operator list, to extend directly."""
    return canv._code


def document(canv: Canvas) -> pdfdoc.PDFDocument:
    """The PDF document ``canv`` writes."""
    return canv._doc


def last_annotation_name(canv: Canvas) -> str:
    """The name ReportLab gave the last annotation made on ``canv``
    (``linkURL`` names each after its running count)."""
    return "NUMBER" + repr(canv._annotationCount)


def add_page_entries(page: pdfdoc.PDFPage, **entries) -> None:
    """Write ``entries`` into page object ``page``'s dictionary (ReportLab
    writes only the attributes a page lists as not its defaults)."""
    page.__NoDefault__ = [*page.__NoDefault__, *entries]
    for key, value in entries.items():
        setattr(page, key, value)


class SpacedLines(PDFTextObject):
    """Text whose every line ends with a space, as a word processor writes
    it: text taken from the page (a screen reader's, a copy and paste) then
    keeps the last word of a line apart from the next line's first. The
    space draws nothing. A line ending in a soft hyphen continues its word
    on the next line, and gets none."""

    def _textOut(self, text, TStar=0):  # noqa: N803 - ReportLab's names
        super()._textOut(text + " " if TStar and not text.endswith("\u00ad") else text, TStar)


class DeferredPagesCanvas(Canvas):
    """A canvas that holds each page until :meth:`save`, then calls
    :meth:`end_page` on each (its number and the page count known) and
    :meth:`end_document` with ReportLab's page objects. Its text objects
    are :class:`SpacedLines`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def beginText(self, x=0, y=0, direction=None):  # noqa: N802
        return SpacedLines(self, x, y, direction=direction)

    def end_page(self, number: int, total: int) -> None:
        """Draw what page ``number`` of ``total`` needs the count for."""

    def end_document(self, pages: list) -> None:
        """After the last page: ``pages`` are ReportLab's page objects."""

    def save(self):
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.end_page(number, total)
            super().showPage()
        self.end_document(self._doc.Pages.pages)
        super().save()


class DrawnImage:
    """An image drawn with ReportLab's own ``drawImage``."""

    def __init__(self, data: bytes):
        self.reader = ImageReader(io.BytesIO(data))

    def draw(self, canv: Canvas, x: float, y: float, width: float, height: float) -> None:
        """Draw the image fitted into the box (points) at ``x``, ``y``, its
        lower left corner there, in proportion."""
        canv.drawImage(self.reader, x, y, width, height, mask="auto",
                       preserveAspectRatio=True, anchor="sw")


class Picture(DrawnImage):
    """An image made ready once per process for every document that shows
    it (see the module's docstring)."""

    def __init__(self, data: bytes):
        super().__init__(data)
        reader = self.reader
        pixels = reader.getRGBData()
        alpha = reader._dataA  # known once the pixels are read
        self.name = _digester(pixels + (alpha.getRGBData() if alpha else b"auto"))
        self.xobject = pdfdoc.PDFImageXObject(self.name, reader, mask="auto")
        self.xobject.name = self.name

    def draw(self, canv: Canvas, x: float, y: float, width: float, height: float) -> None:
        canv._currentPageHasImages = 1
        doc = canv._doc
        registered = doc.getXObjectName(self.name)
        if registered not in doc.idToObject:
            obj = copy.copy(self.xobject)
            canv._setXObjects(obj)
            doc.Reference(obj, registered)
            doc.addForm(self.name, obj)
            smask = getattr(obj, "_smask", None)
            if smask:
                smask = copy.copy(smask)
                mask_name = doc.getXObjectName(smask.name)
                if mask_name not in doc.idToObject:
                    canv._setXObjects(smask)
                    obj.smask = doc.Reference(smask, mask_name)
                else:
                    obj.smask = pdfdoc.PDFObjectReference(mask_name)
                del obj._smask
        x, y, width, height, _ = aspectRatioFix(True, "sw", x, y, width, height,
                                                self.xobject.width, self.xobject.height)
        canv.saveState()
        canv.translate(x, y)
        canv.scale(width, height)
        canv._code.append(f"/{registered} Do")
        canv.restoreState()
        canv._formsinuse.append(self.name)


def picture(data: bytes) -> DrawnImage:
    """The image in ``data`` (PNG or JPEG bytes), ready to draw: made ready
    once (the ``logo`` speed-up) or drawn by ReportLab each time."""
    return Picture(data) if enabled("logo") else DrawnImage(data)
