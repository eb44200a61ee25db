"""The draft mark, read back from the PDF: across every page of an
unapproved edition, large (most of the page's diagonal), along that
diagonal, centred, and within the page, on letter and A4, standard and
large print, whatever the unapproved state says."""
from __future__ import annotations

import datetime as dt
import math

import pytest

from conftest import render_pdf
from handouts.inputs.layouts import load_layout
from handouts.inputs.review import ReviewState
from handouts.inputs.target import Target
from handouts.render.wording import say, speaking
from pdfread import reader, shown_text

# The mark spans at least this share of the page's diagonal (it is made to
# span 0.8; a mark capped at its largest size may span less, but is then
# at least LARGEST points).
SPAN = 0.7
LARGEST = 48


def marks(data: bytes, mark: str) -> dict[int, object]:
    """Page -> the largest run on the page whose text is ``mark`` (the
    footer says it too, small)."""
    found: dict[int, object] = {}
    for run in shown_text(data):
        if run.text.strip() == mark and (run.page not in found
                                         or run.size > found[run.page].size):
            found[run.page] = run
    return found


def check_marks(data: bytes, mark: str) -> list[float]:
    """Assert that every page carries ``mark`` large, across its diagonal;
    returns each page's mark's share of the diagonal."""
    pages = reader(data).pages
    found = marks(data, mark)
    assert sorted(found) == list(range(1, len(pages) + 1)), (sorted(found), len(pages))
    spans = []
    for number, page in enumerate(pages, start=1):
        run = found[number]
        box = page.mediabox
        w, h = float(box.width), float(box.height)
        diagonal = math.hypot(w, h)
        span = run.length / diagonal
        spans.append(span)
        # Large: most of the diagonal, or (for a short mark) at a large size.
        assert span >= SPAN or run.size >= LARGEST, (number, round(span, 3), run.size)
        assert run.size >= 36, (number, run.size)
        # Along the diagonal, from lower left to upper right.
        (x0, y0), (x1, y1) = run.start, run.end
        angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
        assert angle == pytest.approx(math.degrees(math.atan2(h, w)), abs=1), (number, angle)
        # Centred on the page (the baseline sits a third of the size below the
        # centre line), and wholly on it.
        mid = ((x0 + x1) / 2, (y0 + y1) / 2)
        assert math.dist(mid, (w / 2, h / 2)) <= run.size, (number, mid)
        for x, y in run.start, run.end:
            assert 0 <= x <= w and 0 <= y <= h, (number, run.start, run.end)
    return spans


@pytest.fixture(scope="module")
def cond(content):
    return content.conditions[0]


@pytest.mark.parametrize("layout", ["standard", "large-print"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_drafts_mark_spans_most_of_every_page(content, brand, cond, layout, paper):
    data = render_pdf(content, brand, layout, cond, paper).data
    with speaking(content.meta.language):
        mark = say("review.draft")
    spans = check_marks(data, mark)
    assert len({round(s, 6) for s in spans}) == 1, spans  # the same mark on every page


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_an_overdue_mark_spans_most_of_every_page(content, brand, cond, paper):
    from handouts.render.pdf import render_handout

    overdue = ReviewState("overdue", "A. Reviewer, MD", dt.date(2020, 1, 6), dt.date(2021, 1, 6))
    data = render_handout(content, brand, load_layout("standard"),
                          Target.condition_of(cond.slug), paper, overdue).data
    with speaking(content.meta.language):
        mark = say("review.overdue")
    check_marks(data, mark)


def test_the_marks_measure_is_its_texts_width(content, brand, cond):
    """The reading above is sound: the mark's extent, from the font's widths
    in the PDF and the matrices it is drawn with, is the width ReportLab
    measures for its text in the brand's bold font at the size read back;
    and the footer's small copy of the same words gives the same ratio."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "MarkCheck-bold" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("MarkCheck-bold", brand.font_file("bold")))
    data = render_pdf(content, brand, "standard", cond, "a4").data
    with speaking(content.meta.language):
        mark = say("review.draft")
    big = marks(data, mark)[1]
    small = min((r for r in shown_text(data) if r.page == 1 and r.text.strip() == mark),
                key=lambda r: r.size)
    assert small.size < 20 < big.size
    one_point = pdfmetrics.stringWidth(mark, "MarkCheck-bold", 1)
    assert big.length == pytest.approx(one_point * big.size, rel=1e-3)
    assert small.length == pytest.approx(one_point * small.size, rel=1e-3)
