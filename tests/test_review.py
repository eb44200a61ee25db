"""Clinical review: a draft never looks approved; `approve` records an
approval in the file, keeping its comments; changed text is a draft again;
an overdue review stops the build."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import complete_clinic, mark_project, assert_user_error, invoke
from handouts.paths import DEFAULT_CONTENT
from handouts.render.wording import say, speaking
from pdfread import placed_runs, reader, text_of

MARK = "DRAFT — not yet approved for patients"
OVERDUE = "REVIEW OVERDUE — not for patients"
CHANGED = "DRAFT — changed, not yet re-approved"


def build(runner, out: Path, content: Path = DEFAULT_CONTENT, *extra):
    result = invoke(runner, "build", "--out-dir", out, "--jobs", "1", "-q",
                    "--content", content, *extra)
    return result, (json.loads((out / "manifest.json").read_text())
                    if result.exit_code == 0 else None)


def pages_marked(data: bytes, mark: str) -> list[bool]:
    """For each page: whether ``mark`` is drawn across it, large."""
    runs = placed_runs(data)
    return [any(r.page == n and r.size >= 20 and mark in r.text for r in runs)
            for n in range(1, len(reader(data).pages) + 1)]


def slides_marked(data: bytes, mark: str) -> list[bool]:
    prs = Presentation(io.BytesIO(data))
    return [any(sh.has_text_frame and sh.text_frame.text == mark for sh in s.shapes)
            for s in prs.slides]


@pytest.fixture(scope="module")
def draft_build(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("draft")
    result, manifest = build(CliRunner(), out)
    assert result.exit_code == 0, result.output
    return out, manifest


def test_every_page_and_slide_of_a_draft_is_marked(draft_build):
    out, manifest = draft_build
    assert {f["review"] for f in manifest["files"]} == {"draft"}
    for f in manifest["files"]:
        data = (out / f["path"]).read_bytes()
        with speaking(f["language"]):  # the mark in the file's own language
            mark, reviewed = say("review.draft"), say("footer.reviewed", by="", date="", next="")
            page = say("footer.page", page=1, pages=1).split()[0]
        if f["path"].endswith(".pdf"):
            assert all(pages_marked(data, mark)), f["path"]
            text = text_of(data)
            assert reviewed.split()[0] not in text
            assert text.count(f"{mark} · {page}") == f["pages"]
        elif f["path"].endswith(".html"):  # the web page: the mark first, in words
            import lxml.html

            doc = lxml.html.fromstring(data)
            first = next(t.strip() for t in doc.xpath("//body//text()") if t.strip())
            assert first == mark and reviewed.split()[0] not in doc.text_content(), f["path"]
        else:
            assert all(slides_marked(data, mark)), f["path"]
    assert {f["language"] for f in manifest["files"]} == {"en-US", "es-US"}
    assert {f["kind"] for f in manifest["files"]} == {"handout", "summary", "booklet", "deck",
                                                      "web"}


@pytest.fixture
def content_copy(tmp_path):
    path = tmp_path / "content.yaml"
    shutil.copy(DEFAULT_CONTENT, path)
    mark_project(tmp_path)
    return path


@pytest.fixture
def approved_clinic(runner, brand_dir):
    """The demo brand with its clinic file approved: outputs are then drafts
    or not by the content's review alone."""
    clinic = complete_clinic(brand_dir.parent / "clinic-info.yaml")
    result = invoke(runner, "approve", "--by", "Sam Okafor, PharmD", "--clinic", clinic)
    assert result.exit_code == 0, result.output
    return brand_dir


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_approve_keeps_comments_and_layout_and_prints_reviewed(runner, content_copy, tmp_path,
                                                               approved_clinic):
    before = content_copy.read_text()
    result = invoke(runner, "approve", "--by", "Dana Reyes, MD", "--on", "2026-11-25",
                    "--content", content_copy)
    assert result.exit_code == 0, result.output
    after = content_copy.read_text()
    assert comments(after) == comments(before) and len(comments(before)) > 5
    removed = [ln for ln in before.splitlines() if ln not in after.splitlines()]
    assert removed == ["    status: draft"]  # every other line kept as it was
    check = invoke(runner, "check", "--content", content_copy)
    assert ("review: approved by Dana Reyes, MD on 2026-11-25; next review 2027-11-25"
            in check.output)
    out = tmp_path / "out"
    out.mkdir()
    result, manifest = build(runner, out, content_copy, "--brand", approved_clinic)
    assert {f["review"] for f in manifest["files"]} == {"approved"}
    pdf = next(out / f["path"] for f in manifest["files"] if f["path"].endswith("crps-handout.pdf"))
    text = text_of(pdf.read_bytes())
    assert ("Reviewed by Dana Reyes, MD on November 25, 2026 · Next review November 25, 2027"
            in text) and MARK not in text
    deck = next(out / f["path"] for f in manifest["files"] if f["path"].endswith("/seminar.pptx"))
    assert not any(slides_marked(deck.read_bytes(), MARK))


