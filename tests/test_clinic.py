"""The clinic's own sections: a box on every handout headed as the clinic's,
slides in every deck with the sources in the notes, warnings for empty safety
sections, and the edition itself adding no claim."""
from __future__ import annotations

import io
import re

import pytest
import yaml
from pptx import Presentation

from conftest import invoke
from handouts.assemble.jobs import load_inputs
from handouts.inputs.clinic import SAFETY_SLOTS, SLOTS, load_clinic
from handouts.inputs.layouts import load_layout
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.pdf import render_handout
from handouts.render.pptx import render_deck
from pdfread import printed_in_order, reader, text_of

CLINIC = DEFAULT_BRAND.parent / "clinic-info.yaml"
HEADING = "From Riverside Pain & Wellness Clinic"
# A condition's handout splits the box: the risks, then what to do.
BOX_HEADINGS = ("Risks and safety, from Riverside Pain & Wellness Clinic",
                "What to do, from Riverside Pain & Wellness Clinic")
# With the clinic's own sections (about a page), a condition's handout takes
# two sheets printed on both sides, three in large print.
MAX_PAGES = {"standard": 6, "large-print": 10}


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("layout", list(MAX_PAGES))
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_condition_handout_has_the_clinic_box(inputs, layout, paper):
    info = inputs.clinic
    for slug in inputs.content.slugs:
        rendered = render_handout(inputs.content, inputs.brand, load_layout(layout),
                                  Target(slug), paper, inputs.review, info)
        assert rendered.pages <= MAX_PAGES[layout], (slug, rendered.pages)
        text = flat(text_of(rendered.data))
        # Every page the box reaches says whose it is, at the top of that part.
        # (50 characters: the evidence line on page 1 opens as the approval section does)
        statements = [flat(st.text)[:50] for _, sts in info.filled() for st in sts]
        for page in reader(rendered.data).pages:
            page_text = flat(page.extract_text())
            if any(st in page_text for st in statements):
                heads = [page_text.find(h) for h in BOX_HEADINGS if h in page_text]
                assert heads and HEADING not in page_text, (slug, page_text[:200])
                first = min(page_text.find(st) for st in statements if st in page_text)
                assert min(heads) < first
        for _, statements in info.filled():
            for st in statements:
                # Medical words in it may be explained in brackets (the clinic's glossary).
                # Plain, with no source marker: the sources are listed last.
                assert printed_in_order(st.text, text), st.text
        for key in info.source_uses(slug):
            assert flat(info.sources[key]) in text
        from handouts.render.wording import say

        for slot, _ in info.filled():  # the sample fills every slot, each under its heading
            assert say(f"clinic.{slot}") in text, (slug, slot)


def test_booklet_has_the_clinic_box_and_a_bookmark(inputs):
    rendered = render_handout(inputs.content, inputs.brand, load_layout("standard"), Target(),
                              None, inputs.review, inputs.clinic)
    assert HEADING in [o.title for o in reader(rendered.data).outline]


def test_decks_give_each_section_a_slide_with_sources_in_the_notes(inputs):
    info = inputs.clinic
    for target in (Target(), Target("crps")):
        prs = Presentation(io.BytesIO(render_deck(
            inputs.content, inputs.brand, load_layout("deck"), target, review=inputs.review,
            clinic=info).data))
        titles = [s.shapes.title.text_frame.text for s in prs.slides]
        assert any(t.startswith("Possible side effects") for t in titles)
        assert any(t.startswith("Who should not have ketamine") for t in titles)
        assert any(t.startswith("When to call us, and when to call 911") for t in titles)
        slide = prs.slides[titles.index("After your infusion")]
        body = [sh.text_frame.text.replace("\xa0", " ") for sh in slide.shapes if sh.has_text_frame]
        assert any("at least 24 hours" in t for t in body)
        notes = slide.notes_slide.notes_text_frame.text
        cue, notes = notes.split("\n\n", 1)  # a timing cue first
        assert cue == "About 1 minute."
        assert notes.startswith("From Riverside Pain & Wellness Clinic’s own information")
        assert "[1] U.S. Food and Drug Administration. Ketalar" in notes


def test_without_a_clinic_file_nothing_is_added(inputs):
    rendered = render_handout(inputs.content, inputs.brand, load_layout("standard"),
                              Target("crps"), None, inputs.review, None)
    text = text_of(rendered.data)
    assert HEADING not in text and rendered.pages <= MAX_PAGES["standard"]
    assert not any(h in text for h in BOX_HEADINGS)


def test_sample_clinic_file_cites_a_source_for_every_statement():
    info = load_clinic(CLINIC)
    assert info.review.status == "draft"
    statements = [st for _, sts in info.filled() for st in sts]
    assert len(statements) >= 12 and all(st.source in info.sources for st in statements)
    assert info.empty_safety_slots() == []
    assert all(getattr(info.sections, slot) for slot in SLOTS)  # before, during, cost too


