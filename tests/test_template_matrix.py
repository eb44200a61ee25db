"""Decks on every Impress template LibreOffice ships (converted to .pptx) and
on pandoc's reference.pptx, opened in LibreOffice without the brand's font.

`check` accepts exactly the templates on which every deck lays out; on each
accepted one the CRPS deck (and, on a few, the seminar) passes openxml-audit,
no word lies on a graphic of the template (its master's and layout's
non-placeholder shapes and pictures) unless it sits on its own panel, and
every word reads on what LibreOffice draws under it: 4.5:1 for body text,
3:1 for titles, measured on the rendered page.

Slow (one LibreOffice run converts the templates, another the decks: about
two minutes); run it alone with ``pytest tests/test_template_matrix.py``.
"""
from __future__ import annotations

import glob
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import approved_review
from handouts.errors import RenderError
from handouts.inputs.brand import load_brand
from handouts.inputs.layouts import load_layout
from handouts.inputs.review import ReviewState
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.pptx import render_deck
from test_readers import audit
from tools import require, soffice_convert_all

SEMINAR_ON = ("pandoc", "Vivid", "Lights")  # the full seminar too
DPI = 72  # pages are measured at this resolution (a pixel a point)
# Anti-aliasing leaves a glyph's core at its colour, but LibreOffice's
# rendering of a gradient or picture may shift a little: allow 5 %.
TOLERANCE = 0.95
EMU_PER_POINT = 12700


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    """Template name -> .pptx: pandoc's, and each LibreOffice Impress
    template that converts."""
    folder = tmp_path_factory.mktemp("matrix-templates")
    pandoc = require("pandoc")
    ref = folder / "pandoc.pptx"
    subprocess.run([pandoc, "-o", str(ref), "--print-default-data-file", "reference.pptx"],
                   check=True, timeout=60)
    sources = [Path(p) for p in
               sorted(glob.glob("/usr/lib/libreoffice/share/template/*/presnt/*.otp"))]
    if not sources:
        require("LibreOffice's Impress templates (*.otp)")
    made = soffice_convert_all(sources, folder, to="pptx")
    out = {"pandoc": ref, **{m.stem: m for m in made if m is not None}}
    assert len(out) >= 20, sorted(out)  # about 22 convert
    return out


@pytest.fixture(scope="module")
def verdicts(templates, content, tmp_path_factory):
    """Template name -> (check's report, whether it passed, whether every
    deck renders), for a brand folder holding that template."""
    from handouts.report.checks import check_report

    base = tmp_path_factory.mktemp("matrix-brands")
    out = {}
    for name, path in templates.items():
        folder = base / name
        shutil.copytree(DEFAULT_BRAND.parent, folder)
        shutil.copy(path, folder / "template.pptx")
        brand_file = folder / "brand.yaml"
        brand_file.write_text(brand_file.read_text().replace(
            "# deck_template: template.pptx", "deck_template: template.pptx"))
        report, ok = check_report(DEFAULT_CONTENT, brand_file)
        brand = load_brand(brand_file)
        renders = True
        for target in (Target(), *(Target(slug) for slug in content.slugs)):
            try:  # as a draft, whose notice takes room (check's worst case)
                render_deck(content, brand, load_layout("deck"), target,
                            review=ReviewState("draft"))
            except RenderError:
                renders = False
                break
        out[name] = (report, ok, renders, brand)
    return out


def test_check_accepts_exactly_the_templates_that_render(verdicts):
    for name, (report, ok, renders, _) in verdicts.items():
        assert ok == renders, (name, report[-1500:])
        if not ok:
            assert re.search(r"brand\.yaml:\d+: deck_template: template\.pptx cannot hold "
                             r"\d+ of the 9 decks: slide '.+': no room", report), name
            assert "make that layout's body placeholder larger" in report, name
    accepted = [n for n, v in verdicts.items() if v[1]]
    assert len(accepted) >= 18 and "pandoc" in accepted
    assert not verdicts["Midnightblue"][1]  # every deck failed on it before


@pytest.fixture(scope="module")
def laid_out(verdicts, content, tmp_path_factory):
    """For each template check accepts: (deck, PDF page boxes, page images)
    of the CRPS deck (and the seminar on a few), approved (no draft mark
    across the text), converted by LibreOffice without the brand's font."""
    require("pdftotext")
    require("pdftoppm")
    folder = tmp_path_factory.mktemp("matrix-decks")
    decks = []
    for name, (_, ok, _, brand) in verdicts.items():
        if not ok:
            continue
        for target, label in ((Target("crps"), "crps"), (Target(), "seminar")):
            if label == "seminar" and name not in SEMINAR_ON:
                continue
            path = folder / f"{name}-{label}.pptx"
            path.write_bytes(render_deck(content, brand, load_layout("deck"), target,
                                         review=approved_review()).data)
            decks.append(path)
    pdfs = soffice_convert_all(decks, folder, brand_fonts=False)
    out = {}
    for deck, pdf in zip(decks, pdfs):
        assert pdf is not None, deck.name
        html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        prefix = folder / "png" / deck.stem
        prefix.parent.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(prefix)], check=True)
        images = sorted(prefix.parent.glob(f"{deck.stem}-*.png"))
        out[deck.stem] = (deck, list(_words(html)), images)
    return out


def _words(bbox_html: str):
    """Per page: [(x0, y0, x1, y1, word), ...] in points."""
    for body in re.findall(r'<page width="[\d.]+" height="[\d.]+">(.*?)</page>', bbox_html,
                           re.S):
        yield [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">'
            r'([^<]*)</word>', body)]


