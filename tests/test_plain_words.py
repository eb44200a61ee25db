"""What every condition handout and deck gets besides the text: one main
message at the top, medical words explained where a reader first meets
them, and pictograms with captions and alternative text."""
from __future__ import annotations

import io
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from conftest import mark_project, invoke
from handouts.assemble.jobs import load_inputs
from handouts.errors import InvalidInput
from handouts.inputs.content import content_warnings, load_content
from handouts.inputs.layouts import load_layout
from handouts.inputs.model import MAX_GLANCE_WORDS, Term
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.glossary import Explainer
from handouts.render.pdf import render_handout
from handouts.render.pictograms import PICTOGRAMS, alt_text, caption, drawing, pdf_operators
from handouts.render.pptx import render_deck
from handouts.render.order import glance_points
from handouts.render.wording import say, topic
from pdfread import reader, runs, text_of


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)


@pytest.fixture(scope="module")
def handouts(inputs):
    """Every condition's standard handout, with the sample clinic file."""
    return {slug: render_handout(inputs.content, inputs.brand, load_layout("standard"),
                                 Target(slug), None, inputs.review, inputs.clinic).data
            for slug in inputs.content.slugs}


def flat(text: str) -> str:
    return " ".join(text.split())


# --- The explainer ----------------------------------------------------------

TERMS = (Term(term="infusion", forms=("infusions",), means="medicine through a vein"),
         Term(term="dissociative anesthetic", means="a medicine for surgery"),
         Term(term="anesthetic", means="blocks feeling"))


def test_explains_a_word_once_at_its_first_use():
    ex = Explainer(TERMS)
    assert ex.explain("Ketamine infusions help.") == \
        "Ketamine infusions (medicine through a vein) help."
    assert ex.explain("Each infusion is watched.") == "Each infusion is watched."


def test_longest_term_wins_and_case_is_kept():
    ex = Explainer(TERMS)
    assert ex.explain("It is a Dissociative Anesthetic.") == \
        "It is a Dissociative Anesthetic (a medicine for surgery)."
    # "anesthetic" on its own is still unexplained, so it is explained next time.
    assert ex.explain("An anesthetic.") == "An anesthetic (blocks feeling)."


def test_text_that_explains_a_word_itself_is_left_alone():
    ex = Explainer(TERMS)
    assert ex.explain("an infusion (slowly, through a vein)") == \
        "an infusion (slowly, through a vein)"
    assert ex.explain("Infusions are watched.") == "Infusions are watched."  # explained already


def test_parts_of_words_are_not_terms():
    ex = Explainer(TERMS)
    assert ex.explain("pre-infusion checks and infusionist") == \
        "pre-infusion checks and infusionist"


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["infusion", "infusions", "anesthetic", "dissociative "
                                 "anesthetic", "pain", "a", "(", ":", "Infusion"]), max_size=12))
def test_explaining_only_adds_bracketed_meanings(words):
    """Removing the inserted meanings gives the text back; each word is
    explained at most once, however often it appears."""
    text = " ".join(words)
    out = Explainer(TERMS).explain(text)
    stripped = out
    for t in TERMS:
        stripped = stripped.replace(f" ({t.means})", "")
    assert stripped == text
    for t in TERMS:
        assert out.count(f"({t.means})") <= 1


# --- The edition: main messages and the glossary ----------------------------

def test_every_condition_has_a_main_message_in_its_own_words(content):
    assert content_warnings(content) == [] or not any(
        "main_message" in w for w in content_warnings(content))
    for cond in content.conditions:
        assert cond.main_message, cond.slug


def test_check_warns_for_a_missing_or_new_main_message(tmp_path):
    doc = yaml.safe_load(DEFAULT_CONTENT.read_text())
    del doc["conditions"][0]["main_message"]
    doc["conditions"][1]["main_message"] = "Ketamine cures fibromyalgia for good."
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    warnings = content_warnings(load_content(path))
    assert any(w.startswith("conditions.neuropathic-pain.main_message: none yet") for w in warnings)
    assert any(w.startswith("conditions.fibromyalgia.main_message: not a sentence of the "
                            "section") for w in warnings)


def test_a_word_explained_twice_is_refused_with_its_place(tmp_path):
    doc = yaml.safe_load(DEFAULT_CONTENT.read_text())
    doc["glossary"].append({"term": "Infusions", "means": "again"})
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(InvalidInput) as err:
        load_content(path)
    assert "glossary" in str(err.value) and "explained twice" in str(err.value)


