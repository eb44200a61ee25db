from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.inputs.brand import load_brand
from handouts.inputs.content import load_content
from handouts.inputs.layouts import load_layout
from handouts.inputs.options import DeckOptions
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT

# The renderers' cache on disk (handouts.render.cache): the tests' own, empty
# at the start of the session and removed at its end, never the user's;
# subprocesses inherit it.
os.environ["HANDOUTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="handouts-test-cache-")
atexit.register(shutil.rmtree, os.environ["HANDOUTS_CACHE_DIR"], ignore_errors=True)

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "source-article.txt"


@pytest.fixture(scope="session")
def content():
    return load_content(DEFAULT_CONTENT)


@pytest.fixture(scope="session")
def brand():
    return load_brand(DEFAULT_BRAND)


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> Path:
    """The bundled demo built in both languages (``handouts build -q``), once
    a session (once a worker under xdist). Tests only read it."""
    out = tmp_path_factory.mktemp("default-build")
    subprocess.run([sys.executable, "-m", "handouts", "build", "-q", "--out-dir", str(out)],
                   check=True, capture_output=True)
    return out


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def brand_dir(tmp_path):
    """A writable copy of the demo brand folder; returns the brand file path."""
    dest = tmp_path / "brand"
    shutil.copytree(DEFAULT_BRAND.parent, dest)
    mark_project(tmp_path)
    return dest / "brand.yaml"


def mark_project(folder):
    """Make ``folder`` a project's (approve writes only into a project's
    files); the tests name every file on the command line."""
    (folder / "handouts.toml").write_text("# a test's project: files are given as options\n")


def complete_clinic(path):
    """Give each empty safety section of the clinic file at ``path`` (a
    test's copy) one sourced statement, so that it can be approved (a clinic
    file with an empty safety section cannot be). Returns ``path``."""
    import yaml

    from handouts.inputs.clinic import SAFETY_SLOTS

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    sections = doc.get("sections") or {}
    source = next(iter(doc["sources"]))
    said = ("Llame al 911 si tiene dolor de pecho o le cuesta respirar."
            if str(doc.get("language", "en")).startswith("es")
            else "Call 911 if you have chest pain or trouble breathing.")
    add = "".join(f"  {slot}:\n    - text: {said}\n      source: {source}\n"
                  for slot in SAFETY_SLOTS if not sections.get(slot))
    if add:
        assert "\nsections:\n" in text, "a clinic file with its sections as the sample's"
        path.write_text(text.replace("\nsections:\n", "\nsections:\n" + add, 1),
                        encoding="utf-8")
    return path


def invoke(runner, *args):
    from handouts.cli import main

    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def _with(content, cond):
    """``content`` holding ``cond`` in place of the condition with its slug
    (or as its only condition, for a slug it does not have)."""
    if cond is None or cond.slug in content.slugs and content.condition(cond.slug) is cond:
        return content
    conds = (tuple(cond if c.slug == cond.slug else c for c in content.conditions)
             if cond.slug in content.slugs else (cond,))
    return content.model_copy(update={"conditions": conds})


def _target(cond):
    return Target.condition_of(cond.slug) if cond is not None else Target()


def render_pdf(content, brand, layout="standard", cond=None, paper="letter"):
    """The handout for ``cond`` (a Condition, possibly edited; None: the
    booklet), as a :class:`~handouts.render.Rendered`."""
    from handouts.render.pdf import render_handout

    layout = load_layout(layout) if isinstance(layout, str) else layout
    return render_handout(_with(content, cond), brand, layout, _target(cond), paper)


def render_pptx(content, brand, cond=None, minutes=60, layout="deck", **options):
    """The deck for ``cond`` (None: the full seminar), as a Rendered."""
    from handouts.render.pptx import render_deck

    layout = load_layout(layout) if isinstance(layout, str) else layout
    return render_deck(_with(content, cond), brand, layout, _target(cond),
                       DeckOptions(minutes=minutes, **options))


def assert_user_error(result, code: int = 1) -> None:
    """``result`` (from :func:`invoke`) ended as a user's error should: with
    exit status ``code`` carried by ``SystemExit`` (any other exception would
    be a bug), and not reported as an internal error."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "internal error" not in result.output


def approved_review():
    """An approval that holds (no draft mark), for tests that look at the
    layout under the mark."""
    import datetime as dt

    from handouts.inputs.review import ReviewState

    return ReviewState("approved", "A. Reviewer, MD", dt.date(2026, 11, 1), dt.date(2027, 11, 1))
