"""Decks on templates no one here wrote, opened where the deck's font is not
installed: pandoc's default reference.pptx (10-inch, 16:9) and LibreOffice
Impress's bundled "Focus" and "Beehive" templates converted to .pptx, beside
the built-in design. Each deck passes the Office Open XML schemas and, laid
out by LibreOffice with its stand-in font, keeps every line on the slide
with no two lines on top of each other."""
from __future__ import annotations

import glob
import re
import subprocess
from pathlib import Path

import pytest

from conftest import approved_review, render_pptx
from handouts.inputs.layouts import load_layout
from handouts.inputs.target import Target
from handouts.render.pptx import render_deck
from test_readers import audit
from tools import require, soffice_convert, soffice_to_pdf

LIBREOFFICE_TEMPLATES = ("Focus", "Beehive")
MARGIN = 2  # points: a line may not come closer than this to the slide's edge


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path | None]:
    """Template name -> .pptx path (None: the built-in design)."""
    folder = tmp_path_factory.mktemp("templates")
    out: dict[str, Path | None] = {"built-in": None}
    pandoc = require("pandoc")
    ref = folder / "pandoc-reference.pptx"
    subprocess.run([pandoc, "-o", str(ref), "--print-default-data-file", "reference.pptx"],
                   check=True, timeout=60)
    out["pandoc"] = ref
    for name in LIBREOFFICE_TEMPLATES:
        found = sorted(glob.glob(f"/usr/lib/libreoffice/share/template/*/presnt/{name}.otp"))
        if not found:
            require(f"LibreOffice's {name}.otp template")  # fails in CI, skips elsewhere
        out[name] = soffice_convert(Path(found[0]), folder / name, to="pptx")
    return out


def _lines(bbox_html: str):
    """Per page: (width, height, [(x0, y0, x1, y1, text), ...]) of each line
    pdftotext -bbox-layout found."""
    for w, h, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                                 bbox_html, re.S):
        lines = []
        for x0, y0, x1, y1, inner in re.findall(
                r'<line xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">'
                r'(.*?)</line>', body, re.S):
            text = " ".join(re.findall(r">([^<]+)</word>", inner))
            lines.append((float(x0), float(y0), float(x1), float(y1), text))
        yield float(w), float(h), lines


def _overlap(a, b) -> float:
    """The area two boxes share, in square points."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


@pytest.mark.parametrize("name", ["built-in", "pandoc", *LIBREOFFICE_TEMPLATES])
def test_deck_on_a_template_validates_and_lays_out_cleanly(templates, content, brand, tmp_path,
                                                           name):
    branded = brand.model_copy(update={"deck_template": templates[name]})
    _lays_out_cleanly(content, branded, brand, name, tmp_path)


@pytest.mark.parametrize("name", ["built-in", "pandoc"])
def test_a_spanish_deck_lays_out_cleanly(templates, brand, tmp_path, name):
    """Spanish runs longer than English: the seminar still fits every box."""
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.editions import content_for
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT

    inputs = load_inputs(content_for(DEFAULT_CONTENT, "es"), DEFAULT_BRAND)
    branded = inputs.brand.model_copy(update={"deck_template": templates[name]})
    _lays_out_cleanly(inputs.content, branded, brand, f"{name}-es", tmp_path)


def _lays_out_cleanly(content, branded, brand, name, tmp_path):
    """The seminar on ``branded``: valid Open XML, and in LibreOffice without
    the brand's font every text line within the slide's margins, none over
    another."""
    require("pdftotext")
    deck = tmp_path / f"seminar-{name}.pptx"
    # Approved, so no draft mark lies across the text (it is meant to overlap it).
    approved = approved_review()
    deck.write_bytes(render_deck(content, branded, load_layout("deck"), Target(),
                                 review=approved).data)
    assert audit(deck) == [], name
    pdf = soffice_to_pdf(deck, tmp_path, brand_fonts=False)
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = list(_lines(html))
    from pptx import Presentation

    assert len(pages) == len(Presentation(str(deck)).slides)
    # The closing slide keeps the ZIP code with its state ("ST 00000").
    zip_code = brand.contact.address.split()[-1]
    assert not any(ln[4].strip() == zip_code for ln in pages[-1][2]), name
    for number, (w, h, lines) in enumerate(pages, start=1):
        text_lines = lines
        for x0, y0, x1, y1, text in text_lines:
            assert MARGIN <= x0 and x1 <= w - MARGIN, (name, number, text)
            assert MARGIN <= y0 and y1 <= h - MARGIN, (name, number, text)
        for i, a in enumerate(text_lines):
            for b in text_lines[i + 1:]:
                shared = _overlap(a, b)
                smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
                assert shared <= 0.1 * smaller, (name, number, a[4], b[4])


def test_templates_use_their_own_layouts(templates, content, brand):
    """The cover is on the template's title-slide layout, content on its
    title-and-content layout; dividers only where it has a section header."""
    from pptx import Presentation
    import io

    for name in ("pandoc", *LIBREOFFICE_TEMPLATES):
        branded = brand.model_copy(update={"deck_template": templates[name]})
        prs = Presentation(io.BytesIO(render_pptx(content, branded).data))
        layouts = [s.slide_layout.name for s in prs.slides]
        assert layouts[0] == "Title Slide", name
        assert set(layouts[1:]) - {"Section Header"} <= {"Title and Content", "Title, Content"}
        dividers = layouts.count("Section Header")
        assert dividers == (len(content.conditions) if name == "pandoc" else 0), name
