"""The content model: one immutable edition of the article.

Both renderers read only these objects. They know nothing of files, paths or
output. Every text field is cleaned plain text (see :mod:`.values`), never
markup: renderers escape it.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from . import limits as L
from .review import Review
from .values import Language, Line, Notes, Plain, Text

MAX_KEY_POINT_WORDS = 11  # "each under 12 words"
# An "At a glance" point with a medical word explained in brackets stays
# within 12 words; a longer one prints without the definition (the word is
# explained at its next use instead).
MAX_GLANCE_WORDS = 12
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words a command line reads as something other than a condition: a condition
# may not take them as its slug or an alias.
RESERVED_NAMES = frozenset({"overview"})


def _check_name(value: str, what: str) -> str:
    if value in RESERVED_NAMES:
        raise ValueError(f"'{value}' is reserved (`handouts handout {value}` means the whole "
                         f"edition); choose another {what}")
    return value


def _check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(f"'{value}' is not a slug (lower-case words joined by '-')")
    return _check_name(value, "slug")


def _check_key_point(value: str) -> str:
    words = len(value.split())
    if words > MAX_KEY_POINT_WORDS:
        raise ValueError(
            f"key point has {words} words; keep it under {MAX_KEY_POINT_WORDS + 1} "
            f"so it fits a slide: '{value[:60]}…'"
        )
    return value


def _check_point_count(points: tuple[str, ...]) -> tuple[str, ...]:
    if points and not 3 <= len(points) <= 5:
        raise ValueError(f"needs 3 to 5 key points (or none yet), found {len(points)}")
    return points


Slug = Annotated[str, AfterValidator(_check_slug)]
Alias = Annotated[Plain, AfterValidator(lambda s: _check_name(s.lower(), "alias"))]
KeyPoint = Annotated[Text, AfterValidator(_check_key_point)]
Paragraph = L.bounded(Text, L.PARAGRAPH, "a paragraph")
Paragraphs = Annotated[tuple[Paragraph, ...], Field(min_length=1, max_length=L.PARAGRAPHS)]
Title = L.bounded(Text, L.TITLE, "a title")
ShortTitle = L.bounded(Text, L.SHORT_TITLE, "a short title (running heads, slides)")
SpeakerNotes = L.bounded(Notes, L.NOTES, "a section's speaker notes")
KeyPoints = Annotated[tuple[KeyPoint, ...], AfterValidator(_check_point_count)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Narrated(Frozen):
    """A section whose presenter's notes are its ``speaker_notes`` if written,
    else its full ``body``."""

    @property
    def notes(self) -> str:
        return self.speaker_notes or "\n\n".join(self.body)


class Meta(Frozen):
    """Where the edition came from and when it must be reviewed again."""

    title: Title
    subtitle: L.bounded(Line, L.SUBTITLE, "a subtitle") = ""
    source: Text
    edition: dt.date
    review: Review = Review()
    language: Language = "en-US"
    # Before `meta.review` (read, reported by `check`, never trusted):
    review_status: Line = ""
    reviewed_on: dt.date | None = None
    next_review: dt.date | None = None

    @property
    def legacy_review(self) -> bool:
        """Whether the file still has the free-text review keys."""
        return bool(self.review_status or self.reviewed_on or self.next_review)


class Introduction(Frozen):
    """What ketamine is and how it works."""

    title: Title = "What is ketamine?"
    what_it_is: Paragraphs
    how_it_works_title: Title = "How ketamine works"
    how_it_works: L.few(Paragraph, L.PARAGRAPHS) = ()
    key_points: KeyPoints = ()
    how_it_works_points: KeyPoints = ()
    # balancing lines, word for word from the edition
    keep_in_mind: L.few(L.bounded(Text, L.KEEP_IN_MIND, "a \"keep in mind\" line"), L.CAUTIONS) = ()
    speaker_notes: SpeakerNotes = ""

    def mechanism(self, short: bool = False) -> tuple[str, ...]:
        """The "how it works" paragraphs (an imported article may have none:
        then the last "what it is" paragraph). ``short`` keeps the first only,
        as a one-sheet handout prints it."""
        paras = self.how_it_works or self.what_it_is[-1:]
        return paras[:1] if short else paras

    @property
    def notes(self) -> str:
        """Presenter's notes for "What is ketamine?": ``speaker_notes`` if
        written, else the full "what it is" prose."""
        return self.speaker_notes or "\n\n".join(self.what_it_is)


class Condition(_Narrated):
    """One condition section of the article.

    ``key_points`` holds 3 to 5 short points once a person has written them;
    an imported article has none yet (``handouts check`` warns).
    """

    slug: Slug
    title: Title
    short_title: ShortTitle
    aliases: tuple[Alias, ...] = ()
    body: Paragraphs
    key_points: KeyPoints = ()
    # the one thing to remember, in the section's own words
    main_message: L.bounded(Line, L.MAIN_MESSAGE, "a main message") = ""
    speaker_notes: SpeakerNotes = ""

    @property
    def glance_points(self) -> tuple[str, ...]:
        """The key points that say something besides the main message."""
        return tuple(p for p in self.key_points if p != self.main_message)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this condition answers to, lower-case: slug first."""
        return (self.slug, *(a.lower() for a in self.aliases))


