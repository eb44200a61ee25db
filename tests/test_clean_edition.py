"""The bundled edition is a clean, faithful rewrite of the spun article."""
import re

import pytest

from handouts.paths import DEFAULT_CONTENT

# Spun phrases found in the source article. None may reach any output; the
# renderer tests check rendered text against the same list.
SPUN_PHRASES = [
    "ache", "aches", "thoughts", "frightened machine", "involved system", "involved device",
    "anxious gadget", "nervous gadget", "spinal twine", "hobby", "ultra-modern", "soreness",
    "consolation", "placed up", "taking images", "decided for opportunity", "artwork via",
    "pores and skin", "step forward remedy", "preserved of", "upkeep", "revel in",
    "maximum cancers", "stand-on", "highbrow", "cease-of-life", "body detail", "hysteria",
    "make contributions", "bendy", "doorways", "cure-all ketamine", "trendy remedies",
    "twin advantage", "kingdom", "sufferers", "remedy", "remedies", "manipulation",
    "reveal dosage", "factor outcomes", "awesome candidate", "spoken back", "closing for",
    "constant struggling", "fast-appearing", "one of a kind", "imparting", "gift process",
    "essential pain", "crucial sensitization", "big musculoskeletal", "physical characteristics",
    "state of affairs", "scratch the floor", "urgent on nerves", "publish-surgical",
    "diminishing returns through", "lacking limb", "belief of", "medical interest",
    "face up to", "infected or compressed", "superior bladder", "medical network",
    "masses of humans", "secure, monitored", "international ache", "steady",
    "medicinal capsules", "medicinal pills", "capsules", "sizable", "lengthy",
]


def all_text(content) -> str:
    return DEFAULT_CONTENT.read_text(encoding="utf-8")


def phrase_pattern(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", re.IGNORECASE)


def find_spun(text: str) -> list[str]:
    """Every spun phrase that occurs in ``text`` as whole words."""
    return [p for p in SPUN_PHRASES if phrase_pattern(p).search(text)]


def test_no_spun_phrase_in_the_bundled_edition(content):
    text = " ".join([
        *content.introduction.what_it_is, *content.introduction.how_it_works,
        *content.introduction.key_points, *content.introduction.how_it_works_points,
        *(t for c in content.conditions for t in (c.title, c.short_title, *c.body, *c.key_points)),
        *content.conclusion.body, *content.conclusion.key_points,
        *(t for q in content.faq for t in (q.question, q.answer)),
    ])
    assert find_spun(text) == []


def test_spun_list_catches_the_source(content):
    from conftest import ARTICLE

    found = find_spun(ARTICLE.read_text(encoding="utf-8"))
    assert {"ache", "thoughts", "frightened machine", "spinal twine", "sufferers"} <= set(found)


@pytest.mark.parametrize("slug,facts", [
    ("neuropathic-pain", ["diabetes", "shingles", "sciatica", "burning", "tingling", "America"]),
    ("fibromyalgia", ["tiredness", "exercise", "sleep", "antidepressants", "central sensitization"]),
    ("crps", ["injury or surgery", "skin color", "temperature", "swelling", "spinal cord",
              "maintenance"]),
    ("migraine", ["triptans", "beta blockers", "glutamate", "emergency rooms", "weeks or months"]),
    ("cancer-pain", ["tumors", "chemotherapy", "opioids", "palliative", "dignity"]),
    ("post-surgical-pain", ["amputees", "phantom", "re-map", "series of ketamine infusions"]),
    ("low-back-pain", ["herniated", "arthritis", "muscle strain", "long-term recovery"]),
    ("pelvic-pain", ["endometriosis", "interstitial cystitis", "pelvic floor", "hormone therapy",
                     "bladder function", "anxiety or trauma"]),
])
def test_each_condition_keeps_the_articles_claims(content, slug, facts):
    text = " ".join(content.condition(slug).body)
    for fact in facts:
        assert fact.lower() in text.lower(), (slug, fact)


def test_faq_keeps_the_four_questions(content):
    questions = [q.question for q in content.faq]
    assert "How long" in questions[0] and "last" in questions[0]
    assert "safe" in questions[1] and "long-term" in questions[1]
    assert "other pain medicines" in questions[2]
    assert questions[3] == "Who might ketamine help most?"  # "a good candidate", said plainly
    assert "several weeks to a few months" in content.faq[0].answer
    assert "opioids" in content.faq[2].answer
