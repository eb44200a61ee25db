"""An approval covers every printed word (the edition, the clinic file, the
catalogue's wording, the language, the approval record itself); no edition
prints as reviewed without an approved, complete clinic file; approvals may
be signed with an SSH key and are then verified; `approve` writes the file
safely (its mode, a link, line endings, indentation, comments, an editor's
change made meanwhile)."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import assert_user_error, complete_clinic, invoke, mark_project
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from pdfread import text_of

DANA = "Dana Reyes, MD"
SAM = "Sam Okafor, PharmD"
MARK = "DRAFT — not yet approved for patients"


@pytest.fixture
def files(tmp_path):
    """A project's folder (files given on the command line) with the demo
    brand, its clinic file completed, and a copy of the edition."""
    shutil.copytree(DEFAULT_BRAND.parent, tmp_path / "brand")
    content = tmp_path / "content.yaml"
    shutil.copy(DEFAULT_CONTENT, content)
    mark_project(tmp_path)
    clinic = complete_clinic(tmp_path / "brand/clinic-info.yaml")
    return dict(root=tmp_path, content=content, brand=tmp_path / "brand/brand.yaml",
                clinic=clinic)


def approve(runner, path, *extra, clinic=False, by=DANA):
    args = ("--clinic", path) if clinic else ("--content", path)
    return invoke(runner, "approve", "--by", by, *args, *extra)


@pytest.fixture
def approved(runner, files):
    """``files`` with the edition and the clinic file approved."""
    for path, clinic in ((files["content"], False), (files["clinic"], True)):
        result = approve(runner, path, clinic=clinic, by=SAM if clinic else DANA)
        assert result.exit_code == 0, result.output
    return files


def check(runner, f):
    return invoke(runner, "check", "--content", f["content"], "--brand", f["brand"])


def prints_as(output: str) -> str:
    return re.search(r"^Prints as: (\S+)", output, re.M)[1]


def handout(runner, f, tmp_path, name="x.pdf"):
    pdf = tmp_path / name
    result = invoke(runner, "handout", "crps", "--content", f["content"], "--brand", f["brand"],
                    "-o", pdf)
    assert result.exit_code == 0, result.output
    return text_of(pdf.read_bytes())


def test_an_approved_edition_and_clinic_file_print_as_reviewed(runner, approved, tmp_path):
    result = check(runner, approved)
    assert result.exit_code == 0, result.output
    assert prints_as(result.output) == "reviewed"
    text = handout(runner, approved, tmp_path)
    assert "Reviewed by Dana Reyes, MD" in text and MARK not in text


# --- 1. One fingerprint for everything printed -------------------------------

def test_a_changed_catalogue_message_makes_a_draft_and_check_names_it(runner, approved,
                                                                      tmp_path, monkeypatch):
    from handouts.render import wording

    english = wording.catalogue("en")
    changed = dict(english.messages)
    changed["checklist.1"] = "Ketamine will cure my pain, right?"
    monkeypatch.setitem(wording._REGISTERED, "en",
                        wording.Catalogue("en", changed, english.plural, english.missing))
    result = check(runner, approved)
    assert prints_as(result.output) == "changed"
    assert "changed: catalogue en: checklist.* changed since the approval" in result.output
    text = handout(runner, approved, tmp_path)
    assert "Ketamine will cure my pain" in text and MARK in text and "Reviewed" not in text


def test_staff_only_messages_are_outside_the_approval(approved, monkeypatch):
    from handouts.inputs.review import catalogue_fingerprints
    from handouts.render import wording

    before = catalogue_fingerprints("en-US")
    english = wording.catalogue("en")
    for key, text in (("staff.title", "Handouts to print"), ("handout.glance", "Quick look")):
        changed = dict(english.messages, **{key: text})
        monkeypatch.setitem(wording._REGISTERED, "en",
                            wording.Catalogue("en", changed, english.plural, english.missing))
        after = catalogue_fingerprints("en-US")
        assert (after == before) == key.startswith("staff."), key


def test_the_clinic_name_is_covered(runner, approved, tmp_path):
    clinic = approved["clinic"]
    clinic.write_text(clinic.read_text().replace("language: en-US\n",
                                                 "clinic: Evil Pharma Inc.\nlanguage: en-US\n", 1))
    result = check(runner, approved)
    assert prints_as(result.output) == "changed"
    assert "changed: clinic-info.yaml: clinic: changed since the approval" in result.output
    text = handout(runner, approved, tmp_path)
    assert "Evil Pharma" in text and MARK in text and "Reviewed" not in text


def test_the_language_is_covered(runner, approved):
    content = approved["content"]
    content.write_text(content.read_text().replace("language: en-US", "language: es-US", 1))
    result = check(runner, approved)
    assert prints_as(result.output) == "changed"
    assert "changed: content.yaml: meta.language: changed since the approval" in result.output


def test_a_hand_edited_approval_record_is_found(runner, approved, tmp_path):
    content = approved["content"]
    content.write_text(content.read_text().replace("approved_by: Dana Reyes, MD",
                                                   "approved_by: Someone Else, MD", 1))
    result = check(runner, approved)
    assert prints_as(result.output) == "changed"
    assert ("changed: content.yaml: meta.review: the approval record (approved_by, approved_on, "
            "next_review, signed_by) was edited after the approval") in result.output
    text = handout(runner, approved, tmp_path)
    assert "Someone Else" not in text and MARK in text


def test_an_approval_from_before_reads_as_changed_and_says_why(runner, approved, tmp_path):
    content = approved["content"]
    lines = content.read_text().splitlines(keepends=True)
    # What an approval recorded before this version holds: the sections' prints alone.
    content.write_text("".join(ln for ln in lines if not ln.startswith(
        ("      record:", "      language:", "      catalogue."))))
    assert "  language: en-US" in content.read_text()
    result = check(runner, approved)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    assert "changed: the approval by Dana Reyes, MD" in result.output
    assert "predates the fingerprint of every printed word" in result.output
    assert "run `handouts approve` again" in result.output
    assert MARK in handout(runner, approved, tmp_path)


# --- 3. No approved handout without its safety information --------------------

def test_a_brand_naming_no_clinic_file_cannot_print_as_reviewed(runner, approved, tmp_path):
    brand = approved["brand"]
    brand.write_text("".join(ln for ln in brand.read_text().splitlines(keepends=True)
                             if "clinic_info:" not in ln))
    result = check(runner, approved)
    assert prints_as(result.output) == "draft"
    assert "to print as reviewed: a clinic file: the brand names none" in result.output
    out = tmp_path / "out"
    out.mkdir()
    built = invoke(runner, "build", "--out-dir", out, "--jobs", "1", "--lang", "en",
                   "--content", approved["content"], "--brand", brand)
    assert built.exit_code == 0, built.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert {f["review"] for f in manifest["files"]} == {"draft"}
    assert "a clinic file: the brand names none" in built.output  # build's note says why


def test_approve_refuses_a_clinic_file_with_an_empty_safety_section(runner, files):
    clinic = files["root"] / "brand/clinic-info.es.yaml"  # the sample: no when_to_call yet
    text = clinic.read_text()
    text = re.sub(r"\n  when_to_call:\n(    .*\n|      .*\n)*", "\n", text)
    clinic.write_text(text)
    before = clinic.read_bytes()
    result = approve(runner, clinic, clinic=True, by=SAM)
    assert_user_error(result)
    assert "sections.when_to_call: empty: patients would get no" in result.output
    assert clinic.read_bytes() == before


def test_an_approved_but_incomplete_clinic_file_keeps_the_edition_a_draft(content, files):
    """However the approval got there (by hand), an empty safety section
    keeps every output a draft."""
    from handouts.inputs.clinic import clinic_fingerprints, load_clinic
    from handouts.inputs.review import (RECORD, Review, printed_fingerprints,
                                        record_fingerprint)
    from handouts.inputs.signoff import edition_review

    day = dt.date.today()

    def approved_as(prints):
        review = Review(status="approved", approved_by=DANA, approved_on=day,
                        next_review=day + dt.timedelta(days=300), fingerprints={"x": "y"})
        return review.model_copy(update={"fingerprints": {
            **prints, RECORD: record_fingerprint(review)}})

    info = load_clinic(files["clinic"])
    empty = info.model_copy(update={"sections": info.sections.model_copy(
        update={"after": ()})})
    empty = empty.model_copy(update={"review": approved_as(clinic_fingerprints(empty))})
    whole = info.model_copy(update={"review": approved_as(clinic_fingerprints(info))})
    edition = content.model_copy(update={"meta": content.meta.model_copy(
        update={"review": approved_as(printed_fingerprints(content))})})
    assert edition_review(edition, whole, day).state.approved
    verdict = edition_review(edition, empty, day)
    assert verdict.state.status == "draft"
    assert any("leaves empty: sections.after" in n for n in verdict.state.needs)
    assert not edition_review(edition, None, day).state.approved


def test_approve_says_what_else_the_edition_needs(runner, tmp_path, monkeypatch):
    assert invoke(runner, "init", tmp_path / "p").exit_code == 0
    monkeypatch.chdir(tmp_path / "p")
    complete_clinic(tmp_path / "p/brand/clinic-info.yaml")
    result = invoke(runner, "approve", "--by", DANA)
    assert result.exit_code == 0, result.output
    assert "the clinic file clinic-info.yaml still needs: handouts approve --clinic" \
        in result.output
    result = invoke(runner, "approve", "--by", SAM, "--clinic")
    assert result.exit_code == 0, result.output
    assert "The en edition now prints as reviewed" in result.output


# --- 4. approve writes the file safely ---------------------------------------

@pytest.mark.parametrize("mode", [0o600, 0o444])
def test_approve_keeps_the_files_mode(runner, files, mode):
    os.chmod(files["content"], mode)
    assert approve(runner, files["content"]).exit_code == 0
    assert stat.S_IMODE(files["content"].stat().st_mode) == mode
    assert "status: approved" in files["content"].read_text()


def test_approve_writes_the_file_a_link_leads_to(runner, files):
    real = files["root"] / "real.yaml"
    files["content"].rename(real)
    files["content"].symlink_to(real.name)
    result = approve(runner, files["content"])
    assert result.exit_code == 0, result.output
    assert files["content"].is_symlink() and "status: approved" in real.read_text()


def test_approve_keeps_crlf_line_endings(runner, files):
    data = files["content"].read_bytes().replace(b"\n", b"\r\n")
    files["content"].write_bytes(data)
    assert approve(runner, files["content"]).exit_code == 0
    after = files["content"].read_bytes()
    assert b"status: approved\r\n" in after and after.count(b"\n") == after.count(b"\r\n")
    before_lines = data.split(b"\r\n")
    changed = [ln for ln in before_lines if ln not in after.split(b"\r\n")]
    assert changed == [b"    status: draft"]


def test_approve_keeps_a_four_space_indentation(runner, files):
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=4, sequence=6, offset=4)
    data = yaml.load(files["content"].read_text())
    with files["content"].open("w") as fh:
        yaml.dump(data, fh)
    before = files["content"].read_text()
    assert "\n    title: Ketamine" in before
    assert approve(runner, files["content"]).exit_code == 0
    after = files["content"].read_text()
    assert [ln for ln in before.splitlines() if ln not in after.splitlines()] == [
        "        status: draft"]
    assert "\n        approved_by: Dana Reyes, MD\n" in after


def test_approve_keeps_comments_inside_the_review_block(runner, files):
    assert approve(runner, files["content"]).exit_code == 0
    text = files["content"].read_text()
    text = text.replace("    approved_on:", "    # Reviewed at the March staff meeting.\n"
                                            "    approved_on:", 1)
    files["content"].write_text(text)
    assert approve(runner, files["content"], "--on", "2026-12-01").exit_code == 0
    after = files["content"].read_text()
    assert "    # Reviewed at the March staff meeting.\n    approved_on: '2026-12-01'" in after


def test_approve_never_overwrites_a_change_made_while_it_ran(runner, files, monkeypatch):
    from handouts.inputs import approval

    real = approval._with_review
    edited = "title: Ketamine at Our Clinic"

    def editor_saves_meanwhile(*args, **kwargs):
        out = real(*args, **kwargs)
        path = files["content"]
        path.write_text(path.read_text().replace("title: Ketamine for Chronic Pain", edited, 1))
        return out

    monkeypatch.setattr(approval, "_with_review", editor_saves_meanwhile)
    result = approve(runner, files["content"])
    assert_user_error(result)
    assert "changed while approve ran" in result.output and "nothing was written" in result.output
    text = files["content"].read_text()
    assert edited in text and "status: draft" in text
    assert not list(files["root"].glob(".*.part"))


@pytest.mark.parametrize("due,ok", [("2029-12-01", True), ("2029-12-02", False),
                                    ("9999-12-31", False)])
def test_a_next_review_more_than_three_years_off_is_refused(runner, files, due, ok):
    before = files["content"].read_bytes()
    result = approve(runner, files["content"], "--on", "2026-12-01", "--next-review", due)
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert_user_error(result)
        assert "more than 3 years after the approval" in result.output
        assert files["content"].read_bytes() == before


# --- 2. Signed approvals -------------------------------------------------------

needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None and not os.environ.get("HANDOUTS_REQUIRE_TOOLS"),
    reason="ssh-keygen (openssh-client) is not installed")


def make_key(folder: Path, name: str) -> tuple[Path, str]:
    """A throwaway ed25519 key with no passphrase: (private key file, public key line)."""
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
                   check=True, capture_output=True)
    return key, " ".join(Path(f"{key}.pub").read_text().split()[:2])


@pytest.fixture
def keys(tmp_path, files):
    """Dana's key, listed in the project's allowed_signers; Eve's, not."""
    folder = tmp_path / "keys"
    folder.mkdir()
    dana, dana_pub = make_key(folder, "dana")
    eve, _ = make_key(folder, "eve")
    (files["root"] / "allowed_signers").write_text(
        f"# The project's reviewers\ndana@clinic.example {dana_pub}\n")
    return dict(dana=dana, eve=eve)


