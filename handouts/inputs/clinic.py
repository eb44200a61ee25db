"""The clinic's own file: what only the clinic can write (how ketamine is
approved and used, side effects, who should not have it, before, during and
after an infusion, when to call, cost), each statement with its source, and
the same review data as the content. Nothing here comes from the article;
the edition's guarantee (no claim added) holds because all of it lives here.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import limits as L
from . import yamlfile
from ..errors import InvalidInput
from .model import Glossary
from .review import Review, ReviewState, state_of
from .validation import raise_if, validate
from .values import Citation, Language, Line, Pictogram, Text

# The fixed slots, in the order they print; a clinic fills the ones it can.
SLOTS = ("approval", "side_effects", "who_should_not", "before", "during", "after",
         "when_to_call", "cost")
# Slots a reviewer expects filled before patients see the material.
SAFETY_SLOTS = ("approval", "side_effects", "who_should_not", "after", "when_to_call")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Statement(_Frozen):
    """One statement, the key of its source in the file's ``sources``, and
    optionally a pictogram that shows it (``infusion``, ``no-driving`` or
    ``call``)."""

    text: L.bounded(Text, L.STATEMENT, "a clinic statement")
    source: Text
    pictogram: Pictogram | None = None  # a picture beside the statement


class EvidenceLine(_Frozen):
    """A line on approval status and evidence and the key (or keys) of its
    sources in the file's ``sources``."""

    text: Text
    source: Text | tuple[Text, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)


class Evidence(EvidenceLine):
    """The clinic's one-line statement of approval status and evidence,
    printed beside each condition's main message (page 1, the condition's
    first slide, the top of its web page); ``conditions`` gives a condition
    (by slug) a line of its own, where the evidence for it differs."""

    conditions: Annotated[dict[str, EvidenceLine], Field(max_length=L.SOURCES)] = {}

    def line(self, slug: str | None = None) -> EvidenceLine:
        """The line for condition ``slug``: its own, else the general one."""
        return self.conditions.get(slug or "", self)

    def lines(self) -> tuple[EvidenceLine, ...]:
        return (self, *self.conditions.values())


class Sections(_Frozen):
    approval: L.few(Statement, L.STATEMENTS) = ()
    side_effects: L.few(Statement, L.STATEMENTS) = ()
    who_should_not: L.few(Statement, L.STATEMENTS) = ()
    before: L.few(Statement, L.STATEMENTS) = ()
    during: L.few(Statement, L.STATEMENTS) = ()
    after: L.few(Statement, L.STATEMENTS) = ()
    when_to_call: L.few(Statement, L.STATEMENTS) = ()
    cost: L.few(Statement, L.STATEMENTS) = ()


class ClinicInfo(_Frozen):
    """A validated clinic file."""

    clinic: L.bounded(Line, L.NAME, "a clinic's name") = ""  # who writes it, as the box's heading names it (default: the brand's)
    language: Language = "en-US"
    review: Review = Review()
    sources: Annotated[dict[str, Citation], Field(max_length=L.SOURCES)] = {}
    sections: Sections = Sections()
    # Approval status and evidence in one line, beside every main message.
    evidence: Evidence | None = None
    # Short points "At a glance" adds to a condition's: the safety facts and
    # what to do, each with its source, each within 12 words.
    summary: L.few(Statement, L.STATEMENTS) = ()
    # Words in the statements a patient may not know, explained like the edition's.
    glossary: Glossary = ()

    @model_validator(mode="after")
    def _sources_exist(self):
        known = ", ".join(self.sources) or "none yet"
        if self.evidence is not None:
            where = {"evidence": self.evidence, **{f"evidence.conditions.{slug}": line
                                                   for slug, line in
                                                   self.evidence.conditions.items()}}
            for path, line in where.items():
                if not line.keys:
                    raise ValueError(f"{path}.source: name at least one key under sources")
                for key in line.keys:
                    if key not in self.sources:
                        raise ValueError(f"{path}.source: '{key}' is not under sources "
                                         f"(have: {known})")
        for i, st in enumerate(self.summary):
            if st.source not in self.sources:
                raise ValueError(f"summary[{i}].source: '{st.source}' is not under sources "
                                 f"(have: {known})")
        for slot in SLOTS:
            for i, st in enumerate(getattr(self.sections, slot)):
                if st.source not in self.sources:
                    known = ", ".join(self.sources) or "none yet"
                    raise ValueError(f"sections.{slot}[{i}].source: '{st.source}' is not "
                                     f"under sources (have: {known})")
        return self

    def filled(self) -> list[tuple[str, tuple[Statement, ...]]]:
        """(slot, statements) for each slot the clinic has written, in order."""
        return [(slot, getattr(self.sections, slot)) for slot in SLOTS
                if getattr(self.sections, slot)]

    def empty_safety_slots(self) -> list[str]:
        return [slot for slot in SAFETY_SLOTS if not getattr(self.sections, slot)]

    def source_numbers(self, slug: str | None = None) -> dict[str, int]:
        """Each cited source's number, in order of first citation in the
        handout of condition ``slug`` (the evidence line's sources first: it
        prints first; then the summary's)."""
        numbers: dict[str, int] = {}
        for key in (self.evidence.line(slug).keys if self.evidence else ()):
            numbers.setdefault(key, len(numbers) + 1)
        for st in self.summary:
            numbers.setdefault(st.source, len(numbers) + 1)
        for _, statements in self.filled():
            for st in statements:
                numbers.setdefault(st.source, len(numbers) + 1)
        return numbers

    def source_uses(self, slug: str | None = None) -> dict[str, tuple[str, ...]]:
        """Where each cited source is used in the handout of condition
        ``slug``, in the order its list prints them: ``"evidence"`` (the
        line under the main message), ``"summary"`` ("At a glance"), both
        printed only in a condition's handout (``slug`` given), and the
        slots it backs. Handouts print a statement without a marker and
        list each source with these places, once, last."""
        uses: dict[str, dict[str, None]] = {}
        if slug is not None:
            for key in (self.evidence.line(slug).keys if self.evidence else ()):
                uses.setdefault(key, {})["evidence"] = None
            for st in self.summary:
                uses.setdefault(st.source, {})["summary"] = None
        for slot, statements in self.filled():
            for st in statements:
                uses.setdefault(st.source, {})[slot] = None
        return {key: tuple(places) for key, places in uses.items()}


