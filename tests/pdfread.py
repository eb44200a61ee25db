"""Reading PDFs back for tests (pypdf)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass
class Run:
    page: int
    text: str
    size: float
    font: str


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    """All text, with whitespace runs collapsed to one space."""
    r = reader(data)
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in r.pages))


def runs(data: bytes) -> list[Run]:
    """Every text run with its effective font size in points."""
    out: list[Run] = []
    for number, page in enumerate(reader(data).pages, start=1):
        def visit(text, cm, tm, font_dict, font_size, number=number):
            if text.strip():
                scale = abs(tm[3] * cm[3]) or 1
                name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
                out.append(Run(number, text, round(font_size * scale, 2), name))
        page.extract_text(visitor_text=visit)
    return out


def fonts(data: bytes) -> dict[str, bool]:
    """Each font's base name -> whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in reader(data).pages:
        res = page.get("/Resources") or {}
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found[str(font["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


@dataclass
class Placed:
    page: int
    text: str
    x: float
    y: float  # baseline, points from the bottom of the page
    size: float


def placed_runs(data: bytes) -> list[Placed]:
    """Every text run with its position on the page."""
    out: list[Placed] = []
    for number, page in enumerate(reader(data).pages, start=1):
        def visit(text, cm, tm, font_dict, font_size, number=number):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = abs(tm[3] * cm[3]) or 1
                out.append(Placed(number, text.strip(), x, y, font_size * scale))
        page.extract_text(visitor_text=visit)
    return out


def horizontal_rules(data: bytes, page: int) -> list[float]:
    """The heights of horizontal lines drawn in absolute page coordinates on
    ``page`` (1-based): ``x y m x2 y l S`` in the page's content stream."""
    stream = reader(data).pages[page - 1].get_contents().get_data().decode("latin-1")
    return [float(y) for _, y in re.findall(r"n ([\d.]+) ([\d.]+) m [\d.]+ \2 l S", stream)]


def _bare_words(text: str) -> list[str]:
    import re

    return re.findall(r"[\w'’-]+", text.lower())


def printed_in_order(piece: str, text: str) -> bool:
    """Whether every word of ``piece`` is in ``text`` in the same order
    (punctuation aside), though other words may come between: an
    explanation in brackets, or a footer and header at a page break."""
    it = iter(_bare_words(text))
    return all(w in it for w in _bare_words(piece))
