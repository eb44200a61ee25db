"""What a handout draws besides its paragraphs: an outline entry, a QR code,
a box to tick and a pictogram (paths, so no font needs their glyphs); and the
tables its sections sit in (side by side, behind an accent bar, tinted,
ruled, beside boxes to tick), each naming the regular font, never ReportLab's
unembedded Helvetica."""
from __future__ import annotations

import functools

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from ...inputs.layouts import Box
from ..pictograms import alt_text, pdf_operators
from ..qr import qr_modules
from .styles import tint
from .tagging import Tagged


class Bookmark(Flowable):
    """A zero-size flowable that adds a PDF outline entry where it lands."""

    def __init__(self, key: str, title: str, level: int = 0):
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


class QRCode(Tagged, Flowable):
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


class TickBox(Tagged, Flowable):
    """An empty square to tick, drawn (no font has to have the glyph)."""

    def __init__(self, size: float, color: colors.Color, line: float = 1.2):
        super().__init__()
        self.width = self.height = size
        self.color, self.line = color, line

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.line)
        self.canv.rect(0, 0, self.width, self.width, stroke=1, fill=0)


class Pictogram(Tagged, Flowable):
    """A pictogram drawn in a ``size``-point square in ``colour``; ``alt``
    says what it shows."""

    def __init__(self, name: str, size: float, colour: colors.Color):
        super().__init__()
        self.name, self.alt = name, alt_text(name)
        self.width = self.height = size
        self.colour = colour.rgb()

    def draw(self) -> None:
        self.canv.addLiteral(pdf_operators(self.name, self.width, self.colour))



def side_by_side(left, right, widths: list[float], font: str, snug: bool = False) -> Table:
    """``left`` and ``right`` (flowables) side by side in columns
    ``widths`` points wide, tops aligned, 8 points between; ``snug``
    drops the cells' top and bottom padding."""
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),  # else Helvetica, unembedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 8),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
    ]
    if snug:
        style += [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    table = Table([[left, right]], colWidths=widths, splitInRow=1)  # a tall row may break
    table.setStyle(TableStyle(style))
    return table


def accent_bar(flowable: Flowable, width: float, font: str, box: Box,
               colour: colors.Color) -> Table:
    """``flowable`` in a ``width``-point column behind a ``colour`` bar three
    borders wide, the box's padding between them."""
    table = Table([[flowable]], colWidths=[width])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("LINEBEFORE", (0, 0), (0, 0), box.border_width * 3, colour),
        ("LEFTPADDING", (0, 0), (-1, -1), box.padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def tinted_box(cell: list[Flowable], width: float, font: str, box: Box,
               colour: colors.Color, background: colors.Color) -> Table:
    """``cell`` (flowables: a heading, then points) in a ``width``-point box
    bordered in ``colour`` and filled with its tint over the page's
    ``background``. A box too tall for what is left of a page (large print)
    breaks between points, its heading repeated, rather than leaving the
    page's foot empty."""
    table = Table([[f] for f in cell], colWidths=[width], splitByRow=1, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),  # else Helvetica, unembedded
        ("BOX", (0, 0), (-1, -1), box.border_width, colour),
        ("BACKGROUND", (0, 0), (-1, -1), tint(colour, box.tint, background)),
        ("LEFTPADDING", (0, 0), (-1, -1), box.padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), box.padding),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), box.padding * 0.8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), box.padding * 0.4),
    ]))
    return table


def ruled_box(rows: list[list[list[Flowable]]], width: float, font: str, box: Box,
              colour: colors.Color, spacing: list[tuple]) -> Table:
    """``rows`` (each one cell of flowables) in a ``width``-point box ruled
    in ``colour``, a rule under the first row, which repeats on each page
    the box reaches; it breaks between rows. ``spacing``: the rows' top and
    bottom padding, as table style commands."""
    table = Table(rows, colWidths=[width], splitByRow=1, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("BOX", (0, 0), (-1, -1), box.border_width, colour),
        ("LINEBELOW", (0, 0), (-1, 0), box.border_width, colour),
        ("LEFTPADDING", (0, 0), (-1, -1), box.padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), box.padding),
        *spacing,
    ]))
    return table


def tick_list(rows: list[list[Flowable]], width: float, size: float, font: str,
              leading: float) -> Table:
    """``rows`` of a ``size``-point box to tick and its text (lines
    ``leading`` points apart) in a ``width``-point column, each box level
    with its text's first line."""
    table = Table(rows, colWidths=[size + 10, width - size - 10])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (0, -1), leading - size - 1),
        ("TOPPADDING", (1, 0), (1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table
