"""Property: whatever `check` accepts, every renderer renders.

Hypothesis mutates the bundled content, brand and sites files (values of
every type, lengths, Unicode of every kind, missing and extra keys) and runs
the commands as a user would. Either `check` fails with located messages and
no traceback, or `check` passes and `handout`, `deck` and a one-site `build`
all succeed and write files that pypdf and python-pptx open.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT, DEFAULT_SITES
from pdfread import reader
from worst_case import text as long_text

CONTENT = yaml.safe_load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
BRAND = yaml.safe_load(DEFAULT_BRAND.read_text(encoding="utf-8"))
SITES = DEFAULT_SITES.read_text(encoding="utf-8").splitlines()
CLINIC = yaml.safe_load((DEFAULT_BRAND.parent / "clinic-info.yaml").read_text(encoding="utf-8"))

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(
    TEXT, st.text(max_size=600), st.integers(), st.floats(allow_nan=True), st.booleans(),
    st.none(), st.lists(TEXT, max_size=4), st.dictionaries(TEXT, TEXT, max_size=2),
    st.sampled_from(["2026-02-30", "#12345G", "https://example.org/x", "javascript:x", "",
                     "overview", "0.5in", "-3pt", "a" * 3000, "慢性疼痛", "Đau mãn tính",
                     "x\x00y\x07", "\ufeff", "logo.png", "letter", "a4",
                     # as people paste: combining accents, invisible joiners, a BOM,
                     # right-to-left scripts
                     "despue\u0301s de una lesio\u0301n", "caf\u200de\u200b", "\ufeffDolor",
                     "\u202eevil", "ألم مزمن", "כאב כרוני"]),
    # long texts in long words, at and just past the limits of the fields
    st.sampled_from([long_text(n) for n in (40, 80, 81, 90, 160, 161, 200, 400, 1200, 1500)]))


def paths(data, loc=()):
    """Every key path in ``data``."""
    yield loc
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, loc + (i,))


def mutate(data, loc, action, value):
    """A copy of ``data`` with the value at ``loc`` replaced, removed, or
    given an extra sibling key."""
    data = yaml.safe_load(yaml.safe_dump(data))
    if not loc:
        return data
    parent = data
    for part in loc[:-1]:
        parent = parent[part]
    key = loc[-1]
    if action == "replace":
        parent[key] = value
    elif action == "remove":
        del parent[key]
    elif action == "extra" and isinstance(parent, dict):
        parent[f"{key}_extra"] = value
    return data


def value_at(data, loc):
    for part in loc:
        data = data[part]
    return data


@st.composite
def mutation(draw, data):
    """``data`` with one change: half the time a text replaced by other text
    (which `check` often accepts, so the renderers get it), else any value
    replaced, a key removed or an unknown key added."""
    all_paths = list(paths(data))
    texts = [loc for loc in all_paths if loc and isinstance(value_at(data, loc), str)]
    if draw(st.booleans()):
        return mutate(data, draw(st.sampled_from(texts)), "replace", draw(TEXT))
    loc = draw(st.sampled_from(all_paths))
    action = draw(st.sampled_from(["replace", "remove", "extra"]))
    return mutate(data, loc, action, draw(VALUES))


def cli(*args):
    from handouts.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args])
    # A user's error ends in SystemExit carrying its status; anything else is a bug.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, result.output, result.exception)
    assert "internal error" not in result.output, result.output
    return result


def run_everything(folder: Path, content: Path, brand: Path, sites: Path) -> str:
    """Run the commands on the files; returns what `check` did with them:
    ``"refused"`` or ``"accepted"``."""
    checked = cli("check", "--content", content, "--brand", brand)
    if checked.exit_code:
        assert checked.exit_code == 1
        clinic = brand.parent / "clinic-info.yaml"
        located = [ln for ln in checked.output.splitlines()
                   if ln.startswith((str(content), str(brand), str(clinic)))]
        assert located, checked.output  # every problem names its file
        return "refused"
    assert checked.output.rstrip().endswith("OK")
    slug = cli("list", "--content", content).output.split()[0]
    pdf, deck, out = folder / "h.pdf", folder / "d.pptx", folder / "out"
    common = ("--content", content, "--brand", brand)
    for args in (("handout", slug, "-o", pdf), ("deck", slug, "-o", deck),
                 ("build", "--out-dir", out, "--jobs", "1", "-q")):
        result = cli(*args, *common)
        assert result.exit_code == 0, (args, result.output)
    assert len(reader(pdf.read_bytes()).pages) >= 1
    assert len(Presentation(io.BytesIO(deck.read_bytes())).slides) >= 5
    built = cli("build", "--out-dir", folder / "sites", "--jobs", "1", "-q",
                "--sites", sites, *common)
    if built.exit_code:  # a bad row is refused before anything is written
        assert f"{sites}:" in built.output and not (folder / "sites" / "manifest.json").exists()
    return "accepted"


SETTINGS = settings(max_examples=36, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def test_what_check_accepts_renders(tmp_path_factory):
    """The property, over every example Hypothesis makes; and those examples
    exercised the renderers, not only the refusals (and the other way
    round). The outcomes are counted here, in the test that makes them, so
    the count cannot be missed (as a separate test's could, run alone, on
    another worker, or before the property)."""
    outcomes: list[str] = []

    @SETTINGS
    @given(content=mutation(CONTENT), brand=mutation(BRAND), clinic=mutation(CLINIC),
           cell=st.tuples(st.integers(0, 6), TEXT),
           target=st.sampled_from(["content", "brand", "clinic"]))
    def what_check_accepts_renders(content, brand, clinic, cell, target):
        outcomes.append(render_mutated(tmp_path_factory, content, brand, clinic, cell, target))

    what_check_accepts_renders()
    assert "accepted" in outcomes and "refused" in outcomes, outcomes


def render_mutated(tmp_path_factory, content, brand, clinic, cell, target) -> str:
    """One example: the files written with the one mutated, the commands run
    on them; returns what `check` did (see :func:`run_everything`)."""
    folder = tmp_path_factory.mktemp("prop")
    shutil.copytree(DEFAULT_BRAND.parent, folder / "brand")
    content_path, brand_path = folder / "content.yaml", folder / "brand" / "brand.yaml"
    # One file is mutated at a time, so the other's problems do not mask it.
    content_path.write_text(yaml.safe_dump(content if target == "content" else CONTENT,
                                           allow_unicode=True), encoding="utf-8")
    brand_path.write_text(yaml.safe_dump(brand if target == "brand" else BRAND,
                                         allow_unicode=True), encoding="utf-8")
    if target == "clinic":
        (folder / "brand" / "clinic-info.yaml").write_text(
            yaml.safe_dump(clinic, allow_unicode=True), encoding="utf-8")
    rows = list(csv.reader(SITES[:2]))
    column, value = cell
    rows[1][column] = value
    sites = folder / "brand" / "one-site.csv"
    with sites.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return run_everything(folder, content_path, brand_path, sites)
