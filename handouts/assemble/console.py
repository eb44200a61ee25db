"""The `handouts build` command's console side: progress and summary."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import HandoutsError


def run_build(languages: list[tuple[str, Path]], brand_path: Path, sites_path: Path | None,
              out_dir: Path, jobs: int | None, quiet: bool, verbose: bool,
              allow_overdue: bool = False, clinics: dict[str, Path] | None = None) -> None:
    """Validate everything, build, print progress and a summary line.

    Exits 1 (via :class:`HandoutsError`) when any item failed; the others are
    still written. A failure that is a bug rather than bad input says
    "internal error"; ``verbose`` prints its traceback. Content past its
    next review stops the build unless ``allow_overdue`` (then every output
    is marked overdue). ``languages`` is (language, content file) for each
    language to build, the first one's files named without a language tag;
    ``clinics`` the clinic file of a language (others: the brand's).
    """
    from ..errors import InvalidInput
    from ..inputs.brand import load_brand
    from ..inputs.sites import load_sites, single_site
    from .jobs import Edition, load_inputs
    from .output import make_out_dir
    from .run import build, default_jobs, plan

    editions, problems, signatures = [], [], []
    try:
        # Read once: each language's edition translates it; the sites lie over it.
        brand = load_brand(brand_path)
    except InvalidInput:
        brand = None  # load_inputs reports its problems, with the content's
    clinics = clinics or {}
    for n, (lang, path) in enumerate(languages):
        try:
            inputs = load_inputs(path, brand_path, clinics.get(lang), brand)
        except InvalidInput as exc:
            problems += [p for p in exc.problems if p not in problems]
            continue
        if inputs.review.status == "overdue" and not allow_overdue:
            raise HandoutsError(f"{path}: the review was due on "
                                f"{inputs.review.next_review}; have a clinician review it again "
                                "(`handouts approve`), or build with --allow-overdue to make "
                                "outputs marked as overdue")
        editions.append(Edition(inputs.content, inputs.review, inputs.clinic,
                                "" if n == 0 else lang, inputs.paths))
        if inputs.verdict is not None:
            signatures += [(inputs.content.meta.language, note) for note in inputs.verdict.notes]
    if problems:
        raise InvalidInput(problems)
    if brand.deck_template is not None:
        from ..inputs.assets import template_warnings

        for warning in template_warnings(brand.deck_template):
            click.echo(f"warning: {warning}", err=True)
    sites = load_sites(sites_path, brand) if sites_path else [single_site(brand)]
    make_out_dir(out_dir)
    total = len(plan(sites, (), editions))
    jobs = jobs or default_jobs()
    bar = None
    if sys.stdout.isatty() and not quiet and not verbose:
        bar = click.progressbar(length=total, label=f"Building {total} files", show_pos=True,
                                file=sys.stdout)
        bar.__enter__()

    def on_done(item, entry, failure) -> None:
        if bar is not None:
            bar.update(1)
        elif failure is None and not quiet:
            click.echo(f"wrote {out_dir / item.path}")
        if failure is not None:
            click.echo(f"failed {failure}", err=True)
            if verbose and failure.traceback:
                click.echo(failure.traceback, err=True)

    try:
        result = build(editions[0].content, sites, out_dir, jobs, on_done,
                       editions=editions)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    n_sites = len(sites)
    for language, note in signatures if not quiet else ():
        click.echo(f"note: {language + ': ' if len(editions) > 1 else ''}{note}", err=True)
    for edition in editions:
        if not edition.review.approved and not quiet:
            what = f"{edition.content.meta.language}: " if len(editions) > 1 else ""
            click.echo(f"note: {what}{edition.review.describe()}; every page and slide is "
                       "marked so", err=True)
    webs = sum(e.kind == "web" for e in result.entries)
    click.echo(f"Built {len(result.entries)} files ({result.pages} pages, {result.slides} slides, "
               f"{webs} web page{'s' if webs != 1 else ''}) "
               f"for {n_sites} site{'s' if n_sites != 1 else ''} in {result.seconds:.2f} s "
               f"with {jobs} job{'s' if jobs != 1 else ''}: {out_dir}/ "
               f"(manifest: {out_dir / 'manifest.json'})")
    stale = stale_files(out_dir, sites, {e.path for e in result.entries} | set(result.also))
    if stale and not quiet:
        click.echo(f"note: {len(stale)} older file{'s' if len(stale) != 1 else ''} in the site "
                   f"folders {'are' if len(stale) != 1 else 'is'} not from this build (left "
                   f"as {'they are' if len(stale) != 1 else 'it is'}), e.g. {out_dir / stale[0]}")
    if result.failures:
        hint = ("" if verbose or not any(f.traceback for f in result.failures)
                else "\nAn internal error is a bug in handouts: run with -v for its traceback "
                     "and report it.")
        raise HandoutsError(f"{len(result.failures)} of {total} files failed:\n"
                            + "\n".join(result.errors) + hint)


def stale_files(out_dir: Path, sites, built: set[str]) -> list[str]:
    """Files under the sites' folders that this build did not write (from an
    earlier build, or put there by hand), relative to ``out_dir``, sorted."""
    found = []
    for site in sites:
        folder = out_dir / site.slug
        if folder.is_dir():
            for path in folder.rglob("*"):
                rel = path.relative_to(out_dir).as_posix()
                if path.is_file() and rel not in built:
                    found.append(rel)
    return sorted(found)
