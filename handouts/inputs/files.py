"""Reading a user's file completely and within bounds: a regular file (never a
device, pipe or socket, which could block or never end), no larger than a
limit, decoded in full. Every reader of user files goes through here."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InvalidInput, Problem

MB = 1024 * 1024
TEXT_LIMIT = 5 * MB  # content, brand, layout, sites and article files


def _fail(path: Path, message: str) -> InvalidInput:
    return InvalidInput([Problem(str(path), None, "", message)])


def read_bytes(path: Path, what: str, limit: int = TEXT_LIMIT) -> bytes:
    """The bytes of the ``what`` file at ``path`` (e.g. ``what="content"``).

    Raises :class:`InvalidInput` naming the file when it is missing, a
    folder, not a regular file, unreadable, or over ``limit`` bytes (checked
    before reading and while reading, so a file that grows is caught too).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail(path, f"{what} file not found") from None
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(path, f"{what} file is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(path, f"{what} file is not a regular file (a device, pipe or socket); "
                          "give the path of a file")
    if info.st_size > limit:
        raise _fail(path, f"{what} file is {info.st_size / MB:.1f} MB; it may be at most "
                          f"{limit / MB:g} MB")
    too_big = _fail(path, f"{what} file is over {limit / MB:g} MB, the most it may be")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise too_big
    return data


def read_text(path: Path, what: str, limit: int = TEXT_LIMIT) -> str:
    """The UTF-8 text of the ``what`` file at ``path``, without a leading
    byte-order mark (spreadsheet programs write one). Raises
    :class:`InvalidInput` as :func:`read_bytes` does, or for text that is
    not UTF-8 (naming the byte)."""
    data = read_bytes(path, what, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
