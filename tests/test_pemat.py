"""PEMAT-P and the CDC Clear Communication Index, read back from what is
made: every condition handout reads in a logical order (the condition, how
ketamine may help, the risks, what to do, the sources last); "At a glance"
summarises off-label status, a main risk, the ride home and when to call; no
"NMDA" jargon reaches a patient (PDF, web page, slides); the picture of an
infusion has a caption and alternative text; the pelvic-pain handout prints
its own evidence line."""
from __future__ import annotations

import io
import re

import lxml.html
import pikepdf
import pytest
import yaml
from pptx import Presentation

from conftest import invoke
from handouts.assemble.jobs import load_inputs
from handouts.errors import InvalidInput
from handouts.inputs.clinic import load_clinic
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import load_layout
from handouts.inputs.target import WHOLE, Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.citations import places
from handouts.render.html import render_web
from handouts.render.pdf import render_handout
from handouts.render.pictograms import alt_text, caption
from handouts.render.pptx import render_deck
from handouts.render.wording import say, say_n, speaking, topic
from pdfread import reader

CLINICS = {"en": DEFAULT_BRAND.parent / "clinic-info.yaml",
           "es": DEFAULT_BRAND.parent / "clinic-info.es.yaml"}


def flat(text: str) -> str:
    """Words one space apart, words hyphenated at a line's end made whole."""
    return " ".join(re.sub("\xad\\s*", "", text).replace("\xa0", " ").split())


@pytest.fixture(scope="module", params=["en", "es"])
def inputs(request):
    return load_inputs(content_for(DEFAULT_CONTENT, request.param), DEFAULT_BRAND)


def pdf(inputs, slug, layout="standard") -> bytes:
    with speaking(inputs.content.meta.language):
        return render_handout(inputs.content, inputs.brand, load_layout(layout),
                              Target(slug), None, inputs.review, inputs.clinic).data


def pages(data: bytes) -> list[str]:
    return [flat(p.extract_text() or "") for p in reader(data).pages]


@pytest.mark.parametrize("layout", ["standard", "large-print"])
def test_every_handout_reads_condition_help_risks_what_to_do_sources(inputs, layout):
    info = inputs.clinic
    for cond in inputs.content.conditions:
        with speaking(inputs.content.meta.language):
            name = inputs.brand.clinic.name
            marks = [say("handout.about", topic=topic(cond)), say("handout.may_help"),
                     say("clinic.box.risks", clinic=name), flat(info.sections.side_effects[0].text),
                     say("clinic.box.actions", clinic=name), flat(info.sections.before[0].text),
                     say("contact.heading")]
            uses = info.source_uses(cond.slug)
            marks.append(say_n("clinic.sources", len(uses)))
            sources = [flat(f"{info.sources[key]} {places(used, boxed=True)}") for key, used in uses.items()]
            contact = say("contact.heading")
        text = " ".join(pages(pdf(inputs, cond.slug, layout)))
        found = [text.find(flat(m)) for m in marks]
        assert -1 not in found, (cond.slug, [m for m, f in zip(marks, found) if f < 0])
        assert found == sorted(found), (cond.slug, found)
        # What the condition is comes before anything about ketamine's effect on it.
        about, helps = text.find(flat(cond.body[0])[:40]), text.find(marks[1])
        assert 0 <= about < helps, cond.slug
        # The sources are the last thing printed: nothing of the handout after them.
        last = text.rfind(sources[-1][:60])
        assert last > found[-1] and all(text.find(s[:60]) > found[-1] for s in sources)
        tail = text[last + len(sources[-1]):]
        assert not any(flat(q.question) in tail for q in inputs.content.faq), cond.slug
        assert contact not in tail and marks[4] not in tail


def test_at_a_glance_is_a_real_summary(inputs):
    spanish = inputs.content.meta.language.startswith("es")
    wanted = (["fuera de indicación", "presión", "lo lleva a casa", "911"] if spanish else
              ["off-label", "blood pressure", "drives you home", "Call 911"])
    for cond in inputs.content.conditions:
        first = pages(pdf(inputs, cond.slug))[0]
        with speaking(inputs.content.meta.language):
            start = first.index(say("handout.glance"))
            end = first.find(say("handout.about", topic=topic(cond)))
        box = first[start:end if end > start else None]
        for needed in wanted:
            assert needed in box, (cond.slug, needed, box)
        # What the condition is, before the summary's safety facts.
        assert box.find(flat(cond.glance_points[0])[:20]) < box.find(wanted[0])


def test_no_nmda_jargon_reaches_patients(inputs):
    """Not in any handout, web page or slide (a presenter's notes may keep a
    word the slide explains; none do here)."""
    for slug in (*inputs.content.slugs, None):
        target = Target(slug) if slug else WHOLE
        with speaking(inputs.content.meta.language):
            data = render_handout(inputs.content, inputs.brand, load_layout("standard"),
                                  target, None, inputs.review, inputs.clinic).data
            page = render_web(inputs.content, inputs.brand, target, inputs.review,
                              inputs.clinic).data.decode()
        assert "NMDA" not in " ".join(pages(data)), slug
        assert "NMDA" not in lxml.html.document_fromstring(page).text_content(), slug
    deck = Presentation(io.BytesIO(render_deck(
        inputs.content, inputs.brand, load_layout("deck"), WHOLE, review=inputs.review,
        clinic=inputs.clinic).data))
    shown = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    assert shown and not any("NMDA" in t for t in shown)


