"""What `handouts check` reports."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import HandoutsError

if TYPE_CHECKING:
    from .readability import Score


def condition_text(cond) -> str:
    """One condition as `handouts show` prints it: title and slug, the names
    it answers to, its key points and its section, as the handout prints them."""
    from ..render.wording import condition_heading, say

    out = [f"{cond.title}  [{cond.slug}]"]
    if cond.aliases:
        out.append(f"Also matches: {', '.join(cond.aliases)}")
    out += ["", f"{say('handout.glance')}:", *(f"  - {p}" for p in cond.key_points)]
    out += ["", condition_heading(cond)]
    for para in cond.body:
        out += ["", para]
    return "\n".join(out)


def handout_texts(content, cond) -> list[str]:
    """The reading text of a condition's handout, as the PDF prints it."""
    return [*cond.key_points, *content.introduction.mechanism(short=True), *cond.body,
            *(t for q in content.faq for t in (q.question, q.answer))]


def reading_levels(content) -> list[tuple[str, "Score"]]:
    """(label, score) for each condition section, the FAQ answers, the FAQ as a
    whole, and each condition's handout."""
    from .readability import score

    rows = [(f"section {c.slug}", score(*c.body)) for c in content.conditions]
    rows += [(f"faq answer {i}", score(q.answer)) for i, q in enumerate(content.faq, start=1)]
    rows.append(("faq", score(*(t for q in content.faq for t in (q.question, q.answer)))))
    rows += [(f"handout {c.slug}", score(*handout_texts(content, c))) for c in content.conditions]
    return rows


def reading_report(content, max_grade: float | None, max_smog: float | None,
                   flag_at: float = 8.0) -> tuple[list[str], bool]:
    """Report lines for :func:`reading_levels`, and whether every grade is
    within ``max_grade`` (Flesch-Kincaid) and ``max_smog`` (SMOG)."""
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


def check_report(content_path: Path, brand_path: Path, max_grade: float | None = None,
                 max_smog: float | None = None) -> tuple[str, bool]:
    """Validate both files; return the report text and whether all is well.

    Problems in either file are listed, not raised, so one run shows both.
    With ``max_grade`` (or ``max_smog``), a text above that Flesch-Kincaid
    (or SMOG) grade also makes the check fail.
    """
    from ..inputs.brand import load_brand
    from ..inputs.values import contrast_ratio
    from ..inputs.content import content_warnings, load_content

    out: list[str] = []
    ok = True
    try:
        content = load_content(content_path)
    except HandoutsError as exc:
        ok = False
        out += [f"Content: {content_path}", exc.format_message()]
    else:
        m = content.meta
        out.append(f"Content: {content_path}")
        out.append(f"  {m.title} (edition {m.edition})")
        out.append(f"  review: {m.review_status}")
        if m.reviewed_on or m.next_review:
            out.append(f"  reviewed on {m.reviewed_on or '-'}; next review {m.next_review or '-'}")
        out.append(f"  {len(content.conditions)} conditions: {', '.join(content.slugs)}")
        out.append(f"  {len(content.faq)} FAQ entries")
        for w in content_warnings(content):
            out.append(f"  warning: {w}")
        lines, reading_ok = reading_report(content, max_grade, max_smog)
        out += lines
        ok = ok and reading_ok
    try:
        brand = load_brand(brand_path)
    except HandoutsError as exc:
        ok = False
        out += [f"Brand: {brand_path}", exc.format_message()]
    else:
        c = brand.colors
        out.append(f"Brand: {brand_path}")
        out.append(f"  {brand.clinic.name}; phone {brand.contact.phone}; paper {brand.paper}")
        out.append(f"  logo {brand.logo.name}; font {brand.font_family}")
        out.append(f"  contrast: text {contrast_ratio(c.text, c.background):.1f}:1, "
                   f"headings {contrast_ratio(c.primary, c.background):.1f}:1")
    out.append("OK" if ok else "Problems found.")
    return "\n".join(out), ok
