"""Speed-ups below the libraries' API (handouts.libs): each has its own
switch, the output is the same bytes with and without each, none is
installed outside the tested versions, and each is used when it is on.

The speed-ups are installed process-wide, so the same-bytes tests run a
new process per setting (``tests/speedprobe.py``). The tests of what a
speed-up does in this process skip when it is off here (as under
``HANDOUTS_SPEEDUPS=0 make test``)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from handouts import libs
from handouts.libs import reportlab_writer
from handouts.render.pptx.template import deflate

from conftest import render_pdf
from tools import fresh_python

PROBE = Path(__file__).with_name("speedprobe.py")
ROOT = Path(__file__).resolve().parents[1]


def needs(name: str) -> None:
    """Skip unless speed-up ``name`` is on in this process."""
    import handouts.render.pdf  # noqa: F401 - installs the speed-ups

    if not libs.enabled(name):
        pytest.skip(f"speed-up {name} is off here: {libs.why_off(name)}")


def probe_all(settings: dict[str, str], tested: dict | None = None) -> dict[str, dict]:
    """What ``tests/speedprobe.py`` prints under each HANDOUTS_SPEEDUPS
    setting (run side by side)."""
    procs = {}
    for label, setting in settings.items():
        env = {**os.environ, "HANDOUTS_SPEEDUPS": setting}
        procs[label] = subprocess.Popen(
            [sys.executable, str(PROBE), json.dumps(tested or {})], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = {}
    for label, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
        out[label] = json.loads(stdout)
    return out


# -- each speed-up: its switch, and the same bytes without it -----------------
def test_each_speedup_has_a_switch_and_the_same_bytes_without_it():
    settings = {"all": "1", "none": "0"}
    settings.update({f"without {name}": f"-{name}" for name in libs.SPEEDUPS})
    settings.update({f"only {name}": name for name in ("replay", "wrap-memo")})
    runs = probe_all(settings)
    every = sorted(libs.SPEEDUPS)
    assert sorted(runs["all"]["on"]) == every, "the tested set must run every speed-up"
    assert runs["none"]["on"] == [] and not runs["none"]["reportlab_writer_replaced"]
    assert runs["all"]["reportlab_writer_replaced"]
    assert len(runs["all"]["hashes"]) == 12  # 2 languages x (4 files + 2 of a second site)
    for label, run in runs.items():
        if label.startswith("without "):
            assert sorted(run["on"]) == sorted(set(every) - {label[8:]}), label
        elif label.startswith("only "):
            assert run["on"] == [label[5:]], label
        assert run["hashes"] == runs["all"]["hashes"], f"{label}: different bytes"


def test_outside_the_tested_versions_no_speedup_is_installed():
    """A ReportLab release the project has not tested (pretended here by
    moving the tested range) gets the libraries' own code: nothing is
    replaced, and the bytes are the same."""
    runs = probe_all({"all": "1"}, tested={"reportlab": ["0.1.0", "0.2.0"]})
    run = runs["all"]
    assert run["on"] == [] and not run["reportlab_writer_replaced"]
    reference = probe_all({"all": "1"})["all"]
    assert run["hashes"] == reference["hashes"]


def test_a_full_build_in_both_languages_is_the_same_with_speedups_off(tmp_path):
    outs = {}
    procs = {}
    for setting in ("1", "0"):
        out = tmp_path / f"speedups-{setting}"
        env = {**os.environ, "HANDOUTS_SPEEDUPS": setting}
        procs[setting] = subprocess.Popen(
            [sys.executable, "-m", "handouts", "build", "--lang", "en,es", "--jobs", "1", "-q",
             "--out-dir", str(out)], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        outs[setting] = out
    for proc in procs.values():
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
    files = {s: {p.relative_to(o): p.read_bytes() for p in sorted(o.rglob("*"))
                 if p.is_file() and p.suffix in (".pdf", ".pptx")} for s, o in outs.items()}
    assert len(files["1"]) == 68
    assert files["1"].keys() == files["0"].keys()
    different = [str(p) for p in files["1"] if files["1"][p] != files["0"][p]]
    assert different == []


# -- the switch and the versions, read as documented --------------------------
def test_the_setting_is_read_as_documented():
    every = frozenset(libs.SPEEDUPS)
    assert libs.requested("") == libs.requested("1") == libs.requested("all") == every
    assert libs.requested("0") == libs.requested("none") == frozenset()
    assert libs.requested("writer, compress") == {"writer", "compress"}
    assert libs.requested("-replay,-wrap-memo") == every - {"replay", "wrap-memo"}
    with pytest.raises(libs.SpeedupsSettingError, match="'replai'.*known: writer"):
        libs.requested("-replai")


def test_versions_compare_as_numbers():
    from handouts.libs.versions import Version, installed_version

    assert Version.parse("4.10.0") > Version.parse("4.9.1")
    assert Version.parse("5.1") == Version.parse("5.1.0")
    assert Version.parse("5.1.0rc1") <= Version.parse("5.1.0")
    assert installed_version("no-such-distribution-here") is None
    from reportlab import Version as reportlab_version

    assert str(installed_version("reportlab")) == reportlab_version


def test_an_untested_version_is_named(monkeypatch):
    monkeypatch.setitem(libs.TESTED, "reportlab", ("0.1.0", "0.2.0"))
    from handouts.libs.versions import installed_version

    found = installed_version("reportlab")
    assert libs.untested("reportlab") == f"reportlab {found} is newer than tested (0.1.0 to 0.2.0)"
    monkeypatch.setitem(libs.TESTED, "reportlab", ("99.0.0", "99.1.0"))
    assert "older than tested" in libs.untested("reportlab")


def test_version_and_check_say_which_speedups_are_on():
    on = subprocess.run([sys.executable, "-m", "handouts", "--version"], capture_output=True,
                        text=True, env={**os.environ, "HANDOUTS_SPEEDUPS": "1"}, check=True)
    assert "speed-ups: all 8 on" in on.stdout
    off = subprocess.run([sys.executable, "-m", "handouts", "check", "-v"], capture_output=True,
                         text=True, env={**os.environ, "HANDOUTS_SPEEDUPS": "-replay"})
    assert "speed-ups: 7 of 8 on; off: replay (turned off by HANDOUTS_SPEEDUPS)" in off.stdout
    bad = subprocess.run([sys.executable, "-m", "handouts", "list"], capture_output=True,
                         text=True, env={**os.environ, "HANDOUTS_SPEEDUPS": "fast"})
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "HANDOUTS_SPEEDUPS=fast: no speed-up named 'fast'" in bad.stderr


def test_a_reportlab_without_what_the_adapters_use_is_refused_by_name(monkeypatch):
    """The adapters are always on: a ReportLab that lacks a name they use
    is refused at once, naming it and the tested versions."""
    from reportlab.pdfgen.canvas import Canvas

    from handouts.errors import RenderError
    from handouts.libs import reportlab_canvas

    libs.require()  # the installed one has everything
    monkeypatch.setattr(reportlab_canvas, "USED",
                        (*reportlab_canvas.USED, (Canvas, "_goneInTheNextRelease")))
    oldest = re.escape(libs.TESTED["reportlab"][0])
    with pytest.raises(RenderError, match=r"lacks Canvas\._goneInTheNextRelease, which handouts "
                                          rf"needs; install a tested version \(reportlab {oldest}"):
        libs.require()


# -- compress -----------------------------------------------------------------
def test_cached_compression_gives_zlib_bytes():
    cache = reportlab_writer.CompressCache(max_bytes=1 << 20)
    data = b"ketamine " * 500
    first = cache.compress(data)
    again = cache.compress(bytes(data))  # equal, not the same object
    assert first == again == zlib.compress(data)
    assert (cache.hits, cache.misses) == (1, 1)
    assert cache.compress(data, 9) == zlib.compress(data, 9)  # the level is part of the key
    assert cache.misses == 2


def test_small_and_mutable_inputs_are_not_kept():
    cache = reportlab_writer.CompressCache(max_bytes=1 << 20, min_bytes=100)
    assert cache.compress(b"x" * 99) == zlib.compress(b"x" * 99)
    assert cache.compress(bytearray(b"y" * 500)) == zlib.compress(b"y" * 500)
    assert cache.held == 0 and cache.hits == cache.misses == 0


def test_cache_stays_within_its_bound():
    cache = reportlab_writer.CompressCache(max_bytes=20_000, min_bytes=10)
    blocks = [bytes([i]) * 4000 for i in range(20)]
    for block in blocks:
        assert cache.compress(block) == zlib.compress(block)
        assert cache.held <= 20_000
    # The oldest went first; the newest is still a hit.
    cache.compress(blocks[-1])
    assert cache.hits == 1
    cache.compress(blocks[0])
    assert cache.misses == 21
    # Bigger than the whole bound: compressed, never kept.
    big = b"z" * 30_000
    assert cache.compress(big) == zlib.compress(big)
    assert cache.held <= 20_000


def test_reportlab_compresses_through_the_cache(content, brand, monkeypatch):
    needs("compress")
    from reportlab.pdfbase import pdfdoc

    assert pdfdoc.zlib is reportlab_writer.CACHE
    render_pdf(content, brand)
    before = reportlab_writer.CACHE.hits
    cached = render_pdf(content, brand).data
    # The logo, its mask and the font subsets, at least, come from the cache.
    assert reportlab_writer.CACHE.hits - before >= 4
    monkeypatch.setattr(pdfdoc, "zlib", zlib)
    assert render_pdf(content, brand).data == cached


def test_deck_parts_are_compressed_once():
    data = b"<p:sld/>" * 200
    part = deflate("ppt/slides/slide1.xml", data)
    assert deflate("ppt/slides/slide1.xml", bytes(data)) is part
    assert zlib.decompress(part.data, -15) == data and part.crc == zlib.crc32(data)


# -- writer -------------------------------------------------------------------
def test_fast_writer_gives_reportlabs_bytes(monkeypatch):
    """Every handout kind (a condition in both layouts, the booklet, with the
    clinic's box) is written byte for byte as ReportLab's own code writes it."""
    needs("writer")
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import WHOLE, Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import render_handout

    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)

    def render_all() -> list[bytes]:
        return [render_handout(inputs.content, inputs.brand, load_page_layout(layout), target,
                               "letter", inputs.review, inputs.clinic).data
                for layout, target in (("standard", Target("crps")),
                                       ("large-print", Target("migraine")),
                                       ("standard", WHOLE))]

    assert len(reportlab_writer.ORIGINAL) == 5
    for owner, attr, slow in reportlab_writer.ORIGINAL.values():
        assert getattr(owner, attr) is not slow
    fast = render_all()
    for owner, attr, slow in reportlab_writer.ORIGINAL.values():
        monkeypatch.setattr(owner, attr, slow)
    assert render_all() == fast


# -- subsets ------------------------------------------------------------------
def test_font_subsets_and_their_maps_are_made_once(content, brand):
    """Each font subset and its ToUnicode map is made once per process, and
    the map says what ReportLab's own code says."""
    needs("subsets")
    from reportlab.pdfbase import ttfonts

    from handouts.libs import reportlab_fonts

    render_pdf(content, brand)
    before = reportlab_fonts._subset.cache_info()
    render_pdf(content, brand)
    after = reportlab_fonts._subset.cache_info()
    assert after.hits > before.hits and after.misses == before.misses
    made = ttfonts.makeToUnicodeCMap("AAAAAA+F", [0, 65, 8217])
    assert made == reportlab_fonts.ORIGINAL_CMAP("AAAAAA+F", [0, 65, 8217])
    assert ttfonts.makeToUnicodeCMap("AAAAAA+F", [0, 65, 8217]) is made  # remembered


# -- replay -------------------------------------------------------------------
def test_a_second_copy_draws_every_paragraph_from_memory(content, brand, monkeypatch):
    """The second time a handout is made, no paragraph is drawn afresh: not
    the first in a font (the tagline names the font), not one whose letters
    the document meets first (they get their codes as the drawing gave
    them), not a link's. And the bytes are those of a fresh drawing."""
    needs("replay")
    from handouts.libs import reportlab_paragraph as rp

    render_pdf(content, brand)  # remembered from here on
    live = []
    draw = rp.Paragraph._draw
    monkeypatch.setattr(rp.Paragraph, "_draw", lambda self: live.append(self) or draw(self))
    remembered = render_pdf(content, brand).data
    assert live == []
    monkeypatch.setattr(rp, "REPLAY", False)
    assert render_pdf(content, brand).data == remembered
    assert live  # without memory, every paragraph is drawn


# -- wrap-memo ----------------------------------------------------------------
def test_a_remembered_paragraph_is_broken_into_lines_once_per_width(monkeypatch):
    """A paragraph made by ``remembering`` and its copies break their text
    into lines once per width, and split once per room; a copy laid out
    from memory has the lines, height and pieces of one laid out afresh."""
    needs("wrap-memo")
    import copy

    from reportlab.lib.styles import ParagraphStyle

    from handouts.libs import reportlab_paragraph as rp

    style = ParagraphStyle("t", fontName="Helvetica", fontSize=12, leading=15)
    text = "Ketamine may ease nerve pain for some people. " * 12
    proto = rp.remembering(rp.Paragraph(text, style))
    breaks = []
    original = rp.Paragraph.breakLines
    monkeypatch.setattr(rp.Paragraph, "breakLines",
                        lambda self, *a, **k: breaks.append(1) or original(self, *a, **k))
    first, second = copy.copy(proto), copy.copy(proto)
    assert first.wrap(300, 800) == second.wrap(300, 800)
    assert len(breaks) == 1
    assert second.blPara is first.blPara
    fresh = rp.Paragraph(text, style)  # no memory: laid out afresh
    assert fresh.wrap(300, 800) == first.wrap(300, 800)
    assert [w for _, w in fresh.blPara.lines] == [w for _, w in first.blPara.lines]
    pieces = [p.wrap(300, 800) for p in first.split(300, 100)]
    assert [p.wrap(300, 800) for p in second.split(300, 100)] == pieces
    assert [p.wrap(300, 800) for p in fresh.split(300, 100)] == pieces
    assert len(pieces) == 2


def test_without_the_memory_a_paragraph_is_broken_every_time(monkeypatch):
    import copy

    from reportlab.lib.styles import ParagraphStyle

    from handouts.libs import reportlab_paragraph as rp

    monkeypatch.setattr(rp, "WRAP_MEMO", False)
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=12, leading=15)
    proto = rp.remembering(rp.Paragraph("Ketamine may ease nerve pain. " * 10, style))
    breaks = []
    original = rp.Paragraph.breakLines
    monkeypatch.setattr(rp.Paragraph, "breakLines",
                        lambda self, *a, **k: breaks.append(1) or original(self, *a, **k))
    copy.copy(proto).wrap(300, 800)
    copy.copy(proto).wrap(300, 800)
    assert len(breaks) == 2


