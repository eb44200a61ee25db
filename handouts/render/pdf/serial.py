"""A faster path through ReportLab's PDF object writer, same bytes.

ReportLab formats every PDF object through one function, ``pdfdoc.format``,
which encodes each name, number and string through its PDFDocEncoding codec,
and through ``PDFDictionary.format``, which escapes each key afresh. Those
calls are about a quarter of the time a handout takes to write. :func:`install`
replaces them, and the writers of references, indirect objects and the
cross-reference table, with versions that handle the common cases directly:
a dictionary key is escaped once per process, numbers and printable ASCII
strings are encoded as ASCII (which PDFDocEncoding maps to itself), and
everything else goes to ReportLab's own code. The bytes written are the same
(tested in ``tests/test_streams.py``).
"""
from __future__ import annotations

# What was replaced, once replaced: name -> (owner, attribute, ReportLab's own).
ORIGINAL: dict[str, tuple[object, str, object]] = {}


def install() -> None:
    """Make ReportLab's writer use the fast path. Idempotent."""
    if ORIGINAL:
        return
    from collections import OrderedDict

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
