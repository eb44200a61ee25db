"""Reading levels of what patients read first (key points, FAQ answers, the
clinic file), held to grade 6 in English and INFLESZ 65 in Spanish: the part
of `handouts check`'s report that issue 23 asked for."""
from __future__ import annotations


# What the texts a patient reads first should reach: U.S. grade 6
# (Flesch-Kincaid) in English, "bastante fácil" (INFLESZ 65) in Spanish.
TARGET_GRADE = 6.0
TARGET_INFLESZ = 65.0


def target_levels(content, clinic=None, score=None) -> list[tuple[str, object]]:
    """(label, score) for the texts held to the target: every key point of
    the edition as a set, each condition's key points, the FAQ answers as a
    set, and the clinic file's statements (as a set, its evidence line, and
    each section)."""
    if score is None:
        from .readability import score
    intro, end = content.introduction, content.conclusion
    points = [*intro.key_points, *intro.how_it_works_points,
              *(p for c in content.conditions for p in c.key_points), *end.key_points]
    rows = [("key points (all)", score(*points))]
    rows += [(f"key points {c.slug}", score(*c.key_points)) for c in content.conditions
             if c.key_points]
    rows.append(("faq answers (all)", score(*(q.answer for q in content.faq))))
    if clinic is not None and clinic.filled():
        rows.append(("clinic file (all)", score(*(st.text for _, sts in clinic.filled()
                                                   for st in sts))))
        if clinic.evidence is not None:
            rows.append(("clinic evidence", score(clinic.evidence.text)))
            rows += [(f"clinic evidence {slug}", score(line.text))
                     for slug, line in clinic.evidence.conditions.items()]
        if clinic.summary:
            rows.append(("clinic summary", score(*(st.text for st in clinic.summary))))
        rows += [(f"clinic {slot}", score(*(st.text for st in sts)))
                 for slot, sts in clinic.filled()]
    return rows


def target_report(content, clinic=None) -> list[str]:
    """Report lines for :func:`target_levels`, each flagged when it misses
    grade 6 (English) or INFLESZ 65 (Spanish). A prompt, not a failure:
    ``--max-grade`` and ``--min-inflesz`` make a check fail."""
    from ..inputs.values import primary_language

    if primary_language(content.meta.language) == "es":
        from .readability import score_es

        out = [f"Reading level of what patients read first (target: INFLESZ "
               f"{TARGET_INFLESZ:g} or more):", f"  {'':<30}{'INFLESZ':>9}  band"]
        for label, s in target_levels(content, clinic, score_es):
            note = (f"  <- below {TARGET_INFLESZ:g}" if s.szigriszt_pazos < TARGET_INFLESZ
                    else "")
            out.append(f"  {label:<30}{s.szigriszt_pazos:>9.1f}  {s.inflesz}{note}")
        return out
    out = [f"Reading level of what patients read first (target: grade {TARGET_GRADE:g} "
           "or below):", f"  {'':<30}{'Flesch-Kincaid':>15}{'SMOG':>7}"]
    for label, s in target_levels(content, clinic):
        note = f"  <- above grade {TARGET_GRADE:g}" if s.fk_grade > TARGET_GRADE else ""
        out.append(f"  {label:<30}{s.fk_grade:>15.1f}{s.smog_grade:>7.1f}{note}")
    return out
