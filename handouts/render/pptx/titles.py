"""Title slides: the built-in design's cover, and a template's own
title-slide and section-header layouts, with the clinic's name and logo
where the layout leaves room."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import xml
from .cover import COVER_DETAIL_GAP, NOTICE_GAP, cover_blocks, notice_height
from .geometry import Box
from .layouts import LayoutInfo
from .outline import Cover
from .package import SlideRels

if TYPE_CHECKING:
    from .compose import SlideBuilder


def _points(box: tuple[int, int, int, int] | None) -> Box | None:
    """A box in EMU as a :class:`Box` in points."""
    return Box(*(v / xml.EMU_PER_POINT for v in box)) if box else None


class TitleSlides:
    """The title slides of a :class:`~.compose.Composer` (its brand, layout,
    geometry, fitter and slide builder)."""

    def _fit_size(self, paras: list[tuple[str, bool]], box: Box, largest: float,
                  smallest: float, gap: float = 0.0) -> float:
        """The largest size from ``largest`` down to ``smallest`` at which
        ``paras`` ((text, bold) pairs, ``gap`` points apart) fit ``box``'s
        height; ``smallest`` if none does."""
        size = largest
        while size > smallest:
            if self._height(paras, size, box.width, gap) <= box.height:
                return size
            size = max(smallest, size - 2)
        return smallest

    def template_title(self, title: str, rels: SlideRels, info: LayoutInfo, kind: str,
                       lines: list[str] = (), clinic: str = "") -> bytes:
        """A slide on a template's own title-slide or section-header layout:
        ``title`` in its title placeholder; ``lines`` (subtitle, presenter,
        date) and the ``clinic``'s name, in bold, in its subtitle placeholder
        (or, on a layout without one, in the room left below the title or
        above it), each as large as fits; and the logo where it covers
        nothing of the layout's."""
        c, slide = self.L.cover, self._slide(rels)
        tbox = _points(info.title_box) or self.g.title_box(self.L.title.max_lines, c.title_size)
        size = self._fit_size([(title, True)], tbox, c.title_size, self.L.title.min_size)
        ink, second = self.ink(f"{kind}.title"), self.ink("cover.second")  # kind: cover, section
        slide.title(tbox, [slide.para(title, size, ink.colour, bold=True)], ph=info.title_ph,
                    fill=ink.panel)
        sbox = _points(info.second_box)
        if self.review_mark:
            sbox = self._title_notice(slide, tbox, sbox)
        paras = [(t, False) for t in lines] + ([(clinic, True)] if clinic else [])
        placeholder = info.second_ph
        if paras and sbox is None:
            sbox, placeholder = self._room_off_title(tbox, slide.notice_box), None
        text = None  # the part of the subtitle's box its text takes
        if paras and sbox is not None:
            small = self._fit_size(paras, sbox, c.subtitle_size, self.L.body.min_size,
                                   COVER_DETAIL_GAP)
            slide.textbox(sbox, [slide.para(t, small, second.colour, bold=bold,
                                            space=COVER_DETAIL_GAP if i else 0)
                                 for i, (t, bold) in enumerate(paras)], placeholder=placeholder,
                          fill=second.panel)
            text = Box(sbox.left, sbox.top, sbox.width, min(sbox.height, self._height(
                paras, small, sbox.width, COVER_DETAIL_GAP)))
        notice = [slide.notice_box] if slide.notice_box else []
        spot = self.g.logo_clear_of([tbox, *([sbox] if sbox else []), *notice], info.obstacles)
        if spot is None and text is not None:  # under the text, at the right of its box
            size = self.L.logo.size
            spot = Box(sbox.right - size, text.bottom + NOTICE_GAP, size, size)
            own = tuple(o for o in info.obstacles if o not in (info.title_box, info.second_box))
            if spot.bottom > sbox.bottom or not self.g.clear(spot, [tbox, text, *notice], own):
                spot = None
        if spot is not None:  # else the layout leaves no room: no logo on this slide
            self._logo(slide, spot)
        return self._finish(slide, kind)

    def _height(self, paras: list[tuple[str, bool]], size: float, width: float,
                gap: float) -> float:
        """The height ``paras`` ((text, bold) pairs, ``gap`` points apart)
        take at ``size`` points in a box ``width`` points wide, insets included."""
        inset = self.L.text_inset
        lines = sum(len(self.fit.m.wrap(t, size, width - 2 * inset, b)) for t, b in paras)
        return lines * self.fit.m.line_height(size) + gap * max(0, len(paras) - 1) + 2 * inset

    def _room_off_title(self, tbox: Box, notice: Box | None) -> Box | None:
        """On a title layout without a subtitle placeholder: the room
        between the title (and a draft's notice) and the bottom margin, or
        else between the top margin and the title, as wide as the title;
        ``None`` when neither holds a line at the body's smallest size."""
        m, gap = self.L.margins, NOTICE_GAP
        top = max(tbox.bottom, notice.bottom if notice else 0.0) + gap
        above = min(tbox.top, notice.top if notice else tbox.top) - gap
        one_line = self.fit.m.line_height(self.L.body.min_size) + 2 * self.L.text_inset
        for box in (Box(tbox.left, top, tbox.width, self.g.height - m.bottom - top),
                    Box(tbox.left, m.top, tbox.width, above - m.top)):
            if box.height >= one_line:
                return box
        return None

    def _title_notice(self, slide: "SlideBuilder", tbox: Box, sbox: Box | None) -> Box | None:
        """A draft's notice on a template's title or section slide: under
        the title, or above it when the slide has no room below; the
        subtitle's box, ``sbox``, made to start below the notice if it
        would lie under it. Returns the subtitle's box."""
        h = notice_height(self.L, self.fit.m, self.review_mark, tbox.width)
        top = tbox.bottom + NOTICE_GAP
        if top + h > self.g.height - self.L.margins.bottom and tbox.top - NOTICE_GAP - h >= 0:
            top = tbox.top - NOTICE_GAP - h
        box = self._notice(slide, tbox.left, top, tbox.width)
        if sbox is not None and sbox.top < box.bottom + NOTICE_GAP and sbox.bottom > box.top:
            new_top = box.bottom + NOTICE_GAP
            one_line = self.fit.m.line_height(self.L.body.min_size) + 2 * self.L.text_inset
            sbox = Box(sbox.left, new_top, sbox.width, max(sbox.bottom - new_top, one_line))
        return sbox

    def cover(self, spec: Cover, rels: SlideRels) -> bytes:
        """Logo top left; title, subtitle, presenter and date centred in the
        space below it; the clinic's name in a band along the bottom. On a
        template with a title-slide layout, that layout's placeholders."""
        if self.skel is not None and self.skel.cover is not None:
            lines = [t for t in (spec.subtitle, spec.presenter, spec.date) if t]
            return self.template_title(spec.title, rels, self.skel.cover, spec.kind, lines,
                                       clinic=self.brand.clinic.name)
        c, m, inset, look = self.L.cover, self.L.margins, self.L.text_inset, self.look
        slide = self._slide(rels)
        measure, width = self.fit.m, self.g.inner
        band = Box(0, self.g.height - c.band_height, self.g.width, c.band_height)
        area_top = m.top + c.logo_size
        blocks, heights, gaps = cover_blocks(
            spec, self.L, look, measure, width, band.top - area_top,
            notice_height(self.L, measure, self.review_mark, width) if self.review_mark else 0.0)
        y = area_top + max(0.0, (band.top - area_top - sum(heights) - sum(gaps)) / 2)
        for i, (block, h, gap) in enumerate(zip(blocks, heights, gaps)):
            y += gap
            if block is None:
                self._notice(slide, m.left, y, width)
                y += h
                continue
            text, size, bold, color = block
            paras = [slide.para(text, size, color, bold=bold)]
            if i == 0:
                slide.title(Box(m.left, y, width, h), paras, anchor="top")
            else:
                slide.textbox(Box(m.left, y, width, h), paras)
            y += h
        slide.rect(Box(0, 0, self.g.width, self.L.title.rule_width * 2), look.primary)
        slide.rect(band, look.primary)
        slide.textbox(Box(m.left, band.top, width, band.height),
                      [slide.para(self.brand.clinic.name, c.detail_size, look.background,
                                  bold=True)], anchor="middle")
        self._logo(slide, Box(m.left, m.top, c.logo_size, c.logo_size))
        return self._finish(slide, spec.kind)
