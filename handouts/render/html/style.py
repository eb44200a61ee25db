"""The page's look: a stylesheet in the brand's colours and font, every
text colour checked against what it sits on (WCAG 2.1 AA, 4.5:1, with the
project's own :func:`~handouts.inputs.values.contrast_ratio`), and the font
files a folder of pages needs beside them (:func:`web_assets`)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ...inputs.brand import MIN_CONTRAST, Brand, Colours
from ...inputs.values import Colour, contrast_ratio
from ...paths import ATKINSON_FILES, atkinson

FONT_DIR = "fonts"  # where the font files go, beside the pages
# The faces a handout sets (the PDF's regular and bold), with their CSS weights.
FACES = (("regular", 400), ("bold", 700))
BLACK, WHITE = Colour("#000000"), Colour("#FFFFFF")
MARK = Colour("#B03A2E")  # the draft mark's red, as the PDF's
BOX_TINT = 0.10  # share of the accent in a box's background (the standard layout's)
MARK_TINT = 0.10  # share of the mark's red behind the draft notice


def mix(colour: Colour, share: float, background: Colour) -> Colour:
    """``colour`` mixed into ``background``: ``share`` 0.0 is the
    background, 1.0 the colour (as the PDF tints its boxes)."""
    rgb = (round(share * a + (1 - share) * b) for a, b in zip(colour.rgb, background.rgb))
    return Colour("#{:02X}{:02X}{:02X}".format(*rgb))


def readable(colour: Colour, background: Colour) -> Colour:
    """``colour`` if text in it reads on ``background`` (4.5:1 or more),
    else black or white, whichever reads better (one always does)."""
    if contrast_ratio(colour, background) >= MIN_CONTRAST:
        return colour
    return max((BLACK, WHITE), key=lambda c: contrast_ratio(c, background))


@dataclass(frozen=True)
class Palette:
    """Every colour the stylesheet uses: backgrounds, and each text colour
    made readable on the background it is set on."""

    background: Colour
    text: Colour
    heading: Colour  # headings, the clinic's name, the main message, links
    accent: Colour  # rules and box edges only, never text
    box: Colour
    box_text: Colour
    box_heading: Colour
    mark: Colour  # the draft notice's border
    mark_background: Colour
    mark_text: Colour
    print_text: Colour  # on paper (white: no background prints)
    print_heading: Colour

    def pairs(self) -> list[tuple[str, Colour, Colour]]:
        """(what, text colour, background) for every text the page sets."""
        return [("text", self.text, self.background),
                ("headings and links", self.heading, self.background),
                ("text in a box", self.box_text, self.box),
                ("a box's heading", self.box_heading, self.box),
                ("the draft notice", self.mark_text, self.mark_background),
                ("printed text", self.print_text, WHITE),
                ("printed headings and links", self.print_heading, WHITE)]


@functools.lru_cache(maxsize=32)
def palette(colours: Colours) -> Palette:
    """The page's colours from the brand's."""
    bg = Colour(colours.background)
    text = readable(Colour(colours.text), bg)
    box = mix(Colour(colours.accent), BOX_TINT, bg)
    mark_bg = mix(MARK, MARK_TINT, bg)
    return Palette(
        background=bg, text=text, heading=readable(Colour(colours.primary), bg),
        accent=Colour(colours.accent), box=box, box_text=readable(text, box),
        box_heading=readable(Colour(colours.primary), box), mark=MARK,
        mark_background=mark_bg, mark_text=readable(text, mark_bg),
        print_text=readable(text, WHITE), print_heading=readable(Colour(colours.primary), WHITE))


# -- fonts ---------------------------------------------------------------------
def _safe_name(name: str) -> str:
    """A file name that is safe in a URL and on any disk."""
    stem, dot, ext = name.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem if dot else name).strip("-") or "font"
    return f"{stem}.{re.sub(r'[^A-Za-z0-9]', '', ext).lower() or 'ttf'}" if dot else stem + ".ttf"


def font_files(brand: Brand) -> dict[str, tuple[str, Path]]:
    """Face (``regular``, ``bold``) -> (its file's name beside the pages,
    the TrueType file). A brand with no bold of its own has only a regular
    face (the browser makes it bold, as the PDF's fallback to the regular
    file would not)."""
    out: dict[str, tuple[str, Path]] = {}
    for face, _weight in FACES:
        if brand.fonts is None:
            path, name = atkinson(face), ATKINSON_FILES[face]
        else:
            if face != "regular" and getattr(brand.fonts, face) is None:
                continue
            path = brand.font_file(face)
            name = _safe_name(path.name)
        name = f"{FONT_DIR}/{name}"
        if any(n == name for n, _ in out.values()):
            name = f"{FONT_DIR}/{face}-{name.split('/')[-1]}"
        out[face] = (name, path)
    return out


def web_assets(brand: Brand) -> dict[str, bytes]:
    """The files a folder of web pages in ``brand`` needs beside the pages,
    by path relative to them (``fonts/AtkinsonHyperlegible-Regular.ttf``...):
    the font files the stylesheet names. The same for every page of a
    brand; write them once per folder."""
    return {name: path.read_bytes() for name, path in sorted(font_files(brand).values())}


def _family(brand: Brand) -> str:
    """The brand's font family as a CSS string's content (letters, digits,
    spaces, hyphens and underscores only)."""
    return re.sub(r"[^\w -]+", "", brand.font_family).strip() or "Handout"


def stylesheet(brand: Brand) -> str:
    """The page's stylesheet, for ``brand``'s colours and font."""
    faces = tuple((weight, font_files(brand)[face][0]) for face, weight in FACES
                  if face in font_files(brand))
    return _stylesheet(brand.colors, _family(brand), faces)


@functools.lru_cache(maxsize=32)
def _stylesheet(colours: Colours, family: str, faces: tuple[tuple[int, str], ...]) -> str:
    p = palette(colours)
    font_faces = "".join(
        f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: {weight};\n'
        f'  font-display: swap; src: url("{name}") format("truetype"); }}\n'
        for weight, name in faces)
    return font_faces + CSS.format(
        family=family, bg=p.background, text=p.text, heading=p.heading, accent=p.accent,
        box=p.box, box_text=p.box_text, box_heading=p.box_heading, mark=p.mark,
        mark_bg=p.mark_background, mark_text=p.mark_text, print_text=p.print_text,
        print_heading=p.print_heading)


CSS = """\
:root {{ color-scheme: light; --bg: {bg}; --text: {text}; --heading: {heading};
  --accent: {accent}; --box: {box}; --box-text: {box_text}; --box-heading: {box_heading};
  --mark: {mark}; --mark-bg: {mark_bg}; --mark-text: {mark_text}; }}
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ font-family: "{family}", Verdana, "Noto Sans", Arial, sans-serif; font-size: 100%;
  line-height: 1.5; color: var(--text); background: var(--bg);
  -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0 auto; padding: 1rem; max-width: 40em; font-size: 1.125rem;
  overflow-wrap: anywhere; }}
