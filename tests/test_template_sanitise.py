"""A clinic's template may carry macros, ActiveX controls, OLE objects and
links out of the file (an image linked to a share, a ``javascript:`` or web
hyperlink) in its masters, layouts, notes master, theme or slides. None of
it reaches a deck: each is removed with a warning naming the template and
the part, which `check` prints as `deck` does, or the template is refused
with a located message. Each hostile template is made here from python-pptx's
or pandoc's, by editing its zip; each runs through the real commands, and
the deck is read back."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from test_hostile_input import default_pptx, refused, rezip, run_cli, with_template
from tools import require

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_ATTR = re.compile(rb'\br:(?:id|embed|link|pict|dm|lo|qs|cs)="([^"]*)"')
MASTER = "ppt/slideMasters/slideMaster1.xml"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"  # "Title and Content": every content slide's
TRACKER = "file://attacker.example/share/track.png"
SCRIPT = "javascript:alert(document.cookie)"


def rels_name(part: str) -> str:
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels".lstrip("/")


def add_rel(rels: bytes, rid: str, kind: str, target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'
    return rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def add_type(types: bytes, part: str, content_type: str) -> bytes:
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    return types.replace(b"</Types>", override.encode() + b"</Types>")


def edited(data: bytes, edits: dict[str, callable], extra=()) -> bytes:
    """``data`` (a .pptx) with each part in ``edits`` passed through its
    function (a missing relationships part starts empty) and ``extra``
    parts added."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
    empty = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
             b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             b'</Relationships>')
    missing = [(name, fn(empty)) for name, fn in edits.items() if name not in names]
    return rezip(data, lambda n, p: edits[n](p) if n in edits else p,
                 extra=[*missing, *extra])


def macro_template() -> bytes:
    """A .pptm: a VBA project, its relationship, the macro-enabled type."""
    return edited(default_pptx(), {
        "[Content_Types].xml": lambda p: add_type(p, "ppt/vbaProject.bin",
                                                  "application/vnd.ms-office.vbaProject")
        .replace(b"officedocument.presentationml.presentation.main+xml",
                 b"XX").replace(b"application/vnd.openxmlformats-XX",
                                b"application/vnd.ms-powerpoint.presentation.macroEnabled."
                                b"main+xml"),
        "ppt/_rels/presentation.xml.rels": lambda p: add_rel(
            p, "rId90", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
            "vbaProject.bin")},
        extra=[("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Sub AutoOpen()")])


PICTURE = ('<p:pic><p:nvPicPr><p:cNvPr id="90" name="Tracker"/><p:cNvPicPr/><p:nvPr/>'
           '</p:nvPicPr><p:blipFill><a:blip r:link="rId90"/><a:stretch><a:fillRect/>'
           '</a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="12700" '
           'cy="12700"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
           '</p:pic></p:spTree>')


def master_links_template() -> bytes:
    """A master with a picture linked to a share and a ``javascript:``
    hyperlink on its title placeholder."""
    def master(p: bytes) -> bytes:
        p = p.replace(b'name="Title Placeholder 1"/>',
                      b'name="Title Placeholder 1"><a:hlinkClick r:id="rId91"/></p:cNvPr>')
        return p.replace(b"</p:spTree>", PICTURE.encode(), 1)

    return edited(default_pptx(), {
        MASTER: master,
        rels_name(MASTER): lambda p: add_rel(add_rel(
            p, "rId90", f"{RT}/image", TRACKER, True), "rId91", f"{RT}/hyperlink", SCRIPT, True)})


OLE_FRAME = ('<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="91" name="Object 1"/>'
             '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/>'
             '<a:ext cx="914400" cy="914400"/></p:xfrm><a:graphic><a:graphicData '
             'uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj '
             'name="Packager Shell Object" r:id="rId10" imgW="100" imgH="100" progId="Package">'
             '<p:embed/></p:oleObj></a:graphicData></a:graphic></p:graphicFrame></p:spTree>'
             '<p:controls><p:control name="CommandButton1" r:id="rId11" imgW="100" imgH="100"/>'
             '</p:controls>')