def _box(shape) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in points."""
    x, y = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
    return x, y, x + shape.width / EMU_PER_POINT, y + shape.height / EMU_PER_POINT


def _inside(point, box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _covers(a, b) -> bool:
    return a[0] <= b[0] + 0.5 and a[1] <= b[1] + 0.5 and a[2] >= b[2] - 0.5 \
        and a[3] >= b[3] - 0.5


def _graphics(slide):
    """The boxes of the non-placeholder shapes and pictures of the slide's
    layout and master (unless the layout hides the master's), and whether
    each holds text of its own."""
    layout = slide.slide_layout
    owners = [layout]
    if layout.element.get("showMasterSp", "1") not in ("0", "false"):
        owners.append(layout.slide_master)
    return [(_box(s), s.has_text_frame and bool(s.text_frame.text.strip()))
            for owner in owners for s in owner.shapes
            if not s.is_placeholder and s.width and s.height]


def _text_shapes(slide):
    """(box, is a title, has a fill of its own) of each shape with text."""
    from pptx.enum.dml import MSO_FILL

    out = []
    for s in slide.shapes:
        if s.has_text_frame and s.text_frame.text.strip():
            title = s.is_placeholder and s.placeholder_format.type in (1, 3)
            out.append((_box(s), title, s.fill.type == MSO_FILL.SOLID))
    return out


def _slides(laid_out):
    from pptx import Presentation

    for stem, (deck, pages, images) in laid_out.items():
        prs = Presentation(str(deck))
        assert len(prs.slides) == len(pages) == len(images), stem
        for number, (slide, words, image) in enumerate(zip(prs.slides, pages, images), 1):
            yield stem, number, slide, words, image


def test_no_word_lies_on_a_template_graphic(laid_out):
    """Each word is inside one of the slide's text boxes; unless that box
    has a panel of its own, it overlaps no graphic of the template that
    covers only part of the box."""
    checked = 0
    for stem, number, slide, words, _ in _slides(laid_out):
        graphics, shapes = _graphics(slide), _text_shapes(slide)
        for word in words:
            centre = ((word[0] + word[2]) / 2, (word[1] + word[3]) / 2)
            home = [s for s in shapes if _inside(centre, s[0])]
            if not home:  # the template's own words (in a graphic) are not the deck's
                assert any(text and _inside(centre, g) for g, text in graphics), \
                    (stem, number, word[4], "outside every text box")
                continue
            box, _, panel = min(home, key=lambda s: (s[0][2] - s[0][0]) * (s[0][3] - s[0][1]))
            checked += 1
            if panel:
                continue
            area = (word[2] - word[0]) * (word[3] - word[1])
            for g, _ in graphics:
                if not _covers(g, box):
                    assert _overlap(word, g) <= 0.05 * area, (stem, number, word[4], g)
    assert checked > 2000


_LINEAR = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
           for c in (v / 255 for v in range(256))]


def _luminance(rgb) -> float:
    """WCAG relative luminance of an (r, g, b) of 0 to 255."""
    return 0.2126 * _LINEAR[rgb[0]] + 0.7152 * _LINEAR[rgb[1]] + 0.0722 * _LINEAR[rgb[2]]


def _ratio(a: float, b: float) -> float:
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def word_contrast(image, word) -> float:
    """The contrast of a word as drawn: its text's colour (the pixel
    furthest from what lies under it) against what lies under it (the
    median luminance of the word's box: glyphs cover less than half)."""
    scale = DPI / 72
    crop = image.crop((int(word[0] * scale), int(word[1] * scale),
                       max(int(word[0] * scale) + 1, int(word[2] * scale)),
                       max(int(word[1] * scale) + 1, int(word[3] * scale))))
    data = crop.convert("RGB").tobytes()
    lums = sorted(_luminance(data[i:i + 3]) for i in range(0, len(data), 3))
    under = lums[len(lums) // 2]
    return max(_ratio(lums[0], under), _ratio(lums[-1], under))


def test_every_word_reads_on_what_lies_under_it(laid_out):
    from PIL import Image

    checked = 0
    low = []
    for stem, number, slide, words, path in _slides(laid_out):
        shapes = _text_shapes(slide)
        image = Image.open(path).convert("RGB")
        for word in words:
            centre = ((word[0] + word[2]) / 2, (word[1] + word[3]) / 2)
            home = [s for s in shapes if _inside(centre, s[0])]
            if not home or len(word[4]) < 3:  # short words: too few pixels to tell
                continue
            title = any(s[1] for s in home)
            least = (3.0 if title else 4.5) * TOLERANCE
            checked += 1
            ratio = word_contrast(image, word)
            if ratio < least:
                low.append((stem, number, word[4], round(ratio, 2)))
    assert low == []
    assert checked > 2000


def test_the_contrast_measure_can_fail():
    """Dark blue text on near-black (the brand's colour on Lights before)
    measures under 3:1; black on white over 15:1."""
    from PIL import Image, ImageDraw

    from handouts.paths import atkinson
    from PIL import ImageFont

    font = ImageFont.truetype(str(atkinson("regular")), 40)
    for fg, bg, test in (("#1B4F72", "#000032", lambda r: r < 3),
                         ("#000000", "#FFFFFF", lambda r: r > 15)):
        img = Image.new("RGB", (400, 80), bg)
        ImageDraw.Draw(img).text((10, 10), "Ketamine", fill=fg, font=font)
        assert test(word_contrast(img, (0, 0, 300 * 72 / DPI, 70 * 72 / DPI, "Ketamine")))


def test_every_deck_passes_openxml_audit(laid_out):
    for stem, (deck, _, _) in laid_out.items():
        assert audit(deck) == [], stem
