"""Clinical review: who approved which text, and whether that approval still
holds. An approval stores a fingerprint of every section it covered; a
section whose text has changed since makes the whole edition a draft again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .values import Line

if TYPE_CHECKING:
    from .model import Content


class Review(BaseModel):
    """``meta.review`` in a content file. ``draft`` needs nothing else;
    ``approved`` needs who approved it (name and credentials), on what day,
    the next review's date, and the fingerprints `handouts approve` wrote."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Literal["draft", "approved"] = "draft"
    approved_by: Line = ""
    approved_on: dt.date | None = None
    next_review: dt.date | None = None
    fingerprints: dict[str, str] = {}

    @model_validator(mode="after")
    def _complete(self):
        if self.status == "approved":
            missing = [k for k in ("approved_by", "approved_on", "next_review", "fingerprints")
                       if not getattr(self, k)]
            if missing:
                raise ValueError(f"an approval needs {', '.join(missing)}; record it with "
                                 "`handouts approve --by \"NAME, CREDENTIALS\"`")
            if self.next_review <= self.approved_on:
                raise ValueError("next_review must come after approved_on")
        return self


def fingerprints(content: "Content") -> dict[str, str]:
    """A short hash of each section's text: ``meta`` (title and subtitle),
    ``introduction``, ``conditions.SLUG``, ``conclusion`` and ``faq``."""
    sections = {
        "meta": {"title": content.meta.title, "subtitle": content.meta.subtitle},
        "introduction": content.introduction.model_dump(mode="json"),
        **{f"conditions.{c.slug}": c.model_dump(mode="json") for c in content.conditions},
        "conclusion": content.conclusion.model_dump(mode="json"),
        "faq": [q.model_dump(mode="json") for q in content.faq],
        "glossary": [t.model_dump(mode="json") for t in content.glossary],
    }
    return {name: hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False)
                                 .encode("utf-8")).hexdigest()[:16]
            for name, data in sections.items()}


@dataclass(frozen=True)
class ReviewState:
    """Where an edition stands on a given day. Only ``approved`` text may
    print as reviewed; everything else prints as a draft."""

    status: Literal["approved", "draft", "changed", "overdue"]
    approved_by: str = ""
    approved_on: dt.date | None = None
    next_review: dt.date | None = None
    changed: tuple[str, ...] = ()  # sections changed since the approval

    @property
    def approved(self) -> bool:
        """Approved, unchanged since, and not past its next review."""
        return self.status == "approved"

    def describe(self) -> str:
        """One line for `check` and the manifest's readers."""
        if self.status == "approved":
            return (f"approved by {self.approved_by} on {self.approved_on}; next review "
                    f"{self.next_review}")
        if self.status == "overdue":
            return (f"OVERDUE: approved by {self.approved_by} on {self.approved_on}; its "
                    f"review was due on {self.next_review}")
        if self.status == "changed":
            return (f"draft: changed since {self.approved_by} approved it on "
                    f"{self.approved_on}, in {', '.join(self.changed)}")
        return "draft: not yet approved for patients"


DRAFT = ReviewState("draft")


def review_state(content: "Content", today: dt.date | None) -> ReviewState:
    """The edition's review state on ``today`` (``None``: ignore the next
    review's date, as a renderer given no day does)."""
    return state_of(content.meta.review, fingerprints(content), today)


def state_of(review: Review, now: dict[str, str], today: dt.date | None) -> ReviewState:
    """The state of a file whose review is ``review`` and whose sections'
    fingerprints are ``now``."""
    if review.status != "approved":
        return DRAFT
    changed = tuple(sorted(k for k in set(now) | set(review.fingerprints)
                           if now.get(k) != review.fingerprints.get(k)))
    base = dict(approved_by=review.approved_by, approved_on=review.approved_on,
                next_review=review.next_review)
    if changed:
        return ReviewState("changed", changed=changed, **base)
    if today is not None and review.next_review < today:
        return ReviewState("overdue", **base)
    return ReviewState("approved", **base)


_WORST_FIRST = ("overdue", "changed", "draft", "approved")


def combined(content: ReviewState, clinic: ReviewState | None) -> ReviewState:
    """The state of outputs made from the content and the clinic's own file:
    approved only when both are (due when the first of them is due); else
    the worse of the two (overdue, then changed, then draft)."""
    if clinic is None:
        return content
    if content.approved and clinic.approved:
        return content if content.next_review <= clinic.next_review else ReviewState(
            "approved", content.approved_by, content.approved_on, clinic.next_review)
    worst = min((content, clinic), key=lambda s: _WORST_FIRST.index(s.status))
    if worst is clinic and clinic.changed:
        return ReviewState(clinic.status, clinic.approved_by, clinic.approved_on,
                           clinic.next_review, tuple(f"clinic.{c}" for c in clinic.changed))
    return worst
