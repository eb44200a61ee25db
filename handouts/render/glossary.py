"""Medical words explained in plain words where a reader first meets them.

The content's ``glossary`` says what each word means. An :class:`Explainer`
reads a document's text in reading order and, at the first use of each word,
adds its meaning in brackets: "a dissociative anesthetic (a medicine ...)".
Where the text already explains the word itself, by a bracket or a colon
right after it ("infusion (slowly, through a vein)", "the central nervous
system: the brain and spinal cord"), nothing is added, and the word counts as
explained.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..inputs.model import Term

_EXPLAINED_ALREADY = re.compile(r"\s*[(:]")


class Explainer:
    """Explains each term of ``terms`` once per document. Stateful: make one
    per document and pass it the document's text in reading order. A word
    given twice (in the edition's glossary and the clinic's) keeps its first
    meaning."""

    def __init__(self, terms: Iterable[Term]):
        self.meaning: dict[str, tuple[str, str]] = {}  # spelling (lower) -> (term, meaning)
        for t in terms:
            for spelling in t.spellings:
                self.meaning.setdefault(spelling.lower(), (t.term, t.means))
        # Longest first, so "dissociative anesthetic" wins over "anesthetic".
        spellings = sorted(self.meaning, key=len, reverse=True)
        self._pattern = (re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, spellings))
                                    + r")(?![\w-])", re.IGNORECASE) if spellings else None)
        self.explained: set[str] = set()

    def explain(self, text: str) -> str:
        """``text`` with the meaning of each term not yet explained added in
        brackets after its first use. Text without terms comes back as is."""
        if self._pattern is None:
            return text
        out: list[str] = []
        last = 0
        for spelling, end, explains_itself in _uses(self._pattern, text):
            term, means = self.meaning[spelling]
            if term in self.explained:
                continue
            self.explained.add(term)
            if explains_itself:
                continue
            out += [text[last:end], f" ({means})"]
            last = end
        return "".join(out) + text[last:] if out else text


@functools.lru_cache(maxsize=4096)
def _uses(pattern: re.Pattern, text: str) -> tuple[tuple[str, int, bool], ...]:
    """Each use of a glossary word in ``text``: its spelling (lower case),
    where it ends, and whether the text explains it right there. Remembered:
    every handout of a build, for every site, reads the same texts."""
    return tuple((m.group(1).lower(), m.end(), bool(_EXPLAINED_ALREADY.match(text, m.end())))
                 for m in pattern.finditer(text))

