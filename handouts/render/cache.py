"""A cache on disk for what a renderer derives from files alone, kept
between runs, as Python keeps its bytecode and matplotlib its font list.

It holds only values that are a pure function of the bytes they are keyed
by (see :func:`key`): a hit gives the very value a miss would compute, so
outputs are the same bytes either way. Entries are written atomically and
read back through an unpickler that accepts only the classes its caller
names. A missing, unreadable or stale entry is made again; a folder that
cannot be written costs the time it would have saved, nothing else.

The folder is ``$HANDOUTS_CACHE_DIR`` if set (empty: no cache), else
``$XDG_CACHE_HOME/handouts``, else ``~/.cache/handouts``. Like Python's
``__pycache__``, it must be writable only by whoever runs ``handouts``.
"""
from __future__ import annotations

import builtins
import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Iterable

ENV = "HANDOUTS_CACHE_DIR"
KEEP = 16  # entries of one kind kept; the least recently written go first


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


def load(kind: str, digest: str, classes: Iterable[type]):
    """The ``kind`` entry stored under ``digest``, or ``None`` if there is
    none that reads back as one of ``classes`` (the first is the entry's)."""
    path = _path(kind, digest)
    if path is None:
        return None
    classes = tuple(classes)
    allowed = {(c.__module__, c.__qualname__): c for c in classes}
    try:
        value = _Only(path.read_bytes(), allowed).load()
    except Exception:  # noqa: BLE001 - any unreadable entry is simply made again
        return None
    return value if type(value) is classes[0] else None


def store(kind: str, digest: str, value) -> None:
    """Keep ``value`` as the ``kind`` entry for ``digest``, atomically; then
    drop the oldest entries of ``kind`` beyond :data:`KEEP`. Fails silently
    (a read-only or full disk only loses the saving)."""
    path = _path(kind, digest)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        entries = sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
