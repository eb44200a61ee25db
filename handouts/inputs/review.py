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
    # A signed approval: who signed (a principal of the project's
    # allowed_signers) and the armored ``ssh-keygen -Y sign`` signature.
    signed_by: Line = ""
    signature: str = ""
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


def short_hash(data) -> str:
    """A short hash of JSON-able ``data``."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()[:16]


def fingerprints(content: "Content") -> dict[str, str]:
    """A short hash of each section's text: ``meta`` (title and subtitle),
    ``introduction``, ``conditions.SLUG``, ``conclusion``, ``faq`` and
    ``glossary`` (what `handouts upstream` compares; an approval covers
    more: :func:`printed_fingerprints`)."""
    sections = {
        "meta": {"title": content.meta.title, "subtitle": content.meta.subtitle},
        "introduction": content.introduction.model_dump(mode="json"),
        **{f"conditions.{c.slug}": c.model_dump(mode="json") for c in content.conditions},
        "conclusion": content.conclusion.model_dump(mode="json"),
        "faq": [q.model_dump(mode="json") for q in content.faq],
        "glossary": [t.model_dump(mode="json") for t in content.glossary],
    }
    return {name: short_hash(data) for name, data in sections.items()}


# Catalogue messages a patient never reads: the staff page's words, and word
# lists the typesetter uses. Every other message prints on a handout, a
# slide (its notes included) or a web page, or is read out by a screen
# reader, and is covered by an approval.
STAFF_ONLY = ("staff.", "typeset.")


def catalogue_fingerprints(language: str) -> dict[str, str]:
    """``catalogue.GROUP``: a short hash of the patient-facing messages of
    each group (``checklist``, ``clinic``, ``deck``, ...: a key's first
    part) as :func:`~handouts.render.wording.say` resolves them in
    ``language`` (a message the catalogue lacks resolves to English)."""
    from ..render.wording import SOURCE_LANGUAGE, catalogue

    english = catalogue(SOURCE_LANGUAGE).messages
    own = catalogue(language).messages
    groups: dict[str, dict] = {}
    for key in sorted(english):
        if key.startswith(STAFF_ONLY):
            continue
        text = own.get(key, english[key])
        groups.setdefault(key.split(".")[0], {})[key] = list(text) if isinstance(
            text, tuple) else text
    return {f"catalogue.{group}": short_hash(messages) for group, messages in groups.items()}


def printed_fingerprints(content: "Content") -> dict[str, str]:
    """What an approval of ``content`` covers: every section
    (:func:`fingerprints`), the language (``language``) and the catalogue's
    patient-facing messages in that language (``catalogue.GROUP``)."""
    return {**fingerprints(content), "language": short_hash(content.meta.language),
            **catalogue_fingerprints(content.meta.language)}


RECORD = "record"  # the fingerprint of the approval record itself


def record_fingerprint(review: Review) -> str:
    """A short hash of who approved, when, the next review and who signed,
    so a hand edit of any of them is found."""
    return short_hash({"approved_by": review.approved_by,
                       "approved_on": str(review.approved_on),
                       "next_review": str(review.next_review),
                       "signed_by": review.signed_by})


@dataclass(frozen=True)
class ReviewState:
    """Where an edition stands on a given day. Only ``approved`` text may
    print as reviewed; everything else prints as a draft."""

    status: Literal["approved", "draft", "changed", "overdue"]
    approved_by: str = ""
    approved_on: dt.date | None = None
    next_review: dt.date | None = None
    changed: tuple[str, ...] = ()  # sections changed since the approval
    # What else must happen before it prints as reviewed (an approved,
    # complete clinic file; a signature), in words.
    needs: tuple[str, ...] = ()
    signed_by: str = ""  # the principal whose signature verified
    predates: bool = False  # recorded by a handouts that fingerprinted less

    @property
    def approved(self) -> bool:
        """Approved, unchanged since, and not past its next review."""
        return self.status == "approved"

    def describe(self) -> str:
        """One line for `check` and the manifest's readers."""
        if self.status == "approved":
            signed = f" (signed by {self.signed_by})" if self.signed_by else ""
            return (f"approved by {self.approved_by} on {self.approved_on}{signed}; next review "
                    f"{self.next_review}")
        if self.status == "overdue":
            return (f"OVERDUE: approved by {self.approved_by} on {self.approved_on}; its "
                    f"review was due on {self.next_review}")
        needs = f"; to print as reviewed: {'; '.join(self.needs)}" if self.needs else ""
        if self.predates:
            return (f"changed: the approval by {self.approved_by} on {self.approved_on} "
                    "predates the fingerprint of every printed word (the language, the "
                    "catalogue's words, the approval record); run `handouts approve` "
                    f"again{needs}")
        if self.status == "changed":
            return (f"draft: changed since {self.approved_by} approved it on "
                    f"{self.approved_on}, in {', '.join(self.changed)}{needs}")
        return f"draft: not yet approved for patients{needs}"


DRAFT = ReviewState("draft")


def review_state(content: "Content", today: dt.date | None) -> ReviewState:
    """The edition's review state on ``today`` (``None``: ignore the next
    review's date, as a renderer given no day does)."""
    return state_of(content.meta.review, printed_fingerprints(content), today)


def state_of(review: Review, now: dict[str, str], today: dt.date | None) -> ReviewState:
    """The state of a file whose review is ``review`` and whose printed
    words' fingerprints are ``now`` (the record's own is added here). An
    approval recorded before the record was fingerprinted is "changed", and
    says that it predates it."""
    if review.status != "approved":
        return DRAFT
    base = dict(approved_by=review.approved_by, approved_on=review.approved_on,
                next_review=review.next_review)
    if RECORD not in review.fingerprints:
        return ReviewState("changed", changed=("approval",), predates=True, **base)
    now = {**now, RECORD: record_fingerprint(review)}
    changed = tuple(sorted(k for k in set(now) | set(review.fingerprints)
                           if now.get(k) != review.fingerprints.get(k)))
    if changed:
        return ReviewState("changed", changed=changed, **base)
    if today is not None and review.next_review < today:
        return ReviewState("overdue", **base)
    return ReviewState("approved", **base)


_WORST_FIRST = ("overdue", "changed", "draft", "approved")
