"""The band at the top of every page of a draft, read back from the PDF: the
first thing each page says in the structure tree (a paragraph, not an
artifact), its words in the catalogue's wording for the state and the
language, above everything else the page prints, at least the body's size,
dark in a greyscale render (as a black-and-white printer or a photocopier
would print it), below the narrowest margin allowed; and no band at all on
an approved edition."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

import pikepdf
import pytest

from conftest import approved_review
from handouts.assemble.jobs import load_inputs
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import MIN_MARGIN, load_layout
from handouts.inputs.review import ReviewState
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.pdf import render_handout
from handouts.render.wording import review_mark, say, speaking
from pdfread import shown_text
from test_templates import LIBREOFFICE_TEMPLATES, templates  # noqa: F401 - a fixture
from tools import require

DARKEST_GREY = 0.30  # the band's fill in a greyscale render: at most this light
DPI = 100
CHANGED = ReviewState("changed", "A. Reviewer, MD", dt.date(2026, 1, 6), dt.date(2027, 1, 6),
                      ("faq",))
OVERDUE = ReviewState("overdue", "A. Reviewer, MD", dt.date(2020, 1, 6), dt.date(2021, 1, 6))


@pytest.fixture(scope="module")
def editions():
    """Language -> the bundled edition in it."""
    english = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    spanish = load_inputs(content_for(DEFAULT_CONTENT, "es"), DEFAULT_BRAND)
    return {"en": english, "es": spanish}


def render(inputs, layout="standard", slug="crps", review=None, paper="letter") -> bytes:
    """A handout as `build` makes it (with the clinic's own file)."""
    return render_handout(inputs.content, inputs.brand, load_layout(layout), Target(slug),
                          paper, review or inputs.review, inputs.clinic).data


# -- the structure tree ---------------------------------------------------

def tagged_in_order(path) -> list[tuple[str, set[int], str]]:
    """(role, pages, text) of every element that holds content itself, in
    tree order: the pages from the tree (pikepdf), the text from poppler's
    reading of the same tree (``pdfinfo -struct-text``), matched one to
    one (their roles must agree)."""
    with pikepdf.open(path) as pdf:
        page_of = {p.objgen: i for i, p in enumerate(pdf.pages)}
        found: list[tuple[str, set[int]]] = []

        def visit(elem) -> None:
            own_page = page_of.get(elem.Pg.objgen) if "/Pg" in elem else None
            kids = elem.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            pages: set[int] = set()
            for kid in kids:
                if isinstance(kid, int):
                    pages.add(own_page)
                elif isinstance(kid, pikepdf.Dictionary):
                    if kid.get("/Type") == "/MCR":
                        pages.add(page_of[kid.Pg.objgen])
                    elif kid.get("/Type") != "/OBJR":
                        visit(kid)
            if pages:  # poppler prints an element's own text after its children's
                found.append((str(elem.S)[1:], pages))

        visit(pdf.Root.StructTreeRoot.K)
    out = subprocess.run([require("pdfinfo"), "-struct-text", str(path)], capture_output=True,
                         text=True, check=True).stdout
    rows, open_at = [], {}  # indentation -> (element number, role) opened there
    last, count = None, 0
    for line in out.splitlines():
        text, indent = line.strip(), len(line) - len(line.lstrip())
        if text.startswith('"'):
            owner = open_at[max(i for i in open_at if i < indent)]
            words = text.strip('"').strip()
            if owner == last:  # one element's text on two pages: two lines
                rows[-1] = (owner[1], rows[-1][1] + " " + words)
            else:
                rows.append((owner[1], words))
            last = owner
        elif text:
            count += 1
            open_at = {i: r for i, r in open_at.items() if i < indent}
            open_at[indent] = (count, text.split()[0])
    assert [r for r, _ in rows] == [r for r, _ in found], "tree readings disagree"
    return [(role, pages, text) for (role, pages), (_, text) in zip(found, rows)]


def first_on_each_page(path) -> dict[int, tuple[str, str]]:
    """Page (from 1) -> (role, text) of the first element in tree order
    that shows anything on it."""
    first: dict[int, tuple[str, str]] = {}
    for role, pages, text in tagged_in_order(path):
        for page in pages:
            first.setdefault(page + 1, (role, text))
    return first


# -- where things are -----------------------------------------------------

def words(path) -> dict[int, list[tuple[float, float, float, float, str]]]:
    """Page (from 1) -> its words as pdftotext -bbox finds them:
    (x0, top, x1, bottom, word), points from the page's top left."""
    html = subprocess.run([require("pdftotext"), "-bbox", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    out = {}
    for n, body in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", html, re.S), start=1):
        out[n] = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">'
            r"([^<]*)</word>", body)]
    return out


def band_words(page_words, band: str):
    """The words of ``band`` on one line at the top of the page (its
    topmost line that reads ``band``), or [] when there is none."""
    want = band.split()
    for top in sorted({round(w[1], 1) for w in page_words}):
        line = sorted((w for w in page_words if round(w[1], 1) == top), key=lambda w: w[0])
        texts = [w[4] for w in line]
        for i in range(len(texts) - len(want) + 1):
            if texts[i:i + len(want)] == want:
                return line[i:i + len(want)]
    return []


def grey_pages(path, tmp_path) -> list:
    """Each page rendered in greyscale at :data:`DPI`, as rows of 0..255."""
    from PIL import Image

    subprocess.run([require("pdftoppm"), "-gray", "-r", str(DPI), "-png", str(path),
                    str(tmp_path / "grey")], check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("grey-*.png"),
                                          key=lambda p: int(p.stem.split("-")[-1]))]


