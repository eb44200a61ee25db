"""The options most commands share, and the project a command runs in."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from handouts.project.sources import Where

VERBOSE = "handouts.verbose"  # ctx.meta key: show an internal error's traceback


def wrote(path: Path | None) -> None:
    """Say what was written (nothing when it went to standard output)."""
    if path is not None:
        click.echo(f"Wrote {path}")


OUTPUT = click.Path(path_type=Path, dir_okay=False, allow_dash=True)


def where() -> "Where":
    """The project this command runs in (found on first use), or none."""
    from handouts.project.sources import Where

    ctx = click.get_current_context()
    root = ctx.find_root()
    if not isinstance(root.obj, Where):
        root.obj = Where(root.params.get("project_dir"))
    return root.obj


def content_option(text: str = "Content file (YAML) (default: the project's, else the "
                   "bundled edition)."):
    """The --content option, its help saying ``text``."""
    return click.option("--content", "content_path",
                        type=click.Path(path_type=Path, dir_okay=False), default=None, help=text)


def brand_option(func):
    return click.option("--brand", "brand_path", type=click.Path(path_type=Path, dir_okay=False),
                        default=None, help="Brand file (YAML) (default: the project's, else "
                                           "the bundled demo brand).")(func)


def clinic_option(text: str = "The clinic's own file (YAML): safety information, with "
                  "sources (default: the project's, else the one the brand names)."):
    """The --clinic option, its help saying ``text``."""
    return click.option("--clinic", "clinic_path", type=click.Path(path_type=Path, dir_okay=False),
                        default=None, help=text)


def input_options(func):
    """Add --content, --brand, --clinic and --lang to a command; the command
    gets the files of the language asked for: given on the command line, else
    the project's, else the bundled demo."""

    @click.option("--lang", "lang", default=None, metavar="LANG",
                  help="Language of the edition to use (en, es, ...); default: the "
                       "project's main language, or the --content file's own.")
    @content_option()
    @brand_option
    @clinic_option()
    @functools.wraps(func)
    def wrapper(*args, lang=None, **kwargs):
        here = where()
        kwargs["content_path"] = here.content(kwargs["content_path"], lang)
        kwargs["brand_path"] = here.brand(kwargs["brand_path"])
        kwargs["clinic_path"] = here.clinic(kwargs["clinic_path"], lang)
        return func(*args, **kwargs)

    return wrapper
