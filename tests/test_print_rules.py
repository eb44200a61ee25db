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
            if end == "de" and (start.lower() in MONTHS or NUMBER.match(start)):
                found.append(f"date broken: {where}")
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