def objects_template() -> bytes:
    """A layout with an OLE object (an embedded package) and an ActiveX
    control, with their parts."""
    activex = "http://schemas.microsoft.com/office/2006/relationships/activeXControlBinary"
    return edited(default_pptx(), {
        "[Content_Types].xml": lambda p: add_type(add_type(add_type(
            p, "ppt/embeddings/oleObject1.bin",
            "application/vnd.openxmlformats-officedocument.oleObject"),
            "ppt/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml"),
            "ppt/activeX/activeX1.bin", "application/vnd.ms-office.activeX"),
        LAYOUT: lambda p: p.replace(b"</p:spTree>", OLE_FRAME.encode(), 1),
        rels_name(LAYOUT): lambda p: add_rel(add_rel(
            p, "rId10", f"{RT}/oleObject", "../embeddings/oleObject1.bin"),
            "rId11", f"{RT}/control", "../activeX/activeX1.xml"),
        "ppt/activeX/_rels/activeX1.xml.rels": lambda p: add_rel(
            p, "rId1", activex, "activeX1.bin")},
        extra=[("ppt/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 payload"),
               ("ppt/activeX/activeX1.xml",
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ax:ocx '
                b'xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
                b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
                b' ax:classid="{D7053240-CE69-11CD-A777-00DD01143C57}" ax:persistence='
                b'"persistStorage" r:id="rId1"/>'),
               ("ppt/activeX/activeX1.bin", b"\x00control")])


def pandoc_reference(folder: Path) -> bytes:
    ref = folder / "reference.pptx"
    subprocess.run([require("pandoc"), "-o", str(ref), "--print-default-data-file",
                    "reference.pptx"], check=True, timeout=60)
    return ref.read_bytes()


def everywhere_template(folder: Path) -> bytes:
    """pandoc's reference.pptx with links out in a layout's text, the notes
    master, a theme's background fill and one of its own slides."""
    theme_fill = (f'<a:bgFillStyleLst><a:blipFill><a:blip xmlns:r="{RT}" r:link="rId9"/>'
                  '<a:stretch><a:fillRect/></a:stretch></a:blipFill>').encode()
    return edited(pandoc_reference(folder), {
        LAYOUT: lambda p: re.sub(rb"(<a:rPr[^>]*?)/>", rb'\1><a:hlinkClick r:id="rId9"/>'
                                 rb"</a:rPr>", p, count=1),
        rels_name(LAYOUT): lambda p: add_rel(p, "rId9", f"{RT}/hyperlink",
                                             "https://tracker.example/layout", True),
        "ppt/notesMasters/notesMaster1.xml": lambda p: p.replace(
            b"</p:spTree>", PICTURE.replace("rId90", "rId9").encode(), 1),
        rels_name("ppt/notesMasters/notesMaster1.xml"): lambda p: add_rel(
            p, "rId9", f"{RT}/image", "file:///C:/Users/Public/notes.png", True),
        "ppt/theme/theme1.xml": lambda p: p.replace(b"<a:bgFillStyleLst>", theme_fill, 1),
        rels_name("ppt/theme/theme1.xml"): lambda p: add_rel(
            p, "rId9", f"{RT}/image", "http://tracker.example/theme.png", True),
        rels_name("ppt/slides/slide1.xml"): lambda p: add_rel(
            p, "rId9", f"{RT}/hyperlink", "https://tracker.example/slide", True)})


