"""Loading the content file and finding conditions in it."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from pathlib import Path

from . import yamlfile
from ..errors import InvalidInput, Problem, UnknownCondition
from .model import Condition, Content
from .review import review_state
from .target import WHOLE, WHOLE_NAME, Target
from .validation import raise_if, validate


def load_content(path: Path | str) -> Content:
    """Read, validate and return the content file at ``path``.

    Raises :class:`~handouts.errors.InvalidInput` listing every problem with
    its line: YAML syntax, wrong types, missing or unknown keys, reserved,
    repeated or shared slugs and aliases.
    """
    doc = yamlfile.load(Path(path), "content")
    problems: list[Problem] = []
    content = None
    try:
        content = validate(Content, doc)
    except InvalidInput as exc:
        problems += exc.problems
    problems += _name_problems(doc)
    raise_if(_unique(problems))
    return content


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _name_problems(doc: yamlfile.LocatedYaml) -> list[Problem]:
    """Slugs and aliases used twice, checked on the raw data so they are
    reported even when other parts of the file are wrong."""
    conditions = doc.data.get("conditions")
    if not isinstance(conditions, list):
        return []
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for i, cond in enumerate(conditions):
        if not isinstance(cond, dict) or not isinstance(cond.get("slug"), str):
            continue
        slug = cond["slug"]
        aliases = cond.get("aliases") if isinstance(cond.get("aliases"), list) else []
        names = [(("conditions", i, "slug"), slug)]
        names += [(("conditions", i, "aliases", j), a.strip().lower())
                  for j, a in enumerate(aliases) if isinstance(a, str)]
        for loc, name in names:
            if name in owner and owner[name] != slug:
                problems.append(doc.problem(loc, f"'{name}' is already used by '{owner[name]}'"))
            elif name in owner:
                problems.append(doc.problem(loc, f"'{name}' is listed twice"))
            else:
                owner[name] = slug
    return problems


def content_warnings(content: Content, today: dt.date | None = None) -> list[str]:
    """Things a person should fix but that do not stop a build."""
    today = today or dt.date.today()
    out = []
    for cond in content.conditions:
        if not cond.key_points:
            out.append(f"conditions.{cond.slug}: no key points yet; write 3 to 5 for slides")
        if not cond.main_message:
            out.append(f"conditions.{cond.slug}.main_message: none yet; write the one thing a "
                       "patient should remember, in the section's own words")
        elif not _in_own_words(cond.main_message, cond):
            out.append(f"conditions.{cond.slug}.main_message: not a sentence of the section's "
                       "body or key points; a reviewer should confirm it adds no claim")
    if not content.introduction.key_points:
        out.append("introduction: no key points yet; write 3 to 5 for slides")
    if not content.conclusion.key_points:
        out.append("conclusion: no key points yet; write 3 to 5 for slides")
    for place, points in _key_point_sets(content):
        for i, point in enumerate(points):
            word = _BACK_POINTING.match(point)
            if word:
                out.append(f"{place}[{i}]: starts with '{word.group(1)}', which points back to "
                           "another bullet; a slide point should name its subject")
    if content.meta.legacy_review:
        out.append("meta.review_status, reviewed_on, next_review: these no longer count as a "
                   "review; the edition is a draft until a clinician approves it with "
                   "`handouts approve --by \"NAME, CREDENTIALS\"` (then delete those keys)")
    state = review_state(content, today)
    if state.status == "overdue":
        out.append(f"meta.review.next_review: the review was due on {state.next_review}; "
                   "`build` stops until it is reviewed again (or is given --allow-overdue)")
    return out


# Words that, starting a bullet, point back to another bullet for their subject.
_BACK_POINTING = re.compile(r"(This|These|They|It|Then|Those|That)\b")


def _key_point_sets(content: Content):
    """(key path, points) for every list of slide points in the edition."""
    intro = content.introduction
    yield "introduction.key_points", intro.key_points
    yield "introduction.how_it_works_points", intro.how_it_works_points
    for cond in content.conditions:
        yield f"conditions.{cond.slug}.key_points", cond.key_points
    yield "conclusion.key_points", content.conclusion.key_points


def _words(text: str) -> str:
    return " ".join(re.findall(r"[\w'-]+", text.lower()))


def _in_own_words(message: str, cond: Condition) -> bool:
    """Whether ``message`` is, word for word, a key point or part of the
    section's body (punctuation and case aside)."""
    return _words(message) in {_words(p) for p in cond.key_points} or \
        _words(message) in _words(" ".join(cond.body))


def normalise_name(text: str) -> str:
    """Lower-case ``text`` without accents ("migraña" -> "migrana"), runs of
    spaces, underscores and dashes as one '-'."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-]+", "-", plain.strip().lower()).strip("-")


def find_condition(content: Content, query: str) -> Condition:
    """The condition whose slug or alias matches ``query``, case-insensitively.

    Raises :class:`~handouts.errors.UnknownCondition` (exit 2) with the closest
    name and the list of slugs.
    """
    key = normalise_name(query)
    names: dict[str, Condition] = {}
    for cond in content.conditions:
        for name in (*cond.names, normalise_name(cond.title), normalise_name(cond.short_title)):
            names.setdefault(normalise_name(name), cond)
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.5)
    hint = f" Did you mean '{names[close[0]].slug}'?" if close else ""
    raise UnknownCondition(
        f"Unknown condition '{query}'.{hint}\n"
        f"Known conditions: {', '.join(content.slugs)}"
    )


def resolve_target(content: Content, name: str | None) -> Target:
    """The :class:`Target` a user means: ``None`` or ``"overview"`` is the
    whole edition; anything else a condition's slug or alias (else
    :class:`~handouts.errors.UnknownCondition`, exit 2)."""
    if name is None or normalise_name(name) == WHOLE_NAME:
        return WHOLE
    return Target.condition_of(find_condition(content, name).slug)
