"""The page's main text, in the order the PDF's structure tree reads it
(:mod:`handouts.render.pdf.story`): a condition's handout or the overview
booklet, the same words from the same content, clinic file and wording, each
medical word explained at its first use exactly where the PDF explains it."""
from __future__ import annotations

from ...inputs.brand import Brand
from ...inputs.clinic import SLOTS, ClinicInfo, evidence_line
from ...inputs.model import MAX_GLANCE_WORDS, Condition, Content
from ..glossary import Explainer
from ..pictograms import alt_text
from ..citations import citation_language, places
from ..typeset import keep_numbers_together
from ..order import ACTION_SLOTS, HELP_PICTURE, RISK_SLOTS, glance_points, slots, split_body
from ..wording import CHECKLIST, say, say_n, topic
from .markup import Voice, element, email_href, esc, link, phone_href, typeset, website_href
from .pictures import pictogram_svg, qr_svg

# Each contact detail's wording key and how its link is made (None: not a link).
CONTACT_ROWS = (("contact.phone", "phone", phone_href), ("contact.address", "address", None),
                ("contact.email", "email", email_href),
                ("contact.website", "website", website_href))


def lines(*parts: str) -> str:
    """HTML pieces one to a line (empty ones left out)."""
    return "\n".join(p for p in parts if p)


