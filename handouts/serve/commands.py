"""The desk's commands: ``serve`` (a build folder to a browser, with a print
button) and ``prints`` (the print log, summed). The server's modules are
imported only when ``serve`` runs, so that ``handouts --help`` stays quick."""
from __future__ import annotations

from pathlib import Path

import click

from handouts.options import where


@click.command()
@click.argument("build_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on (0: any free port; the address is printed).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this computer only; to let "
                   "other computers print, give this computer's address (docs/serving.md).")
@click.option("--allow-drafts", is_flag=True,
              help="Also print handouts that are not approved (draft, changed since "
                   "approval, or overdue for review).")
def serve(build_dir, port, host, allow_drafts) -> None:
    """Serve a build folder (default: the project's output folder, else out)
    to a browser on this computer: the staff page, with a Print button for
    each approved PDF (sent to the printer with lp, two-sided), and every
    file the build's manifest lists. Each print is logged in prints.csv in
    the project's folder (outside a project: in the build folder)."""
    from handouts.serve.log import LOG_NAME
    from handouts.serve.server import run

    here = where()
    root = here.output(build_dir, Path("out"))
    log = (here.project.root if here.project is not None else root) / LOG_NAME
    run(root, host, port, allow_drafts, log)


@click.command()
@click.option("--log", "log_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The print log to read (default: prints.csv in the project's folder, "
                   "else in out).")
def prints(log_path) -> None:
    """Sum the print log that `handouts serve` writes: copies and prints of
    each handout, by language and month."""
    from handouts.serve.log import LOG_NAME, read_log, summary, table

    if log_path is None:
        project = where().project
        log_path = (project.root if project is not None else Path("out")) / LOG_NAME
        if not log_path.exists():
            click.echo(f"No prints logged yet ({log_path} does not exist).")
            return
    rows = summary(read_log(log_path))
    if not rows:
        click.echo(f"No prints logged yet ({log_path} holds none).")
        return
    click.echo(table(rows))
