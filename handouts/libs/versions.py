"""Installed libraries' versions, read without importing them.

``importlib.metadata`` costs 70 ms to import, more than a whole command's
own work: a distribution's version is read here from the name of its
``.dist-info`` folder beside the package (``reportlab-5.1.0.dist-info``),
which is how pip, uv and pipx install it, and from ``importlib.metadata``
only when there is no such folder.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

# Distribution -> its top-level import name.
MODULES = {"reportlab": "reportlab", "python-pptx": "pptx", "svglib": "svglib",
           "rl_accel": "_rl_accel", "lxml": "lxml", "Pillow": "PIL", "PyYAML": "yaml",
           "Babel": "babel"}


@dataclass(frozen=True, order=True)
class Version:
    """A release's number, compared as numbers (``4.10.0 > 4.9.1``); a
    pre-release or local part (``5.1.0rc1``) compares as its numbers."""

    parts: tuple[int, ...]
    text: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text: str) -> Version:
        match = re.match(r"\d+(?:\.\d+)*", text.strip())
        numbers = [int(n) for n in match.group().split(".")] if match else []
        while len(numbers) < 3:
            numbers.append(0)
        return cls(tuple(numbers), text)

    def __str__(self) -> str:
        return self.text or ".".join(map(str, self.parts))


def package_dir(name: str) -> Path:
    """The folder of the installed top-level package ``name``, found without
    importing it. Raises ``ImportError`` if there is none."""
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(f"no package named {name!r}", name=name)
    return Path(spec.origin).parent


def _normalised(dist: str) -> str:
    return re.sub(r"[-_.]+", "_", dist).lower()


@functools.lru_cache(maxsize=None)
def installed_version(dist: str) -> Version | None:
    """The installed version of distribution ``dist`` (``"python-pptx"``),
    or ``None`` if it is not installed."""
    module = MODULES.get(dist, dist)
    try:
        spec = find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return None
    origin = Path(spec.origin or next(iter(spec.submodule_search_locations or ()), ""))
    site = origin.parent.parent if origin.name == "__init__.py" or spec.submodule_search_locations \
        else origin.parent
    found = _dist_infos(site).get(_normalised(dist))
    if found is not None:
        return Version.parse(found)
    from importlib import metadata

    try:
        return Version.parse(metadata.version(dist))
    except metadata.PackageNotFoundError:
        return None


@functools.lru_cache(maxsize=8)
def _dist_infos(site: Path) -> dict[str, str]:
    """Each distribution installed in folder ``site``, by its normalised
    name: its version, as its ``.dist-info`` folder's name gives it."""
    out = {}
    try:
        names = [entry.name for entry in site.iterdir()]
    except OSError:
        return out
    for name in names:
        if name.endswith(".dist-info") and "-" in name:
            dist, _, version = name[:-len(".dist-info")].partition("-")
            out[_normalised(dist)] = version
    return out

