"""Recording a clinician's approval in a content file, keeping the file's
comments and layout (ruamel.yaml's round trip)."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ..errors import InvalidInput, Problem
from .clinic import clinic_fingerprints, load_clinic
from .content import load_content
from .files import read_text
from .review import fingerprints

LEGACY_KEYS = ("review_status", "reviewed_on", "next_review")


def check_approver(by: str) -> str:
    """``by`` cleaned, or ``ValueError`` unless it reads "NAME, CREDENTIALS"."""
    name, _, credentials = (part.strip() for part in by.partition(","))
    if not name or not credentials:
        raise ValueError(f"'{by}': give the approver's name and credentials, "
                         "e.g. \"Dana Reyes, MD\"")
    return f"{name}, {credentials}"


def approved_text(path: Path, by: str, on: dt.date, next_review: dt.date,
                  clinic: bool = False) -> str:
    """The content file at ``path`` (with ``clinic``, the clinic's own file)
    with its review (``meta.review``; a clinic file's ``review``) recording
    an approval by ``by`` on ``on``, due again on ``next_review``, and the
    fingerprint of every section as it stands. The free-text review keys of
    older content files are removed; every other line and comment is kept.
    Raises :class:`InvalidInput` when the file is not valid (nothing invalid
    is approved)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    if next_review <= on:
        raise InvalidInput([Problem(str(path), None, "meta.review.next_review",
                                    f"{next_review} must come after the approval ({on})")])
    if clinic:
        prints = clinic_fingerprints(load_clinic(path))
    else:
        prints = fingerprints(load_content(path))
    from ruamel.yaml.util import load_yaml_guess_indent

    text = read_text(path, "content")
    _, sequence_indent, dash_offset = load_yaml_guess_indent(text)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap: folded (>-) text keeps its own line breaks
    yaml.indent(mapping=2, sequence=sequence_indent or 2, offset=dash_offset or 0)
    data = yaml.load(text)
    meta = data if clinic else data["meta"]
    for key in () if clinic else LEGACY_KEYS:
        if key in meta:
            del meta[key]
    review = CommentedMap()
    review["status"] = "approved"
    review["approved_by"] = by
    review["approved_on"] = on.isoformat()
    review["next_review"] = next_review.isoformat()
    review["fingerprints"] = CommentedMap(sorted(prints.items()))
    if "review" in meta:
        _keep_trailing_comment(meta["review"], review["fingerprints"])
        meta["review"] = review
    else:
        after = "language" if clinic else "edition"
        meta.insert(list(meta).index(after) + 1 if after in meta else len(meta),
                    "review", review)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _keep_trailing_comment(old, new) -> None:
    """Move what followed the old review block (a blank line, a comment) to
    the end of the new one, so the lines after it stay as they were."""
    ca = getattr(old, "ca", None)
    if not ca or not len(old) or not len(new):
        return
    last_old, last_new = list(old)[-1], list(new)[-1]
    if last_old in ca.items:
        new.ca.items[last_new] = ca.items[last_old]
