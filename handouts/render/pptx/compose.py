"""Composing slides in the brand's look: which shapes go where, in reading
order. The XML itself is spelt by :mod:`.xml`; relationship ids come from
the package layer."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ...inputs.brand import Brand
from ...inputs.layouts import DeckLayout
from ..typeset import keep_numbers_together
from ..wording import say
from .. import xml
from .fit import FittedText, Fitter
from .geometry import Box, Geometry
from .cover import NOTICE_GAP, notice_height, notice_size
from .outline import Closing
from ..images import Picture
from .package import SlideRels
from .template import Skeleton
from .ink import Ink, template_inks
from .contact import QR_CAPTION_BLEED, fit_contact, regrouped
from .titles import TitleSlides

MARK_COLOUR, MARK_ALPHA = "B03A2E", 0.2  # the draft mark: red, light over the text
MARK_SIZE = 36  # points at most; smaller on a narrow slide
MARK_SPAN = 0.7  # the mark spans at most this share of the slide's width (with room for a
                 # wider stand-in font)
MARK_DEGREES = -20  # turned this far anticlockwise
# A draft's notice under every slide's title: white bold text on a fill dark
# on any background (10:1 against the text, whatever the template draws).
NOTICE_FILL, NOTICE_TEXT = "7F1D1D", "FFFFFF"


@dataclass(frozen=True)
class Look:
    """The brand's look, as DrawingML values (colours ``RRGGBB``)."""

    font: str
    primary: str
    text: str
    accent: str
    background: str
    lang: str


class SlideBuilder:
    """Collects one slide's shapes, in reading order."""

    def __init__(self, look: Look, inset: float, rels: SlideRels):
        self.look, self.inset, self.rels = look, inset, rels
        self.shapes: list[str] = []
        self.notice_box: Box | None = None  # where a draft's notice is

    def _id(self) -> int:
        return len(self.shapes) + 2

    def para(self, text: str, size: float, color: str, bold: bool = False,
             bullet: float | None = None, space: float = 0.0, align: str = "left") -> str:
        return xml.paragraph(text, size=size, color=color, font=self.look.font,
                             lang=self.look.lang, bold=bold, bullet=bullet,
                             bullet_color=self.look.accent, space=space, align=align)

    def title(self, box: Box, paras: list[str], anchor: str = "middle",
              ph: str = 'type="title"', fill: str = "") -> None:
        """The title placeholder (``ph``: its ``<p:ph>`` attributes), on a
        panel of ``fill`` if given."""
        self.shapes.append(xml.title_shape(self._id(), box,
                                           xml.text_body(paras, self.inset, anchor), ph, fill))

    def textbox(self, box: Box, paras: list[str], anchor: str = "top",
                placeholder: str | None = None, fill: str = "") -> None:
        """A text box; with ``placeholder`` (``<p:ph>`` attributes), the
        layout's placeholder of that name; on a panel of ``fill`` if given."""
        body = xml.text_body(paras, self.inset, anchor)
        if placeholder:
            self.shapes.append(xml.body_placeholder(self._id(), box, body, placeholder, fill))
        else:
            self.shapes.append(xml.text_box(self._id(), box, body, fill))

    def notice(self, box: Box, paras: list[str], fill: str) -> None:
        """A draft's notice: ``paras`` on a solid ``fill``."""
        self.notice_box = box
        self.shapes.append(xml.notice(self._id(), box, xml.text_body(paras, self.inset,
                                                                      "middle"), fill))

    def rect(self, box: Box, color: str) -> None:
        self.shapes.append(xml.rectangle(self._id(), box, color))

    def picture(self, box: Box, image: Picture, descr: str) -> None:
        """``image`` fitted inside ``box``, keeping its aspect ratio, centred."""
        w, h = image.px
        scale = min(box.width / w, box.height / h)
        fit = Box(box.left + (box.width - w * scale) / 2, box.top + (box.height - h * scale) / 2,
                  w * scale, h * scale)
        self.shapes.append(xml.picture(self._id(), fit, self.rels.image(image), descr))

    def xml(self, kind: str) -> bytes:
        return xml.slide(self.shapes, self.look.background, kind)

    def mark(self, value: str, width: float, height: float, size: float) -> None:
        """``value`` at ``size`` points across the middle of a ``width`` x
        ``height`` slide, last in reading order so the title stays first."""
        box = Box(width * 0.1, height / 2 - size, width * 0.8, size * 2)
        self.shapes.append(xml.mark(self._id(), box, value, size=size, color=MARK_COLOUR,
                                    alpha=MARK_ALPHA, font=self.look.font, lang=self.look.lang,
                                    degrees=MARK_DEGREES))


