"""Deck text fitting, checked against widths measured here, independently
of the fitter: with ReportLab's ``stringWidth`` over whole lines, spaces
included, in the deck's font and the stand-ins a presenter's computer may
use instead (DejaVu Sans's metrics are Vera's, Arial's are Helvetica's).

Text of many short words is where the spaces between words weigh most: a
fitter that left them out would set lines a third too long."""
from __future__ import annotations

import io
import itertools
import re

import pytest
from pptx import Presentation
from pptx.util import Emu
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from conftest import render_pptx
from handouts.inputs.layouts import load_layout

# Short words (one to four letters), in a fixed order that does not repeat
# in step with a line.
SHORT = ("a an it is to be or we of as at by if on up so no go do me my us he "
         "ok hi yes you can may not all day one two new now old way our out see "
         "use why who how any few").split()


def short_words(count: int, start: int = 0) -> str:
    cycle = itertools.islice(itertools.cycle(SHORT), start * 7, None)
    words = [next(cycle) for _ in range(count)]
    return " ".join(words).capitalize() + "."


class Widths:
    """Widths in points measured with ReportLab, per face: the brand's own
    regular and bold, Vera (DejaVu Sans), Helvetica (Arial)."""

    def __init__(self, brand):
        self.faces = {}
        for bold in (False, True):
            own = f"FitCheck-{'bold' if bold else 'regular'}"
            vera = "FitCheck-VeraBd" if bold else "FitCheck-Vera"
            if own not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(own, brand.font_file("bold" if bold else
                                                                    "regular")))
            if vera not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(vera, "VeraBd.ttf" if bold else "Vera.ttf"))
            helvetica = "Helvetica-Bold" if bold else "Helvetica"
            self.faces[bold] = [
                (own, frozenset(pdfmetrics.getFont(own).face.charToGlyph)),
                (vera, frozenset(pdfmetrics.getFont(vera).face.charToGlyph)),
                (helvetica, frozenset(ord(c) for c in bytes(range(32, 256)).decode(
                    "cp1252", "ignore"))),
            ]

    def each(self, text: str, size: float, bold: bool = False) -> dict[str, float]:
        """``text`` on one line, spaces included, in each face that has all
        its characters."""
        assert set(map(ord, text)) <= self.faces[bold][0][1], text  # the brand's font has it
        return {name: pdfmetrics.stringWidth(text, name, size)
                for name, chars in self.faces[bold] if set(map(ord, text)) <= chars}

    def widest(self, text: str, size: float, bold: bool = False) -> float:
        """``text`` on one line with each character at its widest advance
        among the faces that have it: the most any of them can take."""
        total = 0.0
        for ch in text:
            total += max(pdfmetrics.stringWidth(ch, name, size)
                         for name, chars in self.faces[bold] if ord(ch) in chars)
        return total

    def wrap(self, text: str, size: float, limit: float, bold: bool = False) -> list[str]:
        """Greedy word wrap at ``limit`` points by :meth:`widest` of whole
        lines, spaces included (words longer than a line stay whole)."""
        lines: list[str] = []
        for word in text.split():
            if lines and self.widest(f"{lines[-1]} {word}", size, bold) <= limit:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        return lines or [""]


@pytest.fixture(scope="module")
def widths(brand):
    return Widths(brand)


@pytest.fixture(scope="module")
def measure(brand):
    from handouts.render.fonts import brand_fonts
    from handouts.render.pptx.fit import Measure

    return Measure(brand_fonts(brand), load_layout("deck"))


TEXTS = [short_words(120), short_words(90, 1), short_words(150, 2),
         "It is so. We do it. Go on, see if it is ok. " * 8,
         ("Ketamine is a medicine that can ease some kinds of long-term pain when other "
          "treatments have not helped. It is given in a clinic, in small doses, while a "
          "nurse or a doctor watches you.")]


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("size", [18, 24, 32])
@pytest.mark.parametrize("width", [240, 420, 760])
def test_every_wrapped_line_fits_and_none_breaks_early(measure, widths, size, width, bold):
    """Each line the fitter makes fits the width it was given (times the
    layout's safety share) in every face, spaces and all; and the next
    line's first word would not have fit on it."""
    limit = width * load_layout("deck").fit_width
    for text in TEXTS:
        lines = measure.wrap(text, size, width, bold=bold)
        assert " ".join(lines) == " ".join(text.split()), "the words, in order, all there"
        assert len(lines) >= 2, (size, width, lines)
        for i, line in enumerate(lines):
            for face, w in widths.each(line, size, bold).items():
                assert w <= limit + 1e-6, (face, size, width, round(w, 2), round(limit, 2), line)
            assert widths.widest(line, size, bold) <= limit + 1e-6, (size, width, line)
            if i + 1 < len(lines):
                longer = f"{line} {lines[i + 1].split()[0]}"
                assert widths.widest(longer, size, bold) > limit - 1e-6, (
                    "broken early", size, width, line, lines[i + 1])
        # The same lines as a greedy wrap measured here.
        assert lines == widths.wrap(text, size, limit * (1 + 1e-9), bold), (size, width)


