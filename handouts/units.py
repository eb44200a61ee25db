"""Lengths that check themselves: ``Length("0.75in")`` is 54.0 points."""
from __future__ import annotations

import re
from typing import Any

from pydantic_core import core_schema

POINTS_PER = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|in|mm|cm)\s*$")


class Length(float):
    """A length in PDF points (1/72 in), written with a unit: ``12pt``,
    ``0.75in``, ``18mm``, ``1.5cm``. A bare number is refused: units are
    never guessed. Negative lengths are refused."""

    def __new__(cls, value: Any) -> "Length":
        if isinstance(value, Length):
            return value
        m = _LENGTH.match(value) if isinstance(value, str) else None
        if not m:
            raise ValueError(f"'{value}' is not a length; write a number and a unit "
                             "(pt, in, mm or cm), e.g. 0.75in")
        points = float(m.group(1)) * POINTS_PER[m.group(2)]
        if points < 0:
            raise ValueError(f"'{value}' is negative")
        return super().__new__(cls, points)

    @property
    def emu(self) -> int:
        """English Metric Units, as python-pptx wants them (12700 per point)."""
        return int(round(self * 12700))

    @classmethod
    def __get_pydantic_core_schema__(cls, _source, _handler):
        return core_schema.no_info_plain_validator_function(cls)
