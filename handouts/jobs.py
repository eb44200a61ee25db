"""One unit of work: load inputs once, render, write atomically."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .brand import Brand, load_brand
from .content import find_condition, load_content
from .model import Content
from .names import OVERVIEW, deck_name, handout_name
from .output import check_out_dir, write_atomic


@dataclass(frozen=True)
class Inputs:
    """Validated content and brand, loaded once and shared by every job."""

    content: Content
    brand: Brand


def load_inputs(content_path: Path, brand_path: Path) -> Inputs:
    """Load and validate both files; raises InvalidInput listing every problem."""
    from .errors import InvalidInput

    problems = []
    content = brand = None
    try:
        content = load_content(content_path)
    except InvalidInput as exc:
        problems += exc.problems
    try:
        brand = load_brand(brand_path)
    except InvalidInput as exc:
        problems += exc.problems
    if problems:
        raise InvalidInput(problems)
    return Inputs(content, brand)


def resolve_condition(content: Content, name: str) -> str:
    """The slug for ``name`` (slug or alias), or ``"overview"``."""
    if name.strip().lower() == OVERVIEW:
        return OVERVIEW
    return find_condition(content, name).slug


@dataclass(frozen=True)
class HandoutJob:
    slug: str  # a condition's slug or "overview"
    layout: str = "standard"
    paper: str = "letter"

    def filename(self, default_paper: str) -> str:
        return handout_name(self.slug, self.layout, self.paper, default_paper)


def render_handout_job(inputs: Inputs, job: HandoutJob) -> bytes:
    """The PDF bytes for ``job``."""
    from .layouts import load_page_layout
    from .pdf import render_handout

    cond = None if job.slug == OVERVIEW else inputs.content.condition(job.slug)
    return render_handout(inputs.content, inputs.brand, load_page_layout(job.layout), job.paper,
                          cond)


def run_handout(inputs: Inputs, job: HandoutJob, output: Path | None, out_dir: Path) -> Path:
    """Render ``job`` and write it to ``output`` (or its default name in
    ``out_dir``). Returns the path written."""
    path = output or out_dir / job.filename(inputs.brand.paper)
    check_out_dir(path.parent)  # fail before rendering, not after
    return write_atomic(path, render_handout_job(inputs, job))


@dataclass(frozen=True)
class DeckJob:
    slug: str | None = None  # None: the full seminar
    minutes: int = 60
    title: str | None = None
    presenter: str = ""
    date: str = ""
    layout: str = "deck"

    def filename(self) -> str:
        return deck_name(self.slug)


def render_deck_job(inputs: Inputs, job: DeckJob) -> bytes:
    """The .pptx bytes for ``job``."""
    from .deck import render_deck
    from .layouts import load_layout

    cond = inputs.content.condition(job.slug) if job.slug else None
    return render_deck(inputs.content, inputs.brand, load_layout(job.layout), cond,
                       job.minutes, job.title, job.presenter, job.date)


def run_deck(inputs: Inputs, job: DeckJob, output: Path | None, out_dir: Path) -> Path:
    """Render ``job`` and write it to ``output`` (or its default name in
    ``out_dir``). Returns the path written."""
    path = output or out_dir / job.filename()
    check_out_dir(path.parent)  # fail before rendering, not after
    return write_atomic(path, render_deck_job(inputs, job))
