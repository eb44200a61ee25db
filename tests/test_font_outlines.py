"""A font that maps a letter to an empty or damaged outline prints a gap
where the letter should be ("despu s de una lesi n"). `check` reads the
outline of every letter the text prints in the brand's fonts and refuses
such a font with its place, the letter, and where the letter is used."""
from __future__ import annotations

import re
import struct
from pathlib import Path

from handouts.inputs.outlines import _Font
from handouts.paths import atkinson
from test_hostile_input import refused, run_cli, set_in_brand


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    (count,) = struct.unpack_from(">H", data, 4)
    return {tag: (offset, length) for tag, _, offset, length in
            (struct.unpack_from(">4sIII", data, 12 + 16 * i) for i in range(count))}


def damaged_font(folder: Path, letter: str, how: str) -> Path:
    """A copy of the bundled regular font whose glyph for ``letter`` is
    emptied (its ``loca`` entry made zero-length, as a broken conversion
    leaves it) or corrupted (its contour count overwritten)."""
    data = bytearray(atkinson("regular").read_bytes())
    gid = _Font(atkinson("regular")).char_to_glyph[ord(letter)]
    tables = _tables(bytes(data))
    long_offsets = struct.unpack_from(">h", data, tables[b"head"][0] + 50)[0]
    loca = tables[b"loca"][0]
    fmt, size = (">I", 4) if long_offsets else (">H", 2)
    start = struct.unpack_from(fmt, data, loca + size * gid)[0]
    end = struct.unpack_from(fmt, data, loca + size * (gid + 1))[0]
    assert end > start  # the bundled font draws it
    if how == "emptied":
        struct.pack_into(fmt, data, loca + size * gid, end)  # the glyph before grows
    else:
        glyph = tables[b"glyf"][0] + start * (1 if long_offsets else 2)
        struct.pack_into(">h", data, glyph, 30000)  # 30,000 contours in a few bytes
    path = folder / f"{how}-{ord(letter):04X}.ttf"
    path.write_bytes(bytes(data))
    return path


def with_font(brand_dir: Path, font: Path, style: str = "regular") -> Path:
    (brand_dir.parent / font.name).write_bytes(font.read_bytes())
    return set_in_brand(brand_dir, f"fonts:\n  {style}: {font.name}\n")


def test_a_font_with_an_emptied_glyph_is_refused_where_the_letter_is_used(brand_dir, tmp_path):
    font = damaged_font(tmp_path, "é", "emptied")
    brand = with_font(brand_dir, font)
    proc = run_cli("check", "--lang", "es", "--brand", brand)
    refused(proc, f'fonts.regular: font {font.name} has no drawable outline for "é" (U+00E9), '
                  "used in ketamine-pain.es.yaml:")
    assert re.search(r"brand\.yaml:\d+: fonts\.regular: font ", proc.out), proc.out


def test_a_corrupted_glyph_and_a_damaged_bold_face_are_refused(brand_dir, tmp_path):
    font = damaged_font(tmp_path, "e", "corrupted")
    brand = with_font(brand_dir, font, "bold")
    set_in_brand(brand, f"fonts:\n  regular: {font.name}\n  bold: {font.name}\n")
    proc = run_cli("check", "--brand", brand)
    for style in ("regular", "bold"):
        refused(proc, f'fonts.{style}: font {font.name} has no drawable outline for "e" '
                      "(U+0065), used in ")


def test_the_bundled_fonts_and_a_letter_the_text_never_uses_pass(brand_dir, tmp_path):
    for style in ("regular", "bold", "italic", "bold_italic"):
        font = _Font(atkinson(style))
        assert all(font.drawable(g) for c, g in font.char_to_glyph.items()
                   if chr(c) not in " \xa0\r")
    font = damaged_font(tmp_path, "Ω", "emptied")  # no text here uses an omega
    proc = run_cli("check", "--brand", with_font(brand_dir, font))
    assert "no drawable outline" not in proc.out
