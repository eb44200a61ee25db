"""The clinic's sources, as a patient reads them (issue 23, CCI item 7 and
PEMAT item 2): statements print as plain sentences, with no "[1]" after
each; the sources are listed once, last, each with the parts of the
handout it backs ("Used in: Under the main message; At a glance; ..."), named as
the handout heads them and only parts the handout prints. The clinic file,
which the reviewer approves, gives every statement its source; the
presenter's notes keep the numbers."""
from __future__ import annotations

import re

import pytest

from handouts.assemble.jobs import load_inputs
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import load_layout
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.html import render_web
from handouts.render.pdf import render_handout
from handouts.render.wording import say, say_n, speaking
from pdfread import text_of

MARKER = re.compile(r"\[\d+(?:,\s*\d+)*\]")
USED_IN = {"en": "Used in:", "es": "Se usa en:"}


def flat(text: str) -> str:
    return " ".join(re.sub("\xad\\s*", "", text).split())


@pytest.fixture(scope="module", params=["en", "es"])
def inputs(request):
    return load_inputs(content_for(DEFAULT_CONTENT, request.param), DEFAULT_BRAND)


def lang_of(inputs) -> str:
    return inputs.content.meta.language[:2]


def pdf_text(inputs, target: Target, layout: str = "standard") -> str:
    data = render_handout(inputs.content, inputs.brand, load_layout(layout), target, None,
                          inputs.review, inputs.clinic).data
    return flat(text_of(data).replace("\xa0", " "))


def expected_uses(inputs, slug: str | None) -> dict[str, str]:
    """Each source's "Used in" line, built from the clinic file by hand:
    the evidence line and "At a glance" in a condition's handout only, then
    the sections citing it: in a condition's handout by their box (risks,
    what to do), in the booklet's one box by their own headings."""
    info = inputs.clinic
    uses: dict[str, list[str]] = {}
    with speaking(inputs.content.meta.language):
        if slug is not None:
            for key in info.evidence.line(slug).keys:
                uses.setdefault(key, []).append(say("clinic.use.evidence"))
            for st in info.summary:
                if say("handout.glance") not in uses.setdefault(st.source, []):
                    uses[st.source].append(say("handout.glance"))
        for slot, statements in info.filled():
            for st in statements:
                heading = say(f"clinic.{slot}") if slug is None else \
                    say("clinic.use.risks" if slot in ("approval", "side_effects",
                                                       "who_should_not") else "clinic.use.actions")
                if heading not in uses.setdefault(st.source, []):
                    uses[st.source].append(heading)
        return {key: say("clinic.uses", places="; ".join(names)) for key, names in uses.items()}


@pytest.mark.parametrize("layout", ["standard", "large-print", "summary"])
def test_no_statement_carries_a_source_marker(inputs, layout):
    text = pdf_text(inputs, Target("crps"), layout)
    assert not MARKER.findall(text)
    # The statements are there, as plain sentences.
    assert flat(inputs.clinic.sections.after[0].text)[:40] in text


def test_the_booklet_and_the_web_page_carry_no_marker_either(inputs):
    assert not MARKER.findall(pdf_text(inputs, Target()))
    page = render_web(inputs.content, inputs.brand, Target("crps"), inputs.review,
                      inputs.clinic).data.decode()
    assert not MARKER.findall(re.sub(r"<[^>]+>", " ", page))
    assert page.count('class="uses"') == len(inputs.clinic.source_uses("crps"))


@pytest.mark.parametrize("slug", ["crps", "pelvic-pain", "migraine"])
def test_each_source_is_listed_with_the_parts_it_backs(inputs, slug):
    text = pdf_text(inputs, Target(slug))
    with speaking(inputs.content.meta.language):
        heading = say_n("clinic.sources", len(inputs.clinic.source_uses(slug)))
    body, listed = text.rsplit(heading + " ", 1)
    for key, uses in expected_uses(inputs, slug).items():
        assert f"{flat(inputs.clinic.sources[key])} {uses}" in listed, (key, uses)
        # Every part named is one the handout prints, above the list.
        for name in uses.split(": ", 1)[1].rstrip(".").split("; "):
            if name not in (say("clinic.use.evidence"), "Bajo el mensaje principal"):
                assert name in body, name  # a heading printed (a box's heading begins so)


def test_the_booklet_names_no_line_it_does_not_print(inputs):
    """The booklet has no evidence line and no clinic "At a glance": its
    sources' lines name neither."""
    text = pdf_text(inputs, Target())
    with speaking(inputs.content.meta.language):
        evidence = say("clinic.use.evidence")
    assert evidence not in text
    for key, uses in expected_uses(inputs, None).items():
        assert f"{flat(inputs.clinic.sources[key])} {uses}" in text, key


def test_the_presenters_notes_keep_the_numbers(inputs):
    from io import BytesIO

    from pptx import Presentation

    from handouts.render.pptx import render_deck
    prs = Presentation(BytesIO(render_deck(inputs.content, inputs.brand, load_layout("deck"),
                                           Target("crps"), review=inputs.review,
                                           clinic=inputs.clinic).data))
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides
                     if s.has_notes_slide)
    assert MARKER.search(notes)