def band_box(image, line) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in points of the dark fill around the
    band's line of words, found in the greyscale render: from a point just
    right of its last word, out to where the page turns light."""
    px = DPI / 72
    y = int((line[0][1] + line[0][3]) / 2 * px)
    x = int((line[-1][2] + 4) * px)
    dark = image.getpixel((x, y)) <= DARKEST_GREY * 255
    assert dark, ("no dark fill beside the band's words", image.getpixel((x, y)))

    def run(cx, cy, dx, dy):
        while 0 <= cx + dx < image.width and 0 <= cy + dy < image.height \
                and image.getpixel((cx + dx, cy + dy)) <= DARKEST_GREY * 255:
            cx, cy = cx + dx, cy + dy
        return cx, cy

    top, bottom = run(x, y, 0, -1)[1], run(x, y, 0, 1)[1]
    # Left and right along its top row, above the letters.
    left, right = run(x, top, -1, 0)[0], run(x, top, 1, 0)[0]
    return left / px, top / px, right / px, (bottom + 1) / px


def check_band(path, data: bytes, band: str, layout: str, tmp_path) -> int:
    """Assert every page of the PDF at ``path`` carries ``band`` as this
    module's docstring says; returns the page count."""
    body_size = load_layout(layout).type.body.size
    first = first_on_each_page(path)
    page_words = words(path)
    images = grey_pages(path, tmp_path)
    assert len(images) == len(page_words) == len(first) >= 2
    runs = [r for r in shown_text(data) if abs(r.start[1] - r.end[1]) < 0.01]  # horizontal
    for number, image in enumerate(images, start=1):
        # Read first, as a paragraph of its own.
        assert first[number] == ("P", band), (number, first[number])
        # The band's words in a line at the top, on a dark fill.
        line = band_words(page_words[number], band)
        assert line, (number, "no band")
        left, top, right, bottom = band_box(image, line)
        assert top >= MIN_MARGIN - 1, (number, top)  # within the printable page
        assert left <= line[0][0] and line[-1][2] <= right
        assert top <= min(w[1] for w in line) and max(w[3] for w in line) <= bottom + 1
        # Dark all through, in grey: its fill's pixels (not the letters').
        px = DPI / 72
        fill = [image.getpixel((int(x * px), int(y * px)))
                for x in (left + 1, (line[-1][2] + right) / 2, right - 1)
                for y in (top + 1, (top + bottom) / 2, bottom - 1)]
        assert max(fill) <= DARKEST_GREY * 255, (number, fill)
        # At least the body's size, and above everything else the page prints
        # (the diagonal mark, drawn at a slant, aside).
        height = page = image.height / px
        shown = max((r for r in runs if r.page == number and r.text.strip() == band),
                    key=lambda r: r.start[1])  # the top one (the footer says it too)
        assert shown.size >= body_size, (number, shown.size)
        assert height - shown.start[1] <= bottom, number  # its baseline inside the band
        for run in runs:
            if run.page != number or run is shown or not run.text.strip():
                continue
            run_top = height - (run.start[1] + 0.8 * run.size)
            assert run_top >= bottom, (number, run.text, run_top, bottom)
        assert page > bottom
    return len(images)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("layout", ["standard", "large-print"])
