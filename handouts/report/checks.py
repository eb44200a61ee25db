"""What `handouts check` reports."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import HandoutsError, InvalidInput
from .levels import reading_report


def check_report(content_path: Path, brand_path: Path, max_grade: float | None = None,
                 max_smog: float | None = None,
                 clinic_path: Path | None = None,
                 min_inflesz: float | None = None) -> tuple[str, bool]:
    """Validate the content, the brand and the clinic's own file (``clinic_path``,
    else the one the brand names); return the report text and whether all is
    well.

    Problems in any file are listed, not raised, so one run shows them all.
    With ``max_grade`` (or ``max_smog``), a text above that Flesch-Kincaid
    (or SMOG) grade also makes the check fail; Spanish content is held to
    the Spanish scales (``max_grade`` through Fernández-Huerta's table,
    ``min_inflesz`` on Szigriszt-Pazos). For content in a language other than
    the brand's, what that language is missing is reported (catalogue
    entries, brand words, clinic sections).
    """
    from ..inputs.brand import load_brand
    from ..inputs.clinic import load_clinic
    from ..inputs.content import load_content

    out: list[str] = []
    ok = True
    sections = [("Content", content_path, load_content,
                 lambda c: _describe_content(c, max_grade, max_smog, min_inflesz)),
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
        if label == "Brand" and "Content" in loaded:
            language = loaded["Content"].meta.language
            out += _language_gaps(language, loaded["Brand"])
            loaded[label] = loaded[label].in_language(language)
        if label == "Brand" and clinic_path is None:
            clinic_path = loaded[label].clinic_info
        if label == "Brand" and clinic_path is not None:
            sections.append(("Clinic", clinic_path, load_clinic,
                             lambda c: (_describe_clinic(c), True)))
    if "Content" in loaded and "Clinic" in loaded:
        from ..inputs.clinic import language_problem

        if mismatch := language_problem(loaded["Clinic"], clinic_path,
                                        loaded["Content"].meta.language):
            ok = False
            out.append(InvalidInput([mismatch]).format_message())
        out += _unknown_evidence_slugs(loaded["Clinic"], clinic_path, loaded["Content"])
    if "Content" in loaded and "Brand" in loaded and ok:
        problems = _letters_problems([(content_path, "content"), (brand_path, "brand"),
                                      *([(clinic_path, "clinic")] if clinic_path else [])],
                                     loaded["Brand"])
        if problems:
            ok = False
            out.append(InvalidInput(problems).format_message())
    if ok and "Content" in loaded and loaded["Brand"].deck_template is not None:
        from .decks import report_template  # the decks laid out on it, nothing written
        ok = report_template(out, loaded, brand_path)
    if "Content" in loaded and "Brand" in loaded and (clinic_path is None or "Clinic" in loaded):
        lines, fine = _print_review(loaded["Content"], content_path,
                                    loaded.get("Clinic"), clinic_path)
        out += lines
        ok = ok and fine
    if "Content" in loaded and "Brand" in loaded and ok and (clinic_path is None
                                                          or "Clinic" in loaded):
        from ..inputs.signoff import printed_state
        from .sheets import summary_problems

        content, clinic = loaded["Content"], loaded.get("Clinic")
        state = printed_state(content, clinic, dt.date.today())
        if problems := summary_problems(content, loaded["Brand"], clinic, content_path,
                                        clinic_path, state):
            ok = False
            out.append(InvalidInput(problems).format_message())
    if "Content" in loaded:
        from .targets import target_report

        out += target_report(loaded["Content"], loaded.get("Clinic"))
        from ..inputs import yamlfile
        from ..inputs.values import primary_language
        from ..render.wording import catalogue_languages, catalogue_path
        from .prompts import catalogue_prompts, reviewer_prompts

        # Every patient-facing text: the edition (speaker notes too), the
        # clinic file and the catalogue of the content's language.
        prompts = reviewer_prompts(yamlfile.load(Path(content_path), "content"))
        if "Clinic" in loaded:
            prompts += reviewer_prompts(yamlfile.load(Path(clinic_path), "clinic"))
        lang = primary_language(loaded["Content"].meta.language)
        if lang in catalogue_languages():
            prompts += catalogue_prompts(catalogue_path(lang))
        if prompts:
            out.append(f"For the medical reviewer ({len(prompts)} prompts, not errors):")
            out += [f"  {p}" for p in prompts]
    out.append("OK" if ok else "Problems found.")
    return "\n".join(out), ok


def _print_review(content, content_path: Path, clinic, clinic_path: Path | None
                  ) -> tuple[list[str], bool]:
    """How the edition prints, as `build` decides it (one function:
    :func:`~handouts.inputs.signoff.edition_review`): reviewed or a draft,
    who signed, what changed since an approval and in which file, and what
    still needs doing. A signature that does not verify, or one the project
    requires and an approval lacks, is a problem."""
    from ..inputs.signoff import edition_review

    verdict = edition_review(content, clinic, dt.date.today(), Path(content_path),
                             Path(clinic_path) if clinic_path is not None else None)
    state = verdict.state
    out = [f"Prints as: {'reviewed' if state.approved else state.status}"]
    out += [f"  {note}" for note in verdict.notes]
    out += [f"  changed: {line}" for line in verdict.lines]
    out += [f"  to print as reviewed: {need}" for need in state.needs
            if need not in verdict.problems]
    out += [f"  problem: {p}" for p in verdict.problems]
    return out, not verdict.problems


def _language_gaps(language: str, brand) -> list[str]:
    """Warnings for what ``language`` lacks: a catalogue (or entries in it),
    the brand's words in it, and clinic sections the brand's own-language
    clinic file has and this language's does not."""
    from ..inputs.clinic import load_clinic
    from ..inputs.values import primary_language
    from ..render.wording import SOURCE_LANGUAGE, catalogue, catalogue_languages, catalogue_path

    lang = primary_language(language)
    out = [f"Language: {language}"]
    if lang not in catalogue_languages():
        out.append(f"  warning: no catalogue for '{lang}': every fixed word prints in "
                   f"English; add {catalogue_path(lang)} (start from handouts.pot)")
    elif lang != SOURCE_LANGUAGE:
        missing = catalogue(lang).missing
        out.append(f"  catalogue {catalogue_path(lang).name}: "
                   f"{len(catalogue(lang).messages) - len(missing)} of "
                   f"{len(catalogue(lang).messages)} messages translated")
        if missing:
            out.append(f"  warning: untranslated (printed in English): {', '.join(missing)}")
    words = brand.words_for(language)
    if words is not None:
        if gaps := words.missing():
            out.append(f"  warning: brand translations.{lang}: no {', '.join(gaps)}; the "
                       "brand's own words print instead")
        own, theirs = brand.clinic_info, brand.in_language(language).clinic_info
        if own and theirs and own != theirs:
            try:
                have = {slot for slot, _ in load_clinic(theirs).filled()}
                gaps = [slot for slot, _ in load_clinic(own).filled() if slot not in have]
            except HandoutsError:
                gaps = []  # the clinic file's own check reports it
            if gaps:
                out.append(f"  warning: {Path(theirs).name}: no {', '.join(gaps)} (the "
                           f"{Path(own).name} has them)")
    return out