def test_changing_the_glossary_after_approval_makes_a_draft(runner, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(DEFAULT_CONTENT.read_text())
    mark_project(tmp_path)
    assert invoke(runner, "approve", "--by", "Ana Ruiz, MD", "--on", "2026-11-01",
                  "--content", str(path)).exit_code == 0
    text = path.read_text().replace("medicine given slowly through a vein",
                                    "medicine dripped into a vein")
    path.write_text(text)
    result = invoke(runner, "check", "--content", str(path))
    assert "glossary" in result.output and "changed" in result.output


# --- Handouts ---------------------------------------------------------------

def test_main_message_is_first_and_emphasised(inputs, handouts):
    body = load_layout("standard").type.body.size
    for cond in inputs.content.conditions:
        data = handouts[cond.slug]
        first = flat(reader(data).pages[0].extract_text())
        assert first.index(cond.main_message) < first.index("At a glance"), cond.slug
        lead = next(r for r in runs(data) if cond.main_message[:20] in r.text)
        assert lead.size > body, (cond.slug, lead.size)
        # Not repeated as a point in the box just under it.
        glance = first[first.index("At a glance"):
                       first.index(say("handout.about", topic=topic(cond)))]
        assert glance.count(cond.main_message) == 0


def test_every_medical_word_is_explained_where_first_printed(inputs, handouts):
    """For each handout: each glossary word in its running text has its
    meaning printed, once, right after the word's first use."""
    glossary = inputs.content.glossary
    checked = 0
    for slug, data in handouts.items():
        text = flat(text_of(data))
        # Running text starts after the title block's main message.
        start = text.index(inputs.content.condition(slug).main_message) + \
            len(inputs.content.condition(slug).main_message)
        running = text[start:]
        # every page's running line: the short title and the leaflet code
        running = re.sub(re.escape(inputs.content.condition(slug).short_title)
                         + r" · KET-[A-Z]+-[A-Z]+-[A-Z]+ \d{4}-\d{2}", "", running)
        furniture = [flat(inputs.brand.disclaimer), "DRAFT — not yet approved for patients",
                     inputs.brand.clinic.name, "·"]
        for piece in furniture:  # headers and footers between pages
            running = running.replace(piece, "")
        running = flat(re.sub(r"Page \d+ of \d+", "", running))
        cond = inputs.content.condition(slug)
        for heading in (say("handout.about", topic=topic(cond)), say("handout.may_help"),
                        *(q.question for q in inputs.content.faq)):
            running = running.replace(heading, "")  # headings stay short; never explained
        for _, statements in inputs.clinic.filled():  # the clinic's words are its own
            for statement in statements:
                running = running.replace(flat(statement.text), "")
        shown = glance_points(cond, inputs.clinic, slug)  # the points "At a glance" prints
        for point in (p for p in cond.glance_points if p in shown):
            # a point the definition would push past 12 words
            if len(Explainer(glossary).explain(point).split()) > MAX_GLANCE_WORDS:
                assert point in running, (slug, point)  # printed without it
                running = running.replace(point, "", 1)
        owner = {sp.lower(): t for t in glossary for sp in t.spellings}
        words = sorted(owner, key=len, reverse=True)  # "dissociative anesthetic" first
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])",
                             re.IGNORECASE)
        seen = set()
        for match in pattern.finditer(running):
            term = owner[match.group(1).lower()]
            if term.term in seen:
                continue
            seen.add(term.term)
            checked += 1
            end = match.end()  # the meaning follows the whole phrase the word sits in
            for phrase in term.phrases:
                whole = re.search(re.escape(phrase), running[max(0, match.start() - 60):],
                                  re.IGNORECASE)
                if whole and max(0, match.start() - 60) + whole.start() <= match.start():
                    end = max(end, max(0, match.start() - 60) + whole.end())
            after = running[end:end + len(term.means) + 3]
            explained_in_place = after.startswith(f" ({term.means})")
            explained_by_text = re.match(r"\s*[(:]", after)
            assert explained_in_place or explained_by_text, (slug, term.term, after)
            assert running.count(f"({term.means})") <= 1, (slug, term.term)
    assert checked >= 30  # the handouts do use the words


def test_issue_words_are_in_the_glossary(content):
    known = {s.lower() for t in content.glossary for s in t.spellings}
    for word in ("infusion", "anesthetic", "dissociative", "nmda receptors", "opioids",
                 "maintenance infusions"):
        assert word in known, word


