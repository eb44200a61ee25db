"""Every file of a full build, read by real PDF and PowerPoint readers.

The build runs with sockets blocked: nothing may be fetched at run time.
"""
import socket
import subprocess

import pytest

from handouts.assemble.run import build
from handouts.inputs.sites import single_site
from test_clean_edition import find_spun
from test_deck import check_words_inside_pages
from tools import require, soffice_to_pdf


@pytest.fixture(scope="module")
def full_build(tmp_path_factory, content, brand):
    out = tmp_path_factory.mktemp("full")
    blocked = []

    def refuse(self, *args, **kwargs):
        blocked.append(args)
        raise OSError("network access attempted during a build")

    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", refuse)
    mp.setattr(socket.socket, "connect_ex", refuse)
    mp.setattr(socket, "getaddrinfo", refuse)
    mp.setattr(socket, "create_connection", refuse)
    try:
        result = build(content, [single_site(brand)], out, jobs=1)
    finally:
        mp.undo()
    assert not result.errors and not blocked
    return out, result


def pdfs(full_build):
    out, result = full_build
    return [out / e.path for e in result.entries if e.path.endswith(".pdf")]


def test_build_needs_no_network(full_build):
    assert len(full_build[1].entries) == 43


def test_qpdf_check_passes_on_every_pdf(full_build):
    qpdf = require("qpdf")
    for pdf in pdfs(full_build):
        result = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, (pdf.name, result.stdout, result.stderr)
        assert "No syntax or stream encoding errors found" in result.stdout


def test_pdffonts_shows_every_font_embedded(full_build):
    pdffonts = require("pdffonts")
    for pdf in pdfs(full_build):
        lines = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert lines, pdf.name
        for line in lines:
            cols = line.split()
            emb = cols[-5]  # name type encoding emb sub uni object ID
            assert emb == "yes", (pdf.name, line)
            assert "Atkinson" in line or "Noto" in line, line


def test_pdftotext_returns_the_text(full_build, content, brand):
    pdftotext = require("pdftotext")
    for pdf in pdfs(full_build):
        text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert brand.contact.phone in text
        if "-summary" not in pdf.name:  # (a one-sheet summary leaves the questions out)
            assert content.faq[0].question in " ".join(text.split())
        assert find_spun(text) == []


def test_libreoffice_converts_every_deck_and_text_stays_inside(full_build, tmp_path):
    pdftotext = require("pdftotext")
    out, result = full_build
    from pptx import Presentation

    for entry in result.entries:
        if not entry.path.endswith(".pptx"):
            continue
        deck = out / entry.path
        pdf = soffice_to_pdf(deck, tmp_path / deck.stem)
        bbox = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        check_words_inside_pages(bbox, len(Presentation(str(deck)).slides))


def zbar(image) -> list[str]:
    zbarimg = require("zbarimg")
    result = subprocess.run([zbarimg, "-q", "--raw", str(image)], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_qr_codes_open_the_brand_url(full_build, tmp_path, brand):
    """The QR codes scan, in the printed handout and on the deck's closing slide."""
    pdftoppm = require("pdftoppm")
    out, result = full_build
    pdf = out / next(e.path for e in result.entries if e.path.endswith("/crps-handout.pdf"))
    subprocess.run([pdftoppm, "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    found = [code for png in sorted(tmp_path.glob("page*.png")) for code in zbar(png)]
    assert found == [brand.qr_url]
    from handouts.render.qr import qr_png

    (tmp_path / "qr.png").write_bytes(qr_png(brand.qr_url))
    assert zbar(tmp_path / "qr.png") == [brand.qr_url]


def audit(path) -> list[str]:
    """Office Open XML schema and package errors openxml-audit finds in ``path``."""
    from openxml_audit import validate_pptx

    return [f"{e.part_uri} {e.path}: {e.description}" for e in validate_pptx(str(path)).errors]


def test_every_deck_passes_the_office_open_xml_schemas(full_build):
    out, result = full_build
    decks = [out / e.path for e in result.entries if e.path.endswith(".pptx")]
    assert len(decks) == 9
    for deck in decks:
        assert audit(deck) == [], deck.name


def test_a_deck_with_a_schema_error_is_caught(full_build, tmp_path):
    """The audit can fail: one stray element in one slide is reported."""
    import zipfile

    out, result = full_build
    src = out / next(e.path for e in result.entries if e.path.endswith("/seminar.pptx"))
    bad = tmp_path / "bad.pptx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "ppt/slides/slide2.xml":
                data = data.replace(b"<a:lstStyle/>", b"<a:lstStyle/><a:bogus/>", 1)
            zout.writestr(name, data)
    assert any("bogus" in e for e in audit(bad))


def test_deck_with_a_clinic_template_passes_the_schemas(content, brand, tmp_path):
    from pptx import Presentation
    from pptx.util import Emu

    from conftest import render_pptx

    template = Presentation()
    template.slide_width, template.slide_height = Emu(12192000), Emu(6858000)
    template.slides.add_slide(template.slide_layouts[1])
    path = tmp_path / "corporate.pptx"
    template.save(path)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(render_pptx(content, brand.model_copy(update={"deck_template": path}),
                                 content.condition("crps")).data)
    assert audit(deck) == []
