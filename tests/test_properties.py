"""Property-based: any valid content renders, and nothing is lost on the way."""
import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from conftest import render_pdf, render_pptx
from handouts.inputs.importer import parse_article
from handouts.inputs.model import Condition, Content, FAQEntry
from handouts.inputs.values import typographic
from pdfread import text_of

# Words from letters the bundled fonts draw, plus markup-like characters.
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéíñóúüç&<>\"'",
               min_size=1, max_size=12).filter(lambda w: re.search(r"[A-Za-z]", w))
SENTENCE = st.lists(WORD, min_size=1, max_size=11).map(" ".join)
# A title or a question: within its limit (handouts/inputs/limits.py).
SHORT = SENTENCE.filter(lambda s: len(s) < 80)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=6).map(lambda s: ". ".join(s) + ".")
KEY_POINTS = st.lists(SENTENCE, min_size=3, max_size=5).map(tuple)
FAQ = st.lists(st.builds(FAQEntry, question=SHORT.map(lambda s: s + "?"), answer=PARAGRAPH),
               min_size=1, max_size=4).map(tuple)
SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def condition(title, body, points):
    return Condition(slug="c", title=title, short_title=title[:20], body=tuple(body),
                     key_points=points)


def flat(text: str) -> str:
    """``text`` with every run of whitespace as one space."""
    return " ".join(text.split())


@SETTINGS
@given(title=SHORT, body=st.lists(PARAGRAPH, min_size=1, max_size=3), points=KEY_POINTS,
       faq=FAQ)
def test_any_content_renders_a_handout_with_every_word(content, brand, title, body, points, faq):
    cond = condition(title, body, points)
    # No glossary: explanations in brackets would sit inside a point by design
    # (tests/test_plain_words.py); here the point is wrapping and markup.
    model = content.model_copy(update={"conditions": (cond,), "faq": faq, "glossary": ()})
    text = flat(text_of(render_pdf(model, brand, "standard", cond).data))
    for phrase in (*points, *(q.question for q in faq)):
        assert typographic(flat(phrase)) in text, phrase  # whole, however it wraps


@SETTINGS
@given(title=SHORT, body=st.lists(PARAGRAPH, min_size=1, max_size=3), points=KEY_POINTS,
       faq=FAQ, minutes=st.sampled_from([20, 45, 60]))
def test_any_content_renders_a_deck_with_every_word(content, brand, title, body, points, faq,
                                                    minutes):
    cond = condition(title, body, points)
    model = content.model_copy(update={"conditions": (cond,), "faq": faq})
    prs = Presentation(io.BytesIO(render_pptx(model, brand, cond, minutes).data))
    paragraphs = {flat(p.text) for s in prs.slides for sh in s.shapes if sh.has_text_frame
                  for p in sh.text_frame.paragraphs}
    for point in points:
        assert typographic(flat(point)) in paragraphs, point  # one bullet, whole
    titles = {flat(s.shapes.title.text_frame.text) for s in prs.slides}
    for q in faq:  # a slide of its own, or a numbered series when the answer is long
        question = typographic(flat(q.question))
        assert question in titles or any(t.startswith(f"{question} (1 of ") for t in titles), \
            q.question
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert len(titles) == len(set(titles))


HEADING = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9),
                   min_size=1, max_size=4).map(lambda ws: " ".join(ws).title())


@settings(max_examples=40, deadline=None)
@given(title=HEADING, intro=st.lists(PARAGRAPH, min_size=1, max_size=3),
       sections=st.lists(st.tuples(HEADING, st.lists(PARAGRAPH, min_size=1, max_size=3)),
                         min_size=1, max_size=8),
       faq=st.lists(st.tuples(SHORT, PARAGRAPH), min_size=1, max_size=5))
def test_importer_round_trips_any_well_formed_article(title, intro, sections, faq):
    lines = [title, *intro]
    for heading, paras in sections:
        lines += [heading, *paras]
    lines += ["Conclusion", "It ends here.", "Frequently Asked Questions"]
    for i, (q, a) in enumerate(faq, start=1):
        lines += [f"{i}. {q}?", a]
    data = parse_article("\n".join(lines), "a.txt", __import__("datetime").date(2026, 1, 1))
    assert [c["title"] for c in data["conditions"]] == [h for h, _ in sections]
    assert [c["body"] for c in data["conditions"]] == [p for _, p in sections]
    assert [q["question"] for q in data["faq"]] == [f"{q}?" for q, _ in faq]
    assert len({c["slug"] for c in data["conditions"]}) == len(sections)
    Content.model_validate(data)  # every import is a valid content file


# Letters a document numbers as it first meets them: accents, typographic
# punctuation, and letters only the fallback font draws (Vietnamese, Greek).
RARE = st.text(alphabet="abc XYZ 019 áéñü¿¡“”‘’–—…·½ ạưđơ ΩΣλ", min_size=1, max_size=40).filter(
    lambda t: t.strip())


@SETTINGS
@given(points=st.lists(RARE, min_size=3, max_size=3).map(tuple),
       body=st.lists(RARE, min_size=1, max_size=2).map(tuple))
def test_paragraphs_drawn_from_memory_give_the_bytes_drawn_afresh(content, brand, points, body):
    """Whatever letters a handout meets first, and in whatever font (the
    fallback's first use names it), a handout drawn from memory (made twice)
    is byte for byte the one drawn afresh."""
    from handouts.render.pdf import styles

    cond = content.condition("crps").model_copy(update={"key_points": points, "body": body})
    first = render_pdf(content, brand, cond=cond).data
    again = render_pdf(content, brand, cond=cond).data
    styles.DRAW_CACHE = False
    try:
        fresh = render_pdf(content, brand, cond=cond).data
    finally:
        styles.DRAW_CACHE = True
    assert first == again == fresh


@given(text=st.text())
def test_xml_escaping_is_what_saxutils_writes(text):
    from xml.sax.saxutils import escape as sax_escape
    from xml.sax.saxutils import quoteattr as sax_quoteattr

    from handouts.render.escape import escape, quoteattr

    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)


@settings(max_examples=25, deadline=None)
@given(url=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-./:?=&%#", min_size=1,
                   max_size=120).map(lambda s: "https://" + s))
def test_qr_code_is_what_reportlabs_barcode_package_makes(url):
    """Our QR codes (from ReportLab's encoder, loaded on its own: see
    handouts.render.qr) have the cells its barcode package gives."""
    from reportlab.graphics.barcode import qrencoder

    from handouts.render.qr import qr_modules

    qr_modules.cache_clear()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    n = code.getModuleCount()
    assert qr_modules(url) == (n, tuple((r, c) for r in range(n) for c in range(n)
                                        if code.isDark(r, c)))
