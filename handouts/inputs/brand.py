"""The brand file: clinic identity, colours, fonts, contact and disclaimer."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import yamlfile
from ..errors import InvalidInput, Problem
from ..paths import DEFAULT_FAMILY, atkinson, noto_sans
from .assets import check_clinic_file, check_font, check_logo, check_template
from .validation import raise_if, validate
from .values import (Colour, Email, FilePath, Phone, Language, Line, QrUrl, Text, Verbatim, Website,
                     contrast_ratio, primary_language)


MIN_CONTRAST = 4.5
MAX_DISCLAIMER_CHARS = 400  # about four footer lines; the footer grows to hold it
FONT_STYLES = ("regular", "bold", "italic", "bold_italic")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Clinic(_Frozen):
    name: Text
    tagline: Line = ""


class Colours(_Frozen):
    primary: Colour
    accent: Colour
    text: Colour
    background: Colour


class TemplateColours(_Frozen):
    """Colours for text on the clinic's deck template (each optional: the
    template's own otherwise). Used where they read on what lies under them."""

    primary: Colour | None = None
    text: Colour | None = None


class FontFiles(_Frozen):
    """TrueType files, relative to the brand file. ``family`` names the font
    in decks (it must be installed where the deck is shown)."""

    family: Verbatim = ""
    regular: FilePath
    bold: FilePath | None = None
    italic: FilePath | None = None
    bold_italic: FilePath | None = None
    fallback: tuple[FilePath, ...] = ()


class Contact(_Frozen):
    phone: Phone
    address: Text
    email: Email = ""
    website: Website = ""


class BrandWords(_Frozen):
    """The brand's own words in another language: its tagline, disclaimer and
    clinic file (``clinic_info``, relative to the brand file)."""

    tagline: Line | None = None
    disclaimer: Text | None = Field(default=None, max_length=MAX_DISCLAIMER_CHARS)
    clinic_info: FilePath | None = None

    def missing(self) -> list[str]:
        """The fields not given."""
        return [name for name in ("tagline", "disclaimer", "clinic_info")
                if getattr(self, name) is None]


class Brand(_Frozen):
    """A validated brand. Every path in it is absolute and points at a file
    that exists and was checked."""

    clinic: Clinic
    logo: FilePath
    colors: Colours
    fonts: FontFiles | None = None
    contact: Contact
    qr_url: QrUrl
    # Where the clinic publishes its build: each handout's QR code and printed
    # link then open its own web page there (SITE/web/NAME.html).
    web_base_url: QrUrl | None = None
    disclaimer: Text = Field(max_length=MAX_DISCLAIMER_CHARS)
    paper: Literal["letter", "a4"] = "letter"
    deck_template: FilePath | None = None
    template_colors: TemplateColours | None = None  # text colours on the deck template
    clinic_info: FilePath | None = None  # the clinic's own file (see inputs/clinic.py)
    site: Verbatim = ""
    language: Language = "en-US"  # the language of the words above
    translations: dict[Language, BrandWords] = {}  # by language: "es"

    def words_for(self, language: str) -> BrandWords | None:
        """The brand's words for ``language`` (a tag such as ``es-US``), or
        ``None`` when it is the brand's own language."""
        lang = primary_language(language)
        if lang == primary_language(self.language):
            return None
        return self.translations.get(lang) or self.translations.get(language) or BrandWords()

    def in_language(self, language: str) -> "Brand":
        """This brand with its tagline, disclaimer and clinic file in
        ``language`` where it has them (its own words where it has not:
        ``check`` says which)."""
        words = self.words_for(language)
        if words is None:
            return self
        update: dict[str, Any] = {}
        if words.tagline is not None:
            update["clinic"] = self.clinic.model_copy(update={"tagline": words.tagline})
        if words.disclaimer is not None:
            update["disclaimer"] = words.disclaimer
        if words.clinic_info is not None:
            update["clinic_info"] = words.clinic_info
        return self.model_copy(update=update)

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


