"""What a renderer's process leaves out of its start-up.

Every build worker imports a renderer before its first file, so what that
import costs is paid once per process, on the build's critical path.

**Leaf modules, alone.** Some modules we need from a library need nothing
else of it, but importing them by name first runs the library's package,
which imports all of it: ReportLab's QR encoder brings every barcode widget
and Platypus (0.1 s), python-pptx's part-name and content-type constants
bring the whole of python-pptx (0.1 s). :func:`leaf_module` loads such a
module from its file, alone.

**Platypus's rarely used patterns.**
``reportlab.platypus.paragraph`` compiles its regular expressions when it is
imported. One of them, ``uri_pat`` (a URL matcher that ReportLab uses only to
hyphenate long URLs, which our paragraphs never ask for), spans most of
Unicode case-insensitively and takes 25 ms to compile: a tenth of a build
worker's start, paid by every process that makes handouts.

:func:`import_platypus` imports Platypus with that module's patterns
compiled on first use instead. A pattern the module uses while it loads
(``re.compile(...).split``) is compiled then, as before; the others compile
the first time they are used, to the same pattern objects.
"""
from __future__ import annotations

import functools
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

MODULE = "reportlab.platypus.paragraph"


class DeferredPattern:
    """A regular expression compiled the first time any of its attributes
    (``match``, ``search``, ``pattern``...) is looked up."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        """The compiled pattern (compiled now if not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)


def import_platypus() -> None:
    """Import ``reportlab.platypus`` (once per process; a no-op after), with
    :data:`MODULE`'s patterns deferred. Other modules' patterns compile as
    usual, and ``re.compile`` is restored however the import ends."""
    if MODULE in sys.modules:
        return
    original = re.compile

    def compile_(pattern, flags=0):
        if sys._getframe(1).f_globals.get("__name__") == MODULE:
            return DeferredPattern(pattern, flags)
        return original(pattern, flags)

    re.compile = compile_
    try:
        import reportlab.platypus  # noqa: F401
    finally:
        re.compile = original



@functools.lru_cache(maxsize=None)
def leaf_module(name: str) -> ModuleType:
    """The module ``name`` (``"pptx.opc.constants"``), loaded from its file
    without running its packages, under the private name ``_leaf.<name>``;
    the real module if it is already imported. Only for a module that
    imports nothing from its own library."""
    if name in sys.modules:
        return sys.modules[name]
    top, *inner = name.split(".")
    spec = importlib.util.find_spec(top)  # finds, without importing, the package
    if spec is None or spec.origin is None:
        raise ImportError(f"no module named {top!r}", name=top)
    path = Path(spec.origin).parent.joinpath(*inner).with_suffix(".py")
    spec = importlib.util.spec_from_file_location(f"_leaf.{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
