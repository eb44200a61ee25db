"""Whether each condition's one-sheet summary fits its pages, as `check`
reports it: the renderer's own measure (it lays the summary out and counts
the pages; see :func:`handouts.render.pdf.summary.overflow`), on Letter and
A4, so that what `check` accepts every command renders."""
from __future__ import annotations

from pathlib import Path

from ..errors import DoesNotFit, HandoutsError, InvalidInput, Problem


def summary_problems(content, brand, clinic, content_path: Path,
                     clinic_path: Path | None, review) -> list[Problem]:
    """A located problem for each place whose text makes a condition's
    summary longer than its layout allows (one per place, naming the first
    condition and how many more); the layout's own problems if it does not
    load."""
    from ..assemble.jobs import located
    from ..assemble.run import SUMMARY_LAYOUT
    from ..inputs.layouts import load_page_layout
    from ..inputs.target import Target
    from ..render.pdf import PAPERS, render_handout

    try:
        layout = load_page_layout(SUMMARY_LAYOUT)
    except InvalidInput as exc:
        return list(exc.problems)
    paths = (("content", Path(content_path)),
             *((("clinic", Path(clinic_path)),) if clinic_path is not None else ()))
    found: dict[tuple, tuple[Problem, int]] = {}
    for cond in content.conditions:
        for paper in PAPERS:
            try:
                render_handout(content, brand, layout, Target.condition_of(cond.slug), paper,
                               review, clinic)
            except DoesNotFit as exc:
                problem = _problem(located(exc, paths))
                key = (problem.file, problem.line, problem.key)
                first, more = found.get(key, (problem, -1))
                found[key] = (first, more + 1)
                break
            except HandoutsError:
                break  # (what no font can draw, say: reported with its own place)
    return [Problem(p.file, p.line, p.key, p.message + (
        f" (so do the summaries of {more} other condition{'s' if more != 1 else ''})"
        if more else "")) for p, more in found.values()]


def _problem(exc: HandoutsError) -> Problem:
    if isinstance(exc, InvalidInput):
        return exc.problems[0]
    return Problem("", None, "", exc.format_message())
