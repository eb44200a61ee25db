"""Bounded by construction (issue 26, point 2): every field has a stated
limit (handouts/inputs/limits.py); `check` refuses one character over it
with its place, and whatever is within every limit renders in every layout,
paper and deck, each handout within 10 s and 500 MB; only the one-sheet
summary, held to two pages, is refused (by `check` first) at its place."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from handouts.inputs import limits as L
from handouts.paths import DEFAULT_CONTENT
from worst_case import text, worst, write

# Runs a command; prints its wall time and peak memory (MB).
PROBE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
         "rc = subprocess.run(sys.argv[1:], capture_output=True).returncode; "
         "print(time.perf_counter() - t, "
         "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, rc)")
SECONDS, MEGABYTES = 10.0, 500.0


def measured(*args) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", PROBE, sys.executable, "-m", "handouts",
                          *map(str, args)], capture_output=True, text=True, check=True)
    wall, peak, rc = out.stdout.split()
    return float(wall), float(peak), int(rc)


def run(*args):
    return subprocess.run([sys.executable, "-m", "handouts", *map(str, args)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_everything_at_its_limit_renders_everywhere_in_bounded_time(tmp_path, lang):
    content, clinic = write(tmp_path, *worst(lang, ("crps",)))
    inputs = ["--content", content, "--clinic", clinic]
    checked = run("check", *inputs)
    # The clinic's sections at their limits need more than the one-sheet
    # summary's two pages: `check` says so at the section, its one problem.
    assert checked.returncode == 1, checked.stdout[-2000:]
    assert "1 problem found:" in checked.stdout, checked.stdout[-2000:]
    assert f"{clinic}:" in checked.stdout and ": sections." in checked.stdout
    assert "one-sheet summary" in checked.stdout
    summary = tmp_path / "summary.pdf"
    wall, peak, rc = measured("handout", "crps", "--layout", "summary", "-o", summary, *inputs)
    assert rc == 1 and not summary.exists() and wall < SECONDS and peak < MEGABYTES
    commands = [["handout", "crps", *layout, "-o", tmp_path / f"h{i}.pdf"]
                for i, layout in enumerate([[], ["--large-print"], ["--paper", "a4"],
                                            ["--large-print", "--paper", "a4"]])]
    commands += [["handout", "overview", "-o", tmp_path / "booklet.pdf"],
                 ["deck", "crps", "-o", tmp_path / "crps.pptx"],
                 ["deck", "-o", tmp_path / "seminar.pptx"],
                 ["deck", "crps", "--title", text(L.TITLE, ""), "--presenter",
                  text(L.PRESENTER, ""), "--date", text(L.DATE, ""), "-o", tmp_path / "t.pptx"]]
    for command in commands:
        wall, peak, rc = measured(*command, *inputs)
        assert rc == 0, (command, run(*command, *inputs).stderr)
        assert wall < SECONDS and peak < MEGABYTES, (command, wall, peak)


def test_the_longest_booklet_stays_within_time_and_memory(tmp_path):
    content, clinic = write(tmp_path, *worst("en", ("*",)))
    wall, peak, rc = measured("handout", "overview", "--content", content, "--clinic", clinic,
                              "-o", tmp_path / "b.pdf")
    assert rc == 0 and wall < SECONDS and peak < MEGABYTES, (wall, peak)


def test_the_title_slide_holds_the_longest_title_presenter_and_date(tmp_path):
    out = tmp_path / "t.pptx"
    proc = run("deck", "crps", "--title", text(L.TITLE, ""), "--presenter",
               text(L.PRESENTER, ""), "--date", text(L.DATE, ""), "-o", out)
    assert proc.returncode == 0, proc.stderr
    deck = Presentation(out)
    slide = deck.slides[0]
    band = max((s for s in slide.shapes if not s.has_text_frame or not s.text_frame.text),
               key=lambda s: s.top)  # the band along the bottom
    texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text
             and s.top < band.top]
    assert len(texts) >= 4  # title, subtitle, presenter, date
    for shape in texts:
        assert shape.top + shape.height <= band.top, shape.text_frame.text
        assert shape.left + shape.width <= deck.slide_width


def _one_over(data: dict, where: str) -> None:
    crps = next(c for c in data["conditions"] if c["slug"] == "crps")
    if where == "main_message":
        crps["main_message"] = text(L.MAIN_MESSAGE + 1)
    elif where == "title":
        crps["title"] = text(L.TITLE + 1, "")
    elif where == "paragraph":
        crps["body"][0] = text(L.PARAGRAPH + 1)
    elif where == "paragraphs":
        crps["body"] = [text(100) for _ in range(L.PARAGRAPHS + 1)]
    elif where == "keep_in_mind":
        data["introduction"]["keep_in_mind"][0] = text(L.KEEP_IN_MIND + 1)
    elif where == "question":
        data["faq"][0]["question"] = text(L.QUESTION + 1, "?")


@pytest.mark.parametrize("where,key,said", [
    ("main_message", "conditions[2].main_message", f"holds at most {L.MAIN_MESSAGE}"),
    ("title", "conditions[2].title", f"holds at most {L.TITLE}"),
    ("paragraph", "conditions[2].body[0]", f"holds at most {L.PARAGRAPH:,}"),
    ("paragraphs", "conditions[2].body", f"at most {L.PARAGRAPHS} item(s)"),
    ("keep_in_mind", "introduction.keep_in_mind[0]", f"holds at most {L.KEEP_IN_MIND}"),
    ("question", "faq[0].question", f"holds at most {L.QUESTION}"),
])
def test_one_character_over_a_limit_is_refused_where_it_is(tmp_path, where, key, said):
    data = yaml.safe_load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
    _one_over(data, where)
    path = tmp_path / "content.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    for command in (["check"], ["handout", "crps", "-o", tmp_path / "x.pdf"]):
        proc = run(*command, "--content", path)
        said_all = proc.stdout + proc.stderr
        assert proc.returncode != 0 and "Traceback" not in said_all
        assert f"{path}:" in said_all and f" {key}: " in said_all and said in said_all, said_all
    assert not (tmp_path / "x.pdf").exists()


def test_a_clinic_statement_over_its_limit_is_refused(tmp_path):
    _, clinic = worst("en")
    clinic["sections"]["after"][0]["text"] = text(L.STATEMENT + 1)
    content, path = write(tmp_path, yaml.safe_load(DEFAULT_CONTENT.read_text()), clinic)
    proc = run("check", "--clinic", path)
    assert proc.returncode != 0
    assert f"sections.after[0].text: is {L.STATEMENT + 1} characters long" in proc.stdout


@pytest.mark.parametrize("option,limit", [("--title", L.TITLE), ("--presenter", L.PRESENTER),
                                          ("--date", L.DATE)])
def test_a_presenters_words_over_their_limit_are_refused(tmp_path, option, limit):
    proc = run("deck", "crps", option, text(limit + 1, ""), "-o", tmp_path / "x.pptx")
    assert proc.returncode == 2 and f"Invalid value for {option}: is {limit + 1} characters" \
        in proc.stderr
    assert not (tmp_path / "x.pptx").exists()


def test_a_sites_file_past_its_limit_is_refused_at_once(tmp_path):
    import time

    sites = tmp_path / "sites.csv"
    rows = ["site,name,phone,address"] + [f"s{i},Site {i},(555) 010-0100,{i} Main St"
                                          for i in range(56_000)]
    sites.write_text("\n".join(rows) + "\n")
    start = time.perf_counter()
    proc = run("build", "--sites", sites, "--out-dir", tmp_path / "out")
    assert time.perf_counter() - start < 10
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert f"{sites}:{L.SITES + 2}: 56,000 sites; a build takes at most {L.SITES}" in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_import_writes_nothing_the_other_commands_would_refuse(tmp_path):
    """An article with one paragraph past the limit: import refuses, naming
    the article and the place in the content file it would make."""
    from conftest import ARTICLE

    source = ARTICLE.read_text(encoding="utf-8").split("\n\n")
    longest = max(range(len(source)), key=lambda i: len(source[i]))
    source[longest] = " ".join([source[longest]] * (L.PARAGRAPH // len(source[longest]) + 2))
    article = tmp_path / "article.txt"
    article.write_text("\n\n".join(source), encoding="utf-8")
    out = tmp_path / "content.yaml"
    proc = run("import", article, "-o", out)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert f"{article}: " in proc.stderr and "characters long" in proc.stderr
    assert "holds at most" in proc.stderr
    assert "(in the content file it would make)" in proc.stderr
    assert not out.exists()
    assert run("import", ARTICLE, "-o", out).returncode == 0
    assert run("check", "--content", out).returncode == 0
