"""Languages: every fixed word from a catalogue (proved with a
pseudo-translation), the Spanish edition in Spanish from end to end, dates
from Babel, language tags on PDFs and decks, and the commands' --lang."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from pptx import Presentation

from conftest import approved_review, invoke
from handouts.assemble.jobs import load_inputs
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import load_page_layout
from handouts.inputs.target import WHOLE, Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render import wording
from handouts.render.wording import Catalogue, catalogue, say, speaking
from pdfread import reader, text_of

SPANISH = content_for(DEFAULT_CONTENT, "es")
OPEN, CLOSE = "‹", "›"  # the pseudo-translation's marks (Atkinson Hyperlegible has them)


def render_all(inputs, layouts=("standard", "large-print")) -> dict[str, str]:
    """Name -> text of every handout (each layout, and the booklet) and every
    deck (slides and notes) of ``inputs``."""
    from handouts.assemble.jobs import DeckJob

    from handouts.render.pdf import render_handout

    content = inputs.content
    texts = {}
    for layout in layouts:
        targets = [Target(s) for s in content.slugs] + ([WHOLE] if layout == "standard" else [])
        for target in targets:
            data = render_handout(content, inputs.brand, load_page_layout(layout), target,
                                  "letter", inputs.review, inputs.clinic).data
            texts[f"{target.slug or 'booklet'} {layout}"] = text_of(data)
    for target in (WHOLE, *(Target(s) for s in content.slugs)):
        prs = Presentation(io.BytesIO(DeckJob(target).render(inputs).data))
        texts[f"deck {target.slug or 'seminar'}"] = "\n".join(
            [p.text for s in prs.slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs]
            + [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide])
    return texts


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def data_strings(inputs) -> list[str]:
    """Every text the content, brand and clinic file hold (and each of their
    sentences, as decks may set a sentence alone), longest first."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(inputs.content.model_dump(mode="json"))
    walk(inputs.brand.model_dump(mode="json"))
    if inputs.clinic:
        walk(inputs.clinic.model_dump(mode="json"))
    # Explanations of medical words first: a handout adds them inside the
    # content's sentences, which then read as the content again (and content
    # that explains a word itself reads as it does with them taken out).
    explained = [f" ({t.means})" for t in (*inputs.content.glossary,
                                            *(inputs.clinic.glossary if inputs.clinic else ()))]
    plain = []
    for text in found:
        for e in explained:
            text = text.replace(e, "")
        plain.append(text)
    sentences = [s for text in found + plain for s in re.split(r"(?<=[.?!])\s+", text)]
    words = {flat(s) for s in found + plain + sentences if s.strip()}
    return explained + sorted(words, key=len, reverse=True)


def unmarked_words(text: str, data: list[str], furniture: tuple[str, ...] = ()) -> list[str]:
    """Words of ``text`` neither inside a catalogue mark nor from the data.
    ``furniture`` (the running header's name) goes first, with bullets and
    separators, so a paragraph that runs onto the next page reads whole."""
    text = flat(text)
    # Data that holds furniture (a source named after the clinic) reads as data.
    for string in data:
        if any(f and f in string for f in furniture):
            text = text.replace(string, " ")
    while True:  # innermost marks first: a message may hold another
        stripped = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
        if stripped == text:
            break
        text = stripped
    for string in furniture:
        text = text.replace(string, " ")
    text = flat(re.sub("[·•]", " ", text))
    for string in data:
        if string.startswith(" ("):
            text = text.replace(string, "")
        elif len(string) > 1:
            text = re.sub(rf"(?<!\w){re.escape(string)}(?!\w)", " ", text)
    return re.findall(r"[^\W\d_]{2,}", text)


@pytest.fixture
def pseudo(monkeypatch):
    """A pseudo-translation ("qps") of the English catalogue: each message
    inside ‹ and ›, placeholders kept, registered for this test only."""
    english = catalogue("en")
    marked = {key: tuple(f"{OPEN}{m}{CLOSE}" for m in text) if isinstance(text, tuple)
              else f"{OPEN}{text}{CLOSE}" for key, text in english.messages.items()}
    marked["typeset.phrase_starts"] = english.messages["typeset.phrase_starts"]  # not printed
    monkeypatch.setattr(wording, "_REGISTERED", {"qps": Catalogue("qps", marked,
                                                                  english.plural)})
    return "qps-ploc"


