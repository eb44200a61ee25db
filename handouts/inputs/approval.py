"""Recording a clinician's approval in a content file (or a clinic file),
keeping the file as it was around it: its comments and layout (ruamel.yaml's
round trip, with the file's own indentation), its line endings, its mode, a
link to it (the real file is written), and an editor's change made while
`approve` ran (then nothing is written)."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutsError, InvalidInput, Problem
from .clinic import clinic_fingerprints, load_clinic
from .content import load_content
from .files import read_bytes
from .review import RECORD, Review, printed_fingerprints, record_fingerprint

LEGACY_KEYS = ("review_status", "reviewed_on", "next_review")
MAX_YEARS_AHEAD = 3  # a next review further off is refused


def check_approver(by: str) -> str:
    """``by`` cleaned, or ``ValueError`` unless it reads "NAME, CREDENTIALS"."""
    name, _, credentials = (part.strip() for part in by.partition(","))
    if not name or not credentials:
        raise ValueError(f"'{by}': give the approver's name and credentials, "
                         "e.g. \"Dana Reyes, MD\"")
    return f"{name}, {credentials}"


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (February 29 becomes February 28)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Approved:
    """What `approve` writes: ``data`` for the real file ``path``, made from
    ``original`` (its bytes as read, with ``mtime_ns``)."""

    path: Path
    data: bytes
    original: bytes
    mtime_ns: int
    mode: int

    @property
    def text(self) -> str:
        return self.data.decode("utf-8-sig").replace("\r\n", "\n")


def approve_file(path: Path, by: str, on: dt.date, next_review: dt.date,
                 clinic: bool = False, sign_with: Path | None = None) -> Approved:
    """The file at ``path`` (with ``clinic``, a clinic file) with its review
    (``meta.review``; a clinic file's ``review``) recording an approval by
    ``by`` on ``on``, due again on ``next_review``, and the fingerprint of
    every printed word as it stands (and, with ``sign_with``, an SSH key,
    the reviewer's signature). The free-text review keys of older content
    files are removed; every other line and comment is kept. Raises
    :class:`InvalidInput` when the file is not valid, or is a clinic file
    with an empty safety slot (nothing incomplete is approved)."""
    from .signoff import payload, policy_for, sign, signer_for

    key = "review" if clinic else "meta.review"
    if next_review <= on:
        raise InvalidInput([Problem(str(path), None, f"{key}.next_review",
                                    f"{next_review} must come after the approval ({on})")])
    latest = years_after(on, MAX_YEARS_AHEAD)
    if next_review > latest:
        raise InvalidInput([Problem(str(path), None, f"{key}.next_review",
                                    f"{next_review} is more than {MAX_YEARS_AHEAD} years after "
                                    f"the approval ({on}); review it again by {latest} at the "
                                    "latest")])
    real = Path(path).resolve()  # a link: write the file it leads to
    original = read_bytes(real, "clinic" if clinic else "content")
    info = os.stat(real)
    if clinic:
        found = load_clinic(real)
        empty = found.empty_safety_slots()
        if empty:
            from ..render.wording import say, speaking

            with speaking(found.language):
                raise InvalidInput([Problem(
                    str(path), None, f"sections.{slot}",
                    f"empty: patients would get no \"{say('clinic.' + slot)}\"; write it, "
                    "then approve (a clinic file is approved only with every safety section "
                    "written)") for slot in empty])
        prints, kind = clinic_fingerprints(found), "clinic"
    else:
        prints, kind = printed_fingerprints(load_content(real)), "content"
    policy = policy_for(real)
    if sign_with is None and policy.required:
        raise HandoutsError(f"{path}: not approved: {policy.config} requires signed approvals "
                            "(require_signatures = true); approve with --sign KEYFILE")
    signed_by = signer_for(sign_with, policy) if sign_with is not None else ""
    review = Review(status="approved", approved_by=by, approved_on=on, next_review=next_review,
                    signed_by=signed_by, fingerprints=prints)
    review = review.model_copy(update={"fingerprints": {
        **prints, RECORD: record_fingerprint(review)}})
    signature = sign(payload(kind, review), sign_with) if sign_with is not None else ""
    text = _with_review(original, review, signature, clinic)
    return Approved(real, text, original, info.st_mtime_ns, info.st_mode & 0o7777)


def approved_text(path: Path, by: str, on: dt.date, next_review: dt.date,
                  clinic: bool = False) -> str:
    """The text :func:`approve_file` would write (unsigned)."""
    return approve_file(path, by, on, next_review, clinic).text


def _indents(text: str) -> int:
    """The file's own mapping indent: how far a key's first nested key is
    indented past it (2 unless the file shows otherwise)."""
    lines = [(len(ln) - len(ln.lstrip(" ")), ln.strip()) for ln in text.split("\n")
             if ln.strip() and not ln.lstrip().startswith("#")]
    for (i, a), (j, b) in zip(lines, lines[1:]):
        if (a.endswith(":") and not a.startswith("-") and j > i and not b.startswith("-")
                and re.match(r"[\w\"'.-]+\s*:", b)):
            return j - i
    return 2


def _with_review(original: bytes, review: Review, signature: str, clinic: bool) -> bytes:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import LiteralScalarString
    from ruamel.yaml.util import load_yaml_guess_indent

    bom = original.startswith(b"\xef\xbb\xbf")
    crlf = b"\r\n" in original
    text = original.decode("utf-8-sig").replace("\r\n", "\n")
    _, sequence_indent, dash_offset = load_yaml_guess_indent(text)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap: folded (>-) text keeps its own line breaks
    yaml.indent(mapping=_indents(text), sequence=sequence_indent or 2, offset=dash_offset or 0)
    data = yaml.load(text)
    meta = data if clinic else data["meta"]
    for key in () if clinic else LEGACY_KEYS:
        if key in meta:
            del meta[key]
    wanted = {"status": "approved", "approved_by": review.approved_by,
              "approved_on": review.approved_on.isoformat(),
              "next_review": review.next_review.isoformat()}
    if review.signed_by:
        wanted["signed_by"] = review.signed_by
        wanted["signature"] = LiteralScalarString(signature)
    wanted["fingerprints"] = CommentedMap(sorted(review.fingerprints.items()))
    old = meta.get("review")
    if isinstance(old, CommentedMap):
        _update_in_place(old, wanted)
    elif "review" in meta:
        meta["review"] = CommentedMap(wanted)
    else:
        after = "language" if clinic else "edition"
        meta.insert(list(meta).index(after) + 1 if after in meta else len(meta),
                    "review", CommentedMap(wanted))
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    if crlf:
        result = result.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + result.encode("utf-8")


def _last(node):
    """(mapping, key) of the last key of ``node``, nested maps followed: where
    ruamel keeps what follows a block (a blank line, a comment)."""
    key = list(node)[-1]
    from ruamel.yaml.comments import CommentedMap

    if isinstance(node[key], CommentedMap) and len(node[key]):
        return _last(node[key])
    return node, key


def _update_in_place(review, wanted: dict) -> None:
    """Make the map ``review`` hold ``wanted``: keys it has keep their place
    and comments, new ones go where ``wanted`` orders them, others go; what
    followed the block still follows it."""
    trailing = None
    if len(review):
        holder, key = _last(review)
        trailing = holder.ca.items.pop(key, None) if hasattr(holder, "ca") else None
    for key in [k for k in review if k not in wanted]:
        del review[key]
    previous = None
    for key, value in wanted.items():
        if key in review:
            review[key] = value
        else:
            position = list(review).index(previous) + 1 if previous in review else 0
            review.insert(position, key, value)
        previous = key
    if trailing is not None:
        holder, key = _last(review)
        holder.ca.items[key] = trailing


def write_approved(approved: Approved) -> None:
    """Replace the file with ``approved.data``, keeping its mode; refused,
    and nothing written, when the file changed since it was read (an editor
    saved it while `approve` ran)."""
    path = approved.path
    changed = HandoutsError(f"{path}: changed while approve ran (another program saved it); "
                            "nothing was written: run approve again")
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise HandoutsError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(approved.data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, approved.mode)
        try:
            now = os.stat(path)
            with open(path, "rb") as fh:
                current = fh.read(len(approved.original) + 1)
        except OSError:
            raise changed from None
        if current != approved.original or now.st_mtime_ns != approved.mtime_ns:
            raise changed
        os.replace(tmp, path)
    except OSError as exc:
        raise HandoutsError(f"{path}: cannot write: {exc.strerror or exc}; nothing was "
                            "written") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
