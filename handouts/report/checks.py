"""What `handouts check` reports."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import HandoutsError, InvalidInput

if TYPE_CHECKING:
    from .readability import Score


def condition_text(cond, content=None) -> str:
    """One condition as `handouts show` prints it: title and slug, the names
    it answers to, its main message, key points and section, as the handout
    prints them (with ``content``, medical words explained at their first use
    on the handout)."""
    from ..render.glossary import Explainer
    from ..render.wording import condition_heading, say

    explain = Explainer(content.glossary if content else ()).explain
    points = [explain(p) for p in cond.glance_points]
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

    explain = Explainer(content.glossary).explain
    intro = content.introduction
    return [*([cond.main_message] if cond.main_message else []),
            *map(explain, (*cond.glance_points, *intro.mechanism(short=True), *cond.body,
                           *intro.keep_in_mind)),
            *(t for q in content.faq for t in (q.question, explain(q.answer)))]


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
                 max_smog: float | None = None,
                 clinic_path: Path | None = None) -> tuple[str, bool]:
    """Validate the content, the brand and the clinic's own file (``clinic_path``,
    else the one the brand names); return the report text and whether all is
    well.

    Problems in any file are listed, not raised, so one run shows them all.
    With ``max_grade`` (or ``max_smog``), a text above that Flesch-Kincaid
    (or SMOG) grade also makes the check fail.
    """
    from ..inputs.brand import load_brand
    from ..inputs.clinic import load_clinic
    from ..inputs.content import load_content

    out: list[str] = []
    ok = True
    sections = [("Content", content_path, load_content,
                 lambda c: _describe_content(c, max_grade, max_smog)),
                ("Brand", brand_path, load_brand, lambda b: (_describe_brand(b), True))]
    loaded = {}
    for label, path, load, describe in sections:
        out.append(f"{label}: {path}")
        try:
            loaded[label] = load(path)
        except HandoutsError as exc:
            ok = False
            out.append(exc.format_message())
            continue
        lines, fine = describe(loaded[label])
        out += lines
        ok = ok and fine
        if label == "Brand" and clinic_path is None:
            clinic_path = loaded[label].clinic_info
        if label == "Brand" and clinic_path is not None:
            sections.append(("Clinic", clinic_path, load_clinic,
                             lambda c: (_describe_clinic(c), True)))
    if "Content" in loaded and "Brand" in loaded and ok:
        problems = _letters_problems([(content_path, "content"), (brand_path, "brand"),
                                      *([(clinic_path, "clinic")] if clinic_path else [])],
                                     loaded["Brand"])
        if problems:
            ok = False
            out.append(InvalidInput(problems).format_message())
    if "Content" in loaded:
        from ..inputs import yamlfile
        from .prompts import reviewer_prompts

        prompts = reviewer_prompts(yamlfile.load(Path(content_path), "content"))
        if prompts:
            out.append(f"For the medical reviewer ({len(prompts)} prompts, not errors):")
            out += [f"  {p}" for p in prompts]
    out.append("OK" if ok else "Problems found.")
    return "\n".join(out), ok


def _letters_problems(files: list[tuple[Path, str]], brand):
    """Letters in the files that the brand's fonts cannot draw."""
    from ..inputs import yamlfile
    from ..inputs.coverage import coverage_problems

    return coverage_problems([yamlfile.load(Path(path), what) for path, what in files], brand)


def _describe_clinic(info) -> list[str]:
    from ..inputs.clinic import clinic_state
    from ..render.wording import say

    filled = [slot for slot, _ in info.filled()]
    out = [f"  review: {clinic_state(info, dt.date.today()).describe()}",
           f"  {len(filled)} sections filled: {', '.join(filled) or 'none'}; "
           f"{len(info.sources)} sources"]
    out += [f"  warning: sections.{slot}: empty; patients get no "
            f"\"{say('clinic.' + slot)}\" until the clinic writes it" for slot in
            info.empty_safety_slots()]
    return out


def _describe_content(content, max_grade: float | None,
                      max_smog: float | None) -> tuple[list[str], bool]:
    from ..inputs.content import content_warnings
    from ..inputs.review import review_state

    m = content.meta
    out = [f"  {m.title} (edition {m.edition})",
           f"  review: {review_state(content, dt.date.today()).describe()}"]
    out.append(f"  {len(content.conditions)} conditions: {', '.join(content.slugs)}")
    out.append(f"  {len(content.faq)} FAQ entries")
    out += [f"  warning: {w}" for w in content_warnings(content)]
    lines, reading_ok = reading_report(content, max_grade, max_smog)
    return out + lines, reading_ok


def _describe_brand(brand) -> list[str]:
    from ..inputs.values import contrast_ratio

    c = brand.colors
    out = [f"  {brand.clinic.name}; phone {brand.contact.phone}; paper {brand.paper}",
           f"  logo {brand.logo.name}; font {brand.font_family}",
           f"  contrast: text {contrast_ratio(c.text, c.background):.1f}:1, "
           f"headings {contrast_ratio(c.primary, c.background):.1f}:1"]
    if brand.deck_template is not None:
        from ..inputs.layouts import load_layout
        from ..render.pptx.deck import MIN_ROOM_LINES, template_room

        room = template_room(brand, load_layout("deck"))
        out.append(f"  deck template {brand.deck_template.name}: room for {room} lines of "
                   "body text a slide")
        if room < MIN_ROOM_LINES:
            out.append(f"  warning: deck_template: its content area holds only {room} lines of "
                       "body text at the minimum size; decks will need more slides (with no "
                       "room for a line, the text goes below the title)")
    return out
