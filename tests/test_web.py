"""The web edition (render_web): one self-contained HTML page per handout,
read back as a browser and a screen reader would: the same words as the
PDF's tagged text, landmarks and headings in order, real lists and links,
the review state in words, no script, nothing from elsewhere, input
escaped, readable colours, and the same bytes every time."""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import itertools
import re
import subprocess
import sys
import time
from html.parser import HTMLParser

import lxml.html
import pytest
from conftest import approved_review
from tools import require

from handouts.assemble.jobs import load_inputs
from handouts.inputs.brand import Colours, load_brand
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import load_page_layout
from handouts.inputs.review import DRAFT, ReviewState
from handouts.inputs.target import WHOLE, Target
from handouts.inputs.values import contrast_ratio
from handouts.paths import ATKINSON_FILES, DEFAULT_BRAND, DEFAULT_CONTENT, atkinson
from handouts.render.html import render_web, web_assets
from handouts.render.html.style import palette, stylesheet
from handouts.render.order import glance_points
from handouts.render.typeset import tie
from handouts.render.wording import CHECKLIST, review_line, review_mark, say, speaking

VOID = {"meta", "img", "input", "br", "hr", "link", "source", "wbr", "area", "base", "col",
        "embed", "track", "path", "rect"}
INLINE = {"a", "strong", "b", "em", "i", "span", "label", "small", "code"}
OVERDUE = ReviewState("overdue", "A. Reviewer, MD", dt.date(2024, 1, 5), dt.date(2025, 1, 5))
CHANGED = ReviewState("changed", "A. Reviewer, MD", dt.date(2026, 11, 1), dt.date(2027, 11, 1),
                      ("faq",))


@pytest.fixture(scope="module")
def inputs():
    """The bundled edition, brand and clinic file, in English and Spanish."""
    return {lang: load_inputs(content_for(DEFAULT_CONTENT, lang), DEFAULT_BRAND)
            for lang in ("en", "es")}


def page(inp, slug: str | None = "crps", review=None, **changes) -> bytes:
    """The page of ``slug`` (None: the booklet) from ``inp``, any of its
    content, brand or clinic replaced by ``changes``."""
    parts = {"content": inp.content, "brand": inp.brand, "clinic": inp.clinic, **changes}
    target = WHOLE if slug is None else Target(slug)
    return render_web(parts["content"], parts["brand"], target, review or inp.review,
                      parts["clinic"]).data


def tree(data: bytes, no_break: bool = False):
    """The page parsed; its no-break spaces (the print rules', which
    :func:`test_numbers_stay_with_their_units_on_a_narrow_screen` reads)
    read as spaces unless ``no_break``."""
    text = data.decode("utf-8")
    return lxml.html.document_fromstring(text if no_break else text.replace("\u00a0", " "))


