"""A condition's one-sheet summary: one sheet printed on both sides, for the
busy desk. Its flowables come from the full handout's own builders
(:class:`.story.Story`), in its own order; what it holds of the clinic's
file is :func:`summary_clinic`; whether it fits, :func:`overflow` (the one
measure both `check` and the renderer use)."""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from ...errors import DoesNotFit
from ...inputs.clinic import ClinicInfo, Sections
from ...inputs.layouts import PageLayout
from ...inputs.model import Condition, Content
from ..wording import say
from .flowables import ruled_box
from .story import Story

# The clinic's sections a summary prints, in the clinic box's order: its
# safety sections (what to expect: side effects, who should not have it;
# after the infusion; when to call the clinic and when to call 911). How
# ketamine is approved prints as the clinic's evidence line, beside the main
# message; a clinic that has written no evidence line gets its approval
# section instead. Before, during and cost stay in the full handout (the
# checklist asks about them).
SUMMARY_SLOTS = ("side_effects", "who_should_not", "after", "when_to_call")


def summary_slots(clinic: ClinicInfo) -> tuple[str, ...]:
    """The slots of ``clinic`` a summary prints (filled or not)."""
    if clinic.evidence is None:
        return ("approval", *SUMMARY_SLOTS)
    return SUMMARY_SLOTS


def summary_clinic(clinic: ClinicInfo | None) -> ClinicInfo | None:
    """``clinic`` with only the sections a summary prints: its sources are
    numbered among those alone."""
    if clinic is None:
        return None
    keep = summary_slots(clinic)
    sections = Sections(**{slot: getattr(clinic.sections, slot) for slot in keep})
    return clinic.model_copy(update={"sections": sections})


class SummaryStory(Story):
    """The flowables of a condition's one-sheet summary."""

    QR_CAPTION_PAGE = "summary.qr_caption_page"  # the QR code opens the full handout

    def summary(self, cond: Condition) -> list[Flowable]:
        return [
            *self.title(cond.title, say("summary.subtitle")),
            *self.main_message(cond),
            *self.glance(say("handout.glance"), cond.glance_points),
            *self.clinic_sections(),
            *self.checklist(),
            *self.contact(),
        ]

    def clinic_sections(self) -> list[Flowable]:
        """The clinic's sections a summary prints, in a box headed as the
        clinic's, each under its heading, every statement whole; the box
        breaks between statements. Below them, where their sources are."""
        info = self.clinic
        if info is None or not info.filled():
            return []
        box = self.layout.box
        name = info.clinic or self.brand.clinic.name
        rows = [[[self.p(say("clinic.box", clinic=name), self.s.box_heading, "H2")]]]
        pad = box.padding * 0.5
        spacing = [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                   ("TOPPADDING", (0, 0), (0, 0), pad), ("BOTTOMPADDING", (0, 0), (0, 0), pad)]
        inner = self.column - 2 * box.padding
        for slot, statements in info.filled():
            spacing.append(("TOPPADDING", (0, len(rows)), (0, len(rows)), pad))
            heading = [self.p(say(f"clinic.{slot}"), self.s.question, "H3")]
            items = self.root.add("L")
            for st in statements:
                point = self.bullets([self.explainer.explain(st.text)], explain=False,
                                     items=items)
                rows.append([heading + ([self.aside(point, st.pictogram, inner)]
                                        if st.pictogram else point)])
                heading = []
            rows[-1][0] += self.call_us(slot)  # kept with the section's last statement
        rows.append([[self.p(say("summary.sources"), self.s.caption)]])
        spacing += [("TOPPADDING", (0, -1), (0, -1), pad), ("BOTTOMPADDING", (0, -1), (0, -1), pad)]
        table = ruled_box(rows, self.column, self.fonts.regular, box, self.s.primary, spacing)
        return [CondPageBreak(self.s.heading.leading * 2 + self.s.body.leading * 4), table,
                Spacer(1, self.layout.type.body.space_after * 1.5)]


def overflow(content: Content, clinic: ClinicInfo | None, cond: Condition,
             layout: PageLayout, paper: str, pages: int) -> DoesNotFit | None:
    """``None`` when ``pages`` is within the layout's ``max_pages``; else
    what to shorten: the clinic's section with the most text the summary
    prints (or, with none, the condition in the content file)."""
    if layout.max_pages is None or pages <= layout.max_pages:
        return None
    need = (f"the one-sheet summary ({layout.name} layout) of "
            f"{cond.short_title or cond.title} needs {pages} pages on "
            f"{'Letter' if paper == 'letter' else paper.upper()} paper, and prints at most "
            f"{layout.max_pages}")
    printed = summary_slots(clinic) if clinic else ()
    sizes = [(sum(len(st.text) for st in statements), slot)
             for slot, statements in (clinic.filled() if clinic else ()) if slot in printed]
    if sizes:
        _, slot = max(sizes)
        return DoesNotFit(f"{need}; nothing is left out to fit: shorten this section (the "
                          "longest it prints) or the others", "clinic", ("sections", slot))
    index = content.slugs.index(cond.slug)
    return DoesNotFit(f"{need}; shorten this condition's main message or key points",
                      "content", ("conditions", index))