def encrypted_template() -> bytes:
    """The start of a password-protected file: a compound file holding an
    EncryptedPackage stream (what Office writes for any password)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + "EncryptedPackage".encode("utf-16-le") + bytes(4096)


CASES = {
    "macros": (macro_template, ["ppt/presentation.xml: macros (VBA project) "
                                "(ppt/vbaProject.bin) removed",
                                "ppt/presentation.xml: macro-enabled"]),
    "master links": (master_links_template, [
        f"{MASTER}: external image link to {TRACKER} removed, with its picture \"Tracker\"",
        f"{MASTER}: external hyperlink to {SCRIPT} removed (the shape is kept)"]),
    "objects": (objects_template, [
        f"{LAYOUT}: OLE object (ppt/embeddings/oleObject1.bin) removed, with its object "
        "\"Object 1\"",
        f"{LAYOUT}: ActiveX control (ppt/activeX/activeX1.xml) removed, with its control"]),
    "everywhere": (everywhere_template, [
        f"{LAYOUT}: external hyperlink to https://tracker.example/layout removed (the shape "
        "is kept)",
        "ppt/notesMasters/notesMaster1.xml: external image link to "
        "file:///C:/Users/Public/notes.png removed, with its picture \"Tracker\"",
        "ppt/theme/theme1.xml: external image link to http://tracker.example/theme.png "
        "removed",
        "ppt/slides/slide1.xml: external hyperlink to https://tracker.example/slide removed"]),
}


def warnings(text: str) -> list[str]:
    return [line.split("warning: ", 1)[1] for line in text.splitlines()
            if "warning: " in line and "clinic" not in line and ".pptx: " in line]


def assert_clean(deck: Path, audited: bool = True) -> None:
    """Nothing of a macro, a control, an object or a link out in ``deck``,
    and every relationship id a part uses is one its relationships hold."""
    from test_readers import audit

    with zipfile.ZipFile(deck) as zf:
        names = zf.namelist()
        lowered = " ".join(names).lower()
        for bad in ("vbaproject", "activex", "oleobject", "embeddings"):
            assert bad not in lowered, (bad, names)
        types = zf.read("[Content_Types].xml")
        for bad in (b"macroEnabled", b"vbaProject", b"activeX", b"oleObject"):
            assert bad not in types, bad
        for name in names:
            if name.endswith(".rels"):
                assert b'TargetMode="External"' not in zf.read(name), name
                assert b"javascript:" not in zf.read(name), name
            elif name.endswith(".xml") and rels_name(name) in names:
                ids = {rel.get("Id") for rel in etree.fromstring(zf.read(rels_name(name)))}
                used = set(R_ATTR.findall(zf.read(name)))
                assert {u.decode() for u in used} <= ids, name
    if audited:
        assert audit(deck) == [], deck


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_template_is_cleaned_with_the_same_warnings_in_check_and_deck(
        case, brand_dir, tmp_path):
    make, expected = CASES[case]
    data = make(tmp_path) if case == "everywhere" else make()
    brand = with_template(brand_dir, data, "template.pptx")
    checked = run_cli("check", "--brand", brand)
    assert checked.returncode == 0, checked.out
    said = warnings(checked.out)
    for message in expected:
        assert any(line.endswith(f"template.pptx: {message}") or f"template.pptx: {message}"
                   in line for line in said), (message, said)
    deck = tmp_path / "deck.pptx"
    made = run_cli("deck", "--brand", brand, "-o", deck)
    assert made.returncode == 0, made.err
    assert warnings(made.err) == said  # the very same lines, in the same order
    assert all(line.startswith(f"{brand.parent / 'template.pptx'}: ") for line in said)
    assert_clean(deck)


def test_the_javascript_link_goes_and_the_shape_stays(brand_dir, tmp_path):
    from pptx import Presentation

    brand = with_template(brand_dir, master_links_template(), "template.pptx")
    deck = tmp_path / "deck.pptx"
    assert run_cli("deck", "--brand", brand, "-o", deck).returncode == 0
    master = Presentation(str(deck)).slide_masters[0]
    names = [shape.name for shape in master.shapes]
    assert "Title Placeholder 1" in names and "Tracker" not in names
    assert all(shape.click_action.hyperlink.address is None for shape in master.shapes)


def test_an_encrypted_template_is_refused_as_such(brand_dir, tmp_path):
    brand = with_template(brand_dir, encrypted_template(), "locked.pptx")
    message = "deck template is password-protected; save it without a password"
    refused(run_cli("check", "--brand", brand), f"deck_template: {message}")
    refused(run_cli("deck", "--brand", brand, "-o", tmp_path / "d.pptx"), message)
    assert not list(tmp_path.glob("*.pptx"))
    old = encrypted_template().replace("EncryptedPackage".encode("utf-16-le"), bytes(32))
    brand = with_template(brand_dir, old, "old.ppt")
    refused(run_cli("check", "--brand", brand), "old PowerPoint 97-2003 file")


def test_a_link_that_cannot_be_removed_refuses_the_template(brand_dir, tmp_path):
    """A link out from the master's own tags (no shape to remove it with)."""
    template = edited(default_pptx(), {
        MASTER: lambda p: p.replace(b"</p:spTree>", b'</p:spTree><p:custDataLst><p:tags '
                                    b'r:id="rId90"/></p:custDataLst>', 1),
        rels_name(MASTER): lambda p: add_rel(p, "rId90", f"{RT}/tags",
                                             "https://tracker.example/tags", True)})
    brand = with_template(brand_dir, template, "template.pptx")
    message = (f"{MASTER}: external link to https://tracker.example/tags in <tags> cannot be "
               "removed without breaking the template")
    proc = run_cli("check", "--brand", brand)
    refused(proc, message)
    assert re.search(r"brand\.yaml:\d+: deck_template: ", proc.out), proc.out
    refused(run_cli("deck", "--brand", brand, "-o", tmp_path / "d.pptx"), message)
    assert not list(tmp_path.glob("*.pptx"))


