"""A clinic's template keeps its look: its text colours where they read on
what lies under them (else its own dark or light text colour, and `check`
says so), its background, and its graphics, which the body keeps off; and
`check` refuses a template the decks cannot be laid out on."""
from __future__ import annotations

import copy
import io
import re
import shutil

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu

from conftest import approved_review, assert_user_error, invoke
from handouts.errors import RenderError
from handouts.inputs.brand import load_brand
from handouts.inputs.layouts import load_layout
from handouts.inputs.target import Target
from handouts.paths import DEFAULT_BRAND
from handouts.render.pptx import render_deck
from handouts.render.pptx.background import largest_free
from handouts.render.pptx.ink import Ground, choose

WIDE, TALL = 12192000, 6858000  # 13.33 x 7.5 in


def _template(path, background: str | None = None, band: bool = False, title_height=None):
    """python-pptx's default template at 16:9: with a solid ``background``
    on the master, a dark band across the lower half of the title-and-content
    layout's body (a graphic of the layout), or a title placeholder
    ``title_height`` EMU tall that leaves the body little room."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDE), Emu(TALL)
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    title, body = (next(p for p in layout.placeholders if p.placeholder_format.idx == i)
                   for i in (0, 1))
    title.left, title.top, title.width, title.height = (Emu(600000), Emu(300000),
                                                        Emu(10900000), Emu(1100000))
    body.left, body.top, body.width, body.height = (Emu(600000), Emu(1600000),
                                                    Emu(10900000), Emu(4900000))
    if background:
        fill = prs.slide_master.background.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(background)
    if band:  # drawn on a scratch slide, then moved onto the layout
        scratch = prs.slides.add_slide(layout)
        shape = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Emu(4800000), Emu(WIDE),
                                         Emu(1200000))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(0x1F, 0x3A, 0x93)
        layout.shapes._spTree.append(copy.deepcopy(shape._element))
        rid = prs.slides._sldIdLst[0].rId
        prs.part.drop_rel(rid)
        del prs.slides._sldIdLst[0]
    if title_height:
        title.height = Emu(title_height)
        body.top, body.height = Emu(300000 + title_height), Emu(TALL - 400000 - title_height)
    prs.save(path)
    return path


def _brand_with(tmp_path, template, colors: str = ""):
    folder = tmp_path / "brand"
    shutil.copytree(DEFAULT_BRAND.parent, folder)
    shutil.copy(template, folder / "template.pptx")
    brand_file = folder / "brand.yaml"
    text = brand_file.read_text().replace("# deck_template: template.pptx",
                                          "deck_template: template.pptx" + colors)
    brand_file.write_text(text)
    return brand_file


def _deck(content, brand_file, target=Target("crps")):
    return Presentation(io.BytesIO(render_deck(content, load_brand(brand_file),
                                               load_layout("deck"), target,
                                               review=approved_review()).data))


def _runs(shape):
    return [r for p in shape.text_frame.paragraphs for r in p.runs]


def _body(slide):
    return next(s for s in slide.placeholders if s.placeholder_format.idx == 1)


def test_text_inherits_the_templates_colours_and_background(content, tmp_path):
    brand_file = _brand_with(tmp_path, _template(tmp_path / "plain.pptx"))
    prs = _deck(content, brand_file)
    slide = prs.slides[2]
    for shape in (slide.shapes.title, _body(slide)):
        for run in _runs(shape):  # no colour of the brand's: the template's, by inheritance
            assert run.font.color.type is None, run.text
    # No background of the deck's own over the template's.
    assert slide.follow_master_background


def test_text_takes_the_templates_fonts(content, tmp_path):
    """On a template, no run names a typeface (the text takes the theme's
    fonts by inheritance) and no font is embedded or listed as used; the
    built-in design keeps the brand's font, embedded."""
    brand_file = _brand_with(tmp_path, _template(tmp_path / "plain.pptx"))
    prs = _deck(content, brand_file)
    runs = [r for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
            for r in _runs(shape)]
    assert runs and all(r.font.name is None for r in runs)
    assert not any(run._r.xpath("a:rPr/a:latin | a:rPr/a:ea | a:rPr/a:cs") for run in runs)
    names = {part.partname for part in prs.part.package.iter_parts()}
    assert not any(name.startswith("/ppt/fonts/") for name in names)
    assert b"Atkinson" not in prs.part.blob
    built_in = Presentation(io.BytesIO(render_deck(content, load_brand(DEFAULT_BRAND),
                                                   load_layout("deck"), Target("crps"),
                                                   review=approved_review()).data))
    fonts = {r.font.name for slide in built_in.slides for shape in slide.shapes
             if shape.has_text_frame for r in _runs(shape)}
    assert fonts == {load_brand(DEFAULT_BRAND).font_family}