class Reader(HTMLParser):
    """Reads a page strictly: every element closed in order (else
    ``errors``), and the body's text as a reader meets it, blocks apart,
    the draft notice (the PDF's mark across its pages) kept aside."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.mark: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        is_mark = "review-mark" in (dict(attrs).get("class") or "").split()
        self.stack.append((tag, is_mark))
        if tag not in INLINE:
            self.text.append(" ")

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1][0] if self.stack else ''}>")
            return
        self.stack.pop()
        if tag not in INLINE:
            self.text.append(" ")

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if "body" not in tags or {"style", "script", "title"} & set(tags):
            return
        (self.mark if any(m for _, m in self.stack) else self.text).append(data)


def read(data: bytes) -> Reader:
    reader = Reader()
    reader.feed(data.decode("utf-8"))
    reader.close()
    assert reader.errors == [] and [t for t, _ in reader.stack] == [], reader.errors
    return reader


def words(text: str) -> list[str]:
    """Whitespace and soft hyphens aside, the words; a bullet is no word."""
    return [w for w in re.sub("\u00ad\\s*", "", text).split() if w != "\u2022"]


def pdf_words(inp, target: Target, review, tmp_path) -> list[str]:
    """The words of the PDF's tagged text (``pdfinfo -struct-text``) of the
    standard handout, page numbers and a draft's band at the top of each
    page aside (the page says it once, first: its own mark)."""
    from handouts.render.pdf import render_handout

    path = tmp_path / f"{target.name}.pdf"
    path.write_bytes(render_handout(inp.content, inp.brand, load_page_layout("standard"), target,
                                    "letter", review, inp.clinic).data)
    out = subprocess.run([require("pdfinfo"), "-struct-text", str(path)], check=True,
                         capture_output=True, text=True).stdout
    with speaking(inp.content.meta.language):
        band = review_mark(review)
        # What only paper has: the booklet's printed contents, the line on
        # what else the desk has, the space for the care team's notes.
        paper_only = {say("contents.heading"), say("notes.heading")}
        also = say("also.available", items="\x00").split("\x00")[0]
    kept, toc = [], None
    for line in out.splitlines():
        depth, text = len(line) - len(line.lstrip()), line.strip().strip('"').strip()
        if toc is not None and depth > toc:
            continue
        toc = depth if line.strip() == "TOC" else None
        if line.strip().startswith('"') and text != band and text not in paper_only \
                and not text.startswith(also):
            kept.append(line.strip().strip('"'))
    text = " ".join(kept)
    with speaking(inp.content.meta.language):
        number = re.escape(say("footer.page", page="\x01", pages="\x02"))
    number = number.replace("\x01", r"\d+").replace("\x02", r"\d+")
    text, found = re.subn(r"\s*·\s*" + number, " ", text)
    assert found == 1  # the first page's footer is tagged; the others' are artifacts
    return words(text)


# -- the same words as the PDF ---------------------------------------------------
@pytest.mark.parametrize("lang,slug,approved", [
    ("en", "crps", False), ("en", None, True), ("es", "crps", False), ("es", None, True),
    ("es", "neuropathic-pain", True)])
def test_the_page_reads_the_words_of_the_pdfs_tagged_text(inputs, tmp_path, lang, slug,
                                                          approved):
    inp = inputs[lang]
    review = approved_review() if approved else DRAFT
    target = WHOLE if slug is None else Target(slug)
    reader = read(page(inp, slug, review))
    expected = pdf_words(inp, target, review, tmp_path)
    got = words("".join(reader.text))
    diff = "\n".join(list(difflib.unified_diff(expected, got, "pdf", "web", lineterm="", n=3))[:40])
    assert got == expected, diff
    with speaking(inp.content.meta.language):
        assert words("".join(reader.mark)) == words(review_mark(review))


# -- the page's shape ------------------------------------------------------------
def test_a_page_is_html5_with_its_language_landmarks_and_title(inputs):
    for inp in inputs.values():
        data = page(inp)
        assert data.startswith(b"<!doctype html>\n<html lang=\"")
        doc = tree(data)
        assert doc.get("lang") == inp.content.meta.language
        assert doc.xpath("//meta/@charset") == ["utf-8"]
        assert doc.xpath("//meta[@name='viewport']/@content") == [
            "width=device-width, initial-scale=1"]
        with speaking(inp.content.meta.language):
            title = say("pdf.title", condition=inp.content.condition("crps").title,
                        edition=inp.content.meta.title)
        assert doc.xpath("//title/text()") == [title]
        for landmark in ("header", "main", "footer"):
            assert len(doc.xpath(f"//body/{landmark}")) == 1, landmark
        assert doc.xpath("//main//h1") and not doc.xpath("//header//h1")


def headings(doc) -> list[int]:
    return [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_one_h1_and_headings_in_order_on_every_page(inputs, lang):
    inp = inputs[lang]
    for slug in (*inp.content.slugs, None):
        levels = headings(tree(page(inp, slug)))
        assert levels[0] == 1 and levels.count(1) == 1, slug
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (slug, levels)


def test_key_points_and_the_checklist_are_lists(inputs):
    inp = inputs["en"]
    cond = inp.content.condition("crps")
    doc = tree(page(inp))
    glance = doc.xpath("//section[contains(@class,'box')][h2]/ul/li")
    points = glance_points(cond, inp.clinic, cond.slug)  # the condition's, then the clinic's
    assert len(glance) == len(points) > len(inp.clinic.summary)
    assert [li.text_content()[:20] for li in glance] == [p[:20] for p in points]
    items = doc.xpath("//ul[@class='checklist']/li")
    assert len(items) == len(CHECKLIST)
    for li, key in zip(items, CHECKLIST):
        box, = li.xpath("input[@type='checkbox']")
        label, = li.xpath(f"label[@for='{box.get('id')}']")
        assert label.text_content() == say(key)
    assert len(doc.xpath("//h3")) >= len(inp.content.faq)
    booklet = tree(page(inp, None))
    boxes = booklet.xpath("//section[contains(@class,'box')][h3]")
    assert [len(b.xpath("ul/li")) for b in boxes] == [len(c.key_points)
                                                     for c in inp.content.conditions]


def test_every_figure_has_alternative_text_and_a_caption(inputs):
    doc = tree(page(inputs["en"]))
    figures = doc.xpath("//figure")
    captions = [f.xpath("string(figcaption)") for f in figures]
    assert captions == [say("pictogram.infusion"), "No driving", "Call us",
                        say("handout.qr_caption")]
    for f in figures:
        pictures = f.xpath("svg[@role='img' and normalize-space(@aria-label)]")
        assert len(pictures) == 1 and not f.xpath("svg//text()"), captions
    assert doc.xpath("//svg[not(@role='img') or not(@aria-label)]") == []
    logo, = doc.xpath("//img")
    assert logo.get("alt") == say("logo.alt", clinic=inputs["en"].brand.clinic.name)


def test_the_clinics_contact_is_real_links(inputs):
    doc = tree(page(inputs["en"]), no_break=True)
    # The phone is linked twice: under "When to call" and in the contact block.
    assert sorted(doc.xpath("//a/@href")) == [
        "https://riverside-pain.example", "mailto:care@riverside-pain.example",
        "tel:5550100199", "tel:5550100199"]
    assert doc.xpath("//a[@href='tel:5550100199']/text()") == ["(555)\u00a0010-0199"] * 2


# A number, then an ordinary space, then a word: "12 weeks" that a narrow
# screen may break after the number.
_LOOSE_NUMBER = re.compile(r"(?<![^\s(])\d[\d.,]* (?=[^\W\d_])")


def loose_places(data: bytes) -> list[str]:
    """Where the page's text could break as the print rules forbid: a number
    from its unit, a date inside ("4 de diciembre"), "EE. UU." in two; and
    where it would break inside a word on a phone: two words tied by a
    no-break space (a pair wider than the screen breaks at any letter; a
    last word alone is the stylesheet's ``text-wrap`` to prevent). The
    contact block's details keep their numbers with the word before them
    instead (:func:`test_the_clinics_contact_is_real_links`)."""
    doc = tree(data, no_break=True)
    found = []
    for el in doc.xpath("//main//*[self::p or self::li or self::h1 or self::h2 or self::h3]"
                        "[not(ancestor::*[contains(@class, 'contact')])]"):
        text = el.text_content().strip()
        found += [m.group(0) + "..." for m in _LOOSE_NUMBER.finditer(text)]
        found += re.findall(r"EE\. UU\.", text)
        found += re.findall(r"[^\W\d]+\u00a0[(¿¡“]*[^\W\d]+", text.replace("EE.\u00a0UU.", ""))
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_numbers_stay_with_their_units_on_a_narrow_screen(inputs, lang):
    """The print rules hold on a phone's narrow screen too: no-break spaces
    keep "12 weeks", "24 horas" and "EE. UU." whole on every page, and tie
    no two words that could break inside a word; the stylesheet keeps a
    last word off a line of its own, and a phone number whole."""
    inp = inputs[lang]
    for slug in (*inp.content.slugs, None):
        data = page(inp, slug)
        assert loose_places(data) == [], slug
    text = tree(page(inp, "crps"), no_break=True).text_content()
    assert ("12\u00a0weeks" if lang == "en" else "12\u00a0semanas") in text
    assert ("24\u00a0hours" if lang == "en" else "24\u00a0horas") in text
    css = stylesheet(inp.brand)
    assert "p, li { text-wrap: pretty; }" in css
    assert 'a[href^="tel:"] { white-space: nowrap; }' in css


def test_the_narrow_screen_check_finds_a_loose_number(inputs, monkeypatch):
    """Planted: the web page's text without the print rules' spaces, then
    with the print's tie before the last word ("Cysti / tis" on a phone)."""
    import handouts.render.html.markup as markup
    from handouts.render import typeset

    monkeypatch.setattr(markup, "tie", lambda text, last_word=True: text)
    found = loose_places(page(inputs["es"], "crps"))
    assert "12 ..." in found and "EE. UU." in found
    monkeypatch.setattr(markup, "tie", lambda text, last_word=False: typeset.tie(text))
    found = loose_places(page(inputs["en"], "pelvic-pain"))
    assert "Interstitial\u00a0Cystitis" in found


def test_no_script_and_nothing_from_elsewhere(inputs):
    for inp in inputs.values():
        brand = inp.brand
        for slug in (*inp.content.slugs, None):
            data = page(inp, slug)
            text, doc = data.decode("utf-8"), tree(data)
            assert not doc.xpath("//script | //link | //iframe | //object | //embed | //base")
            assert not doc.xpath("//@*[starts-with(name(), 'on')]")
            assert "javascript:" not in text.lower() and "@import" not in text
            for url in re.findall(r"https?://[^\s\"'<>)]+", text):
                assert url.startswith(("https://" + brand.contact.website, brand.qr_url)), url
            assert all(s.startswith("data:image/") for s in doc.xpath("//@src"))
            css = "".join(doc.xpath("//style/text()"))
            assert set(re.findall(r'url\("([^"]+)"\)', css)) == set(web_assets(brand))
            policy = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
            assert policy and "script-src 'none'" in policy[0]


# -- the review state ------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("review", [DRAFT, CHANGED, OVERDUE], ids=["draft", "changed", "overdue"])
def test_an_unapproved_page_says_so_at_the_top_and_never_reviewed(inputs, lang, review):
    inp = inputs[lang]
    doc = tree(page(inp, review=review), no_break=True)
    first = next(t.strip() for t in doc.xpath("//body//text()") if t.strip())
    with speaking(inp.content.meta.language):
        mark, line = review_mark(review), review_line(review)
        reviewed = say("footer.reviewed", by="", date="", next="").split()[0]
    assert mark and first == mark
    assert doc.xpath("string(//footer/p[@class='review'])") == tie(line, last_word=False)  # a date kept whole
    assert reviewed not in doc.text_content()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_approved_page_carries_the_pdfs_reviewed_line(inputs, lang, tmp_path):
    inp = inputs[lang]
    review = approved_review()
    doc = tree(page(inp, review=review))
    assert doc.xpath("//*[contains(@class, 'review-mark')]") == []
    with speaking(inp.content.meta.language):
        line = review_line(review)
        assert line.startswith(say("footer.reviewed", by="", date="", next="").split()[0])
    shown = doc.xpath("string(//footer/p[@class='review'])")
    assert words(shown) == words(line)
    assert " ".join(words(line)) in " ".join(pdf_words(inp, Target("crps"), review, tmp_path))


# -- input is text, never markup -------------------------------------------------
EVIL = '<script>alert("x")</script> "Quoted" & <b>bold</b> \'single\''


def test_input_cannot_inject_markup_or_links(inputs):
    inp = inputs["en"]
    b = inp.brand
    brand = b.model_copy(update={
        "clinic": b.clinic.model_copy(update={"name": EVIL, "tagline": EVIL}),
        "disclaimer": EVIL, "qr_url": "https://riverside-pain.example/\"><script>x</script>",
        "contact": b.contact.model_copy(update={
            "phone": '"><img src=x onerror=alert(1)>', "address": EVIL,
            "email": 'x@y.example"><script>alert(1)</script>',
            "website": "javascript:alert(1)//example.org"})})
    faq = (inp.content.faq[0].model_copy(update={"question": EVIL, "answer": EVIL}),
           *inp.content.faq[1:])
    content = inp.content.model_copy(update={"faq": faq})
    clinic = inp.clinic.model_copy(update={"clinic": EVIL})
    data = page(inp, content=content, brand=brand, clinic=clinic)
    read(data)  # every element closed, in order
    doc = tree(data)
    assert not doc.xpath("//script | //b | //@onerror")
    assert len(doc.xpath("//img")) == 1
    assert doc.xpath("//a/@href") == []  # none of these is an address to link
    assert doc.xpath("string(//p[@class='clinic-name'])") == EVIL
    assert EVIL in doc.xpath("//h3/text()")
    assert say("clinic.box.risks", clinic=EVIL) in doc.xpath("//h2/text()")
    assert doc.xpath("//@*[contains(., 'javascript:')]") == []  # printed, never a link


def test_an_http_website_is_linked_over_https_and_an_email_with_a_query_is_not(inputs):
    inp = inputs["en"]
    contact = inp.brand.contact.model_copy(update={
        "website": "http://riverside-pain.example/a b", "email": "care@x.example?cc=y@z.example"})
    doc = tree(page(inp, brand=inp.brand.model_copy(update={"contact": contact})))
    assert doc.xpath("//a/@href") == ["tel:5550100199"] * 2  # When to call; contact
    for site, href in [("http://riverside-pain.example/page", "https://riverside-pain.example/page"),
                       ("HTTP://Riverside.example/p?q=1&r=é",
                        "https://Riverside.example/p?q=1&r=%C3%A9")]:
        contact = contact.model_copy(update={"website": site})
        doc = tree(page(inp, brand=inp.brand.model_copy(update={"contact": contact})))
        assert doc.xpath("//a/@href")[-1] == href


# -- languages -------------------------------------------------------------------
def test_a_spanish_page_speaks_spanish(inputs):
    inp = inputs["es"]
    doc = tree(page(inp))
    assert doc.get("lang") == "es-US"
    with speaking("es-US"):
        assert [li.text_content() for li in doc.xpath("//ul[@class='checklist']/li")] == [
            say(k) for k in CHECKLIST]
        assert say("contact.heading") in doc.xpath("//h2/text()")
    # nothing in another language but the three sources cited as published, in English
    assert doc.xpath("//body//@lang") == ["en"] * 3


def test_a_passage_in_another_language_is_marked(inputs, monkeypatch):
    from handouts.render import wording

    es, en = inputs["es"], inputs["en"]
    untranslated = load_brand(DEFAULT_BRAND).model_copy(update={"translations": {}})
    doc = tree(page(es, brand=untranslated, clinic=en.clinic))
    assert doc.xpath("//p[@class='tagline']/@lang") == ["en-US"]
    assert doc.xpath("//p[@class='disclaimer']/@lang") == ["en-US"]
    clinic = doc.xpath("//section[@class='clinic']")[0]
    assert set(clinic.xpath(".//ul/@lang")) == {"en-US"}
    assert clinic.xpath("h2/@lang") == []  # its heading is the page's wording
    cat = wording.catalogue("es")
    messages = {k: v for k, v in cat.messages.items() if k != "checklist.hint"}
    monkeypatch.setitem(wording._REGISTERED, "es", wording.Catalogue(
        "es", {**messages, "checklist.hint": "Tick the ones"}, cat.plural, ("checklist.hint",)))
    doc = tree(page(es))
    assert [t for t in doc.xpath("//p[@lang='en']/text()") if not t.endswith("(En inglés.)")] == [
        "Tick the ones"]


# -- look: colours, type, reflow, print --------------------------------------------
COLOURS = {
    "bundled": None,
    "weak primary": {"primary": "#767676", "accent": "#767676", "text": "#595959",
                     "background": "#FFFFFF"},
    "dark": {"primary": "#9CC3E6", "accent": "#FFCC00", "text": "#F0F0F0",
             "background": "#1A1A1A"},
}


@pytest.mark.parametrize("name", COLOURS)
def test_every_text_colour_reads_on_its_background(inputs, name):
    colours = inputs["en"].brand.colors if COLOURS[name] is None else Colours(**COLOURS[name])
    p = palette(colours)
    for what, fg, bg in p.pairs():
        assert contrast_ratio(fg, bg) >= 4.5, (what, fg, bg)
    brand = inputs["en"].brand.model_copy(update={"colors": colours})
    css = stylesheet(brand)
    used = set(re.findall(r"#[0-9A-F]{6}\b", css))
    assert used <= {getattr(p, f) for f in p.__dataclass_fields__} | {"#FFFFFF", "#000000"}
    # Text is set only in the palette's text colours, each checked above.
    assert set(re.findall(r"(?<![-\w])color:\s*([^;]+);", css)) <= {
        "var(--text)", "var(--heading)", "var(--box-text)", "var(--box-heading)",
        "var(--mark-text)"}


def test_the_stylesheet_reads_large_reflows_and_prints(inputs):
    css = stylesheet(inputs["en"].brand)
    screen, _, printed = css.partition("@media print")
    assert float(re.search(r"body \{[^}]*font-size: ([\d.]+)rem", screen).group(1)) >= 1.125
    assert float(re.search(r"html \{[^}]*line-height: ([\d.]+);", screen).group(1)) >= 1.5
    assert re.search(r"max-width: 40em", screen) and "overflow-wrap: anywhere" in screen
    assert re.search(r"img, svg \{ max-width: 100%", screen)
    assert not re.findall(r"(?<![-\w])(?:min-)?width:\s*[\d.]+(?:px|pt|cm|mm|in)\b", screen)
    assert 'a[href^="tel:"]::after' in printed and 'a[href^="https:"]::after' in printed
    assert 'attr(href)' in printed and "@page" in printed and "size:" not in printed


def test_web_assets_are_the_fonts_the_stylesheet_names(inputs):
    assets = web_assets(inputs["en"].brand)
    assert assets == {f"fonts/{ATKINSON_FILES[s]}": atkinson(s).read_bytes()
                      for s in ("regular", "bold")}


def test_a_brands_own_font_is_named_and_shipped(inputs):
    """A brand's own TrueType file (here one with no bold: the browser makes
    the bold) under a safe name; the family name cannot end the style."""
    from handouts.inputs.brand import FontFiles

    own = FontFiles(family='My "Font" </style>', regular=atkinson("italic"))
    brand = inputs["en"].brand.model_copy(update={"fonts": own})
    assert web_assets(brand) == {f"fonts/{ATKINSON_FILES['italic']}": atkinson("italic")
                                 .read_bytes()}
    css = stylesheet(brand)
    assert css.count("@font-face") == 1 and 'font-family: "My Font style"' in css
    assert f'url("fonts/{ATKINSON_FILES["italic"]}")' in css and "</style" not in css


def test_the_same_input_gives_the_same_bytes(inputs):
    inp = inputs["es"]
    first = page(inp, None)
    page(inputs["en"], "migraine")
    assert page(inp, None) == first
    code = ("import hashlib\nfrom handouts.assemble.jobs import load_inputs\n"
            "from handouts.inputs.editions import content_for\n"
            "from handouts.inputs.target import WHOLE\n"
            "from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT\n"
            "from handouts.render.html import render_web\n"
            "i = load_inputs(content_for(DEFAULT_CONTENT, 'es'), DEFAULT_BRAND)\n"
            "print(hashlib.sha256(render_web(i.content, i.brand, WHOLE, i.review, i.clinic)"
            ".data).hexdigest())\n")
    env_seed = {"PYTHONHASHSEED": "12345"}
    import os

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, **env_seed}).stdout.strip()
    assert out == hashlib.sha256(first).hexdigest()