def test_clean_templates_lose_nothing(tmp_path):
    """pandoc's and python-pptx's own templates: no warning, the same parts."""
    from handouts.inputs.assets import open_template

    for name, data in (("default", default_pptx()), ("pandoc", pandoc_reference(tmp_path))):
        path = tmp_path / f"{name}.pptx"
        path.write_bytes(data)
        opened = open_template(path)
        assert opened.removed == (), name
        with zipfile.ZipFile(io.BytesIO(data)) as a, \
                zipfile.ZipFile(io.BytesIO(opened.data)) as b:
            assert a.namelist() == b.namelist(), name
            assert all(a.read(n) == b.read(n) for n in a.namelist()
                       if n != "[Content_Types].xml"), name


def test_a_cached_skeleton_cannot_bring_a_macro_back(brand, content, tmp_path, monkeypatch):
    """A skeleton planted in the cache under the template's own key, with a
    VBA project in it, is not used: the deck is made from the template."""
    from dataclasses import replace

    from conftest import render_pptx
    from handouts.render import cache
    from handouts.render.pptx import template as tpl

    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    path = tmp_path / "clean.pptx"
    path.write_bytes(default_pptx())
    branded = brand.model_copy(update={"deck_template": path})
    tpl.skeleton.cache_clear()
    render_pptx(content, branded)  # the skeleton is made and stored
    entries = sorted((tmp_path / "cache").glob("skeleton-*.pickle"))
    assert len(entries) == 1
    digest = entries[0].name[len("skeleton-"):-len(".pickle")]
    skel = cache.load("skeleton", digest, (tpl.Skeleton, tpl.Deflated, tpl.LayoutInfo,
                                                tpl.Ground))
    dirty = replace(skel, members=(tpl.deflate("ppt/vbaProject.bin", b"Sub AutoOpen()"),
                                   *skel.members),
                    overrides=(*skel.overrides, ("/ppt/vbaProject.bin",
                                                 "application/vnd.ms-office.vbaProject")))
    assert tpl.carried(dirty) and not tpl.carried(skel)
    cache.store("skeleton", digest, dirty)
    tpl.skeleton.cache_clear()
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(render_pptx(content, branded).data)
    tpl.skeleton.cache_clear()
    assert_clean(deck)
    again = cache.load("skeleton", digest, (tpl.Skeleton, tpl.Deflated, tpl.LayoutInfo,
                                                tpl.Ground))
    assert not tpl.carried(again)  # made again, clean


