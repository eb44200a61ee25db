"""Where the bundled content, brand, layouts and fonts live. No network: every
font ships inside a package on PyPI."""
from __future__ import annotations

import functools
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
LAYOUTS = ROOT / "layouts"
DEFAULT_CONTENT = ASSETS / "content" / "ketamine-pain.yaml"
DEFAULT_BRAND = ASSETS / "brand" / "brand.yaml"
DEFAULT_SITES = ASSETS / "brand" / "sites.csv"

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
