"""Assembling a web page: its head, the clinic's header, the main text and
the footer, as UTF-8 bytes."""
from __future__ import annotations

from ...inputs.brand import Brand
from ...inputs.clinic import ClinicInfo
from ...inputs.model import Content
from ...inputs.review import ReviewState
from ...inputs.signoff import printed_state
from ...inputs.target import Target
from .. import Rendered
from ..wording import review_line, review_mark, say, speaking
from .markup import Voice, element, esc, typeset
from .pictures import logo_img
from .story import Story, lines
from .style import stylesheet

VIEWPORT = "width=device-width, initial-scale=1"
# No script runs, whatever the page holds; nothing is embedded, nothing is sent.
POLICY = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"


def render_web(content: Content, brand: Brand, target: Target,
               review: ReviewState | None = None, clinic: ClinicInfo | None = None) -> Rendered:
    """A handout as one self-contained HTML page (UTF-8 bytes): the same
    words as the PDF :func:`~handouts.render.pdf.render_handout` prints for
    the same arguments, in the same order, page numbers and running headers
    aside.

    ``target`` is one condition (its handout) or the whole edition (the
    overview booklet). ``review`` is the edition's review state (default:
    as its approval stands, whatever the day): anything but an approval
    says so at the top of the page, in the words of the PDF's draft mark,
    and never "Reviewed". ``clinic`` is the clinic's own file, its filled
    sections in a box headed as the clinic's. The pictures are inside the
    page; the stylesheet names the font files :func:`web_assets` returns,
    relative to the page. No script, nothing from the network: the only
    addresses are the clinic's own (``tel:``, ``mailto:``, ``https:``).
    The same arguments always give the same bytes.
    """
    with speaking(content.meta.language):
        review = review or printed_state(content, clinic, None)
        return Rendered(_page(content, brand, target, review, clinic).encode("utf-8"))


def _page(content: Content, brand: Brand, target: Target, review: ReviewState,
          clinic: ClinicInfo | None) -> str:
    lang = content.meta.language
    voice = Voice(lang)
    condition = target.condition(content)
    story = Story(content, brand, clinic, voice)
    if condition is None:
        title, subject = content.meta.title, say("pdf.subject.booklet")
        main = story.overview()
    else:
        title = say("pdf.title", condition=condition.title, edition=content.meta.title)
        subject = say("pdf.subject.condition", topic=condition.short_title)
        main = story.tailored(condition)
    head = lines(
        '<meta charset="utf-8">',
        f'<meta name="viewport" content="{VIEWPORT}">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(POLICY)}">',
        element("title", esc(title)),
        f'<meta name="description" content="{esc(subject)}">',
        element("style", "\n" + stylesheet(brand)))
    body = lines(_header(brand, review, voice), element("main", "\n" + main + "\n"),
                 _footer(brand, review, voice))
    return (f'<!doctype html>\n<html lang="{esc(lang)}">\n'
            + element("head", "\n" + head + "\n") + "\n"
            + element("body", "\n" + body + "\n") + "\n</html>\n")


def brand_words_language(brand: Brand, language: str, field: str) -> str:
    """The language the brand's ``field`` (``tagline`` or ``disclaimer``)
    is in on a page in ``language``: the page's when the brand is in it or
    has the field translated into it, else the brand's own."""
    words = brand.words_for(language)
    if words is None:
        return language
    shown = brand.clinic.tagline if field == "tagline" else brand.disclaimer
    translated = getattr(words, field)
    return language if translated is not None and translated == shown else brand.language


def _header(brand: Brand, review: ReviewState, voice: Voice) -> str:
    """A draft's notice (the PDF's mark across every page, in words), the
    logo, the clinic's name and tagline (the PDF's first page's header)."""
    mark = review_mark(review)
    notice = element("p", element("strong", esc(mark)), class_="review-mark") if mark else ""
    tagline = element("p", esc(brand.clinic.tagline), class_="tagline",
                      lang=voice.of(brand_words_language(brand, voice.page, "tagline"))) \
        if brand.clinic.tagline else ""
    name = element("p", esc(brand.clinic.name), class_="clinic-name")
    banner = element("div", "\n" + lines(
        logo_img(brand.logo, say("logo.alt", clinic=brand.clinic.name)),
        element("div", "\n" + lines(name, tagline) + "\n")) + "\n", class_="banner")
    return element("header", "\n" + lines(notice, banner) + "\n")


def _footer(brand: Brand, review: ReviewState, voice: Voice) -> str:
    """The disclaimer, then the review: who approved it and when, or that
    it is a draft (the PDF's footer, without its page number)."""
    state = typeset(review_line(review))
    disclaimer = element("p", esc(brand.disclaimer), class_="disclaimer",
                         lang=voice.of(brand_words_language(brand, voice.page, "disclaimer")))
    status = element("p", state if review.approved else element("strong", state),
                     class_="review")
    return element("footer", "\n" + lines(disclaimer, status) + "\n")
