"""A clinic's project: `handouts init`, the one configuration file every
command finds, approval only in the clinic's files, file names that say
what they are, and upgrades that never change the clinic's text."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import complete_clinic, invoke
from tools import read_terminal
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT, bundled_roots

APPROVER = "Dana Reyes, MD"


def tree_hashes(*roots: Path) -> dict[str, str]:
    """Path -> sha256 of every file under ``roots``."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for root in roots for p in sorted(root.rglob("*")) if p.is_file()
            and "__pycache__" not in p.parts}


@pytest.fixture
def project(runner, tmp_path, monkeypatch):
    """A new project, made by `handouts init`, as the current folder."""
    folder = tmp_path / "clinic"
    result = invoke(runner, "init", folder)
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(folder)
    return folder


def test_init_makes_a_project_of_editable_copies(project):
    names = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    assert names == ["README.md", "brand/brand.yaml", "brand/clinic-info.es.yaml",
                     "brand/clinic-info.yaml", "brand/logo.png", "content/ketamine-pain.es.yaml",
                     "content/ketamine-pain.yaml", "handouts.toml", "sites.csv",
                     "upstream/ketamine-pain.es.yaml", "upstream/ketamine-pain.yaml",
                     "upstream/record.json"]
    assert (project / "content/ketamine-pain.yaml").read_bytes() == DEFAULT_CONTENT.read_bytes()
    # The brand's clinic files are named in handouts.toml, once.
    brand = yaml.safe_load((project / "brand/brand.yaml").read_text())
    assert "clinic_info" not in brand and "clinic_info" not in brand["translations"]["es"]
    rows = (project / "sites.csv").read_text().splitlines()
    assert len(rows) == 2 and rows[1].startswith("main,Riverside Pain & Wellness Clinic,")
    readme = (project / "README.md").read_text()
    for words in ("What to edit, in this order", "handouts check", "handouts approve",
                  "handouts upstream"):
        assert words in readme
    record = json.loads((project / "upstream/record.json").read_text())
    assert set(record["editions"]) == {"en", "es"}
    assert "conditions.crps" in record["editions"]["en"]["sections"]


def test_init_refuses_to_write_over_anything(runner, tmp_path):
    folder = tmp_path / "clinic"
    (folder / "brand").mkdir(parents=True)
    (folder / "brand" / "brand.yaml").write_text("mine\n")
    result = invoke(runner, "init", folder)
    assert result.exit_code == 1
    assert "exist already" in result.output and "brand.yaml" in result.output
    assert sorted(p.name for p in folder.rglob("*")) == ["brand", "brand.yaml"]
    assert (folder / "brand" / "brand.yaml").read_text() == "mine\n"


def test_commands_find_the_project_from_a_folder_below(runner, project, monkeypatch):
    below = project / "content"
    monkeypatch.chdir(below)
    (project / "content/ketamine-pain.yaml").write_text(
        (project / "content/ketamine-pain.yaml").read_text()
        .replace("title: Ketamine for Chronic Pain", "title: Ketamine at Our Clinic", 1))
    result = invoke(runner, "check")
    assert result.exit_code == 0, result.output
    assert f"Project: {project / 'handouts.toml'}" in result.output
    assert "Ketamine at Our Clinic" in result.output