main p:lang(es), main li:lang(es) {{ hyphens: auto; }}
h1, h2, h3 {{ line-height: 1.25; margin: 1.4em 0 .5em; text-wrap: balance; }}
h1 {{ font-size: 2em; color: var(--heading); margin-top: .6em; }}
h2 {{ font-size: 1.5em; color: var(--heading); }}
h3 {{ font-size: 1.2em; }}
p, ul {{ margin: 0 0 .75em; }}
ul {{ padding-left: 1.5em; }}
li {{ margin-bottom: .35em; }}
p, li {{ text-wrap: pretty; }}
a[href^="tel:"] {{ white-space: nowrap; }}
a {{ color: var(--heading); text-decoration: underline; text-underline-offset: .15em; }}
a:focus-visible, input:focus-visible {{ outline: 3px solid var(--text); outline-offset: 2px; }}
img, svg {{ max-width: 100%; height: auto; }}
.review-mark {{ margin: 0 0 1rem; padding: .5em .75em; border: .25em solid var(--mark);
  background: var(--mark-bg); color: var(--mark-text); font-weight: bold; }}
.banner {{ display: flex; flex-wrap: wrap; align-items: center; gap: .5em 1em;
  padding-bottom: .75em; border-bottom: 3px solid var(--accent); }}
.banner > div {{ flex: 1 1 12em; min-width: 0; }}
.logo {{ width: 4.5em; flex: none; }}
.clinic-name {{ font-size: 1.3em; font-weight: bold; color: var(--heading); margin: 0;
  line-height: 1.25; }}
.tagline {{ margin: .25em 0 0; }}
.subtitle {{ font-size: 1.15em; }}
.lead {{ font-size: 1.25em; font-weight: bold; color: var(--heading); margin: 1em 0;
  padding-left: .6em; border-left: .3em solid var(--accent); }}
.box {{ background: var(--box); color: var(--box-text); border: 2px solid var(--accent);
  border-radius: .25em; padding: .75em 1em .25em; margin: 1em 0; }}
.box h2, .box h3 {{ color: var(--box-heading); margin-top: 0; }}
.clinic {{ border: 2px solid var(--heading); padding: .75em 1em .25em; margin: 1.5em 0; }}
.clinic > h2 {{ margin-top: 0; padding-bottom: .35em; border-bottom: 2px solid var(--heading); }}
.aside {{ display: flex; flex-wrap: wrap; align-items: flex-start; gap: .5em 1.5em; }}
.aside > :first-child {{ flex: 1 1 15em; min-width: 0; }}
.aside > figure {{ flex: 0 1 auto; }}
figure {{ margin: 0 0 .75em; text-align: center; }}
figcaption {{ font-weight: bold; }}
svg.pictogram {{ display: block; width: 3.5em; height: 3.5em; margin: 0 auto .25em;
  color: var(--heading); }}
svg.qr {{ display: block; width: 8em; height: 8em; margin: 0 auto .25em; }}
.qr-code figcaption {{ font-weight: normal; max-width: 16em; margin: 0 auto; }}
.checklist {{ list-style: none; padding-left: 0; }}
.checklist li {{ display: flex; align-items: flex-start; gap: .6em; }}
.checklist input {{ flex: none; width: 1.4em; height: 1.4em; margin: .05em 0 0;
  accent-color: var(--heading); }}
.sources > p:first-child {{ font-weight: bold; }}
p.uses {{ margin-top: -.5em; padding-left: 1.5em; }}  /* under its source: one entry */
.contact p {{ margin-bottom: .25em; }}
footer {{ margin-top: 2em; padding-top: .75em; border-top: 1px solid var(--text); }}
@media print {{
  @page {{ margin: 15mm; }}
  :root {{ --bg: #FFFFFF; --text: {print_text}; --heading: {print_heading};
    --box: #FFFFFF; --box-text: {print_text}; --box-heading: {print_heading};
    --mark-bg: #FFFFFF; --mark-text: {print_text}; }}
  html {{ background: none; }}
  body {{ max-width: none; padding: 0; }}
  a[href^="tel:"]::after, a[href^="https:"]::after {{ content: " (" attr(href) ")"; }}
  h1, h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
  li, figure, footer, .lead, .review-mark {{ break-inside: avoid; page-break-inside: avoid; }}
  svg.qr {{ width: 1.1in; height: 1.1in; }}
}}
"""
