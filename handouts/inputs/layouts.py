"""Named layouts, declared as data in ``layouts/*.yaml``.

A layout may say ``extends: OTHER`` to start from another one and override
only some keys (nested mappings merge). Adding a layout means adding a file.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import yamlfile
from ..errors import InvalidInput, Problem
from .values import Length
from .validation import validate


MIN_MARGIN = 36  # points: no page's margin is narrower (office printers)

class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Margins(_Frozen):
    top: Length
    bottom: Length
    left: Length
    right: Length


class PageHeader(_Frozen):
    first_height: Length
    later_height: Length
    logo_size: Length
    name_size: float
    tagline_size: float
    rule_width: Length


class PageFooter(_Frozen):
    height: Length
    size: float
    leading: float


class TextStyle(_Frozen):
    """Font size and leading in points; space before and after in points."""

    size: float = Field(gt=0)
    leading: float = Field(gt=0)
    space_before: float = 0
    space_after: float = 0


class TypeScale(_Frozen):
    body: TextStyle
    title: TextStyle
    subtitle: TextStyle
    heading: TextStyle
    question: TextStyle
    box_heading: TextStyle
    contact: TextStyle
    lead: TextStyle  # a condition's main message, at the top


class Pictograms(_Frozen):
    size: Length  # the square a pictogram is drawn in
    caption_size: float = Field(ge=12)  # read, not small print


class Box(_Frozen):
    padding: Length
    border_width: Length
    tint: float = Field(ge=0, le=0.25)
    bullet_indent: Length


class QR(_Frozen):
    size: Length
    caption_size: float


class PageLayout(_Frozen):
    """Geometry and type scale of a printed handout."""

    kind: Literal["page"]
    name: str
    description: str = ""
    min_body_size: float = 12  # body, questions, contact details, main message
    min_small_size: float = 8  # footer and captions
    # Whether running text may be hyphenated (in the languages that are):
    # large-print guidance says not to.
    hyphenate: bool = True
    margins: Margins
    max_line_chars: int = Field(ge=40, le=120)
    header: PageHeader
    footer: PageFooter
    type: TypeScale
    box: Box
    qr: QR
    pictogram: Pictograms

    @model_validator(mode="after")
    def _reading_sizes(self):
        for name in ("body", "question", "contact", "lead"):
            size = getattr(self.type, name).size
            if size < self.min_body_size:
                raise ValueError(f"type.{name}.size {size:g} pt is below this layout's "
                                 f"min_body_size of {self.min_body_size:g} pt")
        for name, size in (("footer.size", self.footer.size),
                           ("qr.caption_size", self.qr.caption_size),
                           ("pictogram.caption_size", self.pictogram.caption_size)):
            if size < self.min_small_size:
                raise ValueError(f"{name} {size:g} pt is below this layout's "
                                 f"min_small_size of {self.min_small_size:g} pt")
        if min(self.margins.left, self.margins.right, self.margins.top,
               self.margins.bottom) < MIN_MARGIN:
            raise ValueError("margins must be at least 0.5in for office printers")
        return self


class SlideSize(_Frozen):
    width: Length
    height: Length


class DeckTitle(_Frozen):
    size: float = Field(ge=36)
    min_size: float = Field(ge=36)
    max_lines: int = Field(ge=1, le=3)
    rule_width: Length
    gap: Length


class DeckBody(_Frozen):
    size: float = Field(ge=24)
    min_size: float = Field(ge=24)
    paragraph_space: float
    bullet_indent: Length
    max_bullets: int = Field(ge=1, le=6)


class DeckLogo(_Frozen):
    size: Length


class DeckCover(_Frozen):
    logo_size: Length
    title_size: float = Field(ge=36)
    subtitle_size: float = Field(ge=24)
    detail_size: float = Field(ge=24)
    band_height: Length


class DeckClosing(_Frozen):
    qr_size: Length
    text_size: float = Field(ge=24)


class DeckLayout(_Frozen):
    """Geometry and type sizes of a seminar deck (slides at least 24 pt body
    and 36 pt titles are enforced here, at load time)."""

    kind: Literal["deck"]
    name: str
    description: str = ""
    slide: SlideSize
    margins: Margins
    text_inset: Length
    fit_width: float = Field(gt=0.5, le=1.0)
    line_height: float = Field(ge=1.0, le=2.0)
    title: DeckTitle
    body: DeckBody
    logo: DeckLogo
    cover: DeckCover
    closing: DeckClosing

    def for_width(self, width: float) -> "DeckLayout":
        """This layout for slides ``width`` points wide: every length and
        type size scaled by ``width`` over the layout's own slide width, so
        a 24 pt minimum on a 13.33-inch slide is 18 pt on a 10-inch one.
        Ratios and counts stay as they are. The same layout at its own
        width."""
        factor = width / self.slide.width
        if abs(factor - 1) < 1e-9:
            return self
        return _scaled(self, factor)


_UNSCALED = frozenset({"slide", "fit_width", "line_height", "max_lines", "max_bullets", "kind",
                       "name", "description"})


def _scaled(model: BaseModel, factor: float) -> BaseModel:
    """``model`` with its lengths and sizes times ``factor`` (unvalidated:
    a scaled minimum may be under the limits set for the design width)."""
    update = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in _UNSCALED:
            continue
        if isinstance(value, BaseModel):
            update[name] = _scaled(value, factor)
        elif isinstance(value, Length):
            update[name] = Length(f"{value * factor}pt")
        elif isinstance(value, float):
            update[name] = value * factor
    return model.model_copy(update=update)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


_PROJECT: list[Path] = []  # a project's own layouts folder, searched before the bundled


def use_project_folder(folder: Path | None) -> None:
    """Search ``folder`` (a project's own layouts) before the bundled ones;
    ``None``: the bundled ones alone."""
    _PROJECT[:] = [folder] if folder is not None else []
    load_layout.cache_clear()


def _folders(folder: Path | None) -> tuple[Path, ...]:
    from ..paths import bundled

    return (folder,) if folder is not None else (*_PROJECT, bundled("layouts"))


def available(folder: Path | None = None) -> list[str]:
    """Names of the layouts in ``folder`` (default: the project's and the
    bundled ones), sorted."""
    return sorted({p.stem for f in _folders(folder) for p in f.glob("*.yaml")})


def _raw(name: str, folders: tuple[Path, ...], chain: tuple[Path, ...] = ()
         ) -> yamlfile.LocatedYaml:
    names = ", ".join(available(folders[0]) if len(folders) == 1 else available())
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise InvalidInput([Problem(str(folders[0]), None, "",
                                    f"'{name}' is not a layout name; have: {names}")])
    found = [(i, f / f"{name}.yaml") for i, f in enumerate(folders) if (f / f"{name}.yaml").is_file()]
    if not found:
        raise InvalidInput([Problem(str(folders[0] / f"{name}.yaml"), None, "",
                                    f"no layout named '{name}'; have: {names}")])
    index, path = found[0]
    if path in chain:
        loop = " -> ".join(p.stem for p in (*chain, path))
        raise InvalidInput([Problem(str(path), None, "extends",
                                    f"layouts extend each other in a loop: {loop}")])
    doc = yamlfile.load(path, "layout")
    parent = doc.data.pop("extends", None)
    named = "name" in doc.data  # else its own file's name, not the parent's
    if parent:
        # A project's layout may extend the bundled one of the same name.
        rest = folders[index + 1:] if str(parent) == name and index + 1 < len(folders) \
            else folders
        base = _raw(str(parent), rest, (*chain, path))
        doc.data = _merge(base.data, doc.data)
    if not named:
        doc.data["name"] = name
    return doc


@functools.lru_cache(maxsize=None)
def load_layout(name: str, folder: Path | None = None) -> "PageLayout | DeckLayout":
    """The validated layout called ``name``: the file ``<name>.yaml`` in
    ``folder``, else in the project's layouts folder or the bundled ones."""
    doc = _raw(name, _folders(folder))
    model = KINDS.get(doc.data.get("kind"), PageLayout)
    return validate(model, doc)


KINDS: dict[str, type[_Frozen]] = {"page": PageLayout, "deck": DeckLayout}


def _load_kind(name: str, folder: Path | None, model: type, kind: str, use: str):
    layout = load_layout(name, folder)
    if not isinstance(layout, model):
        where = next(f for f in _folders(folder) if (f / f"{name}.yaml").is_file())
        raise InvalidInput([Problem(str(where / f"{name}.yaml"), None, "kind",
                                    f"layout '{name}' is a {layout.kind} layout; {use} need "
                                    f"a {kind} layout (kind: {kind})")])
    return layout


def load_page_layout(name: str, folder: Path | None = None) -> PageLayout:
    """:func:`load_layout`, refusing a layout that is not for printed pages."""
    return _load_kind(name, folder, PageLayout, "page", "handouts")


def load_deck_layout(name: str, folder: Path | None = None) -> DeckLayout:
    """:func:`load_layout`, refusing a layout that is not for slides."""
    return _load_kind(name, folder, DeckLayout, "deck", "decks")