def test_project_option_and_explicit_options_override(runner, project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (project / "brand/brand.yaml").write_text(
        (project / "brand/brand.yaml").read_text().replace(
            "Riverside Pain & Wellness Clinic", "Hillside Pain Care"))
    out = invoke(runner, "--project", project, "check").output
    assert "Hillside Pain Care" in out
    out = invoke(runner, "--project", project, "check", "--brand", DEFAULT_BRAND).output
    assert "Riverside Pain & Wellness Clinic" in out and "Hillside" not in out
    missing = invoke(runner, "--project", tmp_path, "check")
    assert missing.exit_code == 2 and "no handouts.toml there" in missing.output


def test_a_bad_configuration_is_reported_all_at_once_by_line(runner, project):
    config = project / "handouts.toml"
    text = config.read_text()
    text = text.replace('brand = "brand/brand.yaml"', 'brand = "../elsewhere/brand.yaml"')
    text = text.replace('output = "out"', 'output = "/var/out"\ncolour = "blue"')
    text = text.replace('es = "content/ketamine-pain.es.yaml"',
                        'es = "content/missing.yaml"\nfr = "content/fr.yaml"')
    config.write_text(text)
    result = invoke(runner, "check")
    assert result.exit_code == 1
    lines = text.splitlines()

    def line(start: str) -> int:
        return next(i for i, x in enumerate(lines, 1) if x.startswith(start))

    out = result.output
    assert f"{config}:{line('brand =')}: brand: '../elsewhere/brand.yaml' must be a path " \
           "inside the project's folder" in out
    assert f"{config}:{line('output =')}: output: '/var/out' must be a path inside" in out
    assert f"{config}:{line('colour =')}: colour: unknown key" in out
    assert f"{config}:{line('es =')}: content.es: file not found" in out
    assert f"{config}:{line('fr =')}: content.fr: 'fr' is not one of the project's languages" in out
    assert "Traceback" not in out


def test_a_link_out_of_the_project_is_refused(runner, project, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("x: 1\n")
    (project / "brand" / "link.yaml").symlink_to(outside)
    config = project / "handouts.toml"
    config.write_text(config.read_text().replace('brand = "brand/brand.yaml"',
                                                 'brand = "brand/link.yaml"'))
    result = invoke(runner, "check")
    assert result.exit_code == 1 and "leads outside the project's folder" in result.output


def test_bad_toml_names_its_line(runner, project):
    config = project / "handouts.toml"
    config.write_text(config.read_text() + "\nsites = [unclosed\n")
    result = invoke(runner, "list")
    assert result.exit_code == 1
    assert f"{config}:" in result.output and "not valid TOML" in result.output
    assert "Traceback" not in result.output


def test_the_weekly_work_in_a_project(runner, project):
    """check, build (drafts), approve the edition and the clinic file in both
    languages, build: every file approved."""
    assert invoke(runner, "check").exit_code == 0
    assert invoke(runner, "build", "-q", "--lang", "en").exit_code == 0
    manifest = json.loads((project / "out/manifest.json").read_text())
    assert {f["review"] for f in manifest["files"]} == {"draft"}
    for name in ("clinic-info.yaml", "clinic-info.es.yaml"):
        complete_clinic(project / "brand" / name)
    for args in ([], ["--clinic"], ["--lang", "es"], ["--lang", "es", "--clinic"]):
        result = invoke(runner, "approve", "--by", APPROVER, *args)
        assert result.exit_code == 0, result.output
    assert "approved:" in (project / "content/ketamine-pain.es.yaml").read_text() \
        or "approved_by" in (project / "content/ketamine-pain.es.yaml").read_text()
    result = invoke(runner, "build", "-q")
    assert result.exit_code == 0, result.output
    manifest = json.loads((project / "out/manifest.json").read_text())
    assert {f["review"] for f in manifest["files"]} == {"approved"}
    assert {f["language"] for f in manifest["files"]} == {"en-US", "es-US"}
    assert all(f["path"].startswith("main/") for f in manifest["files"])
    # The reference copy in upstream/ is never approved, never changed.
    assert (project / "upstream/ketamine-pain.yaml").read_bytes() == DEFAULT_CONTENT.read_bytes()


def test_approve_outside_a_project_refuses_and_writes_nothing(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = tree_hashes(*bundled_roots())
    for args in ([], ["--lang", "es"], ["--clinic"], ["--content", DEFAULT_CONTENT],
                 ["--clinic", DEFAULT_BRAND.parent / "clinic-info.yaml"]):
        result = invoke(runner, "approve", "--by", APPROVER, *args)
        assert result.exit_code == 1, args
        assert "handouts init" in result.output and "Traceback" not in result.output
    loose = tmp_path / "loose.yaml"
    shutil.copy(DEFAULT_CONTENT, loose)
    result = invoke(runner, "approve", "--by", APPROVER, "--content", loose)
    assert result.exit_code == 1 and "not in a project" in result.output
    assert loose.read_bytes() == DEFAULT_CONTENT.read_bytes()
    assert tree_hashes(*bundled_roots()) == before


def test_approve_in_a_project_refuses_the_bundled_files(runner, project):
    result = invoke(runner, "approve", "--by", APPROVER, "--content", DEFAULT_CONTENT)
    assert result.exit_code == 1 and "read-only" in result.output


@pytest.mark.parametrize("args,name", [
    (["handout", "crps"], "crps-handout.pdf"),
    (["handout", "crps", "--large-print"], "crps-handout-large-print.pdf"),
    (["handout", "crps", "--lang", "es"], "crps-handout-es.pdf"),
    (["handout", "crps", "--lang", "es", "--large-print"], "crps-handout-large-print-es.pdf"),
    (["handout", "fibromialgia", "--lang", "es"], "fibromyalgia-handout-es.pdf"),
    (["deck", "crps", "--lang", "es"], "crps-seminar-es.pptx"),
    (["deck", "--lang", "es", "--minutes", "20"], "seminar-es.pptx"),
])
def test_single_commands_name_language_and_layout(runner, tmp_path, monkeypatch, args, name):
    """Outside a project (the bundled demo) as inside one: the same names as
    `build` gives."""
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert result.output.strip() == f"Wrote {name}"


def test_spanish_and_english_large_print_are_distinct_files(runner, project):
    from pdfread import text_of

    assert invoke(runner, "handout", "crps", "--large-print").exit_code == 0
    assert invoke(runner, "handout", "crps", "--large-print", "--lang", "es").exit_code == 0
    english = (project / "crps-handout-large-print.pdf").read_bytes()
    spanish = (project / "crps-handout-large-print-es.pdf").read_bytes()
    assert "What is CRPS" in text_of(english) or "CRPS" in text_of(english)
    assert "dolor" in text_of(spanish).lower() and "dolor" not in text_of(english).lower()


def test_handout_all_makes_its_folder(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "handout", "--all", "--out-dir", "today", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "today").glob("*-handout-es.pdf"))) == 8


def test_version_names_the_bundled_edition(runner):
    edition = yaml.safe_load(DEFAULT_CONTENT.read_text())["meta"]["edition"]
    result = invoke(runner, "--version")
    assert f"(bundled edition of {edition})" in result.output


def test_a_project_layout_comes_before_the_bundled_one(runner, project):
    from pdfread import runs

    (project / "layouts").mkdir()
    (project / "layouts/standard.yaml").write_text(
        "extends: standard\ntype:\n  body: {size: 14, leading: 19}\n")
    config = project / "handouts.toml"
    config.write_text(config.read_text().replace('# layouts = "layouts"', 'layouts = "layouts"'))
    assert invoke(runner, "handout", "crps", "-o", "mine.pdf").exit_code == 0
    body = yaml.safe_load((project / "content/ketamine-pain.yaml").read_text())
    first = next(c for c in body["conditions"] if c["slug"] == "crps")["body"][1][:20]
    sizes = {r.size for r in runs((project / "mine.pdf").read_bytes()) if first in r.text}
    assert sizes == {14.0}


def test_the_bundled_note_is_said_once_at_a_terminal(tmp_path):
    """Outside a project, a person at a terminal is told once that the
    bundled demo is in use; a script's standard error holds only errors."""
    import pty

    code = "from handouts.cli import main; main(['list'])"
    primary, secondary = pty.openpty()
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, stdout=subprocess.PIPE,
                          stderr=secondary, timeout=60)
    os.close(secondary)
    said = read_terminal(primary)
    assert proc.returncode == 0
    assert said.decode().count("using the bundled demo, read-only") == 1
    piped = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                           text=True, timeout=60)
    assert piped.stderr == ""


