from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.brand import load_brand
from handouts.content import load_content
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "source-article.txt"


@pytest.fixture(scope="session")
def content():
    return load_content(DEFAULT_CONTENT)


@pytest.fixture(scope="session")
def brand():
    return load_brand(DEFAULT_BRAND)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def brand_dir(tmp_path):
    """A writable copy of the demo brand folder; returns the brand file path."""
    dest = tmp_path / "brand"
    shutil.copytree(DEFAULT_BRAND.parent, dest)
    return dest / "brand.yaml"


def invoke(runner, *args):
    from cli import main

    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
