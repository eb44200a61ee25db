"""The number to call, where the patient reads that they should call: under
"When to call us, and when to call 911", in every condition's handout,
large print, one-sheet summary, the booklet and the web page, in both
languages. It is the site's own number (each site of a build prints its
own), a link for someone reading on screen, and there is no such line for
a site with no phone number."""
from __future__ import annotations

import re

import pytest

from handouts.assemble.jobs import load_inputs
from handouts.inputs.editions import content_for
from handouts.inputs.layouts import load_layout
from handouts.inputs.target import WHOLE, Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
from handouts.render.html import render_web
from handouts.render.pdf import render_handout
from handouts.render.pdf.clinicparts import ClinicParts
from handouts.render.wording import say, speaking
from pdfread import reader, text_of

PHONE = "(555) 777-1234"
TEL = "tel:5557771234"


def flat(text: str) -> str:
    return " ".join(re.sub("\xad\\s*", "", text).replace("\xa0", " ").split())


@pytest.fixture(scope="module", params=["en", "es"])
def inputs(request):
    return load_inputs(content_for(DEFAULT_CONTENT, request.param), DEFAULT_BRAND)


def with_phone(brand, phone):
    return brand.model_copy(update={"contact": brand.contact.model_copy(update={"phone": phone})})


def render(inputs, target: Target, layout: str, phone=PHONE) -> bytes:
    return render_handout(inputs.content, with_phone(inputs.brand, phone), load_layout(layout),
                          target, None, inputs.review, inputs.clinic).data


def tel_links(data: bytes) -> list[str]:
    found = []
    for page in reader(data).pages:
        for annot in page.get("/Annots") or ():
            action = annot.get_object().get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            if uri and str(uri).startswith("tel:"):
                found.append(str(uri))
    return found


def words(inputs) -> tuple[str, str, str]:
    """The "When to call" heading, its last statement and the number's label."""
    with speaking(inputs.content.meta.language):
        return (say("clinic.when_to_call"), flat(inputs.clinic.sections.when_to_call[-1].text),
                say("clinic.call_us"))


@pytest.mark.parametrize("target,layout", [
    (Target("crps"), "standard"), (Target("pelvic-pain"), "large-print"),
    (Target("migraine"), "summary"), (WHOLE, "standard")])
def test_the_number_follows_when_to_call(inputs, target, layout):
    heading, last, label = words(inputs)
    data = render(inputs, target, layout)
    text = flat(text_of(data))
    end = text.index(last, text.index(heading)) + len(last)
    assert text[end:].lstrip().startswith(f"{label}: {PHONE}"), text[end:end + 80]
    # A link on screen, as the contact block's number is.
    assert tel_links(data) == [TEL, TEL]


def test_each_site_prints_its_own_number_and_none_without_one(inputs):
    _, _, label = words(inputs)
    other = flat(text_of(render(inputs, Target("crps"), "standard", "(555) 010-4242")))
    assert f"{label}: (555) 010-4242" in other and PHONE not in other
    data = render(inputs, Target("crps"), "standard", None)
    assert f"{label}:" not in flat(text_of(data)) and tel_links(data) == []


def test_the_web_page_gives_the_number_under_when_to_call(inputs):
    heading, _, label = words(inputs)
    page = render_web(inputs.content, with_phone(inputs.brand, PHONE), Target("crps"),
                      inputs.review, inputs.clinic).data.decode().replace("\xa0", " ")
    section = page[page.index(heading):]
    section = section[:section.index("<h3", 1)]  # up to the next section's heading
    assert f'<strong>{label}:</strong> <a href="{TEL}">{PHONE}</a>' in section


def test_the_check_fails_without_the_line(inputs, monkeypatch):
    """Planted: the clinic box without the number's row."""
    monkeypatch.setattr(ClinicParts, "call_us", lambda self, slot: [])
    with pytest.raises(AssertionError):
        test_the_number_follows_when_to_call(inputs, Target("crps"), "standard")
