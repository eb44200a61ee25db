"""Reading levels of what patients read: the text each condition's handout
prints, scored for `handouts check` (Flesch-Kincaid and SMOG in English,
Fernández-Huerta and INFLESZ in Spanish)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .readability import Score

def condition_text(cond, content=None) -> str:
    """One condition as `handouts show` prints it: title and slug, the names
    it answers to, its main message, key points and section, as the handout
    prints them (with ``content``, medical words explained at their first use
    on the handout)."""
    from ..render.glossary import Explainer
    from ..render.wording import condition_heading, say

    from ..inputs.model import MAX_GLANCE_WORDS

    explain = Explainer(content.glossary if content else ()).explain
    points = [explain(p, MAX_GLANCE_WORDS) for p in cond.glance_points]
    if content:
        for para in content.introduction.mechanism(short=True):
            explain(para)  # printed between the points and the section: its words count
    out = [f"{cond.title}  [{cond.slug}]"]
    if cond.aliases:
        out.append(f"Also matches: {', '.join(cond.aliases)}")
    if cond.main_message:
        out += ["", cond.main_message]
    out += ["", f"{say('handout.glance')}:", *(f"  - {p}" for p in points)]
    out += ["", condition_heading(cond)]
    for para in cond.body:
        out += ["", explain(para)]
    return "\n".join(out)


def handout_texts(content, cond) -> list[str]:
    """The edition's reading text of a condition's handout, in order, as the
    PDF prints it: medical words explained at their first use."""
    from ..render.glossary import Explainer

    from ..inputs.model import MAX_GLANCE_WORDS

    explain = Explainer(content.glossary).explain
    intro = content.introduction
    return [*([cond.main_message] if cond.main_message else []),
            *(explain(p, MAX_GLANCE_WORDS) for p in cond.glance_points),
            *map(explain, (*intro.mechanism(short=True), *cond.body, *intro.keep_in_mind)),
            *(t for q in content.faq for t in (q.question, explain(q.answer)))]


def reading_levels(content, score=None) -> list[tuple[str, "Score"]]:
    """(label, score) for each condition section, the FAQ answers, the FAQ as a
    whole, and each condition's handout; ``score`` scores texts (default:
    :func:`.readability.score`, for English)."""
    if score is None:
        from .readability import score

    rows = [(f"section {c.slug}", score(*c.body)) for c in content.conditions]
    rows += [(f"faq answer {i}", score(q.answer)) for i, q in enumerate(content.faq, start=1)]
    rows.append(("faq", score(*(t for q in content.faq for t in (q.question, q.answer)))))
    rows += [(f"handout {c.slug}", score(*handout_texts(content, c))) for c in content.conditions]
    return rows


def reading_report(content, max_grade: float | None, max_smog: float | None,
                   flag_at: float = 8.0, min_inflesz: float | None = None
                   ) -> tuple[list[str], bool]:
    """Report lines for :func:`reading_levels`, and whether every grade is
    within ``max_grade`` (Flesch-Kincaid) and ``max_smog`` (SMOG). Spanish
    content is scored on the Spanish scales instead (see
    :func:`reading_report_es`)."""
    from ..inputs.values import primary_language

    if primary_language(content.meta.language) == "es":
        return reading_report_es(content, max_grade, min_inflesz, flag_at)
    out = [f"Reading level (U.S. school grade; flagged above {flag_at:g}):",
           f"  {'':<28}{'Flesch-Kincaid':>15}{'SMOG':>7}"]
    ok = True
    for label, s in reading_levels(content):
        flags = []
        if s.fk_grade > flag_at:
            flags.append(f"Flesch-Kincaid above {flag_at:g}")
        if max_grade is not None and s.fk_grade > max_grade:
            ok = False
            flags.append(f"FAILS --max-grade {max_grade:g}")
        if max_smog is not None and s.smog_grade > max_smog:
            ok = False
            flags.append(f"FAILS --max-smog {max_smog:g}")
        note = f"  <- {'; '.join(flags)}" if flags else ""
        out.append(f"  {label:<28}{s.fk_grade:>15.1f}{s.smog_grade:>7.1f}{note}")
    return out, ok


def reading_report_es(content, max_grade: float | None, min_inflesz: float | None,
                      flag_at: float = 8.0) -> tuple[list[str], bool]:
    """Report lines for Spanish content: Fernández-Huerta and Szigriszt-Pazos
    (INFLESZ) per text, flagged below "bastante fácil" (65); fails below
    ``min_inflesz``, or below the Fernández-Huerta score that reads at U.S.
    grade ``max_grade``. Returns the lines and whether all passed."""
    from .readability import INFLESZ_BANDS, fernandez_huerta_floor, score_es

    easy = next(floor for floor, name in INFLESZ_BANDS if name == "bastante fácil")
    floor = fernandez_huerta_floor(max_grade) if max_grade is not None else None
    out = [f"Reading level, Spanish (higher is easier; flagged below INFLESZ {easy:g}, "
           "\"bastante fácil\"):",
           f"  {'':<28}{'Fernández-Huerta':>17}{'INFLESZ':>9}  band"]
    ok = True
    for label, s in reading_levels(content, score_es):
        flags = []
        if s.szigriszt_pazos < easy:
            flags.append(f"below {easy:g}")
        if floor is not None and s.fernandez_huerta < floor:
            ok = False
            flags.append(f"FAILS --max-grade {max_grade:g} (Fernández-Huerta under {floor:g})")
        if min_inflesz is not None and s.szigriszt_pazos < min_inflesz:
            ok = False
            flags.append(f"FAILS --min-inflesz {min_inflesz:g}")
        note = f"  <- {'; '.join(flags)}" if flags else ""
        out.append(f"  {label:<28}{s.fernandez_huerta:>17.1f}{s.szigriszt_pazos:>9.1f}  "
                   f"{s.inflesz}{note}")
    return out, ok
