"""The clinic's own sections in a handout: boxes headed as the clinic's (the
risks, what to do; the booklet's one box holds them all), and the sources
listed once, last, each with the parts of the handout it backs. Statements
carry no markers: a patient reads plain sentences; the clinic file, which
the reviewer approves, gives each its source. A mixin of
:class:`.story.Story`."""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from ..order import slots
from ..wording import say, say_n
from .flowables import Bookmark, ruled_box
from .leaflet import beside_pictograms, source_line

_ALL = ("approval", "side_effects", "who_should_not", "before", "during", "after",
        "when_to_call", "cost")


class ClinicParts:
    """What :class:`.story.Story` draws from the clinic file (it gives
    ``clinic``, ``brand``, ``layout``, ``s``, ``column``, ``explainer``,
    ``slug``, ``p``, ``bullets``, ``aside``)."""

    def clinic_box(self, key: str | None = None, wanted: tuple[str, ...] = _ALL,
                   sources: bool = True, title: str = "clinic.box") -> list[Flowable]:
        """The clinic's sections among ``wanted``, in a box headed as the
        clinic's (wording ``title``: "From ...", "Risks and safety, from
        ..."); ``sources`` lists the
        sources under them (else :meth:`sources` lists them, last). Nothing
        when the clinic has written none of them."""
        info = self.clinic
        filled = slots(info, wanted)
        if not filled:
            return []
        box = self.layout.box
        name = info.clinic or self.brand.clinic.name
        rows = [[[self.p(say(title, clinic=name), self.s.box_heading, "H2")]]]
        # A row per statement, so the box breaks between statements, never
        # leaving a page's foot empty for a section too long to fit there.
        # Each section's heading rides on its first statement's row; padding
        # goes above a section and below its last statement only.
        pad = box.padding * 0.5
        spacing = [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                   ("TOPPADDING", (0, 0), (0, 0), pad), ("BOTTOMPADDING", (0, 0), (0, 0), pad)]
        inner = self.column - 2 * box.padding
        for slot, statements in filled:
            spacing.append(("TOPPADDING", (0, len(rows)), (0, len(rows)), pad))
            heading = [self.p(say(f"clinic.{slot}"), self.s.question, "H3")]
            items = self.root.add("L")
            for group in beside_pictograms(statements):
                point = self.bullets([self.explainer.explain(st.text) for st in group],
                                     explain=False, items=items)
                rows.append([heading + ([self.aside(point, group[0].pictogram, inner)]
                                        if group[0].pictogram else point)])
                heading = []
            rows[-1][0] += self.call_us(slot)  # kept with the section's last statement
            spacing.append(("BOTTOMPADDING", (0, len(rows) - 1), (0, len(rows) - 1), pad))
        if sources:
            listed = self.source_lines()
            spacing.append(("TOPPADDING", (0, len(rows)), (0, len(rows)), pad))
            # A source and its "Used in" line share a row; the heading rides on the first.
            rows += [[listed[:3]], *([listed[i:i + 2]] for i in range(3, len(listed), 2))]
            spacing.append(("BOTTOMPADDING", (0, len(rows) - 1), (0, len(rows) - 1), pad))
        # The heading row repeats on each page the box reaches: every part says whose it is.
        table = ruled_box(rows, self.column, self.fonts.regular, box, self.s.primary, spacing)
        out: list[Flowable] = [CondPageBreak(self.s.heading.leading * 2
                                             + self.s.body.leading * 4)]
        if key:
            out.append(Bookmark(key, say("clinic.box", clinic=name)))
        return out + [table, Spacer(1, self.layout.type.body.space_after * 1.5)]

    def call_us(self, slot: str) -> list[Flowable]:
        """Under "When to call" (``slot`` ``when_to_call``), the site's phone
        number, where the patient reads that they should call (nothing under
        another section, or for a site with no phone)."""
        phone = self.brand.contact.phone
        if slot != "when_to_call" or not phone:
            return []
        return [self.detail_line("clinic.call_us", phone, "contact.phone", self.s.body)]

    def source_lines(self, style=None, role: str = "P") -> list[Flowable]:
        """"Sources" (in ``style``, a ``role`` element; default: a caption)
        over each cited source and the parts of the handout it backs."""
        info = self.clinic
        uses = info.source_uses(self.slug)
        return [self.p(say_n("clinic.sources", len(uses)), style or self.s.caption, role),
                *(line for k, places in uses.items()
                  for line in source_line(self, info.sources[k], places))]

    def sources(self) -> list[Flowable]:
        """The clinic's sources under their heading, listed last in a
        condition's handout (nothing when the clinic has written no section)."""
        if self.clinic is None or not self.clinic.filled():
            return []
        room = self.s.heading.leading * 2 + self.s.caption.leading * 2
        heading, *listed = self.source_lines(self.s.question, "H2")
        # A source and its "Used in" line stay on one page.
        return [CondPageBreak(room), heading,
                *(KeepTogether(listed[i:i + 2]) for i in range(0, len(listed), 2))]
