"""Where the bundled content, brand, layouts and fonts live. No network: every
font ships inside a package on PyPI.

The bundled edition (both languages), demo brand, clinic files, logo and
layouts are package data: in an installed wheel they are ``handouts/assets``
and ``handouts/layouts``, read through :mod:`importlib.resources`. In a
source checkout (the editable install ``make`` makes) they are the
repository's top-level ``assets/`` and ``layouts/``, which the wheel is built
from. They are read-only: ``handouts init`` copies them into a clinic's
project, and nothing writes into them.
"""
from __future__ import annotations

import functools
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout, in a source tree

_LAZY = {  # module attributes, found on first use (the --help path never looks)
    "ASSETS": lambda: bundled("assets"),
    "LAYOUTS": lambda: bundled("layouts"),
    "DEFAULT_CONTENT": lambda: bundled("assets") / "content" / "ketamine-pain.yaml",
    "DEFAULT_BRAND": lambda: bundled("assets") / "brand" / "brand.yaml",
    "DEFAULT_SITES": lambda: bundled("assets") / "brand" / "sites.csv",
}


def __getattr__(name: str):
    if name in _LAZY:
        return _LAZY[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.lru_cache(maxsize=None)
def bundled(name: str) -> Path:
    """The folder of bundled data ``name`` (``assets`` or ``layouts``)."""
    from importlib.resources import files

    inside = files(__package__) / name
    if inside.is_dir():  # an installed package
        if not isinstance(inside, Path):  # pragma: no cover - a zip import
            raise RuntimeError("handouts must be installed as files, not run from a zip")
        return inside
    top = ROOT / name  # a source checkout
    if top.is_dir() and (ROOT / "pyproject.toml").is_file():
        return top
    raise RuntimeError(f"the bundled {name} are missing from this installation of handouts; "
                       "reinstall it")  # pragma: no cover


@functools.lru_cache(maxsize=None)
def bundled_roots() -> tuple[Path, ...]:
    """Every folder of bundled data, and the package itself: nothing under
    them is ever written."""
    return (bundled("assets").resolve(), bundled("layouts").resolve(),
            Path(__file__).resolve().parent)


def is_bundled(path: Path) -> bool:
    """Whether ``path`` lies in the bundled data or the installed package."""
    real = Path(path).resolve()
    return any(real == root or root in real.parents for root in bundled_roots())

ATKINSON_FILES = {
    "regular": "AtkinsonHyperlegible-Regular.ttf",
    "bold": "AtkinsonHyperlegible-Bold.ttf",
    "italic": "AtkinsonHyperlegible-Italic.ttf",
    "bold_italic": "AtkinsonHyperlegible-BoldItalic.ttf",
}
DEFAULT_FAMILY = "Atkinson Hyperlegible"


@functools.lru_cache(maxsize=None)
def _package_dir(name: str) -> Path:
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"font package '{name}' is not installed; reinstall handouts")
    return Path(list(spec.submodule_search_locations)[0])


def atkinson(style: str = "regular") -> Path:
    """Path of the bundled Atkinson Hyperlegible TTF for ``style``."""
    return _package_dir("fontpkg_atkinson_hyperlegible") / "files" / ATKINSON_FILES[style]


def noto_sans() -> Path:
    """Path of the bundled Noto Sans (Latin, Greek, Cyrillic and Vietnamese),
    the glyph-by-glyph fallback for letters the main font lacks."""
    return _package_dir("fontpkg_noto_sans") / "files" / "NotoSans[wdth,wght].ttf"
