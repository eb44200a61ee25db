"""Writing output files atomically: a reader sees the old file or the new one."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def check_out_dir(folder: Path) -> None:
    """Raise :class:`OutputError` unless ``folder`` is an existing, writable folder."""
    if not folder.exists():
        raise OutputError(f"{folder}: output folder does not exist")
    if not folder.is_dir():
        raise OutputError(f"{folder}: output folder is a file, not a folder")
    if not writable(folder):
        raise OutputError(f"{folder}: output folder is not writable")


def writable(folder: Path) -> bool:
    """Whether this process may create files in ``folder``."""
    return os.access(folder, os.W_OK | os.X_OK)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The temporary file is renamed into place only once fully written and
    flushed, so an interrupted write never leaves a partial file at ``path``.
    Returns ``path``. Raises :class:`OutputError` for an unusable folder or a
    failed write (the temporary file is removed).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    check_out_dir(folder)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    return path
