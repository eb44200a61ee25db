"""Decks that hold up on a presenter's own computer and template: text
measured for the fonts that may stand in, sizes relative to the slide, one
body size per deck, and continuation slides that read as one series."""
from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from pptx.util import Emu
from reportlab.pdfbase import pdfmetrics

from conftest import render_pptx
from handouts.inputs.layouts import load_layout
from handouts.render.fonts import brand_fonts
from handouts.render.pptx.fit import STAND_INS, Measure, _stand_in

BACK_POINTING = re.compile(r"^(This|These|They|It|Then|Those|That)\b")


def open_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def body_runs(slide):
    """(paragraph, run) of the slide's text other than its title (and a
    draft's notice under it)."""
    title = slide.shapes.title
    for shape in slide.shapes:
        if shape.has_text_frame and shape != title and shape.rotation == 0 \
                and not shape.name.startswith("Draft notice"):
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    yield para, run


def content_slides(prs):
    return [s for s in prs.slides
            if s._element.cSld.get("name") not in ("cover", "closing", "section")]


@pytest.fixture(scope="module")
def decks(content, brand):
    out = {"seminar": render_pptx(content, brand).data,
           "short": render_pptx(content, brand, minutes=20).data}
    for slug in content.slugs:
        out[slug] = render_pptx(content, brand, content.condition(slug)).data
    return out


def test_one_body_size_per_deck(decks):
    """Every content slide's text is one size, unless the slide is named as
    needing smaller text."""
    for name, data in decks.items():
        sizes = {}
        for slide in content_slides(open_deck(data)):
            if slide._element.cSld.get("name").endswith("smaller text"):
                continue
            for _, run in body_runs(slide):
                sizes.setdefault(run.font.size.pt, []).append(slide.shapes.title.text_frame.text)
        assert len(sizes) == 1, (name, {k: v[:2] for k, v in sizes.items()})
        assert min(sizes) >= 24, name


def test_continuations_read_as_one_series(decks):
    for name, data in decks.items():
        titles = [s.shapes.title.text_frame.text for s in open_deck(data).slides]
        assert not any("continued" in t for t in titles), name
        series: dict[str, list[tuple[int, int]]] = {}
        for t in titles:
            m = re.fullmatch(r"(.+) \((\d+) of (\d+)\)", t)
            if m:
                series.setdefault(m.group(1), []).append((int(m.group(2)), int(m.group(3))))
        for base, parts in series.items():
            total = parts[0][1]
            assert parts == [(k, total) for k in range(1, total + 1)], (name, base, parts)


def test_no_bullet_points_back_to_another(decks, content, brand):
    """No bullet starts with "This", "They", "It", ... whose subject is on
    another bullet; an edition without key points gets each paragraph's first
    sentences, whole."""
    bare = content.model_copy(update={
        "introduction": content.introduction.model_copy(update={"key_points": (),
                                                                "how_it_works_points": ()}),
        "conditions": tuple(c.model_copy(update={"key_points": (), "main_message": ""})
                            for c in content.conditions),
        "conclusion": content.conclusion.model_copy(update={"key_points": ()})})
    all_decks = {**decks, "bare": render_pptx(bare, brand).data,
                 "bare-crps": render_pptx(bare, brand, bare.condition("crps")).data}
    checked = 0
    for name, data in all_decks.items():
        for slide in open_deck(data).slides:
            for para, _ in body_runs(slide):
                checked += 1
                assert not BACK_POINTING.match(para.text), (name, para.text[:60])
    assert checked > 100
    # The bare edition's paragraphs: their first sentences on its slides (read
    # across a room), each whole in the notes.
    prs = open_deck(all_decks["bare-crps"])
    text = "\n".join(p.text for s in prs.slides for p, _ in body_runs(s)).replace("\xa0", " ")
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    for para in bare.condition("crps").body:
        assert para.split(". ")[0] in text and para in notes


def test_sizes_scale_with_the_slide(content, brand, tmp_path):
    """On a 10-inch template the 13.33-inch sizes scale by 0.75: body text
    between 18 and 24 pt, titles at least 27 pt."""
    template = Presentation()  # python-pptx's default: 10 x 7.5 in
    path = tmp_path / "ten-inch.pptx"
    template.save(path)
    data = render_pptx(content, brand.model_copy(update={"deck_template": path})).data
    prs = open_deck(data)
    assert prs.slide_width == Emu(9144000)
    for slide in content_slides(prs):
        for _, run in body_runs(slide):
            assert 18 <= run.font.size.pt <= 24, run.text
        for para in slide.shapes.title.text_frame.paragraphs:
            for run in para.runs:
                assert 27 <= run.font.size.pt <= 30
    layout = load_layout("deck")
    scaled = layout.for_width(720)
    assert scaled.body.min_size == pytest.approx(18) and scaled.title.min_size == 27
    assert scaled.margins.left == pytest.approx(layout.margins.left * 0.75)
    assert layout.for_width(960) is layout


