"""The colour of a deck's text on a clinic's template: the template's own,
or the brand's colours for templates, where it reads on everything under it
(the ground, :mod:`.background`); else the template's dark or light text
colour; else its dark text on a panel of its light colour. ``check``
reports each change."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ground:
    """What lies under a text area: ``shades`` ((``RRGGBB``, what), e.g.
    ("202020", "background")), the colour the template gives its text there
    (``own``; ``inherited``: by the layout's or master's text styles, so a
    slide that names no colour gets it), and the theme's dark and light text
    colours."""

    shades: tuple[tuple[str, str], ...]
    own: str
    inherited: bool
    dark: str
    light: str
    crowded: bool = False  # graphics cover part of it (too much to keep clear of)


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``RRGGBB``."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``RRGGBB`` colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def worst(colour: str, ground: Ground) -> tuple[float, str, str]:
    """The lowest contrast of ``colour`` on ``ground``: (ratio, shade, what)."""
    return min(((contrast(colour, shade), shade, what) for shade, what in ground.shades),
               default=(21.0, "FFFFFF", "background"))


# The least contrast each kind of text needs on what lies under it (WCAG:
# 4.5:1 for text, 3:1 for large text, as titles are).
MIN_CONTRAST = {"title": 3.0, "body": 4.5}


@dataclass(frozen=True)
class Ink:
    """How a text area's runs are coloured: ``colour`` (``RRGGBB``; empty:
    the template's, by inheritance), on a ``panel`` fill (empty: none), and
    what ``check`` says of it."""

    colour: str
    panel: str = ""
    note: str = ""


def choose(ground: Ground, wanted: str, kind: str, what: str) -> Ink:
    """The ink for text of ``kind`` (``title`` or ``body``) in the area
    ``what`` ("title", "body text", ...) on ``ground``: ``wanted`` (the
    brand's colour for templates) or else the template's own, if it passes
    :data:`MIN_CONTRAST` on everything under it; else the template's dark
    or light text colour, whichever passes (the better); else its dark text
    on a panel of its light colour."""
    least = MIN_CONTRAST[kind]
    colour = wanted or ground.own
    dark, light = ground.dark, ground.light
    if contrast(dark, light) < MIN_CONTRAST["body"]:
        dark, light = "000000", "FFFFFF"
    if ground.crowded:  # on a panel, in its own colour if that reads there
        text = colour if contrast(colour, light) >= least else dark
        return Ink(text, light, f"the template's graphics cover part of the {what} area and "
                   f"leave too little of it free; the text sits on a panel of its light "
                   f"colour #{light}, in #{text}")
    ratio, shade, under = worst(colour, ground)
    if ratio >= least:
        return Ink("" if not wanted and ground.inherited else colour)
    named = "the brand's template colour" if wanted else "colour"
    head = f"{what} {named} #{colour} on {under} #{shade} is {ratio:.1f}:1"
    best, pick, name = max((worst(c, ground)[0], c, n)
                           for c, n in ((ground.dark, "dark"), (ground.light, "light")))
    if best >= least:
        return Ink(pick, "", f"{head}; using the template's {name} text colour #{pick}")
    return Ink(dark, light, f"{head}, and neither of the template's text colours passes "
               f"everywhere under it ({best:.1f}:1 at best); the text sits on a panel of its "
               f"light colour #{light}, in #{dark}")


# Each text area of a template: (kind of text, brand colour it wants, its name).
AREAS = {"title": ("title", "primary", "title"), "body": ("body", "text", "body text"),
         "cover.title": ("title", "primary", "title slide's title"),
         "cover.second": ("body", "text", "title slide's subtitle"),
         "section.title": ("title", "primary", "section slide's title")}


def inks(grounds: tuple[tuple[str, Ground], ...], wanted: dict[str, str]) -> dict[str, Ink]:
    """The :class:`Ink` of each text area of a template (by its role in
    :data:`AREAS`), ``wanted`` holding the brand's colours for templates
    (``primary``, ``text``; empty: the template's own)."""
    out = {}
    for role, ground in grounds:
        kind, colour, what = AREAS[role]
        out[role] = choose(ground, wanted.get(colour, ""), kind, what)
    return out


def template_inks(brand, skeleton) -> dict[str, Ink]:
    """How each text area of ``brand``'s template (its ``skeleton``) is
    coloured, with the brand's ``template_colors`` if it names them; empty
    without a template."""
    if skeleton is None or not skeleton.grounds:
        return {}
    own = brand.template_colors
    wanted = {k: getattr(own, k).hex for k in ("primary", "text")
              if own is not None and getattr(own, k) is not None}
    return inks(skeleton.grounds, wanted)
