"""Pictograms: simple pictures that say a thing faster than words (what an
infusion is, no driving, call us), each with a caption and alternative text
from the wording table.

The pictures are Font Awesome Free's solid icons (CC BY 4.0), read from the
``fontawesomefree`` package as SVG, so nothing is downloaded at run time, and
drawn as vectors by svglib. A pictogram may stack icons: "no driving" is a
car inside a "not allowed" sign.
"""
from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

from ..inputs.values import Pictogram
from .wording import say

ICON_DIR = ("static", "fontawesomefree", "svgs", "solid")
_FILL = re.compile(r"<path ")


@dataclass(frozen=True)
class Layer:
    """One icon of a pictogram: its Font Awesome name and its size as a share
    of the pictogram's."""

    icon: str
    scale: float = 1.0


# Each pictogram: its layers, bottom first, and its wording keys.
PICTOGRAMS: dict[str, tuple[Layer, ...]] = {
    "infusion": (Layer("droplet"),),
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
def drawing(icon: str, colour: str):
    """``icon`` as a ReportLab Drawing filled with ``colour`` (``#RRGGBB``),
    at its own size (the SVG's view box, in points)."""
    from svglib.svglib import svg2rlg

    svg = _FILL.sub(f'<path fill="{colour}" ', svg_text(icon))
    return svg2rlg(io.StringIO(svg))