# -- upgrades ---------------------------------------------------------------

def _release_with_changed_section(tmp_path: Path, monkeypatch) -> Path:
    """Stand in for a newer release: a bundled edition with the CRPS
    section's first paragraph changed (tests/test_wheel.py installs a real
    one)."""
    from handouts.project import upstream

    new = tmp_path / "release" / "ketamine-pain.yaml"
    new.parent.mkdir()
    data = DEFAULT_CONTENT.read_text()
    crps = yaml.safe_load(data)
    first = next(c for c in crps["conditions"] if c["slug"] == "crps")["body"][0]
    anchor = " ".join(first.split()[:6])
    assert data.count(anchor) == 1
    new.write_text(data.replace(anchor, "A newer edition says: " + anchor, 1)
                   .replace('edition: "2026-11-25"', 'edition: "2027-03-01"'))
    shutil.copy(DEFAULT_CONTENT.with_name("ketamine-pain.es.yaml"),
                new.with_name("ketamine-pain.es.yaml"))
    monkeypatch.setattr(upstream, "bundled_editions",
                        lambda: {"en": new, "es": new.with_name("ketamine-pain.es.yaml")})
    return new


def test_check_names_what_a_new_release_changed_and_changes_nothing(runner, project, tmp_path,
                                                                   monkeypatch):
    before = tree_hashes(project)
    _release_with_changed_section(tmp_path, monkeypatch)
    result = invoke(runner, "check")
    assert result.exit_code == 0, result.output
    assert ("upstream: the bundled en edition changed since this project was made "
            "(2026-11-25 -> 2027-03-01): conditions.crps;") in result.output
    assert "bundled es edition" not in result.output
    shown = invoke(runner, "upstream", "--width", "120")
    assert shown.exit_code == 0
    lines = shown.output.splitlines()
    assert "--- conditions.crps" in lines
    changed = [x for x in lines if " | " in x]
    assert any("A newer edition says:" in x.split(" | ")[1] for x in changed)
    assert not any("A newer edition says:" in x.split(" | ")[0] for x in changed)
    assert tree_hashes(project) == before
    accepted = invoke(runner, "upstream", "--accept")
    assert accepted.exit_code == 0
    after = tree_hashes(project)
    assert {k for k in after if after[k] != before.get(k)} == {
        str(project / "upstream/ketamine-pain.yaml"), str(project / "upstream/record.json")}
    assert "upstream:" not in invoke(runner, "check").output


