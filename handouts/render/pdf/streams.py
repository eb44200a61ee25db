"""Compression shared by every handout a process renders.

ReportLab deflates each stream of each PDF as it writes it, at zlib's default
level. Most of those bytes are the same in every handout of a build: the
logo and its transparency mask, the font subsets, and whole pages that carry
no site's details. A build of 10 sites compresses 53 MB of which 50 MB were
compressed before. :func:`install` gives ReportLab's writer a ``zlib`` whose
``compress`` remembers recent results by their input, so each distinct
stream is deflated once per process. zlib is deterministic, so the bytes
written are the same as without the cache.
"""
from __future__ import annotations

import threading
import zlib
from collections import OrderedDict

# Streams smaller than this are cheaper to compress than to look up and keep.
MIN_BYTES = 1024
# Inputs plus outputs held at most; least recently used go first. A site's
# handouts hold about 3.5 MB of distinct streams, the logo and fonts included.
MAX_BYTES = 48 * 1024 * 1024


class CompressCache:
    """``zlib`` with a memo on :meth:`compress`: the same input at the same
    level returns the same deflated bytes without compressing again. Holds
    at most ``max_bytes`` of inputs and outputs together; inputs under
    ``min_bytes`` and inputs that are not ``bytes`` are compressed directly.
    Every other ``zlib`` name passes through."""

    def __init__(self, max_bytes: int = MAX_BYTES, min_bytes: int = MIN_BYTES) -> None:
        self.max_bytes = max_bytes
        self.min_bytes = min_bytes
        self.held = 0  # bytes of inputs and outputs held now
        self.hits = self.misses = 0
        self._memo: OrderedDict[tuple[bytes, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def compress(self, data, /, level: int = -1) -> bytes:
        """``zlib.compress(data, level)``, from the memo when ``data`` was
        compressed at ``level`` before."""
        if type(data) is not bytes or len(data) < self.min_bytes:
            return zlib.compress(data, level)
        key = (data, level)
        with self._lock:
            out = self._memo.get(key)
            if out is not None:
                self._memo.move_to_end(key)
                self.hits += 1
                return out
        out = zlib.compress(data, level)
        size = len(data) + len(out)
        if size > self.max_bytes:
            return out
        with self._lock:
            self.misses += 1
            if key not in self._memo:
                self._memo[key] = out
                self.held += size
            while self.held > self.max_bytes:
                (old, _), old_out = self._memo.popitem(last=False)
                self.held -= len(old) + len(old_out)
        return out

    def __getattr__(self, name: str):
        return getattr(zlib, name)


CACHE = CompressCache()


def install() -> CompressCache:
    """Make ReportLab's PDF writer compress through :data:`CACHE`; returns
    it. Idempotent."""
    from reportlab.pdfbase import pdfdoc

    pdfdoc.zlib = CACHE
    return CACHE
