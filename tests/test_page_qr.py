"""With `web_base_url` in the brand, each handout's QR code and printed
link open its own web page; without it, the brand's `qr_url`."""
from __future__ import annotations

import subprocess

from conftest import invoke
from pdfread import text_of
from test_readers import zbar
from tools import require

BASE = "https://riverside-pain.example/handouts"


def scanned(pdf, tmp_path) -> list[str]:
    pdftoppm = require("pdftoppm")
    tmp_path.mkdir(exist_ok=True)
    subprocess.run([pdftoppm, "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    return [code for png in sorted(tmp_path.glob("page*.png")) for code in zbar(png)]


def test_each_handout_links_to_its_own_page(runner, brand_dir, tmp_path):
    brand_dir.write_text(brand_dir.read_text().replace(
        "qr_url: https://riverside-pain.example/ketamine",
        f"qr_url: https://riverside-pain.example/ketamine\nweb_base_url: {BASE}/"))
    out = tmp_path / "out"
    result = invoke(runner, "build", "--brand", brand_dir, "--out-dir", out, "-q")
    assert result.exit_code == 0, result.output
    site = "riverside-pain-wellness-clinic"
    for name, page in (("crps-handout-es.pdf", "crps-es.html"),
                       ("migraine-handout-large-print.pdf", "migraine.html"),
                       ("overview-handout.pdf", "overview.html")):
        url = f"{BASE}/{site}/web/{page}"
        pdf = out / site / "handouts" / name
        assert scanned(pdf, tmp_path / name) == [url], name
        # Printed too (a long address wraps: compare without the breaks).
        assert url in "".join(text_of(pdf.read_bytes()).split()), name
    # The single command points at the same page as the build.
    single = tmp_path / "single.pdf"
    assert invoke(runner, "handout", "crps", "--lang", "es", "--brand", brand_dir,
                  "-o", single).exit_code == 0
    assert scanned(single, tmp_path / "single") == [f"{BASE}/{site}/web/crps-es.html"]


def test_without_a_base_the_qr_opens_the_brand_url(runner, tmp_path, brand):
    pdf = tmp_path / "crps.pdf"
    assert invoke(runner, "handout", "crps", "-o", pdf).exit_code == 0
    assert scanned(pdf, tmp_path) == [brand.qr_url]
    assert "this handout online" not in text_of(pdf.read_bytes()).lower()
