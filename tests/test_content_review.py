"""Issue 23: content a medical reviewer can approve. The clinic's evidence
line beside every main message; definitions that never split a phrase and
"At a glance" points within 12 words; the same hedges in both editions,
claim by claim; prompts over every patient-facing text in every language;
reading levels held to grade 6 and INFLESZ 65."""
from __future__ import annotations

import html
import io
import re

import pytest
import yaml
from pptx import Presentation

from conftest import invoke
from handouts.assemble.jobs import load_inputs
from handouts.errors import InvalidInput
from handouts.inputs.clinic import SLOTS, load_clinic
from handouts.inputs.content import load_content
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import load_layout
from handouts.inputs.model import MAX_GLANCE_WORDS, Term
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.glossary import Explainer
from handouts.render.html import render_web
from handouts.render.pdf import render_handout
from handouts.render.pptx import render_deck
from handouts.report.targets import TARGET_GRADE, TARGET_INFLESZ, target_levels
from handouts.report.prompts import catalogue_prompts, text_prompts
from handouts.report.readability import score, score_es
from pdfread import reader

SPANISH = DEFAULT_CONTENT.with_name("ketamine-pain.es.yaml")
CLINICS = {"en": DEFAULT_BRAND.parent / "clinic-info.yaml",
           "es": DEFAULT_BRAND.parent / "clinic-info.es.yaml"}


def flat(text: str) -> str:
    """Words one space apart, words hyphenated at a line's end made whole."""
    return " ".join(re.sub("\xad\\s*", "", text).split())


@pytest.fixture(scope="module", params=["en", "es"])
def inputs(request):
    return load_inputs(content_for(DEFAULT_CONTENT, request.param), DEFAULT_BRAND)


# --- 4. The sample clinic files ---------------------------------------------

@pytest.mark.parametrize("lang", ["en", "es"])
def test_sample_clinic_files_fill_every_slot_from_named_sources(lang):
    info = load_clinic(CLINICS[lang])
    assert [slot for slot, _ in info.filled()] == list(SLOTS)
    assert info.evidence is not None and set(info.evidence.keys) <= set(info.sources)
    statements = {slot: " ".join(st.text for st in sts) for slot, sts in info.filled()}
    by_source = {}
    for _, sts in info.filled():
        for st in sts:
            by_source.setdefault(st.source, []).append(st.text)
    if lang == "en":
        # The label's interaction warning, how long emergence effects last,
        # feeling detached, and why not to drive.
        assert re.search(r"Opioids, benzodiazepines.*slow breathing", statements["side_effects"])
        assert "24 hours later" in statements["side_effects"]
        assert "feel detached" in statements["side_effects"]
        assert re.search(r"confused.*So do not drive", statements["after"])
        assert "911" in statements["when_to_call"] and "insurance" in statements["cost"]
        # The FDA's 2023 communication (on compounded products, its title says
        # so in the list) backs the risks it names: feeling detached, misuse;
        # its warning about products taken at home is not for infusion
        # patients (PEMAT item 2).
        assert by_source["fda-2023"] == ["You may feel detached from yourself or the world "
                                         "around you.", "Ketamine can be misused."]
        # 911 when the patient cannot stay awake is the adult's call.
        assert "the adult with you should call 911" in statements["when_to_call"]
        assert "compounded" not in statements["approval"]
        assert not any("may still use" in t for t in by_source["ketalar-label"])
    else:
        assert re.search(r"opioides, las benzodiacepinas.*respiración lenta",
                         statements["side_effects"])
        assert "24 horas después" in statements["side_effects"]
        assert "preparada en farmacia" not in statements["approval"]
        assert "igual pueden" not in statements["approval"]
        assert "se han reportado" not in statements["side_effects"]  # T6
        assert "abuso" not in statements["who_should_not"]  # C9
        assert "911" in statements["when_to_call"] and "seguro" in statements["cost"]


def test_an_evidence_line_must_name_a_known_source(tmp_path):
    data = yaml.safe_load(CLINICS["en"].read_text())
    data["evidence"]["source"] = ["ketalar-label", "a-blog"]
    path = tmp_path / "clinic.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(InvalidInput) as err:
        load_clinic(path)
    assert "evidence.source: 'a-blog' is not under sources" in str(err.value)


# --- 5. Evidence first ------------------------------------------------------

