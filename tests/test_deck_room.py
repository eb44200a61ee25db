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
from test_templates import LIBREOFFICE_TEMPLATES, templates  # noqa: F401 - a fixture


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


# -- the clinic on the title slide ---------------------------------------------

EMU = 12700


def box(shape) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of ``shape`` in points."""
    return (shape.left / EMU, shape.top / EMU, (shape.left + shape.width) / EMU,
            (shape.top + shape.height) / EMU)


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.fixture(scope="module")
def pandoc_template(tmp_path_factory):
    """pandoc's default reference.pptx: a clinic's template no one here made."""
    import subprocess

    from tools import require

    path = tmp_path_factory.mktemp("pandoc") / "reference.pptx"
    subprocess.run([require("pandoc"), "-o", str(path), "--print-default-data-file",
                    "reference.pptx"], check=True, timeout=60)
    return path


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("template", ["built-in", "pandoc"])
@pytest.mark.parametrize("slug", [None, "crps"])
def test_the_clinic_is_on_the_title_slide(editions, pandoc_template, template, language, slug):
    """The clinic's name, as a paragraph of its own, and its logo on the
    title slide: inside the slide, clear of the title."""
    inputs = editions[language]
    brand = inputs.brand if template == "built-in" else inputs.brand.model_copy(
        update={"deck_template": pandoc_template})
    prs = deck(inputs, slug, brand=brand)
    width, height = prs.slide_width / EMU, prs.slide_height / EMU
    cover = prs.slides[0]
    title = box(cover.shapes.title)
    name = inputs.brand.clinic.name
    holders = [sh for sh in cover.shapes if sh.has_text_frame and sh != cover.shapes.title
               and any(p.text == name for p in sh.text_frame.paragraphs)]
    assert len(holders) == 1, [sh.name for sh in cover.shapes]
    logos = [sh for sh in cover.shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(logos) == 1 and name in logos[0]._element.xpath("string(.//p:cNvPr/@descr)")
    for shape in (holders[0], logos[0]):
        left, top, right, bottom = box(shape)
        assert 0 <= left and right <= width and 0 <= top and bottom <= height, shape.name
        assert not overlaps(box(shape), title), shape.name
    assert not overlaps(box(logos[0]), box(holders[0]))


@pytest.mark.parametrize("name", LIBREOFFICE_TEMPLATES)
def test_the_clinic_is_on_libreoffice_title_slides(editions, templates, name):
    """LibreOffice's templates have a subtitle box and no free corner on
    some title slides: the name goes under the details, and the logo, where
    it fits, under them too, clear of the title and the text."""
    inputs = editions["en"]
    prs = deck(inputs, brand=inputs.brand.model_copy(update={"deck_template": templates[name]}))
    cover = prs.slides[0]
    title = box(cover.shapes.title)
    holders = [sh for sh in cover.shapes if sh.has_text_frame and sh != cover.shapes.title
               and any(p.text == inputs.brand.clinic.name for p in sh.text_frame.paragraphs)]
    assert len(holders) == 1 and not overlaps(box(holders[0]), title)
    for logo in (sh for sh in cover.shapes if sh.shape_type == 13):
        assert not overlaps(box(logo), title)
