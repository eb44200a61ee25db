"""The brand file: clinic identity, colours, fonts, contact and disclaimer."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import yamlfile
from .colour import Colour, contrast_ratio
from .errors import Problem
from .fonts import DEFAULT_FAMILY, atkinson, noto_sans
from .model import Text
from .validation import raise_if, validate

MIN_CONTRAST = 4.5
MAX_LOGO_BYTES = 5 * 1024 * 1024
_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Clinic(_Frozen):
    name: Text
    tagline: str = ""


class Colours(_Frozen):
    primary: Colour
    accent: Colour
    text: Colour
    background: Colour


class FontFiles(_Frozen):
    """TrueType files, relative to the brand file. ``family`` names the font
    in decks (it must be installed where the deck is shown)."""

    family: str | None = None
    regular: Path
    bold: Path | None = None
    italic: Path | None = None
    bold_italic: Path | None = None
    fallback: tuple[Path, ...] = ()


class Contact(_Frozen):
    phone: Text
    address: Text
    email: str = ""
    website: str = ""


class Brand(_Frozen):
    """A validated brand. Every path in it is absolute and points at a file
    that exists and was checked."""

    clinic: Clinic
    logo: Path
    colors: Colours
    fonts: FontFiles | None = None
    contact: Contact
    qr_url: Text
    disclaimer: Text
    paper: Literal["letter", "a4"] = "letter"
    deck_template: Path | None = None
    site: str = ""

    @property
    def font_family(self) -> str:
        """The font's family name as a deck names it."""
        if self.fonts is None:
            return DEFAULT_FAMILY
        return self.fonts.family or self.fonts.regular.stem.split("-")[0]

    @property
    def fallback_fonts(self) -> tuple[Path, ...]:
        """Fonts tried, in order, for a letter the main font cannot draw: the
        brand's own (e.g. a CJK font), then the bundled Noto Sans."""
        own = self.fonts.fallback if self.fonts else ()
        return (*own, noto_sans())

    def font_file(self, style: str) -> Path:
        """The TTF for ``style`` (regular, bold, italic, bold_italic).

        Styles the brand does not name fall back to its regular file; with no
        ``fonts`` at all, the bundled Atkinson Hyperlegible.
        """
        if self.fonts is None:
            return atkinson(style)
        return getattr(self.fonts, style) or self.fonts.regular


def image_kind(data: bytes) -> str | None:
    """'PNG' or 'JPEG' from the file's first bytes, else ``None``."""
    for magic, kind in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def check_logo(path: Path) -> str | None:
    """Why ``path`` is not a usable logo, or ``None`` when it is."""
    if not path.is_file():
        return f"logo file not found: {path}"
    size = path.stat().st_size
    if size == 0:
        return f"logo file is empty: {path}"
    if size > MAX_LOGO_BYTES:
        return (f"logo file is {size / 1048576:.1f} MB; use a PNG or JPEG under "
                f"{MAX_LOGO_BYTES // 1048576} MB")
    with path.open("rb") as fh:
        head = fh.read(16)
    if image_kind(head) is None:
        return f"logo is not a PNG or JPEG image: {path}"
    try:
        from PIL import Image

        with Image.open(path) as img:
            img.verify()
    except Exception as exc:  # noqa: BLE001 - any decoder failure means a bad image
        return f"logo image cannot be read ({exc.__class__.__name__}): {path}"
    return None


def _check_font(path: Path) -> str | None:
    if not path.is_file():
        return f"font file not found: {path}"
    with path.open("rb") as fh:
        head = fh.read(4)
    if head not in (b"\x00\x01\x00\x00", b"true"):
        return f"font is not a TrueType (.ttf) file: {path}"
    return None


def _check_template(path: Path) -> str | None:
    if not path.is_file():
        return f"deck template not found: {path}"
    if not zipfile.is_zipfile(path):
        return f"deck template is not a .pptx file: {path}"
    with zipfile.ZipFile(path) as zf:
        if "ppt/presentation.xml" not in zf.namelist():
            return f"deck template is not a PowerPoint .pptx file: {path}"
    return None


def load_brand(path: Path | str) -> Brand:
    """Read, validate and return the brand file at ``path``.

    Paths in the file are resolved relative to it. Checks that the logo is a
    readable PNG or JPEG, fonts are TrueType, a deck template is a .pptx, and
    text and headings on the background reach a 4.5:1 contrast ratio. Raises
    :class:`~handouts.errors.InvalidInput` listing every problem.
    """
    path = Path(path)
    doc = yamlfile.load(path, "brand")
    brand: Brand = validate(Brand, doc)
    base = path.resolve().parent
    problems: list[Problem] = []

    def resolve(p: Path) -> Path:
        return p if p.is_absolute() else (base / p)

    updates: dict = {"logo": resolve(brand.logo)}
    if (why := check_logo(updates["logo"])) is not None:
        problems.append(doc.problem(("logo",), why))
    if brand.fonts is not None:
        fonts = {}
        for style in ("regular", "bold", "italic", "bold_italic"):
            p = getattr(brand.fonts, style)
            if p is not None:
                fonts[style] = resolve(p)
                if (why := _check_font(fonts[style])) is not None:
                    problems.append(doc.problem(("fonts", style), why))
        fallback = []
        for i, p in enumerate(brand.fonts.fallback):
            fallback.append(resolve(p))
            if (why := _check_font(fallback[-1])) is not None:
                problems.append(doc.problem(("fonts", "fallback", i), why))
        fonts["fallback"] = tuple(fallback)
        updates["fonts"] = brand.fonts.model_copy(update=fonts)
    if brand.deck_template is not None:
        updates["deck_template"] = resolve(brand.deck_template)
        if (why := _check_template(updates["deck_template"])) is not None:
            problems.append(doc.problem(("deck_template",), why))
    c = brand.colors
    for name in ("text", "primary"):
        ratio = contrast_ratio(getattr(c, name), c.background)
        if ratio < MIN_CONTRAST:
            problems.append(doc.problem(
                ("colors", name),
                f"contrast of {name} {getattr(c, name)} on background {c.background} is "
                f"{ratio:.2f}:1; it must be at least {MIN_CONTRAST}:1",
            ))
    raise_if(problems)
    return brand.model_copy(update=updates)
