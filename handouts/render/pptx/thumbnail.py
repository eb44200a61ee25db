"""The preview a file browser shows for a deck (``docProps/thumbnail.jpeg``):
a small drawing of the deck's own title slide, in the brand's colours, font
and logo, laid out as :meth:`.compose.Composer.cover` lays out the cover.
Drawn with Pillow, as python-pptx draws its own default preview."""
from __future__ import annotations

import functools
import io
from pathlib import Path

WIDTH = 256  # pixels; PowerPoint's own previews are this wide
QUALITY = 85
MARK_COLOUR = "B03A2E"  # the draft mark's red, as on the slides


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))


@functools.lru_cache(maxsize=8)
def _font(path: Path, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


@functools.lru_cache(maxsize=8)
def _logo(data: bytes, side: int):
    from PIL import Image

    img = Image.open(io.BytesIO(data)).convert("RGBA")
    img.thumbnail((side, side))
    return img


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


@functools.lru_cache(maxsize=64)
def thumbnail(title: str, *, slide_ratio: float, font: Path, logo: bytes,
              primary: str, background: str, mark: str = "") -> bytes:
    """JPEG bytes of a ``WIDTH``-pixel-wide picture of the title slide:
    logo top left, ``title`` in bold, the band along the bottom, and
    ``mark`` (a draft's) in red at the top right. The clinic's name is left
    out: too small to read here, and without it one picture serves every
    site of a build. Colours are
    ``RRGGBB``; ``slide_ratio`` is width over height. The same arguments
    give the same bytes."""
    from PIL import Image, ImageDraw

    height = round(WIDTH / slide_ratio)
    img = Image.new("RGB", (WIDTH, height), _rgb(background))
    draw = ImageDraw.Draw(img)
    margin = WIDTH // 20
    draw.rectangle([0, 0, WIDTH, max(2, height // 60)], fill=_rgb(primary))
    band = height * 2 // 15
    draw.rectangle([0, height - band, WIDTH, height], fill=_rgb(primary))
    side = height // 5
    picture = _logo(logo, side)
    img.paste(picture, (margin, margin), picture)
    size = max(10, height // 9)
    face = _font(font, size)
    lines = _wrap(draw, title, face, WIDTH - 2 * margin)[:3]
    top = margin + side + (height - band - margin - side - len(lines) * size * 6 // 5) // 2
    for i, line in enumerate(lines):
        draw.text((margin, top + i * size * 6 // 5), line, font=face, fill=_rgb(primary))
    if mark:
        label = _font(font, max(8, height // 14))
        draw.text((WIDTH - margin - draw.textlength(mark, font=label), margin), mark,
                  font=label, fill=_rgb(MARK_COLOUR))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=QUALITY, optimize=False, progressive=False)
    return out.getvalue()
