"""The one-sheet summary (`--layout summary`, kind "summary" in a build):
two pages at most for every condition in both languages on Letter and A4;
the main message, the evidence line, "At a glance", every statement of the
clinic's safety sections, the checklist, the phone and a QR code to the
full handout's web page; tagged; a draft's band on both pages; and a
clinic's text too long for two pages refused by `check`, with its file,
line and section, and never written as a partial file."""
from __future__ import annotations

import json
import re

import pikepdf
import pytest
from pdfua import validate

from conftest import approved_review, assert_user_error, invoke
from handouts.assemble.jobs import load_inputs
from handouts.errors import DoesNotFit
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import load_layout
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.pdf import PAPERS, render_handout
from handouts.render.pdf.summary import SUMMARY_SLOTS, overflow
from handouts.render.wording import CHECKLIST, review_line, say, speaking
from pdfread import printed_in_order, reader, runs, text_of
from test_draft_band import check_band
from test_page_qr import scanned
from test_tagged import struct_lines, unmarked_paint

SITE = "riverside-pain-wellness-clinic"
BASE = "https://riverside-pain.example/handouts"
SAFETY = ("side_effects", "who_should_not", "after", "when_to_call")


@pytest.fixture(scope="module")
def editions():
    """Language -> the bundled edition as `build` loads it (with the sample
    clinic file in its language)."""
    return {"en": load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND),
            "es": load_inputs(content_for(DEFAULT_CONTENT, "es"), DEFAULT_BRAND)}


def summary(inputs, slug="crps", paper="letter", review=None):
    return render_handout(inputs.content, inputs.brand, load_layout("summary"),
                          Target.condition_of(slug), paper, review or inputs.review,
                          inputs.clinic)


@pytest.fixture(scope="module")
def summaries(editions):
    """(language, slug, paper) -> the summary's bytes, for every one."""
    return {(lang, cond.slug, paper): summary(inputs, cond.slug, paper).data
            for lang, inputs in editions.items() for cond in inputs.content.conditions
            for paper in PAPERS}


def test_every_summary_is_one_sheet(summaries, editions):
    assert len(summaries) == 2 * 8 * 2
    for key, data in summaries.items():
        assert 1 <= len(reader(data).pages) <= 2, key
    # What the renderer counts is what a reader counts.
    assert summary(editions["es"], "crps").pages == len(reader(summaries["es", "crps",
                                                                         "letter"]).pages)


def test_the_sample_clinic_fills_every_safety_section(editions):
    """(Else a summary that left a section out would pass the next test.)"""
    for inputs in editions.values():
        assert all(getattr(inputs.clinic.sections, slot) for slot in SAFETY)
    assert set(SAFETY) <= set(SUMMARY_SLOTS)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_summary_holds_what_the_desk_needs(summaries, editions, language):
    inputs = editions[language]
    clinic, content = inputs.clinic, inputs.content
    for cond in content.conditions:
        for paper in PAPERS:
            # (a word hyphenated at a line's end made whole: its hyphen is soft)
            text = re.sub(r"\u00ad\s*", "", text_of(summaries[language, cond.slug, paper]))
            where = (language, cond.slug, paper)
            assert printed_in_order(cond.title, text), where
            assert printed_in_order(cond.main_message, text), where
            # the condition's own evidence line (pelvic pain has one), else the general one
            assert printed_in_order(clinic.evidence.line(cond.slug).text, text), where
            for point in cond.glance_points:
                assert printed_in_order(point, text), (where, point)
            with speaking(content.meta.language):
                for slot in SAFETY:
                    assert printed_in_order(say(f"clinic.{slot}"), text), (where, slot)
                    for st in getattr(clinic.sections, slot):
                        # Every statement whole (a medical word may gain its meaning).
                        assert printed_in_order(st.text, text), (where, slot, st.text)
                for key in CHECKLIST:
                    assert printed_in_order(say(key), text), (where, key)
                assert printed_in_order(say("summary.sources"), text), where
            assert inputs.brand.contact.phone in text, where


@pytest.mark.parametrize("language", ["en", "es"])
def test_numbers_stay_with_their_units(summaries, language):
    """"24 hours" and "12 weeks" never break between number and unit."""
    pairs = {"en": ("24 hours", "12 weeks"), "es": ("24 horas", "12 semanas")}[language]
    for key, data in summaries.items():
        if key[0] != language:
            continue
        lines = [" ".join(line.split()) for page in reader(data).pages
                 for line in page.extract_text().splitlines()]
        for pair in pairs:
            number = pair.split()[0]
            if key[1] != "crps" and number == "12":
                continue  # only CRPS's own evidence line names its weeks
            assert any(pair in line for line in lines), (key, pair)
            assert not any(line.endswith(f" {number}") or line == number for line in lines), \
                (key, pair)


