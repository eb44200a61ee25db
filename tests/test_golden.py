"""Structural golden files: what each handout prints, in order, and each
deck's slides (kind and title). A change to either shows as a readable diff;
an intended change regenerates the files in the same commit:

    HANDOUTS_UPDATE_GOLDEN=1 make test
"""
from __future__ import annotations

import difflib
import io
import os
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import render_pdf
from pdfread import reader

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(os.environ.get("HANDOUTS_UPDATE_GOLDEN"))
SLUGS = ["neuropathic-pain", "fibromyalgia", "crps", "migraine", "cancer-pain",
         "post-surgical-pain", "low-back-pain", "pelvic-pain"]
HANDOUTS = [(s, layout) for s in SLUGS for layout in ("standard", "large-print")]


def handout_text(data: bytes) -> str:
    """The printed text, page by page, line by line, as a PDF reader reads it."""
    out = []
    for number, page in enumerate(reader(data).pages, start=1):
        out.append(f"=== page {number}")
        out += [" ".join(line.split()) for line in page.extract_text().splitlines()
                if line.strip()]
    return "\n".join(out) + "\n"


def deck_outline(data: bytes) -> str:
    """One line a slide: its kind, then its title."""
    prs = Presentation(io.BytesIO(data))
    return "".join(f"{s.name:<8} {s.shapes.title.text_frame.text}\n" for s in prs.slides)


def check(path: Path, actual: str, update: bool = UPDATE) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run HANDOUTS_UPDATE_GOLDEN=1 make test"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(path), "rendered now"))
        pytest.fail(f"output differs from {path.name} (regenerate it if intended):\n{diff}")


@pytest.fixture(scope="module")
def inputs():
    """The bundled content, brand and clinic file, as `build` loads them."""
    from handouts.assemble.jobs import load_inputs
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT

    return load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)


@pytest.mark.parametrize("slug,layout", [*HANDOUTS, ("overview", "standard")])
def test_handout_text(inputs, slug, layout):
    from handouts.assemble.jobs import HandoutJob
    from handouts.inputs.target import Target

    target = Target() if slug == "overview" else Target(slug)
    data = HandoutJob(target, layout, "letter").render(inputs).data
    check(GOLDEN / "handouts" / f"{slug}-{layout}.txt", handout_text(data))


@pytest.mark.parametrize("slug", [None, *SLUGS])
def test_deck_outline(inputs, slug):
    from handouts.assemble.jobs import DeckJob
    from handouts.inputs.target import Target

    data = DeckJob(Target(slug)).render(inputs).data
    check(GOLDEN / "decks" / f"{slug or 'seminar'}.txt", deck_outline(data))


def test_a_changed_handout_fails_its_golden_file(content, brand, tmp_path):
    """The comparison can fail: an edited sentence shows as a diff."""
    cond = content.condition("crps")
    edited = cond.model_copy(update={"body": ("A different first paragraph.", *cond.body[1:])})
    golden = tmp_path / "crps.txt"
    golden.write_text(handout_text(render_pdf(content, brand, "standard", cond).data))
    with pytest.raises(pytest.fail.Exception, match=r"\+A different first paragraph"):
        check(golden, handout_text(render_pdf(content, brand, "standard", edited).data),
              update=False)