# -- logo ---------------------------------------------------------------------
def _rgb_png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 40, 90)).save(buf, format="PNG")
    return buf.getvalue()


def test_prepared_logo_writes_what_drawimage_writes(brand):
    """The logo, made ready once per process, is written byte for byte as
    ReportLab's drawImage writes it: with and without transparency, on two
    pages (the image object is shared), stretched into a box of another
    shape."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from handouts.libs.reportlab_canvas import DrawnImage, Picture
    from handouts.render.images import logo

    for data in (logo(brand.logo).data, _rgb_png()):
        def pdf(image) -> bytes:
            buf = io.BytesIO()
            canv = Canvas(buf, invariant=1)
            for y in (600, 300):
                image.draw(canv, 72, y, 50, 40)
                canv.showPage()
            canv.save()
            return buf.getvalue()

        ours = pdf(Picture(data))
        assert b"/Subtype /Image" in ours
        assert ours == pdf(DrawnImage(data))


# -- leaf-modules and lazy-patterns -------------------------------------------
def test_the_pdf_renderer_defers_platypus_rarely_used_patterns():
    """Importing the PDF renderer leaves ReportLab's URL pattern (25 ms to
    compile) uncompiled and restores re.compile; on first use the pattern
    matches as the compiled one does, and takes its place. Off, the pattern
    is ReportLab's own."""
    code = ("import re, sys; original = re.compile; import handouts.render.pdf;"
            "from reportlab.platypus import paragraph as P;"
            "url = 'https://example.org/a/b?c=1'; deferred = P.uri_pat;"
            "print(type(deferred).__name__, deferred._compiled is None, re.compile is original,"
            " deferred.match(url).groups() == re.compile(*deferred._args).match(url).groups(),"
            " deferred.match('not a url') is None, type(P.uri_pat).__name__)")
    assert fresh_python(code, speedups="1").split() == [
        "DeferredPattern", "True", "True", "True", "True", "Pattern"]
    plain = ("import handouts.render.pdf; from reportlab.platypus import paragraph as P;"
             "print(type(P.uri_pat).__name__)")
    assert fresh_python(plain, speedups="-lazy-patterns").split() == ["Pattern"]


