"""The flowables of a handout, in reading order: a condition's handout or
the overview booklet. What draws itself, and the boxes the sections sit in,
are in :mod:`.flowables`."""
from __future__ import annotations


from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from ...inputs.brand import Brand
from ...inputs.clinic import ClinicInfo, evidence_line
from ...inputs.layouts import PageLayout
from ...inputs.model import MAX_GLANCE_WORDS, Condition, Content
from ...inputs.values import https_uri, mailto_uri, tel_uri
from ..escape import escape
from ..fonts import FontSet
from ..glossary import Explainer
from ..pictograms import caption
from ..order import ACTION_SLOTS, HELP_PICTURE, RISK_SLOTS, glance_points, split_body
from ..wording import CHECKLIST, say, topic
from .clinicparts import ClinicParts
from .flowables import (
    Bookmark,
    Pictogram,
    TickBox,
    accent_bar,
    side_by_side,
    tick_list,
    tinted_box,
)
from .styles import hyphenation, markup, para, styles_for
from .leaflet import PlaceMark, also_line, contents, linked_qr, notes
from .tagging import Node
from ..typeset import keep_numbers_together, title_lines

BULLET = "\u2022"
# Where each contact detail links, and how a screen reader describes it.
# The addresses come from the same functions as the web page's, and a value
# that is not an address (which the brand file's types refuse) links nowhere.
LINKS = {
    "contact.phone": (tel_uri, "link.phone"),
    "contact.email": (mailto_uri, "link.email"),
    "contact.website": (https_uri, "link.website"),
    "contact.online": (lambda v: v, "link.online"),
}



class KeepSpaced(KeepTogether):
    """Flowables kept on one page, measured with the space before the first
    that shows anything (ReportLab's takes the first's, a page break's or a
    bookmark's none, and a group that seemed to fit did not)."""

    def __init__(self, flowables):
        super().__init__(flowables)
        self.shown = [f for f in flowables if not isinstance(f, (CondPageBreak, Bookmark))]

    def getSpaceBefore(self, content=None):  # noqa: N802 - ReportLab's name
        return super().getSpaceBefore(self.shown if content is None else content)


