"""The contact slide's layout: the clinic's details beside a QR code and its
caption, sized to the body area (a template's may be short)."""
from __future__ import annotations

from dataclasses import dataclass

from ...errors import RenderError

CLOSING_ROW_GAP = 8  # points between contact rows
QR_GAP = 24  # points between the contact rows and the QR code
QR_CAPTION_BLEED = 40  # points the QR caption may extend left of the code
QR_MIN = 54  # points: the smallest QR code a contact slide shows (0.75 inch)
QR_MAX_SHARE = 0.4  # of the body's width, at most, for the QR code
QR_STEP = 12  # points between the QR sizes tried


@dataclass(frozen=True)
class ContactFit:
    """The rows, their size and the gap between them, the QR code's size and
    the rows' width."""

    rows: tuple[str, ...]
    size: float
    gap: float
    qr: float
    text_width: float


def regrouped(rows: list[str]) -> list[list[str]]:
    """The contact ``rows`` (name, phone, address, then e-mail and website
    if given) as they are, then with the phone and e-mail on one row."""
    if len(rows) < 4:
        return [rows]
    return [rows, [rows[0], f"{rows[1]}  ·  {rows[3]}", rows[2], *rows[4:]]]


def _shrinking(largest: float, least: float):
    size = largest
    while size > least:
        yield size
        size -= QR_STEP
    yield least


def fit_contact(title: str, layouts: list[list[str]], caption: list[str], body, layout,
                measure) -> ContactFit:
    """The first arrangement that fits ``body`` (a box in points): the QR
    code as large as ``layout`` says with its ``caption`` below it, and the
    rows as large as fit beside it; failing that, a smaller code, the rows
    closer, then the next of ``layouts`` (the rows, differently grouped).
    Raises :class:`RenderError` naming what is too small when none fits."""
    least, inset, cl = layout.body.min_size, layout.text_inset, layout.closing

    def height(rows, size, width):
        return sum(len(measure.wrap(r, size, width - 2 * inset, i == 0))
                   for i, r in enumerate(rows)) * measure.line_height(size) + 2 * inset

    largest = min(cl.qr_size, body.width * QR_MAX_SHARE)
    for rows in layouts:
        for gap in (CLOSING_ROW_GAP, 0):
            for qr in _shrinking(largest, QR_MIN):
                cap = sum(len(measure.wrap(t, least, qr + QR_CAPTION_BLEED - 2 * inset))
                          for t in caption) * measure.line_height(least) + 2 * inset
                qr = min(qr, body.height - cap)
                width, room = body.width - qr - QR_GAP, body.height - gap * (len(rows) - 1)
                if qr < QR_MIN:
                    break
                size = cl.text_size
                while size > least and height(rows, size, width) > room:
                    size = max(least, size - 2)
                if height(rows, size, width) <= room:
                    return ContactFit(tuple(rows), size, gap, qr, width)
    raise RenderError(
        f"slide '{title}': no room for the clinic's contact details and QR code at the "
        f"minimum size ({least:g} pt): the body area is {body.width / 72:.1f} x "
        f"{body.height / 72:.1f} in below the title; it needs a QR code of at least "
        f"{QR_MIN / 72:.2f} in with its caption beside {len(layouts[-1])} lines of text")