def test_a_colour_that_does_not_read_is_replaced_and_check_says_so(content, tmp_path, runner):
    """On a dark master background the template's black text (its theme's
    tx1) and the brand's template colour #1B4F72 would not read: the deck
    uses the template's light text colour, and `check` reports it."""
    template = _template(tmp_path / "dark.pptx", background="202020")
    for colors, wanted in (("", "000000"), ("\ntemplate_colors:\n  primary: \"#1B4F72\"\n",
                                             "1B4F72")):
        brand_file = _brand_with(tmp_path / wanted, template, colors)
        prs = _deck(content, brand_file)
        for slide in list(prs.slides)[1:]:
            for shape in slide.shapes:
                if shape.has_text_frame and not shape.name.startswith("Draft"):
                    for run in _runs(shape):
                        assert str(run.font.color.rgb) == "FFFFFF", (shape.name, run.text)
        result = invoke(runner, "check", "--brand", str(brand_file))
        assert (f"  title {'colour' if not colors else 'the brand' + chr(39) + 's template colour'}"
                f" #{wanted} on background #202020 is") in result.output, result.output
        assert "using the template's light text colour #FFFFFF" in result.output


def test_the_brands_template_colours_are_used_where_they_read(content, tmp_path):
    brand_file = _brand_with(tmp_path, _template(tmp_path / "plain.pptx"),
                             "\ntemplate_colors:\n  primary: \"#1B4F72\"\n  text: \"#333333\"\n")
    slide = _deck(content, brand_file).slides[2]
    assert {str(r.font.color.rgb) for r in _runs(slide.shapes.title)} == {"1B4F72"}
    assert {str(r.font.color.rgb) for r in _runs(_body(slide))} == {"333333"}


def test_the_body_keeps_off_the_layouts_graphics(content, tmp_path):
    """A band across the lower part of the body placeholder: the body stops
    above it, on every content slide and the contact slide."""
    prs = _deck(content, _brand_with(tmp_path, _template(tmp_path / "band.pptx", band=True)),
                Target())
    band_top = 4800000
    checked = 0
    for slide in prs.slides:
        if slide.slide_layout.name != "Title and Content":  # the band is on that layout
            continue
        for shape in slide.shapes:
            if shape.has_text_frame and shape != slide.shapes.title and shape.text_frame.text:
                assert shape.top + shape.height <= band_top, (shape.name, shape.text_frame.text)
                checked += 1
            elif shape.shape_type == 13:  # the QR code and the logo
                assert shape.top + shape.height <= band_top or shape.top >= band_top + 1200000
    assert checked > 15


def test_the_largest_free_part():
    area = (0, 0, 100, 100)
    assert largest_free(area, []) == area
    assert largest_free(area, [(0, 70, 100, 30)]) == (0, 0, 100, 70)  # a band below
    assert largest_free(area, [(70, 0, 30, 20)]) == (0, 20, 100, 80)  # a corner
    assert largest_free(area, [(80, 0, 20, 20)]) == (0, 0, 80, 100)  # a tie: the higher
    assert largest_free(area, [(0, 0, 100, 100)]) is None


def test_the_worst_part_of_the_ground_counts():
    """A gradient from white to dark grey: black text fails on its dark end,
    and the template's light text on its light end: a panel."""
    ground = Ground((("FFFFFF", "background"), ("404040", "background")), "000000", True,
                    "000000", "FFFFFF")
    ink = choose(ground, "", "body", "body text")
    assert (ink.colour, ink.panel) == ("000000", "FFFFFF")
    assert "#000000 on background #404040 is 2.0:1" in ink.note
    fine = Ground((("FFFFFF", "background"), ("F0F0F0", "background")), "000000", True,
                  "000000", "FFFFFF")
    assert choose(fine, "", "body", "body text").colour == ""  # inherited, passes
    assert choose(fine, "", "body", "body text").note == ""


def test_check_refuses_a_template_the_decks_cannot_be_laid_out_on(content, tmp_path, runner):
    """A title placeholder that takes most of the slide leaves no room for a
    condition's main message: `check` says so, located at deck_template, and
    every template `check` accepts renders (this one does not)."""
    template = _template(tmp_path / "tall-title.pptx", title_height=5600000)
    brand_file = _brand_with(tmp_path, template)
    result = invoke(runner, "check", "--brand", str(brand_file))
    assert_user_error(result)
    line = next(ln for ln in result.output.splitlines() if "cannot hold" in ln)
    assert line.startswith(f"{brand_file}:")
    assert "deck_template: template.pptx cannot hold 9 of the 9 decks: slide " in line
    assert re.search(r"slide '.+': no room for (text|its main message) at the minimum size; "
                     r"its title-and-content layout leaves room for 0 lines", line), line
    assert "make that layout's body placeholder larger (or its title smaller)" in line
    with pytest.raises(RenderError):
        _deck(content, brand_file)
    ok = invoke(runner, "check", "--brand", str(_brand_with(
        tmp_path / "ok", _template(tmp_path / "plain.pptx"))))
    assert "every deck (9) lays out on it" in ok.output