def test_text_is_measured_for_the_stand_in_fonts(brand):
    """Each letter is measured at the widest of the deck's font, DejaVu
    Sans's (Vera's) and Arial's (Helvetica's) advances."""
    fonts = brand_fonts(brand)
    measure = Measure(fonts, load_layout("deck"))
    for bold, (regular_face, bold_face) in ((False, STAND_INS[0]), (True, STAND_INS[0])):
        own = fonts.bold if bold else fonts.regular
        for text in ("Ketamine for chronic pain", "WWW mmm", "Who should not have it?"):
            width = measure.width(text, 10, bold=bold)
            for face in (bold_face if bold else regular_face,
                         STAND_INS[1][1] if bold else STAND_INS[1][0]):
                _stand_in(face)
                assert width >= pdfmetrics.stringWidth(text, face, 10) - 1e-6, (text, face)
            assert width >= pdfmetrics.stringWidth(text, own, 10) - 1e-6


def test_check_warns_for_a_point_that_points_back(content):
    from handouts.inputs.content import content_warnings

    assert not any("points back" in w for w in content_warnings(content))
    cond = content.conditions[0]
    edited = content.model_copy(update={"conditions": (
        cond.model_copy(update={"key_points": (*cond.key_points[:3], "They help a lot.")}),
        *content.conditions[1:])})
    warnings = [w for w in content_warnings(edited) if "points back" in w]
    assert warnings == [f"conditions.{cond.slug}.key_points[3]: starts with 'They', which points "
                        "back to another bullet; a slide point should name its subject"]


