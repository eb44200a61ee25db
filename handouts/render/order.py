"""The order a condition's handout reads in, shared by the PDF and the web
page so the two cannot drift apart: what the condition is, how ketamine may
help (with a picture of an infusion), the risks, common questions, what to
do, and the sources last. The clinic's sections are split between the risks
and what to do; "At a glance" adds the clinic's summary (off-label status,
main risks, the ride home, when to call) to the condition's own points."""
from __future__ import annotations

from ..inputs.clinic import ClinicInfo, Statement
from ..inputs.model import Condition

# The clinic's slots under "Risks and safety" and under "What to do".
RISK_SLOTS = ("approval", "side_effects", "who_should_not")
ACTION_SLOTS = ("before", "during", "after", "when_to_call", "cost")
# The picture beside "How ketamine may help".
HELP_PICTURE = "infusion"


def split_body(cond: Condition) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The condition's paragraphs about itself (the first, and those after
    it until one speaks of ketamine), and the rest: how ketamine may help."""
    body = cond.body
    cut = 1
    while cut < len(body) and "ketamin" not in body[cut].lower():
        cut += 1
    return body[:cut], body[cut:]


def slots(info: ClinicInfo | None, wanted: tuple[str, ...]) -> list[tuple[str, tuple[Statement, ...]]]:
    """The clinic's filled slots among ``wanted``, in the file's order."""
    if info is None:
        return []
    return [(slot, statements) for slot, statements in info.filled() if slot in wanted]


def glance_points(cond: Condition, info: ClinicInfo | None,
                  slug: str | None = None) -> tuple[str, ...]:
    """"At a glance": the condition's points besides the main message; with
    the clinic's summary, the first of them (what the condition is: the
    main message above says how ketamine may help), then the summary (its
    sources listed with the clinic's, last)."""
    if info is None or not info.summary:
        return cond.glance_points
    return (*cond.glance_points[:1], *(st.text for st in info.summary))