def test_every_draft_page_begins_with_the_band(editions, tmp_path, language, layout):
    inputs = editions[language]
    data = render(inputs, layout)
    path = tmp_path / "draft.pdf"
    path.write_bytes(data)
    with speaking(inputs.content.meta.language):
        band = say("review.draft")
    assert check_band(path, data, band, layout, tmp_path) >= 4


@pytest.mark.parametrize("state", [CHANGED, OVERDUE], ids=["changed", "overdue"])
def test_changed_and_overdue_say_their_own_words(editions, tmp_path, state):
    inputs = editions["en"]
    data = render(inputs, "standard", "migraine", state, "a4")
    path = tmp_path / "state.pdf"
    path.write_bytes(data)
    with speaking(inputs.content.meta.language):
        band = review_mark(state)
        assert band not in (say("review.draft"), "")
    check_band(path, data, band, "standard", tmp_path)


def test_the_booklet_carries_the_band_on_every_page(editions, tmp_path):
    inputs = editions["en"]
    data = render(inputs, "standard", None)
    path = tmp_path / "booklet.pdf"
    path.write_bytes(data)
    assert check_band(path, data, say("review.draft"), "standard", tmp_path) >= 8


def test_an_approved_handout_has_no_band(editions, tmp_path):
    inputs = editions["en"]
    data = render(inputs, "standard", "crps", approved_review())
    path = tmp_path / "approved.pdf"
    path.write_bytes(data)
    first = first_on_each_page(path)
    assert first[1] == ("Figure", "")  # the logo, as before any band
    assert all(role != "P" or text != say("review.draft") for role, text in first.values())
    for number, image in enumerate(grey_pages(path, tmp_path), start=1):
        # Nothing dark across the top: the header's logo aside, the page is
        # light down to the running header.
        px = DPI / 72
        row = [image.getpixel((x, int((MIN_MARGIN + 4) * px))) for x in range(image.width)]
        assert min(row) > DARKEST_GREY * 255, number
    assert not band_words(words(path)[2], say("review.draft"))


# -- slides ----------------------------------------------------------------

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
EMU = 12700


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _box(shape) -> tuple[float, float, float, float]:
    return (shape.left / EMU, shape.top / EMU, (shape.left + shape.width) / EMU,
            (shape.top + shape.height) / EMU)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _fill(element) -> str | None:
    """The solid fill colour (RRGGBB) of a shape's properties or a slide's
    background, if it has one, opaque."""
    found = element.find("a:solidFill/a:srgbClr", NS)
    if found is None:
        return None
    assert found.find("a:alpha", NS) is None, "a translucent fill"
    return found.get("val")


def background_of(slide) -> str:
    """The colour a slide's shapes sit on: its own background's solid fill
    (every deck slide names one)."""
    bg = slide._element.find("p:cSld/p:bg/p:bgPr", NS)
    assert bg is not None, "a slide without its own background"
    colour = _fill(bg)
    assert colour is not None
    return colour


def check_notices(data: bytes, mark: str, min_size: float) -> int:
    """Assert every slide of the deck carries ``mark`` as a line of its
    own: next after the title in the shape tree, inside the slide, over
    no other shape (the diagonal mark aside), its text at least
    ``min_size`` points and at 4.5:1 or more against what it sits on (its
    own fill, or the slide's background). Returns the slide count."""
    import io

    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    width, height = prs.slide_width / EMU, prs.slide_height / EMU
    for number, slide in enumerate(prs.slides, start=1):
        shapes = list(slide.shapes)
        texts = [s.text_frame.text if s.has_text_frame else None for s in shapes]
        title = slide.shapes.title
        assert title is not None, number
        at = shapes.index(next(s for s in shapes if s.shape_id == title.shape_id))
        notices = [i for i, t in enumerate(texts) if t == mark and "Review mark" not in
                   shapes[i].name]
        assert notices == [at + 1], (number, [s.name for s in shapes])
        notice = shapes[at + 1]
        box = _box(notice)
        assert 0 <= box[0] and box[2] <= width and 0 <= box[1] and box[3] <= height, \
            (number, box)
        for other in shapes:
            if other is notice or other.name.startswith("Review mark"):
                continue
            assert not _overlaps(box, _box(other)), (number, other.name, texts[
                shapes.index(other)])
        sp_pr = notice._element.find("p:spPr", NS)
        ground = _fill(sp_pr) or background_of(slide)
        for run in notice._element.iterfind(".//a:r", NS):
            colour = run.find("a:rPr/a:solidFill/a:srgbClr", NS).get("val")
            assert contrast(colour, ground) >= 4.5, (number, colour, ground)
            assert int(run.find("a:rPr", NS).get("sz")) / 100 >= min_size, number
    return len(prs.slides)


