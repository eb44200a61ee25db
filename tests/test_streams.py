"""Compression shared across handouts: same bytes, bounded memory, and used."""
from __future__ import annotations

import zlib

from reportlab.pdfbase import pdfdoc

from handouts.render.pdf import streams
from handouts.render.pptx.template import deflate

from conftest import render_pdf


def test_cached_compression_gives_zlib_bytes():
    cache = streams.CompressCache(max_bytes=1 << 20)
    data = b"ketamine " * 500
    first = cache.compress(data)
    again = cache.compress(bytes(data))  # equal, not the same object
    assert first == again == zlib.compress(data)
    assert (cache.hits, cache.misses) == (1, 1)
    assert cache.compress(data, 9) == zlib.compress(data, 9)  # the level is part of the key
    assert cache.misses == 2


def test_small_and_mutable_inputs_are_not_kept():
    cache = streams.CompressCache(max_bytes=1 << 20, min_bytes=100)
    assert cache.compress(b"x" * 99) == zlib.compress(b"x" * 99)
    assert cache.compress(bytearray(b"y" * 500)) == zlib.compress(b"y" * 500)
    assert cache.held == 0 and cache.hits == cache.misses == 0


def test_cache_stays_within_its_bound():
    cache = streams.CompressCache(max_bytes=20_000, min_bytes=10)
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


def test_reportlab_compresses_through_the_cache(content, brand):
    assert pdfdoc.zlib is streams.CACHE
    render_pdf(content, brand)
    before = streams.CACHE.hits
    render_pdf(content, brand)
    # The logo, its mask and the font subsets, at least, come from the cache.
    assert streams.CACHE.hits - before >= 4


def test_handout_bytes_do_not_depend_on_the_cache(content, brand, monkeypatch):
    cached = render_pdf(content, brand).data
    monkeypatch.setattr(pdfdoc, "zlib", zlib)
    assert render_pdf(content, brand).data == cached


def test_deck_parts_are_compressed_once():
    data = b"<p:sld/>" * 200
    part = deflate("ppt/slides/slide1.xml", data)
    assert deflate("ppt/slides/slide1.xml", bytes(data)) is part
    assert zlib.decompress(part.data, -15) == data and part.crc == zlib.crc32(data)


def test_font_subsets_are_made_once(content, brand):
    from handouts.render import fonts

    render_pdf(content, brand)
    before = fonts._subset.cache_info()
    render_pdf(content, brand)
    after = fonts._subset.cache_info()
    assert after.hits > before.hits and after.misses == before.misses


def test_fast_writer_and_ascii_text_give_reportlab_bytes(monkeypatch):
    """Every handout kind (a condition in both layouts, the booklet, with the
    clinic's box) is written byte for byte as ReportLab's own code writes it."""
    from reportlab.pdfbase.ttfonts import TTFont

    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.target import WHOLE, Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render import fonts
    from handouts.render.pdf import render_handout, serial

    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)

    def render_all() -> list[bytes]:
        return [render_handout(inputs.content, inputs.brand, load_page_layout(layout), target,
                               "letter", inputs.review, inputs.clinic).data
                for layout, target in (("standard", Target("crps")),
                                       ("large-print", Target("migraine")),
                                       ("standard", WHOLE))]

    assert len(serial.ORIGINAL) == 5
    for owner, attr, slow in serial.ORIGINAL.values():
        assert getattr(owner, attr) is not slow
    fast = render_all()
    for owner, attr, slow in serial.ORIGINAL.values():
        monkeypatch.setattr(owner, attr, slow)
    monkeypatch.setattr(fonts._Font, "splitString", TTFont.splitString)
    assert render_all() == fast


