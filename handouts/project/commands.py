"""The project's commands: ``init``, ``approve`` and ``upstream``."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.options import content_option, where


@click.command()
@click.option("--by", required=True, metavar='"NAME, CREDENTIALS"',
              help='Who approves the text, e.g. "Dana Reyes, MD".')
@click.option("--on", "on_", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Day of the approval (YYYY-MM-DD); default today.")
@click.option("--next-review", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="When it must be reviewed again; default a year after --on.")
@content_option("Content file (YAML) to approve (default: the project's).")
@click.option("--lang", "lang", default=None, metavar="LANG",
              help="Approve the edition (or clinic file) in this language (en, es, ...); "
                   "default: the project's main language.")
@click.option("--clinic", "clinic_path", type=click.Path(path_type=Path, dir_okay=False),
              is_flag=False, flag_value="", default=None, metavar="[FILE]",
              help="Approve the clinic's own file instead of the content: the project's "
                   "(for --lang), or FILE.")
@click.option("--sign", "sign_with", type=click.Path(path_type=Path, dir_okay=False),
              default=None, metavar="KEYFILE",
              help="Sign the approval with this SSH key (ssh-keygen -Y sign, as git signs "
                   "commits); the project's allowed_signers file must list its public key.")
def approve(by, on_, next_review, content_path, lang, clinic_path, sign_with) -> None:
    """Record a clinician's approval of the project's edition (or, with
    --clinic, the clinic's own file), in the file.

    Only a project's files are approved (`handouts init` makes a project);
    the bundled demo is read-only. The approval holds only while every
    printed word stays as it is (the file's text, its language, the
    catalogue's wording, the approval record itself): change a sentence and
    it is a draft again until it is approved again. A clinic file is
    approved only with every safety section written.
    """
    from handouts.inputs.approval import approve_file, check_approver, write_approved, \
        years_after
    from handouts.inputs.clinic import clinic_state, load_clinic
    from handouts.inputs.content import load_content
    from handouts.inputs.review import review_state
    from handouts.project.sources import approvable

    here = where()
    if clinic_path is not None and str(clinic_path) in ("", "."):
        clinic_path = approvable(here, None, lang, clinic=True)
    elif clinic_path is not None:
        clinic_path = approvable(here, clinic_path, lang, clinic=True)
    else:
        content_path = approvable(here, content_path, lang, clinic=False)
    try:
        by = check_approver(by)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--by") from None
    day = on_.date() if on_ else dt.date.today()
    due = next_review.date() if next_review else years_after(day, 1)
    path = clinic_path or content_path
    approved = approve_file(path, by, day, due, clinic=clinic_path is not None,
                            sign_with=sign_with)
    write_approved(approved)
    real = approved.path
    state = (clinic_state(load_clinic(real), None) if clinic_path
             else review_state(load_content(real), None))
    if state.status != "approved":  # pragma: no cover - a bug, never a user's error
        from handouts.inputs.approval import Approved

        write_approved(Approved(real, approved.original, approved.data,
                                real.stat().st_mtime_ns, approved.mode))
        raise RuntimeError(f"the approval did not take: {state.describe()}")
    signed = " (signed)" if sign_with is not None else ""
    click.echo(f"Approved {path}{signed}: {state.describe()}")
    for line in _still_needed(here, path, clinic_path is not None, lang):
        click.echo(line)


def _still_needed(here, path: Path, clinic: bool, lang: str | None) -> list[str]:
    """What else keeps the edition of the approved file's language from
    printing as reviewed (the clinic file's approval, the content's, an empty
    safety section), as `check` and `build` see it; nothing when that cannot
    be told (files given on the command line outside a project's own)."""
    from handouts.assemble.jobs import load_inputs
    from handouts.errors import HandoutsError

    try:
        project = here.project
        if project is None:
            return []
        if clinic:
            lang_ = next((k for k, v in project.clinic.items() if v.resolve() == path.resolve()),
                         None)
            if lang_ is None:
                return []
            content, clinic_path = project.content[lang_], path
        else:
            lang_ = next((k for k, v in project.content.items()
                          if v.resolve() == path.resolve()), None)
            if lang_ is None:
                return []
            content, clinic_path = path, project.clinic.get(lang_)
        inputs = load_inputs(content, project.brand, clinic_path)
    except (HandoutsError, click.ClickException):
        return []
    if inputs.review.approved:
        return [f"The {lang_} edition now prints as reviewed: {inputs.review.describe()}"]
    return [f"The {lang_} edition still prints as a draft; it needs:",
            *(f"  {n}" for n in inputs.review.needs)]


@click.command()
@click.argument("folder", required=False, default=".",
                type=click.Path(path_type=Path, file_okay=False))
def init(folder: Path) -> None:
    """Make a clinic's project in FOLDER (default: here): handouts.toml, and
    copies of the bundled edition, brand, clinic files and logo to edit.
    Never writes over a file that exists."""
    from handouts.errors import HandoutsError
    from handouts.project.init import ProjectExists, init_project

    try:
        written = init_project(folder)
    except ProjectExists as exc:
        raise HandoutsError(f"{folder}: not made, because these files exist already (or a "
                            "file or link is where a folder goes): "
                            + ", ".join(map(str, exc.existing))) from None
    except OSError as exc:
        where_ = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        raise HandoutsError(f"{folder}: cannot make the project{where_}: "
                            f"{exc.strerror or exc}; nothing was written") from None
    click.echo(f"Made the project {folder} ({len(written)} files). Next: cd {folder}, edit "
               "the files its README.md lists, then `handouts check`.")


@click.command()
@click.option("--accept", is_flag=True,
              help="Record the installed release's edition as seen (changes upstream/ only).")
@click.option("--width", type=click.IntRange(60, 400), default=None,
              help="Width of the side-by-side view (default: the terminal's).")
def upstream(accept: bool, width: int | None) -> None:
    """Show what this release's bundled edition changed since the project
    was made: each changed section's old and new text, side by side. Your
    own files never change; carry changes over by hand."""
    import shutil

    from handouts.errors import HandoutsError
    from handouts.project.upstream import accept as record, changes, section_paragraphs, \
        side_by_side

    project = where().project
    if project is None:
        raise HandoutsError("not in a project (no handouts.toml here or above); "
                            "`handouts init` makes one")
    if accept:
        langs = record(project.root)
        click.echo(f"Recorded the bundled edition ({', '.join(langs)}) in "
                   f"{project.root / 'upstream'}; your own files are unchanged.")
        return
    found, note = changes(project.root)
    if note:
        raise HandoutsError(note)
    if not found:
        click.echo("The bundled edition is the one this project was made from: no changes.")
        return
    width = width or shutil.get_terminal_size((100, 24)).columns
    for change in found:
        click.echo(f"== {change.language}: edition {change.old_edition} (left, in "
                   f"upstream/) -> {change.new_edition} (right, this release)")
        for name in change.sections:
            click.echo(f"\n--- {name}\n")
            for line in side_by_side(section_paragraphs(change.old_file, name),
                                     section_paragraphs(change.new_file, name), width):
                click.echo(line)
    click.echo("Carry what you want into your own files by hand, then "
               "`handouts upstream --accept`.")
