"""The leaflet code every printed page carries, so that staff can sort
loose pages and tell two printings apart (the scheme is described in
docs/handouts.md, "Leaflet codes"):

    KET-<condition>-<language>-<layout> <edition, YYYY-MM>

for example ``KET-CRPS-ES-LP 2026-12``. The condition's part is the
slug's initials when it has several words ("low-back-pain": ``LBP``), else
its first four letters ("crps": ``CRPS``, "migraine": ``MIGR``); where two
of an edition's conditions would share a part, each of them uses its whole
slug in capitals. The booklet's part is ``ALL``. The language is the
primary language in capitals; the layout ``STD`` (standard), ``LP`` (large
print), or any other layout's initials."""
from __future__ import annotations

from ..inputs.model import Content
from ..inputs.values import primary_language

PREFIX = "KET"
BOOKLET = "ALL"
LAYOUTS = {"standard": "STD", "large-print": "LP"}
# What else a build makes of a condition's handout (the booklet comes in
# the standard layout only); assemble.run builds exactly these.
HANDOUT_LAYOUTS = ("standard", "large-print")


def _initials(name: str) -> str:
    parts = [p for p in name.split("-") if p]
    return "".join(p[0] for p in parts).upper() if len(parts) > 1 else name[:4].upper()


def condition_part(content: Content, slug: str | None) -> str:
    """The condition's part of the code (``ALL`` for the booklet)."""
    if slug is None:
        return BOOKLET
    mine = _initials(slug)
    if any(_initials(other) == mine for other in content.slugs if other != slug) \
            or mine == BOOKLET:
        return slug.upper()
    return mine


def layout_part(layout: str) -> str:
    """The layout's part of the code."""
    return LAYOUTS.get(layout) or _initials(layout)


def leaflet_code(content: Content, slug: str | None, layout: str) -> str:
    """The leaflet code of ``slug``'s handout (``None``: the booklet) in
    ``layout``, for ``content``'s language and edition."""
    language = primary_language(content.meta.language).upper()
    edition = content.meta.edition.strftime("%Y-%m")
    return (f"{PREFIX}-{condition_part(content, slug)}-{language}-{layout_part(layout)}"
            f" {edition}")
