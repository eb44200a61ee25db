"""The command group's error boundary: a user's error is a
:class:`click.ClickException` and prints as one line; a closed standard
output ends quietly (141); a full device is one line; anything else is a
bug, reported as "internal error" with its traceback only on request."""
from __future__ import annotations

import errno
import os
import sys
import traceback

import click

from handouts.errors import InternalError, OutputError
from handouts.options import VERBOSE

class Handouts(click.Group):
    """The command group, and the one error boundary: a user's error is a
    :class:`click.ClickException` and prints as one line; anything else is a
    bug, reported as "internal error" with its traceback only on request."""

    def main(self, *args, **kwargs):
        # --help and --version write before any command is invoked.
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            if exc.errno not in _FULL:
                raise
            _silence_stdout()
            OutputError(f"cannot write the output: {exc.strerror or exc}").show()
            sys.exit(OutputError.exit_code)

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, so that a failed write is caught below
            return result
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader stopped reading (`handouts list | head -c 1`): not a
            # bug, and nothing to say; exit as a command killed by SIGPIPE
            # would (141). Standard output goes nowhere from here, so Python's
            # own flush at exit cannot fail again.
            _silence_stdout()
            raise SystemExit(128 + 13) from None
        except OSError as exc:
            if exc.errno not in _FULL:
                show = ctx.meta.get(VERBOSE) or os.environ.get("HANDOUTS_DEBUG")
                if show:
                    traceback.print_exc()
                raise InternalError(exc, shown=bool(show)) from None
            # A full device (`handouts list > /dev/full`): the user's to fix.
            _silence_stdout()
            raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None
        except Exception as exc:  # noqa: BLE001 - the boundary
            show = ctx.meta.get(VERBOSE) or os.environ.get("HANDOUTS_DEBUG")
            if show:
                traceback.print_exc()
            raise InternalError(exc, shown=bool(show)) from None


# Errors of a device with no room: the disk (or quota) is full, or the file
# would be too big.
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _silence_stdout() -> None:
    """Point standard output at the null device, dropping what is buffered,
    so that Python's flush at exit cannot fail (and print) again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    except OSError:
        pass
