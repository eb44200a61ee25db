"""Loading the content file and finding conditions in it."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from . import yamlfile
from .errors import Problem, UnknownCondition
from .model import Condition, Content
from .validation import raise_if, validate


def load_content(path: Path | str) -> Content:
    """Read, validate and return the content file at ``path``.

    Raises :class:`~handouts.errors.InvalidInput` listing every problem with
    its line: YAML syntax, wrong types, missing or unknown keys, repeated
    slugs or aliases.
    """
    doc = yamlfile.load(Path(path), "content")
    content: Content = validate(Content, doc)
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for i, cond in enumerate(content.conditions):
        for j, name in enumerate(cond.names):
            loc = ("conditions", i, "slug") if j == 0 else ("conditions", i, "aliases", j - 1)
            if name in owner and owner[name] != cond.slug:
                problems.append(doc.problem(loc, f"'{name}' is already used by '{owner[name]}'"))
            elif name in owner:
                problems.append(doc.problem(loc, f"'{name}' is listed twice"))
            else:
                owner[name] = cond.slug
    raise_if(problems)
    return content


def content_warnings(content: Content, today: dt.date | None = None) -> list[str]:
    """Things a person should fix but that do not stop a build."""
    today = today or dt.date.today()
    out = []
    for cond in content.conditions:
        if not cond.key_points:
            out.append(f"conditions.{cond.slug}: no key points yet; write 3 to 5 for slides")
    if not content.introduction.key_points:
        out.append("introduction: no key points yet; write 3 to 5 for slides")
    if not content.conclusion.key_points:
        out.append("conclusion: no key points yet; write 3 to 5 for slides")
    if content.meta.next_review and content.meta.next_review < today:
        out.append(f"meta.next_review: review was due on {content.meta.next_review}")
    return out


def normalise_name(text: str) -> str:
    """Lower-case ``text`` with runs of spaces, underscores and dashes as one '-'."""
    return re.sub(r"[\s_\-]+", "-", text.strip().lower()).strip("-")


def find_condition(content: Content, query: str) -> Condition:
    """The condition whose slug or alias matches ``query``, case-insensitively.

    Raises :class:`~handouts.errors.UnknownCondition` (exit 2) with the closest
    name and the list of slugs.
    """
    key = normalise_name(query)
    names: dict[str, Condition] = {}
    for cond in content.conditions:
        for name in (*cond.names, normalise_name(cond.title), normalise_name(cond.short_title)):
            names.setdefault(name, cond)
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.5)
    hint = f" Did you mean '{names[close[0]].slug}'?" if close else ""
    raise UnknownCondition(
        f"Unknown condition '{query}'.{hint}\n"
        f"Known conditions: {', '.join(content.slugs)}"
    )
