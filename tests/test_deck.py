"""Decks reopened with python-pptx, and converted by LibreOffice."""
import io
import subprocess

import pytest
from pptx import Presentation
from pptx.util import Emu

from conftest import invoke
from conftest import render_pptx
from test_clean_edition import find_spun
from tools import require, soffice_to_pdf

def deck(content, brand, slug=None, minutes=60, **kw):
    cond = content.condition(slug) if slug else None
    return render_pptx(content, brand, cond, minutes, **kw).data


def open_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def titles(prs):
    return [s.shapes.title.text_frame.text for s in prs.slides]


def all_text(prs, ties: bool = False) -> str:
    """Every text on the slides, as a viewer reads it: a no-break space (a
    tie) as a space, unless ``ties``."""
    text = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes
                      if sh.has_text_frame)
    return text if ties else text.replace("\xa0", " ")


def runs(slide):
    for shape in slide.shapes:
        if shape.has_text_frame:
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    yield shape, para, run


@pytest.fixture(scope="module")
def seminar(content, brand):
    return deck(content, brand, presenter="Dr. Lee", date="December 3, 2026")


@pytest.fixture(scope="module")
def tailored(content, brand):
    return {slug: deck(content, brand, slug) for slug in content.slugs}


def test_seminar_holds_every_part(seminar, content, brand):
    prs = open_deck(seminar)
    text = all_text(prs)
    t = titles(prs)
    assert t[0] == content.meta.title and "Dr. Lee" in text and "December 3, 2026" in text
    assert brand.clinic.name in text
    for needed in ("Today’s talk", "What is ketamine?", "How ketamine works",
                   "Is ketamine right for me?", "Your questions", "Talk with your care team"):
        assert needed in t
    for cond in content.conditions:
        assert cond.title in t
        for point in cond.key_points:
            assert point in text
    for entry in content.faq:
        assert entry.question in t  # one question a slide
    # The phone number as printed: its space before a digit is a no-break space.
    assert brand.contact.phone.replace(" ", "\u00a0") in all_text(prs, ties=True)
    assert find_spun(text) == []


def test_16_by_9(seminar):
    prs = open_deck(seminar)
    assert prs.slide_width * 9 == prs.slide_height * 16


def test_notes_on_every_slide(seminar, content):
    prs = open_deck(seminar)
    for slide in prs.slides:
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 40
    notes = {s.shapes.title.text_frame.text: s.notes_slide.notes_text_frame.text for s in prs.slides}
    crps = content.condition("crps")
    # A timing cue, the full prose of the clean edition, then a teach-back question.
    cue, said = notes[crps.title].split("\n\n", 1)
    assert cue == "About 3 minutes." and said.startswith("\n\n".join(crps.body) +
                                                          "\n\nTeach-back: ")


def test_titles_unique_and_first_in_reading_order(seminar, tailored):
    for data in (seminar, *tailored.values()):
        prs = open_deck(data)
        t = titles(prs)
        assert len(t) == len(set(t))
        for slide in prs.slides:
            assert slide.shapes[0].is_placeholder and slide.shapes[0] == slide.shapes.title


def test_font_sizes_and_bullet_counts(seminar, tailored):
    for data in (seminar, *tailored.values()):
        prs = open_deck(data)
        for slide in prs.slides:
            title = slide.shapes.title
            for shape, para, run in runs(slide):
                size = run.font.size.pt
                assert size >= (36 if shape == title else 24), (shape.name, run.text, size)
            for shape in slide.shapes:
                if shape.has_text_frame and shape != title:
                    assert len(shape.text_frame.paragraphs) <= 6


def test_logo_and_qr_have_alt_text(seminar, brand):
    prs = open_deck(seminar)
    for slide in prs.slides:
        pics = [sh for sh in slide.shapes if sh.shape_type == 13]
        descr = [p._element.nvPicPr.cNvPr.get("descr") for p in pics]
        assert f"{brand.clinic.name} logo" in descr
    last = prs.slides[len(prs.slides) - 1]
    assert any("QR code" in (p._element.nvPicPr.cNvPr.get("descr") or "")
               for p in last.shapes if p.shape_type == 13)


def test_shorter_talks_have_fewer_slides_but_keep_faq_and_contact(content, brand):
    counts = {}
    for minutes in (20, 30, 60):
        for slug in (None, "fibromyalgia"):
            prs = open_deck(deck(content, brand, slug, minutes))
            t = titles(prs)
            counts[slug, minutes] = len(t)
            assert all(q.question in t for q in content.faq)
            assert t[-1] == "Talk with your care team"
    assert counts[None, 20] < counts[None, 60] and counts["fibromyalgia", 20] < counts["fibromyalgia", 60]
    assert 14 <= counts[None, 20] <= 17 and 18 <= counts[None, 60] <= 22
    assert 8 <= counts["fibromyalgia", 20] <= 11 and 13 <= counts["fibromyalgia", 60] <= 20


def test_tailored_deck_holds_only_its_condition(tailored, content):
    for slug, data in tailored.items():
        prs = open_deck(data)
        text = all_text(prs)
        cond = content.condition(slug)
        assert cond.title in titles(prs)
        assert all(point in text for point in cond.key_points)
        # Its section in depth: the gist of each paragraph on the slides, every
        # paragraph whole in their notes.
        notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
        for para in cond.body:
            assert para.split(". ")[0] in text and para in notes
        for other in content.conditions:
            if other.slug != slug:
                assert other.title not in text
                assert not any(p in text for p in other.key_points if p not in cond.key_points)


def test_same_input_same_bytes(content, brand, seminar):
    assert deck(content, brand, presenter="Dr. Lee", date="December 3, 2026") == seminar


