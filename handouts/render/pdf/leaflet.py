"""The parts of a handout that make it a published leaflet: the booklet's
printed contents, and a handout's last lines, "also available in ..." and
the ruled space for notes from the care team."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether

from ...inputs.values import https_uri, primary_language
from ..leaflet import HANDOUT_LAYOUTS
from ..wording import catalogue, say, SOURCE_LANGUAGE
from ..citations import citation_language, places
from .flowables import QRCode
from .pages import ContentsEntry, NotesSpace, PlaceMark
from .styles import markup, para

NOTES_LINES = 3  # the fewest ruled lines the notes space has
__all__ = ["PlaceMark", "also_line", "beside_pictograms", "contents", "linked_qr", "notes",
           "source_line"]


def beside_pictograms(statements) -> list[list]:
    """A section's statements in the rows of its box: a statement with a
    pictogram, with the statements after it that have none (they sit beside
    the picture, not below it: no gap between two one-line points); every
    other statement a row of its own (the box breaks between rows)."""
    rows: list[list] = []
    for st in statements:
        if rows and not st.pictogram and rows[-1][0].pictogram:
            rows[-1].append(st)
        else:
            rows.append([st])
    return rows


def _said(key: str) -> str | None:
    """The wording for ``key``, or None when no catalogue has it."""
    return say(key) if key in catalogue(SOURCE_LANGUAGE).messages else None


def also_available(language: str, layout: str, languages: tuple[str, ...],
                   booklet: bool) -> str:
    """The line naming the other languages and layouts this handout is made
    in ("Also available in Spanish and in large print. Ask at the front
    desk."), "" when there are none."""
    mine = primary_language(language)
    items = [_said(f"also.language.{lang}")
             for lang in dict.fromkeys(map(primary_language, languages)) if lang != mine]
    if not booklet:
        items += [_said(f"also.layout.{name}") for name in HANDOUT_LAYOUTS if name != layout]
    items = [i for i in items if i]
    if not items:
        return ""
    joined = items[0] if len(items) == 1 else \
        f"{', '.join(items[:-1])} {say('also.and')} {items[-1]}"
    return say("also.available", items=joined)


def contents(story) -> list[Flowable]:
    """The booklet's printed contents: a heading, then a line per section
    with the page it starts on (a ``TOC`` of ``TOCI`` elements). Every
    entry is one line or more of its own, the same whatever the numbers,
    so the pages they count do not move."""
    c = story.content
    entries = [("intro", c.introduction.title),
               ("how", c.introduction.how_it_works_title),
               *((cond.slug, cond.title) for cond in c.conditions),
               ("conclusion", c.conclusion.title)]
    if story.clinic is not None and story.clinic.filled():
        entries.append(("clinic", say("clinic.box",
                                      clinic=story.clinic.clinic or story.brand.clinic.name)))
    entries += [("faq", say("faq.heading")), ("checklist", say("checklist.heading")),
                ("contact", say("contact.heading"))]
    *before, heading = story.heading(say("contents.heading"), "contents")
    toc = story.root.add("TOC")
    lines = []
    for key, title in entries:
        item = toc.add("TOCI")
        lines.append(ContentsEntry(key, para(markup(title, story.fonts), story.s.contact,
                                             tag=item.add("Reference")), story.s.contact))
    return [*before, KeepTogether([heading, *lines[:3]]), *lines[3:]]


def also_line(story) -> list[Flowable]:
    """The line naming the other languages and layouts this handout is
    made in (nothing when there are none)."""
    line = also_available(story.content.meta.language, story.layout.name, story.languages,
                          story.booklet)
    return [story.p(line, story.s.body)] if line else []


def notes(story) -> list[Flowable]:
    """The ruled space for notes from the care team (a real heading; the
    rules artifacts), filling what is left of the last page."""
    heading = story.p(say("notes.heading"), story.s.box_heading, "H2")
    story.notes_space = NotesSpace(heading, story.s.body.leading * 1.6, NOTES_LINES,
                                   story.s.text)
    return [story.notes_space]


def source_line(story, source: str, uses: tuple[str, ...]) -> list[Flowable]:
    """A source in the clinic's list, tagged with its own language when not
    the handout's (an English title in a Spanish handout), over the parts
    of the handout it backs ("Used in: ...", in the handout's language)."""
    return [story.p(source, story.s.caption,
                    lang=citation_language(source, story.content.meta.language)),
            story.p(places(uses, boxed=story.slug is not None), story.s.source_uses)]


def linked_qr(story, url: str, size: float, on_web: bool) -> QRCode:
    """The QR code to ``url``, also a link for someone reading on screen:
    a ``Link`` element holding the figure (its alternative text) and the
    link annotation over it (none for an address no link may go to)."""
    qr = QRCode(url, size, colors.black)
    qr.link_tag = story.root.add("Link")
    qr.tag = qr.link_tag.add("Figure", alt=say("qr.alt", url=url))
    target = https_uri(url)  # as every link: a plain host, over HTTPS, or none
    if target is not None:
        qr.link = (target, say("link.online" if on_web else "link.website", value=url))
    return qr
