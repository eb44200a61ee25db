"""Typesetting a print shop would accept: titles broken between phrases
with balanced lines, never one word alone; numbers kept with their words."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import approved_review, render_pdf
from handouts.render.fonts import brand_fonts
from handouts.inputs.values import typographic, typographic_citation
from handouts.render.typeset import keep_numbers_together, title_lines
from pdfread import reader


def test_numbers_stay_with_their_words():
    assert keep_numbers_together("1200 River Road, Suite 300, Springfield, ST 00000") == \
        "1200 River Road, Suite\u00a0300, Springfield, ST\u00a000000"
    assert keep_numbers_together("(555) 010-0199") == "(555)\u00a0010-0199"
    assert keep_numbers_together("no numbers here") == "no numbers here"


@pytest.mark.parametrize("title,lines", [
    ("Chronic Nerve Pain (Neuropathic Pain)", ["Chronic Nerve Pain", "(Neuropathic Pain)"]),
    ("Pain After Surgery and Phantom Limb Pain", ["Pain After Surgery", "and Phantom Limb Pain"]),
    ("Short Title", ["Short Title"]),
])
def test_titles_break_between_phrases(brand, title, lines):
    bold = brand_fonts(brand).bold
    assert title_lines(title, bold, 24, 300) == lines


def _title_lines(data: bytes, title: str) -> list[str]:
    """The lines of page 1 that hold the title's words, in order."""
    words = set(title.split())
    text = reader(data).pages[0].extract_text().splitlines()
    # (not the running line at the top, "Fibromyalgia · KET-FIBR-EN-STD 2026-11")
    start = next(i for i, line in enumerate(text)
                 if line.split()[0] == title.split()[0] and "KET-" not in line)
    out = []
    for line in text[start:]:
        if not set(line.split()) <= words:
            break
        out.append(line.strip())  # lines end with a space (see decor._SpacedLines)
    return out