@pytest.mark.parametrize("key,value", [
    ("brand", "brand/b\\u0000x.yaml"),  # a NUL
    ("brand", "brand/" + "a" * 300 + ".yaml"),  # a name too long
    ("brand", "loop1"),  # a link that leads to itself
    ("output", "loop1"),
    ("output", "handouts.toml"),  # a file where a folder goes
])
def test_an_unusable_path_is_a_problem_not_a_crash(runner, project, key, value):
    (project / "loop1").symlink_to("loop2")
    (project / "loop2").symlink_to("loop1")
    config = project / "handouts.toml"
    lines = [f'{key} = "{value}"' if x.startswith(f"{key} =") else x
             for x in config.read_text().splitlines()]
    config.write_text("\n".join(lines) + "\n")
    number = next(i for i, x in enumerate(lines, 1) if x.startswith(f"{key} ="))
    result = invoke(runner, "check")
    assert result.exit_code == 1, result.output
    assert f"{config}:{number}: {key}: " in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_accept_never_rewrites_the_clinics_own_text(runner, project, tmp_path):
    """`upstream --accept` writes only into a plain upstream/ folder: not
    through a link (into content/, or out of the project), and a project
    never names a file of its own in upstream/."""
    assert invoke(runner, "approve", "--by", APPROVER).exit_code == 0
    mine = project / "content/ketamine-pain.yaml"
    mine.write_text(mine.read_text().replace("title: Ketamine for Chronic Pain",
                                             "title: Ketamine at Our Clinic", 1))
    before = tree_hashes(project)
    config = project / "handouts.toml"
    original = config.read_text()
    config.write_text(original.replace('en = "content/ketamine-pain.yaml"',
                                       'en = "upstream/ketamine-pain.yaml"'))
    result = invoke(runner, "upstream", "--accept")
    assert result.exit_code == 1 and "content.en: 'upstream/ketamine-pain.yaml' is in upstream/" \
        in result.output
    config.write_text(original)
    shutil.rmtree(project / "upstream")
    (project / "upstream").symlink_to("content")
    result = invoke(runner, "upstream", "--accept")
    assert result.exit_code == 1 and "Traceback" not in result.output
    (project / "upstream").unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "upstream").symlink_to(elsewhere)
    result = invoke(runner, "upstream", "--accept")
    assert result.exit_code == 1 and "not a folder of its own" in result.output
    assert list(elsewhere.iterdir()) == []
    after = tree_hashes(project)
    assert {k: v for k, v in after.items() if "upstream" not in k} == \
           {k: v for k, v in before.items() if "upstream" not in k}
    assert "Ketamine at Our Clinic" in mine.read_text()


