"""The `handouts` command line. Commands parse options and call the package;
heavy libraries (ReportLab, python-pptx) are imported only where used."""
from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import traceback
from pathlib import Path

import click

from handouts import GC_THRESHOLDS, __version__
from handouts.errors import InternalError
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT

VERBOSE = "handouts.verbose"  # ctx.meta key: show an internal error's traceback


class Handouts(click.Group):
    """The command group, and the one error boundary: a user's error is a
    :class:`click.ClickException` and prints as one line; anything else is a
    bug, reported as "internal error" with its traceback only on request."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader stopped reading (`handouts list | head`): not a bug.
            # Standard output goes nowhere from here, so Python's own flush
            # at exit cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            raise SystemExit(1) from None
        except Exception as exc:  # noqa: BLE001 - the boundary
            show = ctx.meta.get(VERBOSE) or os.environ.get("HANDOUTS_DEBUG")
            if show:
                traceback.print_exc()
            raise InternalError(exc, shown=bool(show)) from None


def _wrote(path: Path | None) -> None:
    """Say what was written (nothing when it went to standard output)."""
    if path is not None:
        click.echo(f"Wrote {path}")


OUTPUT = click.Path(path_type=Path, dir_okay=False, allow_dash=True)


def content_option(text: str = "Content file (YAML)."):
    """The --content option, its help saying ``text``."""
    return click.option("--content", "content_path",
                        type=click.Path(path_type=Path, dir_okay=False),
                        default=DEFAULT_CONTENT, show_default="bundled edition", help=text)


def clinic_option(text: str = "The clinic's own file (YAML): safety information, with "
                  "sources (default: the one the brand names)."):
    """The --clinic option, its help saying ``text``."""
    return click.option("--clinic", "clinic_path", type=click.Path(path_type=Path, dir_okay=False),
                        default=None, help=text)


def input_options(func):
    """Add --content, --brand, --clinic and --lang to a command; the command
    gets the content file of the language asked for as ``content_path``."""

    @click.option("--lang", "lang", default=None, metavar="LANG",
                  help="Language of the edition to use (en, es, ...); default: the "
                       "--content file's own.")
    @content_option()
    @click.option("--brand", "brand_path", type=click.Path(path_type=Path, dir_okay=False),
                  default=DEFAULT_BRAND, show_default="bundled demo brand",
                  help="Brand file (YAML).")
    @clinic_option()
    @functools.wraps(func)
    def wrapper(*args, lang=None, **kwargs):
        from handouts.inputs.editions import content_for

        kwargs["content_path"] = content_for(kwargs["content_path"], lang)
        return func(*args, **kwargs)

    return wrapper


def _version(ctx: click.Context, _param, value: bool) -> None:
    """``--version``: this release, and which speed-ups are on and why not."""
    if not value or ctx.resilient_parsing:
        return
    from handouts import libs

    click.echo(f"handouts {__version__}\n{libs.summary()}")
    ctx.exit()


@click.group(cls=Handouts, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version, and which speed-ups are on, and exit.")
def main() -> None:
    """Patient handouts (PDF) and seminar decks (PowerPoint) about ketamine
    infusions for chronic pain, in your clinic's brand."""
    gc.set_threshold(*GC_THRESHOLDS)
    if os.environ.get("HANDOUTS_SPEEDUPS"):
        from handouts import libs

        try:
            libs.requested()
        except libs.SpeedupsSettingError as exc:
            raise click.UsageError(str(exc)) from None


@main.command("list")
@input_options
def list_cmd(content_path: Path, brand_path: Path, clinic_path: Path | None) -> None:
    """List the conditions: slug, then title."""
    from handouts.inputs.content import load_content

    content = load_content(content_path)
    width = max(len(s) for s in content.slugs)
    for cond in content.conditions:
        click.echo(f"{cond.slug:<{width}}  {cond.title}")


@main.command()
@click.argument("condition")
@input_options
def show(condition: str, content_path: Path, brand_path: Path,
         clinic_path: Path | None) -> None:
    """Print one CONDITION's text as handouts will print it."""
    from handouts.inputs.content import find_condition, load_content
    from handouts.report.checks import condition_text

    content = load_content(content_path)
    click.echo(condition_text(find_condition(content, condition), content))


@main.command()
@click.option("--max-grade", type=click.FloatRange(0, 20), default=None, metavar="N",
              help="Fail when any text is above this U.S. grade: Flesch-Kincaid "
                   "(English), Fernández-Huerta (Spanish).")
