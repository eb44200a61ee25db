"""What a process leaves out of its start-up.

Every command imports its libraries before it does anything, and every
build worker imports a renderer before its first file: what those imports
cost is paid once per process, on the critical path.

**Leaf modules, alone.** Some modules we need from a library need nothing
else of it, but importing them by name first runs the library's package,
which imports all of it: ReportLab's QR encoder brings every barcode widget
and Platypus (0.1 s), python-pptx's part-name and content-type constants
bring the whole of python-pptx (0.1 s). :func:`leaf_module` loads such a
module from its file, alone.

**Patterns compiled on first use.** Some modules compile, when imported,
regular expressions over most of Unicode that we never or rarely use:
ReportLab's URL matcher (only to hyphenate URLs: 25 ms), its CJK line
splitter (3 ms). :func:`import_deferring_patterns` imports a package with
those modules' patterns compiled the first time they are used instead, to
the same pattern objects, which then take the deferred ones' places.
(PyYAML's check for unprintable characters, 7 ms of every command, is no
longer deferred: we read with libyaml, and a failure there would be
silent.)

Each is a speed-up with its own switch (``leaf-modules``,
``lazy-patterns``; see :mod:`handouts.libs`): off, the module is imported
by name, as usual.
"""
from __future__ import annotations

import functools
import importlib
import importlib.util
import re
import sys
from types import ModuleType

from . import enabled
from .versions import package_dir


class DeferredPattern:
    """A regular expression compiled the first time any of its attributes
    (``match``, ``search``, ``pattern``...) is looked up. Once compiled, it
    puts the compiled pattern in its place in its module (a global or a
    class attribute), so later uses cost nothing more."""

    __slots__ = ("_args", "_module", "_compiled")

    def __init__(self, pattern, flags: int, module: str) -> None:
        self._args = (pattern, flags)
        self._module = module
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        """The compiled pattern (compiled now if not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
            self._take_my_place()
        return self._compiled

    def _take_my_place(self) -> None:
        module = sys.modules.get(self._module)
        if module is None:
            return
        for owner in (module, *(v for v in vars(module).values() if isinstance(v, type))):
            for name, value in list(vars(owner).items()):
                if value is self:
                    setattr(owner, name, self._compiled)

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)


def import_deferring_patterns(name: str, modules: tuple[str, ...]) -> ModuleType:
    """Import module ``name``, with the patterns that ``modules`` (loaded by
    that import) compile as they load deferred to their first use. A
    pattern a module uses while it loads (``re.compile(...).split``) is
    compiled then, as before; a module imported already is left as it is.
    ``re.compile`` is restored however the import ends. With the
    ``lazy-patterns`` speed-up off, a plain import."""
    if (name in sys.modules or all(m in sys.modules for m in modules)
            or not enabled("lazy-patterns")):
        return importlib.import_module(name)
    original = re.compile
    deferred = frozenset(modules)

    def compile_(pattern, flags=0):
        module = sys._getframe(1).f_globals.get("__name__")
        if module in deferred:
            return DeferredPattern(pattern, flags, module)
        return original(pattern, flags)

    re.compile = compile_
    try:
        return importlib.import_module(name)
    finally:
        re.compile = original


@functools.lru_cache(maxsize=None)
def leaf_module(name: str) -> ModuleType:
    """The module ``name`` (``"pptx.opc.constants"``), loaded from its file
    without running its packages, under the private name ``_leaf.<name>``;
    the real module if it is already imported. Only for a module that
    imports nothing from its own library. With the ``leaf-modules``
    speed-up off, the module imported by name, as usual."""
    if name in sys.modules or not enabled("leaf-modules"):
        return importlib.import_module(name)
    top, *inner = name.split(".")
    path = package_dir(top).joinpath(*inner).with_suffix(".py")
    spec = importlib.util.spec_from_file_location(f"_leaf.{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