class Composer(TitleSlides):
    """Turns fitted slides into slide XML in the brand's look."""

    def __init__(self, brand: Brand, layout: DeckLayout, geometry: Geometry, fitter: Fitter,
                 logo: Picture, qr: Picture, lang: str, mark: str = "",
                 skeleton: Skeleton | None = None):
        self.brand, self.L, self.g, self.fit = brand, layout, geometry, fitter
        self.skel = skeleton
        self.review_mark = mark
        one_point = fitter.m.width(mark, 1, bold=True) if mark else 1
        self._mark_size = min(MARK_SIZE, MARK_SPAN * geometry.width / one_point)
        self.logo_image, self.qr_image = logo, qr
        c = brand.colors
        self.look = Look(brand.font_family, c.primary.hex, c.text.hex, c.accent.hex,
                         c.background.hex, lang)
        # On a template, each text area's colour reads on what lies under it.
        self.inks = template_inks(brand, skeleton)
        if self.inks:
            self.look = Look(brand.font_family, self.ink("title").colour,
                             self.ink("body").colour, self.ink("body").colour, "", lang)
        if brand.deck_template is not None:
            # Text takes the template's theme fonts by inheritance: it is
            # measured at the widest of the brand's and the stand-ins (fit.py).
            self.look = replace(self.look, font="")

    def ink(self, role: str) -> Ink:
        """The :class:`Ink` of a template's text area, or the brand's colour."""
        default = self.look.primary if "title" in role else self.look.text
        return self.inks.get(role) or Ink(default)

    def _notice(self, slide: SlideBuilder, left: float, top: float, width: float) -> Box:
        """A draft's notice (when the edition is not approved) ``width``
        points wide from (``left``, ``top``), next in reading order (after
        the title); its box, or an empty one at ``top`` without a notice."""
        if not self.review_mark:
            return Box(left, top, width, 0.0)
        box = Box(left, top, width, notice_height(self.L, self.fit.m, self.review_mark, width))
        slide.notice(box, [slide.para(self.review_mark, notice_size(self.L), NOTICE_TEXT,
                                      bold=True)], NOTICE_FILL)
        return box

    def _slide(self, rels: SlideRels) -> SlideBuilder:
        return SlideBuilder(self.look, self.L.text_inset, rels)

    def _finish(self, slide: SlideBuilder, kind: str) -> bytes:
        """The slide's XML, with the review mark over it when the edition is
        not approved."""
        if self.review_mark:
            slide.mark(self.review_mark, self.g.width, self.g.height, self._mark_size)
        return slide.xml(kind)

    def _logo(self, slide: SlideBuilder, box: Box | None = None) -> None:
        slide.picture(box or self.g.logo, self.logo_image,
                      say("logo.alt", clinic=self.brand.clinic.name))

    def _content_logo(self, slide: SlideBuilder, title: Box, body: Box) -> None:
        """The logo on a content slide: top right (the title keeps clear of
        it); on a template, the first corner that covers neither the slide's
        text nor the layout's other placeholders and pictures, or none."""
        if self.skel is None or self.skel.title_box is None:
            return self._logo(slide)
        others = tuple(o for o in self.skel.content_obstacles
                       if o not in (self.skel.title_box, self.skel.body_box))
        taken = [title, body, *([slide.notice_box] if slide.notice_box else [])]
        spot = self.g.logo_clear_of(taken, others)
        if spot is not None:
            self._logo(slide, spot)

    def _titled(self, title: str, rels: SlideRels) -> tuple[SlideBuilder, Box]:
        """A slide with its title placed and the accent rule under it."""
        size, lines = self.fit.title_size(title)
        box = self.g.title_box(len(lines), size)
        slide = self._slide(rels)
        slide.title(box, [slide.para(title, size, self.look.primary, bold=True)],
                    fill=self.ink("title").panel)
        if self.review_mark:  # in the room kept for it above the body (Geometry.reserve)
            body = self.g.body_box(box)
            self._notice(slide, body.left, box.bottom + self.L.title.rule_width + NOTICE_GAP,
                         body.width)
        if not self.g.templated:  # a template brings its own decoration
            slide.rect(Box(box.left, box.bottom, self.g.inner, self.L.title.rule_width),
                       self.look.accent)
        return slide, box

    def text(self, fitted: FittedText, rels: SlideRels) -> bytes:
        """A title over bullets or paragraphs."""
        slide, tbox = self._titled(fitted.title, rels)
        b = self.L.body
        indent = b.bullet_indent if fitted.bulleted else None
        lead = self.look.text if self.inks else self.look.primary  # on the body's ground
        paras = [slide.para(fitted.lead, fitted.size, lead, bold=True)] if fitted.lead else []
        paras += [slide.para(line, fitted.size, self.look.text, bullet=indent,
                             space=b.paragraph_space if paras or i else 0.0)
                  for i, line in enumerate(fitted.lines)]
        body_ph = self.skel.body_ph if self.skel and self.g.body_ph is not None else None
        body = self.g.body_box(tbox)
        slide.textbox(body, paras, placeholder=body_ph, fill=self.ink("body").panel)
        self._content_logo(slide, tbox, body)
        # The slide's name says when its text is smaller than the deck's.
        return self._finish(slide, f"{fitted.kind}, smaller text" if fitted.reduced
                            else fitted.kind)

    def closing_notes(self, spec: Closing) -> str:
        """The closing slide's notes: the spec's, then the contact rows."""
        return spec.notes + "\n\n" + "\n".join(self._contact_rows())

    def _contact_rows(self) -> list[str]:
        """The clinic's name and contact details, each number kept with its
        word ("ST 00000" never breaks)."""
        b = self.brand
        rows = [b.clinic.name, say("deck.closing.phone", phone=keep_numbers_together(
            b.contact.phone)), keep_numbers_together(b.contact.address)]
        return rows + [v for v in (b.contact.email, b.contact.website) if v]

    def closing(self, spec: Closing, rels: SlideRels) -> bytes:
        """The clinic's contact details, and a QR code to its website."""
        slide, tbox = self._titled(spec.title, rels)
        look, body = self.look, self.g.body_box(tbox)
        caption = [say(key) for key in ("deck.closing.scan", "deck.closing.website")]
        fit = fit_contact(spec.title, regrouped(self._contact_rows()), caption, body, self.L,
                          self.fit.m)
        text_w, qr = fit.text_width, fit.qr
        slide.textbox(Box(body.left, body.top, text_w, body.height),
                      [slide.para(r, fit.size, look.text, bold=(i == 0), space=fit.gap * (i > 0))
                       for i, r in enumerate(fit.rows)], fill=self.ink("body").panel)
        qbox = Box(body.right - qr, body.top, qr, qr)
        slide.picture(qbox, self.qr_image, say("qr.alt", url=self.brand.qr_url))
        slide.textbox(Box(qbox.left - QR_CAPTION_BLEED, qbox.bottom,
                          qr + QR_CAPTION_BLEED, body.height - qr),
                      [slide.para(t, self.L.body.min_size, look.text, align="center")
                       for t in caption], fill=self.ink("body").panel)
        self._content_logo(slide, tbox, Box(body.left, body.top, text_w, body.height))
        return self._finish(slide, spec.kind)
