"""A cache on disk for what a renderer derives from files alone, kept
between runs, as Python keeps its bytecode and matplotlib its font list.

It holds only values that are a pure function of the bytes they are keyed
by (see :func:`key`): a hit gives the very value a miss would compute, so
outputs are the same bytes either way. Entries are written atomically and
read back through an unpickler that accepts only the classes its caller
names. A missing, unreadable or stale entry is made again; a folder that
cannot be written costs the time it would have saved, nothing else.

An entry cannot lie: it starts with a hash of the rest, checked on every
read (a flipped byte makes it a miss, and it is made again); it is read
only as a regular file (never through a symlink, never a FIFO or a
device), of at most :data:`MAX_ENTRY_BYTES`, from a folder owned by whoever
runs ``handouts`` and writable by no one else.

The folder is ``$HANDOUTS_CACHE_DIR`` if set (empty: no cache), else
``$XDG_CACHE_HOME/handouts``, else ``~/.cache/handouts``. Like Python's
``__pycache__``, it must be writable only by whoever runs ``handouts``: a
folder that is not is neither read nor written.
"""
from __future__ import annotations

import builtins
import functools
import hashlib
import io
import os
import pickle
import stat
import tempfile
from pathlib import Path
from typing import Iterable

ENV = "HANDOUTS_CACHE_DIR"
KEEP = 16  # entries of one kind kept; the least recently written go first
MAGIC = b"handouts-cache-1\n"  # an entry: MAGIC, the SHA-256 of the pickle, the pickle
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a skeleton with two embedded fonts is about 1 MB


def folder() -> Path | None:
    """The cache folder (not created here), or ``None`` when caching is off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "handouts"


def key(parts: Iterable[bytes | str | int]) -> str:
    """A hex SHA-256 of ``parts``, each length-prefixed (so no two lists of
    parts share a key)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


# The files of a library that run: its modules and compiled extensions.
_CODE = (".py", ".so", ".pyd")


@functools.lru_cache(maxsize=None)
def tree_fingerprint(root: Path) -> bytes:
    """A digest of every module under ``root`` (an installed library's
    folder): each one's path, size and modification time, as Python checks
    a module against its bytecode. Any module changed, added or removed (an
    upgrade, a reinstall, a hand edit) changes it. Computed once per process (a few ms for python-pptx,
    lxml and ReportLab together)."""
    h = hashlib.sha256()
    stack = [str(root)]
    while stack:
        try:
            entries = sorted(os.scandir(stack.pop()), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.name.endswith(_CODE):
                    st = entry.stat()
                    h.update(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(
                        "utf-8", "surrogateescape"))
            except OSError:
                continue
    return h.digest()


class _Only(pickle.Unpickler):
    """Unpickles only the classes it is given (and builtin containers)."""

    def __init__(self, data: bytes, allowed: dict[tuple[str, str], type]):
        super().__init__(io.BytesIO(data))
        self._allowed = allowed

    def find_class(self, module: str, name: str):
        if (module, name) in self._allowed:
            return self._allowed[(module, name)]
        if module == "builtins" and name in ("frozenset", "set"):
            return getattr(builtins, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def _path(kind: str, digest: str) -> Path | None:
    root = folder()
    return root / f"{kind}-{digest}.pickle" if root is not None else None


def _trusted(root: Path) -> bool:
    """Whether ``root`` is a folder owned by this user that no one else can
    write (so no one else can have put an entry there)."""
    try:
        st = os.stat(root)
    except OSError:
        return False
    owner = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == owner
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _read_entry(path: Path) -> bytes | None:
    """The bytes of the entry at ``path`` if it is a regular file (not a
    symlink, FIFO or device) of at most :data:`MAX_ENTRY_BYTES`."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_ENTRY_BYTES + 1)
        return data if len(data) <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def load(kind: str, digest: str, classes: Iterable[type]):
    """The ``kind`` entry stored under ``digest``, or ``None`` if there is
    none that reads back, whole and from a trusted folder, as one of
    ``classes`` (the first is the entry's)."""
    path = _path(kind, digest)
    if path is None or not _trusted(path.parent):
        return None
    data = _read_entry(path)
    if data is None or not data.startswith(MAGIC):
        return None
    body = data[len(MAGIC) + 32:]
    if hashlib.sha256(body).digest() != data[len(MAGIC):len(MAGIC) + 32]:
        return None
    classes = tuple(classes)
    allowed = {(c.__module__, c.__qualname__): c for c in classes}
    try:
        value = _Only(body, allowed).load()
    except Exception:  # noqa: BLE001 - any unreadable entry is simply made again
        return None
    return value if type(value) is classes[0] else None


def store(kind: str, digest: str, value) -> None:
    """Keep ``value`` as the ``kind`` entry for ``digest``, atomically; then
    drop the oldest entries of ``kind`` beyond :data:`KEEP`. Fails silently
    (a read-only or full disk, or a folder others can write, only loses the
    saving)."""
    path = _path(kind, digest)
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(path.parent):
            return
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(body) + len(MAGIC) + 32 > MAX_ENTRY_BYTES:
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + hashlib.sha256(body).digest() + body)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        entries = sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.lstat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
