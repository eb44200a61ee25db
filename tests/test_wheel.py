"""handouts as a clinic installs it: the built wheel in a fresh virtual
environment outside the checkout (no source folder on ``sys.path``), run in
a temporary folder; the README's own commands, as written; and an upgrade
to a release whose bundled edition changed one section.

The environment is made once for the module: dependencies come from PyPI at
the versions CI tested (constraints.txt), as a clinic's IT would install.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import complete_clinic

ROOT = Path(__file__).resolve().parents[1]
APPROVER = "Dana Reyes, MD"


def build_wheel(source: Path, dest: Path) -> Path:
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "-q", "-w", str(dest), str(source)],
                          capture_output=True, text=True, cwd=dest)
    assert proc.returncode == 0, proc.stderr
    return next(dest.glob("handouts-*.whl"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv folder, the environment to run its commands with, the wheel)."""
    base = tmp_path_factory.mktemp("clinic-it")
    wheel = build_wheel(ROOT, base)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q",
                          "--disable-pip-version-check", "-c", str(ROOT / "constraints.txt"),
                          str(wheel)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "HANDOUTS_SPEEDUPS")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return venv, env, wheel


def run(env, cwd: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    if ok:
        assert proc.returncode == 0, f"{args}: {proc.stdout[-1500:]}{proc.stderr[-1500:]}"
    return proc


def package_dir(venv: Path, env) -> Path:
    out = run(env, venv, str(venv / "bin/python"), "-c",
              "import handouts, sys, json; print(json.dumps([handouts.__file__, sys.path]))")
    file, path = json.loads(out.stdout)
    assert not any(str(ROOT) in p for p in path if p), path  # no source folder
    return Path(file).parent


def hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def manifest_reviews(project: Path) -> set[str]:
    files = json.loads((project / "out/manifest.json").read_text())["files"]
    return {f["review"] for f in files}


def test_the_wheel_carries_everything_and_a_clinic_works_in_its_project(installed, tmp_path):
    venv, env, _ = installed
    package = package_dir(venv, env)
    for rel in ("assets/content/ketamine-pain.yaml", "assets/content/ketamine-pain.es.yaml",
                "assets/brand/brand.yaml", "assets/brand/clinic-info.yaml",
                "assets/brand/clinic-info.es.yaml", "assets/brand/logo.png",
                "layouts/standard.yaml", "layouts/large-print.yaml", "layouts/deck.yaml",
                "layouts/summary.yaml",
                "locale/es/LC_MESSAGES/handouts.po", "render/outlines.json"):
        assert (package / rel).is_file(), rel
    assert "bundled edition of" in run(env, tmp_path, "handouts", "--version").stdout
    assert len(run(env, tmp_path, "handouts", "list").stdout.splitlines()) == 8
    run(env, tmp_path, "handouts", "init", "clinic")
    project = tmp_path / "clinic"
    run(env, project, "handouts", "check")
    run(env, project, "handouts", "build", "-q")
    assert manifest_reviews(project) == {"draft"}
    for name in ("clinic-info.yaml", "clinic-info.es.yaml"):  # a clinic writes its own
        complete_clinic(project / "brand" / name)
    for extra in ([], ["--clinic"], ["--lang", "es"], ["--lang", "es", "--clinic"]):
        run(env, project, "handouts", "approve", "--by", APPROVER, *extra)
    run(env, project, "handouts", "build", "-q")
    assert manifest_reviews(project) == {"approved"}
    # Outside any project: approve is refused, and nothing of the installed
    # package changes.
    before = hashes(package)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    refused = run(env, outside, "handouts", "approve", "--by", APPROVER, ok=False)
    assert refused.returncode == 1 and "handouts init" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert hashes(package) == before
    assert list(outside.iterdir()) == []


def readme_blocks() -> list[list[str]]:
    """The README's ```sh blocks: each a list of command lines."""
    text = (ROOT / "README.md").read_text()
    return [[line for line in block.splitlines() if line.strip() and not line.startswith("#")]
            for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_the_readme_has_a_quick_start_and_a_project_workflow():
    quick, workflow = readme_blocks()
    assert quick == ["make demo", "make test"]
    assert workflow[:2] == ["handouts init my-clinic", "cd my-clinic"]


def test_the_readmes_project_workflow_runs_as_written(installed, tmp_path):
    venv, env, _ = installed
    _, workflow = readme_blocks()
    cwd = tmp_path
    for line in workflow:
        words = shlex.split(line)
        if words[0] == "cd":
            cwd = cwd / words[1]
            # The README's step 1: the clinic writes its own safety information
            # (an approval needs every safety section).
            for name in ("clinic-info.yaml", "clinic-info.es.yaml"):
                complete_clinic(cwd / "brand" / name)
            continue
        run(env, cwd, *words)
    assert manifest_reviews(cwd) == {"approved"}


def test_the_readmes_quick_start_runs_as_written():
    """`make demo` as written, in the checkout (`make test` is what runs
    this test)."""
    quick, _ = readme_blocks()
    assert quick[0] == "make demo"
    if not shutil.which("make"):
        pytest.skip("make not installed")
    proc = subprocess.run(shlex.split(quick[0]), cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-1500:] + proc.stderr[-1500:]
    assert "Handouts and decks are in out/" in proc.stdout
    assert len(json.loads((ROOT / "out/manifest.json").read_text())["files"]) == 86


def test_an_upgrade_with_a_changed_section_changes_no_clinic_file(installed, tmp_path):
    """A release whose bundled edition differs in one section: `check` in an
    existing project names that section, and the project's files stay
    byte-identical."""
    venv, env, this_release = installed
    run(env, tmp_path, "handouts", "init", "clinic")
    project = tmp_path / "clinic"
    before = hashes(project)
    # The next release: the same source, the CRPS section's first sentence changed.
    source = tmp_path / "next-release"
    for rel in ("handouts", "assets", "layouts"):
        shutil.copytree(ROOT / rel, source / rel,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for rel in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / rel, source / rel)
    content = source / "assets/content/ketamine-pain.yaml"
    text = content.read_text()
    old = "(CRPS) is a very painful condition that"
    assert text.count(old) == 1
    assert text.count('edition: "2026-11-25"') == 1
    content.write_text(text.replace(old, "(CRPS) is a painful and often disabling condition that")
                       .replace('edition: "2026-11-25"', 'edition: "2027-03-01"'))
    init = source / "handouts/__init__.py"
    init.write_text(init.read_text().replace('__version__ = "0.1.0"', '__version__ = "0.1.1"'))
    wheel = build_wheel(source, tmp_path)
    with zipfile.ZipFile(wheel) as zf:
        assert b"often disabling" in zf.read("handouts/assets/content/ketamine-pain.yaml")
    run(env, tmp_path, str(venv / "bin/python"), "-m", "pip", "install", "-q", "--no-deps",
        "--force-reinstall", "--disable-pip-version-check", str(wheel))
    try:
        out = run(env, project, "handouts", "check").stdout
        assert ("upstream: the bundled en edition changed since this project was made "
                "(2026-11-25 -> 2027-03-01): conditions.crps;") in out
        assert "bundled es edition" not in out
        shown = run(env, project, "handouts", "upstream", "--width", "120").stdout
        assert "--- conditions.crps" in shown and "often disabling" in shown
        assert hashes(project) == before
    finally:  # the module's environment back at this checkout's release
        run(env, tmp_path, str(venv / "bin/python"), "-m", "pip", "install", "-q",
            "--no-deps", "--force-reinstall", "--disable-pip-version-check",
            str(this_release))


def test_the_package_list_names_every_folder_of_modules():
    """pyproject.toml lists the packages (assets/ and layouts/ are mapped
    into the package): a new folder of modules must be added to the list,
    or the wheel would leave it out."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "handouts").rglob("*.py") if "__pycache__" not in p.parts}
    assert folders <= set(setup["packages"])
    assert setup["package-dir"] == {"handouts.assets": "assets", "handouts.layouts": "layouts"}