def evidence_line(info: ClinicInfo | None, slug: str | None = None) -> str:
    """The evidence line for condition ``slug`` (its own, else the general
    one); empty when the clinic gives none. Its sources are listed with the
    clinic's (:meth:`ClinicInfo.source_uses`)."""
    if info is None or info.evidence is None:
        return ""
    return info.evidence.line(slug).text


def clinic_fingerprints(info: ClinicInfo) -> dict[str, str]:
    """What an approval of the clinic file covers: a short hash of each
    slot's statements, of the sources, the glossary, the clinic's name as
    the box prints it (``clinic``) and the language."""
    parts = {slot: [st.model_dump() for st in getattr(info.sections, slot)] for slot in SLOTS}
    parts["sources"] = info.sources
    if info.evidence is not None:  # (a file without one keeps its approval's fingerprints)
        parts["evidence"] = info.evidence.model_dump(exclude_defaults=True)
    if info.summary:
        parts["summary"] = [st.model_dump() for st in info.summary]
    parts["glossary"] = [t.model_dump() for t in info.glossary]
    parts["clinic"] = info.clinic
    parts["language"] = info.language
    return {k: hashlib.sha256(json.dumps(v, sort_keys=True, ensure_ascii=False).encode())
            .hexdigest()[:16] for k, v in parts.items()}


def clinic_state(info: ClinicInfo, today) -> ReviewState:
    return state_of(info.review, clinic_fingerprints(info), today)


def load_clinic(path: Path | str) -> ClinicInfo:
    """Read, validate and return the clinic file at ``path``; raises
    :class:`InvalidInput` listing every problem with its line."""
    doc = yamlfile.load(Path(path), "clinic")
    try:
        return validate(ClinicInfo, doc)
    except InvalidInput as exc:
        raise_if(list(exc.problems))
        raise


def language_problem(clinic: ClinicInfo, path: Path | str, language: str):
    """A located problem when the clinic file at ``path`` is in another
    language than the content it would print with (its safety statements
    would sit under headings in another language); else ``None``. Only the
    primary language counts: an ``es-MX`` file serves ``es-US`` content."""
    from .values import primary_language

    if primary_language(clinic.language) == primary_language(language):
        return None
    doc = yamlfile.load(Path(path), "clinic")
    return doc.problem(("language",), f"this clinic file is in {clinic.language} and the "
                       f"content in {language}: its safety information would print in the "
                       f"wrong language; use the clinic file in {language}")


def by_language(paths, languages: list[str]) -> dict[str, Path]:
    """The clinic files ``paths`` keyed by the language each names (its
    primary subtag: ``en``, ``es``), for a build of ``languages``; raises
    :class:`InvalidInput` listing every file that does not load, names a
    language the build does not make, or names one another file names."""
    from ..errors import Problem
    from .values import primary_language

    out: dict[str, Path] = {}
    problems = []
    for path in paths:
        try:
            info = load_clinic(path)
        except InvalidInput as exc:
            problems += exc.problems
            continue
        lang = primary_language(info.language)
        doc = yamlfile.load(Path(path), "clinic")
        if lang not in languages:
            problems.append(doc.problem(("language",), f"this clinic file is in "
                                        f"{info.language}, and the build makes "
                                        f"{', '.join(languages)}"))
        elif lang in out:
            problems.append(doc.problem(("language",), f"{out[lang]} is the clinic file for "
                                        f"{info.language} already; give one --clinic per "
                                        "language"))
        else:
            out[lang] = Path(path)
    if problems:
        raise InvalidInput(problems)
    return out
