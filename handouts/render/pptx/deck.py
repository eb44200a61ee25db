"""A seminar deck, from the content model to .pptx bytes."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace

from ...inputs.brand import Brand
from ...inputs.clinic import ClinicInfo
from ...inputs.layouts import DeckLayout
from ...inputs.model import Content
from ...inputs.options import DEFAULT_OPTIONS, DeckOptions
from ...inputs.review import ReviewState
from ...inputs.signoff import printed_state
from ...inputs.target import Target
from .. import Rendered
from ..fonts import brand_fonts
from ..images import Picture, logo
from ..qr import qr_png
from ..wording import review_mark, say, speaking
from .. import xml
from .compose import NOTICE_GAP, Composer, notice_height
from .fit import Fitter, Measure
from .geometry import Box, Geometry
from .notes import time_notes
from .outline import Closing, Cover, Divider, plan_deck
from .package import DeckPackage
from .template import skeleton
from .thumbnail import thumbnail

@functools.lru_cache(maxsize=16)
def _qr(url: str) -> Picture:
    return Picture(qr_png(url), "png", (1, 1))


@functools.lru_cache(maxsize=16)
def _fitting(layout: DeckLayout, fonts, width: float, height: float,
             placeholders: tuple[Box | None, Box | None], lang: str,
             mark: str = "") -> tuple[Geometry, Fitter]:
    """The geometry of a slide ``width`` x ``height`` points and a fitter for
    it, one per process for each layout, fonts, template, language (the
    language is the fitter's: it titles a series of slides) and draft
    notice (``mark``: its room under the title is kept from the body), so
    what it measured for one deck serves the next (every site's)."""
    measure = Measure(fonts, layout)
    geometry = Geometry(layout, width, height, *placeholders)
    if mark:
        t = layout.title
        body = geometry.body_box(geometry.title_box(t.max_lines, t.size))
        # The notice, a gap above it and one below it stand in for the title's
        # gap: the body starts right under the notice.
        reserve = NOTICE_GAP + notice_height(layout, measure, mark, body.width) + NOTICE_GAP
        geometry = Geometry(layout, width, height, *placeholders, reserve=reserve)
    return geometry, Fitter(layout, measure, geometry)


def render_deck(content: Content, brand: Brand, layout: DeckLayout, target: Target,
                options: DeckOptions = DEFAULT_OPTIONS,
                review: ReviewState | None = None,
                clinic: ClinicInfo | None = None) -> Rendered:
    """A seminar deck as .pptx bytes, with its slide count.

    ``target`` is the whole edition (the full seminar) or one condition (a
    deck tailored to it). ``options.minutes`` (the talk's length) trims
    optional slides; the FAQ and contact slides are always kept. ``review``
    is the edition's review state (default: as its approval stands, whatever
    the day); anything but an approval puts a draft mark on every slide.
    ``clinic`` is the clinic's own file: each section it has written gets a
    slide. The same arguments always give the same bytes. Raises
    :class:`~handouts.errors.RenderError` when text cannot fit a slide even
    at the minimum size. Its fixed wording is in the content's language.
    """
    with speaking(content.meta.language):
        return _render_deck(content, brand, layout, target, options, review, clinic)


def _render_deck(content: Content, brand: Brand, layout: DeckLayout, target: Target,
                 options: DeckOptions, review: ReviewState | None,
                 clinic: ClinicInfo | None) -> Rendered:
    condition = target.condition(content)
    lang = content.meta.language
    # The deck's fonts travel with it, so a presenter's PowerPoint shows them;
    # on a clinic's template, text takes the template's own fonts: none to embed.
    embedded = ((brand.font_family, brand.font_file("regular"), brand.font_file("bold")),) \
        if brand.deck_template is None else ()
    skel = skeleton(brand.deck_template, layout.slide.width.emu, layout.slide.height.emu,
                    embedded)
    # Sizes are set for the layout's slide; a template's slide may be narrower.
    layout = layout.for_width(skel.width / xml.EMU_PER_POINT)
    placeholders = [Box(*(v / xml.EMU_PER_POINT for v in b)) if b else None
                    for b in (skel.title_box, skel.body_box)]
    mark = review_mark(review or printed_state(content, clinic, None))
    geometry, fitter = _fitting(layout, brand_fonts(brand), skel.width / xml.EMU_PER_POINT,
                                skel.height / xml.EMU_PER_POINT, tuple(placeholders), lang, mark)
    composer = Composer(brand, layout, geometry, fitter, logo(brand.logo), _qr(brand.qr_url),
                        lang, mark, skel)
    deck = DeckPackage(skel, lang)
    seen: set[str] = set()
    titles: list[str] = []  # every slide's, in order

    def unique(title: str) -> str:
        out, n = title, 2
        while out in seen:
            out, n = say("deck.repeat", title=title, n=n), n + 1
        seen.add(out)
        titles.append(out)
        return out

    specs, _minutes = time_notes(plan_deck(content, brand.clinic.name, condition, options, clinic),
                                 (*content.glossary, *(clinic.glossary if clinic else ())))
    body_size = fitter.deck_size([s for s in specs
                                  if not isinstance(s, (Cover, Closing, Divider))])
    for spec in specs:
        if isinstance(spec, Cover):
            rels = deck.new_slide(skel.cover.partname if skel.cover else None)
            spec = Cover(unique(spec.title), spec.subtitle, spec.presenter, spec.date,
                         spec.notes)
            deck.add_slide(composer.cover(spec, rels), spec.notes, rels)
        elif isinstance(spec, Divider):
            if skel.section is None:  # only a template's own section layout makes dividers
                continue
            rels = deck.new_slide(skel.section.partname)
            title = unique(spec.title)
            deck.add_slide(composer.template_title(title, rels, skel.section, spec.kind),
                           spec.notes, rels)
        elif isinstance(spec, Closing):
            rels = deck.new_slide()
            spec = Closing(unique(spec.title), spec.notes)
            deck.add_slide(composer.closing(spec, rels), composer.closing_notes(spec), rels)
        else:
            for fitted in fitter.paginate(spec, body_size):
                fitted = replace(fitted, title=unique(fitted.title))
                rels = deck.new_slide()
                deck.add_slide(composer.text(fitted, rels), fitted.notes, rels)
    c = brand.colors
    preview = thumbnail(titles[0], slide_ratio=skel.width / skel.height,
                        font=brand.font_file("bold"), logo=logo(brand.logo).data,
                        primary=c.primary.hex, background=c.background.hex,
                        mark=say("review.thumbnail") if composer.review_mark else "")
    fonts = [] if brand.deck_template else [brand.font_family]  # a template's: inherited
    app = xml.app_properties(slide_titles=titles, fonts=fonts, width=skel.width,
                             height=skel.height)
    when = dt.datetime.combine(content.meta.edition, dt.time())
    core = xml.core_properties(
        title=options.title or (condition.title if condition else content.meta.title),
        author=brand.clinic.name, subject=say("deck.subject"), keywords=say("keywords"),
        language=lang, when=when)
    return Rendered(deck.to_bytes(core, app, preview), slides=deck.slide_count)


MIN_ROOM_LINES = 4  # a content area holding fewer lines than this gets a warning


def template_room(brand: Brand, layout: DeckLayout) -> int | None:
    """How many lines of body text at the minimum size fit the content area
    of ``brand``'s deck template on a draft's slide (the body below its
    title and the draft's notice, within its body placeholder if it has
    one), as :func:`render_deck` places it (``None`` without a template)."""
    if brand.deck_template is None:
        return None
    skel = skeleton(brand.deck_template, layout.slide.width.emu, layout.slide.height.emu)
    width, height = skel.width / xml.EMU_PER_POINT, skel.height / xml.EMU_PER_POINT
    scaled = layout.for_width(width)
    placeholders = tuple(Box(*(v / xml.EMU_PER_POINT for v in b)) if b else None
                         for b in (skel.title_box, skel.body_box))
    with speaking("en-US"):
        mark = say("review.draft")
    geometry, _ = _fitting(scaled, brand_fonts(brand), width, height, placeholders, "en-US",
                           mark)
    room = geometry.body_box(geometry.title_box(scaled.title.max_lines,
                                                scaled.title.size)).height
    if skel.body_box is not None:  # a placeholder too small for a line counts as none
        room = min(room, skel.body_box[3] / xml.EMU_PER_POINT)
    line = scaled.body.min_size * scaled.line_height
    return max(0, int((room - 2 * scaled.text_inset) // line))