def test_pictograms_have_captions_and_alt_text_and_draw():
    for name, layers in PICTOGRAMS.items():
        assert caption(name) and alt_text(name) and alt_text(name) != caption(name)
        for layer in layers:
            icon = drawing(layer.icon)
            assert icon.width > 0 and icon.height > 0
        ops = pdf_operators(name, 36.0, (0.1, 0.3, 0.45))
        # One filled path per icon, in the colour asked for, inside saved state.
        assert ops.startswith("q\n0.1000 0.3000 0.4500 rg") and ops.endswith("Q")
        assert sum(line in ("f", "f*") for line in ops.splitlines()) == len(layers)
        assert ops.count("q") == ops.count("Q") and " Tf" not in ops


def test_stored_outlines_are_svglibs_for_the_installed_icons(tmp_path):
    """outlines.json holds svglib's outline of each icon, under its SVG's
    hash: what svglib makes of the installed SVG, every icon the pictograms
    use, and nothing else (run `python -m handouts.render.pictograms` after
    a fontawesomefree or svglib upgrade)."""
    import json

    from handouts.render import pictograms as pg

    stored = json.loads(pg.OUTLINES.read_text())
    assert set(stored) == {ly.icon for layers in PICTOGRAMS.values() for ly in layers}
    for icon in stored:
        assert pg.outline(icon) == pg.outline_by_svglib(icon)
    if {entry["svglib"] for entry in stored.values()} != {pg._svglib()}:
        pytest.skip(f"stored by another svglib than {pg._svglib()} (outlined at run time)")
    fresh = tmp_path / "outlines.json"
    pg.write_outlines(fresh)
    assert json.loads(fresh.read_text()) == stored


def test_outlines_stored_by_another_svglib_are_not_used(monkeypatch):
    """The store is keyed by svglib's version too: under another release,
    every icon is outlined by svglib at run time."""
    from handouts.render import pictograms as pg

    drawn = []
    original = pg.drawing.__wrapped__
    monkeypatch.setattr(pg, "drawing", lambda icon: drawn.append(icon) or original(icon))
    pg.outline.cache_clear()
    try:
        pg.outline("droplet")
        assert drawn == [] or {e["svglib"] for e in pg._stored().values()} != {pg._svglib()}
        drawn.clear()
        pg.outline.cache_clear()
        monkeypatch.setattr(pg, "_svglib", lambda: "0.0.1")
        assert pg.outline("droplet") == pg.outline_by_svglib("droplet")
        assert "droplet" in drawn
    finally:
        pg.outline.cache_clear()


def test_an_icon_unlike_the_stored_one_is_outlined_by_svglib(monkeypatch):
    """Another release's SVG (another hash) is not drawn from the stored outline."""
    from handouts.render import pictograms as pg

    icon = "droplet"
    changed = pg.svg_text(icon).replace("<path ", '<path transform="scale(0.5)" ', 1)
    monkeypatch.setattr(pg, "svg_text", lambda name: changed)
    pg.outline.cache_clear()
    pg.drawing.cache_clear()
    try:
        got = pg.outline(icon)
        stored = pg._stored()[icon]
        assert got.operators != tuple(stored["operators"])
        assert got == pg.outline_by_svglib(icon)
    finally:
        pg.outline.cache_clear()
        pg.drawing.cache_clear()


def test_making_handouts_does_not_import_svglib():
    """With the outlines stored by the installed svglib, svglib is not
    imported (under another release, it outlines the icons at run time)."""
    from tools import fresh_python

    from handouts.render import pictograms as pg

    if {entry["svglib"] for entry in pg._stored().values()} != {pg._svglib()}:
        pytest.skip(f"outlines stored by another svglib than {pg._svglib()}")
    code = ("import sys; from handouts.render.pictograms import PICTOGRAMS, pdf_operators;"
            "[pdf_operators(n, 36.0, (0, 0, 0)) for n in PICTOGRAMS];"
            "print('svglib' in sys.modules)")
    assert fresh_python(code).strip() == "False"


def test_handouts_show_their_pictograms_with_captions(inputs, handouts):
    """The infusion pictogram beside "Keep in mind", "call us" beside the
    phone number, "no driving" beside the clinic's driving statement; each
    caption printed, and each picture drawn in the brand's colour."""
    primary = inputs.brand.colors.primary.hex
    rgb = " ".join(f"{int(primary[i:i + 2], 16) / 255:.5g}" for i in (0, 2, 4))
    for slug, data in handouts.items():
        text = flat(text_of(data))
        for name in ("infusion", "call", "no-driving"):
            assert caption(name) in text, (slug, name)
        pages = reader(data).pages
        streams = "".join(p.get_contents().get_data().decode("latin-1") for p in pages)
        fills = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg\s", streams)
        assert any(" ".join(f"{float(v):.5g}" for v in f) == rgb for f in fills), slug


