"""The web pages of a real build, as the build writes them (the fonts in
SITE/web/fonts beside them): every page passes axe-core in Chromium, prints
on Letter paper with nothing cut off, and the staff page links every one."""
from __future__ import annotations

import base64
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from tools import require

from browser import axe_violations, chromium


@pytest.fixture
def built(default_build) -> Path:
    """The bundled demo, built in both languages (conftest's, shared)."""
    return default_build


def web_pages(out: Path) -> list[dict]:
    return [f for f in json.loads((out / "manifest.json").read_text())["files"]
            if f["kind"] == "web"]


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def open_page(driver, path: Path) -> None:
    driver.get(path.as_uri())
    for _ in range(50):
        if driver.execute_script("return document.fonts.status") == "loaded":
            return
        import time

        time.sleep(0.1)


def test_a_web_page_for_every_handout_in_both_languages(built):
    pages = web_pages(built)
    handouts = [f for f in json.loads((built / "manifest.json").read_text())["files"]
                if f["kind"] in ("handout", "booklet") and f["layout"] == "standard"]
    assert len(pages) == len(handouts) == 2 * 9
    assert {(p["condition"], p["language"]) for p in pages} == \
        {(h["condition"], h["language"]) for h in handouts}
    staff = (built / "index.html").read_text() + (built / "index-es.html").read_text()
    for p in pages:
        assert f'href="{p["path"]}"' in staff, p["path"]


def test_every_web_page_passes_axe_and_loads_its_fonts(built, browser):
    failures = {}
    for p in web_pages(built):
        open_page(browser, built / p["path"])
        found = axe_violations(browser)
        loaded = browser.execute_script(
            "return [...document.fonts].every(f => f.status == 'loaded')")
        if found or not loaded:
            failures[p["path"]] = found or ["a font did not load"]
    assert failures == {}


def _words(text: str) -> list[str]:
    # pdftotext joins a word broken at its own hyphen without it ("anti-inflammatory").
    return re.findall(r"\w+", re.sub(r"(?<=\w)-(?=\w)", "", text.lower()))


def test_every_web_page_prints_on_letter_with_nothing_cut_off(built, browser, tmp_path):
    from selenium.webdriver.common.print_page_options import PrintOptions

    for p in web_pages(built):
        open_page(browser, built / p["path"])
        shown = browser.execute_script("return document.body.innerText")
        options = PrintOptions()
        options.page_width, options.page_height = 21.59, 27.94
        options.background = False
        pdf = tmp_path / "printed.pdf"
        pdf.write_bytes(base64.b64decode(browser.print_page(options)))
        text = subprocess.run([require("pdftotext"), str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        missing = Counter(_words(shown)) - Counter(_words(text))
        assert missing == Counter(), (p["path"], missing)
        info = subprocess.run([require("pdfinfo"), str(pdf)], check=True,
                              capture_output=True, text=True).stdout
        assert re.search(r"Page size:\s+612 x 792 pts \(letter\)", info), info
        # Nothing wider than the page: every word's box inside the paper.
        boxes = subprocess.run([require("pdftotext"), "-bbox", str(pdf), "-"], check=True,
                               capture_output=True, text=True).stdout
        right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
        assert right <= 612 - 18, (p["path"], right)
