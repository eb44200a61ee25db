"""The `handouts` command line. Commands parse options and call the package;
heavy libraries (ReportLab, python-pptx) are imported only where used."""
from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path

import click

from handouts import GC_THRESHOLDS, __version__
from handouts.boundary import Handouts

from handouts.options import (OUTPUT, VERBOSE, brand_option, clinic_option, content_option,
                              input_options, where, wrote as _wrote)


def _version(ctx: click.Context, _param, value: bool) -> None:
    """``--version``: this release, and which speed-ups are on and why not."""
    if not value or ctx.resilient_parsing:
        return
    from handouts import libs
    from handouts.project.upstream import bundled_edition_date

    click.echo(f"handouts {__version__} (bundled edition of {bundled_edition_date()})\n"
               f"{libs.summary()}")
    ctx.exit()


@click.group(cls=Handouts, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version, the bundled edition's date, and which speed-ups are "
                   "on, and exit.")
@click.option("--project", "project_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, metavar="DIR",
              help="The project folder (with handouts.toml) to use; default: the current "
                   "folder or the nearest one above with a handouts.toml.")
def main(project_dir: Path | None) -> None:
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
    from handouts.report.levels import condition_text

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

    from handouts.paths import is_bundled

    project = where().project
    if project is not None:
        from handouts.project.upstream import changes, describe

        found, note = changes(project.root)
        click.echo(f"Project: {project.config}")
        for line in describe(found) + ([note] if note else []):
            click.echo(f"  {line}")
    elif is_bundled(content_path) or is_bundled(brand_path):
        click.echo("Project: none: the bundled demo's files, read-only (`handouts init` makes "
                   "a project with your own copy)")
    report, ok = check_report(content_path, brand_path, max_grade, max_smog, clinic_path,
                              min_inflesz)
    click.echo(report)
    given = click.get_current_context().params
    if project is not None and not any(given.get(k) for k in ("lang", "content_path",
                                                               "clinic_path")):
        # What `build` makes: every language of the project, each with its own files.
        from handouts.errors import InvalidInput
        from handouts.project.sources import language_problems

        for lang in project.languages[1:]:
            more, fine = check_report(project.content[lang], brand_path, max_grade, max_smog,
                                      project.clinic.get(lang), min_inflesz)
            click.echo(f"\n{more}")
            ok = ok and fine
        problems = language_problems(project) + _sites_problems(project, brand_path)
        if problems:
            ok = False
            click.echo(InvalidInput(problems).format_message())
        click.echo(f"\nProject, every language: {'OK' if ok else 'NOT OK (see above)'}")
    if verbose:
        from handouts import libs

        click.echo(libs.summary())
        for name, on, why in libs.status():
            click.echo(f"  {name:<14} {'on ' if on else 'off'}  {why}")
    if not ok:
        raise SystemExit(1)


def _sites_problems(project, brand_path: Path) -> list:
    """What is wrong in the project's sites file (which `build` reads)."""
    from handouts.errors import InvalidInput
    from handouts.inputs.brand import load_brand
    from handouts.inputs.sites import load_sites

    if project.sites is None:
        return []
    try:
        load_sites(project.sites, load_brand(brand_path))
    except InvalidInput as exc:
        return list(exc.problems)
    return []


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
@click.argument("condition", required=False)
@click.option("-o", "--output", type=OUTPUT,
              help="PDF to write (default: CONDITION-handout.pdf in --out-dir, with the "
                   "layout and the language in the name; - for standard output).")
@click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False),
              help="Paper size (default: the brand's, else letter).")
@click.option("--large-print", is_flag=True, help="Use the large-print layout (18 pt body).")
@click.option("--layout", "layout_name", default=None, metavar="NAME",
              help="A layout from layouts/ (default: standard; summary: a condition's "
                   "one-sheet summary, two pages).")
@click.option("--all", "all_", is_flag=True, help="Write one handout per condition.")
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("."), show_default=True, help="Folder for --all or a default name.")
@input_options
def handout(condition, output, paper, large_print, layout_name, all_, out_dir,
            content_path, brand_path, clinic_path) -> None:
    """Write a PDF handout for CONDITION, or the "overview" booklet.

    CONDITION is a slug or alias (see `handouts list`); "overview" writes the
    whole article as one booklet; --all writes every condition's handout.
    --layout summary writes a condition's one-sheet summary (two pages).
    """
    from dataclasses import replace

    from handouts.assemble.jobs import HandoutJob, load_inputs, run_job
    from handouts.assemble.output import with_page_qr
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
    page_layout = load_page_layout(layout)  # a bad layout is reported before any file name
    targets = ([Target.condition_of(s) for s in inputs.content.slugs] if all_
               else [resolve_target(inputs.content, condition)])
    if page_layout.story == "summary" and any(t.is_whole for t in targets):
        raise click.UsageError(f"--layout {layout} is one condition's one-sheet summary; give "
                               "a condition, not \"overview\".")
    tag = _language_tag(inputs, content_path)
    site = _site_folder(inputs.brand) if inputs.brand.web_base_url else ""
    # The handout names the project's other languages ("Also available in Spanish").
    inputs = replace(inputs, languages=tuple(lang for lang, _ in
                                             where().languages(content_path, None)))
    for target in targets:
        job = HandoutJob(target, layout, (paper or inputs.brand.paper).lower())
        page = replace(inputs, brand=with_page_qr(inputs.brand, target, site, tag))
        _wrote(run_job(page, job, None if all_ else output, out_dir, tag))