class Story(ClinicParts):
    """Builds the flowables of a handout whose text column is ``column``
    points wide."""

    QR_CAPTION_PAGE = "handout.qr_caption_page"  # under a QR code to the handout's web page
    slug: str | None = None  # the condition whose handout this is (None: the booklet)

    def __init__(self, content: Content, brand: Brand, layout: PageLayout, fonts: FontSet,
                 column: float, clinic: ClinicInfo | None = None, root: Node | None = None,
                 languages: tuple[str, ...] = ()):
        self.content, self.brand, self.layout, self.fonts = content, brand, layout, fonts
        # Structure elements, in reading order, under the document's.
        self.root = root if root is not None else Node("Document")
        self.clinic = clinic
        self.column, self.languages, self.booklet = column, languages, False
        self.notes_space, self.contact_mark = None, PlaceMark()  # see .document
        self.s = styles_for(layout, brand.colors, fonts,
                            hyphenation(content.meta.language, layout.hyphenate))
        self.explainer = Explainer((*content.glossary, *(clinic.glossary if clinic else ())))

    def p(self, text: str, style: ParagraphStyle, role: str = "P",
          parent: Node | None = None, lang: str | None = None) -> Paragraph:
        """``text`` in ``style``, a new ``role`` element under ``parent``
        (default: the document), in language ``lang`` if not the document's."""
        return para(markup(text, self.fonts), style,
                    tag=(parent or self.root).add(role, lang=lang))

    def prose(self, text: str, style: ParagraphStyle, tag: Node | None = None) -> Paragraph:
        """The edition's running text, each medical word explained at its
        first use in the document; a new ``P`` unless ``tag`` is given."""
        return para(markup(self.explainer.explain(text), self.fonts), style,
                    tag=tag or self.root.add("P"))

    def pictogram(self, name: str, scale: float = 1.0) -> list[Flowable]:
        """Pictogram ``name`` (``scale`` times the layout's size) over its
        caption: a figure with alternative text, the caption its caption."""
        size = self.layout.pictogram.size * scale
        picture = Pictogram(name, size, self.s.primary)
        picture.tag = self.root.add("Figure", alt=picture.alt)
        return [picture, Spacer(1, 2),
                self.p(caption(name), self.s.pictogram_caption, "Caption", picture.tag)]

    def aside(self, flowables: list[Flowable], name: str, width: float | None = None,
              scale: float = 1.0) -> Table:
        """``flowables`` beside pictogram ``name`` (on the right, ``scale``
        times the layout's size), in ``width`` points (default: the column)."""
        width = width or self.column
        side = self.layout.pictogram.size * scale + 2 * self.layout.pictogram.caption_size
        return side_by_side(flowables, self.pictogram(name, scale), [width - side, side],
                            self.fonts.regular, snug=True)

    def heading(self, text: str, key: str | None = None, role: str = "H2") -> list[Flowable]:
        # A heading never ends a page: it needs room for itself and three lines.
        room = (self.s.heading.spaceBefore + self.s.heading.leading * 2
                + self.s.body.leading * 3)
        out: list[Flowable] = [CondPageBreak(room)]
        if key:
            out.append(Bookmark(key, text))
        out.append(self.p(text, self.s.heading, role))
        return out

    def balanced(self, text: str, style: ParagraphStyle, width: float,
                 role: str = "P") -> Paragraph:
        """``text`` in ``style`` broken into balanced lines between phrases
        for a ``width``-point column (see :func:`.typeset.title_lines`), a
        new ``role`` element."""
        lines = title_lines(text, style.fontName, style.fontSize, width)
        return para("<br/>".join(markup(line, self.fonts) for line in lines), style,
                    tag=self.root.add(role))

    def title(self, title: str, subtitle: str) -> list[Flowable]:
        """The title, broken between phrases into balanced lines (never one
        word alone on the last), over the subtitle."""
        out = [self.balanced(title, self.s.title, self.column, "H1")]
        if subtitle:
            out.append(self.p(subtitle, self.s.subtitle))
        return out

    def bullets(self, points, explain: bool = True, items: Node | None = None,
                max_words: int | None = None) -> list[Flowable]:
        """``points`` as bulleted paragraphs, items of list ``items`` (default:
        a new ``L``; each item an ``LI`` whose ``Lbl`` is the bullet);
        ``explain`` adds the meaning of medical words at their first use (off
        for text explained already; a point that would grow past
        ``max_words`` words is printed without)."""
        out = []
        items = items or self.root.add("L")
        for pt in points:
            text = self.explainer.explain(pt, max_words) if explain else pt
            item = items.add("LI")
            p = para(markup(text, self.fonts), self.s.bullet, BULLET)
            p.label, p.tag = item.add("Lbl"), item.add("LBody")
            out.append(p)
        return out

    def main_message(self, cond: Condition) -> list[Flowable]:
        """The condition's main message, large and bold beside an accent bar,
        over the clinic's line on approval status and evidence, so the two are
        read together (nothing when there is neither)."""
        evidence = evidence_line(self.clinic, cond.slug)
        if not cond.main_message and not evidence:
            return []
        pad = self.layout.box.padding
        cell: list[Flowable] = []
        if cond.main_message:
            cell.append(self.balanced(cond.main_message, self.s.lead, self.column - pad - 1))
        if evidence:
            cell.append(self.p(evidence, self.s.body))
        bar = accent_bar(cell, self.column, self.fonts.regular, self.layout.box, self.s.accent)
        return [bar, Spacer(1, self.layout.type.body.space_after * 2)]

    def glance(self, heading: str, points, role: str = "H2") -> list[Flowable]:
        """A tinted box: ``heading`` (a ``role`` element) over ``points`` as
        bullets (nothing when there are no points yet)."""
        if not points:
            return []
        cell = [self.p(heading, self.s.box_heading, role),
                *self.bullets(points, max_words=MAX_GLANCE_WORDS)]
        table = tinted_box(cell, self.column, self.fonts.regular, self.layout.box,
                           self.s.accent, self.s.background)
        return [table, Spacer(1, self.layout.type.body.space_after * 1.5)]

    def paragraphs(self, paras) -> list[Flowable]:
        return [self.prose(t, self.s.booklet_body if self.booklet else self.s.body) for t in paras]

    def how_it_works(self, key: str | None = None, short: bool = False) -> list[Flowable]:
        """The introduction's "how it works" part; ``short`` keeps only its
        first paragraph (the mechanism), for one-sheet handouts."""
        intro = self.content.introduction
        return [*self.heading(intro.how_it_works_title, key),
                *self.paragraphs(intro.mechanism(short))]

    def faq(self, key: str | None = None) -> list[Flowable]:
        *before, heading = self.heading(say("faq.heading"), key)
        out: list[Flowable] = []
        for entry in self.content.faq:
            out += [self.p(entry.question, self.s.question, "H3"),
                    self.prose(entry.answer, self.s.body)]
        # The heading stays with the first question and its answer.
        return [*before, KeepSpaced([heading, *out[:2]]), *out[2:]]

    def contact(self, key: str | None = None) -> list[Flowable]:
        """The clinic's contact details beside a QR code to its website, kept
        together with their heading."""
        b = self.brand
        c = b.contact
        *before, heading = self.heading(say("contact.heading"), key)
        rows = [("contact.phone", c.phone), ("contact.address", c.address),
                ("contact.email", c.email), ("contact.website", c.website)]
        on_web = bool(b.web_base_url) and b.qr_url.startswith(b.web_base_url)
        if on_web:  # the QR code opens this handout's own web page
            rows.append(("contact.online", b.qr_url))
        lines = [self.p(say("handout.contact_invite"), self.s.body)]
        lines += [self.detail_line(label, value, label) for label, value in rows if value]
        qr_size = self.layout.qr.size
        text_width = self.column - qr_size - 12
        if c.phone:
            lines = [self.aside(lines, "call", text_width - 8)]
        qr = linked_qr(self, b.qr_url, qr_size, on_web)
        qr_caption = self.p(say(self.QR_CAPTION_PAGE if on_web else "handout.qr_caption"),
                            self.s.caption, "Caption", qr.tag)
        table = side_by_side(lines, [qr, qr_caption], [text_width, qr_size + 12],
                             self.fonts.regular)
        return [*before, KeepTogether([self.contact_mark, heading, table, *also_line(self)])]

    def detail_line(self, label: str, value: str, kind: str, style=None) -> Paragraph:
        """"Label: value" (wording ``label``, in ``style``; default: the
        contact block's), a link where ``kind`` ("contact.phone", ...) is one
        of :data:`LINKS` and ``value`` is an address of its kind."""
        # A number stays with the word before it: "ST 00000", "Suite 300".
        line = para(f"<b>{escape(say(label))}:</b> "
                    f"{markup(keep_numbers_together(value), self.fonts)}", style or self.s.contact,
                    tag=self.root.add("P"))
        if kind in LINKS and LINKS[kind][0](value) is not None:
            target, description = LINKS[kind]
            line.tag = line.tag.add("Link")
            line.link = (target(value), say(description, value=value))
        return line

    def keep_in_mind(self) -> list[Flowable]:
        """The edition's balancing lines, as bullets under a heading."""
        lines = self.content.introduction.keep_in_mind
        if not lines:
            return []
        # The list sits beside a pictogram, in a table that does not split:
        # the heading goes to the next page with it, never alone at a foot.
        *before, heading = self.heading(say("handout.keep_in_mind"))
        return [*before, KeepTogether([heading, *self.bullets(lines)])]

    def checklist(self, key: str | None = None) -> list[Flowable]:
        """Questions to ask the care team, each with a box to tick: a tool
        the reader takes to the visit (questions only, no answers)."""
        size = self.s.body.fontSize * 0.85
        *before, heading = self.heading(say("checklist.heading"), key)
        hint = self.p(say("checklist.hint"), self.s.body)
        items = self.root.add("L")
        rows = []
        for key in CHECKLIST:
            item = items.add("LI")
            box = TickBox(size, self.s.text)
            box.tag = item.add("Lbl", alt=say("checklist.box"))
            rows.append([box, self.p(say(key), self.s.body, "LBody", item)])
        table = tick_list(rows, self.column, size, self.fonts.regular, self.s.body.leading)
        return [*before, KeepTogether([heading, hint, table])]

    def may_help(self, paras) -> list[Flowable]:
        """"How ketamine may help": how it works, beside a picture of an
        infusion, then the condition's own paragraphs on ketamine."""
        *before, heading = self.heading(say("handout.may_help"))  # tagged first: read first
        mechanism = self.paragraphs(self.content.introduction.mechanism(short=True))
        return [*before, KeepTogether([heading, self.aside(mechanism, HELP_PICTURE, scale=1.4)]),
                *self.paragraphs(paras)]

    def tailored(self, cond: Condition) -> list[Flowable]:
        """One condition's handout, in the order of :mod:`..order`: the
        condition, how ketamine may help, the risks, common questions, what
        to do, the sources last."""
        self.slug = cond.slug
        about, helps = split_body(cond)
        return [
            *self.title(cond.title, say("handout.subtitle")),
            *self.main_message(cond),
            *self.glance(say("handout.glance"), glance_points(cond, self.clinic, cond.slug)),
            *self.heading(say("handout.about", topic=topic(cond))),
            *self.paragraphs(about),
            *self.may_help(helps),
            *self.keep_in_mind(),
            *self.clinic_box(wanted=RISK_SLOTS, sources=False, title="clinic.box.risks"),
            *self.faq(),
            *self.clinic_box(wanted=ACTION_SLOTS, sources=False, title="clinic.box.actions"),
            *self.checklist(),
            *self.contact(),
            *self.sources(),
            *notes(self),
        ]

    def overview(self) -> list[Flowable]:
        """The overview booklet: the whole edition, with a bookmark per section."""
        c, self.booklet = self.content, True
        intro = c.introduction
        out = [Bookmark("top", c.meta.title),
               *self.title(c.meta.title, c.meta.subtitle),
               *self.glance(say("handout.glance"), intro.key_points), *contents(self),
               *self.heading(intro.title, "intro"),
               *self.paragraphs(intro.what_it_is),
               *self.how_it_works("how")]
        for cond in c.conditions:
            heading = self.heading(cond.title, cond.slug)
            glance = self.glance(say("handout.condition_glance", short_title=cond.short_title),
                                 cond.key_points, "H3")
            # The heading and the box stay with the section's first paragraph,
            # so neither ends a page with its text on the next.
            body = self.paragraphs(cond.body)
            out.append(KeepSpaced([*heading, *glance, body[0]]))
            out += body[1:]
        out += [*self.heading(c.conclusion.title, "conclusion"),
                *self.paragraphs(c.conclusion.body),
                *self.clinic_box("clinic"),
                *self.faq("faq"), *self.checklist("checklist"), *self.contact("contact"),
                *notes(self)]
        return out