# -- in a browser ------------------------------------------------------------------
@pytest.fixture(scope="module")
def folder(inputs, tmp_path_factory):
    """A folder of pages as the build will write them: the pages, and the
    fonts beside them."""
    out = tmp_path_factory.mktemp("web")
    for name, data in web_assets(inputs["en"].brand).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    for lang, inp in inputs.items():
        for slug in ("crps", None):
            (out / f"{slug or 'overview'}-{lang}.html").write_bytes(page(inp, slug))
    return out


@pytest.fixture(scope="module")
def browser():
    """Chromium with JavaScript off, as the pages need none."""
    from browser import chromium

    with chromium(javascript=False) as driver:
        yield driver


@pytest.fixture(scope="module")
def axe_browser():
    """Chromium with JavaScript on, for axe-core (the pages' own policy
    still lets none of theirs run)."""
    from browser import chromium

    with chromium() as driver:
        yield driver


def open_page(driver, path, width: int, zoom: float = 1.0):
    """``path`` in a window ``width`` CSS pixels wide at ``zoom`` (200%
    zoom of a window twice as wide lays out as this one)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": zoom, "mobile": False})
    driver.get(path.as_uri())
    for _ in range(50):  # the fonts, from the folder beside the page
        if driver.execute_script("return document.fonts.status") == "loaded":
            break
        time.sleep(0.1)


@pytest.mark.parametrize("name", ["crps-en", "overview-es"])
@pytest.mark.parametrize("width,zoom", [(320, 1.0), (640, 2.0), (1280, 1.0)])
def test_reflows_without_sideways_scrolling(browser, folder, name, width, zoom):
    from browser import inner_width, scroll_width

    open_page(browser, folder / f"{name}.html", width, zoom)
    assert scroll_width(browser) <= inner_width(browser) <= width  # a scroll bar may take some
    wide = browser.execute_script(
        "return [...document.querySelectorAll('body *')].filter(e => "
        "e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)"
        ".map(e => e.tagName + '.' + e.className)")
    assert wide == []


@pytest.mark.parametrize("name", ["crps-en", "overview-es"])
def test_no_accessibility_violations_and_the_fonts_load(axe_browser, folder, name):
    from browser import axe_violations

    browser = axe_browser
    open_page(browser, folder / f"{name}.html", 1000)
    assert axe_violations(browser) == []
    faces = browser.execute_script(
        "return [...document.fonts].map(f => f.family + ' ' + f.weight + ' ' + f.status)")
    assert faces == ["Atkinson Hyperlegible 400 loaded", "Atkinson Hyperlegible 700 loaded"]
    size = browser.execute_script("return getComputedStyle(document.querySelector('main p'))"
                                  ".fontSize")
    assert float(size.removesuffix("px")) >= 18


@pytest.mark.parametrize("paper,name", [((21.59, 27.94), "letter"), ((21.0, 29.7), "A4")],
                         ids=["letter", "a4"])
def test_printed_it_keeps_every_word_and_shows_where_links_go(browser, folder, paper, name,
                                                               tmp_path):
    import base64
    from collections import Counter

    from pdfread import _bare_words
    from selenium.webdriver.common.print_page_options import PrintOptions

    open_page(browser, folder / "crps-en.html", 1000)
    options = PrintOptions()
    options.page_width, options.page_height = paper
    options.background = False
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page(options)))
    text = subprocess.run([require("pdftotext"), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    reader = read((folder / "crps-en.html").read_bytes())
    # pdftotext joins a word broken at its own hyphen without it ("anti-inflammatory").
    shown = Counter(w.replace("-", "") for w in
                    _bare_words("".join(reader.mark) + "".join(reader.text)))
    printed = Counter(w.replace("-", "") for w in _bare_words(text))
    assert shown - printed == Counter()  # nothing cut off
    assert "(tel:5550100199)" in text and "(https://riverside-pain.example)" in text
    info = subprocess.run([require("pdfinfo"), str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"Page size:.*pts \(" + name + r"\)", info), info