def test_re_compile_is_restored_when_the_import_fails():
    import re

    from handouts.libs import imports

    original = re.compile
    with pytest.raises(ImportError):
        imports.import_deferring_patterns("no_such_module_here", ("no_such_module_here",))
    assert re.compile is original


def test_a_qr_code_and_the_deck_packager_import_their_libraries_leaves_alone():
    """A QR code is made by ReportLab's encoder alone (its barcode package
    imports every widget and Platypus), and the deck packager's part-name
    and content-type helpers come without the rest of python-pptx: each
    loaded from the library's own file. Off, they are imported by name."""
    code = ("import sys; from handouts.render.qr import qr_png, _ENCODER;"
            "from handouts.libs.imports import leaf_module;"
            "import handouts.render.pptx.package as pkg;"
            "qr_png('https://example.org/a');"
            "print(leaf_module(_ENCODER).__name__, pkg.RT.SLIDE, pkg.relative('/ppt/a/b.xml', '/ppt/c'),"
            " sorted(m for m in sys.modules if m.startswith(("
            "'reportlab.graphics', 'reportlab.platypus', 'pptx'))));"
            "import reportlab.graphics.barcode.qrencoder as q, pptx.opc.constants as c;"
            "print(leaf_module(_ENCODER).__file__ == q.__file__,"
            " leaf_module('pptx.opc.constants').__file__ == c.__file__,"
            " leaf_module('pptx.opc.constants') is not c)")
    first, second = fresh_python(code, speedups="1").splitlines()
    assert first.split(" ") == [
        "_leaf.reportlab.graphics.barcode.qrencoder",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide",
        "../a/b.xml", "[]"]
    assert second == "True True True"
    plain = ("from handouts.render.qr import qr_png, _ENCODER;"
             "from handouts.libs.imports import leaf_module;"
             "qr_png('https://example.org/a'); print(leaf_module(_ENCODER).__name__)")
    assert fresh_python(plain, speedups="-leaf-modules").strip() == _ENCODER_NAME


_ENCODER_NAME = "reportlab.graphics.barcode.qrencoder"


# -- not a speed-up of the seam: later pages drawn as a form ------------------
def test_a_later_page_is_the_same_in_every_sites_copy(content):
    """Later pages name the clinic in a form drawn once per file, so a page
    without the site's details is the same in every site's copy (and its
    compression is shared); the first page, with them, is not."""
    import io
    from pathlib import Path

    from pypdf import PdfReader

    from handouts.inputs.brand import load_brand
    from handouts.inputs.sites import load_sites
    from handouts.paths import DEFAULT_BRAND, DEFAULT_SITES

    sites = load_sites(Path(DEFAULT_SITES), load_brand(DEFAULT_BRAND))
    pages = [PdfReader(io.BytesIO(render_pdf(content, site.brand, cond=content.condition("crps")).data)).pages
             for site in sites[:2]]
    assert pages[0][0].get_contents().get_data() != pages[1][0].get_contents().get_data()
    assert pages[0][1].get_contents().get_data() == pages[1][1].get_contents().get_data()
    names = [site.brand.clinic.name for site in sites[:2]]
    assert [names[i] in p[1].extract_text() for i, p in enumerate(pages)] == [True, True]
