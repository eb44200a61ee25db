"""Which language a source citation is in: sources are cited as
published, so a Spanish handout lists English titles; a screen reader must
read those in English (``/Lang`` on the PDF's structure element, ``lang``
on the web page's paragraph)."""
from __future__ import annotations

import re

from ..inputs.values import primary_language

# Small words that mark running English or Spanish (a citation is mostly
# names and title words; these decide). What brackets hold is left out: a
# Spanish note such as "(En inglés.)" or a drug's name.
_ENGLISH = frozenset("the and of for with on about to in from how what are is by".split())
_SPANISH = frozenset("el la los las del y de para con por sobre una un cómo qué es en".split())
_BRACKETED = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[^\W\d_]+")


def citation_language(text: str, page_language: str) -> str | None:
    """``"en"`` when ``text`` reads as English on a page in another
    language, else ``None`` (the page's own)."""
    if primary_language(page_language) == "en":
        return None
    words = [w.lower() for w in _WORD.findall(_BRACKETED.sub(" ", text))]
    english = sum(w in _ENGLISH for w in words)
    return "en" if english > sum(w in _SPANISH for w in words) else None


def places(uses: tuple[str, ...], boxed: bool) -> str:
    """"Used in: ..." for a source: the parts of a handout it backs (from
    :meth:`.ClinicInfo.source_uses`), named as the handout heads them. With
    ``boxed`` (a condition's handout: the clinic's sections in two boxes,
    risks and what to do), a section is named by its box, which keeps the
    list short enough for large print; else (the booklet's one box) by its
    own heading."""
    from .order import RISK_SLOTS
    from .wording import say

    names: dict[str, None] = {}
    for use in uses:
        if use in ("evidence", "summary"):
            key = "clinic.use.evidence" if use == "evidence" else "handout.glance"
        elif boxed:
            key = "clinic.use.risks" if use in RISK_SLOTS else "clinic.use.actions"
        else:
            key = f"clinic.{use}"
        names[say(key)] = None
    return say("clinic.uses", places="; ".join(names))