def _part(data: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def test_app_properties_state_the_real_deck(decks, content, brand, tmp_path):
    from lxml import etree

    ns = {"a": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
          "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}
    ten_inch = tmp_path / "ten.pptx"
    Presentation().save(ten_inch)
    # On a template the text takes its theme's fonts: no font of the brand's is used.
    cases = [(decks["seminar"], "On-screen Show (16:9)", [brand.font_family]),
             (render_pptx(content, brand.model_copy(update={"deck_template": ten_inch})).data,
              "On-screen Show (4:3)", [])]
    for data, shape, fonts in cases:
        prs = open_deck(data)
        app = etree.fromstring(_part(data, "docProps/app.xml"))
        assert app.findtext("a:Slides", namespaces=ns) == str(len(prs.slides))
        assert app.findtext("a:Notes", namespaces=ns) == str(len(prs.slides))
        assert app.findtext("a:PresentationFormat", namespaces=ns) == shape
        parts = [e.text for e in app.findall("a:TitlesOfParts/vt:vector/vt:lpstr", ns)]
        assert parts == [*fonts, *(s.shapes.title.text_frame.text for s in prs.slides)]


def test_preview_shows_the_decks_own_title_slide(decks, content, brand):
    from PIL import Image

    prs = open_deck(decks["crps"])
    assert prs.core_properties.title  # the package names its parts properly
    img = Image.open(io.BytesIO(_part(decks["crps"], "docProps/thumbnail.jpeg")))
    assert img.format == "JPEG" and img.width == 256
    assert abs(img.width / img.height - prs.slide_width / prs.slide_height) < 0.02
    primary = tuple(int(brand.colors.primary.hex[i:i + 2], 16) for i in (0, 2, 4))
    band = img.convert("RGB").getpixel((img.width // 2, img.height - 3))
    assert all(abs(a - b) < 12 for a, b in zip(band, primary))
    # Not python-pptx's generic picture: each deck's preview is its own.
    assert _part(decks["crps"], "docProps/thumbnail.jpeg") != \
        _part(decks["migraine"], "docProps/thumbnail.jpeg")

    def reddish(data):
        rgb = Image.open(io.BytesIO(data)).convert("RGB")
        pixels = (rgb.getpixel((x, y)) for x in range(rgb.width) for y in range(rgb.height))
        return sum(1 for r, g, b in pixels if r > 150 and g < 90 and b < 90)

    assert reddish(_part(decks["crps"], "docProps/thumbnail.jpeg")) > 5  # a draft says so


def _embedded(data: bytes) -> list[tuple[str, str, str, bytes]]:
    """(typeface, style, part name, part bytes) of each embedded font face."""
    import posixpath
    import zipfile

    from lxml import etree

    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        pres = etree.fromstring(zf.read("ppt/presentation.xml"))
        rels = etree.fromstring(zf.read("ppt/_rels/presentation.xml.rels"))
        types = zf.read("[Content_Types].xml").decode()
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", ns)}
        out = []
        for font in pres.findall("p:embeddedFontLst/p:embeddedFont", ns):
            typeface = font.find("p:font", ns).get("typeface")
            for face in font:
                if face.tag.endswith("}font"):
                    continue
                name = posixpath.normpath(posixpath.join("ppt", targets[face.get(f"{{{ns['r']}}}id")]))
                assert 'Extension="fntdata" ContentType="application/x-fontdata"' in types
                out.append((typeface, etree.QName(face).localname, name, zf.read(name)))
        return out


def test_fonts_are_embedded_as_powerpoint_embeds_them(decks, brand, tmp_path):
    """Regular and bold, in EOT form: eotinfo (eot-utils) reads each header,
    and inside is the brand's own font file, byte for byte."""
    import subprocess

    from handouts.render.pptx.embed import unwrap
    from reportlab.pdfbase.ttfonts import TTFontFile
    from tools import require

    eotinfo = require("eotinfo")
    for name, data in decks.items():
        faces = _embedded(data)
        assert [(t, s) for t, s, _, _ in faces] == [(brand.font_family, "regular"),
                                                    (brand.font_family, "bold")], name
        for _, style, part, blob in faces:
            ttf = unwrap(blob)
            assert ttf == brand.font_file(style).read_bytes(), (name, part)
            info = subprocess.run([eotinfo], input=blob, capture_output=True, check=True).stdout
            text = info.decode("utf-8", "replace")
            assert f"FamilyName:         {brand.font_family}" in text, text
            assert f"FontDataSize:       {len(ttf)}" in text
            path = tmp_path / f"{style}.ttf"
            path.write_bytes(ttf)
            assert TTFontFile(str(path)).familyName.decode() == brand.font_family


def test_a_font_whose_licence_forbids_embedding_is_left_out(content, brand, tmp_path):
    import shutil
    import struct

    from handouts.inputs.brand import load_brand
    from handouts.paths import DEFAULT_BRAND

    folder = tmp_path / "brand"
    shutil.copytree(DEFAULT_BRAND.parent, folder)
    for style in ("regular", "bold"):
        data = bytearray(brand.font_file(style).read_bytes())
        num = struct.unpack(">H", data[4:6])[0]
        for i in range(num):  # find the OS/2 table and set fsType to "restricted"
            tag, _, offset, _ = struct.unpack(">4sLLL", data[12 + 16 * i:28 + 16 * i])
            if tag == b"OS/2":
                data[offset + 8:offset + 10] = struct.pack(">H", 0x0002)
        (folder / f"{style}.ttf").write_bytes(bytes(data))
    text = (folder / "brand.yaml").read_text().replace(
        "# fonts:                 # optional: your own TrueType files\n"
        "#   family: Atkinson Hyperlegible\n"
        "#   regular: fonts/MyFont-Regular.ttf\n"
        "#   bold: fonts/MyFont-Bold.ttf\n",
        "fonts:\n  family: Locked Sans\n  regular: regular.ttf\n  bold: bold.ttf\n")
    (folder / "brand.yaml").write_text(text)
    locked = load_brand(folder / "brand.yaml")
    assert locked.font_family == "Locked Sans"
    assert _embedded(render_pptx(content, locked).data) == []


def test_a_small_content_area_is_a_warning_not_an_error(content, brand, tmp_path, runner):
    """A template whose body placeholder cannot hold a line still makes a
    deck (its text goes below the title), and `check` warns."""
    import shutil

    from conftest import invoke
    from handouts.paths import DEFAULT_BRAND

    template = Presentation()
    template.slide_width, template.slide_height = Emu(12192000), Emu(6858000)
    layout = next(lay for lay in template.slide_layouts if lay.name == "Title and Content")
    body = next(p for p in layout.placeholders if p.placeholder_format.idx == 1)
    body.left, body.top, body.width, body.height = Emu(400000), Emu(6000000), Emu(11000000), \
        Emu(300000)
    folder = tmp_path / "brand"
    shutil.copytree(DEFAULT_BRAND.parent, folder)
    template.save(folder / "template.pptx")
    brand_file = folder / "brand.yaml"
    brand_file.write_text(brand_file.read_text().replace("# deck_template: template.pptx",
                                                         "deck_template: template.pptx"))
    result = invoke(runner, "check", "--brand", str(brand_file))
    assert "warning: deck_template: its content area holds only 0 lines" in result.output
    from handouts.inputs.brand import load_brand

    prs = open_deck(render_pptx(content, load_brand(brand_file)).data)
    texts = [p.text.replace("\xa0", " ") for s in content_slides(prs) for p, _ in body_runs(s)]
    assert all(point in texts for point in content.conclusion.key_points)