@pytest.mark.parametrize("record", [
    '{"editions": []}', '{"editions": {"en": "x"}}', '{"editions": {"en": {"sections": []}}}',
    '{"editions": {"en": {"sections": {"conclusion": "x"}, "file": "/etc/hostname"}}}',
    '{"editions": {"en": {"sections": {"conclusion": "x"}, "file": "../content/x.yaml"}}}',
    "fifo", "zero",
])
def test_a_hand_edited_record_is_unreadable_not_a_crash(runner, project, record):
    path = project / "upstream/record.json"
    path.unlink()
    if record == "fifo":
        os.mkfifo(path)  # reading it would wait for ever
    elif record == "zero":
        path.symlink_to("/dev/zero")  # reading it would never end
    else:
        path.write_text(record)
    for args in (["check"], ["upstream"]):
        result = invoke(runner, *args)
        assert "record.json: missing or unreadable" in result.output, result.output
        assert "internal error" not in result.output and "Traceback" not in result.output


def test_build_clinic_option_keeps_the_other_languages_clinic_files(runner, project):
    """`build --clinic FILE` names the first language's clinic file; the
    Spanish handouts keep the project's Spanish clinic file (its sections,
    and its draft state), never none."""
    from pdfread import text_of

    complete_clinic(project / "brand/clinic-info.yaml")
    for args in ([], ["--clinic"], ["--lang", "es"]):
        assert invoke(runner, "approve", "--by", APPROVER, *args).exit_code == 0
    spanish_clinic = yaml.safe_load((project / "brand/clinic-info.es.yaml").read_text())
    first = spanish_clinic["sections"]["approval"][0]["text"]
    anchor = " ".join(first.split()[:4])
    result = invoke(runner, "build", "-q", "--clinic", "brand/clinic-info.yaml")
    assert result.exit_code == 0, result.output
    manifest = json.loads((project / "out/manifest.json").read_text())
    spanish = [f for f in manifest["files"] if f["language"].startswith("es")]
    assert spanish and {f["review"] for f in spanish} == {"draft"}  # its clinic file is a draft
    text = text_of((project / "out/main/handouts/crps-handout-es.pdf").read_bytes())
    assert anchor in text


def test_check_covers_every_language_build_makes(runner, project):
    """What `check` accepts, `build` makes: a broken Spanish clinic file
    fails both, not only the build."""
    clinic = project / "brand/clinic-info.es.yaml"
    clinic.write_text(clinic.read_text() + "bogus: 1\n")
    lines = clinic.read_text().splitlines()
    checked = invoke(runner, "check")
    assert checked.exit_code == 1
    assert f"{clinic}:{len(lines)}: bogus: unknown key" in checked.output
    assert invoke(runner, "build", "-q").exit_code == 1


