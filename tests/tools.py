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


def fresh_python(code: str, speedups: str | None = None) -> str:
    """What ``code`` prints, run by a new Python process (for what a test
    must see from a clean start: which modules an import brings in), with
    HANDOUTS_SPEEDUPS set to ``speedups`` when given. A failure raises
    ``CalledProcessError``."""
    import sys

    env = dict(os.environ)
    if speedups is not None:
        env["HANDOUTS_SPEEDUPS"] = speedups
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env).stdout


def read_terminal(leader: int) -> bytes:
    """All a pseudo-terminal's leader end gives until its follower closes
    (Linux reports that as an OSError), then closes it."""
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return shown


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("HANDOUTS_REQUIRE_TOOLS"):
            pytest.fail(f"{tool} is required (HANDOUTS_REQUIRE_TOOLS is set) but not installed")
        pytest.skip(f"{tool} not installed")
    return path


def soffice_convert(source: Path, workdir: Path, to: str = "pdf",
                    brand_fonts: bool = True) -> Path:
    """Convert ``source`` with LibreOffice (``to``: ``pdf`` or ``pptx``);
    returns the result's path.

    LibreOffice runs with a private HOME. With ``brand_fonts`` it holds the
    bundled fonts, so text is laid out as on a machine that has them;
    without, LibreOffice substitutes its own (DejaVu Sans), as on a
    presenter's laptop.
    """
    made = soffice_convert_all([source], workdir, to, brand_fonts)[0]
    assert made is not None, f"LibreOffice did not convert {source}"
    return made


def soffice_convert_all(sources: list[Path], workdir: Path, to: str = "pdf",
                        brand_fonts: bool = True) -> list[Path | None]:
    """:func:`soffice_convert` for many files in one LibreOffice run (it
    starts once): each result's path, or ``None`` where it made none."""
    soffice = require("soffice")
    home = workdir / ("lo-home" if brand_fonts else "lo-home-bare")
    fonts = home / ".fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    if brand_fonts:
        for style in ATKINSON_FILES:
            shutil.copy(atkinson(style), fonts)
        shutil.copy(noto_sans(), fonts)
    env = {**os.environ, "HOME": str(home)}
    out = workdir / "pdf"
    result = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{home}/lo",
         "--convert-to", to, "--outdir", str(out), *map(str, sources)],
        capture_output=True, text=True, timeout=120 + 30 * len(sources), env=env)
    assert result.returncode == 0, result.stderr
    made = [out / f"{source.stem}.{to}" for source in sources]
    return [m if m.exists() else None for m in made]


def soffice_to_pdf(pptx: Path, workdir: Path, brand_fonts: bool = True) -> Path:
    """``pptx`` converted to PDF by LibreOffice Impress (see :func:`soffice_convert`)."""
    return soffice_convert(pptx, workdir, "pdf", brand_fonts)