def test_a_modern_control_goes_with_both_alternatives_and_a_chart_keeps_its_data():
    """PowerPoint 2010 writes a control twice (mc:Choice and mc:Fallback,
    with a picture): both go, and the empty list with them. A chart's
    embedded workbook goes; the chart, drawn from its own cache, stays."""
    from handouts.inputs.sanitise import sanitise

    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    layout = (f'<p:sldLayout xmlns:p="{p}" xmlns:r="{RT}" xmlns:mc="{mc}"><p:cSld><p:spTree/>'
              '<p:controls><mc:AlternateContent><mc:Choice Requires="v"><p:control name="B1" '
              'r:id="rId2"/></mc:Choice><mc:Fallback><p:control name="B1" r:id="rId2"><p:pic/>'
              '</p:control></mc:Fallback></mc:AlternateContent></p:controls></p:cSld>'
              '</p:sldLayout>').encode()
    chart = (f'<c:chartSpace xmlns:c="{c}" xmlns:r="{RT}"><c:chart/><c:externalData '
             'r:id="rId1"/></c:chartSpace>').encode()
    parts = {
        "[Content_Types].xml": (b'<Types xmlns="http://schemas.openxmlformats.org/package/'
                                b'2006/content-types"/>'),
        "ppt/slideLayouts/slideLayout1.xml": layout,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels": add_rel(
            b"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/"
            b"relationships'></Relationships>", "rId2", f"{RT}/control",
            "../activeX/activeX1.xml"),
        "ppt/activeX/activeX1.xml": b"<ocx/>",
        "ppt/charts/chart1.xml": chart,
        "ppt/charts/_rels/chart1.xml.rels": add_rel(
            b"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/"
            b"relationships'></Relationships>", "rId1", f"{RT}/package",
            "../embeddings/Microsoft_Excel_Worksheet.xlsx"),
        "ppt/embeddings/Microsoft_Excel_Worksheet.xlsx": b"PK workbook",
    }
    out, messages = sanitise(parts)
    assert b"control" not in out["ppt/slideLayouts/slideLayout1.xml"]
    assert b"<p:spTree/></p:cSld>" in out["ppt/slideLayouts/slideLayout1.xml"]
    assert b"externalData" not in out["ppt/charts/chart1.xml"]
    assert b"<c:chart/>" in out["ppt/charts/chart1.xml"]
    assert set(out) == {"[Content_Types].xml", "ppt/slideLayouts/slideLayout1.xml",
                        "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                        "ppt/charts/chart1.xml", "ppt/charts/_rels/chart1.xml.rels"}
    assert messages == [
        'ppt/slideLayouts/slideLayout1.xml: ActiveX control (ppt/activeX/activeX1.xml) '
        'removed, with its control "B1"',
        "ppt/charts/chart1.xml: OLE object (ppt/embeddings/Microsoft_Excel_Worksheet.xlsx) "
        "removed, with its data link"]


def test_build_says_what_check_says_and_no_deck_carries_a_macro_or_a_link(brand_dir, tmp_path):
    """Every deck of a build on a template with macros and links out."""
    template = edited(macro_template(), {
        MASTER: lambda p: p.replace(b'name="Title Placeholder 1"/>', b'name="Title '
                                    b'Placeholder 1"><a:hlinkClick r:id="rId91"/></p:cNvPr>'),
        rels_name(MASTER): lambda p: add_rel(p, "rId91", f"{RT}/hyperlink", SCRIPT, True)})
    brand = with_template(brand_dir, template, "template.pptx")
    said = warnings(run_cli("check", "--brand", brand).out)
    assert len(said) == 3, said
    out = tmp_path / "out"
    built = run_cli("build", "--lang", "en", "--brand", brand, "--out-dir", out, "-q")
    assert built.returncode == 0, built.err
    assert warnings(built.err) == said
    decks = sorted(out.rglob("*.pptx"))
    assert len(decks) == 9
    for deck in decks:
        assert_clean(deck, audited=deck.name == "seminar.pptx")
