
import pydantic
import pytest

from handouts.inputs.content import find_condition
from handouts.inputs.values import Colour, contrast_ratio
from handouts.errors import UnknownCondition
from handouts.inputs.model import MAX_KEY_POINT_WORDS, Condition
from handouts.render.wording import condition_heading

SLUGS = ["neuropathic-pain", "fibromyalgia", "crps", "migraine", "cancer-pain",
         "post-surgical-pain", "low-back-pain", "pelvic-pain"]


def test_eight_conditions_with_fixed_slugs_in_order(content):
    assert list(content.slugs) == SLUGS


def test_every_condition_is_complete(content):
    for cond in content.conditions:
        assert cond.title and cond.short_title and cond.body
        assert 3 <= len(cond.key_points) <= 5, cond.slug
        for point in cond.key_points:
            assert len(point.split()) <= MAX_KEY_POINT_WORDS, point
        assert cond.notes.startswith(cond.body[0])


def test_four_faq_entries(content):
    assert len(content.faq) == 4
    assert all(q.question.endswith("?") and q.answer for q in content.faq)


def test_bundled_edition_is_a_draft(content):
    m = content.meta
    assert m.review.status == "draft" and not m.legacy_review
    assert m.language == "en-US"


def test_model_is_immutable(content):
    with pytest.raises(pydantic.ValidationError):
        content.conditions[0].title = "x"
    assert isinstance(content.conditions, tuple)


@pytest.mark.parametrize("query,slug", [
    ("Sciatica", "low-back-pain"), ("phantom-limb", "post-surgical-pain"),
    ("interstitial-cystitis", "pelvic-pain"), ("neuropathy", "neuropathic-pain"),
    ("CRPS", "crps"), ("  Interstitial Cystitis ", "pelvic-pain"), ("MIGRAINE", "migraine"),
])
def test_find_condition_by_slug_or_alias(content, query, slug):
    assert find_condition(content, query).slug == slug


def test_unknown_condition_suggests_nearest(content):
    with pytest.raises(UnknownCondition) as info:
        find_condition(content, "fibromyalga")
    msg = info.value.format_message()
    assert msg.startswith("Unknown condition 'fibromyalga'. Did you mean 'fibromyalgia'?")
    assert "neuropathic-pain" in msg and info.value.exit_code == 2


def test_key_point_too_long_is_refused():
    with pytest.raises(pydantic.ValidationError, match="fits a slide"):
        Condition(slug="x", title="X", short_title="X", body=("a",),
                  key_points=("one two three four five six seven eight nine ten eleven twelve",
                              "b", "c"))


def test_key_point_count_must_be_three_to_five():
    with pytest.raises(pydantic.ValidationError, match="3 to 5"):
        Condition(slug="x", title="X", short_title="X", body=("a",), key_points=("a", "b"))


@pytest.mark.parametrize("bad", ["red", "#12345", "#GGGGGG", "123456", 12, None])
def test_colour_refuses_bad_values(bad):
    with pytest.raises(ValueError, match="RRGGBB"):
        Colour(bad)


def test_contrast_ratio_known_values():
    assert contrast_ratio(Colour("#000000"), Colour("#FFFFFF")) == pytest.approx(21.0)
    assert contrast_ratio(Colour("#777777"), Colour("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert Colour("#1b4f72") == "#1B4F72" and Colour("#1B4F72").rgb == (27, 79, 114)


def test_section_headings_read_naturally(content):
    assert condition_heading(content.condition("crps")) == "Ketamine for CRPS"
    assert condition_heading(content.condition("low-back-pain")) == \
        "Ketamine for back pain and sciatica"
