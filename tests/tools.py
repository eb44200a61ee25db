"""External readers (poppler, qpdf, LibreOffice) for tests.

Locally a missing tool skips its tests; with HANDOUTS_REQUIRE_TOOLS=1 (set by
.ci/run) a missing tool fails them instead.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from handouts.paths import ATKINSON_FILES, atkinson, noto_sans


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("HANDOUTS_REQUIRE_TOOLS"):
            pytest.fail(f"{tool} is required (HANDOUTS_REQUIRE_TOOLS is set) but not installed")
        pytest.skip(f"{tool} not installed")
    return path


def soffice_to_pdf(pptx: Path, workdir: Path) -> Path:
    """Convert ``pptx`` with LibreOffice Impress; returns the PDF's path.

    LibreOffice runs with a private HOME holding the bundled fonts, so it lays
    text out with the same fonts a presenter's machine should have.
    """
    soffice = require("soffice")
    home = workdir / "lo-home"
    fonts = home / ".fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for style in ATKINSON_FILES:
        shutil.copy(atkinson(style), fonts)
    shutil.copy(noto_sans(), fonts)
    env = {**os.environ, "HOME": str(home)}
    out = workdir / "pdf"
    result = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{home}/lo",
         "--convert-to", "pdf", "--outdir", str(out), str(pptx)],
        capture_output=True, text=True, timeout=240, env=env)
    pdf = out / (pptx.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stderr
    return pdf