@pytest.fixture(scope="module")
def pandoc_template(tmp_path_factory):
    """pandoc's default reference.pptx: a clinic's template no one here made."""
    path = tmp_path_factory.mktemp("pandoc") / "reference.pptx"
    subprocess.run([require("pandoc"), "-o", str(path), "--print-default-data-file",
                    "reference.pptx"], check=True, timeout=60)
    return path


def deck(inputs, slug=None, review=None, template=None) -> bytes:
    from handouts.inputs.options import DEFAULT_OPTIONS
    from handouts.render.pptx import render_deck

    brand = inputs.brand if template is None else inputs.brand.model_copy(
        update={"deck_template": template})
    return render_deck(inputs.content, brand, load_layout("deck"), Target(slug),
                       DEFAULT_OPTIONS, review or inputs.review, inputs.clinic).data


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("template", ["built-in", "pandoc"])
def test_every_draft_slide_says_so_after_its_title(editions, pandoc_template, language,
                                                   template):
    inputs = editions[language]
    data = deck(inputs, None, None, pandoc_template if template == "pandoc" else None)
    with speaking(inputs.content.meta.language):
        mark = say("review.draft")
    # At least 18 pt (the minimum body size on pandoc's 10-inch slide).
    assert check_notices(data, mark, 18) >= 15


@pytest.mark.parametrize("name", LIBREOFFICE_TEMPLATES)
def test_on_libreoffice_templates_too(editions, templates, name):
    """On templates with their own title and section slides: the notice
    under (or above) the title, the subtitle moved clear of it."""
    data = deck(editions["en"], None, None, templates[name])
    assert check_notices(data, say("review.draft"), 18) >= 15


def test_a_changed_decks_notice_says_so(editions):
    inputs = editions["en"]
    data = deck(inputs, "crps", CHANGED)
    check_notices(data, review_mark(CHANGED), 24)


def test_an_approved_deck_has_no_notice(editions):
    import io

    from pptx import Presentation

    prs = Presentation(io.BytesIO(deck(editions["en"], "crps", approved_review())))
    for slide in prs.slides:
        assert not any(s.has_text_frame and "DRAFT" in s.text_frame.text for s in slide.shapes)


def test_the_notice_reads_in_libreoffice(editions, pandoc_template, tmp_path):
    """Laid out by LibreOffice without the brand's font, on pandoc's
    template: every page shows the notice's words on one line inside the
    page, and no other line of text lies over it (the diagonal mark's
    words aside)."""
    from tools import soffice_to_pdf

    inputs = editions["en"]
    path = tmp_path / "crps.pptx"
    path.write_bytes(deck(inputs, "crps", None, pandoc_template))
    pdf = soffice_to_pdf(path, tmp_path, brand_fonts=False)
    html = subprocess.run([require("pdftotext"), "-bbox", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    mark = say("review.draft")
    mark_words = set(mark.split())
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert len(pages) >= 15
    for number, (w, h, body) in enumerate(pages, start=1):
        words_on = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">'
            r"([^<]*)</word>", body)]
        line = band_words(words_on, mark)
        assert line and line[0][3] - line[0][1] < 40, number  # upright, one line
        box = (line[0][0], min(x[1] for x in line), line[-1][2], max(x[3] for x in line))
        assert 0 <= box[0] and box[2] <= float(w) and 0 <= box[1] and box[3] <= float(h)
        for other in words_on:
            if other in line or not other[4].strip() or any(
                    other[4] in m for m in mark_words):  # the diagonal mark's pieces
                continue
            assert not _overlaps(box, other[:4]), (number, other[4])
