"""Where things go on a slide, in points from the top-left corner. Every
position comes from the deck layout or from a template's placeholders."""
from __future__ import annotations

from dataclasses import dataclass

from ...inputs.layouts import DeckLayout

LOGO_CLEARANCE = 12  # points kept between a title and the logo


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points from the top-left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def right(self) -> float:
        return self.left + self.width


def _overlap(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


class Geometry:
    """Where the title, body and logo go on a content slide ``width`` x
    ``height`` points.

    The built-in design takes every position from the layout. A clinic's
    template brings its own title and body placeholders: their positions are
    used instead (the title kept clear of the logo).
    """

    def __init__(self, layout: DeckLayout, width: float, height: float,
                 title_ph: Box | None = None, body_ph: Box | None = None, reserve: float = 0.0):
        L = layout
        self.layout = L
        # Points kept under the title's rule for a draft's notice (the gap
        # above it, the notice and the gap below it), in place of the gap.
        self.reserve = reserve
        self.width, self.height = width, height
        self.templated = title_ph is not None
        m = L.margins
        self.logo = Box(self.width - m.right - L.logo.size, m.top, L.logo.size, L.logo.size)
        self.inner = self.width - m.left - m.right
        if title_ph is not None:
            right = min(title_ph.right, self.logo.left - LOGO_CLEARANCE)
            title_ph = Box(title_ph.left, title_ph.top, right - title_ph.left, title_ph.height)
        self.title_ph = title_ph
        self.body_ph = body_ph if title_ph is not None else None
        one_line = L.body.min_size * L.line_height + 2 * L.text_inset
        if self.body_ph is not None and self.body_ph.height < one_line:
            # A content area too small for one line: the text goes below the
            # title instead, as on the built-in design (`check` warns).
            self.body_ph = None
        self.title_width = (title_ph.width if title_ph
                            else self.inner - L.logo.size - LOGO_CLEARANCE)

    def logo_clear_of(self, boxes: list[Box], obstacles=()) -> Box | None:
        """A logo-sized square in the first corner of the slide (top right,
        top left, bottom right, bottom left) that overlaps none of ``boxes``
        and ``obstacles`` ((left, top, width, height) in EMU: a template's
        placeholders and pictures); ``None`` when every corner is taken."""
        size, m = self.layout.logo.size, self.layout.margins
        right, bottom = self.width - m.right - size, self.height - m.bottom - size
        for left, top in ((right, m.top), (m.left, m.top), (right, bottom), (m.left, bottom)):
            spot = Box(left, top, size, size)
            if self.clear(spot, boxes, obstacles):
                return spot
        return None

    @staticmethod
    def clear(spot: Box, boxes: list[Box], obstacles=()) -> bool:
        """Whether ``spot`` overlaps none of ``boxes`` and ``obstacles``
        ((left, top, width, height) in EMU)."""
        taken = [*boxes, *(Box(*(v / 12700 for v in o)) for o in obstacles)]
        return not any(_overlap(spot, other) for other in taken)

    def title_box(self, lines: int, size: float) -> Box:
        """The title's box: tall enough for ``max_lines`` lines at the title size
        (so the rule sits at the same height on every slide), or more lines
        when a long title needs them."""
        m, t = self.layout.margins, self.layout.title
        inset = self.layout.text_inset
        lines = max(lines, t.max_lines)
        need = lines * max(size, t.size) * self.layout.line_height + 2 * inset
        if self.title_ph is not None:
            ph = self.title_ph
            return Box(ph.left, ph.top, ph.width, max(ph.height, need))
        return Box(m.left, m.top, self.title_width, max(need, self.layout.logo.size))

    def body_box(self, title: Box) -> Box:
        """The body's box: below ``title``, its rule and the gap, or what is
        reserved under it (a draft's notice with its own gaps), down to the
        bottom margin (or the template's body placeholder)."""
        m, L = self.layout.margins, self.layout
        top = title.bottom + L.title.rule_width + (self.reserve or L.title.gap)
        if self.body_ph is not None:
            ph = self.body_ph
            top = max(top, ph.top)
            return Box(ph.left, top, ph.width, ph.bottom - top)
        return Box(m.left, top, self.inner, self.height - m.bottom - top)