def _figures(node):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type") != "/MCR":
            if kid.S == "/Figure":
                yield kid
            yield from _figures(kid)


def test_the_infusion_picture_has_a_caption_and_alt_text(inputs):
    with speaking(inputs.content.meta.language):
        alt, shown = alt_text("infusion"), caption("infusion")
        data = pdf(inputs, "crps")
        page = render_web(inputs.content, inputs.brand, Target("crps"), inputs.review,
                          inputs.clinic).data.decode()
        helps, keep = say("handout.may_help"), say("handout.keep_in_mind")
    with pikepdf.open(io.BytesIO(data)) as doc:
        alts = [str(f.get("/Alt", "")) for f in _figures(doc.Root.StructTreeRoot)]
    assert alt in alts
    text = " ".join(pages(data))
    # Under "How ketamine may help", captioned, on the first or second page.
    assert text.index(helps) < text.index(flat(shown)) < text.index(keep)
    tree = lxml.html.document_fromstring(page.replace("\xa0", " "))  # the print rules' spaces
    figure, = [f for f in tree.xpath("//figure") if f.xpath("string(figcaption)") == shown]
    assert figure.xpath("svg[@role='img']/@aria-label") == [alt]
    assert figure.xpath("ancestor::section[1]/h2/text()") == [helps]
    # A picture of an infusion: more than a single drop.
    from handouts.render.pictograms import PICTOGRAMS
    assert len(PICTOGRAMS["infusion"]) > 1


def test_pelvic_pain_prints_its_own_evidence_line(inputs):
    info = inputs.clinic
    own, general = info.evidence.line("pelvic-pain"), info.evidence.line(None)
    assert own is not general and re.search("little or no proof|pocas pruebas o ninguna",
                                            general.text)
    first = pages(pdf(inputs, "pelvic-pain"))[0]
    assert flat(own.text) in first and flat(general.text) not in first
    assert "[" not in first  # no source markers: the sources are listed last
    # Weak evidence, and the bladder problems reported with repeated use, beside the
    # main message that says only what some patients report.
    assert re.search(r"No one knows if it helps pelvic|No se sabe si ayuda", own.text) and re.search(r"bladder|vejiga", own.text,
                                                                     re.I)
    cond = inputs.content.condition("pelvic-pain")
    assert re.match(r"Some patients report|Algunos pacientes dicen", cond.main_message)
    assert first.index(flat(cond.main_message)) < first.index(flat(own.text))
    # A condition without its own line keeps the general one.
    assert info.evidence.line("migraine") is general
    migraine = pages(pdf(inputs, "migraine"))[0]
    assert flat(general.text) in migraine and flat(own.text) not in migraine
    page = render_web(inputs.content, inputs.brand, Target("pelvic-pain"), inputs.review,
                      info).data.decode()
    evidence = lxml.html.document_fromstring(page).xpath("string(//p[@class='evidence'])")
    assert flat(evidence).startswith(flat(own.text))


def test_an_evidence_line_for_a_condition_names_known_sources(tmp_path):
    data = yaml.safe_load(CLINICS["en"].read_text())
    data["evidence"]["conditions"]["pelvic-pain"]["source"] = ["asra-2018", "a-blog"]
    path = tmp_path / "clinic.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(InvalidInput) as err:
        load_clinic(path)
    assert "evidence.conditions.pelvic-pain.source: 'a-blog' is not under sources" \
        in str(err.value)
    assert re.search(r"clinic\.yaml:\d+:", str(err.value))


def test_check_warns_of_an_evidence_line_for_no_condition(runner, tmp_path):
    text = CLINICS["en"].read_text().replace("    pelvic-pain:\n", "    pelvic-pian:\n")
    path = tmp_path / "clinic.yaml"
    path.write_text(text)
    line = text.splitlines().index("    pelvic-pian:") + 1
    result = invoke(runner, "check", "--clinic", path)
    assert f"warning: {path}:{line}: evidence.conditions.pelvic-pian: no condition " \
        "'pelvic-pian' in the content" in result.output
    assert "evidence.conditions" not in invoke(runner, "check").output


def test_the_pelvic_slide_carries_its_own_evidence_line(inputs):
    info, cond = inputs.clinic, inputs.content.condition("pelvic-pain")
    with speaking(inputs.content.meta.language):
        deck = Presentation(io.BytesIO(render_deck(
            inputs.content, inputs.brand, load_layout("deck"), Target("pelvic-pain"),
            review=inputs.review, clinic=info).data))
    slides = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith(cond.title)]
    paras = [flat(p.text) for sh in slides[0].shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs]
    assert flat(info.evidence.line("pelvic-pain").text) in paras
    assert flat(info.evidence.text) not in paras