class Story:
    """Builds the main text of a page in the language being spoken
    (``voice`` knows the page's)."""

    slug: str | None = None  # the condition whose page this is (None: the booklet)

    def __init__(self, content: Content, brand: Brand, clinic: ClinicInfo | None, voice: Voice):
        self.content, self.brand, self.clinic, self.voice = content, brand, clinic, voice
        self.explainer = Explainer((*content.glossary, *(clinic.glossary if clinic else ())))

    # -- pieces ------------------------------------------------------------------
    def prose(self, text: str) -> str:
        """Running text, its medical words explained at their first use."""
        return element("p", typeset(self.explainer.explain(text)))

    def paragraphs(self, paras) -> str:
        return lines(*(self.prose(t) for t in paras))

    def heading(self, text: str, level: int = 2, key: str | None = None) -> str:
        """A heading; ``key``: the wording key it was said from (for its language)."""
        return element(f"h{level}", typeset(text), lang=self.voice.of_wording(key) if key else None)

    def bullets(self, points, explain: bool = True, lang: str | None = None,
                max_words: int | None = None) -> str:
        """``points`` as a bulleted list, explained unless ``explain`` is off
        (a point that would grow past ``max_words`` words is left as is)."""
        items = (element("li", typeset(self.explainer.explain(p, max_words) if explain else p))
                 for p in points)
        return element("ul", "\n" + lines(*items) + "\n", lang=lang)

    def figure(self, name: str) -> str:
        """Pictogram ``name`` with its alternative text, over its caption."""
        return element("figure", pictogram_svg(name, alt_text(name))
                       + self.voice.said("figcaption", f"pictogram.{name}"))

    def aside(self, inner: str, *pictograms: str) -> str:
        """``inner`` with pictograms beside it (below it on a narrow screen)."""
        return element("div", "\n" + lines(inner, *map(self.figure, pictograms)) + "\n",
                       class_="aside")

    def section(self, *parts: str, class_: str | None = None) -> str:
        return element("section", "\n" + lines(*parts) + "\n", class_=class_)

    # -- sections, as the PDF's story has them -------------------------------------------
    def title(self, title: str, subtitle: str, key: str | None = None) -> str:
        """The title over the subtitle (``key``: the subtitle's wording key)."""
        sub = element("p", typeset(subtitle), class_="subtitle",
                      lang=self.voice.of_wording(key) if key else None) if subtitle else ""
        return lines(element("h1", typeset(title)), sub)

    def main_message(self, cond: Condition) -> str:
        """The condition's main message, large and bold (never explained, as
        the PDF sets it), over the clinic's evidence line."""
        lead = element("p", typeset(cond.main_message), class_="lead") if cond.main_message else ""
        return lines(lead, self.evidence())

    def evidence(self) -> str:
        """The clinic's line on approval status and evidence, under the main
        message as the PDF prints it (nothing when the clinic gives none)."""
        evidence = evidence_line(self.clinic, self.slug)
        if not evidence:
            return ""
        return element("p", typeset(evidence), class_="evidence",
                       lang=self.voice.of(self.clinic.language))

    def glance(self, heading: str, points, level: int = 2, key: str = "handout.glance") -> str:
        """A tinted box: ``heading`` over ``points`` as bullets (nothing
        when there are no points yet)."""
        if not points:
            return ""
        return self.section(self.heading(heading, level, key),
                            self.bullets(points, max_words=MAX_GLANCE_WORDS), class_="box")

    def how_it_works(self, short: bool = False) -> str:
        intro = self.content.introduction
        return self.section(self.heading(intro.how_it_works_title),
                            self.paragraphs(intro.mechanism(short)))

    def faq(self) -> str:
        out = [self.heading(say("faq.heading"), key="faq.heading")]
        for entry in self.content.faq:
            out += [self.heading(entry.question, 3), self.prose(entry.answer)]
        return self.section(*out)

    def keep_in_mind(self) -> str:
        points = self.content.introduction.keep_in_mind
        if not points:
            return ""
        return self.section(self.heading(say("handout.keep_in_mind"), key="handout.keep_in_mind"),
                            self.bullets(points))

    def may_help(self, paras) -> str:
        """"How ketamine may help": how it works beside a picture of an
        infusion, then the condition's own paragraphs on ketamine."""
        mechanism = self.paragraphs(self.content.introduction.mechanism(short=True))
        return self.section(self.heading(say("handout.may_help"), key="handout.may_help"),
                            self.aside(mechanism, HELP_PICTURE), self.paragraphs(paras))

    def clinic_box(self, wanted: tuple[str, ...] = SLOTS, sources: bool = True,
                   title: str = "clinic.box") -> str:
        """The clinic's sections among ``wanted`` in a box headed as the
        clinic's (wording ``title``), the sources listed below unless ``sources`` is off (then
        :meth:`sources` lists them, last); a pictogram beside the list of its
        statement's section (where the PDF reads it: after that list).
        Nothing when the clinic wrote none of them."""
        info = self.clinic
        filled = slots(info, wanted)
        if not filled:
            return ""
        lang = self.voice.of(info.language)  # the clinic's words, when not the page's language
        name = info.clinic or self.brand.clinic.name
        out = [self.heading(say(title, clinic=name), key=title)]
        for slot, statements in filled:
            points = [self.explainer.explain(st.text) for st in statements]
            pictures = [st.pictogram for st in statements if st.pictogram]
            out.append(self.heading(say(f"clinic.{slot}"), 3, f"clinic.{slot}"))
            listed = self.bullets(points, explain=False, lang=lang)
            out.append(self.aside(listed, *pictures) if pictures else listed)
            if slot == "when_to_call" and self.brand.contact.phone:
                out.append(self.detail("clinic.call_us", self.brand.contact.phone, phone_href))
        if sources:
            out.append(element("div", "\n" + lines(*self.source_lines()) + "\n",
                               class_="sources"))
        return self.section(*out, class_="clinic")

    def source_lines(self, heading: bool = False) -> list[str]:
        """"Sources" (a heading, or a paragraph) over each cited source and
        the parts of the page it backs."""
        info = self.clinic
        uses = info.source_uses(self.slug)
        label = say_n("clinic.sources", len(uses))
        out = [self.heading(label, key="clinic.sources") if heading else
               element("p", esc(label), lang=self.voice.of_wording("clinic.sources"))]
        # A source cited in English on a Spanish page is read in English.
        for key, used in uses.items():
            out += [element("p", typeset(info.sources[key]),
                            lang=self.voice.of(citation_language(info.sources[key],
                                                                 self.voice.page))
                            or self.voice.of(info.language)),
                    element("p", typeset(places(used, boxed=self.slug is not None)),
                            class_="uses")]
        return out

    def sources(self) -> str:
        """The clinic's sources, last on a condition's page."""
        if self.clinic is None or not self.clinic.filled():
            return ""
        return self.section(*self.source_lines(heading=True), class_="sources")

    def checklist(self) -> str:
        """Questions to ask the care team, each with a box to tick (on the
        screen, or on paper once printed)."""
        items = []
        for n, key in enumerate(CHECKLIST, start=1):
            box = f'<input type="checkbox" id="ask-{n}">'
            items.append(element("li", box + element("label", typeset(say(key)), for_=f"ask-{n}",
                                                      lang=self.voice.of_wording(key))))
        return self.section(self.heading(say("checklist.heading"), key="checklist.heading"),
                            self.voice.said("p", "checklist.hint"),
                            element("ul", "\n" + lines(*items) + "\n", class_="checklist"))

    def contact(self) -> str:
        """The clinic's contact details, each a link where it can be one,
        beside the "call us" pictogram (when there is a phone), then the QR
        code to the clinic's website."""
        c, b = self.brand.contact, self.brand
        rows = [self.voice.said("p", "handout.contact_invite")]
        for key, field, href in CONTACT_ROWS:
            value = getattr(c, field)
            if not value:
                continue
            rows.append(self.detail(key, value, href))
        details = element("div", "\n" + lines(*rows) + "\n")
        qr = element("figure", qr_svg(b.qr_url, say("qr.alt", url=b.qr_url))
                     + self.voice.said("figcaption", "handout.qr_caption"), class_="qr-code")
        return self.section(self.heading(say("contact.heading"), key="contact.heading"),
                            self.aside(details, "call") if c.phone else details, qr,
                            class_="contact")

    def detail(self, key: str, value: str, href=None) -> str:
        """"Label: value" (wording ``key``), the value a link where ``href``
        makes it one (a phone number, an email address, a website)."""
        shown = esc(keep_numbers_together(value))
        return element("p", element("strong", esc(say(key)) + ":") + " "
                       + link(href(value) if href else None, shown),
                       lang=self.voice.of_wording(key))

    # -- whole texts -------------------------------------------------------------
    def tailored(self, cond: Condition) -> str:
        """One condition's handout, in the PDF's order (:mod:`..order`)."""
        self.slug = cond.slug
        about, helps = split_body(cond)
        return lines(
            self.title(cond.title, say("handout.subtitle"), "handout.subtitle"),
            self.main_message(cond),
            self.glance(say("handout.glance"), glance_points(cond, self.clinic, cond.slug)),
            self.section(self.heading(say("handout.about", topic=topic(cond)),
                                      key="handout.about"), self.paragraphs(about)),
            self.may_help(helps),
            self.keep_in_mind(),
            self.clinic_box(RISK_SLOTS, sources=False, title="clinic.box.risks"),
            self.faq(),
            self.clinic_box(ACTION_SLOTS, sources=False, title="clinic.box.actions"),
            self.checklist(),
            self.contact(),
            self.sources(),
        )

    def overview(self) -> str:
        """The overview booklet: the whole edition."""
        c = self.content
        intro = c.introduction
        out = [self.title(c.meta.title, c.meta.subtitle),
               self.glance(say("handout.glance"), intro.key_points),
               self.section(self.heading(intro.title), self.paragraphs(intro.what_it_is)),
               self.how_it_works()]
        for cond in c.conditions:
            out.append(self.section(
                self.heading(cond.title),
                self.glance(say("handout.condition_glance", short_title=cond.short_title),
                            cond.key_points, 3, "handout.condition_glance"),
                self.paragraphs(cond.body)))
        out += [self.section(self.heading(c.conclusion.title), self.paragraphs(c.conclusion.body)),
                self.clinic_box(), self.faq(), self.checklist(), self.contact()]
        return lines(*out)
