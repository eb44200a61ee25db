"""Where the bundled content, brand and layouts live."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
LAYOUTS = ROOT / "layouts"
DEFAULT_CONTENT = ASSETS / "content" / "ketamine-pain.yaml"
DEFAULT_BRAND = ASSETS / "brand" / "brand.yaml"
DEFAULT_SITES = ASSETS / "brand" / "sites.csv"
