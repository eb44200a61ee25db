"""Speaker notes made for a room: each slide's notes open with a timing
cue ("About 2 minutes"; a divider's section is the slide after it), explain each medical word the first time a slide
shows it (from the glossary), and the title slide's notes say how long the
whole talk takes. The talk's length follows from the notes: their words at
a presenter's pace, teach-back and questions."""
from __future__ import annotations

import os
from dataclasses import replace

from ..glossary import Explainer
from ..wording import say, say_n
from .outline import Bullets, Closing, Cover, Divider, Prose, SlideSpec

WORDS_PER_MINUTE = 130  # a presenter's pace, unhurried for older listeners
TEACH_BACK_MINUTES = 2  # asking a teach-back question and hearing the answers
QUESTIONS_MINUTES = 10  # the audience's questions, at the end


def shown(spec: SlideSpec) -> str:
    """The words a slide spec shows (title, subtitle or lead, items)."""
    if isinstance(spec, Cover):
        return "\n".join((spec.title, spec.subtitle))
    if isinstance(spec, (Bullets, Prose)):
        return "\n".join((spec.title, spec.lead, *spec.items))
    return spec.title


def _teach_back() -> str:
    """What every teach-back prompt of the notes begins with."""
    return os.path.commonprefix([say("deck.teach_back.closing"),
                                 say("deck.teach_back.condition", topic="")])


def time_notes(specs: list[SlideSpec], terms) -> tuple[list[SlideSpec], int]:
    """``specs`` with their notes made for the room (see the module), and
    the talk's length in minutes. ``terms``: the glossary (the edition's
    and the clinic's)."""
    explainer = Explainer(terms)
    prompt = _teach_back()
    questions = say("deck.questions")
    has_questions = any(isinstance(s, Prose) and s.title == questions for s in specs)
    out: list[SlideSpec] = []
    total = speaking = 0
    for spec in specs:
        if isinstance(spec, Divider):  # part of the section that follows it
            out.append(spec)
            continue
        words = [say("deck.notes.term", term=t, means=m)
                 for t, m in explainer.first_uses(shown(spec))]
        notes = "\n\n".join([spec.notes, *words]) if words else spec.notes
        spoken = max(1, round(len(notes.split()) / WORDS_PER_MINUTE))
        minutes = spoken + (TEACH_BACK_MINUTES if prompt and prompt in notes else 0)
        if (isinstance(spec, Prose) and spec.title == questions) or (
                isinstance(spec, Closing) and not has_questions):
            minutes += QUESTIONS_MINUTES
        out.append(replace(spec, notes=say_n("deck.notes.time", minutes) + "\n\n" + notes))
        total, speaking = total + minutes, speaking + spoken
    if out and isinstance(out[0], Cover):
        out[0] = replace(out[0], notes=out[0].notes + "\n\n" + say(
            "deck.notes.length", minutes=total, speaking=speaking, questions=QUESTIONS_MINUTES))
    return out, total
