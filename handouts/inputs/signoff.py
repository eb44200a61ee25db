"""Whether an edition prints as reviewed: one function, :func:`edition_review`,
that `check`, `build`, `handout`, `deck` and `approve` all ask.

An edition prints as reviewed only when its content file's approval holds
(every printed word unchanged: :func:`~.review.printed_fingerprints`), the
clinic file for its language is approved too, in that language, with every
safety slot filled, and, where the project asks for them (``require_signatures``
in ``handouts.toml``), both approvals are signed by a reviewer the project's
``allowed_signers`` file lists. A signature is checked wherever there is one.

Signatures are SSH signatures, as git makes them: ``ssh-keygen -Y sign -n
handouts-approval`` over :func:`payload`, the approval record and its
fingerprints as canonical JSON; ``ssh-keygen -Y verify`` against the
project's ``allowed_signers`` (ssh-keygen's ALLOWED SIGNERS format).
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .review import RECORD, Review, ReviewState, _WORST_FIRST, state_of
from .signing import (NAMESPACE, NO_SSH_KEYGEN, Policy, payload, policy_for, sign,  # noqa: F401
                      signer_for, verify)

if TYPE_CHECKING:
    from .clinic import ClinicInfo
    from .model import Content

# --- One file's approval, and the edition's ---------------------------------

@dataclass(frozen=True)
class Verdict:
    """How an edition prints (``state``), what changed or is missing, in
    which file (``lines``), and what is wrong with an approval (``problems``:
    a signature that does not verify, one the project requires and lacks),
    which makes `check` fail."""

    state: ReviewState
    lines: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # signatures that verified


def _changes(kind: str, name: str, state: ReviewState, language: str) -> list[str]:
    """Each change behind a "changed" ``state``, with the file it is in."""
    from ..render.wording import catalogue_path
    from .values import primary_language

    review = "meta.review" if kind == "content" else "review"
    if state.predates:
        return [f"{name}: {review}: the approval predates the fingerprint of every printed "
                "word (language, catalogue, approval record); run `handouts approve` again"]
    out = []
    for key in state.changed:
        if key == RECORD:
            out.append(f"{name}: {review}: the approval record (approved_by, approved_on, "
                       "next_review, signed_by) was edited after the approval")
        elif key.startswith("catalogue."):
            lang = primary_language(language)
            out.append(f"catalogue {lang}: {key.split('.', 1)[1]}.* changed since the approval "
                       f"({catalogue_path(lang)})")
        elif key == "language":
            where = "meta.language" if kind == "content" else "language"
            out.append(f"{name}: {where}: changed since the approval")
        elif kind == "clinic" and key not in ("clinic", "sources", "glossary"):
            out.append(f"{name}: sections.{key}: changed since the approval")
        else:
            out.append(f"{name}: {key}: changed since the approval")
    return out


def file_review(kind: str, path: Path | None, review: Review, prints: dict[str, str],
                today: dt.date | None, language: str) -> Verdict:
    """The verdict on one file's approval: its fingerprints (``prints``, as
    the file stands) against the approval's, and its signature (verified
    against the project of ``path``; with no ``path``, a signature is not
    checked and none is required)."""
    name = Path(path).name if path is not None else f"the {kind} file"
    state = state_of(review, prints, today)
    lines = tuple(_changes(kind, name, state, language)) if state.status == "changed" else ()
    if state.status not in ("approved", "overdue") or path is None:
        return Verdict(state, lines)
    policy = policy_for(path)
    where = f"{name}: {'meta.review' if kind == 'content' else 'review'}"
    problem = None
    if review.signature:
        if shutil.which("ssh-keygen") is None:
            problem = f"{where}.signature: cannot be verified: {NO_SSH_KEYGEN}"
        elif policy.allowed_signers is None:
            problem = (f"{where}.signature: cannot be verified: the file is in no project with "
                       "an allowed_signers file")
        else:
            why = verify(payload(kind, review), review.signature, review.signed_by,
                         policy.allowed_signers)
            if why is None:
                return Verdict(replace(state, signed_by=review.signed_by), lines, (),
                               (f"{name}: signed by {review.signed_by} (verified with "
                                f"{policy.allowed_signers.name})",))
            problem = (f"{where}.signature: does not verify for {review.signed_by or 'nobody'} "
                       f"({why}); the approval does not count")
    elif policy.required:
        problem = (f"{where}: not signed, and {policy.config} requires signatures "
                   "(require_signatures = true); approve again with --sign KEYFILE")
    if problem is None:
        return Verdict(state, lines)
    return Verdict(ReviewState("draft", state.approved_by, state.approved_on, state.next_review,
                               needs=(problem,)), lines, (problem,))


def _approve_hint(language: str, clinic: bool) -> str:
    from .values import primary_language

    lang = primary_language(language)
    return ("handouts approve" + (" --clinic" if clinic else "")
            + (f" --lang {lang}" if lang != "en" else ""))


def edition_review(content: "Content", clinic: "ClinicInfo | None", today: dt.date | None,
                   content_path: Path | None = None,
                   clinic_path: Path | None = None) -> Verdict:
    """How the edition ``content`` prints with the clinic file ``clinic``
    (``None``: the brand names none) on ``today``: approved only when both
    approvals hold and the clinic file is complete and in the content's
    language; else the worse of the two states (overdue, then changed, then
    draft), with what still needs doing in ``state.needs``."""
    from .clinic import clinic_fingerprints
    from .review import printed_fingerprints
    from .values import primary_language

    language = content.meta.language
    own = file_review("content", content_path, content.meta.review,
                      printed_fingerprints(content), today, language)
    lines, problems, notes = list(own.lines), list(own.problems), list(own.notes)
    needs: list[str] = []
    cname = Path(content_path).name if content_path is not None else "the edition"
    if not own.state.approved and own.state.status != "overdue":
        needs.append(f"the edition {cname} still needs: {_approve_hint(language, False)}")
    if clinic is None:
        needs.append("a clinic file: the brand names none (clinic_info), so no safety "
                      "information would print; name one and approve it "
                      f"({_approve_hint(language, True)})")
        theirs = None
    else:
        name = Path(clinic_path).name if clinic_path is not None else "the clinic file"
        theirs = file_review("clinic", clinic_path, clinic.review, clinic_fingerprints(clinic),
                             today, clinic.language)
        lines += theirs.lines
        problems += theirs.problems
        notes += theirs.notes
        if primary_language(clinic.language) != primary_language(language):
            needs.append(f"the clinic file {name} is in '{clinic.language}', the edition in "
                         f"'{language}': name the clinic file in '{language}'")
        empty = clinic.empty_safety_slots()
        if empty:
            needs.append(f"the clinic file {name} leaves empty: "
                         f"{', '.join(f'sections.{s}' for s in empty)}")
        if not theirs.state.approved and theirs.state.status != "overdue":
            needs.append(f"the clinic file {name} still needs: {_approve_hint(language, True)}")
    needs += [n for s in (own.state, *([theirs.state] if theirs else [])) for n in s.needs
              if n not in problems]
    state = _combined(own.state, theirs.state if theirs else None)
    if needs and state.status in ("approved",):
        state = ReviewState("draft", state.approved_by, state.approved_on, state.next_review)
    state = replace(state, needs=tuple(dict.fromkeys((*needs, *problems))))
    return Verdict(state, tuple(lines), tuple(problems), tuple(notes))


def printed_state(content: "Content", clinic: "ClinicInfo | None",
                  today: dt.date | None = None) -> ReviewState:
    """How ``content`` prints with ``clinic``, for a renderer given no
    review state: :func:`edition_review` with no files to find a project's
    signatures in (a command always passes the state it computed)."""
    return edition_review(content, clinic, today).state


def _combined(content: ReviewState, clinic: ReviewState | None) -> ReviewState:
    """Approved only when both are (due when the first of them is due); else
    the worse of the two (overdue, then changed, then draft)."""
    if clinic is None:
        return content
    if content.approved and clinic.approved:
        due = min(content.next_review, clinic.next_review)
        return replace(content, next_review=due)
    worst = min((content, clinic), key=lambda s: _WORST_FIRST.index(s.status))
    if worst is clinic and clinic.changed:
        return replace(clinic, changed=tuple(f"clinic.{c}" for c in clinic.changed))
    return worst
