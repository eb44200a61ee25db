"""The pictures of a web page, inside the page: the pictograms and the QR
code as inline SVG (the PDF's own shapes, in the text's colour, crisp at any
zoom, recoloured by a high-contrast mode), the logo as a ``data:`` image."""
from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

from ...errors import RenderError
from ..images import logo
from ..pictograms import PICTOGRAMS, svg_text
from ..qr import qr_modules
from .markup import attrs

VIEW = 100  # a pictogram's square, in SVG units
QUIET_ZONE = 2  # modules of white around a QR code, as the PDF draws it
_VIEW_BOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')
_PATH = re.compile(r'<path\b[^>]*?\bd="([^"]*)"')
_PATH_DATA = re.compile(r"^[0-9MmLlHhVvCcSsQqTtAaZz .,eE+-]+$")


@functools.lru_cache(maxsize=32)
def icon(name: str) -> tuple[float, float, tuple[str, ...]]:
    """Font Awesome's solid icon ``name``: its view box's width and height,
    and its paths' data (nothing else of its SVG is kept)."""
    source = svg_text(name)
    box = _VIEW_BOX.search(source)
    paths = tuple(_PATH.findall(source))
    if box is None or not paths or not all(_PATH_DATA.match(d) for d in paths):
        raise RenderError(f"pictogram icon '{name}': not an SVG this renderer can read")
    return float(box.group(1)), float(box.group(2)), paths


@functools.lru_cache(maxsize=16)
def _pictogram_shapes(name: str) -> str:
    out = []
    for layer in PICTOGRAMS[name]:
        width, height, paths = icon(layer.icon)
        k, dx, dy = layer.place(width, height, VIEW, y_up=False)
        k = -k if layer.flip else k
        out.append(f'<g transform="translate({dx:.3f} {dy:.3f}) scale({k:.6f})">'
                   + "".join(f'<path d="{d}"/>' for d in paths) + "</g>")
    return "".join(out)


def pictogram_svg(name: str, alt: str) -> str:
    """Pictogram ``name`` (its icons centred in a square, each at its share
    of it, as the PDF draws them) filled in the current text colour, a
    picture whose alternative text is ``alt``."""
    return (f'<svg class="pictogram" viewBox="0 0 {VIEW} {VIEW}" fill="currentColor"'
            f'{attrs(role="img", aria_label=alt)}>{_pictogram_shapes(name)}</svg>')


@functools.lru_cache(maxsize=16)
def _qr_path(data: str) -> tuple[int, str]:
    """The QR code's side in modules (quiet zone included) and one path that
    fills its dark modules, each row's runs as rectangles."""
    count, dark = qr_modules(data)
    rows: dict[int, list[int]] = {}
    for r, c in dark:
        rows.setdefault(r, []).append(c)
    parts = []
    for r in sorted(rows):
        cols = sorted(rows[r])
        start = prev = cols[0]
        for c in [*cols[1:], None]:
            if c is not None and c == prev + 1:
                prev = c
                continue
            parts.append(f"M{start + QUIET_ZONE} {r + QUIET_ZONE}h{prev - start + 1}v1"
                         f"h-{prev - start + 1}z")
            if c is not None:
                start = prev = c
    return count + 2 * QUIET_ZONE, "".join(parts)


def qr_svg(data: str, alt: str) -> str:
    """The QR code for ``data``, black on white whatever the page's
    colours (as phones read it best), a picture whose alternative text is
    ``alt``."""
    side, path = _qr_path(data)
    return (f'<svg class="qr" viewBox="0 0 {side} {side}" shape-rendering="crispEdges"'
            f'{attrs(role="img", aria_label=alt)}>'
            f'<rect width="{side}" height="{side}" fill="#FFFFFF"/>'
            f'<path fill="#000000" d="{path}"/></svg>')


@functools.lru_cache(maxsize=8)
def _logo_source(path: Path) -> tuple[str, int, int]:
    picture = logo(path)
    encoded = base64.b64encode(picture.data).decode("ascii")
    return f"data:image/{picture.ext};base64,{encoded}", *picture.px


def logo_img(path: Path, alt: str) -> str:
    """The brand's logo inside the page, with alternative text ``alt``
    (its pixel size given, so the page does not jump as it loads)."""
    source, width, height = _logo_source(path)
    return "<img" + attrs(class_="logo", src=source, alt=alt, width=str(width),
                          height=str(height)) + ">"

