"""ReportLab's PDF writer, faster: the same bytes.

**writer.** ReportLab formats every PDF object through one function, ``pdfdoc.format``,
which encodes each name, number and string through its PDFDocEncoding codec,
and through ``PDFDictionary.format``, which escapes each key afresh. Those
calls are about a quarter of the time a handout takes to write. :func:`install`
replaces them, and the writers of references, indirect objects and the
cross-reference table, with versions that handle the common cases directly:
a dictionary key is escaped once per process, numbers and printable ASCII
strings are encoded as ASCII (which PDFDocEncoding maps to itself), and
everything else goes to ReportLab's own code. It relies on
``pdfdoc.format``, ``PDFDictionary.format`` and the ``format`` methods of
``PDFObjectReference``, ``PDFIndirectObject`` and
``PDFCrossReferenceSubsection`` keeping their signatures and output; a
change there shows as different bytes in ``tests/test_speedups.py``.

**compress.** ReportLab deflates each stream of each PDF as it writes it, at
zlib's default level. Most of those bytes are the same in every handout of
a build: the logo and its transparency mask, the font subsets, and whole
pages that carry no site's details. A build of 10 sites compresses 53 MB of
which 50 MB were compressed before. :func:`install_compression` gives
ReportLab's writer (the module global ``pdfdoc.zlib``) a ``zlib`` whose
``compress`` remembers recent results by their input, so each distinct
stream is deflated once per process. zlib is deterministic, so the bytes
written are the same as without the cache.
"""
from __future__ import annotations

import threading
import zlib
from collections import OrderedDict

# What was replaced, once replaced: name -> (owner, attribute, ReportLab's own).
ORIGINAL: dict[str, tuple[object, str, object]] = {}


def install_writer() -> None:
    """Make ReportLab's writer use the fast path. Idempotent."""
    if ORIGINAL:
        return
    from reportlab import rl_config
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase import pdfdoc

    slow_format = pdfdoc.format
    enc = pdfdoc.pdfdocEnc
    names: dict[str, bytes] = {}

    def name(key: str) -> bytes:
        """``key`` as a PDF name, in bytes: ``/Type``."""
        out = names.get(key)
        if out is None:
            out = names[key] = enc(pdfdoc.PDFName(key))
        return out

    PDFObject = pdfdoc.PDFObject
    ints: dict[int, bytes] = {}

    def format(element, document, toplevel=0):  # noqa: A001 - ReportLab's name
        kind = type(element)
        if kind is bytes:
            return element
        if kind is int:
            out = ints.get(element)
            if out is None:
                out = ints[element] = fp_str(element).encode("ascii")
            return out
        if kind is float:
            return fp_str(element).encode("ascii")
        if kind is str and element.isascii() and element.isprintable():
            return element.encode("ascii")
        if isinstance(element, PDFObject) and (rl_config.invariant or not rl_config.pdfComments):
            if not toplevel and hasattr(element, "__RefOnly__"):
                return document.Reference(element).format(document)
            return element.format(document)
        return slow_format(element, document, toplevel)

    def dictionary_format(self, document, IND=b"\n "):  # noqa: N803 - ReportLab's name
        d = self.dict
        keys = list(d.keys())
        if not isinstance(d, OrderedDict):
            keys.sort()
        lines = [name(k) + b" " + format(d[k], document) for k in keys]
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            return b"<<\n" + IND.join(lines) + b"\n>>"
        for i in reversed(range(6, len(lines), 6)):  # six entries a line, as ReportLab does
            lines.insert(i, b"\n ")
        return b"<<\n" + b" ".join(lines) + b"\n>>"

    def reference_format(self, document):
        try:
            return b"%d %d R" % document.idToObjectNumberAndVersion[self.name]
        except (KeyError, TypeError):
            return slow_reference(self, document)  # ReportLab's own error

    def indirect_format(self, document):
        n, v = document.idToObjectNumberAndVersion[self.name]
        document.encrypt.register(n, v)
        body = format(self.content, document, toplevel=1)
        return b"%d %d obj\n%s%sendobj\n" % (n, v, body, b"" if body.endswith(b"\n") else b"\n")

    slow_xref = pdfdoc.PDFCrossReferenceSubsection.format

    def xref_format(self, document):
        # Contiguous object numbers from 0, as every PDF here has; anything
        # else goes to ReportLab's own code (and its errors).
        numbers = document.idToObjectNumberAndVersion
        offsets = document.idToOffset
        ids = self.idsequence
        if self.firstentrynumber != 0 or any(numbers[i][0] != n for n, i in enumerate(ids, 1)):
            return slow_xref(self, document)
        lines = [b"0 %d" % (len(ids) + 1), b"0000000000 65535 f "]
        lines += [b"%0.10d %0.5d n " % (offsets[i], numbers[i][1]) for i in ids]
        lines.append(b"")
        return b"\n".join(lines)

    slow_reference = pdfdoc.PDFObjectReference.format
    for key, owner, attr, fast in (
            ("format", pdfdoc, "format", format),
            ("dictionary_format", pdfdoc.PDFDictionary, "format", dictionary_format),
            ("reference_format", pdfdoc.PDFObjectReference, "format", reference_format),
            ("indirect_format", pdfdoc.PDFIndirectObject, "format", indirect_format),
            ("xref_format", pdfdoc.PDFCrossReferenceSubsection, "format", xref_format)):
        ORIGINAL[key] = (owner, attr, getattr(owner, attr))
        setattr(owner, attr, fast)


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


def install_compression() -> CompressCache:
    """Make ReportLab's PDF writer compress through :data:`CACHE`; returns
    it. Idempotent."""
    from reportlab.pdfbase import pdfdoc

    pdfdoc.zlib = CACHE
    return CACHE