def _letters_problems(files: list[tuple[Path, str]], brand):
    """Letters in the files that the brand's fonts cannot draw."""
    from ..inputs import yamlfile
    from ..inputs.coverage import coverage_problems, printed
    from ..inputs.outlines import outline_problems

    docs = [yamlfile.load(Path(path), what) for path, what in files]
    problems = coverage_problems(docs, brand)
    brand_doc = next(doc for doc, (_, what) in zip(docs, files) if what == "brand")
    return problems + outline_problems(brand_doc, brand, [(doc, printed(doc)) for doc in docs])


def _unknown_evidence_slugs(info, path, content) -> list[str]:
    """A located warning for each condition's evidence line that names no
    condition of the content (a misspelt slug: the general line prints)."""
    from ..inputs import yamlfile

    unknown = [s for s in (info.evidence.conditions if info.evidence else ())
               if s not in content.slugs]
    if not unknown:
        return []
    doc = yamlfile.load(Path(path), "clinic")
    return ["  warning: " + str(doc.problem(
        ("evidence", "conditions", slug),
        f"no condition '{slug}' in the content: this line prints nowhere")) for slug in unknown]


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


def _describe_content(content, max_grade: float | None, max_smog: float | None,
                      min_inflesz: float | None = None) -> tuple[list[str], bool]:
    from ..inputs.content import content_warnings
    from ..inputs.review import review_state

    m = content.meta
    out = [f"  {m.title} (edition {m.edition})",
           f"  review: {review_state(content, dt.date.today()).describe()}"]
    out.append(f"  {len(content.conditions)} conditions: {', '.join(content.slugs)}")
    out.append(f"  {len(content.faq)} FAQ entries")
    out += [f"  warning: {w}" for w in content_warnings(content)]
    lines, reading_ok = reading_report(content, max_grade, max_smog, min_inflesz=min_inflesz)
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
        from ..inputs.assets import template_warnings

        out += [f"  warning: {w}" for w in template_warnings(brand.deck_template)]
        if room < MIN_ROOM_LINES:
            out.append(f"  warning: deck_template: its content area holds only {room} lines of "
                       "body text at the minimum size; decks will need more slides (with no "
                       "room for a line, the text goes below the title)")
    return out