class Conclusion(_Narrated):
    title: Title = "Is ketamine right for me?"
    body: Paragraphs
    key_points: KeyPoints = ()
    speaker_notes: SpeakerNotes = ""


class FAQEntry(Frozen):
    question: L.bounded(Text, L.QUESTION, "a question")
    answer: L.bounded(Text, L.ANSWER, "an answer")


class Term(Frozen):
    """A word a patient may not know (``term``), explained in plain words
    (``means``) where a handout first uses it. ``forms`` are other spellings
    that count as the same word (a plural, say); ``phrases`` are whole
    phrases it sits in, after which the meaning goes."""

    term: L.bounded(Line, L.TERM, "a term")
    means: L.bounded(Line, L.MEANING, "an explanation")
    forms: tuple[Line, ...] = ()
    # Whole phrases the word sits inside ("pelvic floor problems", "psicosis
    # activa"): where the text uses one, the meaning follows the phrase, so a
    # definition never splits it.
    phrases: tuple[Line, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.forms)

    @model_validator(mode="after")
    def _phrases_hold_the_word(self):
        for i, phrase in enumerate(self.phrases):
            if not any(re.search(r"(?<![\w-])" + re.escape(sp) + r"(?![\w-])", phrase,
                                 re.IGNORECASE) for sp in self.spellings):
                raise ValueError(f"phrases[{i}]: '{phrase}' does not contain "
                                 f"'{self.term}' (or one of its forms)")
        return self


def _unique_terms(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    seen: dict[str, str] = {}
    for t in terms:
        for spelling in t.spellings:
            key = spelling.lower()
            if key in seen:
                raise ValueError(f"'{spelling}' is explained twice (under '{seen[key]}' "
                                 f"and '{t.term}')")
            seen[key] = t.term
    return terms


Glossary = Annotated[tuple[Term, ...], Field(max_length=L.TERMS), AfterValidator(_unique_terms)]


class Content(Frozen):
    """The whole edition: introduction, conditions, conclusion and FAQ, and
    the plain-word explanations of its medical terms."""

    meta: Meta
    introduction: Introduction
    conditions: L.few(Condition, L.CONDITIONS, min_length=1)
    conclusion: Conclusion
    faq: L.few(FAQEntry, L.FAQ_ENTRIES, min_length=1)
    glossary: Glossary = ()

    def condition(self, slug: str) -> Condition:
        """The condition with exactly this slug (``KeyError`` if none)."""
        for cond in self.conditions:
            if cond.slug == slug:
                return cond
        raise KeyError(slug)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.conditions)