def test_every_printed_label_comes_from_the_catalogue(pseudo):
    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    content = inputs.content.model_copy(update={"meta": inputs.content.meta.model_copy(
        update={"language": pseudo})})
    inputs = inputs.__class__(content, inputs.brand, inputs.review, inputs.clinic)
    texts = render_all(inputs)
    data = data_strings(inputs)
    assert any(OPEN + "At a glance" + CLOSE in flat(t) for t in texts.values())
    for name, text in texts.items():
        furniture = (inputs.brand.clinic.name, flat(inputs.brand.disclaimer))
        # The booklet's contents numbers are drawn when the pages are done,
        # after page 1's footer: a run of page numbers, furniture.
        text = re.sub(r"(?:\b\d{1,3}\s+){6,}", " ", flat(text))
        assert unmarked_words(text, data, furniture) == [], name


def test_the_pseudo_translation_test_can_fail(pseudo):
    data = ["Ketamine for nerve pain"]
    assert unmarked_words(f"{OPEN}Page 1 of 2{CLOSE} Ketamine for nerve pain", data) == []
    assert unmarked_words(f"{OPEN}Page 1 of 2{CLOSE} At a glance", data) == ["At", "glance"]


@pytest.fixture(scope="module")
def spanish():
    inputs = load_inputs(SPANISH, DEFAULT_BRAND)
    return inputs, render_all(inputs)


def english_phrases() -> set[str]:
    """The English catalogue's fixed words: each message's literal parts of two
    words or more (placeholders cut out)."""
    phrases = set()
    for text in catalogue("en").messages.values():
        for message in (text if isinstance(text, tuple) else (text,)):
            for part in re.split(r"\{[^}]*\}", message):
                part = part.strip(" :.,()[]·“”?")
                if len(part.split()) >= 2:
                    phrases.add(part)
    phrases.discard(catalogue("en").messages["typeset.phrase_starts"])
    return phrases


def test_spanish_outputs_print_no_english_words(spanish):
    inputs, texts = spanish
    english = english_phrases()
    assert "At a glance" in english and "Talk with your care team" in english
    en = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    english |= {c.title for c in en.content.conditions} | {q.question for q in en.content.faq}
    english |= {en.brand.disclaimer[:40], en.brand.clinic.tagline}
    for name, text in texts.items():
        flat_text = flat(text)
        assert [p for p in english if p in flat_text] == [], name
        assert "Página 1 de" in flat_text or name.startswith("deck"), name


def test_spanish_handouts_keep_every_condition_and_question(spanish):
    inputs, texts = spanish
    booklet = flat(texts["booklet standard"])
    for cond in inputs.content.conditions:
        assert cond.title in booklet
        assert flat(cond.body[0])[:40] in flat(texts[f"{cond.slug} standard"])
    for q in inputs.content.faq:
        assert q.question in booklet
        assert all(q.question in flat(texts[f"{c.slug} standard"])
                   for c in inputs.content.conditions)
    seminar = flat(texts["deck seminar"])
    assert all(c.title in seminar for c in inputs.content.conditions)


# Spanish runs about a fifth longer than English (docs/languages.md).
SPANISH_MAX_PAGES = {"standard": 6, "large-print": 10}


@pytest.mark.parametrize("layout", list(SPANISH_MAX_PAGES))
def test_spanish_handouts_fit_their_page_limits(layout):
    from handouts.render.pdf import render_handout

    inputs = load_inputs(SPANISH, DEFAULT_BRAND)
    for slug in inputs.content.slugs:
        data = render_handout(inputs.content, inputs.brand, load_page_layout(layout),
                              Target(slug), "letter", inputs.review, inputs.clinic).data
        assert len(reader(data).pages) <= SPANISH_MAX_PAGES[layout], slug


