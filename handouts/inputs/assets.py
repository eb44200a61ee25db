"""Checking the files a brand points at: logo, fonts, deck template.

Each check opens the file for real, as the renderer will, so that what
``handouts check`` accepts every renderer can use. Each returns why the file
is unusable, or ``None``.
"""
from __future__ import annotations

import functools
import io
import os
import zipfile
from dataclasses import dataclass
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


MAX_TEMPLATE_BYTES = 50 * MB  # the file on disk
MAX_TEMPLATE_UNPACKED = 200 * MB  # all its parts, decompressed
MAX_TEMPLATE_PARTS = 10_000
_CHUNK = 1 * MB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: encrypted, or .ppt
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class TemplateError(ValueError):
    """Why a deck template cannot be used (a message fit for the user)."""


@dataclass(frozen=True)
class Template:
    """A deck template as decks use it: ``data``, a .pptx package python-pptx
    opens, and ``removed``, what was taken out of it (``PART: what``)."""

    data: bytes
    removed: tuple[str, ...]


def read_template(path: Path) -> bytes:
    """The PowerPoint template at ``path`` as a .pptx package python-pptx
    opens: every part decompressed and CRC-checked within bounds (a zip bomb
    or a corrupt part is refused, never half-read), cleaned of macros,
    ActiveX controls, OLE objects and external links
    (:mod:`.sanitise`), and a template (.potx) given a presentation's
    content type. Raises :class:`TemplateError`."""
    return open_template(path).data


def template_warnings(path: Path) -> list[str]:
    """What :func:`read_template` removes from the template at ``path``, one
    line each (``FILE: PART: what ... removed``), as `check`, `deck` and
    `build` print it; none for a template that cannot be read (its problem
    is reported where the brand is checked)."""
    try:
        removed = open_template(path).removed
    except TemplateError:
        return []
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    return [f"{shown}: {line}" for line in removed]


def open_template(path: Path) -> Template:
    """:func:`read_template`'s package, and what was removed from it. Made
    once per file version in a process (`check` and `deck` ask twice)."""
    try:
        stat = Path(path).stat()
    except OSError:
        stat = None
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino) if stat else None
    return _open_template(Path(path), key)


@functools.lru_cache(maxsize=1)
def _open_template(path: Path, _key) -> Template:
    try:
        data = read_bytes(path, "deck template", MAX_TEMPLATE_BYTES)
    except InvalidInput as exc:
        raise TemplateError(exc.problems[0].message) from None
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data:
            raise TemplateError("deck template is password-protected; save it without a "
                                "password (File > Info > Protect Presentation in PowerPoint)")
        raise TemplateError("deck template is an old PowerPoint 97-2003 file (.ppt or .pot); "
                            "save it as a PowerPoint template (.potx) or presentation (.pptx)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError("deck template is not a .pptx file")
    from .sanitise import Refused, sanitise  # lxml: not for a worker that never reads one

    parts = _unpack(data)
    try:
        parts, removed = sanitise(parts)
    except Refused as exc:
        raise TemplateError(f"deck template: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - bad XML in a part: a damaged file
        raise TemplateError(f"deck template is damaged ({exc})") from None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for name, part in parts.items():
            zout.writestr(name, part)
    return Template(out.getvalue(), tuple(removed))


def _unpack(data: bytes) -> dict[str, bytes]:
    """Every part of the zip ``data``, by name, decompressed within bounds."""
    parts: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            infos = zin.infolist()
            if len(infos) > MAX_TEMPLATE_PARTS:
                raise TemplateError(f"deck template has {len(infos):,} parts; too many")
            names = {i.filename for i in infos}
            if "ppt/presentation.xml" not in names or "[Content_Types].xml" not in names:
                raise TemplateError("deck template is not a PowerPoint .pptx or .potx file")
            for info in infos:
                if total + info.file_size > MAX_TEMPLATE_UNPACKED:
                    raise TemplateError(_too_big())
                chunks = []
                with zin.open(info) as member:  # the CRC is checked at its end
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_TEMPLATE_UNPACKED:
                            raise TemplateError(_too_big())
                        chunks.append(chunk)
                parts[info.filename] = b"".join(chunks)
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - zlib.error, BadZipFile: a damaged file
        raise TemplateError(f"deck template is damaged ({exc})") from None
    return parts


def _too_big() -> str:
    return (f"deck template unpacks to over {MAX_TEMPLATE_UNPACKED // MB} MB; "
            "is it a zip bomb, or a template full of media?")


def check_template(path: Path) -> str | None:
    """Why ``path`` is not a usable PowerPoint template, or ``None``: it is
    read as :func:`read_template` reads it, then opened with python-pptx,
    which must find a slide layout with a title."""
    try:
        data = read_template(path)
        from pptx import Presentation

        prs = Presentation(io.BytesIO(data))
        if not any(ph.placeholder_format.type in (1, 3)  # title, centre title
                   for layout in prs.slide_layouts for ph in layout.placeholders):
            raise TemplateError("deck template has no slide layout with a title placeholder")
    except TemplateError as exc:
        return f"{exc}: {path}"
    except Exception as exc:  # noqa: BLE001 - python-pptx refusing the package
        return f"deck template cannot be opened ({exc}): {path}"
    return None


def check_clinic_file(path: Path) -> str | None:
    """Why ``path`` cannot be the clinic's own file, or ``None``: it must be a
    readable file (what it says is checked when it is loaded)."""
    try:
        read_bytes(path, "clinic")
    except InvalidInput as exc:
        return f"{exc.problems[0].message}: {path}"
    return None
