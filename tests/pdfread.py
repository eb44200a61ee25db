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


@dataclass
class Shown:
    """One text-showing operator as drawn on the page, wherever it was drawn
    from (the page's content stream or a form it shows): its text, where
    its baseline starts and ends (points, page coordinates: the end point
    is after the last glyph's advance, from the font's /Widths), and its
    size (the font size times the vertical scale of the text and graphics
    matrices, so a rotated or scaled run reads at its printed size)."""

    page: int
    text: str
    start: tuple[float, float]
    end: tuple[float, float]
    size: float
    font: str

    @property
    def length(self) -> float:
        return ((self.end[0] - self.start[0]) ** 2 + (self.end[1] - self.start[1]) ** 2) ** 0.5


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m, n):
    """The matrix ``m`` then ``n`` (PDF's row-vector convention: m x n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return (x * a + y * c + e, x * b + y * d + f)


def _to_unicode(font) -> dict[int, str]:
    """A simple font's codes -> text, from its /ToUnicode CMap (bfchar and
    bfrange entries, as ReportLab writes them)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    src = cmap.get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}

    def text(hexes: str) -> str:
        raw = bytes.fromhex(hexes)
        return raw.decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", src, re.DOTALL):
        for code, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", src, re.DOTALL):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            first = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(first + i)
    return out


def _raw(operand) -> bytes:
    if isinstance(operand, bytes):
        return bytes(operand)
    getter = getattr(operand, "get_original_bytes", None)
    return getter() if getter else str(operand).encode("latin-1")


def shown_text(data: bytes) -> list[Shown]:
    """Every text-showing operator (``Tj``, ``TJ``, ``'``, ``"``) of every
    page, following the graphics state (``q``/``Q``, ``cm``) and the text
    state into the forms a page shows (``Do``). Simple (one-byte) fonts
    only, as ReportLab writes them."""
    from pypdf.generic import ContentStream

    pdf = reader(data)
    out: list[Shown] = []

    def run(number: int, ops, resources, ctm) -> None:
        fonts = (resources.get("/Font") or {}) if resources else {}
        xobjects = (resources.get("/XObject") or {}) if resources else {}
        stack = []
        tm = tlm = _IDENTITY
        font, size, leading, tc, tw, th, rise = None, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0
        cache: dict[str, tuple] = {}

        def show(raw: bytes, adjust=()) -> None:
            nonlocal tm
            name = str(font)
            if name not in cache:
                f = fonts[name].get_object()
                widths = [float(w) for w in f.get("/Widths", [])]
                cache[name] = (int(f.get("/FirstChar", 0)), widths, _to_unicode(f),
                               str(f.get("/BaseFont", "")))
            first, widths, uni, base = cache[name]
            m = _mul(tm, ctm)
            start = _apply(_mul((1, 0, 0, 1, 0, rise), m), 0, 0)
            advance = 0.0
            text = []
            for code in raw:
                w = widths[code - first] if 0 <= code - first < len(widths) else 0.0
                advance += (w / 1000 * size + tc + (tw if code == 32 else 0.0)) * th
                text.append(uni.get(code, chr(code)))
            for kern in adjust:
                advance -= kern / 1000 * size * th
            end = _apply(_mul((1, 0, 0, 1, 0, rise), m), advance, 0)
            scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
            out.append(Shown(number, "".join(text), start, end, size * scale, base))
            tm = _mul((1, 0, 0, 1, advance, 0), tm)

        def next_line(tx=0.0, ty=None):
            nonlocal tm, tlm
            tlm = _mul((1, 0, 0, 1, tx, -leading if ty is None else ty), tlm)
            tm = tlm

        for operands, op in ops:
            op = op.decode("latin-1") if isinstance(op, bytes) else op
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop()
            elif op == "cm":
                ctm = _mul(tuple(float(v) for v in operands), ctm)
            elif op == "BT":
                tm = tlm = _IDENTITY
            elif op == "Tm":
                tm = tlm = tuple(float(v) for v in operands)
            elif op == "Td":
                next_line(float(operands[0]), float(operands[1]))
            elif op == "TD":
                leading = -float(operands[1])
                next_line(float(operands[0]), float(operands[1]))
            elif op == "T*":
                next_line()
            elif op == "TL":
                leading = float(operands[0])
            elif op == "Tf":
                font, size = operands[0], float(operands[1])
            elif op == "Tc":
                tc = float(operands[0])
            elif op == "Tw":
                tw = float(operands[0])
            elif op == "Tz":
                th = float(operands[0]) / 100
            elif op == "Ts":
                rise = float(operands[0])
            elif op == "Tj":
                show(_raw(operands[0]))
            elif op == "'":
                next_line()
                show(_raw(operands[0]))
            elif op == '"':
                tw, tc = float(operands[0]), float(operands[1])
                next_line()
                show(_raw(operands[2]))
            elif op == "TJ":
                for part in operands[0]:
                    if isinstance(part, (int, float)) or hasattr(part, "as_numeric"):
                        tm = _mul((1, 0, 0, 1, -float(part) / 1000 * size * th, 0), tm)
                    else:
                        show(_raw(part))
            elif op == "Do":
                xobj = xobjects[str(operands[0])].get_object()
                if xobj.get("/Subtype") == "/Form":
                    matrix = tuple(float(v) for v in xobj.get("/Matrix", _IDENTITY))
                    run(number, ContentStream(xobj, pdf).operations,
                        xobj.get("/Resources") or resources, _mul(matrix, ctm))

    for number, page in enumerate(pdf.pages, start=1):
        contents = page.get_contents()
        if contents is not None:
            run(number, contents.operations, page.get("/Resources"), _IDENTITY)
    return out