def test_remembered_paragraph_drawing_gives_the_same_bytes(monkeypatch):
    """Paragraphs drawn from memory (the same text in every site's handouts)
    give byte for byte the handouts drawn afresh: three sites, both layouts,
    the booklet, English and Spanish (soft hyphens, accented letters)."""
    from pathlib import Path

    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.brand import load_brand
    from handouts.inputs.editions import content_for
    from handouts.inputs.layouts import load_page_layout
    from handouts.inputs.sites import load_sites
    from handouts.inputs.target import WHOLE, Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT, DEFAULT_SITES
    from handouts.render.pdf import render_handout, styles

    sites = load_sites(Path(DEFAULT_SITES), load_brand(DEFAULT_BRAND))

    def render_all() -> list[bytes]:
        out = []
        for lang in ("en", "es"):
            inputs = load_inputs(content_for(DEFAULT_CONTENT, lang), DEFAULT_BRAND)
            for site in sites:
                brand = site.brand.in_language(inputs.content.meta.language)
                for layout, target in (("standard", Target("crps")),
                                       ("large-print", Target("pelvic-pain")),
                                       ("standard", WHOLE)):
                    out.append(render_handout(inputs.content, brand, load_page_layout(layout),
                                              target, "letter", inputs.review,
                                              inputs.clinic).data)
        return out

    monkeypatch.setattr(styles, "_DRAWN", styles.Memo(styles.MAX_DRAWN))
    remembered = render_all()
    assert len(styles._DRAWN) > 100  # the memory was used
    monkeypatch.setattr(styles, "DRAW_CACHE", False)
    assert render_all() == remembered


def _rgb_png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 40, 90)).save(buf, format="PNG")
    return buf.getvalue()


def test_prepared_logo_writes_what_drawimage_writes(brand, tmp_path):
    """The logo, made ready once per process, is written byte for byte as
    ReportLab's drawImage writes it: with and without transparency, on two
    pages (the image object is shared), stretched into a box of another
    shape."""
    import io

    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from handouts.render.images import logo
    from handouts.render.pdf import decor

    rgb = tmp_path / "rgb.png"
    rgb.write_bytes(_rgb_png())
    for path in (brand.logo, rgb):
        def pdf(draw) -> bytes:
            buf = io.BytesIO()
            canv = Canvas(buf, invariant=1)
            for y in (600, 300):
                draw(canv, y)
                canv.showPage()
            canv.save()
            return buf.getvalue()

        picture = decor._logo(path)
        ours = pdf(lambda canv, y: picture.draw(canv, 72, y, 50, 40))
        theirs = pdf(lambda canv, y: canv.drawImage(
            ImageReader(io.BytesIO(logo(path).data)), 72, y, 50, 40,
            preserveAspectRatio=True, anchor="sw", mask="auto"))
        assert b"/Subtype /Image" in ours
        assert ours == theirs


def test_font_maps_are_written_once(content, brand):
    """The ToUnicode map of each font subset, like the subset, is written
    once per process, and says what ReportLab's own code says."""
    from reportlab.pdfbase import ttfonts

    from handouts.render import fonts

    render_pdf(content, brand)
    before = fonts._cmap.cache_info()
    render_pdf(content, brand)
    after = fonts._cmap.cache_info()
    assert after.hits > before.hits and after.misses == before.misses
    assert ttfonts.makeToUnicodeCMap("AAAAAA+F", [0, 65, 8217]) == fonts._make_cmap(
        "AAAAAA+F", [0, 65, 8217])


def test_a_second_copy_draws_every_paragraph_from_memory(content, brand, monkeypatch):
    """The second time a handout is made, no paragraph is drawn afresh: not
    the first in a font (the tagline names the font), not one whose letters
    the document meets first (they get their codes as the drawing gave
    them), not a link's. And the bytes are those of a fresh drawing."""
    from handouts.render.pdf import styles

    render_pdf(content, brand)  # remembered from here on
    live = []
    draw = styles._Replayed._draw
    monkeypatch.setattr(styles._Replayed, "_draw",
                        lambda self: live.append(self) or draw(self))
    remembered = render_pdf(content, brand).data
    assert live == []
    monkeypatch.setattr(styles, "DRAW_CACHE", False)
    assert render_pdf(content, brand).data == remembered
    assert live  # without memory, every paragraph is drawn


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
