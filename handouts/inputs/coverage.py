"""Whether the brand's fonts can draw every letter the content and brand
hold, checked where they are read, so `check` refuses what the PDF renderer
would stop on. Letters the main font lacks may come from a fallback font,
glyph by glyph, as the renderer sets them."""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import Any, Iterator

from ..errors import Problem
from .values import as_typed, typographic
from .yamlfile import LocatedYaml, Loc

_DRAWS_NOTHING = ("Cc", "Cf", "Zs", "Zl", "Zp")  # controls, format marks, spaces


@functools.lru_cache(maxsize=None)
def _characters(path: Path) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(TTFontFile(str(path)).charToGlyph)


def drawable(brand) -> frozenset[int]:
    """Every code point the brand's regular font or one of its fallbacks has."""
    out = _characters(brand.font_file("regular"))
    for path in brand.fallback_fonts:
        out = out | _characters(path)
    return out


def missing(text: str, chars: frozenset[int]) -> list[str]:
    """The letters of ``text`` no font in ``chars`` can draw, each once."""
    if text.isascii():
        return []
    return list(dict.fromkeys(ch for ch in text if ord(ch) not in chars
                              and unicodedata.category(ch) not in _DRAWS_NOTHING))


def describe(letters: list[str]) -> str:
    shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in letters[:8])
    more = f" and {len(letters) - 8} more" if len(letters) > 8 else ""
    return (f"no font can draw {shown}{more}; name a font that has them under "
            "fonts.fallback in the brand file")


def strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, loc + (i,))


# Keys whose values are never printed: paths, colours, slugs, settings.
_NOT_PRINTED = {"logo", "deck_template", "fonts", "colors", "paper", "slug", "aliases",
                "language", "edition", "reviewed_on", "next_review", "qr_url", "web_base_url", "source",
                "clinic_info", "review"}
# ... except these, printed wherever they sit: the approver's name is in every
# approved page's footer.
_PRINTED = {"approved_by"}


def printed(doc: LocatedYaml) -> list[tuple[Loc, str]]:
    """Every text in ``doc`` that is printed, by key path, as the model will
    hold it (typographic quotes and dashes)."""
    out = []
    for loc, text in strings(doc.data):
        if _NOT_PRINTED.intersection(k for k in loc if isinstance(k, str)) \
                and loc[-1] not in _PRINTED:
            continue
        out.append((loc, typographic(as_typed(text))))
    return out


def coverage_problems(docs: list[LocatedYaml], brand) -> list[Problem]:
    """A located problem for each printed text in ``docs`` holding letters
    the brand's fonts cannot draw."""
    chars = None  # read from the fonts only if some text is not ASCII
    problems = []
    for doc in docs:
        for loc, text in printed(doc):
            if text.isascii():
                continue
            chars = chars if chars is not None else drawable(brand)
            if letters := missing(text, chars):
                problems.append(doc.problem(loc, describe(letters)))
    return problems
