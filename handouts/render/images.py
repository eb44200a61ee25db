"""The brand's logo as both renderers embed it: decoded once per process,
and scaled down once when it is larger than any output needs."""
from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from ..inputs.assets import MAX_LOGO_BYTES, decode_image, image_kind
from ..inputs.files import read_bytes

# The largest logo drawn is 1.6 in wide (the deck's title slide); 1,200 pixels
# is 750 dpi there, more than print or a projector shows.
MAX_EDGE = 1200
_EXTENSIONS = {"PNG": "png", "JPEG": "jpeg"}


@dataclass(frozen=True, eq=False)
class Picture:
    """Image bytes ready to embed: PNG or JPEG (``ext`` is ``png`` or
    ``jpeg``), and the size in pixels."""

    data: bytes
    ext: str
    px: tuple[int, int]


@functools.lru_cache(maxsize=16)
def logo(path: Path) -> Picture:
    """The logo at ``path`` (checked when the brand was loaded): its own
    bytes, or, when a side is over :data:`MAX_EDGE` pixels, a PNG scaled to
    fit that (the same every time)."""
    data = read_bytes(path, "logo", MAX_LOGO_BYTES)
    img = decode_image(data)
    if max(img.size) <= MAX_EDGE:
        return Picture(data, _EXTENSIONS[image_kind(data)], img.size)
    from PIL import Image

    img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        img = img.convert("RGBA")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return Picture(buf.getvalue(), "png", img.size)