def test_no_pictogram_without_its_text(inputs):
    """A clinic that writes nothing about driving gets no "no driving" picture."""
    info = inputs.clinic
    # (and nothing about calling: "Call us if ..." would print the caption's words)
    sections = info.sections.model_copy(update={"after": (), "when_to_call": ()})
    # (nor in "At a glance": "No driving for at least 24 hours")
    bare = info.model_copy(update={"sections": sections, "summary": ()})
    data = render_handout(inputs.content, inputs.brand, load_layout("standard"),
                          Target("crps"), None, inputs.review, bare).data
    assert caption("no-driving") not in text_of(data)
    no_phone = inputs.brand.model_copy(update={"contact": inputs.brand.contact.model_copy(
        update={"phone": ""})})
    data = render_handout(inputs.content, no_phone, load_layout("standard"),
                          Target("crps"), None, inputs.review, bare).data
    assert caption("call") not in text_of(data)


def test_unknown_pictogram_is_refused(tmp_path):
    from handouts.inputs.clinic import load_clinic

    clinic = DEFAULT_BRAND.parent / "clinic-info.yaml"
    path = tmp_path / "clinic.yaml"
    path.write_text(clinic.read_text().replace("pictogram: no-driving", "pictogram: no-cars"))
    with pytest.raises(InvalidInput) as err:
        load_clinic(path)
    assert "pictogram" in str(err.value)


# --- Decks ------------------------------------------------------------------

def test_main_message_is_the_subtitle_of_the_condition_slide(inputs):
    cond = inputs.content.condition("crps")
    prs = Presentation(io.BytesIO(render_deck(
        inputs.content, inputs.brand, load_layout("deck"), Target("crps"),
        review=inputs.review, clinic=inputs.clinic).data))
    # One slide, on a draft too (its notice under the title takes no slide more).
    slides = [s for s in prs.slides if s.shapes.title.text_frame.text.startswith(cond.title)]
    assert len(slides) == 1 and slides[0].shapes.title.text_frame.text == cond.title
    body = [sh for sh in slides[0].shapes if sh.has_text_frame and sh != slides[0].shapes.title
            and sh.text_frame.text.replace("\xa0", " ").startswith(cond.main_message)]
    assert body, "main message not first in the body"
    first = body[0].text_frame.paragraphs[0]
    assert first.text.replace("\xa0", " ") == cond.main_message and all(r.font.bold for r in first.runs)
    others = [p.text.replace("\xa0", " ") for p in body[0].text_frame.paragraphs[1:]]
    # The clinic's evidence line right under it; the points on the next slide.
    own = inputs.clinic.evidence.line(cond.slug).text
    assert others == [own] or \
        (len(others) == 1 and others[0].startswith(own)), others
    after = list(prs.slides)[list(prs.slides).index(slides[0]) + 1]
    assert after.shapes.title.text_frame.text == f"{cond.short_title}: what to know"
    shown = [p.text.replace("\xa0", " ") for sh in after.shapes if sh.has_text_frame and sh != after.shapes.title
             for p in sh.text_frame.paragraphs]
    assert [t for t in shown if t in cond.glance_points] == list(cond.glance_points)
    assert cond.main_message not in shown
    # Only the condition's first slide carries it.
    rest = [s for s in prs.slides if s != slides[0]]
    assert not any(cond.main_message == p.text for s in rest for sh in s.shapes
                   if sh.has_text_frame for p in sh.text_frame.paragraphs)


def test_no_meaning_needs_explaining_itself(content):
    """A meaning uses no other glossary word, so it never needs one of its own."""
    for term in content.glossary:
        others = Explainer([t for t in content.glossary if t is not term])
        assert others.explain(term.means) == term.means, term.term


def test_clinic_words_are_explained_from_the_clinic_glossary(inputs, handouts):
    """The clinic's own glossary explains words in its statements ("active
    psychosis (losing touch with what is real)"), once per handout."""
    for term in inputs.clinic.glossary:
        for slug, data in handouts.items():
            text = flat(text_of(data))
            said = [f"{phrase} ({term.means})" for phrase in (*term.phrases, term.term)]
            assert sum(text.count(s) for s in said) == 1, (slug, term.term)
