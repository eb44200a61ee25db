"""The page's main text, in the order the PDF's structure tree reads it
(:mod:`handouts.render.pdf.story`): a condition's handout or the overview
booklet, the same words from the same content, clinic file and wording, each
medical word explained at its first use exactly where the PDF explains it."""
from __future__ import annotations

from ...inputs.brand import Brand
from ...inputs.clinic import ClinicInfo, evidence_citation
from ...inputs.model import MAX_GLANCE_WORDS, Condition, Content
from ..glossary import Explainer
from ..pictograms import alt_text
from ..citations import citation_language
from ..typeset import keep_numbers_together
from ..wording import CHECKLIST, condition_heading, say, say_n
from .markup import Voice, element, email_href, esc, link, phone_href, website_href
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

    def __init__(self, content: Content, brand: Brand, clinic: ClinicInfo | None, voice: Voice):
        self.content, self.brand, self.clinic, self.voice = content, brand, clinic, voice
        self.explainer = Explainer((*content.glossary, *(clinic.glossary if clinic else ())))

    # -- pieces ------------------------------------------------------------------
    def prose(self, text: str) -> str:
        """Running text, its medical words explained at their first use."""
        return element("p", esc(self.explainer.explain(text)))

    def paragraphs(self, paras) -> str:
        return lines(*(self.prose(t) for t in paras))

    def heading(self, text: str, level: int = 2, key: str | None = None) -> str:
        """A heading; ``key``: the wording key it was said from (for its language)."""
        return element(f"h{level}", esc(text), lang=self.voice.of_wording(key) if key else None)

    def bullets(self, points, explain: bool = True, lang: str | None = None,
                max_words: int | None = None) -> str:
        """``points`` as a bulleted list, explained unless ``explain`` is off
        (a point that would grow past ``max_words`` words is left as is)."""
        items = (element("li", esc(self.explainer.explain(p, max_words) if explain else p))
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
        sub = element("p", esc(subtitle), class_="subtitle",
                      lang=self.voice.of_wording(key) if key else None) if subtitle else ""
        return lines(element("h1", esc(title)), sub)

    def main_message(self, cond: Condition) -> str:
        """The condition's main message, large and bold (never explained, as
        the PDF sets it), over the clinic's evidence line."""
        lead = element("p", esc(cond.main_message), class_="lead") if cond.main_message else ""
        return lines(lead, self.evidence())

    def evidence(self) -> str:
        """The clinic's line on approval status and evidence, under the main
        message as the PDF prints it (nothing when the clinic gives none)."""
        evidence = evidence_citation(self.clinic)
        if not evidence:
            return ""
        text, n = evidence
        return element("p", esc(say("clinic.cited", text=text, n=n) if n else text),
                       class_="evidence", lang=self.voice.of(self.clinic.language))

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
                            self.aside(self.bullets(points), "infusion"))

    def clinic_box(self) -> str:
        """The clinic's own sections in a box headed as the clinic's, each
        statement numbered by its source, the sources listed below; a
        pictogram beside the list of its statement's section (where the
        PDF reads it: after that list). Nothing when the clinic wrote none."""
        info = self.clinic
        if info is None or not info.filled():
            return ""
        numbers = info.source_numbers()
        lang = self.voice.of(info.language)  # the clinic's words, when not the page's language
        name = info.clinic or self.brand.clinic.name
        out = [self.heading(say("clinic.box", clinic=name), key="clinic.box")]
        for slot, statements in info.filled():
            points = [say("clinic.cited", text=self.explainer.explain(st.text),
                          n=numbers[st.source]) for st in statements]
            pictures = [st.pictogram for st in statements if st.pictogram]
            out.append(self.heading(say(f"clinic.{slot}"), 3, f"clinic.{slot}"))
            listed = self.bullets(points, explain=False, lang=lang)
            out.append(self.aside(listed, *pictures) if pictures else listed)
        sources = [element("p", esc(say_n("clinic.sources", len(numbers))),
                           lang=self.voice.of_wording("clinic.sources"))]
        # A source cited in English on a Spanish page is read in English.
        sources += [element("p", esc(say("clinic.source", n=n, source=info.sources[key])),
                            lang=self.voice.of(citation_language(info.sources[key],
                                                                 self.voice.page)) or lang)
                    for key, n in numbers.items()]
        out.append(element("div", "\n" + lines(*sources) + "\n", class_="sources"))
        return self.section(*out, class_="clinic")

    def checklist(self) -> str:
        """Questions to ask the care team, each with a box to tick (on the
        screen, or on paper once printed)."""
        items = []
        for n, key in enumerate(CHECKLIST, start=1):
            box = f'<input type="checkbox" id="ask-{n}">'
            items.append(element("li", box + element("label", esc(say(key)), for_=f"ask-{n}",
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
            shown = esc(keep_numbers_together(value))
            rows.append(element("p", element("strong", esc(say(key)) + ":") + " "
                                + link(href(value) if href else None, shown)))
        details = element("div", "\n" + lines(*rows) + "\n")
        qr = element("figure", qr_svg(b.qr_url, say("qr.alt", url=b.qr_url))
                     + self.voice.said("figcaption", "handout.qr_caption"), class_="qr-code")
        return self.section(self.heading(say("contact.heading"), key="contact.heading"),
                            self.aside(details, "call") if c.phone else details, qr,
                            class_="contact")

    # -- whole texts -------------------------------------------------------------
    def tailored(self, cond: Condition) -> str:
        """One condition's handout."""
        return lines(
            self.title(cond.title, say("handout.subtitle"), "handout.subtitle"),
            self.main_message(cond),
            self.glance(say("handout.glance"), cond.glance_points),
            self.how_it_works(short=True),
            self.section(self.heading(condition_heading(cond), key="condition.heading"),
                         self.paragraphs(cond.body)),
            self.keep_in_mind(),
            self.faq(),
            self.clinic_box(),
            self.checklist(),
            self.contact(),
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