def test_a_changed_sentence_makes_it_a_draft_again(runner, content_copy, tmp_path):
    invoke(runner, "approve", "--by", "Dana Reyes, MD", "--content", content_copy)
    text = content_copy.read_text()
    old = "CRPS does not respond to most usual treatments."
    assert old in text
    content_copy.write_text(text.replace(old, "CRPS rarely responds to usual treatments.", 1))
    check = invoke(runner, "check", "--content", content_copy)
    assert "review: draft: changed since Dana Reyes, MD approved it on" in check.output
    assert "in conditions.crps" in check.output
    out = tmp_path / "out"
    out.mkdir()
    _, manifest = build(runner, out, content_copy)
    assert {f["review"] for f in manifest["files"]} == {"changed"}
    pdf = (out / "riverside-pain-wellness-clinic/handouts/crps-handout.pdf").read_bytes()
    assert all(pages_marked(pdf, CHANGED)) and "Reviewed" not in text_of(pdf)


def test_overdue_review_stops_the_build_unless_allowed(runner, content_copy, tmp_path,
                                                       approved_clinic):
    invoke(runner, "approve", "--by", "Dana Reyes, MD", "--on", "2020-01-06",
           "--content", content_copy)
    check = invoke(runner, "check", "--content", content_copy)
    assert check.exit_code == 0
    assert "warning: meta.review.next_review: the review was due on 2021-01-06" in check.output
    out = tmp_path / "out"
    out.mkdir()
    result, _ = build(runner, out, content_copy, "--brand", approved_clinic)
    assert_user_error(result)
    assert "the review was due on 2021-01-06" in result.output and not list(out.iterdir())
    result, manifest = build(runner, out, content_copy, "--allow-overdue", "--brand",
                             approved_clinic)
    assert result.exit_code == 0 and {f["review"] for f in manifest["files"]} == {"overdue"}
    pdf = (out / "riverside-pain-wellness-clinic/handouts/crps-handout.pdf").read_bytes()
    text = text_of(pdf)
    assert all(pages_marked(pdf, OVERDUE)) and "Reviewed" not in text
    assert re.search(r"REVIEW OVERDUE since January 6, 2021 · Page 1 of \d", text)
    deck = (out / "riverside-pain-wellness-clinic/decks/seminar.pptx").read_bytes()
    assert all(slides_marked(deck, OVERDUE))


def test_old_files_load_as_drafts_with_a_message(runner, content_copy, tmp_path):
    text = content_copy.read_text().replace(
        "  review:\n    status: draft\n",
        '  reviewed_on: "2026-11-25"\n  next_review: "2027-11-25"\n'
        "  review_status: Reviewed and approved by our team.\n")
    content_copy.write_text(text)
    check = invoke(runner, "check", "--content", content_copy)
    assert check.exit_code == 0
    assert "review: draft: not yet approved for patients" in check.output
    assert "these no longer count as a review" in check.output
    pdf = tmp_path / "x.pdf"
    assert invoke(runner, "handout", "crps", "--content", content_copy, "-o", pdf).exit_code == 0
    assert all(pages_marked(pdf.read_bytes(), MARK))
    invoke(runner, "approve", "--by", "Dana Reyes, MD", "--content", content_copy)
    assert "review_status" not in content_copy.read_text()  # replaced by the approval


