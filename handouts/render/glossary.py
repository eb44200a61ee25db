"""Medical words explained in plain words where a reader first meets them.

The content's ``glossary`` says what each word means. An :class:`Explainer`
reads a document's text in reading order and, at the first use of each word,
adds its meaning in brackets: "a dissociative anesthetic (a medicine ...)".
The meaning follows the whole phrase the word sits in when the glossary names
that phrase ("pelvic floor problems (...)", never "pelvic floor (...)
problems"). Where the text already explains the word itself, by a bracket or
a colon right after it ("infusion (slowly, through a vein)", "the central
nervous system: the brain and spinal cord"), nothing is added, and the word
counts as explained.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..inputs.model import Term

_EXPLAINED_ALREADY = re.compile(r"\s*[(:]")


def _alternatives(words: Iterable[str]) -> re.Pattern | None:
    """Any of ``words`` as whole words, longest first, ignoring case."""
    words = sorted(words, key=len, reverse=True)
    return (re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])",
                       re.IGNORECASE) if words else None)


class Explainer:
    """Explains each term of ``terms`` once per document. Stateful: make one
    per document and pass it the document's text in reading order. A word
    given twice (in the edition's glossary and the clinic's) keeps its first
    meaning."""

    def __init__(self, terms: Iterable[Term]):
        self.meaning: dict[str, tuple[str, str]] = {}  # spelling (lower) -> (term, meaning)
        phrases: dict[str, str] = {}  # phrase (lower) -> its term
        for t in terms:
            for spelling in t.spellings:
                self.meaning.setdefault(spelling.lower(), (t.term, t.means))
            for phrase in t.phrases:
                phrases.setdefault(phrase.lower(), t.term)
        # Longest first, so "dissociative anesthetic" wins over "anesthetic".
        self._pattern = _alternatives(self.meaning)
        self._phrases = _alternatives(phrases)
        self.explained: set[str] = set()

    def explain(self, text: str, max_words: int | None = None) -> str:
        """``text`` with the meaning of each term not yet explained added in
        brackets after its first use (after the whole phrase, where the
        glossary names one). Text without terms comes back as is; so does a
        text that would grow past ``max_words`` words, its terms left for a
        later text to explain."""
        if self._pattern is None:
            return text
        out: list[str] = []
        last = 0
        explained = set(self.explained)
        for spelling, end, explains_itself in _uses(self._pattern, self._phrases, text):
            term, means = self.meaning[spelling]
            if term in explained:
                continue
            explained.add(term)
            if explains_itself:
                continue
            out += [text[last:end], f" ({means})"]
            last = end
        result = "".join(out) + text[last:] if out else text
        if max_words is not None and len(result.split()) > max_words:
            # Only the words explained right there count as explained.
            self.explained |= {self.meaning[sp][0] for sp, _, itself in
                               _uses(self._pattern, self._phrases, text) if itself}
            return text
        self.explained = explained
        return result


    def first_uses(self, text: str) -> list[tuple[str, str]]:
        """(term, meaning) of each term ``text`` uses that is not yet
        explained, in order, now counted as explained (a speaker's notes
        explain them; ``text`` itself is left as it is). A term the text
        explains itself is counted and not listed."""
        found: list[tuple[str, str]] = []
        if self._pattern is None:
            return found
        for spelling, _end, explains_itself in _uses(self._pattern, self._phrases, text):
            term, means = self.meaning[spelling]
            if term not in self.explained:
                self.explained.add(term)
                if not explains_itself:
                    found.append((term, means))
        return found


@functools.lru_cache(maxsize=4096)
def _uses(pattern: re.Pattern, phrases: re.Pattern | None,
          text: str) -> tuple[tuple[str, int, bool], ...]:
    """Each use of a glossary word in ``text``: its spelling (lower case),
    where its meaning would go (the end of the word, or of the whole phrase
    it sits in), and whether the text explains it right there. Remembered:
    every handout of a build, for every site, reads the same texts."""
    spans = [(m.start(), m.end()) for m in phrases.finditer(text)] if phrases else []
    out = []
    for m in pattern.finditer(text):
        end = next((e for s, e in spans if s <= m.start() and m.end() <= e), m.end())
        out.append((m.group(1).lower(), end, bool(_EXPLAINED_ALREADY.match(text, end))))
    return tuple(out)
