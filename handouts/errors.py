"""User-facing errors.

Every error a person can cause (a bad file, a bad option) is a subclass of
:class:`click.ClickException`, so the CLI prints its message and exits with its
code and never shows a traceback. Usage errors exit 2, input errors exit 1.
"""
from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file.

    ``line`` is 1-based, or ``None`` when the place has no line (a missing
    file, a problem with the file as a whole).
    """

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{place}:{key} {self.message}"


class HandoutsError(click.ClickException):
    """An error in the user's input; exit status 1."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # noqa: D102 - same contract as Click's
        click.echo(f"Error: {self.format_message()}", err=True, file=file)


class InvalidInput(HandoutsError):
    """One or more located problems in a content, brand, layout or sites file."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


class UnknownCondition(click.UsageError):
    """A condition argument that matches no slug or alias; exit status 2."""


class RenderError(HandoutsError):
    """Content that cannot be rendered (e.g. characters no font can draw)."""


class DoesNotFit(RenderError):
    """Text that needs more pages than its layout allows (the one-sheet
    summary's two): ``file`` is which input holds what to shorten
    (``"clinic"`` or ``"content"``), ``loc`` its key path; :meth:`at` locates
    it in that file."""

    def __init__(self, message: str, file: str, loc: tuple):
        super().__init__(message)
        self.file, self.loc = file, loc

    def at(self, path) -> Problem:
        """The problem, at its key in the file at ``path``."""
        from .inputs import yamlfile

        return yamlfile.load(path, self.file).problem(self.loc, self.message)


class OutputError(HandoutsError):
    """An output path that cannot be written."""


class InternalError(click.ClickException):
    """An unexpected exception: a bug in handouts, not bad input. Exits 70
    (EX_SOFTWARE) with one line; the traceback is printed only on request."""

    exit_code = 70

    def __init__(self, exc: BaseException, shown: bool = False):
        hint = ("" if shown else "\n(run `build -v` or set HANDOUTS_DEBUG=1 for the traceback, "
                "and report it)")
        super().__init__(f"internal error (a bug in handouts): {exc.__class__.__name__}: "
                         f"{exc}{hint}")

    def show(self, file=None) -> None:  # noqa: D102 - same contract as Click's
        click.echo(f"Error: {self.format_message()}", err=True, file=file)


class OutputNameError(click.UsageError):
    """An output name that does not fit what is written (exit status 2)."""
