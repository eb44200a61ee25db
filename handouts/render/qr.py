"""QR codes, computed once per process per URL, for both renderers."""
from __future__ import annotations

import functools
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

_ENCODER = "reportlab.graphics.barcode.qrencoder"


@functools.lru_cache(maxsize=1)
def _encoder() -> ModuleType:
    """ReportLab's QR encoder module, loaded on its own.

    ``import reportlab.graphics.barcode.qrencoder`` first runs the barcode
    package, which imports every barcode widget and, through them, ReportLab's
    graphics and Platypus: 0.1 s before a deck could draw its QR code. The
    encoder itself needs only ``re`` and ``itertools``, so it is loaded from
    its file. If the package is already imported, its module is used.
    """
    if _ENCODER in sys.modules:
        return sys.modules[_ENCODER]
    spec = importlib.util.find_spec("reportlab")
    path = Path(spec.origin).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("_handouts_qrencoder", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.lru_cache(maxsize=64)
def qr_modules(data: str) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The QR code for ``data`` (error correction level M): its size in
    modules and its dark (row, column) cells, row by row."""
    qrencoder = _encoder()
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
