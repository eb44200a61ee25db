"""Decks made for a room, read back from the .pptx: a draft's condition
slide stays one slide."""
from __future__ import annotations

import io

import pytest
from pptx import Presentation

from handouts.assemble.jobs import load_inputs
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import load_layout
from handouts.inputs.options import DEFAULT_OPTIONS, DeckOptions
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.pptx import render_deck


@pytest.fixture(scope="module")
def editions():
    """Language -> the bundled edition in it, with the sample clinic file
    (a draft: nothing is approved)."""
    return {"en": load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND),
            "es": load_inputs(content_for(DEFAULT_CONTENT, "es"), DEFAULT_BRAND)}


def deck(inputs, slug=None, options: DeckOptions = DEFAULT_OPTIONS, brand=None) -> Presentation:
    data = render_deck(inputs.content, brand or inputs.brand, load_layout("deck"),
                       Target(slug), options, inputs.review, inputs.clinic).data
    return Presentation(io.BytesIO(data))


def titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_drafts_condition_slide_is_one_slide(editions, language):
    """The draft's notice under the title takes its room from the gap
    under the title, and the measure is not twice cautious: every
    condition's key points (main message, the clinic's evidence line and
    its points) stay on one slide, in the seminar and in its own deck."""
    inputs = editions[language]
    assert inputs.review.status != "approved"
    seminar = titles(deck(inputs))
    for cond in inputs.content.conditions:
        own = titles(deck(inputs, cond.slug))
        for where in (seminar, own):
            series = [t for t in where if t.startswith(cond.title)]
            assert series == [cond.title], (language, cond.slug, series)
