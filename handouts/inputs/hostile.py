"""The parts and content types no deck may carry (macros, ActiveX controls,
OLE objects), named without importing an XML library: the deck skeleton
checks every skeleton against them, in workers that never parse XML."""
from __future__ import annotations

import posixpath

PRESENTATION_MAIN = ("application/vnd.openxmlformats-officedocument.presentationml."
                     "presentation.main+xml")
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
MACRO_MAINS = frozenset(f"application/vnd.ms-powerpoint.{kind}.macroEnabled.main+xml"
                        for kind in ("presentation", "template", "slideshow", "addin"))

MACROS, ACTIVEX, OLE = "macros (VBA project)", "ActiveX control", "OLE object"


def part_kind(name: str, content_type: str) -> str | None:
    """Which of :data:`MACROS`, :data:`ACTIVEX` or :data:`OLE` the part
    ``name`` (a zip name, or a content type's extension) of
    ``content_type`` is, or ``None``."""
    low, ctype = name.lower(), content_type.lower()
    if "vbaproject" in ctype or posixpath.basename(low).startswith("vbaproject"):
        return MACROS
    if "activex" in ctype or "/activex/" in f"/{low}":
        return ACTIVEX
    if ctype == "application/vnd.openxmlformats-officedocument.oleobject" or \
            posixpath.basename(low).startswith("oleobject"):
        return OLE
    return None
