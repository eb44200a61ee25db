"""What a seminar deck says, slide by slide, before anything is measured or drawn.

:func:`plan_deck` turns the content model into a list of slide specs: the
full seminar, or one tailored to a condition, trimmed to the talk's length.
The fitter (``fit.py``) then splits the text of each spec into slides.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar, Union

from ...inputs.clinic import ClinicInfo, evidence_line
from ...inputs.model import Condition, Content
from ...inputs.options import DEFAULT_OPTIONS, DeckOptions
from ..wording import condition_heading, format_date, say, topic

# Slides that a short talk leaves out: each is kept only when the talk lasts at
# least this many minutes. The FAQ, the conditions' key points and the contact
# slide are never left out.
MIN_MINUTES = {"agenda": 30, "how": 30, "questions": 30, "detail": 45}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}").fullmatch

@dataclass(frozen=True)
class Cover:
    """The title slide."""

    kind: ClassVar[str] = "cover"
    title: str
    subtitle: str
    presenter: str
    date: str
    notes: str


@dataclass(frozen=True)
class _Listing:
    title: str
    items: tuple[str, ...]
    notes: str
    lead: str = ""  # a line in bold above the items, on the first slide only


@dataclass(frozen=True)
class Bullets(_Listing):
    """A titled list of points, each with a bullet mark."""

    kind: ClassVar[str] = "bullets"
    bulleted: ClassVar[bool] = True


@dataclass(frozen=True)
class Prose(_Listing):
    """A titled block of paragraphs with no bullet marks (an FAQ answer)."""

    kind: ClassVar[str] = "text"
    bulleted: ClassVar[bool] = False


@dataclass(frozen=True)
class Closing:
    """The contact slide: the clinic's details and a QR code."""

    kind: ClassVar[str] = "closing"
    title: str
    notes: str


@dataclass(frozen=True)
class Divider:
    """A section divider before a condition in the full seminar, on a
    template's own "Section Header" layout (the built-in design has none)."""

    kind: ClassVar[str] = "section"
    title: str
    notes: str


SlideSpec = Union[Cover, Bullets, Prose, Closing, Divider]
TextSpec = Union[Bullets, Prose]


def clinic_slides(info: ClinicInfo | None, clinic: str) -> list[SlideSpec]:
    """A slide for each section the clinic has written, its statements as
    bullets, the full text and the sources in the notes."""
    if info is None:
        return []
    name = info.clinic or clinic
    numbers = info.source_numbers()
    slides: list[SlideSpec] = []
    for slot, statements in info.filled():
        cited = [say("clinic.cited", text=st.text, n=numbers[st.source]) for st in statements]
        sources = [say("clinic.source", n=numbers[k], source=info.sources[k])
                   for k in dict.fromkeys(st.source for st in statements)]
        notes = "\n".join([say("deck.clinic.notes", clinic=name), *sources, "", *cited])
        slides.append(Bullets(say(f"clinic.{slot}"), tuple(st.text for st in statements),
                              notes=notes))
    return slides


def long_date(text: str) -> str:
    """A date given as ``YYYY-MM-DD`` in the language's long form
    ("December 10, 2026", "10 de diciembre de 2026"); any other text as
    typed ("March 4")."""
    try:
        day = dt.date.fromisoformat(text) if ISO_DAY(text) else None
    except ValueError:
        day = None
    return format_date(day) if day else text


# A sentence ends at . ! or ? (and a closing quote or bracket) before a
# space; not after an initial or a short abbreviation ("U.S. Food", "Dr. Lee").
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Dr|Mr|Mrs|Ms|Sr|Sra|Dra|etc|vs|e\.g|i\.e)\.$")
GIST_WORDS = 6  # a paragraph's gist: its first sentences, until they hold this many words


def gist(paragraph: str) -> str:
    """What a slide shows of a paragraph of prose (the whole is in the
    notes): its first sentence, with the next ones while they hold fewer
    than :data:`GIST_WORDS` words ("Yes. Ketamine is often used with other
    medicines, such as opioids."). Whole sentences, from the start, so no
    slide line starts with a word like "This" that points back."""
    for m in _SENTENCE_END.finditer(paragraph):
        if _ABBREVIATION.search(paragraph[:m.start() + 1]):
            continue
        if len(paragraph[:m.end()].split()) >= GIST_WORDS:
            return paragraph[:m.end()].rstrip()
    return paragraph


def _with_prose(notes: str, paragraphs: tuple[str, ...]) -> str:
    """``notes``, followed by whichever of ``paragraphs`` they leave out."""
    missing = [p for p in paragraphs if p not in notes]
    return "\n\n".join([notes, *missing]) if missing else notes


