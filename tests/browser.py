"""A real browser for the tests: Debian's Chromium, driven by Selenium
through Debian's chromedriver (nothing downloaded), and axe-core (shipped
inside axe-selenium-python) for accessibility checks."""
from __future__ import annotations

import contextlib
import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-extensions", "--disable-quic")


def _need() -> None:
    missing = [p for p in (CHROMIUM, DRIVER) if not shutil.which(p)]
    try:
        import axe_selenium_python  # noqa: F401
        import selenium  # noqa: F401
    except ImportError as exc:
        missing.append(str(exc))
    if missing:
        if os.environ.get("HANDOUTS_REQUIRE_TOOLS"):
            pytest.fail(f"required for browser tests (HANDOUTS_REQUIRE_TOOLS is set): {missing}")
        pytest.skip(f"no browser: {missing}")


@contextlib.contextmanager
def chromium(width: int = 1000, height: int = 900, javascript: bool = True):
    """A headless Chromium window of ``width`` x ``height`` CSS pixels."""
    _need()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {
            "profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        driver.set_window_size(width, height)
        # The window's outer size includes no chrome when headless, but check.
        inner = driver.execute_script("return window.innerWidth")
        if inner != width:
            driver.set_window_size(width + (width - inner), height)
        yield driver
    finally:
        driver.quit()


def axe_violations(driver) -> list[str]:
    """axe-core's violations on the page loaded in ``driver``: one line each."""
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    result = axe.run()
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: "
            f"{v['nodes'][0]['target'] if v['nodes'] else ''})" for v in result["violations"]]


def scroll_width(driver) -> int:
    return driver.execute_script("return document.documentElement.scrollWidth")


def inner_width(driver) -> int:
    return driver.execute_script("return document.documentElement.clientWidth")
