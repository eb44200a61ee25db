"""Typesetting rules, read back from every PDF of a full build in both
languages, every layout, Letter and A4 (issue 28, point 2, in part): a
number stays with its unit and a date stays whole; no hyphen at a line's
end in large print, and never inside the drug's name. Each rule is shown
to fail on a planted case."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.etree as ET
import pytest
from tools import require

from handouts.render.typeset import tie

NS = {"x": "http://www.w3.org/1999/xhtml"}
NUMBER = re.compile(r"^\(?\d[\d.,:]*$")
WORD = re.compile(r"^[^\W\d_]")
HYPHENS = ("-", "\u00ad")
# A paragraph's last word, short (or the end of a hyphenated one), alone on its line.
SHORT_WORD = 9  # "problems." and "medicines." are the ones a proofreader marked
LONE_WORD = re.compile(rf"^[\"'(¿¡«“‘]*[^\W\d_]{{1,{SHORT_WORD}}}[.!?:;)»”’]+$")
ABBREVIATION_PART = re.compile(r"^\(?[A-ZÁÉÍÓÚÜÑ]{1,3}\.$")  # "EE." of "EE. UU."
MONTHS = ("january february march april may june july august september october november "
          "december enero febrero marzo abril mayo junio julio agosto septiembre octubre "
          "noviembre diciembre").split()


class Line(list):
    """A line's words, and where its first two words start (points)."""

    starts: tuple[float, ...] = ()