def test_reading_text_is_at_least_12_points(summaries, editions):
    """The statements, the main message and the glance points print at the
    body's size or larger; nothing on the sheet is under the layout's floor
    for small print (footer, captions)."""
    layout = load_layout("summary")
    inputs = editions["en"]
    cond = inputs.content.condition("crps")
    read = " ".join([cond.main_message, *cond.glance_points,
                     *(st.text for slot in SAFETY
                       for st in getattr(inputs.clinic.sections, slot))])
    found = runs(summaries["en", "crps", "letter"])
    checked = 0
    for run in found:
        assert run.size >= layout.min_small_size, run
        words = run.text.split()
        if len(words) >= 4 and " ".join(words) in read:
            assert run.size >= layout.min_body_size, run
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("paper", list(PAPERS))
def test_a_summary_is_tagged_and_passes_pdfua(summaries, tmp_path, language, paper):
    path = tmp_path / "summary.pdf"
    path.write_bytes(summaries[language, "fibromyalgia", paper])
    report = validate(str(path))
    assert not report.findings, [f.message for f in report.findings]
    assert not report.skipped, report.skipped
    with pikepdf.open(path) as pdf:
        assert unmarked_paint(pdf) == []
        assert str(pdf.Root.Lang).startswith(language)


def test_the_structure_reads_in_the_sheets_order(summaries, editions, tmp_path):
    path = tmp_path / "summary.pdf"
    path.write_bytes(summaries["en", "crps", "letter"])
    headings = [(role, text) for role, text in struct_lines(path)
                if role in ("H1", "H2", "H3")]
    cond = editions["en"].content.condition("crps")
    assert headings[0] == ("H1", cond.title)
    texts = [text for _, text in headings]
    order = [say("handout.glance"), *(say(f"clinic.{slot}") for slot in SAFETY),
             say("checklist.heading"), say("contact.heading")]
    assert [t for t in texts if t in order] == order


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_draft_summary_has_the_band_on_both_pages(editions, tmp_path, language):
    inputs = editions[language]
    assert not inputs.review.approved
    data = summary(inputs, "crps").data
    path = tmp_path / "draft.pdf"
    path.write_bytes(data)
    with speaking(inputs.content.meta.language):
        band = say("review.draft")
    assert check_band(path, data, band, "summary", tmp_path) == 2


def test_an_approved_summary_says_reviewed_on_both_pages(editions):
    inputs = editions["en"]
    state = approved_review()
    data = summary(inputs, "crps", review=state).data
    pages = [" ".join(p.extract_text().split()) for p in reader(data).pages]
    assert len(pages) == 2
    line = " ".join(review_line(state).split())
    for text in pages:
        assert line in text
        assert say("review.draft") not in text


def test_without_an_evidence_line_the_approval_section_prints(editions):
    """The evidence line stands for the clinic's approval section; a clinic
    file without one gets the section itself, never neither."""
    inputs = editions["en"]
    clinic = inputs.clinic
    first = clinic.sections.approval[0]
    short = clinic.model_copy(update={"evidence": None, "sections": clinic.sections.model_copy(
        update={"approval": (first,)})})
    layout, target = load_layout("summary"), Target.condition_of("crps")
    data = render_handout(inputs.content, inputs.brand, layout, target, "letter",
                          inputs.review, short).data
    text = re.sub(r"\u00ad\s*", "", text_of(data))
    assert printed_in_order(say("clinic.approval"), text)
    assert printed_in_order(first.text, text)
    assert not printed_in_order(clinic.evidence.text, text)
    # An approval section twice the sample's needs a third page: refused,
    # at the printed section with the most text (now the approval section
    # itself), nothing dropped.
    whole = clinic.model_copy(update={"evidence": None, "sections": clinic.sections.model_copy(
        update={"approval": clinic.sections.approval * 2})})
    with pytest.raises(DoesNotFit) as refused:
        render_handout(inputs.content, inputs.brand, layout, target, "letter", inputs.review,
                       whole)
    longest = max(("approval", *SAFETY), key=lambda slot: sum(
        len(st.text) for st in getattr(whole.sections, slot)))
    assert refused.value.loc == ("sections", longest)
    # With its evidence line, the section is left to the full handout.
    assert not printed_in_order(say("clinic.approval"),
                                text_of(summary(inputs, "crps").data))


def test_the_fit_measure_passes_within_the_limit_only(editions):
    inputs = editions["en"]
    layout = load_layout("summary")
    cond = inputs.content.condition("crps")
    assert overflow(inputs.content, inputs.clinic, cond, layout, "letter", 2) is None
    too = overflow(inputs.content, inputs.clinic, cond, layout, "letter", 3)
    assert isinstance(too, DoesNotFit) and too.file == "clinic"
    assert too.loc[0] == "sections" and too.loc[1] in SAFETY
    # The full handout's layout has no page limit: the measure never refuses it.
    assert overflow(inputs.content, inputs.clinic, cond, load_layout("standard"), "letter",
                    9) is None


