"""The content model: one immutable edition of the article.

Both renderers read only these objects. They know nothing of files, paths or
output. Every text field is plain text, never markup: renderers escape it.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

MAX_KEY_POINT_WORDS = 11  # "each under 12 words"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _collapse(text: str) -> str:
    """Runs of whitespace become one space; control characters are removed."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "", text).strip()


def _check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(f"'{value}' is not a slug (lower-case words joined by '-')")
    return value


def _check_key_point(value: str) -> str:
    words = len(value.split())
    if words > MAX_KEY_POINT_WORDS:
        raise ValueError(
            f"key point has {words} words; keep it under {MAX_KEY_POINT_WORDS + 1} "
            f"so it fits a slide: '{value[:60]}…'"
        )
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_collapse)]
Slug = Annotated[str, AfterValidator(_check_slug)]
Alias = Annotated[str, AfterValidator(lambda s: _collapse(s).lower())]
KeyPoint = Annotated[Text, AfterValidator(_check_key_point)]
Paragraphs = Annotated[tuple[Text, ...], Field(min_length=1)]


def _check_point_count(points: tuple[str, ...]) -> tuple[str, ...]:
    if points and not 3 <= len(points) <= 5:
        raise ValueError(f"needs 3 to 5 key points (or none yet), found {len(points)}")
    return points


KeyPoints = Annotated[tuple[KeyPoint, ...], AfterValidator(_check_point_count)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Meta(Frozen):
    """Where the edition came from and when it must be reviewed again."""

    title: Text
    subtitle: str = ""
    source: Text
    edition: dt.date
    reviewed_on: dt.date | None = None
    next_review: dt.date | None = None
    review_status: Text
    language: str = "en-US"


class Introduction(Frozen):
    """What ketamine is and how it works."""

    title: Text = "What is ketamine?"
    what_it_is: Paragraphs
    how_it_works_title: Text = "How ketamine works"
    how_it_works: tuple[Text, ...] = ()
    key_points: KeyPoints = ()
    how_it_works_points: KeyPoints = ()
    speaker_notes: str = ""

    def mechanism(self, short: bool = False) -> tuple[str, ...]:
        """The "how it works" paragraphs (an imported article may have none:
        then the last "what it is" paragraph). ``short`` keeps the first only,
        as a one-sheet handout prints it."""
        paras = self.how_it_works or self.what_it_is[-1:]
        return paras[:1] if short else paras


class Condition(Frozen):
    """One condition section of the article.

    ``key_points`` holds 3 to 5 short points once a person has written them;
    an imported article has none yet (``handouts check`` warns).
    """

    slug: Slug
    title: Text
    short_title: Text
    aliases: tuple[Alias, ...] = ()
    body: Paragraphs
    key_points: KeyPoints = ()
    speaker_notes: str = ""

    @property
    def notes(self) -> str:
        """Presenter's notes: ``speaker_notes`` if written, else the full body."""
        return self.speaker_notes.strip() or "\n\n".join(self.body)

    @property
    def section_heading(self) -> str:
        """The handout's heading over this section: "Ketamine for nerve pain".
        The short title's first letter is lowered unless it starts an acronym
        ("Ketamine for CRPS")."""
        first = self.short_title.split()[0]
        short = self.short_title if first.isupper() else (
            self.short_title[:1].lower() + self.short_title[1:])
        return f"Ketamine for {short}"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this condition answers to, lower-case: slug first."""
        return (self.slug, *self.aliases)


class Conclusion(Frozen):
    title: Text = "Is ketamine right for me?"
    body: Paragraphs
    key_points: KeyPoints = ()
    speaker_notes: str = ""


class FAQEntry(Frozen):
    question: Text
    answer: Text


class Content(Frozen):
    """The whole edition: introduction, conditions, conclusion and FAQ."""

    meta: Meta
    introduction: Introduction
    conditions: Annotated[tuple[Condition, ...], Field(min_length=1)]
    conclusion: Conclusion
    faq: Annotated[tuple[FAQEntry, ...], Field(min_length=1)]

    def condition(self, slug: str) -> Condition:
        """The condition with exactly this slug (``KeyError`` if none)."""
        for cond in self.conditions:
            if cond.slug == slug:
                return cond
        raise KeyError(slug)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.conditions)
