"""Fonts embedded in a deck as PowerPoint embeds them: each face in Embedded
OpenType (EOT) form, a ``/ppt/fonts/fontN.fntdata`` part listed under
``p:embeddedFontLst`` in ``presentation.xml``.

EOT here is the font's own TrueType bytes behind a header (version 2.1, no
compression, no obfuscation) whose fields come from the font's OS/2, head
and name tables, read with ReportLab's TrueType parser. A face whose licence
forbids embedding (OS/2 ``fsType``: restricted, or bitmap only) is left out.
"""
from __future__ import annotations

import functools
import struct
from pathlib import Path

EOT_VERSION = 0x00020001
MAGIC = 0x504C
RESTRICTED, BITMAP_ONLY = 0x0002, 0x0200  # fsType bits that forbid embedding an outline


def fs_type(path: Path) -> int:
    """The font's OS/2 ``fsType``: its embedding licence bits."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    return struct.unpack(">H", TTFontFile(str(path)).get_table("OS/2")[8:10])[0]


def embeddable(path: Path) -> bool:
    """Whether the font's licence lets a document carry it (installable,
    editable or preview-and-print embedding)."""
    return not fs_type(path) & (RESTRICTED | BITMAP_ONLY)


def _utf16(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<H", len(data)) + data


@functools.lru_cache(maxsize=16)
def eot(path: Path) -> bytes:
    """The TrueType font at ``path`` as Embedded OpenType bytes."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    font = TTFontFile(str(path))
    data = Path(path).read_bytes()
    os2, head = font.get_table("OS/2"), font.get_table("head")
    weight, fstype = struct.unpack(">H2xH", os2[4:10])
    panose = os2[32:42]
    unicode_ranges = struct.unpack(">4L", os2[42:58])
    selection = struct.unpack(">H", os2[62:64])[0]
    code_pages = struct.unpack(">2L", os2[78:86]) if len(os2) >= 86 else (0, 0)
    checksum_adjustment = struct.unpack(">L", head[8:12])[0]
    names = [font.familyName.decode(), font.styleName.decode(),
             "Version {:.3f}".format(font.fontRevision[0] + font.fontRevision[1] / 65536),
             font.fullName.decode()]
    body = (panose + struct.pack("<BBLHH", 1, selection & 1, weight, fstype, MAGIC)
            + struct.pack("<4L", *unicode_ranges) + struct.pack("<2L", *code_pages)
            + struct.pack("<L", checksum_adjustment) + bytes(16))
    strings = b"".join(struct.pack("<H", 0) + _utf16(n) for n in names)
    strings += struct.pack("<HH", 0, 0)  # padding, and an empty root string (no URL limit)
    header_size = 16 + len(body) + len(strings)
    return (struct.pack("<4L", header_size + len(data), len(data), EOT_VERSION, 0) + body
            + strings + data)


def unwrap(eot_bytes: bytes) -> bytes:
    """The TrueType bytes inside EOT bytes (the inverse of :func:`eot`)."""
    total, size = struct.unpack("<2L", eot_bytes[:8])
    if total != len(eot_bytes):
        raise ValueError("EOT size field does not match the data")
    return eot_bytes[total - size:]