@pytest.mark.parametrize("table,en,es", [
    ("content", "content/ketamine-pain.yaml", "content/ketamine-pain.es.yaml"),
    ("clinic", "brand/clinic-info.yaml", "brand/clinic-info.es.yaml"),
])
def test_a_file_named_for_the_wrong_language_is_refused(runner, project, table, en, es):
    """[content] (or [clinic]) es naming the English file would print English
    as crps-handout-es.pdf, with the Spanish clinic file beside it."""
    config = project / "handouts.toml"
    config.write_text(config.read_text().replace(f'en = "{en}"', 'en = "SWAP"')
                      .replace(f'es = "{es}"', f'es = "{en}"').replace('"SWAP"', f'"{es}"'))
    for args in (["check"], ["build", "-q"]):
        result = invoke(runner, *args)
        assert result.exit_code == 1, result.output
        assert f"{project / en}:" in result.output
        assert "handouts.toml names this file for 'es'" in result.output
    assert not (project / "out").exists()


@pytest.mark.parametrize("in_the_way", ["file", "link out", "link in"])
def test_init_refuses_a_file_or_link_where_a_folder_goes(runner, tmp_path, in_the_way):
    folder, outside = tmp_path / "clinic", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    if in_the_way == "file":
        (folder / "upstream").write_text("mine\n")
    elif in_the_way == "link out":
        (folder / "brand").symlink_to(outside)
    else:
        (folder / "content").mkdir()
        (folder / "upstream").symlink_to("content")
    before = sorted(map(str, folder.rglob("*")))
    result = invoke(runner, "init", folder)
    assert result.exit_code == 1, result.output
    assert "not made" in result.output and "Traceback" not in result.output
    assert sorted(map(str, folder.rglob("*"))) == before
    assert list(outside.iterdir()) == []


def test_init_that_fails_midway_leaves_nothing(runner, tmp_path, monkeypatch):
    from handouts.assemble import output
    from handouts.errors import OutputError

    real, calls = output.write_atomic, []

    def failing(path, data, durable=True):
        calls.append(path)
        if len(calls) == 6:
            raise OutputError(f"{path}: cannot write: No space left on device")
        return real(path, data, durable)

    monkeypatch.setattr(output, "write_atomic", failing)
    folder = tmp_path / "clinic"
    result = invoke(runner, "init", folder)
    assert result.exit_code == 1 and "No space left" in result.output
    assert not folder.exists()
    monkeypatch.setattr(output, "write_atomic", real)
    assert invoke(runner, "init", folder).exit_code == 0


@pytest.mark.parametrize("output", [".", "content", "brand"])
def test_output_may_not_hold_the_projects_own_files(runner, project, output):
    config = project / "handouts.toml"
    config.write_text(config.read_text().replace('output = "out"', f'output = "{output}"'))
    result = invoke(runner, "build", "-q")
    assert result.exit_code == 1 and "holds the project's own files" in result.output
    assert not (project / output / "manifest.json").exists()


def test_no_command_writes_into_the_installed_tool(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = tree_hashes(*bundled_roots())
    content_dir = DEFAULT_CONTENT.parent
    article = Path(__file__).parent / "data" / "source-article.txt"
    for args in (["import", article, "-o", content_dir / "ketamine-pain.yaml"],
                 ["handout", "crps", "-o", content_dir / "crps.pdf"],
                 ["deck", "--out-dir", DEFAULT_BRAND.parent],
                 ["build", "-q", "--lang", "en", "--out-dir", content_dir / "out"]):
        result = invoke(runner, *args)
        assert result.exit_code == 1, args
        assert "part of the installed handouts, which is read-only" in result.output
    assert tree_hashes(*bundled_roots()) == before


def test_check_reads_the_sites_file_build_reads(runner, project):
    sites = project / "sites.csv"
    sites.write_text(sites.read_text().replace("\nmain,", "\n../content,"))
    result = invoke(runner, "check")
    assert result.exit_code == 1
    assert f"{sites}:2: site:" in result.output
    assert result.output.rstrip().endswith("Project, every language: NOT OK (see above)")
