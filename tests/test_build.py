"""`handouts build`: the whole set, sites, manifest, parallel bytes, safe writes."""
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import assert_user_error, invoke
from handouts.assemble.run import LOCK_NAME
from handouts.paths import DEFAULT_SITES
from pdfread import reader

ROOT = Path(__file__).resolve().parent.parent


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file a build wrote (its lock file, hidden, aside)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != LOCK_NAME}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The default build, with one job and with two."""
    from click.testing import CliRunner

    out = {}
    for jobs in (1, 2):
        folder = tmp_path_factory.mktemp(f"jobs{jobs}")
        result = invoke(CliRunner(), "build", "--out-dir", folder, "--jobs", jobs)
        assert result.exit_code == 0, result.output
        out[jobs] = (folder, result.output)
    return out


def test_build_makes_the_whole_set(built, content):
    folder, output = built[1]
    site = folder / "riverside-pain-wellness-clinic"
    handouts = sorted(p.name for p in (site / "handouts").iterdir())
    decks = sorted(p.name for p in (site / "decks").iterdir())
    # Every language the content comes in: English, then Spanish ("-es").
    for tag in ("", "-es"):
        assert f"overview-handout{tag}.pdf" in handouts and f"seminar{tag}.pptx" in decks
        assert f"crps-handout-large-print{tag}.pdf" in handouts
    assert f"crps-handout-summary{tag}.pdf" in handouts  # the one-sheet summary
    assert len(handouts) == 2 * (3 * len(content.slugs) + 1)
    assert len(decks) == 2 * (len(content.slugs) + 1)
    last = output.strip().splitlines()[-1]
    assert last.startswith("Built 86 files (") and "18 web pages) for 1 site in" in last
    manifest = json.loads((folder / "manifest.json").read_text())
    languages = {f["path"]: f["language"] for f in manifest["files"]}
    assert languages[f"{site.name}/handouts/crps-handout.pdf"] == "en-US"
    assert languages[f"{site.name}/handouts/crps-handout-es.pdf"] == "es-US"
    assert languages[f"{site.name}/decks/seminar-es.pptx"] == "es-US"


def test_lang_chooses_the_languages_and_an_unknown_one_exits_2(runner, tmp_path):
    result = invoke(runner, "build", "--out-dir", tmp_path, "-q", "--lang", "es")
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.rglob("*.p*") if p.is_file()}
    assert "crps-handout.pdf" in names and "crps-handout-es.pdf" not in names  # es alone
    assert len(names) == 34
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert {f["language"] for f in manifest["files"]} == {"es-US"}
    for command in (["build", "--out-dir", tmp_path, "--lang", "en,fr"],
                    ["handout", "crps", "--lang", "fr"], ["list", "--lang", "de"]):
        result = invoke(runner, *command)
        assert result.exit_code == 2, command
        assert "available: en, es" in result.output


def test_manifest_matches_the_files_on_disk(built):
    folder, _ = built[2]
    manifest = json.loads((folder / "manifest.json").read_text())
    on_disk = {k for k in files_under(folder) if k != "manifest.json"}
    extras = manifest["pages"] + manifest["assets"] + [manifest["fhir"]]
    assert {f["path"] for f in manifest["files"] + extras} == on_disk
    for f in extras:
        data = (folder / f["path"]).read_bytes()
        assert f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest()
    for f in manifest["files"]:
        data = (folder / f["path"]).read_bytes()
        assert f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest()
        if f["path"].endswith(".pdf"):
            assert f["pages"] == len(reader(data).pages) and f["slides"] is None
        elif f["path"].endswith(".html"):
            assert f["kind"] == "web" and f["pages"] is None and f["slides"] is None
            assert f["path"].split("/")[1] == "web"
        else:
            from pptx import Presentation

            assert f["slides"] == len(Presentation(io.BytesIO(data)).slides)
        assert f["site"] == "riverside-pain-wellness-clinic"
        assert f["kind"] in ("handout", "summary", "booklet", "deck", "web")


def test_jobs_do_not_change_the_bytes(built):
    assert files_under(built[1][0]) == files_under(built[2][0])


def test_not_a_terminal_prints_lines(built):
    _, output = built[2]
    assert output.count("wrote ") == 86


def test_quiet_prints_only_the_summary(runner, tmp_path):
    result = invoke(runner, "build", "--out-dir", tmp_path, "-q", "--jobs", "1")
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 1


def test_sites_build_one_set_per_site(runner, tmp_path):
    result = invoke(runner, "build", "--sites", DEFAULT_SITES, "--out-dir", tmp_path, "-q",
                    "--lang", "en")
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["sites"] == ["downtown", "northside", "lakeview"]
    assert len(manifest["files"]) == 3 * 43
    from pdfread import text_of

    text = text_of((tmp_path / "northside/handouts/crps-handout.pdf").read_bytes())
    assert "(555) 010-0202" in text and "915 North Avenue" in text
    assert "Riverside Pain & Wellness – Northside" in text


@pytest.mark.parametrize("row,expected", [
    ("bad site,X,1,addr,,,", ":3: site: 'bad site' must be lower-case words"),
    ("east,,1,addr,,,", ":3: name: is empty"),
    ("east,X,1,addr,,,missing.png", ":3: logo: logo file not found"),
    ("downtown,X,1,addr,,,", ":3: site: 'downtown' is already used on line 2"),
    ("fhir,X,1,addr,,,", ":3: site: 'fhir' is the build's own folder"),
    ("east,X,1", ":3: has 3 cells; the header has 7"),
])
def test_bad_sites_row_fails_before_writing(runner, tmp_path, row, expected):
    sites = tmp_path / "sites.csv"
    sites.write_text("site,name,phone,address,email,website,logo\n"
                     "downtown,A,1,addr,,,\n" + row + "\n")
    out = tmp_path / "out"
    out.mkdir()
    result = invoke(runner, "build", "--sites", sites, "--out-dir", out)
    assert result.exit_code == 1 and f"{sites}{expected}" in result.output
    assert list(out.iterdir()) == []


def test_sites_unknown_column(runner, tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text("site,name,phone,adress\nx,X,1,a\n")
    result = invoke(runner, "build", "--sites", sites, "--out-dir", tmp_path)
    assert "adress: unknown column; did you mean 'address'?" in result.output
    assert "address: missing required column" in result.output


def test_one_failed_item_is_named_and_others_finish(tmp_path, monkeypatch, content, brand):
    """A bug in one item: the others are written, and the failure says
    "internal error" and keeps its traceback for -v."""
    from handouts.assemble import run as build_mod
    from handouts.assemble.jobs import DeckJob
    from handouts.inputs.sites import single_site

    real = DeckJob.render

    def flaky(job, inputs):
        if job.target.slug == "migraine":
            raise RuntimeError("disk on fire")
        return real(job, inputs)

    monkeypatch.setattr(DeckJob, "render", flaky)
    result = build_mod.build(content, [single_site(brand)], tmp_path, jobs=1)
    assert result.errors == ["riverside-pain-wellness-clinic/decks/migraine-seminar.pptx: "
                             "internal error: RuntimeError: disk on fire"]
    assert "Traceback" in result.failures[0].traceback and "flaky" in result.failures[0].traceback
    assert len(result.entries) == 42
    assert not (tmp_path / "riverside-pain-wellness-clinic/decks/migraine-seminar.pptx").exists()


def test_failed_item_exits_non_zero(runner, tmp_path, monkeypatch):
    from handouts.assemble import run as build_mod
    from handouts.errors import OutputError

    real = build_mod.write_atomic

    def full(path, data, durable=True):
        if "crps" in path.name:
            raise OutputError(f"{path}: cannot write: No space left on device")
        return real(path, data, durable)

    monkeypatch.setattr(build_mod, "write_atomic", full)
    result = invoke(runner, "build", "--out-dir", tmp_path, "--jobs", "1", "--lang", "en")
    assert result.exit_code == 1
    assert "5 of 43 files failed" in result.output and "No space left on device" in result.output
    assert "internal error" not in result.output  # a user-facing error stays one line


def test_killed_build_leaves_no_partial_file(tmp_path):
    """Kill a build part-way (after it reports its fifth file); every file that
    exists under its real name is whole, and the next build cleans up."""
    out = tmp_path / "out"
    out.mkdir()
    # An earlier build's manifest, which the files no longer match once the
    # rebuild has started, and a user's own hidden file.
    (out / "manifest.json").write_text(json.dumps({"files": [
        {"path": "riverside-pain-wellness-clinic/handouts/crps-handout.pdf",
         "review": "approved", "sha256": "0" * 64}], "pages": [], "assets": []}))
    (out / "riverside-pain-wellness-clinic").mkdir()
    (out / "riverside-pain-wellness-clinic" / ".mine.part").write_text("mine")
    proc = subprocess.Popen([sys.executable, "-m", "handouts", "build", "--out-dir", str(out),
                             "--jobs", "1", "--sites", str(DEFAULT_SITES), "-v"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    for _ in range(5):
        assert proc.stdout.readline().startswith("wrote ")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL  # killed, not finished
    assert not (out / "manifest.json").exists()  # the build did not get to its end
    written = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert 5 <= len(written) < 78
    for path in written:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert data.rstrip().endswith(b"%%EOF") and len(reader(data).pages) >= 1
        else:
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    # A new build clears what the killed one left behind.
    result = subprocess.run([sys.executable, "-m", "handouts", "build", "--out-dir", str(out), "-q"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.rglob("*.part")] == [".mine.part"]


def test_output_folder_problems(runner, tmp_path):
    afile = tmp_path / "file"
    afile.write_text("x")
    result = invoke(runner, "build", "--out-dir", afile)
    assert_user_error(result, 2)  # Click's own check of --out-dir
    assert "is a file" in result.output
    result = invoke(runner, "build", "--out-dir", tmp_path / "a" / "b")
    assert result.exit_code == 1 and "nor does its parent" in result.output



def test_older_files_are_reported_not_deleted(runner, tmp_path):
    old = tmp_path / "riverside-pain-wellness-clinic" / "handouts" / "gout-handout.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF old")
    result = invoke(runner, "build", "--out-dir", tmp_path, "--jobs", "1")
    assert result.exit_code == 0
    assert f"note: 1 older file in the site folders is not from this build (left as it is), e.g. {old}" in result.output
    assert old.read_bytes() == b"%PDF old"


# Files and records stay true (issue 26).

def test_the_lock_never_follows_a_symlink(runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere" / "planted"
    target.parent.mkdir()
    (out / LOCK_NAME).symlink_to(target)
    result = invoke(runner, "build", "--out-dir", out, "--jobs", "1")
    assert_user_error(result, 1)
    assert f"{out / LOCK_NAME}: the build's lock file is a symbolic link" in result.output
    assert not target.exists() and not list(out.rglob("*.pdf"))
    (out / LOCK_NAME).unlink()
    os.mkfifo(out / LOCK_NAME)  # nor a FIFO (and it does not hang)
    result = invoke(runner, "build", "--out-dir", out, "--jobs", "1")
    assert_user_error(result, 1)
    assert "lock file is not a regular file" in result.output


def _manifest_is_true(out: Path) -> dict:
    """The manifest, after asserting that every file it lists is on disk
    with the bytes it says."""
    manifest = json.loads((out / "manifest.json").read_text())
    for row in manifest["files"] + manifest["pages"] + manifest["assets"]:
        data = (out / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["path"]
    return manifest


def test_a_failed_rebuild_leaves_no_manifest_that_lies(tmp_path, monkeypatch, content, brand):
    from handouts.assemble import run as build_mod
    from handouts.errors import OutputError
    from handouts.inputs.sites import single_site

    sites = [single_site(brand)]
    site = tmp_path / sites[0].slug
    build_mod.build(content, sites, tmp_path, jobs=1)
    first = _manifest_is_true(tmp_path)
    assert f"{sites[0].slug}/handouts/crps-handout.pdf" in {r["path"] for r in first["files"]}
    # A user's own hidden files, and a temporary file a killed build left.
    mine = [tmp_path / ".notes.part", site / "handouts" / ".draft.part",
            site / "handouts" / ".mine.abcdefgh.part", tmp_path / "own" / ".x.12345678.part"]
    for path in mine:
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine")
    left = site / "handouts" / ".crps-handout.pdf.k2j4_x9q.part"
    left.write_bytes(b"%PDF half")
    real = build_mod.write_atomic

    def full_disk(path, data, durable=True):  # the crps files and the manifest find no room
        if "crps" in path.name or path.name == "manifest.json":
            raise OutputError(f"{path}: cannot write: No space left on device")
        return real(path, data, durable)

    monkeypatch.setattr(build_mod, "write_atomic", full_disk)
    with pytest.raises(OutputError, match="No space left"):
        build_mod.build(content, sites, tmp_path, jobs=1)
    assert not (tmp_path / "manifest.json").exists()  # the old one no longer tells the truth
    assert not left.exists() and all(p.read_text() == "mine" for p in mine)
    # A rebuild that fails only some files: the manifest lists what it wrote.
    monkeypatch.setattr(build_mod, "write_atomic", lambda path, data, durable=True:
                        full_disk(path, data, durable) if path.name != "manifest.json"
                        else real(path, data, durable))
    (site / "handouts" / "crps-handout.pdf").write_bytes(b"%PDF changed by hand")
    result = build_mod.build(content, sites, tmp_path, jobs=1)
    assert len(result.failures) == 5
    second = _manifest_is_true(tmp_path)
    assert not [r for r in second["files"] if "crps" in r["path"]]
    assert len(second["files"]) == len(first["files"]) - 5
