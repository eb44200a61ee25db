"""The package's shape: every reach into a library's internals in
``handouts/libs/`` (the seam), the tested versions held in one place,
modules of a reasonable size, XML spelled in one module, nothing tracked
that git ignores, and a wheel without a top-level ``cli``."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from handouts import libs
from seamscan import scan_source, scan_tree

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 350


def test_no_module_outside_the_seam_reaches_into_a_library():
    assert scan_tree(ROOT) == []


PLANTED = {
    "canv._code.append('q')": "private attribute ._code",
    "from reportlab.lib.utils import _digester": "private name _digester",
    "import reportlab.lib._rl_accel": "private module",
    "x = getattr(obj, '_smask', None)": "getattr(..., '_smask')",
    "page.__NoDefault__ = []": "__NoDefault__",
    "from reportlab.pdfbase import pdfdoc\npdfdoc.zlib = None": "replaces or deletes pdfdoc.zlib",
    "from reportlab.pdfbase import pdfdoc\nsetattr(pdfdoc, 'format', f)": "setattr on a library",
    "import re\nre.compile = lambda *a: None": "replaces re.compile",
    "import importlib.util\nimportlib.util.spec_from_file_location('x', 'y')": "outside its package",
    "from reportlab.pdfgen.textobject import PDFTextObject\n"
    "class T(PDFTextObject):\n    def _textOut(self, text, TStar=0):\n        pass":
        "overrides _textOut",
    "from reportlab.platypus import Paragraph\n"
    "class P(Paragraph):\n    def wrap(self, w, h):\n        return self._wrapWidths":
        "self._wrapWidths",
    "import pptx\nclass X:\n    def f(self, prs):\n        return prs.part._rels": "._rels",
}


@pytest.mark.parametrize("source", PLANTED)
def test_a_planted_reach_is_found(source):
    found = scan_source(source, "planted.py")
    assert found and PLANTED[source] in found[0], found


@pytest.mark.parametrize("source", [
    "class Mine:\n    def __init__(self):\n        self._seen = {}\n    def f(self):\n"
    "        return self._seen",
    "from reportlab.platypus import Paragraph\nclass P(Paragraph):\n"
    "    def f(self):\n        self._shown = True\n        return self._shown",
    "row = row._replace(a=1)\nd = obj.__dict__\nimport os\nos._exit(1)",
    "from reportlab.platypus import Paragraph\nclass P(Paragraph):\n"
    "    def wrap(self, w, h):\n        return super().wrap(w, h)",
])
def test_python_s_own_names_and_our_own_private_names_are_not_reaches(source):
    assert scan_source(source, "clean.py") == []


def test_a_reach_planted_in_the_package_fails_the_scan_but_not_in_the_seam(tmp_path):
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "handouts", copy / "handouts",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "cli.py", copy / "cli.py")
    assert scan_tree(copy) == []
    reach = "def f(canv):\n    return canv._doc\n"
    (copy / "handouts" / "libs" / "planted.py").write_text(reach)
    assert scan_tree(copy) == []
    (copy / "handouts" / "render" / "planted.py").write_text(reach)
    assert scan_tree(copy) == ["handouts/render/planted.py:2: uses private attribute ._doc"]


# -- the tested versions ------------------------------------------------------
def _name(dist: str) -> str:
    """A distribution's name, normalised (PEP 503)."""
    return re.sub(r"[-_.]+", "-", dist.lower())


def _requirements() -> dict[str, str]:
    """pyproject.toml's dependencies: distribution -> version specifier."""
    text = (ROOT / "pyproject.toml").read_text()
    block = text[text.index("dependencies = ["):]
    block = block[:block.index("\n]")]
    out = {}
    for spec in re.findall(r'^\s*"([^"]+)"', block, re.M):
        name, rest = re.match(r"([A-Za-z0-9_.\-]+)(.*)", spec).groups()
        out[_name(name)] = rest
    return out


def _constraints(name: str = "constraints.txt") -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].split(";")[0].strip()  # no comment, no marker
        if line:
            name, version = line.split("==")
            pins[_name(name.strip())] = version.strip()
    return pins


def test_pyproject_bounds_each_library_the_seam_touches_at_the_tested_range():
    requirements = _requirements()
    for dist, (low, high) in libs.TESTED.items():
        assert requirements.get(_name(dist)) == f">={low},<={high}", dist


def test_the_constraints_pin_the_newest_tested_versions_of_everything_declared():
    pins = _constraints()
    for dist, (_, high) in libs.TESTED.items():
        assert pins[_name(dist)] == high, dist
    for dist in _requirements():
        assert dist in pins, f"{dist} is declared but not pinned in constraints.txt"


def test_the_oldest_constraints_pin_every_lower_bound():
    """constraints-oldest.txt, which CI tests (make test-oldest), is the
    oldest set pyproject.toml allows: each dependency at its lower bound,
    the seam's libraries at the oldest tested version."""
    oldest = _constraints("constraints-oldest.txt")
    for dist, spec in _requirements().items():
        low = re.search(r">=([\w.]+)", spec).group(1)
        assert oldest[dist].split(".")[:len(low.split("."))] == low.split("."), dist
    for dist, (low, _) in libs.TESTED.items():
        assert oldest[_name(dist)] == low, dist


def test_every_library_the_code_imports_is_declared():
    imported = set()
    for path in (ROOT / "handouts").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"handouts"}
    declared = {"PIL": "pillow", "pptx": "python-pptx", "yaml": "pyyaml", "babel": "babel",
                "ruamel": "ruamel.yaml", "fontawesomefree": "fontawesomefree",
                "_rl_accel": "rl_accel",
                "pydantic_core": "pydantic"}  # pydantic's documented way to write a custom type
    requirements = _requirements()
    for module in sorted(third_party):
        assert _name(declared.get(module, module)) in requirements, module


# -- the package's shape ------------------------------------------------------
def test_no_module_is_over_350_lines():
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "handouts").rglob("*.py"))
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


XML_SPELLING = re.compile(r"etree\.(Element|SubElement)\(|makeelement\(|<\?xml|xmlns[:=]")


def test_xml_is_spelled_only_in_the_xml_module():
    spelled = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "handouts").rglob("*.py"))
               if XML_SPELLING.search(p.read_text())
               and p.relative_to(ROOT).as_posix() != "handouts/render/xml.py"]
    assert spelled == []


def test_git_ignores_no_tracked_file():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(["git", "ls-files", "--cached", "--ignored", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ignored.split() == []
    probe = subprocess.run(["git", "check-ignore", "-q", "handouts/assemble/new.py"], cwd=ROOT)
    assert probe.returncode == 1  # not ignored


def test_the_wheel_has_no_top_level_cli_and_runs_as_a_module(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True)
    if proc.returncode != 0 and "No module named" in proc.stderr:
        pytest.skip(f"cannot build a wheel here: {proc.stderr[-200:]}")
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("handouts-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        entry_points = next(zf.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert "cli.py" not in names and not any(n.startswith("cli/") for n in names)
    assert "handouts/cli.py" in names and "handouts/__main__.py" in names
    assert "handouts = handouts.cli:main" in entry_points
    assert "handouts/libs/__init__.py" in names
    out = subprocess.run([sys.executable, "-m", "handouts", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("Usage: handouts ")
