"""What keeps a build's records true: the lock on its output folder (never
through a symlink), the temporary files a killed build left (only its own),
and the previous manifest (removed before any file is written)."""
from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Callable

from ..errors import OutputError
from .fhir import BUNDLE_PATH

LOCK_NAME = ".handouts-build.lock"
MANIFEST = "manifest.json"
# A temporary file as write_atomic names it: ".NAME.XXXXXXXX.part" (mkstemp's
# eight letters, digits or underscores).
_TEMP_NAME = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.part")


def remove_stale_parts(out_dir: Path, ours: Callable[[str], bool]) -> list[str]:
    """Delete the temporary files a build killed outright left behind, and
    nothing else: only regular files named as :func:`write_atomic` names
    them, beside a file the build writes (``ours`` of its path relative to
    ``out_dir``). A user's own hidden ``*.part`` file stays. Symlinked
    folders are not entered. Returns what was removed (relative paths)."""
    removed = []
    for here, dirs, files in os.walk(out_dir):
        for name in files:
            match = _TEMP_NAME.fullmatch(name)
            if match is None:
                continue
            part = Path(here) / name
            rel = (part.parent / match.group(1)).relative_to(out_dir).as_posix()
            try:
                if ours(rel) and stat.S_ISREG(part.lstat().st_mode):
                    part.unlink()
                    removed.append(part.relative_to(out_dir).as_posix())
            except OSError:
                pass
    return sorted(removed)


def build_writes(paths: set[str], sites: list, previous: set[str]) -> Callable[[str], bool]:
    """Whether a path (relative to the output folder) is one a build
    writes: one of ``paths`` (the plan's), a path the previous manifest listed, the
    manifest, the FHIR bundle, a staff page, or a file in a site's ``web/``
    folder (its fonts)."""
    planned = paths | previous | {MANIFEST, BUNDLE_PATH}
    slugs = {site.slug for site in sites}

    def ours(rel: str) -> bool:
        parts = rel.split("/")
        return (rel in planned or re.fullmatch(r"index(-[a-z]{2,3})?\.html", rel) is not None
                or (len(parts) > 2 and parts[0] in slugs and parts[1] == "web"))

    return ours


def retire_manifest(out_dir: Path) -> set[str]:
    """Remove the previous build's manifest before any file is written, so
    that no manifest names a file this build has not written (yet) or a
    review state that file no longer has, if this build is interrupted or
    fails; the new one is written, atomically, at the end. Returns every
    path the old one listed (files, pages, assets, bundle)."""
    path = out_dir / MANIFEST
    listed: set[str] = set()
    try:
        old = json.loads(path.read_bytes()) if path.is_file() else None
    except (OSError, ValueError):
        old = None
    if isinstance(old, dict):
        for key in ("files", "pages", "assets"):
            rows = old.get(key)
            if isinstance(rows, list):
                listed |= {r["path"] for r in rows if isinstance(r, dict)
                           and isinstance(r.get("path"), str)}
        fhir = old.get("fhir")
        if isinstance(fhir, dict) and isinstance(fhir.get("path"), str):
            listed.add(fhir["path"])
    try:
        path.unlink()
    except FileNotFoundError:
        return listed
    except OSError as exc:
        raise OutputError(f"{path}: cannot remove the previous build's manifest: "
                          f"{exc.strerror or exc}") from None
    try:  # the removal reaches the disk before any new file does
        fd = os.open(out_dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
    return listed


@contextlib.contextmanager
def build_lock(out_dir: Path):
    """Hold ``out_dir`` for one build: a second build into the same folder
    stops with a clear message instead of deleting this one's temporary
    files. The lock ends with the process, however it ends."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock
        yield
        return
    path = out_dir / LOCK_NAME
    # Never through a symlink (it would create its target anywhere the user
    # can write), never a FIFO or a device.
    flags = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise OutputError(f"{path}: the build's lock file is a symbolic link; remove it "
                              "(a build never follows one)") from None
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"{path}: the build's lock file is not a regular file; remove it")
    with os.fdopen(fd, "r+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError(f"{out_dir}: another build is writing into this folder; wait "
                              "for it to finish, or build into another folder") from None
        yield
