"""Sites of a health system: one CSV row per site, laid over the base brand."""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path

from .assets import check_logo
from .brand import Brand
from ..errors import InvalidInput, Problem
from .importer import slugify
from .model import SLUG_RE
from .values import clean_line

REQUIRED = ("site", "name", "phone", "address")
OPTIONAL = ("email", "website", "logo", "tagline", "qr_url")
COLUMNS = REQUIRED + OPTIONAL


@dataclass(frozen=True)
class Site:
    """One site: its folder name and its brand."""

    slug: str
    brand: Brand


def single_site(brand: Brand) -> Site:
    """The one site of a brand built without a sites file."""
    return Site(slugify(brand.clinic.name) or "clinic", brand)


def load_sites(path: Path, base: Brand) -> list[Site]:
    """Read ``path`` (CSV with a header row) and return one :class:`Site` per row.

    Columns: ``site`` (folder name), ``name``, ``phone``, ``address``, and
    optionally ``email``, ``website``, ``logo`` (relative to the CSV),
    ``tagline`` and ``qr_url``. Empty optional cells keep the base brand's
    value. Raises :class:`InvalidInput` listing every bad row by its line
    number, before anything is built.
    """
    from .files import read_text

    text = read_text(path, "sites")
    rows = list(csv.reader(text.splitlines()))
    problems: list[Problem] = []

    def bad(line: int | None, key: str, msg: str) -> None:
        problems.append(Problem(str(path), line, key, msg))

    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InvalidInput([Problem(str(path), 1, "", "no header row; expected columns: "
                                    + ", ".join(COLUMNS))])
    header = [h.strip().lower() for h in rows[0]]
    for h in header:
        if h not in COLUMNS:
            close = difflib.get_close_matches(h, COLUMNS, n=1)
            bad(1, h, "unknown column" + (f"; did you mean '{close[0]}'?" if close else
                                          f"; known columns: {', '.join(COLUMNS)}"))
    for col in REQUIRED:
        if col not in header:
            bad(1, col, "missing required column")
    if problems:
        raise InvalidInput(problems)

    sites: list[Site] = []
    seen: dict[str, int] = {}
    base_dir = path.resolve().parent
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            bad(line, "", f"has {len(row)} cells; the header has {len(header)}")
            continue
        cells = {h: clean_line(c) for h, c in zip(header, row)}
        for col in REQUIRED:
            if not cells[col]:
                bad(line, col, "is empty")
        slug = cells["site"]
        if slug and not SLUG_RE.match(slug):
            bad(line, "site", f"'{slug}' must be lower-case words joined by '-'")
        elif slug in seen:
            bad(line, "site", f"'{slug}' is already used on line {seen[slug]}")
        seen.setdefault(slug, line)
        logo = base.logo
        if cells.get("logo"):
            logo = base_dir / cells["logo"]
            if (why := check_logo(logo)) is not None:
                bad(line, "logo", why)
        if any(p.line == line for p in problems):
            continue
        clinic = base.clinic.model_copy(update={
            "name": cells["name"], "tagline": cells.get("tagline") or base.clinic.tagline})
        contact = base.contact.model_copy(update={
            "phone": cells["phone"], "address": cells["address"],
            "email": cells.get("email") or base.contact.email,
            "website": cells.get("website") or base.contact.website})
        brand = base.model_copy(update={
            "clinic": clinic, "contact": contact, "logo": logo, "site": slug,
            "qr_url": cells.get("qr_url") or base.qr_url})
        sites.append(Site(slug, brand))
    if not sites and not problems:
        bad(None, "", "no sites: the file has a header but no rows")
    if problems:
        raise InvalidInput(problems)
    return sites
