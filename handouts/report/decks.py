"""What `check` says of a clinic's deck template: the decks' layout run on
it (nothing written), so that a template `check` accepts renders every deck,
and the colours its text takes."""
from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInput, Problem, RenderError


def report_template(out: list[str], loaded: dict, brand_path: Path) -> bool:
    """Add :func:`template_report`'s lines and problems for the loaded
    content, brand and clinic file to ``out``; whether it found none."""
    lines, problems = template_report(loaded["Content"], loaded["Brand"], loaded.get("Clinic"),
                                      brand_path)
    out += lines + ([InvalidInput(problems).format_message()] if problems else [])
    return not problems


def template_report(content, brand, clinic, brand_path: Path) -> tuple[list[str], list[Problem]]:
    """Report lines and problems for ``brand``'s deck template: each text
    area whose colour was changed to read on the template, and every deck
    (the seminar and each condition's, as a draft, whose notice takes room)
    that cannot be laid out on it, with what is too small and what to change."""
    from ..inputs import yamlfile
    from ..inputs.layouts import load_layout
    from ..inputs.review import ReviewState
    from ..inputs.target import Target
    from ..render.pptx import render_deck
    from ..render.pptx.deck import template_room
    from ..render.pptx.ink import template_inks
    from ..render.pptx.template import skeleton

    layout, name = load_layout("deck"), brand.deck_template.name
    embedded = ((brand.font_family, brand.font_file("regular"), brand.font_file("bold")),)
    skel = skeleton(brand.deck_template, layout.slide.width.emu, layout.slide.height.emu,
                    embedded)
    lines = [f"Deck template: {name}"]
    lines += [f"  {ink.note}" for ink in template_inks(brand, skel).values() if ink.note]
    targets = (Target(), *(Target(slug) for slug in content.slugs))
    failed: list[str] = []
    for target in targets:
        try:
            render_deck(content, brand, layout, target, review=ReviewState("draft"),
                        clinic=clinic)
        except RenderError as exc:
            failed.append(str(exc.message))
    if not failed:
        return lines + [f"  every deck ({len(targets)}) lays out on it"], []
    room = template_room(brand, layout)
    scaled = layout.for_width(skel.width / 12700)
    advice = (f"its title-and-content layout leaves room for {room} lines of body text at the "
              f"minimum size ({round(scaled.body.min_size, 1):g} pt) on a draft's slide; make that "
              "layout's body placeholder larger (or its title smaller), or choose another "
              "template")
    doc = yamlfile.load(Path(brand_path), "brand")
    return lines, [doc.problem(("deck_template",), f"{name} cannot hold {len(failed)} of the "
                               f"{len(targets)} decks: {failed[0]}; {advice}")]