# -- through a rendered deck ----------------------------------------------

def _content_slides(prs):
    return [s for s in prs.slides
            if s._element.cSld.get("name") not in ("cover", "closing", "section")]


def _body_box(slide):
    """The slide's body text box (not its title, nor the turned draft mark,
    nor a draft's notice under the title)."""
    title = slide.shapes.title
    boxes = [sh for sh in slide.shapes
             if sh.has_text_frame and sh != title and sh.rotation == 0
             and sh.text_frame.text.strip() and not sh.name.startswith("Draft notice")]
    assert len(boxes) <= 1, [b.name for b in boxes]
    return boxes[0] if boxes else None


def _pt(emu) -> float:
    return Emu(int(emu)).pt


@pytest.fixture(scope="module")
def short_word_deck(content, brand):
    """A condition's deck whose text is all short words: its key points, its
    main message and its paragraphs (each many lines, so the in-depth slides
    are filled to the last line)."""
    cond = content.conditions[0]
    cond = cond.model_copy(update={
        "key_points": (short_words(9, 3), short_words(30, 4), short_words(14, 5),
                       short_words(22, 6)),
        "main_message": short_words(16, 7),
        "body": (short_words(160, 8), short_words(40, 9), short_words(220, 10)),
    })
    return render_pptx(content, brand, cond).data


@pytest.fixture(scope="module")
def seminar(content, brand):
    return render_pptx(content, brand).data


@pytest.mark.parametrize("deck", ["short_word_deck", "seminar"])
def test_body_text_fits_its_box_measured_with_spaces(request, widths, deck):
    """A slide stores paragraphs, not lines: the viewer breaks them at the
    box's width. So each body paragraph is wrapped here at its box's width
    (less the box's insets and the paragraph's indent, times the layout's
    safety share), its lines measured whole, spaces included; those lines,
    at the layout's line height, with the space before each paragraph,
    must fit the box's height. (A fitter that undercounts a paragraph's
    lines packs more text onto a slide than it holds.)"""
    layout = load_layout("deck")
    prs = Presentation(io.BytesIO(request.getfixturevalue(deck)))
    content = {id(s._element) for s in _content_slides(prs)}
    checked = 0
    for number, slide in enumerate(prs.slides, start=1):
        if id(slide._element) not in content:
            continue
        box = _body_box(slide)
        if box is None:
            continue
        tf = box.text_frame
        inner = box.width.pt - tf.margin_left.pt - tf.margin_right.pt
        room = box.height.pt - tf.margin_top.pt - tf.margin_bottom.pt
        used = 0.0
        lines_total = 0
        for para in tf.paragraphs:
            runs = para.runs
            assert len(runs) == 1, para.text
            size, bold = runs[0].font.size.pt, bool(runs[0].font.bold)
            indent = _pt(para._p.pPr.get("marL", 0))
            limit = (inner - indent) * layout.fit_width
            lines = widths.wrap(para.text, size, limit * (1 + 1e-9), bold)
            before = para.space_before.pt if para.space_before is not None else 0.0
            used += before + len(lines) * size * layout.line_height
            lines_total += len(lines)
            checked += 1
        title = slide.shapes.title.text_frame.text
        assert used <= room + 0.01, (deck, number, title, lines_total, round(used, 1),
                                     round(room, 1))
    assert checked >= 10, checked


def _series_titles(data: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(data))
    return [s.shapes.title.text_frame.text for s in prs.slides
            if s.shapes.title is not None and re.search(r"\(\d+\W+(of|de)\W+\d+\)$",
                                                        s.shapes.title.text_frame.text)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_series_counter_never_breaks(lang):
    """A series' titles end in "(1 of 3)" as one unbreakable piece: no
    slide title reads "... (1 / of 3)" (LibreOffice broke it so)."""
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.editions import content_for
    from handouts.inputs.target import WHOLE
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pptx import render_deck

    inp = load_inputs(content_for(DEFAULT_CONTENT, lang), DEFAULT_BRAND)
    titles = _series_titles(render_deck(inp.content, inp.brand, load_layout("deck"), WHOLE,
                                        review=inp.review, clinic=inp.clinic).data)
    assert len(titles) >= 3  # the seminar has series (the clinic's sections, ...)
    loose = [t for t in titles if not re.search(r" \(\d+\u00a0(of|de)\u00a0\d+\)$", t)]
    assert loose == []


def test_the_counter_check_finds_a_loose_counter(monkeypatch):
    """Planted: the counter's spaces left breakable."""
    from handouts.render.pptx import fit
    from handouts.render.wording import say

    deck_fit = next(v for v in vars(fit).values() if isinstance(v, type) and "_title" in vars(v))
    monkeypatch.setattr(deck_fit, "_title", staticmethod(
        lambda title, i, total: title if total == 1 else
        say("deck.part", title=title, n=i + 1, total=total)))
    from handouts.render.pptx import deck as deck_module

    deck_module._fitting.cache_clear()  # its fitter remembers pages measured with the title
    try:
        with pytest.raises(AssertionError):
            test_a_series_counter_never_breaks("en")
    finally:
        deck_module._fitting.cache_clear()
