"""Pictograms: simple pictures that say a thing faster than words (what an
infusion is, no driving, call us), each with a caption and alternative text
from the wording table.

The pictures are Font Awesome Free's solid icons (CC BY 4.0), read from the
``fontawesomefree`` package as SVG, so nothing is downloaded at run time, and
drawn as vectors by svglib. A pictogram may stack icons: "no driving" is a
car inside a "not allowed" sign.

svglib's outline of each icon we use is kept in ``outlines.json``, under the
SHA-256 of the SVG it was made from and the svglib release that made it:
reading it saves every process that makes handouts 30 ms (importing svglib
and parsing the SVGs). An icon whose SVG is not the one stored (another
``fontawesomefree`` release), or another svglib release (1.5 draws these
icons at 512 units, 2.x at 384), is outlined by svglib at run time, as
before. ``python -m handouts.render.pictograms``
writes the file again.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import RenderError
from ..inputs.values import Pictogram
from ..libs.versions import installed_version
from .wording import say

ICON_DIR = ("static", "fontawesomefree", "svgs", "solid")
OUTLINES = Path(__file__).with_name("outlines.json")


@dataclass(frozen=True)
class Layer:
    """One icon of a pictogram: its Font Awesome name, its size as a share
    of the pictogram's, where its centre goes (shares of the square from its
    top left corner, as a reader sees it) and whether it is turned upside
    down (``flip``: a bottle hanging from a drip stand)."""

    icon: str
    scale: float = 1.0
    x: float = 0.5
    y: float = 0.5
    flip: bool = False

    def place(self, width: float, height: float, size: float,
              y_up: bool) -> tuple[float, float, float]:
        """The icon's scale and offset (its view box's corner, or the far
        corner when flipped) in a ``size`` square, for coordinates whose y
        grows upward (PDF, ``y_up``) or downward (SVG)."""
        k = size * self.scale / max(width, height)
        cx, cy = self.x * size, ((1 - self.y) if y_up else self.y) * size
        sign = 1 if self.flip else -1
        return k, cx + sign * width * k / 2, cy + sign * height * k / 2


# Each pictogram: its layers, bottom first, and its wording keys. An
# infusion: a bottle of medicine hanging above a person, dripping.
PICTOGRAMS: dict[str, tuple[Layer, ...]] = {
    "infusion": (Layer("bottle-droplet", 0.42, 0.25, 0.24, flip=True),
                 Layer("droplet", 0.12, 0.25, 0.54), Layer("droplet", 0.08, 0.25, 0.7),
                 Layer("user", 0.55, 0.68, 0.68)),
    "no-driving": (Layer("car-side", 0.56), Layer("ban")),
    "call": (Layer("phone-volume"),),
}


def caption(name: Pictogram) -> str:
    """The short caption printed under the pictogram."""
    return say(f"pictogram.{name}")


def alt_text(name: Pictogram) -> str:
    """What the pictogram shows, for a screen reader."""
    return say(f"pictogram.{name}.alt")


@functools.lru_cache(maxsize=32)
def svg_text(icon: str) -> str:
    """The SVG source of Font Awesome's solid ``icon``."""
    path = resources.files("fontawesomefree").joinpath(*ICON_DIR, f"{icon}.svg")
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=64)
def pdf_operators(name: Pictogram, size: float, colour: tuple[float, float, float]) -> str:
    """PDF content operators that fill pictogram ``name`` in a ``size``-point
    square whose lower left corner is the origin, in ``colour`` (RGB, 0 to 1):
    each icon centred, scaled to its share of the square. Built once per
    process for each pictogram, size and colour; drawing it is then a copy,
    where ReportLab's renderer cost about a millisecond a picture."""
    ops = ["q", "{:.4f} {:.4f} {:.4f} rg".format(*colour)]
    for layer in PICTOGRAMS[name]:
        icon = outline(layer.icon)
        k, dx, dy = layer.place(icon.width, icon.height, size, y_up=True)
        k = -k if layer.flip else k
        ops += ["q", f"{k:.6f} 0 0 {k:.6f} {dx:.4f} {dy:.4f} cm", *icon.operators, "Q"]
    return "\n".join(ops + ["Q"])


@dataclass(frozen=True)
class Outline:
    """An icon ready to fill: its size (the SVG's view box, in points) and
    the PDF operators that fill it at that size, in the current colour."""

    width: float
    height: float
    operators: tuple[str, ...]


@functools.lru_cache(maxsize=64)
def outline(icon: str) -> Outline:
    """``icon``'s :class:`Outline`: the stored one if it was made from this
    very SVG by the installed svglib, else svglib's, made now."""
    stored = _stored().get(icon)
    if stored and stored["sha256"] == _svg_hash(icon) and stored.get("svglib") == _svglib():
        return Outline(stored["width"], stored["height"], tuple(stored["operators"]))
    return outline_by_svglib(icon)


def outline_by_svglib(icon: str) -> Outline:
    """``icon``'s :class:`Outline`, from svglib's drawing of its SVG."""
    art = drawing(icon)
    return Outline(art.width, art.height, tuple(_node_operators(art)))


def _svglib() -> str:
    """The installed svglib's version (read without importing it)."""
    return str(installed_version("svglib"))


def _svg_hash(icon: str) -> str:
    """The hex SHA-256 of ``icon``'s SVG source, as UTF-8: an outline's key."""
    return hashlib.sha256(svg_text(icon).encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def _stored() -> dict:
    try:
        return json.loads(OUTLINES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_outlines(path: Path = OUTLINES) -> None:
    """Store svglib's outline of every icon the pictograms use, with the
    SHA-256 of its SVG and svglib's version, sorted, in ``path``."""
    icons = sorted({layer.icon for layers in PICTOGRAMS.values() for layer in layers})
    data = {}
    for icon in icons:
        art = outline_by_svglib(icon)
        data[icon] = {"sha256": _svg_hash(icon), "svglib": _svglib(),
                      "width": art.width, "height": art.height,
                      "operators": list(art.operators)}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _node_operators(node) -> list[str]:
    """The fill operators of a ReportLab drawing's node: groups (with their
    transforms) and paths, the only shapes svglib makes of these icons."""
    from reportlab.graphics.shapes import Group, Path

    if isinstance(node, Path):
        return [*_path(node), "f" if node.fillMode == 1 else "f*"]
    if isinstance(node, Group):
        a, b, c, d, e, f = node.transform
        inner = [op for child in node.contents for op in _node_operators(child)]
        return ["q", f"{a:.6f} {b:.6f} {c:.6f} {d:.6f} {e:.4f} {f:.4f} cm", *inner, "Q"]
    raise RenderError(f"pictogram: cannot draw a {type(node).__name__} (only paths)")


_PATH_OPS = {0: (2, "m"), 1: (2, "l"), 2: (6, "c"), 3: (0, "h")}  # ReportLab's path codes


def _path(path) -> list[str]:
    out, points = [], iter(path.points)
    for code in path.operators:
        count, op = _PATH_OPS[code]
        coords = [next(points) for _ in range(count)]
        out.append(" ".join([*(f"{v:.3f}" for v in coords), op]))
    return out


@functools.lru_cache(maxsize=64)
def drawing(icon: str):
    """``icon`` as a ReportLab Drawing at its own size (the SVG's view box,
    in points); :func:`pdf_operators` sets its colour."""
    from svglib.svglib import svg2rlg

    return svg2rlg(io.StringIO(svg_text(icon)))


if __name__ == "__main__":
    write_outlines()
    print(f"wrote {OUTLINES}")