def test_long_text_moves_to_continuation_slides(content, brand):
    long_point = "word " * 9 + "end."
    cond = content.condition("crps").model_copy(update={
        "key_points": (long_point.strip(),) * 5,
        "body": ("A very long paragraph that goes on and on " * 300 + "to its end.",)})
    data = render_pptx(content, brand, cond).data
    prs = open_deck(data)
    t = titles(prs)
    # The in-depth slides are numbered as one series: "CRPS in depth (k of N)".
    series = [x for x in t if x.startswith("CRPS in depth (")]
    assert len(series) > 2
    assert series == [f"CRPS in depth ({k}\u00a0of\u00a0{len(series)})" for k in range(1, len(series) + 1)]
    assert len(t) == len(set(t))
    for slide in prs.slides:
        for shape, para, run in runs(slide):
            assert run.font.size.pt >= 24


def test_deck_template_is_used(content, brand, tmp_path):
    """A clinic's template: its layouts, its title and body placeholders."""
    template = Presentation()
    template.slide_width, template.slide_height = Emu(12192000), Emu(6858000)
    layout = next(lay for lay in template.slide_layouts if lay.name == "Title and Content")
    title_ph = next(p for p in layout.placeholders if p.placeholder_format.idx == 0)
    body_ph = next(p for p in layout.placeholders if p.placeholder_format.idx == 1)
    title_ph.left, title_ph.top, title_ph.width, title_ph.height = (
        Emu(400000), Emu(300000), Emu(9000000), Emu(1300000))
    body_ph.left, body_ph.top, body_ph.width, body_ph.height = (
        Emu(400000), Emu(1800000), Emu(11000000), Emu(4700000))
    template.slides.add_slide(template.slide_layouts[0])  # a sample slide to be dropped
    path = tmp_path / "corporate.pptx"
    template.save(path)
    branded = brand.model_copy(update={"deck_template": path})
    prs = open_deck(render_pptx(content, branded, None, 20).data)
    assert prs.slide_width == 12192000
    assert titles(prs)[0] == content.meta.title
    slides = list(prs.slides)
    assert slides[0].slide_layout.name == "Title Slide"  # the template's own cover
    dividers = [s for s in slides if s._element.cSld.get("name") == "section"]
    assert [s.shapes.title.text_frame.text for s in dividers] == \
        [c.short_title for c in content.conditions]
    assert all(s.slide_layout.name == "Section Header" for s in dividers)
    content_slides = [s for s in slides[1:-1] if s not in dividers]
    assert all(s.slide_layout.name == "Title and Content" for s in content_slides)
    for slide in content_slides:
        title = slide.shapes.title
        assert (title.left, title.top) == (400000, 300000)
        body = [sh for sh in slide.placeholders if sh.placeholder_format.idx == 1]
        assert len(body) == 1 and body[0].left == 400000 and body[0].top >= 1800000
        assert body[0].top + body[0].height <= 1800000 + 4700000
    text = all_text(prs)
    assert all(p in text for c in content.conditions for p in c.key_points)


def test_deck_template_runs_in_libreoffice(content, brand, tmp_path):
    require("pdftotext")
    template = Presentation()
    template.slide_width, template.slide_height = Emu(12192000), Emu(6858000)
    path = tmp_path / "corporate.pptx"
    template.save(path)
    pptx = tmp_path / "deck.pptx"
    pptx.write_bytes(render_pptx(content, brand.model_copy(update={"deck_template": path}),
                                 content.condition("crps")).data)
    pdf = soffice_to_pdf(pptx, tmp_path)
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    check_words_inside_pages(bbox, len(open_deck(pptx.read_bytes()).slides))


def test_cli_decks(runner, tmp_path):
    out = tmp_path / "seminar.pptx"
    assert invoke(runner, "deck", "-o", out).exit_code == 0
    result = invoke(runner, "deck", "fibromyalgia", "--presenter", "Dr. Lee", "--minutes", "20",
                    "-o", tmp_path / "f.pptx")
    assert result.exit_code == 0 and result.output.strip() == f"Wrote {tmp_path / 'f.pptx'}"
    prs = open_deck((tmp_path / "f.pptx").read_bytes())
    assert "Dr. Lee" in all_text(prs)
    result = invoke(runner, "deck", "Sciatica", "--out-dir", tmp_path)
    assert (tmp_path / "low-back-pain-seminar.pptx").exists()
    result = invoke(runner, "deck", "--minutes", "5")
    assert result.exit_code == 2


@pytest.mark.parametrize("slug", [None, "crps"])
def test_libreoffice_converts_and_text_stays_on_the_slide(content, brand, tmp_path, slug):
    require("pdftotext")
    pptx = tmp_path / "deck.pptx"
    pptx.write_bytes(deck(content, brand, slug))
    pdf = soffice_to_pdf(pptx, tmp_path)
    n_slides = len(open_deck(pptx.read_bytes()).slides)
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    check_words_inside_pages(bbox, n_slides)


def check_words_inside_pages(bbox_html: str, expected_pages: int, margin: float = 14) -> None:
    """Every word LibreOffice drew lies on its slide, ``margin`` points clear of
    the edges (text boxes sit inside the layout's margins, so overflowing text
    would cross this line)."""
    import re

    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox_html, re.S)
    assert len(pages) == expected_pages
    for number, (w, h, body) in enumerate(pages, start=1):
        words = re.findall(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<', body)
        assert words, f"page {number} has no text"
        for x0, y0, x1, y1, word in words:
            assert margin <= float(x0) and float(x1) <= float(w) - margin, (number, word)
            assert margin <= float(y0) and float(y1) <= float(h) - margin, (number, word)
