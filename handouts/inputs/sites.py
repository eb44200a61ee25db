"""Sites of a health system: one CSV row per site, laid over the base brand."""
from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import InvalidInput, Problem
from .assets import check_logo
from .brand import Brand
from .coverage import describe, drawable, missing
from .importer import slugify
from .model import SLUG_RE
from .validation import message
from .values import clean_line

REQUIRED = ("site", "name", "phone", "address")
RESERVED = ("fhir",)  # folders a build writes beside the sites' (fhir/bundle.json)
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

    text = read_text(path, "sites")  # a byte-order mark (Excel's "CSV UTF-8") is dropped
    rows = _rows(path, text)
    problems: list[Problem] = []

    def bad(line: int | None, key: str, msg: str) -> None:
        problems.append(Problem(str(path), line, key, msg))

    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise InvalidInput([Problem(str(path), 1, "", "no header row; expected columns: "
                                    + ", ".join(COLUMNS))])
    header_line, raw_header = rows[0]
    header = [h.strip().lower() for h in raw_header]
    if len(header) == 1 and (sep := next((c for c in ";\t|" if c in raw_header[0]), None)):
        raise InvalidInput([Problem(str(path), header_line, "", (
            f"the header is one column: the file looks separated by {_SEPARATORS[sep]}, not "
            "commas; save it as \"CSV UTF-8 (comma delimited)\""))])
    first: dict[str, int] = {}
    for i, h in enumerate(header, start=1):
        if h in first:
            bad(header_line, h, f"column given twice (columns {first[h]} and {i}); keep one")
        first.setdefault(h, i)
        if h not in COLUMNS:
            close = difflib.get_close_matches(h, COLUMNS, n=1)
            bad(header_line, h, "unknown column" + (
                f"; did you mean '{close[0]}'?" if close else
                f"; known columns: {', '.join(COLUMNS)}"))
    for col in REQUIRED:
        if col not in header:
            bad(header_line, col, "missing required column")
    if problems:
        raise InvalidInput(problems)

    from .limits import SITES

    filled = [(line, row) for line, row in rows[1:] if any(cell.strip() for cell in row)]
    if len(filled) > SITES:
        raise InvalidInput([Problem(str(path), filled[SITES][0], "", (
            f"{len(filled):,} sites; a build takes at most {SITES} (each site is 43 files a "
            "language): split the file and build each part into its own folder"))])
    sites: list[Site] = []
    seen: dict[str, int] = {}
    base_dir = path.resolve().parent
    for line, row in rows[1:]:
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
        elif slug in RESERVED:
            bad(line, "site", f"'{slug}' is the build's own folder ({slug}/); name the site "
                              "otherwise")
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
        try:
            brand = _site_brand(base, cells, logo, slug)
        except ValidationError as exc:
            for err in exc.errors():
                column = _COLUMN_OF.get(tuple(err["loc"][:2]), str(err["loc"][0]))
                bad(line, column, message(err, Brand))
            continue
        for column in _PRINTED:
            if cells.get(column) and (letters := missing(cells[column], drawable(brand))):
                bad(line, column, describe(letters))
        sites.append(Site(slug, brand))
    if not sites and not problems:
        bad(None, "", "no sites: the file has a header but no rows")
    if problems:
        raise InvalidInput(problems)
    return sites


_PRINTED = ("name", "tagline", "phone", "address", "email", "website")
_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "bars"}
_COLUMN_OF = {("clinic", "name"): "name", ("clinic", "tagline"): "tagline",
              ("contact", "phone"): "phone", ("contact", "address"): "address",
              ("contact", "email"): "email", ("contact", "website"): "website",
              ("qr_url",): "qr_url", ("logo",): "logo"}


def _rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """(line, cells) for every row of the CSV text; a quoted cell may span
    lines. Raises :class:`InvalidInput` for text the csv module refuses."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        start = 1
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InvalidInput([Problem(str(path), reader.line_num, "",
                                    f"not a readable CSV file: {exc}")]) from None
    return rows


def _site_brand(base: Brand, cells: dict[str, str], logo: Path, slug: str) -> Brand:
    """The base brand with this row's cells laid over it, validated as a
    brand file is (empty optional cells keep the base's values)."""
    data = base.model_dump()
    data["clinic"].update(name=cells["name"], tagline=cells.get("tagline") or base.clinic.tagline)
    data["contact"].update(phone=cells["phone"], address=cells["address"],
                           email=cells.get("email") or base.contact.email,
                           website=cells.get("website") or base.contact.website)
    data.update(logo=logo, site=slug, qr_url=cells.get("qr_url") or base.qr_url)
    return Brand.model_validate(data)
