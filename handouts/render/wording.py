"""Every fixed word the handouts and decks print, in one table.

Renderers never spell wording themselves: they call :func:`say` with a key,
so the handout and the deck cannot drift apart, and a translation replaces
this table, not code. Values are ``str.format`` templates.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..inputs.model import Condition

WORDING: dict[str, str] = {
    # Shared by handouts and decks
    "condition.heading": "Ketamine for {topic}",
    "faq.heading": "Common questions",
    "contact.heading": "Talk with your care team",
    "logo.alt": "{clinic} logo",
    "qr.alt": "QR code: opens {url}",
    # Pictograms: a caption printed under each, and what it shows
    "pictogram.infusion": "Infusion",
    "pictogram.infusion.alt": "A drop of medicine: an infusion is medicine given slowly "
                              "through a vein",
    "pictogram.no-driving": "No driving",
    "pictogram.no-driving.alt": "A car inside a no-entry sign: do not drive",
    "pictogram.call": "Call us",
    "pictogram.call.alt": "A telephone ringing: call us",
    # The clinic's own sections
    "clinic.box": "From {clinic}",
    "clinic.approval": "How ketamine is approved and used",
    "clinic.side_effects": "Possible side effects",
    "clinic.who_should_not": "Who should not have ketamine",
    "clinic.before": "Before your infusion",
    "clinic.during": "During your infusion",
    "clinic.after": "After your infusion",
    "clinic.when_to_call": "When to call us, and when to call 911",
    "clinic.cost": "Cost and insurance",
    "clinic.sources": "Sources",
    "clinic.cited": "{text} [{n}]",
    "clinic.source": "[{n}] {source}",
    "deck.clinic.notes": ("From {clinic}’s own information, not from the article. "
                          "Sources:"),
    # Handouts
    "handout.subtitle": "Ketamine infusions: what patients should know",
    "handout.glance": "At a glance",
    "handout.keep_in_mind": "Keep in mind",
    "checklist.heading": "Questions to ask your care team",
    "checklist.hint": "Tick the ones you want to ask, and bring this page to your visit.",
    "checklist.1": "Could ketamine help my kind of pain?",
    "checklist.2": "What side effects could I have?",
    "checklist.3": "How many infusions would I need, and how long does each one take?",
    "checklist.4": "What should I do before and after an infusion?",
    "checklist.5": "Can I keep taking my other medicines?",
    "checklist.6": "Will my insurance pay for it, and what will it cost me?",
    "handout.condition_glance": "{short_title}: at a glance",
    "handout.contact_invite": ("Ask us whether ketamine could help you. Bring this handout "
                               "to your visit."),
    "contact.phone": "Phone",
    "contact.address": "Address",
    "contact.email": "Email",
    "contact.website": "Website",
    # What a screen reader says for each link and tick box
    "link.phone": "Call {value}",
    "link.email": "Email {value}",
    "link.website": "Visit {value}",
    "checklist.box": "Tick box",
    "handout.qr_caption": "Scan with your phone’s camera to visit our website.",
    "review.draft": "DRAFT — not yet approved for patients",
    "review.overdue": "REVIEW OVERDUE — not for patients",
    "review.thumbnail": "DRAFT",  # a deck's preview picture: a draft's, too small for more
    "footer.reviewed": "Reviewed by {by} on {date} · Next review {next}",
    "footer.overdue": "REVIEW OVERDUE since {date}",
    "footer.page": "Page {page} of {pages}",
    "pdf.title": "{condition}: {edition}",
    "pdf.subject.booklet": "Patient education booklet",
    "pdf.subject.condition": "Patient education about ketamine: {topic}",
    "keywords": "ketamine; chronic pain; patient education",
    # Decks
    "deck.subtitle": "A patient seminar",
    "deck.subtitle.condition": "A patient seminar on {condition}",
    "deck.subject": "Patient seminar: ketamine for chronic pain",
    "deck.agenda": "Today’s talk",
    "deck.agenda.notes": "Walk through what this session covers:",
    "deck.agenda.conditions": "Conditions ketamine may help",
    "deck.in_depth": "{topic} in depth",
    "deck.part": "{title} ({n} of {total})",
    "deck.repeat": "{title} ({n})",
    "deck.section.notes": "Next: {condition}.",
    "deck.questions": "Your questions",
    "deck.questions.ask": "What would you like to ask?",
    "deck.questions.own_care": "For questions about your own care, talk with your care team.",
    "deck.questions.notes": ("Invite questions from the audience. For questions about a "
                             "person’s own care, point them to a medical evaluation: {answer}"),
    "deck.cover.notes": ("Welcome everyone. Introduce yourself and {clinic}. This session "
                         "explains ketamine infusions for chronic pain. It is education, not "
                         "medical advice for any one person."),
    "deck.closing.notes": ("Thank everyone for coming. Point to the contact details for "
                           "{clinic} and the QR code, which opens our website. Remind people "
                           "that a medical evaluation decides whether ketamine is right for "
                           "them."),
    "deck.closing.phone": "Phone: {phone}",
    "deck.teach_back.condition": ("Teach-back: ask, “In your own words, how might ketamine "
                                  "help with {topic}, and what is it not?”"),
    "deck.teach_back.closing": ("Teach-back: ask, “In your own words, what will you ask your "
                                "care team, and how will you reach us?”"),
    "deck.closing.scan": "Scan to visit",
    "deck.closing.website": "our website",
}


CHECKLIST = tuple(f"checklist.{n}" for n in range(1, 7))


def say(key: str, **values: object) -> str:
    """The wording for ``key`` with ``values`` filled in. Raises ``KeyError``
    for a key the table lacks (a renderer bug, caught by the tests)."""
    return WORDING[key].format(**values)


def topic(cond: "Condition") -> str:
    """A condition's short title as it reads inside a sentence: its first
    letter lowered unless the first word is an acronym ("back pain and
    sciatica", "CRPS")."""
    short = cond.short_title
    return short if short.split()[0].isupper() else short[:1].lower() + short[1:]


def condition_heading(cond: "Condition") -> str:
    """"Ketamine for back pain and sciatica": the handout's section heading
    and the tailored deck's title."""
    return say("condition.heading", topic=topic(cond))


def review_mark(state) -> str:
    """The mark every page and slide of an unapproved edition carries ("" for
    an approved one)."""
    if state.approved:
        return ""
    return say("review.overdue" if state.status == "overdue" else "review.draft")


def review_line(state) -> str:
    """What a footer says of the review: who approved it and when, or that
    it is a draft, or overdue. Never "Reviewed" for unapproved text."""
    if state.approved:
        return say("footer.reviewed", by=state.approved_by, date=format_date(state.approved_on),
                   next=format_date(state.next_review))
    if state.status == "overdue":
        return say("footer.overdue", date=format_date(state.next_review))
    return say("review.draft")


def format_date(day: dt.date) -> str:
    """``2026-11-25`` -> ``November 25, 2026`` (U.S. style, for en-US text)."""
    return f"{day:%B} {day.day}, {day.year}"