def load_brand(path: Path | str) -> Brand:
    """Read, validate and return the brand file at ``path``.

    Paths in the file are resolved relative to it. Checks that the logo is a
    readable PNG or JPEG, fonts are TrueType files that parse, a deck template
    is a .pptx, and text and headings on the background reach a 4.5:1
    contrast ratio. Every check that its own keys allow runs even when other
    keys are wrong, so one run reports every problem. Raises
    :class:`~handouts.errors.InvalidInput` listing them.
    """
    path = Path(path)
    doc = yamlfile.load(path, "brand")
    base = path.resolve().parent
    problems: list[Problem] = []
    brand = None
    try:
        brand = validate(Brand, doc)
    except InvalidInput as exc:
        problems += exc.problems
    paths = _file_paths(doc.data, base)
    for loc, (file, check) in paths.items():
        if (why := check(file)) is not None:
            problems.append(doc.problem(loc, why))
    problems += _contrast_problems(doc)
    raise_if(list(dict.fromkeys(problems)))
    return brand.model_copy(update=_resolved(brand, base))


def _file_paths(data: dict[str, Any], base: Path) -> dict[tuple, tuple[Path, Callable]]:
    """Every file the raw brand data names, by key path, with its check.
    Read from the raw data so a schema error elsewhere hides nothing."""
    def resolve(value: Any) -> Path | None:
        if not isinstance(value, str) or not value.strip():
            return None
        p = Path(value.strip())
        return p if p.is_absolute() else base / p

    found: dict[tuple, tuple[Path, Callable]] = {}
    entries = [(("logo",), data.get("logo"), check_logo),
               (("deck_template",), data.get("deck_template"), check_template),
               (("clinic_info",), data.get("clinic_info"), check_clinic_file)]
    fonts = data.get("fonts")
    if isinstance(fonts, dict):
        entries += [(("fonts", s), fonts.get(s), check_font) for s in FONT_STYLES]
        fallback = fonts.get("fallback")
        if isinstance(fallback, list):
            entries += [(("fonts", "fallback", i), f, check_font) for i, f in enumerate(fallback)]
    translations = data.get("translations")
    if isinstance(translations, dict):
        entries += [(("translations", lang, "clinic_info"), words.get("clinic_info"),
                     check_clinic_file)
                    for lang, words in translations.items() if isinstance(words, dict)]
    for loc, value, check in entries:
        if (p := resolve(value)) is not None:
            found[loc] = (p, check)
    return found


def _contrast_problems(doc: yamlfile.LocatedYaml) -> list[Problem]:
    """Text and heading colours too faint on the background, for every pair of
    colours that parse (a bad colour is the schema's to report)."""
    colours = doc.data.get("colors")
    if not isinstance(colours, dict):
        return []

    def colour(name: str) -> Colour | None:
        try:
            return Colour(colours.get(name))
        except ValueError:
            return None

    background = colour("background")
    problems = []
    for name in ("text", "primary"):
        fg = colour(name)
        if fg is None or background is None:
            continue
        ratio = contrast_ratio(fg, background)
        if ratio < MIN_CONTRAST:
            problems.append(doc.problem(
                ("colors", name),
                f"contrast of {name} {fg} on background {background} is "
                f"{ratio:.2f}:1; it must be at least {MIN_CONTRAST}:1"))
    return problems


def _resolved(brand: Brand, base: Path) -> dict[str, Any]:
    """The brand's file paths made absolute, as a ``model_copy`` update."""
    def resolve(p: Path) -> Path:
        return p if p.is_absolute() else base / p

    update: dict[str, Any] = {"logo": resolve(brand.logo)}
    if brand.deck_template is not None:
        update["deck_template"] = resolve(brand.deck_template)
    if brand.clinic_info is not None:
        update["clinic_info"] = resolve(brand.clinic_info)
    if brand.translations:
        update["translations"] = {
            lang: words.model_copy(update={"clinic_info": resolve(words.clinic_info)})
            if words.clinic_info is not None else words
            for lang, words in brand.translations.items()}
    if brand.fonts is not None:
        fonts = {s: resolve(getattr(brand.fonts, s)) for s in FONT_STYLES
                 if getattr(brand.fonts, s) is not None}
        fonts["fallback"] = tuple(resolve(p) for p in brand.fonts.fallback)
        update["fonts"] = brand.fonts.model_copy(update=fonts)
    return update
