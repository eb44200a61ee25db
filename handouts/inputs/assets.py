"""Checking the files a brand points at: logo, fonts, deck template.

Each check opens the file for real, as the renderer will, so that what
``handouts check`` accepts every renderer can use. Each returns why the file
is unusable, or ``None``.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import InvalidInput
from .files import MB, read_bytes

MAX_LOGO_BYTES = 5 * MB
MAX_LOGO_PIXELS = 25_000_000
_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
_TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")
# Glyphs read back when a font is checked: every glyph of a small font, an
# even spread (the last glyph included) of a large one.
_FONT_SAMPLE = 512


def image_kind(data: bytes) -> str | None:
    """'PNG' or 'JPEG' from the file's first bytes, else ``None``."""
    for magic, kind in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def check_logo(path: Path) -> str | None:
    """Why ``path`` is not a usable logo, or ``None`` when it is: a PNG or
    JPEG under 5 MB and :data:`MAX_LOGO_PIXELS` pixels that decodes in full
    (a truncated file is refused here, not mid-render)."""
    try:
        data = read_bytes(path, "logo", MAX_LOGO_BYTES)
    except InvalidInput as exc:
        return f"{exc.problems[0].message}: {path}"
    if not data:
        return f"logo file is empty: {path}"
    if image_kind(data) is None:
        return f"logo is not a PNG or JPEG image: {path}"
    try:
        decode_image(data)
    except ValueError as exc:
        return f"{exc}: {path}"
    return None


def decode_image(data: bytes):
    """``data`` (PNG or JPEG bytes) decoded in full, as a Pillow image.
    Raises ``ValueError`` saying why when the image is too large in pixels
    or cannot be decoded."""
    from PIL import Image

    try:
        img = Image.open(io.BytesIO(data))
        width, height = img.size
        if width * height > MAX_LOGO_PIXELS:
            raise ValueError(f"logo is {width:,} x {height:,} pixels; use one under "
                             f"{MAX_LOGO_PIXELS // 1_000_000} megapixels (1,000 pixels a "
                             "side is plenty)")
        img.load()
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure means a bad image
        raise ValueError(f"logo image cannot be read ({exc})") from None
    return img


def check_font(path: Path) -> str | None:
    """Why ``path`` is not a usable TrueType font, or ``None``.

    The font is parsed as the PDF renderer parses it, and a spread of its
    glyphs (the last one included) is subset, so a truncated or damaged file
    is refused here rather than failing mid-render.
    """
    if not path.is_file():
        return f"font file not found: {path}"
    with path.open("rb") as fh:
        head = fh.read(4)
    if head == b"OTTO":
        return f"font is an OpenType/CFF (.otf) file; use its TrueType (.ttf) version: {path}"
    if head not in _TRUETYPE_MAGIC:
        return f"font is not a TrueType (.ttf) file: {path}"
    try:
        from reportlab.pdfbase.ttfonts import TTFontFile

        font = TTFontFile(str(path))
        chars = sorted(font.charToGlyph, key=font.charToGlyph.__getitem__)
        if not chars:
            return f"font maps no characters: {path}"
        step = max(1, len(chars) // _FONT_SAMPLE)
        font.makeSubset([*chars[::step], chars[-1]])
    except Exception as exc:  # noqa: BLE001 - any parser failure means a damaged font
        detail = str(exc).replace(str(path), "").strip(' "') or exc.__class__.__name__
        return f"font file cannot be read ({detail}): {path}"
    return None


def check_template(path: Path) -> str | None:
    """Why ``path`` is not a usable PowerPoint template, or ``None``."""
    if not path.is_file():
        return f"deck template not found: {path}"
    if not zipfile.is_zipfile(path):
        return f"deck template is not a .pptx file: {path}"
    with zipfile.ZipFile(path) as zf:
        if "ppt/presentation.xml" not in zf.namelist():
            return f"deck template is not a PowerPoint .pptx file: {path}"
    return None
