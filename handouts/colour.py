"""Colours that check themselves, and WCAG contrast."""
from __future__ import annotations

import re
from typing import Any

from pydantic_core import core_schema

_HEX = re.compile(r"^#([0-9A-Fa-f]{6})$")


class Colour(str):
    """An sRGB colour written ``#RRGGBB``; construction refuses anything else.

    It is a ``str`` (its canonical upper-case hex form) so it prints and
    serialises as what the user wrote.
    """

    def __new__(cls, value: Any) -> "Colour":
        if not isinstance(value, str) or not _HEX.match(value.strip()):
            raise ValueError(f"'{value}' is not a colour; write it as #RRGGBB, e.g. #1B4F72")
        return super().__new__(cls, value.strip().upper())

    @property
    def rgb(self) -> tuple[int, int, int]:
        """Red, green and blue, each 0 to 255."""
        return int(self[1:3], 16), int(self[3:5], 16), int(self[5:7], 16)

    @property
    def hex(self) -> str:
        """``RRGGBB`` without the '#', as python-pptx's ``RGBColor.from_string`` wants."""
        return self[1:]

    @property
    def luminance(self) -> float:
        """WCAG 2.x relative luminance, 0.0 (black) to 1.0 (white)."""

        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in self.rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    @classmethod
    def __get_pydantic_core_schema__(cls, _source, _handler):
        return core_schema.no_info_plain_validator_function(cls)


def contrast_ratio(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio between two colours, from 1.0 to 21.0."""
    hi, lo = sorted((a.luminance, b.luminance), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