def lines_of(pdf: Path) -> list[list[Line]]:
    """Each block of each page as its lines, each line as its words."""
    xml = subprocess.run([require("pdftotext"), "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    blocks = []
    for block in root.iterfind(".//x:block", NS):
        lines = []
        for node in block.iterfind("x:line", NS):
            words = list(node.iterfind("x:word", NS))
            line = Line(w.text or "" for w in words)
            line.starts = tuple(float(w.get("xMin")) for w in words[:2])
            lines.append(line)
        blocks.append(lines)
    return blocks


def wraps_into(line, after) -> bool:
    """Whether ``after`` continues ``line``'s paragraph: it starts where
    ``line``'s text does (its first word, or its second after a bullet).
    Lines with no positions (planted cases) count as one paragraph."""
    if not getattr(line, "starts", ()) or not getattr(after, "starts", ()):
        return True
    return any(abs(after.starts[0] - x) < 2 for x in line.starts)


def slips(blocks, large_print: bool) -> list[str]:
    """Every break that breaks a rule, as "last words | first words"."""
    found = []
    for block in blocks:
        for line, after in zip(block, block[1:]):
            if not line or not after or not wraps_into(line, after):
                continue
            end, start = line[-1], after[0]
            where = f"{' '.join(line[-3:])} | {' '.join(after[:3])}"
            if NUMBER.match(end) and WORD.match(start) and start[0].islower():
                found.append(f"number split from its word: {where}")
            if end.lower() in MONTHS and NUMBER.match(start):
                found.append(f"date broken: {where}")
            if end.lower() in ("review", "revisión:") and (start.lower() in MONTHS
                                                             or NUMBER.match(start)):
                found.append(f"next review split from its date: {where}")
            if ABBREVIATION_PART.match(end) and ABBREVIATION_PART.match(start.rstrip("),;:")):
                found.append(f"abbreviation split: {where}")
            if end == "de" and (start.lower() in MONTHS or NUMBER.match(start)):
                found.append(f"date broken: {where}")
            if len(after) == 1 and len(line) >= 2 and LONE_WORD.match(start):
                found.append(f"one short word alone on the last line: {where}")
            # A hyphen the hyphenator adds reads back as a soft hyphen (U+00AD).
            if end.endswith(HYPHENS) and re.search(r"(?i)\bketa", end):
                found.append(f"the drug's name hyphenated: {where}")
            elif large_print and end.endswith(HYPHENS) and len(end) > 1:
                found.append(f"hyphen in large print: {where}")
    return found


@pytest.fixture(scope="module")
def every_pdf(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("rules")
    run = [sys.executable, "-m", "handouts"]
    subprocess.run([*run, "build", "-q", "--out-dir", out / "letter"], check=True,
                   capture_output=True)
    for lang in ("en", "es"):
        for layout in ([], ["--large-print"]):
            subprocess.run([*run, "handout", "--all", "--paper", "a4", "--lang", lang, *layout,
                            "--out-dir", out / "a4"], check=True, capture_output=True)
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 2 * 25 + 2 * 2 * 8  # a build (Letter); every condition on A4
    return pdfs


def test_no_rule_is_broken_in_any_pdf_of_a_build(every_pdf):
    broken = {}
    for pdf in every_pdf:
        found = slips(lines_of(pdf), "large-print" in pdf.name)
        if found:
            broken[pdf.name] = found
    assert broken == {}


# -- each rule fails on a planted case ---------------------------------------------
@pytest.mark.parametrize("lines,large,said", [
    ([["for", "about", "12"], ["weeks", "after"]], False, "number split"),
    ([["on", "December"], ["4,", "2027"]], False, "date broken"),
    ([["el", "4", "de"], ["diciembre", "de", "2027"]], False, "date broken"),
    ([["la", "keta-"], ["mina", "es"]], False, "drug's name"),
    ([["muy", "impor-"], ["tante", "es"]], True, "hyphen in large print"),
    ([["muy", "impor\u00ad"], ["tante", "es"]], True, "hyphen in large print"),
    ([["la", "keta\u00ad"], ["mina", "es"]], False, "drug's name"),
    ([["de", "la", "médula"], ["espinal."]], False, "one short word alone"),
    ([["·", "Next", "review"], ["November", "1,", "2027"]], False, "next review split"),
    ([["Próxima", "revisión:"], ["1", "de", "noviembre"]], False, "next review split"),
    ([["with", "other"], ["medicines."]], True, "one short word alone"),
    ([["el", "dolor", "en", "EE."], ["UU.", "(\"fuera"]], False, "abbreviation split"),
])
def test_each_rule_finds_its_planted_slip(lines, large, said):
    assert any(said in s for s in slips([lines], large))
    assert slips([[lines[0] + lines[1]]], large) == []  # the same words on one line


def test_a_planted_break_in_a_real_pdf_is_found(tmp_path, monkeypatch, content, brand):
    """The typesetter's ties switched off, and a paragraph of numbers and
    their words ("1 week, 2 weeks, ..."): some number ends a line in a real
    PDF, and the check sees it; with the ties on, none does."""
    from conftest import render_pdf

    from handouts.render.pdf import styles

    crps = content.condition("crps")
    planted = ", ".join(f"{n} weeks" for n in range(1, 80)) + "."
    crps = crps.model_copy(update={"body": (planted, *crps.body)})

    def slips_in(name: str) -> list[str]:
        out = tmp_path / f"{name}.pdf"
        out.write_bytes(render_pdf(content, brand, "standard", crps).data)
        return slips(lines_of(out), False)

    assert slips_in("tied") == []
    monkeypatch.setattr(styles, "tie", lambda text: text)
    styles.markup.cache_clear()
    try:
        found = slips_in("untied")
    finally:
        styles.markup.cache_clear()
    assert any("number split" in s for s in found), found


def test_only_a_number_is_tied_to_the_word_after_it():
    """A word ending in digits ("word96", "COVID-19") is no number: tying
    it to the next word would make a whole paragraph of them one unbreakable
    line (tests/test_bad_input.py found that)."""
    assert tie("word96 word0 word1") == "word96 word0 word1"
    assert tie("COVID-19 is") == "COVID-19 is"
    assert tie("(24 hours) and 2,500 people") == "(24\u00a0hours) and\u00a02,500\u00a0people"


def test_an_abbreviation_in_parts_stays_whole():
    """"EE. UU." (the U.S.) is one name: it never breaks at its space, in a
    handout or on a slide (both set text through ``tie``). A full stop
    that ends a sentence before a capital is no abbreviation."""
    assert tie("aprobada en EE. UU. (\"fuera de indicación\") hoy") \
        == "aprobada en EE.\u00a0UU. (\"fuera de indicación\")\u00a0hoy"
    assert tie("by the FDA. A study found it") == "by the FDA. A study found\u00a0it"
    assert tie("Dr. J. Smith will see you") == "Dr. J. Smith will see\u00a0you"


# -- pages a desk can sort, and no sheet for the contact block alone (issue 28, 3-5) ----
CODE = re.compile(r"KET-[A-Z]+-(EN|ES)-(STD|LP|SUMM) \d{4}-\d{2}")
CONTACT = ("Talk with your care team", "Hable con su equipo de atención")
NOTES = ("Notes from your care team", "Notas de su equipo de atención")
SOURCES = ("Sources", "Fuentes")  # the clinic's sources, after the contact block


def pages_of(pdf: Path) -> list[list[str]]:
    """Each page's lines of text, in reading order."""
    xml = subprocess.run([require("pdftotext"), "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    return [[" ".join(w.text or "" for w in line.iterfind("x:word", NS))
             for line in page.iterfind(".//x:line", NS)]
            for page in root.iterfind(".//x:page", NS)]


def desk_slips(pages: list[list[str]], name: str) -> list[str]:
    """Pages that break the desk's rules: no leaflet code (or another
    layout's or language's), a bracket left open at the page's end, a page
    whose text is the contact block alone."""
    found = []
    layout = "LP" if "large-print" in name else "SUMM" if "summary" in name else "STD"
    language = "ES" if name.endswith("-es.pdf") else "EN"
    furniture = set.intersection(*(set(p) for p in pages)) if len(pages) > 1 else set()
    for n, lines in enumerate(pages, 1):
        text = " ".join(lines)
        code = CODE.search(text)
        if not code or code.groups() != (language, layout):
            found.append(f"p{n}: no leaflet code {language}/{layout}")
        if text.count("(") > text.count(")"):
            found.append(f"p{n}: a bracket split by the page's end")
        body = [line for line in lines if line not in furniture
                and not re.search(r"(Page|Página) \d+ (of|de) \d+", line)]
        if body and body[0] in CONTACT and not any(line in NOTES + SOURCES for line in body):
            found.append(f"p{n}: the contact block alone")
    return found


def test_every_page_sorts_at_the_desk(every_pdf):
    broken = {}
    for pdf in every_pdf:
        found = desk_slips(pages_of(pdf), pdf.name)
        if found:
            broken[pdf.name] = found
    assert broken == {}


@pytest.mark.parametrize("pages,said", [
    ([["Title", "KET-CRPS-EN-STD 2026-11"], ["more text"]], "no leaflet code"),
    ([["KET-CRPS-EN-LP 2026-11 text"]], "no leaflet code"),  # another layout's code
    ([["KET-CRPS-EN-STD 2026-11", "an anesthetic (a medicine used"],
      ["KET-CRPS-EN-STD 2026-11", "for surgery) and more"]], "bracket split"),
    ([["KET-CRPS-EN-STD 2026-11", "Clinic", "text"],
      ["KET-CRPS-EN-STD 2026-11", "Clinic", "Talk with your care team", "Phone: 555"]],
     "contact block alone"),
])
def test_each_desk_rule_finds_its_planted_slip(pages, said):
    assert any(said in s for s in desk_slips(pages, "crps-handout.pdf"))


def test_a_page_with_the_contact_block_and_the_notes_space_passes():
    pages = [["KET-CRPS-EN-STD 2026-11", "Clinic", "text"],
             ["KET-CRPS-EN-STD 2026-11", "Clinic", "Talk with your care team", "Phone: 555",
              "Notes from your care team"]]
    assert desk_slips(pages, "crps-handout.pdf") == []


def contents_slips(pdf: Path) -> list[str]:
    """Entries of the booklet's printed contents whose page number is not
    the page their section's bookmark opens."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        pages = {page.obj.objgen: n for n, page in enumerate(doc.pages, 1)}
        with doc.open_outline() as outline:
            real = {item.title: pages[item.destination[0].objgen] for item in outline.root}
    first = subprocess.run([require("pdftotext"), "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, check=True, text=True).stdout
    printed = {}
    for line in first.splitlines():
        title, _, number = line.strip().rpartition(" ")
        if title.strip() in real and number.isdigit():
            printed[title.strip()] = int(number)
    found = [f"{t}: printed {printed[t]}, is {p}" for t, p in real.items()
             if t in printed and printed[t] != p]
    return found + ([] if len(printed) >= 10 else [f"only {len(printed)} entries"])


def test_the_booklet_contents_give_the_real_pages(every_pdf):
    booklets = [p for p in every_pdf if p.name.startswith("overview")]
    assert len(booklets) == 2
    assert {p.name: contents_slips(p) for p in booklets} == {p.name: [] for p in booklets}


def test_a_wrong_contents_number_is_found(tmp_path, content, brand, monkeypatch):
    """The numbers drawn one too high: the check sees every entry."""
    from conftest import render_pdf

    from handouts.render.pdf import pages

    real = pages._draw_numbers

    def shifted(canv, page, tagger):
        marks = {k: v + 1 for k, v in canv.bookmark_pages.items()}
        canv.bookmark_pages.clear()
        canv.bookmark_pages.update(marks)
        real(canv, page, tagger)

    monkeypatch.setattr(pages, "_draw_numbers", shifted)
    out = tmp_path / "booklet.pdf"
    out.write_bytes(render_pdf(content, brand).data)
    assert len(contents_slips(out)) >= 10


def test_every_link_prints_and_the_contents_are_tagged(every_pdf):
    import pikepdf

    links = 0
    for pdf in every_pdf:
        with pikepdf.open(pdf) as doc:
            for page in doc.pages:
                for annot in page.get("/Annots") or []:
                    if annot.Subtype == "/Link":
                        links += 1
                        assert int(annot.get("/F", 0)) & 4, pdf.name
            if pdf.name.startswith("overview"):
                roles = set()

                def walk(node):
                    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                        roles.add(str(node.S))
                    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
                    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                        if isinstance(kid, pikepdf.Dictionary):
                            walk(kid)

                walk(doc.Root.StructTreeRoot)
                assert {"/TOC", "/TOCI"} <= roles, pdf.name
    assert links > len(every_pdf)


def test_a_bracket_split_by_a_page_break_is_found_in_a_real_pdf(tmp_path, monkeypatch, content,
                                                                  brand):
    """A long paragraph of bracketed explanations: with the rule switched
    off, a page ends inside one and the check sees it; with it on, none."""
    from conftest import render_pdf

    from handouts.render.pdf import styles

    crps = content.condition("crps")
    planted = " ".join(f"Word {n} (a medicine used for surgery that can make you feel "
                       f"detached) helps." for n in range(60))
    crps = crps.model_copy(update={"body": (planted, *crps.body)})

    def brackets_split(name: str) -> list[str]:
        out = tmp_path / f"{name}.pdf"
        out.write_bytes(render_pdf(content, brand, "standard", crps).data)
        return [s for s in desk_slips(pages_of(out), "crps-handout.pdf") if "bracket" in s]

    assert brackets_split("kept") == []
    monkeypatch.setattr(styles, "_opened", lambda part: False)
    assert brackets_split("split") != []


def test_a_last_sheet_for_the_contact_block_alone_is_pulled_back(tmp_path, monkeypatch):
    """Large print, CRPS, Letter, without a clinic file (so no sources
    follow the contact block): set as the layout says, page 5 (the front of
    a third sheet) holds the contact block alone; with spacing tightened it
    fits four pages, and that is what is printed."""
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import document, render_handout

    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)

    def last_page(name: str) -> tuple[int, list[str]]:
        out = tmp_path / f"{name}.pdf"
        out.write_bytes(render_handout(inputs.content, inputs.brand,
                                       load_page_layout("large-print"), Target("crps"),
                                       "letter", inputs.review, None).data)
        pages = pages_of(out)
        return len(pages), pages[-1]

    pages, _ = last_page("pulled")
    assert pages == 4
    monkeypatch.setattr(document, "TIGHT_SPACING", 1.0)  # pulling back does nothing
    pages, last = last_page("loose")
    assert pages == 5
    # the checklist before it on page 4: the contact block alone, then the notes
    assert any(line in CONTACT for line in last), last
    assert "Questions to ask your care team" not in last, last


def test_a_lone_last_word_in_a_real_pdf_is_found(tmp_path, monkeypatch, brand):
    """Every handout of both languages with the last-word tie switched off:
    some paragraph's last line is one short word, and the check sees it."""
    from conftest import render_pdf

    from handouts.inputs.content import load_content
    from handouts.inputs.editions import content_for
    from handouts.paths import DEFAULT_CONTENT
    from handouts.render.pdf import styles
    from handouts.render import typeset

    def lone_words() -> list[str]:
        found = []
        for lang in ("en", "es"):
            content = load_content(content_for(DEFAULT_CONTENT, lang))
            for cond in content.conditions:
                out = tmp_path / f"{lang}-{cond.slug}.pdf"
                out.write_bytes(render_pdf(content, brand, "standard", cond).data)
                found += [s for s in slips(lines_of(out), False) if "alone" in s]
        return found

    assert lone_words() == []
    monkeypatch.setattr(typeset, "_SHORT_LAST_WORD", re.compile("(?!)()"))  # ties nothing
    styles.markup.cache_clear()
    try:
        assert lone_words() != []
    finally:
        styles.markup.cache_clear()


def test_next_review_stays_with_its_date_in_an_approved_footer(tmp_path, monkeypatch, brand):
    """An approved edition's footer ("Reviewed by ... · Next review November
    1, 2027 · Page 1 of 9") wraps in large print: never between "Next
    review" and its date; with the phrases left breakable, it does."""
    from conftest import approved_review

    from handouts.inputs.content import load_content
    from handouts.inputs.editions import content_for
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import Target
    from handouts.paths import DEFAULT_CONTENT
    from handouts.render.pdf import decor, render_handout

    def footer_slips() -> list[str]:
        found = []
        for lang in ("en", "es"):
            content = load_content(content_for(DEFAULT_CONTENT, lang))
            for paper in ("letter", "a4"):
                out = tmp_path / f"{lang}-{paper}.pdf"
                out.write_bytes(render_handout(content, brand, load_page_layout("large-print"),
                                               Target("crps"), paper, approved_review()).data)
                found += [s for s in slips(lines_of(out), True) if "next review" in s]
        return found

    assert footer_slips() == []
    monkeypatch.setattr(decor, "keep_phrases", lambda text: text)
    assert footer_slips() != []


def test_a_pictogram_opens_no_gap_between_the_points_beside_it(tmp_path, monkeypatch):
    """Two one-line points after the infusion, the first with the "No
    driving" pictogram: the second follows the first at the list's own
    spacing, beside the picture, not below it; with each point in a row of
    its own (as before), the gap opens."""
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.clinic import Statement
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import clinicparts, render_handout

    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    first, second = "Do not drive for a day.", "Rest at home after it."
    after = (Statement(text=first, source="clinic", pictogram="no-driving"),
             Statement(text=second, source="clinic"))
    clinic = inputs.clinic.model_copy(update={"sections": inputs.clinic.sections.model_copy(
        update={"after": after})})
    layout = load_page_layout("standard")

    def gap() -> float:
        out = tmp_path / "gap.pdf"
        out.write_bytes(render_handout(inputs.content, inputs.brand, layout, Target("crps"),
                                       "letter", inputs.review, clinic).data)
        xml = subprocess.run([require("pdftotext"), "-bbox-layout", str(out), "-"],
                             capture_output=True, check=True).stdout
        tops = {}
        for line in ET.fromstring(xml).iterfind(".//x:line", NS):
            text = " ".join(w.text or "" for w in line.iterfind("x:word", NS))
            for point in (first, second):
                if point[:12] in text:
                    tops[point] = (float(line.get("yMin")), float(line.get("yMax")))
        return tops[second][0] - tops[first][1]

    assert gap() < layout.type.body.leading
    monkeypatch.setattr(clinicparts, "beside_pictograms", lambda sts: [[st] for st in sts])
    assert gap() > layout.pictogram.size / 2


# -- small things a proofreader marks (issue 28, point 5) --------------------------
def _elements(doc):
    """Every structure element of ``doc`` (pikepdf), in reading order."""
    import pikepdf

    out = []

    def walk(node):
        if "/S" in node:
            out.append(node)
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                walk(kid)

    walk(doc.Root.StructTreeRoot)
    return out


def link_and_language_slips(pdf: Path, spanish: bool) -> list[str]:
    """What is missing: the QR code inside a Link element with a link
    annotation to the URL its alternative text names; in Spanish, /Lang (en)
    on each source cited in English (and no /Lang on any in English)."""
    import pikepdf

    found = []
    with pikepdf.open(pdf) as doc:
        elements = _elements(doc)
        qr_links = []
        for link in (e for e in elements if e.S == "/Link"):
            kids = [k for k in (link.K if isinstance(link.K, pikepdf.Array) else [link.K])
                    if isinstance(k, pikepdf.Dictionary)]
            figures = [k for k in kids if k.get("/S") == "/Figure"
                       and str(k.get("/Alt", "")).startswith(("QR code", "Código QR"))]
            uris = [str(k.Obj.A.URI) for k in kids if k.get("/Type") == "/OBJR"]
            if figures:
                qr_links.append((str(figures[0].Alt).split()[-1], uris))
        if not any(url in uris for url, uris in qr_links):
            found.append("the QR code is no link")
        sources = [e for e in elements if e.S == "/P" and "/Lang" in e]
        if spanish and len(sources) < 3:
            found.append(f"{len(sources)} sources tagged /Lang, not the three in English")
        if any(str(e.Lang) != "en" for e in sources) or (sources and not spanish):
            found.append("a /Lang on text in the document's own language")
    return found


def test_the_qr_code_links_and_english_citations_say_so(every_pdf):
    broken = {}
    for pdf in every_pdf:
        if pdf.name.startswith("overview"):
            continue
        # A summary cites no sources (the full handout lists them): its QR code only.
        found = link_and_language_slips(pdf, "-es" in pdf.name and "summary" not in pdf.name)
        if found:
            broken[pdf.name] = found
    assert broken == {}
    web = sorted(every_pdf[0].parents[2].rglob("crps-es.html"))
    assert web and all(page.read_text().count('<p lang="en">') == 3 for page in web)


def test_a_qr_without_its_link_and_an_untagged_citation_are_found(tmp_path, monkeypatch):
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.editions import content_for
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import leaflet, render_handout, story

    inputs = load_inputs(content_for(DEFAULT_CONTENT, "es"), DEFAULT_BRAND)
    out = tmp_path / "crps-es.pdf"

    def slips_now() -> list[str]:
        out.write_bytes(render_handout(inputs.content, inputs.brand, load_page_layout("standard"),
                                       Target("crps"), "letter", inputs.review,
                                       inputs.clinic).data)
        return link_and_language_slips(out, True)

    assert slips_now() == []
    real = leaflet.linked_qr

    def unlinked(*args):
        qr = real(*args)
        qr.link = None
        return qr

    monkeypatch.setattr(leaflet, "citation_language", lambda text, page: None)
    monkeypatch.setattr(story, "linked_qr", unlinked)
    found = slips_now()
    assert "the QR code is no link" in found and any("sources tagged" in s for s in found)


def widow_slips(pdf: Path) -> list[str]:
    """Pages that open with a paragraph's last line or two: the top block
    of running text (below what every page repeats) starts in lower case,
    a paragraph running on, and has fewer than three lines."""
    xml = subprocess.run([require("pdftotext"), "-bbox-layout", str(pdf), "-"],
                         capture_output=True, check=True).stdout
    pages = []
    for page in ET.fromstring(xml).iterfind(".//x:page", NS):
        pages.append([(float(block.get("yMin")), float(block.get("xMin")),
                       [" ".join(w.text or "" for w in line.iterfind("x:word", NS))
                        for line in block.iterfind("x:line", NS)])
                      for block in page.iterfind(".//x:block", NS)])
    repeated = set.intersection(*({line for *_, lines in blocks for line in lines}
                                  for blocks in pages))
    found = []
    for n, blocks in enumerate(pages[1:], 2):
        # the text's left edge: where most lines of running text start (not a
        # draft mark's letters, strewn across the page)
        left = max(blocks, key=lambda b: sum(len(line) > 20 for line in b[2]))[1]
        body = sorted(b for b in blocks if abs(b[1] - left) < 3
                      and not set(b[2]) <= repeated)
        if body and body[0][2][0][:1].islower() and len(body[0][2]) < 3:
            found.append(f"p{n}: opens with {len(body[0][2])} line(s): {body[0][2][0][:30]}")
    return found


def test_no_booklet_page_opens_with_a_widow(every_pdf):
    booklets = [p for p in every_pdf if p.name.startswith("overview")]
    assert {p.name: widow_slips(p) for p in booklets} == {p.name: [] for p in booklets}


def test_a_booklet_widow_is_found_when_the_rule_is_off(tmp_path, monkeypatch):
    """The booklet set with the handouts' body style (a page may open with
    a paragraph's last two lines): page 2 does, and the check sees it."""
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import WHOLE
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import render_handout, story

    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    out = tmp_path / "booklet.pdf"

    def widows() -> list[str]:
        out.write_bytes(render_handout(inputs.content, inputs.brand, load_page_layout("standard"),
                                       WHOLE, "letter", inputs.review, inputs.clinic).data)
        return widow_slips(out)

    assert widows() == []
    monkeypatch.setattr(story.Story, "paragraphs",
                        lambda self, paras: [self.prose(t, self.s.body) for t in paras])
    assert widows() != []