def test_page_one_carries_the_evidence_line_under_the_main_message(inputs):
    for cond in inputs.content.conditions:
        line = inputs.clinic.evidence.line(cond.slug)  # the condition's own, else the general
        evidence = flat(line.text)
        data = render_handout(inputs.content, inputs.brand, load_layout("standard"),
                              Target(cond.slug), None, inputs.review, inputs.clinic).data
        first = flat(reader(data).pages[0].extract_text())
        main = first.index(flat(cond.main_message))
        assert main < first.index(evidence) < first.index(flat(cond.glance_points[0])[:25]), \
            cond.slug
        # No source marker after it: its sources are listed last, "Used in: Under the main message".
        assert not re.search(re.escape(evidence) + r"\s*\[", first.replace("\xa0", " "))
        uses = inputs.clinic.source_uses(cond.slug)
        assert all("evidence" in uses[k] for k in line.keys)


def test_a_handout_without_a_clinic_file_has_no_evidence_line(inputs):
    data = render_handout(inputs.content, inputs.brand, load_layout("standard"),
                          Target("crps"), None, inputs.review, None).data
    assert flat(inputs.clinic.evidence.line("crps").text) not in flat(reader(data).pages[0].extract_text())


def test_the_condition_slide_and_the_web_page_carry_it(inputs):
    evidence = inputs.clinic.evidence.line("crps").text  # CRPS has its own line
    cond = inputs.content.condition("crps")
    prs = Presentation(io.BytesIO(render_deck(
        inputs.content, inputs.brand, load_layout("deck"), Target("crps"),
        review=inputs.review, clinic=inputs.clinic).data))
    slides = [s for s in prs.slides if s.shapes.title.text_frame.text == cond.title]
    paras = [p.text.replace("\xa0", " ") for sh in slides[0].shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs]
    assert paras.index(cond.main_message) + 1 == next(
        i for i, p in enumerate(paras) if p.startswith(evidence))
    page = render_web(inputs.content, inputs.brand, Target("crps"), inputs.review,
                      inputs.clinic).data.decode().replace("\xa0", " ")  # the print rules' spaces
    lead = re.search(r'<p class="lead">([^<]*)</p>\s*<p class="evidence"[^>]*>([^<]*)</p>',
                     page)
    assert lead and html.unescape(lead.group(1)) == cond.main_message
    assert html.unescape(lead.group(2)).startswith(evidence)
    assert lead.start() < page.index("<h2")  # before the first section


def test_main_messages_keep_the_sources_hedges():
    content = load_content(DEFAULT_CONTENT)
    main = {c.slug: c.main_message for c in content.conditions}
    assert "report" in main["fibromyalgia"] or "say" in main["fibromyalgia"]  # E1
    assert "opioids stop helping" in main["cancer-pain"]  # E2
    assert "reset" not in main["crps"]  # not a mechanism
    assert "often" in main["low-back-pain"]
    # Pelvic pain: what patients report, hedged ("some"), never more than the source.
    assert main["pelvic-pain"].startswith("Some patients report")
    page_one = " ".join(t for c in content.conditions for t in (c.main_message, *c.key_points))
    assert not re.search(r"breakthrough|dramatic", page_one, re.IGNORECASE)


# --- 7. Definitions that read ------------------------------------------------

def test_a_definition_follows_the_whole_phrase():
    terms = [Term(term="infusión", forms=("infusiones",), means="M",
                  phrases=("infusiones de ketamina",)),
             Term(term="psicosis", means="P", phrases=("psicosis activa",))]
    ex = Explainer(terms)
    assert ex.explain("Las infusiones de ketamina actúan.") == \
        "Las infusiones de ketamina (M) actúan."
    assert ex.explain("con psicosis activa, una enfermedad") == \
        "con psicosis activa (P), una enfermedad"
    # Without the phrase, the word alone.
    assert Explainer(terms).explain("Dos infusiones al mes.") == "Dos infusiones (M) al mes."


def test_a_phrase_must_hold_its_word():
    with pytest.raises(ValueError, match="does not contain"):
        Term(term="psicosis", means="P", phrases=("psiquiatría activa",))


def test_a_glance_point_never_grows_past_twelve_words():
    ex = Explainer([Term(term="maintenance treatments", means="more treatments, now and then")])
    point = "For some, relief may last, with occasional maintenance treatments."
    assert ex.explain(point, MAX_GLANCE_WORDS) == point  # 16 words with it: printed without
    assert "maintenance treatments (more" in ex.explain("They need maintenance treatments.")