def _points_or_prose(title: str, points: tuple[str, ...], paragraphs: tuple[str, ...],
                     notes: str, lead: str = "", ahead: tuple[str, ...] = ()) -> TextSpec:
    """A slide of ``points`` when the edition has written them, else of the
    gist of each of the ``paragraphs`` (whole sentences; the paragraphs
    whole are in the notes). ``ahead``: lines before either, whole."""
    if points:
        return Bullets(title, (*ahead, *points), notes=notes, lead=lead)
    return Prose(title, (*ahead, *map(gist, paragraphs)), notes=_with_prose(notes, paragraphs),
                 lead=lead)


def plan_deck(content: Content, clinic: str, condition: Condition | None,
              options: DeckOptions = DEFAULT_OPTIONS,
              clinic_info: ClinicInfo | None = None) -> list[SlideSpec]:
    """The slides of a seminar deck, in order.

    With ``condition`` the deck covers only that condition, in depth (the
    gist of each paragraph of its section, when the talk is long enough); with
    ``None``, every condition's key points. ``options.minutes`` trims
    optional slides (see :data:`MIN_MINUTES`); ``None`` keeps them all.
    """
    # Without a length, the talk is as long as its notes take: every slide.
    keep = {part: options.minutes is None or options.minutes >= limit
            for part, limit in MIN_MINUTES.items()}
    intro = content.introduction
    deck_title = options.title or (condition_heading(condition) if condition
                                   else content.meta.title)
    subtitle = (say("deck.subtitle.condition", condition=condition.title) if condition
                else content.meta.subtitle or say("deck.subtitle"))
    slides: list[SlideSpec] = [Cover(deck_title, subtitle, options.presenter,
                                     long_date(options.date),
                                     notes=say("deck.cover.notes", clinic=clinic))]

    # Every section, in the deck's order: the clinic's own included.
    covered = condition.title if condition else say("deck.agenda.conditions")
    agenda = [intro.title, *([intro.how_it_works_title] if keep["how"] else []), covered,
              *(spec.title for spec in clinic_slides(clinic_info, clinic)),
              say("faq.heading"), content.conclusion.title,
              *([say("deck.questions")] if keep["questions"] else [])]
    if keep["agenda"]:
        slides.append(Bullets(say("deck.agenda"), tuple(agenda),
                              notes="\n".join([say("deck.agenda.notes"), *agenda])))

    slides.append(_points_or_prose(intro.title, intro.key_points, intro.what_it_is,
                                   intro.notes))
    if keep["how"] and intro.how_it_works:
        slides.append(_points_or_prose(intro.how_it_works_title, intro.how_it_works_points,
                                       intro.how_it_works, "\n\n".join(intro.how_it_works)))

    for cond in ((condition,) if condition else content.conditions):
        first = evidence_line(clinic_info, cond.slug)
        if not condition:
            slides.append(Divider(cond.short_title,
                                  notes=say("deck.section.notes", condition=cond.title)))
        teach_back = say("deck.teach_back.condition", topic=topic(cond))
        # The condition's first slide: its main message with the clinic's
        # evidence line under it (its sources are in the clinic slides'
        # notes); its points follow on their own slide, so that neither holds
        # over about 40 words (layouts/deck.yaml: body.max_words).
        if first:
            slides.append(Prose(cond.title, (first,), lead=cond.main_message,
                                notes="\n\n".join((cond.main_message, first))))
        points_title = say("deck.condition.points", topic=cond.short_title) if first \
            else cond.title
        notes = "\n\n".join(p for p in (cond.notes, teach_back) if p)
        slides.append(_points_or_prose(points_title, cond.glance_points, cond.body, notes,
                                       lead="" if first else cond.main_message))
        if condition and keep["detail"]:
            # The gist of each paragraph (whole sentences, so no line starts with
            # "This" or "They" whose subject is elsewhere); the whole section in
            # the notes. The fitter numbers the slides as one series.
            slides.append(Prose(say("deck.in_depth", topic=cond.short_title),
                                tuple(map(gist, cond.body)), notes="\n\n".join(cond.body)))

    slides += clinic_slides(clinic_info, clinic)
    for entry in content.faq:
        slides.append(Prose(entry.question, (gist(entry.answer),),
                            notes=f"{say('deck.faq.notes')}\n\n{entry.answer}"))

    conclusion = content.conclusion
    slides.append(_points_or_prose(conclusion.title, conclusion.key_points, conclusion.body,
                                   conclusion.notes))
    if keep["questions"]:
        slides.append(Prose(
            say("deck.questions"),
            (say("deck.questions.ask"), say("deck.questions.own_care")),
            notes=say("deck.questions.notes", answer=content.faq[-1].answer)))
    slides.append(Closing(say("contact.heading"), notes=(
        say("deck.closing.notes", clinic=clinic) + "\n\n" + say("deck.teach_back.closing"))))
    return slides
