"""The one place that knows the libraries' internals.

The renderers use ReportLab's and python-pptx's public API. Everything that
reaches below it (a private name, a library function replaced or wrapped, a
module loaded outside its package, ``re.compile`` swapped while a library
imports) lives in this package, and nowhere else: ``tests/test_seam.py``
scans the source and fails on any such reach outside it.

What is here is of two kinds:

- **Adapters** the output depends on (a canvas's operator list, the name
  ReportLab gives an annotation, a page's entries, a text line that ends in
  a space, a hyphen the hyphenator added). They are always on; the tests
  run them on the tested versions, and :func:`require` says clearly, at
  once, when a library no longer has what they use.
- **Speed-ups**, listed in :data:`SPEEDUPS`. Each is switched on only when
  every library it relies on is at a version the project tests
  (:data:`TESTED`), and the environment variable ``HANDOUTS_SPEEDUPS`` does
  not turn it off. Off, the libraries' own code runs: the same bytes,
  slower (tested, speed-up by speed-up).

``HANDOUTS_SPEEDUPS``: unset, ``1`` or ``all`` for every speed-up; ``0`` or
``none`` for none; a comma-separated list names the only ones on
(``writer,compress``); names after ``-`` are turned off from all
(``-replay,-wrap-memo``). ``handouts --version`` and ``handouts check -v``
say which are on, and why any is off.
"""
from __future__ import annotations

import os

ENV = "HANDOUTS_SPEEDUPS"

# The versions the project is tested on, oldest to newest, inclusive: the
# same bounds as pyproject.toml (tests/test_seam.py holds them equal), and
# constraints.txt pins the newest, which `make` installs.
TESTED: dict[str, tuple[str, str]] = {
    "reportlab": ("5.0.1", "5.1.0"),
    "python-pptx": ("1.0.0", "1.0.2"),
    "svglib": ("2.0.2", "2.3.2"),
    "rl_accel": ("0.9.0", "0.9.1"),
    "lxml": ("6.1.0", "6.2.0"),
    "Pillow": ("10.0.1", "13.0.0"),
}


class Speedup:
    """A speed-up that reaches below a library's API: its name (the switch),
    the distributions whose internals it relies on, and what it does."""

    __slots__ = ("name", "relies_on", "what")

    def __init__(self, name: str, relies_on: tuple[str, ...], what: str):
        self.name, self.relies_on, self.what = name, relies_on, what


SPEEDUPS: dict[str, Speedup] = {s.name: s for s in (
    Speedup("writer", ("reportlab", "rl_accel"),
            "ReportLab's PDF object writer: common objects formatted directly"),
    Speedup("compress", ("reportlab",),
            "each distinct PDF stream deflated once per process"),
    Speedup("subsets", ("reportlab",),
            "each font subset and its ToUnicode map made once per process"),
    Speedup("replay", ("reportlab",),
            "a drawn paragraph drawn again from memory"),
    Speedup("wrap-memo", ("reportlab",),
            "a paragraph's line breaks per width and pieces per split, remembered"),
    Speedup("logo", ("reportlab", "Pillow"),
            "the logo's image object made once per process"),
    Speedup("leaf-modules", ("reportlab", "python-pptx"),
            "the QR encoder and python-pptx's constants loaded without their packages"),
    Speedup("lazy-patterns", ("reportlab",),
            "ReportLab's rarely used patterns compiled on first use"),
)}


class SpeedupsSettingError(ValueError):
    """``HANDOUTS_SPEEDUPS`` names a speed-up there is none of."""


def requested(setting: str | None = None) -> frozenset[str]:
    """The speed-ups ``setting`` (default: ``$HANDOUTS_SPEEDUPS``) asks
    for. Raises :class:`SpeedupsSettingError` naming an unknown one."""
    if setting is None:
        setting = os.environ.get(ENV, "")
    value = setting.strip().lower()
    if value in ("", "1", "all", "on", "yes", "true"):
        return frozenset(SPEEDUPS)
    if value in ("0", "none", "off", "no", "false"):
        return frozenset()
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n.lstrip("-") for n in names if n.lstrip("-") not in SPEEDUPS]
    if unknown:
        raise SpeedupsSettingError(
            f"{ENV}={setting}: no speed-up named {', '.join(map(repr, unknown))} "
            f"(known: {', '.join(SPEEDUPS)}; or 0 for none, 1 for all)")
    off = {n[1:] for n in names if n.startswith("-")}
    on = {n for n in names if not n.startswith("-")}
    return frozenset((on or set(SPEEDUPS)) - off)