@pytest.fixture
def signed(runner, files, keys):
    for path, clinic in ((files["content"], False), (files["clinic"], True)):
        result = approve(runner, path, "--sign", keys["dana"], clinic=clinic)
        assert result.exit_code == 0, result.output
    return files


@needs_ssh_keygen
def test_a_signed_approval_verifies_and_says_who_signed(runner, signed, tmp_path):
    text = signed["content"].read_text()
    assert "signed_by: dana@clinic.example" in text and "-----BEGIN SSH SIGNATURE-----" in text
    result = check(runner, signed)
    assert result.exit_code == 0, result.output
    assert prints_as(result.output) == "reviewed"
    assert "content.yaml: signed by dana@clinic.example (verified with allowed_signers)" \
        in result.output
    assert "clinic-info.yaml: signed by dana@clinic.example" in result.output
    assert "Reviewed by Dana Reyes, MD" in handout(runner, signed, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    built = invoke(runner, "build", "--out-dir", out, "--jobs", "1", "--lang", "en",
                   "--content", signed["content"], "--brand", signed["brand"])
    assert built.exit_code == 0, built.output
    assert "note: content.yaml: signed by dana@clinic.example" in built.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert {f["review"] for f in manifest["files"]} == {"approved"}


@needs_ssh_keygen
def test_a_tampered_approval_record_fails_even_with_its_fingerprint_redone(runner, signed,
                                                                           tmp_path):
    """Someone who edits approved_by and recomputes the record's fingerprint
    (it is no secret) still cannot make the signature fit."""
    from handouts.inputs.content import load_content
    from handouts.inputs.review import RECORD, record_fingerprint

    path = signed["content"]
    review = load_content(path).meta.review
    forged = review.model_copy(update={"approved_by": "Someone Else, MD"})
    text = path.read_text().replace("approved_by: Dana Reyes, MD", "approved_by: Someone Else, MD")
    text = text.replace(f"{RECORD}: {review.fingerprints[RECORD]}",
                        f"{RECORD}: {record_fingerprint(forged)}")
    path.write_text(text)
    result = check(runner, signed)
    assert_user_error(result)
    assert prints_as(result.output) == "draft"
    assert "problem: content.yaml: meta.review.signature: does not verify for " \
           "dana@clinic.example" in result.output
    text = handout(runner, signed, tmp_path)
    assert MARK in text and "Someone Else" not in text


@needs_ssh_keygen
def test_a_tampered_signature_fails(runner, signed):
    path = signed["clinic"]
    text = path.read_text()
    body = text.split("-----BEGIN SSH SIGNATURE-----\n", 1)[1]
    line = body.split("\n", 1)[0].strip()
    flipped = line[:30] + ("A" if line[30] != "A" else "B") + line[31:]
    path.write_text(text.replace(line, flipped, 1))
    result = check(runner, signed)
    assert_user_error(result)
    assert "problem: clinic-info.yaml: review.signature: does not verify" in result.output
    assert prints_as(result.output) == "draft"


@needs_ssh_keygen
def test_an_unknown_signer_is_refused_and_a_removed_one_fails(runner, files, keys, signed):
    before = files["content"].read_bytes()
    result = approve(runner, files["content"], "--sign", keys["eve"])
    assert_user_error(result)
    assert "its public key is not in" in result.output and "allowed_signers" in result.output
    assert files["content"].read_bytes() == before
    (files["root"] / "allowed_signers").write_text("# nobody any more\n")
    result = check(runner, files)
    assert_user_error(result)
    assert "signature: does not verify for dana@clinic.example" in result.output


@needs_ssh_keygen
def test_a_project_that_requires_signatures_refuses_unsigned_approvals(runner, approved,
                                                                        keys, tmp_path):
    (approved["root"] / "handouts.toml").write_text("require_signatures = true\n")
    result = check(runner, approved)
    assert_user_error(result)
    assert prints_as(result.output) == "draft"
    assert ("problem: content.yaml: meta.review: not signed, and "
            f"{approved['root'] / 'handouts.toml'} requires signatures") in result.output
    assert "problem: clinic-info.yaml: review: not signed" in result.output
    assert MARK in handout(runner, approved, tmp_path)
    before = approved["content"].read_bytes()
    result = approve(runner, approved["content"])  # unsigned: refused outright
    assert_user_error(result)
    assert "requires signed approvals (require_signatures = true)" in result.output
    assert approved["content"].read_bytes() == before
    for path, clinic in ((approved["content"], False), (approved["clinic"], True)):
        assert approve(runner, path, "--sign", keys["dana"], clinic=clinic).exit_code == 0
    result = check(runner, approved)
    assert result.exit_code == 0 and prints_as(result.output) == "reviewed", result.output


def test_without_ssh_keygen_signing_says_so(runner, files, tmp_path, monkeypatch):
    import handouts.inputs.signoff as signoff

    key = tmp_path / "key"
    key.write_text("not used\n")
    (files["root"] / "allowed_signers").write_text("")
    real_which = shutil.which
    monkeypatch.setattr(signoff.shutil, "which",
                        lambda name, *a, **k: None if name == "ssh-keygen" else real_which(name))
    result = approve(runner, files["content"], "--sign", key)
    assert_user_error(result)
    assert "ssh-keygen not found" in result.output and "openssh-client" in result.output


def test_handouts_toml_names_the_signers_file_and_whether_signatures_are_required(tmp_path):
    from handouts.errors import InvalidInput
    from handouts.inputs.signoff import policy_for
    from handouts.project.config import load_project
    from handouts.project.init import init_project

    init_project(tmp_path / "p")
    config = tmp_path / "p/handouts.toml"
    base = config.read_text()
    project = load_project(config)
    assert project.allowed_signers == tmp_path / "p/allowed_signers"
    assert not project.require_signatures and not policy_for(project.content["en"]).required
    config.write_text('allowed_signers = "reviewers.txt"\nrequire_signatures = "yes"\n' + base)
    with pytest.raises(InvalidInput) as err:
        load_project(config)
    message = str(err.value)
    assert "handouts.toml:1: allowed_signers: file not found" in message
    assert "handouts.toml:2: require_signatures: must be true or false" in message
    assert policy_for(project.content["en"]).required  # never silently off
    (tmp_path / "p/reviewers.txt").write_text("")
    config.write_text('allowed_signers = "reviewers.txt"\nrequire_signatures = true\n' + base)
    project = load_project(config)
    assert project.require_signatures and project.allowed_signers.name == "reviewers.txt"
    policy = policy_for(project.clinic["es"])
    assert policy.required and policy.allowed_signers == tmp_path / "p/reviewers.txt"


@needs_ssh_keygen
def test_a_signed_approval_without_ssh_keygen_cannot_count(runner, signed, monkeypatch):
    import handouts.inputs.signoff as signoff

    real_which = shutil.which
    monkeypatch.setattr(signoff.shutil, "which",
                        lambda name, *a, **k: None if name == "ssh-keygen" else real_which(name))
    result = check(runner, signed)
    assert_user_error(result)
    assert prints_as(result.output) == "draft"
    assert ("problem: content.yaml: meta.review.signature: cannot be verified: ssh-keygen not "
            "found") in result.output
