"""Text as people paste it (issue 26, points 3 and 4): composed accents,
no invisible characters, right-to-left scripts refused with their place,
every printed name through the font check, and one language per handout
(a clinic file in its content's language)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handouts.inputs.values import as_typed, clean_line
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from pdfread import text_of

ES_CONTENT = DEFAULT_CONTENT.with_name("ketamine-pain.es.yaml")
EN_CLINIC = DEFAULT_BRAND.parent / "clinic-info.yaml"
ES_CLINIC = DEFAULT_BRAND.parent / "clinic-info.es.yaml"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202c\u2066\u2069"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "handouts", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def edited(tmp_path: Path, source: Path, change, name: str | None = None) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    out = tmp_path / (name or source.name)
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def test_text_is_composed_and_loses_its_invisible_characters():
    pasted = f"{INVISIBLE[0]}despue\u0301s de una lesio\u0301n{INVISIBLE}"
    assert clean_line(pasted) == "después de una lesión"
    assert as_typed("ascii only") == "ascii only"


def _crps(data, field, value):
    for cond in data["conditions"]:
        if cond["slug"] == "crps":
            cond[field] = value


def test_a_handout_prints_pasted_text_as_meant(tmp_path):
    """A main message pasted with combining accents, a BOM and zero-width
    joiners: `check` passes and the PDF holds the composed words, with no
    invisible character (each would print as a missing-glyph box)."""
    content = edited(tmp_path, ES_CONTENT, lambda d: _crps(
        d, "main_message", "\ufeffLa keta\u200dmina puede ayudar despue\u0301s de una "
                           "lesio\u0301n.\u200b"))
    assert run("check", "--content", content, "--clinic", ES_CLINIC).returncode == 0
    out = tmp_path / "crps.pdf"
    proc = run("handout", "crps", "--content", content, "--clinic", ES_CLINIC, "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = text_of(out.read_bytes())
    assert "La ketamina puede ayudar después de una lesión." in " ".join(text.split())
    assert not set(INVISIBLE + "\u0301") & set(text)


@pytest.mark.parametrize("words,script", [("ألم مزمن", "Arabic"), ("כאב כרוני", "Hebrew")])
def test_right_to_left_text_is_refused_where_it_is(tmp_path, words, script):
    content = edited(tmp_path, DEFAULT_CONTENT, lambda d: _crps(d, "main_message", words))
    line = next(i for i, text in enumerate(content.read_text().splitlines(), 1)
                if words in text)
    for command in (["check"], ["handout", "crps", "-o", tmp_path / "x.pdf"]):
        proc = run(*command, "--content", content)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr + proc.stdout
        said = proc.stdout + proc.stderr
        assert f"{content}:{line}: conditions[2].main_message:" in said, said
        assert f"is {script} script, written right to left" in said
    assert not (tmp_path / "x.pdf").exists()


def test_the_approvers_name_goes_through_the_font_check(tmp_path):
    def approve(data):
        data["meta"]["review"] = {"status": "draft", "approved_by": "王小明, MD"}

    content = edited(tmp_path, DEFAULT_CONTENT, approve)
    proc = run("check", "--content", content)
    assert proc.returncode != 0
    assert "meta.review.approved_by: no font can draw '王' (U+738B)" in proc.stdout + proc.stderr


@pytest.mark.parametrize("option,value,said", [
    ("--presenter", "Dr مرحبا", "Arabic script, written right to left"),
    ("--presenter", "王小明", "no font can draw '王' (U+738B)"),
    ("--title", "כאב", "Hebrew script"),
])
def test_a_presenters_words_are_checked_as_a_files_are(tmp_path, option, value, said):
    out = tmp_path / "deck.pptx"
    proc = run("deck", "crps", option, value, "-o", out)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"Invalid value for {option}: " in proc.stderr and said in proc.stderr
    assert not out.exists()


def test_a_presenters_pasted_name_is_composed(tmp_path):
    from pptx import Presentation

    out = tmp_path / "deck.pptx"
    proc = run("deck", "crps", "--presenter", "Dr Jose\u0301 Pen\u0303a\u200b", "-o", out)
    assert proc.returncode == 0, proc.stderr
    title = Presentation(out).slides[0]
    text = " ".join(s.text_frame.text for s in title.shapes if s.has_text_frame)
    assert "Dr José Peña" in text and "\u200b" not in text


# -- one language per handout ----------------------------------------------------
def _clinic_line(path: Path) -> int:
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1)
                if t.startswith("language:"))


@pytest.mark.parametrize("command", [["check"], ["handout", "crps"], ["deck", "crps"]])
def test_a_clinic_file_in_another_language_is_refused(tmp_path, command):
    target = tmp_path / {"handout": "x.pdf", "deck": "x.pptx"}.get(command[0], "x")
    out = ["-o", target] if command[0] != "check" else []
    proc = run(*command, "--lang", "es", "--clinic", EN_CLINIC, *out)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    said = proc.stdout + proc.stderr
    assert (f"{EN_CLINIC}:{_clinic_line(EN_CLINIC)}: language: this clinic file is in en-US "
            "and the content in es-US") in said
    assert not target.exists()


def test_build_takes_one_clinic_file_per_language(tmp_path):
    from pdfread import text_of as text

    def renamed(data):
        data["clinic"] = "Clínica Río Sur" if data["language"].startswith("es") else "River South"

    en = edited(tmp_path, EN_CLINIC, renamed)
    es = edited(tmp_path, ES_CLINIC, renamed)
    out = tmp_path / "out"
    proc = run("build", "-q", "--out-dir", out, "--clinic", es, "--clinic", en)
    assert proc.returncode == 0, proc.stderr
    site = next(p for p in out.iterdir() if p.is_dir() and p.name != "fhir")
    assert "Clínica Río Sur" in text((site / "handouts/crps-handout-es.pdf").read_bytes())
    assert "River South" in text((site / "handouts/crps-handout.pdf").read_bytes())

    for args, said in (
            (["--lang", "es", "--clinic", en], "this clinic file is in en-US, and the build "
                                               "makes es"),
            (["--clinic", en, "--clinic", EN_CLINIC], "is the clinic file for en-US already")):
        again = tmp_path / "again"
        proc = run("build", "-q", "--out-dir", again, *args)
        assert proc.returncode != 0 and said in proc.stderr, proc.stderr
        assert not again.exists() or not any(again.rglob("*.pdf"))
