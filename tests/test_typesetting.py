"""Typesetting a print shop would accept: titles broken between phrases
with balanced lines, never one word alone; numbers kept with their words."""
from __future__ import annotations

import pytest

from conftest import render_pdf
from handouts.render.fonts import brand_fonts
from handouts.render.pdf.typeset import keep_numbers_together, title_lines
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
    start = next(i for i, line in enumerate(text) if line.split()[0] == title.split()[0])
    out = []
    for line in text[start:]:
        if not set(line.split()) <= words:
            break
        out.append(line)
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
            lines.append(text[start + len(lines)])
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
