"""What a seminar deck says, slide by slide, before anything is measured or drawn.

:func:`plan_deck` turns the content model into a list of :class:`SlideSpec`:
the full seminar, or one tailored to a condition, trimmed to the talk's length.
The pptx writer (``deck.py``) then fits each spec to slides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Condition, Content

# Slides that a short talk leaves out: each is kept only when the talk lasts at
# least this many minutes. The FAQ, the conditions' key points and the contact
# slide are never left out.
MIN_MINUTES = {"agenda": 30, "how": 30, "questions": 30, "detail": 45}

_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“(])")


def sentences(text: str) -> list[str]:
    """Split prose into sentences (a sentence ends with . ! or ? before a capital)."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


@dataclass(frozen=True)
class SlideSpec:
    """One logical slide; the writer may split it into continuation slides.

    ``kind`` picks the writer: ``cover``, ``bullets``, ``text`` (paragraphs
    without bullet marks) or ``closing``. ``section`` is the condition's slug
    for condition slides, else ``""``.
    """

    kind: str
    title: str
    lines: tuple[str, ...] = ()
    notes: str = ""
    section: str = ""
    body_size: float = 0.0  # points; set when the text is fitted (0: the layout's size)
    extra: dict = field(default_factory=dict, compare=False)


def plan_deck(content: Content, clinic: str, condition: Condition | None = None,
              minutes: int = 60, title: str | None = None, presenter: str = "",
              date: str = "") -> list[SlideSpec]:
    """The slides of a seminar deck, in order.

    With ``condition`` the deck covers only that condition, in depth (its
    whole section as bullet points, when ``minutes`` allows); otherwise every
    condition's key points. ``minutes`` trims optional slides (see
    :data:`MIN_MINUTES`).
    """
    keep = {kind: minutes >= limit for kind, limit in MIN_MINUTES.items()}
    intro = content.introduction
    deck_title = title or (f"Ketamine for {condition.short_title}" if condition
                           else content.meta.title)
    subtitle = (f"A patient seminar on {condition.title}" if condition
                else content.meta.subtitle or "A patient seminar")
    slides = [SlideSpec(
        "cover", deck_title,
        notes=(f"Welcome everyone. Introduce yourself and {clinic}. This session explains "
               "ketamine infusions for chronic pain. It is education, not medical advice "
               "for any one person."),
        extra={"subtitle": subtitle, "presenter": presenter, "date": date})]

    topic = condition.title if condition else "Conditions ketamine may help"
    agenda = [intro.title, *( [intro.how_it_works_title] if keep["how"] else []), topic,
              "Common questions", content.conclusion.title,
              *(["Your questions"] if keep["questions"] else [])]
    if keep["agenda"]:
        slides.append(SlideSpec("bullets", "Today's talk", tuple(agenda),
                                notes="Walk through what this session covers:\n" + "\n".join(agenda)))

    what = intro.key_points or tuple(sentences(" ".join(intro.what_it_is)))
    slides.append(SlideSpec("bullets", intro.title, what, notes="\n\n".join(intro.what_it_is)))
    if keep["how"] and intro.how_it_works:
        how = intro.how_it_works_points or tuple(sentences(" ".join(intro.how_it_works)))
        slides.append(SlideSpec("bullets", intro.how_it_works_title, how,
                                notes="\n\n".join(intro.how_it_works)))

    for cond in ((condition,) if condition else content.conditions):
        points = cond.key_points or tuple(sentences(" ".join(cond.body)))
        slides.append(SlideSpec("bullets", cond.title, points, notes=cond.notes,
                                section=cond.slug))
        if condition and keep["detail"]:
            n = len(cond.body)
            for i, para in enumerate(cond.body, start=1):
                slides.append(SlideSpec(
                    "bullets", f"{cond.short_title}: in depth" + (f" ({i} of {n})" if n > 1 else ""),
                    tuple(sentences(para)), notes=para, section=cond.slug))

    for entry in content.faq:
        slides.append(SlideSpec("text", entry.question, (entry.answer,),
                                notes=f"{entry.question}\n\n{entry.answer}"))

    conclusion = content.conclusion
    slides.append(SlideSpec("bullets", conclusion.title,
                            conclusion.key_points or tuple(sentences(" ".join(conclusion.body))),
                            notes=conclusion.speaker_notes or "\n\n".join(conclusion.body)))
    if keep["questions"]:
        slides.append(SlideSpec(
            "text", "Your questions",
            ("What would you like to ask?",
             "For questions about your own care, talk with your care team."),
            notes=("Invite questions from the audience. For questions about a person's own "
                   "care, point them to a medical evaluation: " + content.faq[-1].answer)))
    slides.append(SlideSpec(
        "closing", "Talk with your care team",
        notes=(f"Thank everyone for coming. Point to the contact details for {clinic} and "
               "the QR code, which opens our website. Remind people that a medical "
               "evaluation decides whether ketamine is right for them.")))
    return slides
