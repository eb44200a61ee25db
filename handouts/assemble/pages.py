"""Pages a build writes beside the handouts: the staff page (``index.html``,
one per language) that finds, opens and prints them."""
from __future__ import annotations

import hashlib
import os
from dataclasses import asdict
from pathlib import Path

from ..inputs.values import primary_language
from .output import write_atomic

def _clinic(names: list[str]) -> str:
    """The clinic's name over all its sites: the one site's, else what the
    sites' names share ("Riverside Pain & Wellness")."""
    if len(names) == 1:
        return names[0]
    shared = os.path.commonprefix(names).rstrip(" -–—,:;")
    return shared or names[0]


def web_assets(out_dir: Path, entries: list, sites: list) -> list[dict]:
    """Write what each site's web pages need beside them (the fonts their
    stylesheet names) into ``SITE/web/``; their manifest rows (path, bytes,
    sha256). Only for sites that got web pages."""
    with_pages = {e.site for e in entries if e.kind == "web"}
    if not with_pages:
        return []
    from ..render.html import web_assets as assets_for

    written = []
    for site in sites:
        if site.slug not in with_pages:
            continue
        for rel, data in sorted(assets_for(site.brand).items()):
            path = out_dir / site.slug / "web" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data, durable=False)
            written.append({"path": f"{site.slug}/web/{rel}", "bytes": len(data),
                            "sha256": hashlib.sha256(data).hexdigest()})
    return written


def staff_pages(out_dir: Path, entries: list, editions: list, sites: list) -> list[dict]:
    """Write the staff page in each language of the build; their manifest
    rows (path, language, bytes, sha256). ``entries``: the build's files,
    which the pages list."""
    from ..render.staff import render_staff_page, rows_from_manifest

    rows = rows_from_manifest([asdict(e) for e in entries])
    if not rows:
        return []
    by_lang = {primary_language(ed.content.meta.language): ed.content for ed in editions}
    tags = {primary_language(ed.content.meta.language): ed.content.meta.language
            for ed in editions}
    names = {site.slug: site.brand.clinic.name for site in sites}
    files = {lang: "index.html" if n == 0 else f"index-{lang}.html"
             for n, lang in enumerate(by_lang)}
    written = []
    for lang, file in files.items():
        others = {other: name for other, name in files.items() if other != lang}
        data = render_staff_page(rows, by_lang, names, _clinic(list(names.values())), tags[lang],
                                 others, sites[0].brand.colors)
        write_atomic(out_dir / file, data, durable=False)
        written.append({"path": file, "language": tags[lang], "bytes": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})
    return written