def test_pdf_and_deck_carry_the_language(spanish):
    import pikepdf

    from handouts.assemble.jobs import DeckJob
    from handouts.render.pdf import render_handout

    inputs, _ = spanish
    data = render_handout(inputs.content, inputs.brand, load_page_layout("standard"),
                          Target("crps"), "letter", inputs.review, inputs.clinic).data
    pdf = pikepdf.open(io.BytesIO(data))
    assert str(pdf.Root.Lang) == "es-US"
    assert "<dc:language><rdf:Bag><rdf:li>es-US</rdf:li>" in \
        pdf.Root.Metadata.read_bytes().decode()
    deck = DeckJob(Target("crps")).render(inputs).data
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        slides = [z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/slide")]
        core = z.read("docProps/core.xml").decode()
    langs = {m for s in slides for m in re.findall(r'<a:rPr lang="([^"]+)"', s)}
    assert langs == {"es-US"}
    assert "<dc:language>es-US</dc:language>" in core


def test_dates_come_from_babel():
    day = dt.date(2026, 11, 25)
    with speaking("es-US"):
        assert wording.format_date(day) == "25 de noviembre de 2026"
    with speaking("en-US"):
        assert wording.format_date(day) == "November 25, 2026"
    with speaking("qps-ploc"):  # a language Babel lacks: U.S. English
        assert wording.format_date(day) == "November 25, 2026"


def test_an_approved_spanish_handout_says_so_in_spanish():
    from handouts.render.pdf import render_handout

    inputs = load_inputs(SPANISH, DEFAULT_BRAND)
    data = render_handout(inputs.content, inputs.brand, load_page_layout("standard"),
                          Target("migraine"), "letter", approved_review()).data
    text = flat(text_of(data))
    assert "Revisado por A. Reviewer, MD el 1 de noviembre de 2026" in text
    assert "Próxima revisión: 1 de noviembre de 2027" in text and "Reviewed" not in text


def test_plural_forms_come_from_the_catalogue():
    with speaking("es-US"):
        assert [wording.say_n("clinic.sources", n) for n in (1, 2)] == ["Fuente", "Fuentes"]
    with speaking("en-US"):
        assert [wording.say_n("clinic.sources", n) for n in (1, 3)] == ["Source", "Sources"]


def test_catalogues_are_complete_and_match_the_template():
    from babel.messages.pofile import read_po

    with (wording.LOCALE_DIR / "handouts.pot").open("rb") as fh:
        template = {m.context for m in read_po(fh) if m.context}
    for lang in ("en", "es"):
        cat = catalogue(lang)
        assert set(cat.messages) == template, lang
        assert cat.missing == (), lang
    with speaking("es-US"):
        assert say("handout.glance") == "En resumen"


def test_list_show_and_check_speak_spanish(runner):
    result = invoke(runner, "list", "--lang", "es")
    assert result.exit_code == 0 and "Fibromialgia y dolor generalizado" in result.output
    result = invoke(runner, "show", "migrana", "--lang", "es")  # an alias, accent left out
    assert result.exit_code == 0 and "Migrañas y dolores de cabeza crónicos" in result.output
    result = invoke(runner, "check", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "Fernández-Huerta" in result.output and "INFLESZ" in result.output
    assert "bastante fácil" in result.output and re.search(r"(\d+) of \1 messages translated", result.output)
    result = invoke(runner, "check", "--lang", "es", "--max-grade", "8")
    assert result.exit_code == 0, result.output  # Fernández-Huerta 60 and up everywhere
    result = invoke(runner, "check", "--lang", "es", "--min-inflesz", "90")
    assert result.exit_code == 1 and "FAILS --min-inflesz 90" in result.output


def test_check_reports_what_a_language_lacks(runner, tmp_path):
    import shutil

    spanish = tmp_path / "content.es.yaml"
    shutil.copy(SPANISH, spanish)
    shutil.copy(DEFAULT_CONTENT, tmp_path / "content.yaml")
    french = tmp_path / "content.fr.yaml"
    french.write_text(SPANISH.read_text(encoding="utf-8").replace("language: es-US",
                                                                   "language: fr-FR"),
                      encoding="utf-8")
    result = invoke(runner, "check", "--content", tmp_path / "content.yaml", "--lang", "fr")
    assert "no catalogue for 'fr'" in result.output
    assert "brand translations.fr: no tagline, disclaimer, clinic_info" in result.output


@pytest.mark.parametrize("word,count", [("ketamina", 4), ("día", 2), ("leer", 2), ("muy", 1),
                                        ("y", 1), ("neuropático", 5), ("reajustan", 4),
                                        ("fibromialgia", 4), ("ayuda", 3), ("reyes", 2),
                                        ("pingüino", 3), ("que", 1)])
def test_spanish_syllables(word, count):
    from handouts.report.readability import syllables_es

    assert syllables_es(word) == count


def test_spanish_scores_and_bands():
    from handouts.report.readability import fernandez_huerta_floor, score_es

    easy = score_es("El sol sale. La casa es de mi mamá. Yo la veo.")
    hard = score_es("La administración intravenosa de anestésicos disociativos requiere "
                    "monitorización hemodinámica continua e individualizada.")
    assert easy.szigriszt_pazos > 80 and easy.inflesz == "muy fácil"
    assert hard.szigriszt_pazos < 40 and hard.inflesz == "muy difícil"
    assert hard.fernandez_huerta < easy.fernandez_huerta
    assert fernandez_huerta_floor(8) == 60 and fernandez_huerta_floor(6) == 70


def test_spanish_is_hyphenated_with_soft_hyphens(tmp_path):
    """Long Spanish words break at line ends, and the tagged text a screen
    reader reads keeps each word whole (the added hyphen is U+00AD)."""
    import subprocess

    from handouts.render.pdf import render_handout
    from tools import require

    inputs = load_inputs(SPANISH, DEFAULT_BRAND)
    path = tmp_path / "es.pdf"
    path.write_bytes(render_handout(inputs.content, inputs.brand, load_page_layout("standard"),
                                    Target("neuropathic-pain"), "letter", inputs.review,
                                    inputs.clinic).data)
    tagged = subprocess.run([require("pdfinfo"), "-struct-text", str(path)], check=True,
                            capture_output=True, text=True).stdout
    drawn = subprocess.run([require("pdftotext"), str(path), "-"], check=True,
                           capture_output=True, text=True).stdout
    assert re.search(r"\w\u00ad\n", drawn)  # some word was hyphenated at a line's end
    assert not re.findall(r"[^\W\d_]-\s+[a-záéíóúñ]", tagged)  # and none reads as two
    assert "químicos. Algunos mensajeros" in tagged  # "Al-" / "gunos" on the page


# A Spanish preposition right before a capitalised title ("sobre Síndrome de
# dolor…"): Spanish wants the article and a small letter ("sobre el
# síndrome…"), or the title set off after a colon.
_BARE_TITLE = re.compile(r"\b(sobre|de|en|con|para|del) [A-ZÁÉÍÓÚÑ][a-záéíóúñ]")


def _cover_texts(lang: str) -> list[str]:
    from handouts.inputs.layouts import load_layout
    from handouts.render.pptx import render_deck

    inp = load_inputs(content_for(DEFAULT_CONTENT, lang), DEFAULT_BRAND)
    out = []
    for cond in inp.content.conditions:
        prs = Presentation(io.BytesIO(render_deck(
            inp.content, inp.brand, load_layout("deck"), Target(cond.slug),
            review=inp.review, clinic=inp.clinic).data))
        out += [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    return out


def test_a_spanish_cover_names_its_condition_as_spanish_does():
    """Each Spanish condition deck's cover reads as Spanish: no
    "Un seminario para pacientes sobre Síndrome de dolor…"."""
    texts = _cover_texts("es")
    assert any("Síndrome de dolor regional complejo" in t for t in texts)
    assert [t for t in texts if _BARE_TITLE.search(t)] == []
    # Planted: the old wording is caught.
    assert _BARE_TITLE.search("Un seminario para pacientes sobre Síndrome de dolor regional")
