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
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import HandoutsError
from .review import RECORD, Review, ReviewState, _WORST_FIRST, state_of

if TYPE_CHECKING:
    from .clinic import ClinicInfo
    from .model import Content

NAMESPACE = "handouts-approval"
ALLOWED_SIGNERS = "allowed_signers"
NO_SSH_KEYGEN = ("ssh-keygen not found: signed approvals need OpenSSH's ssh-keygen (Debian and "
                 "Ubuntu: apt-get install openssh-client; macOS and Windows 10+ have it)")


# --- The project's signing policy -------------------------------------------

@dataclass(frozen=True)
class Policy:
    """What the project of a file asks of its approvals' signatures."""

    config: Path | None = None  # its handouts.toml
    allowed_signers: Path | None = None
    required: bool = False


def policy_for(path: Path | str) -> Policy:
    """The signing policy of the project the file at ``path`` lies in (the
    nearest ``handouts.toml`` at or above its folder): ``allowed_signers``
    (a path relative to ``handouts.toml``; default ``allowed_signers`` beside
    it) and ``require_signatures`` (default false). A value of the wrong type
    counts as requiring signatures (`check` reports it as a problem of
    ``handouts.toml``)."""
    from ..project.config import _toml, find_config

    try:
        config = find_config(Path(path).resolve().parent)
    except OSError:
        config = None
    if config is None:
        return Policy()
    try:
        data = _toml(config.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        data = {}
    name = data.get("allowed_signers", ALLOWED_SIGNERS)
    inside = isinstance(name, str) and name.strip() and not Path(name).is_absolute() \
        and ".." not in Path(name).parts
    allowed = config.parent / name if inside else None
    required = data.get("require_signatures", False)
    return Policy(config, allowed, required is not False)


# --- Signing and verifying --------------------------------------------------

def payload(kind: str, review: Review) -> bytes:
    """The bytes a signature covers: the kind of file (``content`` or
    ``clinic``), who approved it, when, the next review, who signs, and every
    fingerprint (the record's own included), as canonical JSON."""
    return json.dumps({"handouts-approval": 1, "kind": kind, "approved_by": review.approved_by,
                       "approved_on": str(review.approved_on),
                       "next_review": str(review.next_review), "signed_by": review.signed_by,
                       "fingerprints": dict(review.fingerprints)},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise HandoutsError(NO_SSH_KEYGEN)
    return found


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([ssh_keygen(), *args], input=data, capture_output=True,
                          timeout=120, stdin=None if data is not None else subprocess.DEVNULL)


def _split(line: str) -> list[str]:
    """Fields of an allowed_signers line: blanks separate them, except in
    double quotes (an option such as ``namespaces="a,b"``)."""
    out, cur, quoted = [], "", False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch.isspace() and not quoted:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    return out + ([cur] if cur else [])


def _key_type(field_: str) -> bool:
    return field_.startswith(("ssh-", "ecdsa-", "sk-", "rsa-"))


def principal_of(public_key: str, allowed: Path) -> str | None:
    """The first principal ``allowed`` (an allowed_signers file) lists for
    ``public_key`` (``TYPE BASE64 [comment]``), or ``None``."""
    want = public_key.split()[:2]
    for line in allowed.read_text(encoding="utf-8").splitlines():
        fields = _split(line.strip())
        if not fields or fields[0].startswith("#"):
            continue
        rest = fields[1:] if len(fields) > 1 and _key_type(fields[1]) else fields[2:]
        if rest[:2] == want:
            return fields[0].split(",")[0]
    return None


def public_key_of(keyfile: Path) -> str:
    """The public key of ``keyfile`` (a private key, whose ``.pub`` is read
    when it lies beside it; or a public key, whose private key an agent
    holds, as git's ``user.signingkey`` may be)."""
    keyfile = Path(keyfile)
    if not keyfile.is_file():
        raise HandoutsError(f"--sign {keyfile}: no such key file")
    for candidate in (keyfile, Path(f"{keyfile}.pub")):
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8", errors="replace").strip()
            if _key_type(text.split(" ", 1)[0]) and len(text.split()) >= 2:
                return text
    done = _run(["-y", "-f", str(keyfile)])
    if done.returncode != 0:
        raise HandoutsError(f"--sign {keyfile}: not an SSH key ssh-keygen can read: "
                            f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout.decode().strip()


def signer_for(keyfile: Path, policy: Policy) -> str:
    """The principal ``policy``'s allowed_signers lists for ``keyfile``;
    refused with a message when there is no such file, or the key is not in it."""
    allowed = policy.allowed_signers
    if policy.config is None or allowed is None:
        raise HandoutsError("--sign: the file is in no project (no handouts.toml above it); "
                            "a signature is verified against the project's allowed_signers")
    key = public_key_of(keyfile)
    if not allowed.is_file():
        raise HandoutsError(f"--sign {keyfile}: {allowed} not found: list the project's "
                            "reviewers there first, one a line, e.g. "
                            f"dana@clinic.example {' '.join(key.split()[:2])}")
    principal = principal_of(key, allowed)
    if principal is None:
        raise HandoutsError(f"--sign {keyfile}: its public key is not in {allowed}; add a line "
                            f"for the reviewer: dana@clinic.example "
                            f"{' '.join(key.split()[:2])}")
    return principal


def sign(data: bytes, keyfile: Path) -> str:
    """The armored SSH signature of ``data`` by ``keyfile``."""
    done = _run(["-Y", "sign", "-n", NAMESPACE, "-f", str(keyfile)], data)
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        raise HandoutsError(f"--sign {keyfile}: ssh-keygen could not sign: "
                            f"{done.stderr.decode(errors='replace').strip() or 'no signature'}")
    return done.stdout.decode("ascii").strip() + "\n"


def verify(data: bytes, signature: str, principal: str, allowed: Path) -> str | None:
    """``None`` when ``signature`` is ``principal``'s over ``data`` and
    ``allowed`` lists ``principal`` with that key; else why not."""
    if not allowed.is_file():
        return f"{allowed} not found, so no signature can be verified"
    with tempfile.TemporaryDirectory(prefix="handouts-sig-") as tmp:
        sig = Path(tmp) / "approval.sig"
        sig.write_text(signature, encoding="ascii", errors="replace")
        done = _run(["-Y", "verify", "-f", str(allowed), "-I", principal, "-n", NAMESPACE,
                     "-s", str(sig)], data)
    if done.returncode == 0:
        return None
    why = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
    return why[-1] if why else f"ssh-keygen exited {done.returncode}"


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
