"""Small typesetting rules a print shop expects: titles broken between
phrases with balanced lines, and numbers kept with what they belong to."""
from __future__ import annotations

import functools
import re

from reportlab.pdfbase import pdfmetrics

from .wording import words
_SPACE_BEFORE_DIGIT = re.compile(r"(?<=\S) (?=\d)")


# A number and the word after it ("12 weeks", "24 hours", "4 de"), and a
# date written the Spanish way ("4 de diciembre de 2027"), in any language.
# A number is a word of digits (not "word96", not "COVID-19"), maybe after
# an opening bracket, with its separators: "12", "2,500", "(24".
_NUMBER_THEN_WORD = re.compile(r"(?<![^\s(\u00a0])(\d[\d.,]*) (?=[^\W\d_])")
_DAY_MONTH_YEAR = re.compile(r"\b\d{1,2} de [^\W\d_]+ de \d{4}\b")
# An abbreviation written in parts, each of capitals and a full stop: the
# Spanish "EE. UU." (the U.S.) or "U. S." is one name, never split at a line's end.
_ABBREVIATION_PARTS = re.compile(r"(?<![^\s(\u00a0])([A-ZÁÉÍÓÚÜÑ]{1,3}\.) (?=[A-ZÁÉÍÓÚÜÑ]{1,3}\.)")
# The space before a text's last word (of up to TIED_WORD letters, with its
# punctuation), in a text of three words or more: the last line never holds
# one word alone ("problems.", "medicines."), nor the end of one hyphenated
# ("secunda- / rios."; tied words are never hyphenated).
TIED_WORD = 16
_SHORT_LAST_WORD = re.compile(rf"(?<=\S\s\S)(\S*) (?=[\"'(¿¡«“‘]*[^\W\d_]{{1,{TIED_WORD}}}"
                              rf"[^\w\s]*\s*$)")


def tie(text: str, last_word: bool = True) -> str:
    """``text`` with no-break spaces where a line must not break: before a
    number (:func:`keep_numbers_together`: "about 12", "December 4, 2027"),
    between a number and its unit ("12 weeks", "24 horas"), inside a date
    ("4 de diciembre de 2027"), inside an abbreviation written in parts
    ("EE. UU."), and before the last word, so that it never
    stands alone on the last line ("other / medicines." rather than
    "medicines." alone; not with ``last_word`` off, as on a web page, where
    CSS keeps it and a tied pair wider than a phone's screen would break
    inside a word)."""
    if last_word:
        text = _SHORT_LAST_WORD.sub("\\1\u00a0", text, count=1)
    if ". " in text:
        text = _ABBREVIATION_PARTS.sub("\\1\u00a0", text)
    if not any(c.isdigit() for c in text):
        return text
    text = _DAY_MONTH_YEAR.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return _NUMBER_THEN_WORD.sub("\\1\u00a0", keep_numbers_together(text))


def keep_phrases(text: str, most: int = 6) -> str:
    """``text`` (phrases joined by " · ", as a footer's status line) with
    each phrase of at most ``most`` words made one unbreakable piece: "Next
    review" stays with its date, the line breaks only between phrases."""
    return " · ".join(phrase.replace(" ", "\u00a0") if len(phrase.split(" ")) <= most
                      else phrase for phrase in text.split(" · "))


def keep_numbers_together(text: str) -> str:
    """``text`` with each space before a digit made non-breaking, so "ST
    00000", "Suite 300" and "(555) 010-0199" never break at that space."""
    return _SPACE_BEFORE_DIGIT.sub("\u00a0", text)


def _break_cost(first: list[str], second: list[str], font: str, size: float,
                phrase_starts: frozenset[str]) -> float:
    """How bad breaking between ``first`` and ``second`` looks: unbalanced
    lines cost their difference in width; a lone word on the second line,
    or a break inside a phrase (one begins with a word of
    ``phrase_starts``), costs more."""
    w1 = pdfmetrics.stringWidth(" ".join(first), font, size)
    w2 = pdfmetrics.stringWidth(" ".join(second), font, size)
    cost = abs(w1 - w2)
    if len(second) == 1:
        cost += 10 * size
    head = second[0]
    if not (head.startswith("(") or head.lower() in phrase_starts
            or first[-1].endswith((",", ":"))):
        cost += 2 * size
    if first[-1].lower() in phrase_starts:  # "Pain After Surgery and / ..."
        cost += 4 * size
    return cost


def title_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` as the lines a title should have in ``width`` points at
    ``size`` points of ``font``: one line if it fits; else the two-line
    break, between words, that fits and looks best (see
    :func:`_break_cost`); else ``[text]``, left for the paragraph to wrap.
    Phrases begin as the language spoken now says (``typeset.phrase_starts``)."""
    return list(_title_lines(text, font, size, width, words("typeset.phrase_starts")))


@functools.lru_cache(maxsize=1024)
def _title_lines(text: str, font: str, size: float, width: float,
                 phrase_starts: frozenset[str]) -> tuple[str, ...]:
    # Remembered: every site's handouts set the same titles.
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return (text,)
    words = text.split()
    options = []
    for i in range(1, len(words)):
        first, second = words[:i], words[i:]
        if max(pdfmetrics.stringWidth(" ".join(part), font, size)
               for part in (first, second)) <= width:
            options.append((_break_cost(first, second, font, size, phrase_starts), i))
    if not options:
        return (text,)
    _, i = min(options)
    return (" ".join(words[:i]), " ".join(words[i:]))
