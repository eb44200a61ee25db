"""The staff page (index.html of a build), in a real browser, opened
straight from the folder (file://): find by any name in either language,
accents optional; narrow by language and print size; every control by
keyboard; no accessibility violations; no sideways scrolling at 320 px."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import axe_violations, chromium, inner_width, scroll_width


@pytest.fixture
def built(default_build) -> Path:
    """The bundled demo, built in both languages (conftest's, shared)."""
    return default_build


def manifest(out: Path) -> list[dict]:
    return json.loads((out / "manifest.json").read_text())["files"]


def visible(driver) -> list:
    return driver.find_elements("css selector", "li.entry:not([hidden])")


def type_into_search(driver, text: str) -> None:
    box = driver.find_element("id", "q")
    box.clear()
    box.send_keys(text)


def test_the_build_writes_a_staff_page_per_language(built):
    pages = {p["path"]: p for p in json.loads((built / "manifest.json").read_text())["pages"]}
    assert pages["index.html"]["language"] == "en-US"
    assert pages["index-es.html"]["language"] == "es-US"
    for path, page in pages.items():
        assert page["bytes"] == (built / path).stat().st_size
    page = (built / "index.html").read_text()
    assert '<html lang="en-US">' in page and 'href="index-es.html"' in page
    assert "Esta página en español" in page
    es = (built / "index-es.html").read_text()
    assert "Folletos para pacientes" in es and "Buscar un folleto" in es


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.entries, self.form_hidden = [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs["href"])
        if tag == "li" and attrs.get("class") == "entry":
            self.entries += 1
            assert "hidden" not in attrs
        if tag == "form":
            self.form_hidden = "hidden" in attrs


def test_without_javascript_it_lists_every_handout_and_every_link_works(built):
    parser = _Links()
    parser.feed((built / "index.html").read_text())
    pdfs = [f for f in manifest(built) if f["kind"] in ("handout", "summary", "booklet")]
    assert parser.entries == len(pdfs) == 2 * (8 * 3 + 1)  # handout, large print, summary
    assert parser.form_hidden  # the search needs JavaScript: shown by the script
    listed = {f["path"] for f in manifest(built)}
    for href in parser.hrefs:
        if href.startswith("index"):
            continue
        assert href in listed, href
        assert (built / href).is_file()


@pytest.mark.parametrize("typed,condition", [
    ("ciatica", "low-back-pain"), ("ciática", "low-back-pain"), ("sciatica", "low-back-pain"),
    ("migraña", "migraine"), ("migrana", "migraine"), ("CRPS", "crps"),
    ("dolor regional complejo", "crps"), ("phantom", "post-surgical-pain"),
])
def test_typing_a_name_finds_the_handout(built, typed, condition):
    with chromium() as driver:
        driver.get((built / "index.html").as_uri())
        type_into_search(driver, typed)
        shown = visible(driver)
        assert len(shown) == 6, typed  # two languages; standard, large print, summary
        for li in shown:
            assert li.get_attribute("data-condition") == condition
        status = driver.find_element("id", "count").text
        assert status == f"Showing 6 of {2 * 25}"
        link = shown[0].find_element("css selector", ".links a")
        assert link.get_attribute("href").endswith(".pdf")
        link.click()
        assert driver.current_url.endswith(".pdf")


def test_no_match_says_so(built):
    with chromium() as driver:
        driver.get((built / "index-es.html").as_uri())
        type_into_search(driver, "zzzz")
        assert visible(driver) == []
        assert driver.find_element("id", "none").is_displayed()
        assert "Ningún folleto coincide" in driver.find_element("id", "none").text


def test_narrow_by_language_and_print_size(built):
    with chromium() as driver:
        driver.get((built / "index.html").as_uri())
        driver.find_element("css selector", "input[name=lang][value=es]").click()
        driver.find_element("css selector", "input[name=layout][value=large-print]").click()
        shown = visible(driver)
        assert len(shown) == 8  # the eight conditions; the booklet is standard print
        for li in shown:
            assert li.get_attribute("data-lang") == "es"
            assert li.get_attribute("data-layout") == "large-print"
            assert li.find_element("css selector", ".title").get_attribute("lang") == "es-US"
        type_into_search(driver, "fibro")
        assert len(visible(driver)) == 1


def test_every_control_is_reached_with_the_keyboard(built):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    with chromium() as driver:
        driver.get((built / "index.html").as_uri())
        # Narrow first (by keyboard: type, then Tab on), so the walk is short.
        ActionChains(driver).send_keys(Keys.TAB).perform()  # the language switch
        assert driver.switch_to.active_element.text == "Esta página en español"
        ActionChains(driver).send_keys(Keys.TAB).perform()  # the search box
        assert driver.switch_to.active_element.get_attribute("id") == "q"
        ActionChains(driver).send_keys("fibromialgia").perform()
        wanted = driver.execute_script("""
            return Array.from(document.querySelectorAll('a, input')).filter(function (e) {
              return e.offsetParent !== null && !(e.type === 'radio' && !e.checked); });""")
        reached = []
        for _ in range(len(wanted) + 5):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            reached.append(driver.switch_to.active_element)
        ids = {e.id for e in reached}
        missing = [e.get_attribute("outerHTML")[:80] for e in wanted
                   if e.id not in ids and e.get_attribute("id") not in ("q",)
                   and "switch" not in (e.find_element("xpath", "..").get_attribute("class") or "")]
        assert missing == []
        # Each radio group is one stop; arrow keys choose within it.
        group = driver.find_element("css selector", "input[name=layout][value='']")
        group.send_keys(Keys.ARROW_RIGHT)
        assert driver.switch_to.active_element.get_attribute("value") == "standard"
        assert all(li.get_attribute("data-layout") == "standard" for li in visible(driver))


@pytest.mark.parametrize("page", ["index.html", "index-es.html"])
def test_no_accessibility_violations(built, page):
    with chromium() as driver:
        driver.get((built / page).as_uri())
        assert axe_violations(driver) == []
        type_into_search(driver, "dolor")
        assert axe_violations(driver) == []


@pytest.mark.parametrize("width", [320, 640, 1280])
def test_reflows_without_sideways_scrolling(built, width):
    """320 CSS px is a 1280 px window at 400 % zoom (WCAG's reflow case);
    640 is the same window at 200 %."""
    with chromium(width=width) as driver:
        for page in ("index.html", "index-es.html"):
            driver.get((built / page).as_uri())
            assert scroll_width(driver) <= inner_width(driver), page
