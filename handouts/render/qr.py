"""QR codes, computed once per process per URL, for both renderers."""
from __future__ import annotations

import functools
import io

from ..libs.imports import leaf_module

# ReportLab's QR encoder needs only ``re`` and ``itertools``; imported by
# name it first runs ReportLab's barcode package (see handouts.libs.imports).
_ENCODER = "reportlab.graphics.barcode.qrencoder"


@functools.lru_cache(maxsize=64)
def qr_modules(data: str) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The QR code for ``data`` (error correction level M): its size in
    modules and its dark (row, column) cells, row by row."""
    qrencoder = leaf_module(_ENCODER)
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    n = code.getModuleCount()
    return n, tuple((r, c) for r in range(n) for c in range(n) if code.isDark(r, c))


@functools.lru_cache(maxsize=64)
def qr_png(data: str, scale: int = 12, quiet_zone: int = 2) -> bytes:
    """The QR code for ``data`` as PNG bytes: black on white, ``scale``
    pixels a module, ``quiet_zone`` modules of white around it."""
    from PIL import Image, ImageDraw

    n, dark = qr_modules(data)
    side = (n + 2 * quiet_zone) * scale
    img = Image.new("1", (side, side), 1)
    draw = ImageDraw.Draw(img)
    for r, c in dark:
        x, y = (c + quiet_zone) * scale, (r + quiet_zone) * scale
        draw.rectangle([x, y, x + scale - 1, y + scale - 1], fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
