"""The error boundary: every failure a user can cause ends as one clear
message and a non-zero exit, never a traceback, never a partial file; a bug
says "internal error". Most cases run the real command in a subprocess, so a
traceback would show on its standard error."""
from __future__ import annotations

import io
import re
import resource
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import invoke, render_pdf
from handouts.inputs.layouts import load_layout
from handouts.paths import DEFAULT_CONTENT, atkinson
from pdfread import horizontal_rules, placed_runs

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, limit_bytes: int | None = None) -> subprocess.CompletedProcess:
    """``handouts ARGS`` in a new process; with ``limit_bytes``, no file it
    writes may grow past that size (a real "File too large" write error)."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-m", "handouts", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=limit if limit_bytes else None)


def assert_one_error(proc: subprocess.CompletedProcess, message: str, code: int = 1) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "internal error" not in proc.stderr
    assert message in proc.stderr, proc.stderr
    # One message: a build names each failed file first, then sums up.
    assert proc.stderr.startswith(("Error: ", "failed ")), proc.stderr
    assert proc.stderr.count("Error: ") == 1, proc.stderr


def no_partial_files(folder: Path) -> bool:
    return not list(folder.rglob("*.part"))


def edited_content(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "content.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


needs_sysfs = pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs")


@needs_sysfs
def test_output_file_in_a_system_folder():
    assert_one_error(run_cli("handout", "crps", "-o", "/sys/x.pdf"), "/sys/x.pdf: cannot write")


@needs_sysfs
def test_build_into_a_folder_that_cannot_be_made():
    assert_one_error(run_cli("build", "--out-dir", "/sys/xyz"),
                     "/sys/xyz: cannot create the output folder")


def test_long_output_names(tmp_path):
    ok = tmp_path / ("a" * 250 + ".pdf")  # 254 bytes: allowed by the file system
    proc = run_cli("handout", "crps", "-o", ok)
    assert proc.returncode == 0, proc.stderr
    assert ok.read_bytes().startswith(b"%PDF") and no_partial_files(tmp_path)
    too_long = tmp_path / ("b" * 300 + ".pdf")
    assert_one_error(run_cli("handout", "crps", "-o", too_long), "File name too long")
    assert sorted(p.name for p in tmp_path.iterdir()) == [ok.name]


def test_real_write_error_keeps_the_old_file(tmp_path):
    out = tmp_path / "crps.pdf"
    out.write_bytes(b"%PDF old")
    proc = run_cli("handout", "crps", "-o", out, limit_bytes=20_000)
    assert_one_error(proc, f"{out}: cannot write: File too large")
    assert out.read_bytes() == b"%PDF old" and no_partial_files(tmp_path)


def test_real_write_error_in_a_build(tmp_path):
    proc = run_cli("build", "--out-dir", tmp_path, "--jobs", "1", "--lang", "en",
                   limit_bytes=20_000)
    assert_one_error(proc, "43 of 43 files failed")
    assert "File too large" in proc.stderr
    files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert files == [".handouts-build.lock", "manifest.json"]


@pytest.mark.parametrize("cut", [1000, 20_000])
def test_truncated_font_is_refused_by_check(tmp_path, brand_dir, cut):
    font = brand_dir.parent / "Broken.ttf"
    font.write_bytes(atkinson().read_bytes()[:cut])
    text = brand_dir.read_text().replace("# fonts:", "fonts:\n  regular: Broken.ttf\n# fonts:", 1)
    brand_dir.write_text(text)
    line = text.splitlines().index("  regular: Broken.ttf") + 1
    expected = f"{brand_dir}:{line}: fonts.regular: font file cannot be read"
    proc = run_cli("check", "--brand", brand_dir)
    assert proc.returncode == 1 and expected in proc.stdout and "Traceback" not in proc.stderr
    proc = run_cli("handout", "crps", "--brand", brand_dir, "-o", tmp_path / "x.pdf")
    assert_one_error(proc, expected)
    assert not (tmp_path / "x.pdf").exists()


def test_what_check_accepts_of_a_damaged_font_renders(tmp_path, brand_dir):
    """A font cut short in tables the renderer never reads still parses: if
    `check` accepts it, the handout and deck render."""
    font = brand_dir.parent / "Short.ttf"
    data = atkinson().read_bytes()
    font.write_bytes(data[:len(data) - 5000])
    brand_dir.write_text(brand_dir.read_text().replace(
        "# fonts:", "fonts:\n  regular: Short.ttf\n# fonts:", 1))
    if run_cli("check", "--brand", brand_dir).returncode == 0:
        for cmd in (["handout", "crps", "-o", tmp_path / "x.pdf"],
                    ["deck", "crps", "-o", tmp_path / "x.pptx"]):
            proc = run_cli(*cmd, "--brand", brand_dir)
            assert proc.returncode == 0, proc.stderr


CONTROL = "\x07\x0b\x1b\x7f\x85"


def test_control_characters_in_every_text_field_and_option(tmp_path):
    def edit(data):
        data["conditions"][2]["speaker_notes"] = f"Say hello{CONTROL} now.\nNext\x0c line."
        data["introduction"]["speaker_notes"] = f"Intro{CONTROL} notes."
        data["meta"]["subtitle"] = f"Sub{CONTROL}title"
        data["conditions"][2]["aliases"].append(f"bell{CONTROL}")

    content = edited_content(tmp_path, edit)
    out = tmp_path / "d.pptx"
    proc = run_cli("deck", "crps", "--content", content, "-o", out,
                   "--presenter", f"Dr{CONTROL} Lee", "--date", f"May{CONTROL} 5",
                   "--title", f"Bell{CONTROL} title")
    assert proc.returncode == 0, proc.stderr
    from pptx import Presentation

    prs = Presentation(io.BytesIO(out.read_bytes()))  # python-pptx can open it
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    texts += [s.notes_slide.notes_text_frame.text for s in prs.slides]
    joined = "\n".join(texts)
    assert "Dr Lee" in joined and "May 5" in joined and "Bell title" in joined
    assert "Say hello now." in joined and "Next line." in joined
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", joined)
    assert run_cli("show", "bell", "--content", content).returncode == 0


def test_a_condition_may_not_be_called_overview(tmp_path):
    content = edited_content(tmp_path, lambda d: d["conditions"][2].update(slug="overview"))
    line = next(i for i, ln in enumerate(content.read_text().splitlines(), start=1)
                if ln.strip() == "- slug: overview")
    assert_one_error(run_cli("build", "--content", content, "--out-dir", tmp_path),
                     f"{content}:{line}: conditions[2].slug: 'overview' is reserved")
    content = edited_content(tmp_path, lambda d: d["conditions"][0]["aliases"].append("Overview"))
    assert_one_error(run_cli("list", "--content", content), "'overview' is reserved")


MARK = "DRAFT — not yet approved for patients"
LONG_DISCLAIMER = (
    "This handout is for education only. It does not replace advice from your doctor. Ask "
    "your care team whether ketamine is right for you. Call 911 in an emergency. Our clinic "
    "does not give medical advice by email or by phone outside office hours, and results "
    "vary from person to person.")


@pytest.mark.parametrize("layout", ["standard", "large-print"])
def test_footer_grows_to_hold_a_long_disclaimer(content, brand, layout):
    branded = brand.model_copy(update={"disclaimer": LONG_DISCLAIMER})
    data = render_pdf(content, branded, layout, content.condition("crps")).data
    runs = placed_runs(data)
    size = load_layout(layout).footer.size
    flat = " ".join(LONG_DISCLAIMER.split())
    for page in {r.page for r in runs}:
        on_page = [r for r in runs if r.page == page]
        small = [r for r in on_page if r.size <= size or r.text not in MARK]  # not the mark
        footer = [r for r in small if r.size <= size and (
            r.text in flat or r.text.startswith(("Reviewed", "·  Page", "DRAFT")))]
        body = [r for r in small if r not in footer]
        assert len({round(r.y) for r in footer}) >= 4, page  # disclaimer lines + status line
        footer_top = max(r.y + r.size for r in footer)
        body_bottom = min(r.y for r in body)
        assert footer_top < body_bottom, (page, footer_top, body_bottom)
        rules = [y for y in horizontal_rules(data, page) if footer_top <= y <= body_bottom]
        assert rules, (page, footer_top, body_bottom, horizontal_rules(data, page))


def test_disclaimer_longer_than_a_footer_is_refused(brand_dir):
    text = brand_dir.read_text()
    start = text.index("disclaimer:")
    end = text.index("paper:")
    brand_dir.write_text(text[:start] + f"disclaimer: {LONG_DISCLAIMER * 2}\n" + text[end:])
    proc = run_cli("check", "--brand", brand_dir)
    assert proc.returncode == 1
    assert "disclaimer: is too long: at most 400 characters" in proc.stdout


def test_schema_error_does_not_hide_logo_or_contrast_problems(brand_dir):
    text = brand_dir.read_text()
    text = text.replace("paper: letter", "paper: legal").replace('text: "#1A1A1A"',
                                                                  'text: "#AAAAAA"')
    brand_dir.write_text(text)
    (brand_dir.parent / "logo.png").unlink()
    proc = run_cli("check", "--brand", brand_dir)
    assert proc.returncode == 1
    for message in ("paper: input should be 'letter' or 'a4'", "logo: logo file not found",
                    "colors.text: contrast of text #AAAAAA"):
        assert message in proc.stdout, proc.stdout


def test_bug_in_build_is_an_internal_error_with_a_traceback_on_request(runner, tmp_path,
                                                                        monkeypatch):
    from handouts.assemble import run

    def broken(*args, **kwargs):
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(run, "plan", broken)
    result = runner.invoke(__import__("handouts.cli", fromlist=["main"]).main, ["build", "--out-dir", str(tmp_path)])
    assert result.exit_code == 70 and isinstance(result.exception, SystemExit)
    assert "internal error (a bug in handouts): ZeroDivisionError: oops" in result.stderr
    assert "Traceback" not in result.stderr
    result = runner.invoke(__import__("handouts.cli", fromlist=["main"]).main, ["build", "-v", "--out-dir", str(tmp_path)])
    assert result.exit_code == 70
    assert "Traceback" in result.stderr and "ZeroDivisionError: oops" in result.stderr


def test_bug_in_one_item_shows_its_traceback_with_v(runner, tmp_path, monkeypatch):
    from handouts.assemble.jobs import HandoutJob

    real = HandoutJob.render
    monkeypatch.setattr(HandoutJob, "render", lambda job, inputs: 1 / 0
                        if job.target.slug == "crps" else real(job, inputs))
    result = invoke(runner, "build", "--out-dir", tmp_path, "--jobs", "1", "-q")
    assert result.exit_code == 1
    assert "internal error: ZeroDivisionError" in result.stderr
    assert "Traceback" not in result.stderr and "run with -v" in result.stderr
    result = invoke(runner, "build", "--out-dir", tmp_path, "--jobs", "1", "-v")
    assert result.exit_code == 1 and "Traceback" in result.stderr


def test_deck_language_follows_the_content(tmp_path):
    content = edited_content(tmp_path, lambda d: d["meta"].update(language="es-US"))
    out = tmp_path / "d.pptx"
    assert run_cli("deck", "--content", content, "-o", out).returncode == 0
    with zipfile.ZipFile(out) as zf:
        parts = {n: zf.read(n).decode() for n in zf.namelist()
                 if n.startswith(("ppt/slides/slide", "ppt/notesSlides/notesSlide"))}
        core = zf.read("docProps/core.xml").decode()
    langs = {lang for xml in parts.values() for lang in re.findall(r' lang="([^"]+)"', xml)}
    assert langs == {"es-US"}
    assert "<dc:language>es-US</dc:language>" in core


def test_bad_language_tag_is_located(tmp_path):
    content = edited_content(tmp_path, lambda d: d["meta"].update(language="english"))
    proc = run_cli("check", "--content", content)
    assert proc.returncode == 1 and "meta.language: 'english' is not a language tag" in proc.stdout


# A closed pipe, a full device, a broken catalogue (issue 26).

@pytest.mark.parametrize("args", [("list",), ("show", "crps"), ("handout", "crps", "-o", "-"),
                                  ("check",), ("list", "--lang", "es")])
def test_a_closed_pipe_ends_quietly(args):
    """`handouts list | head -c 1`: the reader has gone before the command
    writes; it ends as a command killed by SIGPIPE does (141), saying nothing."""
    import os

    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "handouts", *args], cwd=ROOT,
                              stdout=write, stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write)
    assert proc.returncode == 141, (proc.returncode, proc.stderr)
    assert proc.stderr == ""


@pytest.mark.parametrize("args", [("list",), ("show", "crps"), ("handout", "crps", "-o", "-"),
                                  ("check",), ("--help",), ("--version",)])
def test_a_full_device_gives_one_line(args):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "handouts", *args], cwd=ROOT,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert proc.stderr == "Error: cannot write the output: No space left on device\n"


def _broken_spanish(tmp_path, monkeypatch, old: str, new: str):
    import shutil

    from handouts.render import wording

    locale = tmp_path / "locale"
    shutil.copytree(wording.LOCALE_DIR, locale)
    po = locale / "es" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(wording, "LOCALE_DIR", locale)
    wording._read.cache_clear()
    return po


@pytest.mark.parametrize("old,new,key,problem", [
    ("plural=(n != 1);", "plural=(n != ;", "Plural-Forms", "is not a plural rule"),
    ("plural=(n != 1);", "plural=(n / 0);", "Plural-Forms", "is not a plural rule"),
    ("plural=(n != 1);", "plural=(n + 2);", "Plural-Forms", "picks form 2 for 0"),
    ("charset=utf-8", "charset=klingon", "Content-Type", "unknown encoding: klingon"),
    ("charset=utf-8", "charset=ascii", "Content-Type", "not in the charset its header names"),
    ('"La ketamina en casos de {topic}"', '"La ketamina en casos de {topic"', "condition.heading",
     "a brace that does not pair"),
    ('"La ketamina en casos de {topic}"', '"La ketamina en casos de {tema}"', "condition.heading",
     "names tema, which the English message does not give (it gives: topic)"),
])
def test_a_broken_catalogue_is_a_located_problem(runner, tmp_path, monkeypatch, old, new, key,
                                                 problem):
    from handouts.render import wording

    po = _broken_spanish(tmp_path, monkeypatch, old, new)
    line = po.read_text(encoding="utf-8").splitlines()
    try:
        for args in (("check", "--lang", "es"),
                     ("handout", "crps", "--lang", "es", "-o", tmp_path / "x.pdf")):
            result = invoke(runner, *args)
            assert result.exit_code == 1, result.output
            assert "internal error" not in result.output and "Traceback" not in result.output
            found = re.search(rf"{re.escape(str(po))}:(\d+): {re.escape(key)}: (.*)",
                              result.output)
            assert found and problem in found.group(2), result.output
            at = line[int(found.group(1)) - 1]
            assert new.strip('"') in at, at  # the line that holds the problem
        assert not (tmp_path / "x.pdf").exists()
    finally:
        wording._read.cache_clear()
