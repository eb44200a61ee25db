"""en-US handouts speak US English (issue 28): "Check the ones you want to
ask", and a checklist box a screen reader names "Check box"."""
from __future__ import annotations

import subprocess
import sys

from pdfread import text_of


def test_the_checklist_says_check_in_us_english(tmp_path):
    out = tmp_path / "crps.pdf"
    subprocess.run([sys.executable, "-m", "handouts", "handout", "crps", "-o", out],
                   check=True, capture_output=True)
    data = out.read_bytes()
    text = " ".join(text_of(data).split())
    assert "Check the ones you want to ask" in text and "Tick" not in text
    assert "Check box" in alternative_texts(out) and "Tick box" not in alternative_texts(out)


def alternative_texts(path) -> set[str]:
    """Every /Alt in the PDF's structure tree."""
    from pypdf import PdfReader

    found: set[str] = set()

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/Alt"):
            found.add(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found