@click.option("--max-smog", type=click.FloatRange(0, 20), default=None, metavar="N",
              help="Fail when any text is above this SMOG grade (English).")
@click.option("--min-inflesz", type=click.FloatRange(0, 100), default=None, metavar="N",
              help="Fail when any Spanish text scores below N on Szigriszt-Pazos "
                   "(INFLESZ: 65 is \"bastante fácil\").")
@click.option("-v", "--verbose", is_flag=True,
              help="Also say which speed-ups are on, and why any is off.")
@input_options
def check(max_grade, max_smog, min_inflesz, verbose, content_path: Path, brand_path: Path,
          clinic_path: Path | None) -> None:
    """Validate the content and brand files and report what they hold,
    including the reading level of every section and handout (on the
    Spanish scales for Spanish content), and what a language is missing."""
    from handouts.report.checks import check_report

    report, ok = check_report(content_path, brand_path, max_grade, max_smog, clinic_path,
                              min_inflesz)
    click.echo(report)
    if verbose:
        from handouts import libs

        click.echo(libs.summary())
        for name, on, why in libs.status():
            click.echo(f"  {name:<14} {'on ' if on else 'off'}  {why}")
    if not ok:
        raise SystemExit(1)


@main.command("import")
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=OUTPUT, default=Path("content.yaml"), show_default=True,
              help="Content file to write (.yaml; - for standard output).")
@click.option("--edition", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Edition date (YYYY-MM-DD); default today.")
def import_cmd(article: Path, output: Path, edition) -> None:
    """Turn a plain-text ARTICLE into a content file to edit."""
    from handouts.assemble.output import check_output_name, write_output
    from handouts.inputs.importer import import_article

    check_output_name(output, (".yaml", ".yml"), "a content file is YAML", inputs=(article,))
    day = edition.date() if edition else dt.date.today()
    text, warnings = import_article(article, day)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if write_output(output, text.encode("utf-8")):
        click.echo(f"Wrote {output}", err=str(output) == "-")


@main.command()
@click.option("--by", required=True, metavar='"NAME, CREDENTIALS"',
              help='Who approves the text, e.g. "Dana Reyes, MD".')
@click.option("--on", "on_", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Day of the approval (YYYY-MM-DD); default today.")
@click.option("--next-review", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="When it must be reviewed again; default a year after --on.")
@content_option("Content file (YAML) to approve.")
@click.option("--lang", "lang", default=None, metavar="LANG",
              help="Approve the content's edition in this language (en, es, ...).")
@clinic_option("Approve this clinic file (the clinic's own sections) instead of the content.")
def approve(by, on_, next_review, content_path, lang, clinic_path) -> None:
    """Record a clinician's approval of the content file's text (or, with
    --clinic, the clinic's own file), in the file.

    The approval holds only while the text stays as it is: change a sentence
    and it is a draft again until it is approved again.
    """
    from handouts.assemble.output import write_atomic
    from handouts.inputs.approval import approved_text, check_approver
    from handouts.inputs.clinic import clinic_state, load_clinic
    from handouts.inputs.content import load_content
    from handouts.inputs.editions import content_for
    from handouts.inputs.review import review_state

    content_path = content_for(content_path, lang)
    try:
        by = check_approver(by)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--by") from None
    day = on_.date() if on_ else dt.date.today()
    due = next_review.date() if next_review else day.replace(year=day.year + 1) \
        if (day.month, day.day) != (2, 29) else day + dt.timedelta(days=365)
    path = clinic_path or content_path
    text = approved_text(path, by, day, due, clinic=clinic_path is not None)
    original = path.read_bytes()
    write_atomic(path, text.encode("utf-8"))
    state = (clinic_state(load_clinic(path), None) if clinic_path
             else review_state(load_content(path), None))
    if state.status != "approved":  # pragma: no cover - a bug, never a user's error
        write_atomic(path, original)
        raise RuntimeError(f"the approval did not take: {state.describe()}")
    click.echo(f"Approved {path}: {state.describe()}")


@main.command()
@click.argument("condition", required=False)
@click.option("-o", "--output", type=OUTPUT,
              help="PDF to write (default: CONDITION-handout.pdf in the current folder; "
                   "- for standard output).")
@click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False),
              help="Paper size (default: the brand's, else letter).")
@click.option("--large-print", is_flag=True, help="Use the large-print layout (18 pt body).")
@click.option("--layout", "layout_name", default=None, metavar="NAME",
              help="A layout from layouts/ (default: standard).")
