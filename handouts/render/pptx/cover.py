"""The title slide's text blocks, sized so that they all fit between the
logo and the band: first the title shrinks (to the subtitle's size), then
the subtitle, presenter and date (to the body's smallest size)."""
from __future__ import annotations

from ...errors import RenderError

COVER_TITLE_GAP = 18  # points between the cover's title and subtitle
COVER_DETAIL_GAP = 4  # points between the cover's later lines
NOTICE_GAP = 6  # points between the title (or its rule) and the notice


def notice_size(layout: DeckLayout) -> float:
    """The notice's type size: the body's minimum (read across a room)."""
    return layout.body.min_size


def notice_height(layout: DeckLayout, measure, mark: str, width: float) -> float:
    """The height of a notice saying ``mark`` in a box ``width`` points wide."""
    size = notice_size(layout)
    lines = measure.wrap(mark, size, width - 2 * layout.text_inset, bold=True)
    return len(lines) * measure.line_height(size) + 2 * layout.text_inset


def cover_blocks(spec, L, look, measure, width: float, room: float, notice: float):
    """(blocks, heights, gaps) for the title slide's ``spec`` in a column
    ``width`` points wide and ``room`` points tall; each block is (text,
    size, bold, colour), or ``None`` for a draft's notice ``notice`` points
    tall (0: no notice) right under the title. Raises :class:`RenderError`
    when not even the smallest sizes fit."""
    c, inset = L.cover, L.text_inset
    title_size, smallest = c.title_size, min(L.title.min_size, c.subtitle_size)
    least = L.body.min_size
    sub_size, detail_size = c.subtitle_size, c.detail_size
    while True:
        blocks = [(spec.title, title_size, True, look.primary)]
        if spec.subtitle:
            blocks.append((spec.subtitle, sub_size, False, look.text))
        for detail in (spec.presenter, spec.date):
            if detail:
                blocks.append((detail, detail_size, False, look.text))
        heights = [len(measure.wrap(t, size, width - 2 * inset, bold))
                   * measure.line_height(size) + 2 * inset for t, size, bold, _ in blocks]
        gaps = [0.0] + [float(COVER_TITLE_GAP if i == 1 else COVER_DETAIL_GAP)
                        for i in range(1, len(blocks))]
        if notice:
            blocks.insert(1, None)
            heights.insert(1, notice)
            gaps.insert(1, float(NOTICE_GAP))
        if sum(heights) + sum(gaps) <= room:
            return blocks, heights, gaps
        if title_size > smallest:
            title_size = max(smallest, title_size - 2)
        elif max(sub_size, detail_size) > least:
            sub_size, detail_size = max(least, sub_size - 2), max(least, detail_size - 2)
        else:
            raise RenderError(f"the title slide has no room for the title, subtitle, presenter "
                              f"and date at the minimum sizes ({smallest} and {least} pt): "
                              "shorten the title")