@pytest.mark.parametrize("args,message", [
    (["--by", "Dana Reyes"], "give the approver's name and credentials"),
    (["--by", "Dana Reyes, MD", "--on", "2026-11-25", "--next-review", "2026-01-01"],
     "must come after the approval"),
])
def test_approve_refuses_what_is_not_an_approval(runner, content_copy, args, message):
    before = content_copy.read_bytes()
    result = invoke(runner, "approve", *args, "--content", content_copy)
    assert result.exit_code in (1, 2) and message in result.output
    assert content_copy.read_bytes() == before


def test_approve_refuses_invalid_content(runner, content_copy):
    content_copy.write_text(content_copy.read_text().replace("  title: Ketamine for Chronic Pain\n",
                                                             "  titel: x\n", 1))
    before = content_copy.read_bytes()
    result = invoke(runner, "approve", "--by", "Dana Reyes, MD", "--content", content_copy)
    assert_user_error(result)
    assert "meta.titel: unknown key" in result.output and content_copy.read_bytes() == before


def test_an_approval_must_be_complete(runner, content_copy):
    text = content_copy.read_text().replace("    status: draft\n", "    status: approved\n")
    content_copy.write_text(text)
    result = invoke(runner, "check", "--content", content_copy)
    assert result.exit_code == 1
    assert "meta.review: an approval needs approved_by, approved_on, next_review" in result.output


def test_review_state_is_a_function_of_content_and_day(content):
    from handouts.inputs.review import (RECORD, Review, printed_fingerprints,
                                        record_fingerprint, review_state)

    day = dt.date(2026, 11, 25)
    review = Review(status="approved", approved_by="A, MD", approved_on=day,
                    next_review=day.replace(year=2027), fingerprints={"x": "y"})
    review = review.model_copy(update={"fingerprints": {
        **printed_fingerprints(content), RECORD: record_fingerprint(review)}})
    approved = content.model_copy(update={"meta": content.meta.model_copy(
        update={"review": review})})
    assert review_state(approved, day).status == "approved"
    assert review_state(approved, dt.date(2028, 1, 1)).status == "overdue"
    assert review_state(approved, None).status == "approved"
    edited = approved.model_copy(update={"faq": approved.faq[:-1]})
    assert review_state(edited, day).changed == ("faq",)


def test_an_unapproved_clinic_file_makes_approved_content_a_draft(runner, content_copy, tmp_path):
    invoke(runner, "approve", "--by", "Dana Reyes, MD", "--content", content_copy)
    out = tmp_path / "out"
    out.mkdir()
    _, manifest = build(runner, out, content_copy)  # the demo brand's clinic file: a draft
    assert {f["review"] for f in manifest["files"]} == {"draft"}
    pdf = (out / "riverside-pain-wellness-clinic/handouts/crps-handout.pdf").read_bytes()
    assert all(pages_marked(pdf, MARK)) and "Reviewed" not in text_of(pdf)


def test_approve_clinic_file_keeps_it_line_for_line(runner, brand_dir):
    clinic = complete_clinic(brand_dir.parent / "clinic-info.yaml")
    before = clinic.read_text()
    assert invoke(runner, "approve", "--by", "Sam Okafor, PharmD", "--clinic", clinic
                  ).exit_code == 0
    after = clinic.read_text()
    assert [ln for ln in before.splitlines() if ln not in after.splitlines()] == [
        "  status: draft"]
    text = after.replace("for at least 24 hours", "for at least 12 hours")
    clinic.write_text(text)
    check = invoke(runner, "check", "--brand", brand_dir)
    assert "draft: changed since Sam Okafor, PharmD approved it" in check.output
    assert "in after" in check.output