# Words that may follow an inserted definition: the end of a phrase (a verb,
# a conjunction, a preposition that starts a new phrase), never a word that
# continues the phrase the definition sits in.
PHRASE_STARTS = {
    "en": {"or", "and", "in", "is", "are", "work", "often", "may", "approved", "to"},
    "es": {"o", "y", "es", "actúan", "aprobó", "a", "para", "se", "como", "en", "también"},
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_definition_splits_a_phrase_in_the_bundled_handouts(lang):
    """Every definition inserted in a bundled handout is followed by
    punctuation or a word that starts a new phrase."""
    inputs = load_inputs(content_for(DEFAULT_CONTENT, lang), DEFAULT_BRAND)
    c, info = inputs.content, inputs.clinic
    splits = []
    for cond in c.conditions:
        ex = Explainer((*c.glossary, *info.glossary))
        texts = [*(ex.explain(p, MAX_GLANCE_WORDS) for p in cond.glance_points),
                 *map(ex.explain, (*c.introduction.mechanism(True), *cond.body,
                                   *c.introduction.keep_in_mind, *(q.answer for q in c.faq),
                                   *(st.text for _, sts in info.filled() for st in sts)))]
        meanings = [t.means for t in (*c.glossary, *info.glossary)]
        for text in texts:
            for means in meanings:  # each definition the explainer inserted
                for m in re.finditer(re.escape(f" ({means})") + r" (\w+)", text):
                    if m.group(1).lower() not in PHRASE_STARTS[lang]:
                        splits.append((cond.slug, text[max(0, m.start() - 30):m.end()]))
        points = [ex for ex in texts[:len(cond.glance_points)]]
        assert all(len(p.split()) <= MAX_GLANCE_WORDS for p in points), (cond.slug, points)
    assert splits == []
    # The review's three splits are gone.
    text = " ".join(t for cond in c.conditions for t in cond.body)
    assert "pelvic floor (muscles" not in text and "psicosis (" not in text


def test_glossary_fixes_e4_e5_e6():
    content = load_content(DEFAULT_CONTENT)
    means = {t.term: t.means for t in content.glossary}
    assert "like sleep" in means["anesthetic"]  # a general anesthetic, not a local one
    assert "benefit" not in means["maintenance treatments"]  # assumes no benefit
    assert "migraine" in means["beta blockers"]  # why they are in the migraine section


# --- 8. The same hedges, claim by claim ---------------------------------------

HEDGES = {
    "may": (r"\b(?:may|might|can|could)\b",
            r"\b(?:puede|pueden|podr[ií]a|podr[ií]an|pueda|puedan)\b"),
    "often": (r"(?<!how )\b(?:often|frequently|usually)\b",
              r"\b(?:a menudo|suele|suelen|por lo general)\b"),
    "some": (r"\bsome\b", r"\b(?:algunos|algunas|alg[uú]n|alguna)\b"),
    "many": (r"\bmany\b", r"\b(?:muchos|muchas)\b"),
}
SENTENCE = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[\"“¿¡]?[A-ZÁÉÍÓÚÑ])")


def hedges(text: str, lang: str) -> set[str]:
    i = 0 if lang == "en" else 1
    return {name for name, pats in HEDGES.items() if re.search(pats[i], text, re.IGNORECASE)}


def claims(content) -> list[tuple[str, str]]:
    """(place, text) for every claim the edition prints, in order."""
    intro, end = content.introduction, content.conclusion
    groups = [("what_it_is", intro.what_it_is), ("how_it_works", intro.how_it_works),
              ("key_points", intro.key_points), ("how_points", intro.how_it_works_points),
              ("keep_in_mind", intro.keep_in_mind)]
    for c in content.conditions:
        groups += [(f"{c.slug}.main_message", (c.main_message,)),
                   (f"{c.slug}.key_points", c.key_points), (f"{c.slug}.body", c.body)]
    groups += [("conclusion.body", end.body), ("conclusion.key_points", end.key_points),
               ("faq", tuple(q.answer for q in content.faq))]
    out = []
    for place, texts in groups:
        for i, text in enumerate(texts):
            out += [(f"{place}[{i}].{j}", s) for j, s in enumerate(SENTENCE.split(text))]
    return out


def test_the_editions_have_the_same_hedges_claim_by_claim():
    english, spanish = claims(load_content(DEFAULT_CONTENT)), claims(load_content(SPANISH))
    assert [p for p, _ in english] == [p for p, _ in spanish]  # sentence for sentence
    differ = [(p, en, es) for (p, en), (_, es) in zip(english, spanish)
              if hedges(en, "en") != hedges(es, "es")]
    assert differ == []
    assert sum(bool(hedges(en, "en")) for _, en in english) >= 40  # it does compare hedges


def test_the_hedge_comparison_catches_a_dropped_hedge():
    """The review's C1: the CRPS main message lost its "can"."""
    assert hedges("Ketamine can reset pain processing.", "en") != \
        hedges("Las infusiones actúan porque reajustan el procesamiento.", "es")


def test_spanish_review_fixes_are_in():
    text = SPANISH.read_text(encoding="utf-8")
    for wrong in ("manejo anormal", "gran baja", "eficaz para las migrañas", "más que nunca",
                  "le ayudará a decidir", "tensión de los músculos", "suelo pélvico", "pinzados",
                  "betabloqueantes", "se culpa", "con un control cercano", "cuentan menos dolor",
                  "de largo plazo", "cambian de una persona", "para la mayoría del dolor"):
        assert wrong not in text, wrong
    content = load_content(SPANISH)
    crps = content.condition("crps")
    assert "a menudo" in crps.main_message  # C1: the hedge kept
    assert "sola" in content.condition("cancer-pain").main_message  # C2
    po = (DEFAULT_CONTENT.parents[1].parent / "handouts/locale/es/LC_MESSAGES/handouts.po")
    po_text = po.read_text(encoding="utf-8")
    assert 'msgstr "La ketamina en casos de {topic}"' in po_text  # no bare "para SDRC"
    assert "Agradezca a todos" not in po_text and "Comprobación: pregunte:" not in po_text


# --- 6. The reviewer sees everything ------------------------------------------

def test_spanish_promise_words_are_prompted():
    for word in ("revolucionario", "eficaz", "segura", "milagro", "cura", "garantizado"):
        assert text_prompts("x", f"Es un tratamiento {word} para el dolor."), word
    # Insurance and the caution "not a cure-all" are not promises.
    assert text_prompts("x", "Pregunte a su compañía de seguro médico.") == []
    assert text_prompts("x", "La ketamina no lo cura todo.") == []


def test_catalogue_messages_are_prompted(tmp_path):
    po = DEFAULT_CONTENT.parents[1].parent / "handouts/locale/en/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    planted = tmp_path / "handouts.po"
    planted.write_text(text.replace('msgstr "Could ketamine help my kind of pain?"',
                                    'msgstr "Ketamine will cure my pain, right?"'),
                       encoding="utf-8")
    assert catalogue_prompts(po) == []
    found = catalogue_prompts(planted)
    assert len(found) == 1 and "checklist.1: may promise too much: 'cure'" in found[0]
    assert found[0].startswith(f"{planted}:")


def test_check_prompts_on_the_clinic_file_and_speaker_notes(runner, brand_dir):
    clinic = brand_dir.parent / "clinic-info.yaml"
    clinic.write_text(clinic.read_text().replace(
        "You may have double vision for a while.", "Infusions are safe for everyone."))
    content = brand_dir.parent.parent / "content.yaml"
    data = yaml.safe_load(DEFAULT_CONTENT.read_text())
    data["conclusion"]["speaker_notes"] = "Tell them it is a miracle."
    content.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = invoke(runner, "check", "--brand", brand_dir, "--content", content)
    assert result.exit_code == 0, result.output
    assert any(str(clinic) in ln and "side_effects" in ln and "'safe'" in ln
               for ln in result.output.splitlines())
    assert any("conclusion.speaker_notes" in ln and "'miracle'" in ln
               for ln in result.output.splitlines())


def test_check_prompts_in_spanish(runner):
    result = invoke(runner, "check", "--lang", "es")
    assert result.exit_code == 0
    assert "may promise too much: 'segura'" in result.output
    assert "'eficaz'" in result.output  # the conclusion's "enfoque flexible y eficaz"


def test_check_reports_the_reading_targets(runner):
    result = invoke(runner, "check")
    out = result.output
    assert f"target: grade {TARGET_GRADE:g} or below" in out
    for label in ("key points (all)", "faq answers (all)", "clinic file (all)",
                  "clinic evidence", "key points crps"):
        assert f"  {label}" in out, label
    result = invoke(runner, "check", "--lang", "es")
    assert f"target: INFLESZ {TARGET_INFLESZ:g} or more" in result.output
    assert "  clinic file (all)" in result.output


def test_the_bundled_texts_meet_the_targets():
    """English key points and FAQ answers at grade 6 or lower, as sets and
    each condition's and clinic section's alone (issue 23); Spanish at INFLESZ
    65 or more, the same rows."""
    en = load_content(DEFAULT_CONTENT)
    rows = dict(target_levels(en, load_clinic(CLINICS["en"])))
    assert len(rows) > 3 + len(en.conditions)  # the sets, each condition, each clinic section
    for label, row in rows.items():
        assert row.fk_grade <= TARGET_GRADE, (label, row.fk_grade)
    es = load_content(SPANISH)
    rows = dict(target_levels(es, load_clinic(CLINICS["es"]), score_es))
    assert len(rows) > 3 + len(es.conditions)
    for label, row in rows.items():
        assert row.szigriszt_pazos >= TARGET_INFLESZ, (label, row.szigriszt_pazos)
    # The measure can fail: the FAQ answers as the source words them.
    assert score("When administered under medical supervision, ketamine for pain management "
                 "is considered safe. Physicians carefully monitor dosage, frequency, and "
                 "individual patient response to minimize risks and side effects.").fk_grade \
        > TARGET_GRADE
