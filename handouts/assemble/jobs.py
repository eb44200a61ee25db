"""One unit of work: what to render, rendered from inputs loaded once."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DoesNotFit, HandoutsError, InvalidInput, Problem
from ..inputs.brand import Brand, load_brand
from ..inputs.content import load_content
from ..inputs.model import Content
from ..inputs.options import DeckOptions
from ..inputs.clinic import ClinicInfo, load_clinic
from ..inputs.review import DRAFT, ReviewState
from ..inputs.signoff import Verdict, edition_review
from ..inputs.target import Target
from ..render import Rendered
from .output import (STDOUT, check_out_dir, check_output_name, deck_name, handout_name,
                     make_out_dir, tagged, web_name, write_output)


@dataclass(frozen=True)
class Inputs:
    """Validated content and brand, loaded once and shared by every job, and
    the content's review state on the day they were loaded."""

    content: Content
    brand: Brand
    review: ReviewState = DRAFT
    clinic: ClinicInfo | None = None
    verdict: Verdict | None = None  # how the review state was reached, file by file
    paths: tuple[tuple[str, Path], ...] = ()  # ("content" or "clinic", the file read)
    languages: tuple[str, ...] = ()  # every language the build or project makes handouts in


def load_inputs(content_path: Path, brand_path: Path, clinic_path: Path | None = None,
                brand: Brand | None = None) -> Inputs:
    """Load and validate the content, the brand and the clinic's own file
    (``clinic_path``, else the one the brand names for the content's
    language, if any); raises :class:`InvalidInput` listing every problem in
    any of them. The brand comes back in the content's language (its
    translated tagline and disclaimer, where it has them). ``brand``, when
    given, is the brand at ``brand_path`` loaded already."""
    problems: list[Problem] = []
    content = None
    try:
        content = load_content(content_path)
    except InvalidInput as exc:
        problems += exc.problems
    if brand is None:
        try:
            brand = load_brand(brand_path)
        except InvalidInput as exc:
            problems += exc.problems
    clinic = None
    if brand is not None and content is not None:
        brand = brand.in_language(content.meta.language)
    clinic_path = clinic_path or (brand.clinic_info if brand is not None else None)
    if clinic_path is not None:
        try:
            clinic = load_clinic(clinic_path)
        except InvalidInput as exc:
            problems += exc.problems
    if clinic is not None and content is not None:
        from ..inputs.clinic import language_problem

        if mismatch := language_problem(clinic, clinic_path, content.meta.language):
            problems.append(mismatch)
    if problems:
        raise InvalidInput(problems)
    verdict = edition_review(content, clinic, dt.date.today(), Path(content_path),
                             Path(clinic_path) if clinic_path is not None else None)
    paths = (("content", Path(content_path)),
             *((("clinic", Path(clinic_path)),) if clinic_path is not None else ()))
    return Inputs(content, brand, verdict.state, clinic, verdict, paths)


def located(exc: HandoutsError, paths: tuple[tuple[str, Path], ...]) -> HandoutsError:
    """``exc``, when it is text that does not fit and the file holding it is
    among ``paths``, as a problem at its line in that file
    (``clinic-info.yaml:88: sections.after[0]: ...``); else ``exc``."""
    path = dict(paths).get(exc.file) if isinstance(exc, DoesNotFit) else None
    return InvalidInput([exc.at(path)]) if path is not None else exc


@dataclass(frozen=True)
class Edition:
    """One language's content, its review state and the clinic's file in that
    language, as a build makes it. ``name_tag`` goes into its files' names
    (empty for the build's first language)."""

    content: Content
    review: ReviewState = DRAFT
    clinic: ClinicInfo | None = None
    name_tag: str = ""
    paths: tuple[tuple[str, Path], ...] = ()  # ("content" or "clinic", the file read)

    def brand_for(self, brand: Brand) -> Brand:
        """``brand`` with its words in this edition's language."""
        return brand.in_language(self.content.meta.language)


@dataclass(frozen=True)
class HandoutJob:
    """A printed handout: a condition's or the overview booklet."""

    target: Target
    layout: str = "standard"
    paper: str = "letter"
    suffixes = (".pdf",)
    what = "a handout is a PDF"

    def filename(self, default_paper: str) -> str:
        return handout_name(self.target, self.layout, self.paper, default_paper)

    def render(self, inputs: Inputs) -> Rendered:
        from ..inputs.layouts import load_page_layout
        from ..render.pdf import render_handout

        return render_handout(inputs.content, inputs.brand, load_page_layout(self.layout),
                              self.target, self.paper, inputs.review, inputs.clinic,
                              inputs.languages)


@dataclass(frozen=True)
class DeckJob:
    """A seminar deck: the full seminar or a condition's."""

    target: Target
    options: DeckOptions = field(default_factory=DeckOptions)
    layout: str = "deck"
    suffixes = (".pptx",)
    what = "a deck is a PowerPoint file"

    def filename(self, _default_paper: str = "") -> str:
        return deck_name(self.target)

    def render(self, inputs: Inputs) -> Rendered:
        from ..inputs.layouts import load_deck_layout
        from ..render.pptx import render_deck

        return render_deck(inputs.content, inputs.brand, load_deck_layout(self.layout),
                           self.target, self.options, inputs.review, inputs.clinic)


@dataclass(frozen=True)
class WebJob:
    """A handout's web page: the same words as its PDF, one HTML page."""

    target: Target
    layout: str = "web"
    paper = None
    suffixes = (".html",)
    what = "a web page is HTML"

    def filename(self, _default_paper: str = "") -> str:
        return web_name(self.target)

    def render(self, inputs: Inputs) -> Rendered:
        from ..render.html import render_web

        return render_web(inputs.content, inputs.brand, self.target, inputs.review,
                          inputs.clinic)


def run_job(inputs: Inputs, job: HandoutJob | DeckJob, output: Path | None,
            out_dir: Path, tag: str = "") -> Path | None:
    """Render ``job`` and write it to ``output`` (or its default name in
    ``out_dir``, made if its parent exists, with ``tag``, the language, in
    it; ``-`` is standard output). Returns the path written (``None`` for
    standard output); nothing is written on failure."""
    path = output or out_dir / tagged(job.filename(inputs.brand.paper), tag)
    check_output_name(path, job.suffixes, job.what)
    if output is None:
        make_out_dir(out_dir)
    elif str(path) != STDOUT:
        check_out_dir(path.parent)  # fail before rendering, not after
    try:
        rendered = job.render(inputs)
    except DoesNotFit as exc:
        raise located(exc, inputs.paths) from None
    return write_output(path, rendered.data)