def _site_folder(brand) -> str:
    """The folder a build puts the brand's files in: the first site's of the
    project's sites file, else the one named after the clinic."""
    from handouts.inputs.sites import load_sites, single_site

    sites = where().sites(None)
    return load_sites(sites, brand)[0].slug if sites else single_site(brand).slug


def _language_tag(inputs, content_path: Path) -> str:
    """What a default file name carries for the edition's language: nothing
    for the first language (the project's, or the base edition's), else its
    code, as `build` names files (crps-handout-es.pdf)."""
    from handouts.inputs.values import primary_language

    lang = primary_language(inputs.content.meta.language)
    return "" if lang == where().main_language(content_path) else lang


@main.command()
@click.argument("condition", required=False)
@click.option("-o", "--output", type=OUTPUT,
              help="Deck to write (default: seminar.pptx or CONDITION-seminar.pptx in "
                   "--out-dir, with the language in the name; - for standard output).")
@click.option("--title", default="", help="Seminar title (default: from the content).")
@click.option("--presenter", default="", metavar="NAME", help="Shown on the title slide.")
@click.option("--date", "date_", default="", metavar="DATE",
              help="Shown on the title slide (YYYY-MM-DD prints in the language's long form).")
@click.option("--minutes", type=click.IntRange(10, 240), default=None,
              help="Length of the talk; shorter talks leave out detail slides (default: as "
                   "long as the speaker notes take, every slide kept).")
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("."), show_default=True, help="Folder for the default name.")
@input_options
def deck(condition, output, title, presenter, date_, minutes, out_dir,
         content_path, brand_path, clinic_path) -> None:
    """Write a PowerPoint deck: the full seminar, or one tailored to CONDITION."""
    from handouts.assemble.jobs import DeckJob, load_inputs, run_job
    from handouts.inputs.content import resolve_target
    from handouts.inputs.options import deck_options

    inputs = load_inputs(content_path, brand_path, clinic_path)
    _template_warnings(inputs.brand)
    options = deck_options(inputs.brand, minutes=minutes, title=title, presenter=presenter,
                           date=date_)
    job = DeckJob(resolve_target(inputs.content, condition), options)
    _wrote(run_job(inputs, job, output, out_dir, _language_tag(inputs, content_path)))


def _template_warnings(brand) -> None:
    """What was removed from the brand's deck template, as `check` says it."""
    if brand.deck_template is not None:
        from handouts.inputs.assets import template_warnings

        for warning in template_warnings(brand.deck_template):
            click.echo(f"warning: {warning}", err=True)


@main.command()
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Folder to build into (made if its parent exists); default: "
              "the project's output folder, else out.")
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
@brand_option
@click.option("--clinic", "clinic_paths", multiple=True,
              type=click.Path(path_type=Path, dir_okay=False),
              help="The clinic's own file (YAML), one per language: each serves the language "
                   "its file names (repeat --clinic for several). Other languages keep the "
                   "project's, else the one the brand names.")
def build(out_dir, sites_path, jobs, quiet, verbose, allow_overdue, languages, content_path,
          brand_path, clinic_paths) -> None:
    """Build every handout and deck, in every language the content comes in,
    for one clinic or every site in --sites. Files of a second language
    carry its code in their names (crps-handout-es.pdf)."""
    from handouts.assemble.console import run_build

    click.get_current_context().meta[VERBOSE] = verbose
    here = where()
    editions = here.languages(content_path, languages)
    if content_path is None and here.project is not None:
        from handouts.errors import InvalidInput
        from handouts.project.sources import language_problems

        problems = language_problems(here.project)
        if problems:
            raise InvalidInput(problems)
    # Each --clinic file replaces its own language's clinic file: every other
    # language keeps the project's, never none (its safety sections would vanish).
    clinics = {lang: p for lang, _ in editions if (p := here.clinic(None, lang)) is not None}
    if clinic_paths:
        from handouts.inputs.clinic import by_language

        clinics.update(by_language(clinic_paths, [lang for lang, _ in editions]))
    run_build(editions, here.brand(brand_path), here.sites(sites_path),
              here.output(out_dir, Path("out")), jobs, quiet, verbose, allow_overdue, clinics)


from handouts.project.commands import approve, init, upstream  # noqa: E402 - after main
from handouts.serve.commands import prints, serve  # noqa: E402 - after main

for _command in (approve, init, upstream, prints, serve):
    main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()
