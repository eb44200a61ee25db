"""Tagged PDF (PDF/UA-1): every handout passes pdfua, every mark is content
or artifact, the structure reads in the content's order, links are real."""
from __future__ import annotations

import re
import subprocess

import pikepdf
import pytest
from pdfua import validate

from conftest import render_pdf
from handouts.render.wording import CHECKLIST, say, topic

# Operators that put something on the page.
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"', "Do", "sh",
          "BI"}


def unmarked_paint(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(page, operator) for every painting operator outside any
    marked-content sequence: neither tagged content nor an artifact."""
    found = []
    for number, page in enumerate(pdf.pages, start=1):
        depth = 0
        for _operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
                assert depth >= 0, f"page {number}: EMC without a sequence"
            elif op in _PAINT and depth == 0:
                found.append((number, op))
        assert depth == 0, f"page {number}: a marked-content sequence is left open"
    return found


def struct_lines(path) -> list[tuple[str, str]]:
    """(role, text) for each element poppler prints with text, in tree order."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                         text=True, check=True).stdout
    rows, role = [], None
    for line in out.splitlines():
        text = line.strip()
        if text.startswith('"'):
            rows.append((role, text.strip('"').strip()))
        elif text:
            role = text.split()[0]
    return rows


@pytest.fixture
def built(default_build):
    """Every handout of the default build (conftest's, shared), both languages."""
    return sorted(default_build.rglob("*.pdf"))


def test_a_full_build_is_tagged_and_passes_pdfua(built):
    assert len(built) >= 34 and any(p.name.endswith("-es.pdf") for p in built)  # Spanish too
    for path in built:
        report = validate(str(path))
        assert not report.findings, (path.name, [f.message for f in report.findings])
        assert not report.skipped, (path.name, report.skipped)
        with pikepdf.open(path) as pdf:
            assert unmarked_paint(pdf) == [], path.name


@pytest.mark.parametrize("layout", ["standard", "large-print"])
def test_a4_handouts_pass_pdfua(content, brand, tmp_path, layout):
    path = tmp_path / "a4.pdf"
    path.write_bytes(render_pdf(content, brand, layout, content.conditions[1], "a4").data)
    report = validate(str(path))
    assert not report.findings, [f.message for f in report.findings]


def test_the_checkers_catch_unmarked_content(content, brand, tmp_path):
    """The checks above can fail: a handout with its marks stripped fails both."""
    path = tmp_path / "stripped.pdf"
    path.write_bytes(render_pdf(content, brand).data)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            ops = [(operands, op) for operands, op in pikepdf.parse_content_stream(page)
                   if str(op) not in ("BDC", "BMC", "EMC")]
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        pdf.save(path)
    with pikepdf.open(path) as pdf:
        assert unmarked_paint(pdf)
    assert any(f.rule_id == "UA-01-003" for f in validate(str(path)).findings)


def test_catalog_metadata_and_pages(content, brand, tmp_path):
    cond = content.conditions[2]
    path = tmp_path / "h.pdf"
    path.write_bytes(render_pdf(content, brand, cond=cond).data)
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == content.meta.language
        assert root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == say("pdf.title", condition=cond.title,
                                       edition=content.meta.title)
        assert meta["pdfuaid:part"] == "1"
        assert set(meta["dc:language"]) == {content.meta.language}
        for page in pdf.pages:
            assert page.Tabs == "/S" and "/StructParents" in page


def test_reading_order_follows_the_content(content, brand, tmp_path):
    cond = next(c for c in content.conditions if c.slug == "crps")
    path = tmp_path / "crps.pdf"
    path.write_bytes(render_pdf(content, brand, cond=cond).data)
    rows = struct_lines(path)
    headings = [t for role, t in rows if role in ("H1", "H2", "H3")]
    faq = [e.question for e in content.faq]
    expected = [cond.title, say("handout.glance"), say("handout.about", topic=topic(cond)),
                say("handout.may_help"), say("handout.keep_in_mind"), say("faq.heading"), *faq,
                say("checklist.heading"), say("contact.heading"), say("notes.heading")]
    assert [h for h in headings if not h.startswith("From ") and h not in _clinic_slots()] \
        == expected
    text = " ".join(t for _, t in rows)
    # Every paragraph of the section, in order (by its last words: explanations
    # of medical words come after the word they explain).
    pos = 0
    for body in cond.body:
        end = " ".join(body.split()[-3:])
        found = text.find(end, pos)
        assert found >= 0, end
        pos = found
    # Running headers and later footers are artifacts: said once, not per page.
    assert text.count(say("handout.may_help")) == 1
    assert text.count(say("footer.page", page=2, pages=4)) == 0
    assert text.count(say(CHECKLIST[0])) == 1
    # The draft is said to be a draft, once, after the text.
    assert rows[-1][1].startswith(say("review.draft"))


def _clinic_slots():
    return {say(f"clinic.{slot}") for slot in ("approval", "side_effects", "who_should_not",
                                                "before", "during", "after", "when_to_call",
                                                "cost")}


def test_lists_figures_and_links(content, brand, tmp_path):
    path = tmp_path / "h.pdf"
    cond = content.conditions[0]
    path.write_bytes(render_pdf(content, brand, cond=cond).data)
    rows = struct_lines(path)
    labels = [t for role, t in rows if role == "Lbl"]
    assert labels.count("•") >= len(cond.glance_points)
    bodies = [t for role, t in rows if role == "LBody"]
    for body, point in zip(bodies, cond.glance_points, strict=False):
        # A point prints with the meaning of a medical word at its first use.
        assert body.startswith(point.split("(")[0].split(",")[0].strip()[:25]), (body, point)
    with pikepdf.open(path) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        alts = [str(e.Alt) for e in figures]
        assert say("logo.alt", clinic=brand.clinic.name) in alts
        assert say("qr.alt", url=brand.qr_url) in alts
        links = {}
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                assert annot.Subtype == "/Link" and "/StructParent" in annot
                links[str(annot.A.URI)] = str(annot.Contents)
    c = brand.contact
    assert links == {
        "tel:" + re.sub(r"[^0-9+]", "", c.phone): say("link.phone", value=c.phone),
        "mailto:" + c.email: say("link.email", value=c.email),
        "https://" + c.website: say("link.website", value=c.website),
        brand.qr_url: say("link.website", value=brand.qr_url),  # the QR code is a link too
    }


def _elements(node):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR" \
                and "/S" in kid:
            yield kid
            yield from _elements(kid)


def test_booklet_bookmarks_follow_its_headings(content, brand, tmp_path):
    path = tmp_path / "booklet.pdf"
    path.write_bytes(render_pdf(content, brand).data)
    # Every section heading has its bookmark ("At a glance" is a box's heading,
    # the notes space a place to write).
    headings = [t for role, t in struct_lines(path) if role in ("H1", "H2")
                and t not in (say("handout.glance"), say("notes.heading"))]
    with pikepdf.open(path) as pdf:
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
    assert titles == headings, (titles, headings)
    # title, contents, intro, how it works; the conditions; conclusion, FAQ, checklist,
    # contact
    assert len(titles) == 4 + len(content.conditions) + 4