@click.option("--all", "all_", is_flag=True, help="Write one handout per condition.")
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("."), show_default=True, help="Folder for --all or a default name.")
@input_options
def handout(condition, output, paper, large_print, layout_name, all_, out_dir,
            content_path, brand_path, clinic_path) -> None:
    """Write a PDF handout for CONDITION, or the "overview" booklet.

    CONDITION is a slug or alias (see `handouts list`); "overview" writes the
    whole article as one booklet; --all writes every condition's handout.
    """
    from handouts.assemble.jobs import HandoutJob, load_inputs, run_job
    from handouts.inputs.content import resolve_target
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import Target

    if all_ and (condition or output):
        raise click.UsageError("--all writes every condition; give no CONDITION or -o with it.")
    if not all_ and not condition:
        raise click.UsageError("Give a CONDITION, \"overview\", or --all.")
    if large_print and layout_name and layout_name != "large-print":
        raise click.UsageError("--large-print and --layout disagree; give one of them.")
    layout = "large-print" if large_print else (layout_name or "standard")
    inputs = load_inputs(content_path, brand_path, clinic_path)
    load_page_layout(layout)  # a bad layout is reported before any file name is made
    targets = ([Target.condition_of(s) for s in inputs.content.slugs] if all_
               else [resolve_target(inputs.content, condition)])
    for target in targets:
        job = HandoutJob(target, layout, (paper or inputs.brand.paper).lower())
        _wrote(run_job(inputs, job, None if all_ else output, out_dir))


@main.command()
@click.argument("condition", required=False)
@click.option("-o", "--output", type=OUTPUT,
              help="Deck to write (default: seminar.pptx or CONDITION-seminar.pptx; "
                   "- for standard output).")
@click.option("--title", default="", help="Seminar title (default: from the content).")
@click.option("--presenter", default="", metavar="NAME", help="Shown on the title slide.")
@click.option("--date", "date_", default="", metavar="DATE", help="Shown on the title slide.")
@click.option("--minutes", type=click.IntRange(10, 240), default=60, show_default=True,
              help="Length of the talk; shorter talks leave out detail slides.")
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("."), show_default=True, help="Folder for the default name.")
@input_options
def deck(condition, output, title, presenter, date_, minutes, out_dir,
         content_path, brand_path, clinic_path) -> None:
    """Write a PowerPoint deck: the full seminar, or one tailored to CONDITION."""
    from handouts.assemble.jobs import DeckJob, load_inputs, run_job
    from handouts.inputs.content import resolve_target
    from handouts.inputs.options import DeckOptions

    inputs = load_inputs(content_path, brand_path, clinic_path)
    options = DeckOptions(minutes=minutes, title=title, presenter=presenter, date=date_)
    job = DeckJob(resolve_target(inputs.content, condition), options)
    _wrote(run_job(inputs, job, output, out_dir))


@main.command()
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"), show_default=True, help="Folder to build into (must exist or "
              "its parent must).")
@click.option("--sites", "sites_path", type=click.Path(path_type=Path, dir_okay=False),
              help="CSV with one row per site (name, phone, address, ...) over the brand.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: the number of CPUs).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary and errors.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print every file as it is written, and the traceback of an internal error.")
@click.option("--allow-overdue", is_flag=True,
              help="Build content past its next review date, every output marked overdue.")
@click.option("--lang", "languages", default=None, metavar="LANG[,LANG...]",
              help="Languages to build (e.g. en,es); default: every language the content "
                   "comes in.")
@content_option()
@click.option("--brand", "brand_path", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_BRAND, show_default="bundled demo brand", help="Brand file (YAML).")
@clinic_option("The clinic's own file (YAML) for the first language (default: the one the "
               "brand names for each language).")
def build(out_dir, sites_path, jobs, quiet, verbose, allow_overdue, languages, content_path,
          brand_path, clinic_path) -> None:
    """Build every handout and deck, in every language the content comes in,
    for one clinic or every site in --sites. Files of a second language
    carry its code in their names (crps-handout-es.pdf)."""
    from handouts.assemble.console import run_build

    click.get_current_context().meta[VERBOSE] = verbose
    run_build(content_path, brand_path, sites_path, out_dir, jobs, quiet, verbose, allow_overdue,
              clinic_path, languages)


if __name__ == "__main__":  # pragma: no cover
    main()