def test_check_warns_for_each_empty_safety_section(runner, brand_dir):
    clinic = brand_dir.parent / "clinic-info.yaml"
    data = yaml.safe_load(clinic.read_text())
    del data["sections"]["side_effects"]
    del data["sections"]["when_to_call"]
    clinic.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = invoke(runner, "check", "--brand", brand_dir)
    assert result.exit_code == 0
    for slot in ("side_effects", "when_to_call"):
        assert f"warning: sections.{slot}: empty" in result.output
    assert set(SAFETY_SLOTS) >= {"side_effects", "when_to_call"}


def test_a_statement_needs_a_known_source(runner, brand_dir):
    clinic = brand_dir.parent / "clinic-info.yaml"
    clinic.write_text(clinic.read_text().replace("source: fda-2023", "source: blog-post"))
    result = invoke(runner, "check", "--brand", brand_dir)
    assert result.exit_code == 1
    assert "sections.side_effects[0].source: 'blog-post' is not under sources" in result.output


def test_the_edition_adds_no_claim():
    """The safety facts live only in the clinic file: none of its statements
    is in the content."""
    content = DEFAULT_CONTENT.read_text()
    for _, statements in load_clinic(CLINIC).filled():
        for st in statements:
            assert flat(st.text) not in flat(content)
    for word in ("off-label", "FDA", "double vision", "24 hours", "psychosis"):
        assert word not in content


# --- What every condition handout and deck gets ----------------------------

def test_every_condition_handout_has_balance_and_a_checklist(inputs):
    from handouts.render.wording import CHECKLIST, say

    lines = inputs.content.introduction.keep_in_mind
    assert len(lines) == 3
    for slug in inputs.content.slugs:
        data = render_handout(inputs.content, inputs.brand, load_layout("standard"),
                              Target(slug), None, inputs.review, inputs.clinic).data
        text = flat(text_of(data))
        assert "Keep in mind" in text and all(flat(ln) in text for ln in lines)
        assert say("checklist.heading") in text
        assert all(say(key) in text for key in CHECKLIST)
    # Each question has a box drawn beside it: six squares on the checklist's page.
    page = next(p for p in reader(data).pages if say("checklist.heading") in p.extract_text())
    stream = page.get_contents().get_data().decode("latin-1")
    import re

    boxes = re.findall(r"n 0 0 ([\d.]+) \1 re S", stream)
    assert len(boxes) == len(CHECKLIST)


def test_balancing_lines_are_the_editions_own_words(content):
    """No claim added: each line is word for word elsewhere in the edition."""
    elsewhere = flat(" ".join([*content.introduction.how_it_works, *content.conclusion.body,
                               *content.conclusion.key_points,
                               *(q.answer for q in content.faq)]))
    for line in content.introduction.keep_in_mind:
        assert flat(line) in elsewhere, line


@pytest.mark.parametrize("edition", ["ketamine-pain.yaml", "ketamine-pain.es.yaml"])
def test_keep_in_mind_holds_cautions_only(edition):
    """Under "Keep in mind", no reassurance and no benefit (issue 23): not
    the close monitoring, not how fast an infusion acts."""
    from handouts.inputs.content import load_content

    lines = load_content(DEFAULT_CONTENT.with_name(edition)).introduction.keep_in_mind
    benefit = re.compile(r"monitor|controlled|acts fast|faster|relief|vigilancia|control|"
                         r"rápido|alivio", re.IGNORECASE)
    assert lines and not [ln for ln in lines if benefit.search(ln)]
    assert any(re.search(r"not a cure-all|no lo cura todo", ln) for ln in lines)


def test_teach_back_prompts_in_condition_and_closing_notes(inputs):
    prs = Presentation(io.BytesIO(render_deck(
        inputs.content, inputs.brand, load_layout("deck"), Target(), review=inputs.review,
        clinic=inputs.clinic).data))
    notes = {s.shapes.title.text_frame.text: s.notes_slide.notes_text_frame.text
             for s in prs.slides}
    for cond in inputs.content.conditions:  # on the slide of its points, on a draft too
        points = notes[f"{cond.short_title}: what to know"]
        assert "Teach-back: ask, “In your own words" in points
        assert "what can it not do?" in points
    assert "Teach-back: ask, “In your own words" in notes["Talk with your care team"]


def test_check_prompts_the_reviewer_with_file_and_line(runner):
    result = invoke(runner, "check")
    assert result.exit_code == 0
    lines = DEFAULT_CONTENT.read_text().splitlines()
    migraine = next(i for i, ln in enumerate(lines, 1) if "powerful treatment" in ln)
    pelvic = next(i for i, ln in enumerate(lines, 1) if "bladder function" in ln)
    out = result.output
    assert f"{DEFAULT_CONTENT}:" in out and "For the medical reviewer" in out
    assert any(ln.strip().startswith(f"{DEFAULT_CONTENT}:") and "'powerful'" in ln
               and any(f":{migraine - k}:" in ln for k in (0, 1, 2))
               for ln in out.splitlines() if "'powerful'" in ln)
    assert "'bladder function': weigh against the bladder and urinary problems" in out
    assert "'cure'" not in out  # "not a cure-all" is a balancing line, not a promise
    assert pelvic > 0
