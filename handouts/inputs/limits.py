"""How much text each field may hold: what the smallest page (large print)
and a slide at its smallest type can hold, so that whatever `check` accepts,
every renderer renders (tests/test_limits.py renders every field at its
limit, in long words, in every layout and deck). Also how many of a thing a
file may hold, so time and memory stay proportional (no handout over 10 s
or 500 MB).

Limits count characters of the cleaned text (a word is about six)."""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

# Characters, by field.
TITLE = 80             # an edition's, a section's or a deck's title
SHORT_TITLE = 40       # a condition's short name (running heads, slide titles)
SUBTITLE = 200
MAIN_MESSAGE = 160     # one sentence, set large in a box and on a slide
KEEP_IN_MIND = 200     # a caution line beside a pictogram
PARAGRAPH = 1500       # about 250 words
QUESTION = 90
ANSWER = 1200
STATEMENT = 400        # a clinic statement (about 65 words)
TERM = 60
MEANING = 150          # a glossary explanation, inserted in running text
NAME = 100             # a clinic's name, an approver's name and credentials
PRESENTER = 60
DATE = 40
NOTES = 6000           # a section's speaker notes

# Items, by list.
PARAGRAPHS = 12        # paragraphs in a section
CONDITIONS = 12
FAQ_ENTRIES = 12
CAUTIONS = 5           # "keep in mind" lines
STATEMENTS = 8         # statements in one clinic section
TERMS = 200            # glossary entries
SOURCES = 50
SITES = 500            # rows of a sites file


def at_most(limit: int, what: str):
    """A validator refusing text over ``limit`` characters, saying what
    holds it."""

    def check(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"is {len(text):,} characters long; {what} holds at most "
                             f"{limit:,} (about {limit // 6} words): shorten it")
        return text

    return AfterValidator(check)


def bounded(kind, limit: int, what: str):
    """``kind`` (a text type) holding at most ``limit`` characters."""
    return Annotated[kind, at_most(limit, what)]


def few(kind, limit: int, **extra):
    """A tuple of ``kind`` holding at most ``limit`` items."""
    return Annotated[tuple[kind, ...], Field(max_length=limit, **extra)]