def untested(dist: str) -> str | None:
    """Why ``dist``'s installed version is outside the tested range, or
    ``None`` when it is inside."""
    from .versions import Version, installed_version

    low, high = TESTED[dist]
    found = installed_version(dist)
    if found is None:
        return f"{dist}'s version is unknown"
    if found < Version.parse(low):
        return f"{dist} {found} is older than tested ({low} to {high})"
    if found > Version.parse(high):
        return f"{dist} {found} is newer than tested ({low} to {high})"
    return None


_DECIDED: dict[str, str | None] = {}


def why_off(name: str) -> str | None:
    """``None`` when speed-up ``name`` is on in this process, else why it is
    off. Decided once per process."""
    if name not in _DECIDED:
        try:
            asked = requested()
        except SpeedupsSettingError:
            asked = frozenset()  # the command reports the setting itself
        if name not in asked:
            _DECIDED[name] = f"turned off by {ENV}"
        else:
            _DECIDED[name] = next(filter(None, map(untested, SPEEDUPS[name].relies_on)), None)
    return _DECIDED[name]


def enabled(name: str) -> bool:
    """Whether speed-up ``name`` is on in this process."""
    return why_off(name) is None


def status() -> list[tuple[str, bool, str]]:
    """Each speed-up: its name, whether it is on, and what it does or why
    it is off."""
    return [(s.name, why_off(s.name) is None, why_off(s.name) or s.what)
            for s in SPEEDUPS.values()]


def summary() -> str:
    """One line a person reads: which speed-ups are on, and why any is off."""
    rows = status()
    off = [(name, why) for name, on, why in rows if not on]
    if not off:
        return f"speed-ups: all {len(rows)} on (libraries at tested versions)"
    reasons = sorted({why for _, why in off})
    if len(off) == len(rows):
        return f"speed-ups: off ({'; '.join(reasons)}); the libraries' own code runs"
    return (f"speed-ups: {len(rows) - len(off)} of {len(rows)} on; off: "
            f"{', '.join(n for n, _ in off)} ({'; '.join(reasons)})")


_INSTALLED = False


def install() -> None:
    """Install the process-wide speed-ups that are on (each checks its own
    switch), after checking that the adapters find what they use.
    Idempotent; called when a renderer is imported."""
    global _INSTALLED
    if _INSTALLED:
        return
    from .imports import import_deferring_patterns

    # First: Platypus with its rarely used patterns compiled on first use.
    import_deferring_patterns("reportlab.platypus",
                              ("reportlab.platypus.paragraph", "reportlab.lib.textsplit"))
    from . import reportlab_fonts, reportlab_paragraph, reportlab_writer

    require()
    _INSTALLED = True
    if enabled("compress"):
        reportlab_writer.install_compression()
    if enabled("writer"):
        reportlab_writer.install_writer()
    if enabled("subsets"):
        reportlab_fonts.install()
    reportlab_paragraph.REPLAY = enabled("replay")
    reportlab_paragraph.WRAP_MEMO = enabled("wrap-memo")


def require() -> None:
    """Raise :class:`~handouts.errors.RenderError` naming what is missing
    when the installed ReportLab lacks something an adapter uses (a version
    no test has seen)."""
    from . import reportlab_canvas

    missing = reportlab_canvas.missing()
    if missing:
        from ..errors import RenderError
        from .versions import installed_version as v

        raise RenderError(
            f"ReportLab {v('reportlab')} lacks {', '.join(missing)}, which handouts needs; "
            f"install a tested version (reportlab {TESTED['reportlab'][0]} to "
            f"{TESTED['reportlab'][1]}: pip install -c constraints.txt handouts)")