@pytest.mark.parametrize("layout", ["standard", "large-print"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_no_title_leaves_a_word_alone(content, brand, layout, paper):
    for cond in content.conditions:
        data = render_pdf(content, brand, layout, cond, paper).data
        lines = _title_lines(data, cond.title)
        assert " ".join(lines) == cond.title, (cond.slug, lines)
        if len(lines) > 1:
            assert len(lines[-1].split()) > 1, (cond.slug, lines)
            # Broken between phrases where the title has a phrase break that does
            # not leave a word alone: the next line starts one ("and ...", "(...").
            inner = cond.title.split()[1:-1]
            if any(w.lower() in ("and", "or") or w.startswith("(") for w in inner):
                assert lines[1].split()[0].lower() in ("and", "or") or \
                    lines[1].startswith("("), (cond.slug, lines)


def test_a_zip_code_never_stands_alone(content, brand):
    """An address that wraps keeps "ST 00000" together on one line."""
    contact = brand.contact.model_copy(update={
        "address": "1200 Riverside Professional Plaza Boulevard, Building C, Springfield, ST 00000"})
    branded = brand.model_copy(update={"contact": contact})
    data = render_pdf(content, branded, "standard", content.condition("crps")).data
    lines = [ln.strip() for p in reader(data).pages for ln in p.extract_text().splitlines()]
    assert "00000" not in lines and "ST" not in lines
    assert any(ln.endswith("ST 00000") or ln.endswith("ST\u00a000000") for ln in lines)


@pytest.mark.parametrize("layout", ["standard", "large-print"])
def test_main_message_lines_are_balanced(content, brand, layout):
    """The main message never leaves one word alone on its last line."""
    for cond in content.conditions:
        data = render_pdf(content, brand, layout, cond).data
        text = reader(data).pages[0].extract_text().splitlines()
        words = cond.main_message.split()
        start = next(i for i, ln in enumerate(text) if ln.startswith(" ".join(words[:2])))
        lines, seen = [], 0
        while seen < len(words):
            lines.append(text[start + len(lines)].strip())
            seen += len(lines[-1].split())
        assert " ".join(lines) == cond.main_message, (cond.slug, lines)
        assert len(lines[-1].split()) > 1, (cond.slug, lines)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_booklet_sections_start_with_their_text(content, brand, paper):
    """No page of the booklet ends with a condition's heading or its "at a
    glance" box: each stays with the section's first paragraph."""
    data = render_pdf(content, brand, "standard", None, paper).data
    furniture = ("This handout is for education", "care team whether", "DRAFT", "Page ")
    box_lines = {p for c in content.conditions for p in c.key_points}
    headings = {c.title for c in content.conditions}
    for number, page in enumerate(reader(data).pages, start=1):
        lines = [ln.strip() for ln in page.extract_text().splitlines()
                 if ln.strip() and not ln.strip().startswith(furniture)]
        last = lines[-1]
        assert last not in headings, (number, last)
        assert not any(last.lstrip("• ").startswith(p[:30]) for p in box_lines), (number, last)


def word_problems(data: bytes, margin: float, tmp_path) -> list[tuple]:
    """(page, word, problem) for every word poppler finds outside the page's
    ``margin`` or on top of another word."""
    import re
    import subprocess

    from tools import require

    pdf = tmp_path / "check.pdf"
    pdf.write_bytes(data)
    html = subprocess.run([require("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    problems = []
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    for number, (w, h, body) in enumerate(pages, start=1):
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
            r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<',
            body)]
        for x0, y0, x1, y1, t in words:
            if not (margin <= x0 and x1 <= float(w) - margin and margin <= y0
                    and y1 <= float(h) - margin):
                problems.append((number, t, "outside the margins"))
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                dx = min(a[2], b[2]) - max(a[0], b[0])
                dy = min(a[3], b[3]) - max(a[1], b[1])
                # A word's box is the font's full ascent and descent, so lines set
                # at a title's tight leading share a sliver; text drawn over text
                # shares far more than 15 % of a word's height.
                if dx > 0.5 and dy > 0.15 * min(a[3] - a[1], b[3] - b[1]):
                    problems.append((number, f"{a[4]} / {b[4]}", "overlap"))
    return problems


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("layout", ["standard", "large-print"])
def test_no_two_words_overlap_and_none_leaves_the_margins(content, brand, tmp_path, paper,
                                                           layout):
    """Every word of every handout (with the clinic's box), as poppler reads
    its box: inside the page's margins, and on top of no other word. An
    approved edition, as a draft's diagonal mark is meant to cross the text."""
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.layouts import load_layout
    from handouts.inputs.target import WHOLE, Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import render_handout

    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    lay = load_layout(layout)
    margin = min(lay.margins.left, lay.margins.right, lay.margins.top, lay.margins.bottom) - 1
    targets = [Target(s) for s in content.slugs] + ([WHOLE] if layout == "standard" else [])
    for target in targets:
        data = render_handout(inputs.content, inputs.brand, lay, target, paper, approved_review(),
                              inputs.clinic).data
        assert word_problems(data, margin, tmp_path) == [], target.slug or "booklet"


def test_the_word_check_can_fail(content, brand, tmp_path):
    """Lines set at half their size's leading do overlap, and are caught."""
    from handouts.inputs.layouts import TextStyle, load_layout
    from handouts.inputs.target import Target
    from handouts.render.pdf import render_handout

    lay = load_layout("standard")
    cramped = lay.model_copy(update={"type": lay.type.model_copy(update={
        "body": TextStyle(size=12, leading=6)})})
    data = render_handout(content, brand, cramped, Target("crps"), None, approved_review()).data
    assert any(kind == "overlap" for _, _, kind in word_problems(data, 30, tmp_path))


@pytest.mark.parametrize("layout", ["standard", "large-print"])
def test_a_long_clinic_name_and_disclaimer_collide_with_nothing(content, brand, tmp_path,
                                                                layout):
    """A 120-character clinic name and a long disclaimer: the page-1 header
    sets the name smaller to fit its band, later pages' running header fits
    the column, the footer grows, and a date never breaks inside."""
    from handouts.inputs.layouts import load_layout
    from handouts.inputs.target import WHOLE, Target
    from handouts.render.pdf import render_handout

    long_name = ("Riverside Regional Interdisciplinary Pain Management, Wellness and "
                 "Rehabilitation Center of Greater Springfield County")
    branded = brand.model_copy(update={
        "clinic": brand.clinic.model_copy(update={"name": long_name}),
        "disclaimer": "This handout is for education only. " * 8})
    lay = load_layout(layout)
    margin = min(lay.margins.left, lay.margins.right, lay.margins.top, lay.margins.bottom) - 1
    for target in (Target("crps"), WHOLE):
        data = render_handout(content, branded, lay, target, None, approved_review()).data
        assert word_problems(data, margin, tmp_path) == [], target.slug
        for page in reader(data).pages:
            lines = page.extract_text().splitlines()
            assert not any(ln.strip().startswith(("2027", "2026")) for ln in lines), lines[-3:]


@pytest.mark.parametrize("typed,printed", [
    ('Doctors call this "central sensitization." It',
     "Doctors call this “central sensitization.” It"),
    ("the nervous system's pain", "the nervous system’s pain"),
    ("improving patients' lives", "improving patients’ lives"),
    ("('quoted') and \"this\"", "(‘quoted’) and “this”"),
    ("relief -- for some", "relief—for some"),
    ("before - and after", "before – and after"),
    ("wait...", "wait…"),
    ("(555) 010-0199, re-map, flare-ups", "(555) 010-0199, re-map, flare-ups"),
])
def test_punctuation_is_typographic(typed, printed):
    assert typographic(typed) == printed


def test_citations_join_page_ranges_with_an_en_dash():
    assert typographic_citation("Reg Anesth Pain Med 2018;43(5):521-546.") == \
        "Reg Anesth Pain Med 2018;43(5):521\u2013546."


@given(st.text(alphabet=st.sampled_from(list("ab1 -.'\"()"))))
def test_typographic_text_is_stable_and_loses_no_letter(text):
    once = typographic(text)
    assert typographic(once) == once
    assert "'" not in once and '"' not in once
    assert [c for c in once if c.isalnum()] == [c for c in text if c.isalnum()]


def test_every_printed_quote_and_dash_is_typographic(content, brand):
    """Every handout and deck (slides and notes) of the bundled edition and
    brand, with the clinic's file: no typewriter quote, no spaced hyphen."""
    import io

    from pptx import Presentation

    from conftest import render_pptx
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import WHOLE, Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import render_handout
    from pdfread import text_of

    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    texts = {}
    for target in [WHOLE, *(Target(s) for s in content.slugs)]:
        data = render_handout(inputs.content, inputs.brand, load_page_layout("standard"), target,
                              "letter", inputs.review, inputs.clinic).data
        texts[target.slug or "booklet"] = text_of(data)
    for cond in (None, *content.conditions):
        prs = Presentation(io.BytesIO(render_pptx(content, brand, cond).data))
        texts[f"deck {cond.slug if cond else 'seminar'}"] = "\n".join(
            [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
            + [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide])
    assert any("’" in t for t in texts.values()) and any("“" in t for t in texts.values())
    for name, text in texts.items():
        assert not re.findall(r"""['"]| - """, text), name


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("layout", ["standard", "large-print"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_no_page_ends_with_a_heading(layout, paper, language):
    """A section heading is never the last text of a page, its text on the
    next: in every condition handout (with the clinic's box), both layouts,
    both papers, both languages."""
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.editions import content_for
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import render_handout
    from handouts.render.wording import condition_heading, say, speaking

    inputs = load_inputs(content_for(DEFAULT_CONTENT, language), DEFAULT_BRAND)
    content = inputs.content
    with speaking(content.meta.language):
        headings = {say(k) for k in ("handout.keep_in_mind", "faq.heading",
                                     "checklist.heading", "contact.heading")}
        headings |= {content.introduction.how_it_works_title,
                     say("clinic.box", clinic=inputs.brand.clinic.name)}
        headings |= {condition_heading(c) for c in content.conditions}
        furniture = (inputs.brand.disclaimer[:30], say("review.draft")[:12],
                     inputs.brand.clinic.name)
    for cond in content.conditions:
        data = render_handout(content, inputs.brand, load_page_layout(layout), Target(cond.slug),
                              paper, inputs.review, inputs.clinic).data
        for number, page in enumerate(reader(data).pages, start=1):
            lines = [ln.strip() for ln in page.extract_text().splitlines() if ln.strip()]
            text = [ln for ln in lines if not any(f in ln for f in furniture)
                    and not inputs.brand.disclaimer.endswith(ln)]
            assert text and text[-1] not in headings, (cond.slug, number, text[-1:])