# -- a build, the single command, check ---------------------------------

@pytest.fixture
def web_brand(brand_dir):
    brand_dir.write_text(brand_dir.read_text().replace(
        "qr_url: https://riverside-pain.example/ketamine",
        f"qr_url: https://riverside-pain.example/ketamine\nweb_base_url: {BASE}/"))
    return brand_dir


def test_a_build_makes_and_lists_a_summary_per_condition_and_language(runner, web_brand,
                                                                      tmp_path):
    from handouts.serve.listing import load_listing

    out = tmp_path / "out"
    result = invoke(runner, "build", "--brand", web_brand, "--out-dir", out, "-q")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    rows = [f for f in manifest["files"] if f["kind"] == "summary"]
    assert len(rows) == 16
    assert {r["language"][:2] for r in rows} == {"en", "es"}
    assert all(r["layout"] == "summary" and 1 <= r["pages"] <= 2 for r in rows)
    folder = out / SITE / "handouts"
    # The QR code opens the full handout's own web page, in the sheet's language.
    for name, page in (("crps-handout-summary.pdf", "crps.html"),
                       ("crps-handout-summary-es.pdf", "crps-es.html")):
        assert scanned(folder / name, tmp_path / name) == [f"{BASE}/{SITE}/web/{page}"]
    # The staff page lists them, with a filter of their own; the desk may print them.
    for page in ("index.html", "index-es.html"):
        html = (out / page).read_text()
        assert html.count('data-layout="summary"') == 16, page
        assert 'name="layout" value="summary"' in html, page
    with speaking("en-US"):
        assert say("staff.summary") in (out / "index.html").read_text()
    listing = load_listing(out)
    printable = [f.path for f in listing.files.values() if f.printable]
    assert sum("-summary" in p for p in printable) == 16
    # The single command makes the same sheet (same page in its QR code).
    single = tmp_path / "single.pdf"
    result = invoke(runner, "handout", "crps", "--layout", "summary", "--brand", web_brand,
                    "-o", single)
    assert result.exit_code == 0, result.output
    assert scanned(single, tmp_path / "single") == [f"{BASE}/{SITE}/web/crps.html"]


def test_the_overview_has_no_summary(runner, tmp_path):
    result = invoke(runner, "handout", "overview", "--layout", "summary", "-o",
                    tmp_path / "o.pdf")
    assert_user_error(result, 2)
    assert "one condition" in result.output
    assert not list(tmp_path.iterdir())


def overlong(clinic_path) -> int:
    """Fill the clinic file's "when to call" section with long statements
    (each within the file's limits) until no summary fits two pages; the
    line of the section's key."""
    text = clinic_path.read_text(encoding="utf-8")
    said = ("Call us at once if anything feels wrong after your infusion, even when you are "
            "not sure it matters: a headache that does not go away, a fast heartbeat, "
            "trouble passing urine, or feeling confused or very sleepy. ") * 2
    block = "".join(f"    - text: >-\n        {said[:390].strip()}\n      source: clinic\n"
                    for _ in range(5))
    assert "\n  when_to_call:\n" in text
    text = text.replace("\n  when_to_call:\n", "\n  when_to_call:\n" + block, 1)
    clinic_path.write_text(text, encoding="utf-8")
    return text.splitlines().index("  when_to_call:") + 1


def test_a_clinic_text_too_long_for_two_pages(runner, brand_dir, tmp_path):
    clinic = brand_dir.parent / "clinic-info.yaml"
    fine = invoke(runner, "check", "--brand", brand_dir)
    assert "one-sheet summary" not in fine.output  # the sample fits
    line = overlong(clinic)
    place = f"{clinic}:{line}: sections.when_to_call:"
    # check says so, at the section, and fails.
    result = invoke(runner, "check", "--brand", brand_dir)
    assert result.exit_code == 1, result.output
    assert place in result.output and "one-sheet summary" in result.output
    assert "nothing is left out" in result.output
    # The single command writes nothing, and says the same.
    sheet = tmp_path / "sheet.pdf"
    result = invoke(runner, "handout", "crps", "--layout", "summary", "--brand", brand_dir,
                    "-o", sheet)
    assert_user_error(result)
    assert place in result.output
    assert not sheet.exists() and not list(tmp_path.glob(".sheet.pdf.*"))
    # A build writes every other file, and no summary, whole or partial.
    out = tmp_path / "out"
    result = invoke(runner, "build", "--brand", brand_dir, "--lang", "en", "--out-dir", out,
                    "-q")
    assert result.exit_code == 1
    assert place in result.output
    folder = out / SITE / "handouts"
    assert (folder / "crps-handout.pdf").is_file()
    assert not list(folder.glob("*summary*")) and not list(out.rglob("*.part"))
    rows = json.loads((out / "manifest.json").read_text())["files"]
    assert rows and not [r for r in rows if r["kind"] == "summary"]
