"""Renders a set of handouts and decks in this process and prints, as JSON,
which speed-ups are on and a SHA-256 of each file: run by
``tests/test_speedups.py`` in a new process per setting of
HANDOUTS_SPEEDUPS (the speed-ups are installed process-wide).

The set covers what each speed-up touches: two sites' copies (replay and
the wrap memo meet the same text again), both layouts and the booklet,
English and Spanish (soft hyphens, accented letters), the logo with its
transparency mask, the QR code, and a deck (python-pptx's constants)."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from handouts import libs
from handouts.assemble.jobs import DeckJob, HandoutJob, load_inputs
from handouts.inputs.brand import load_brand
from handouts.inputs.editions import content_for
from handouts.inputs.sites import load_sites
from handouts.inputs.target import WHOLE, Target
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT, DEFAULT_SITES


def main() -> None:
    for dist, bounds in json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}").items():
        libs.TESTED[dist] = tuple(bounds)  # a test's pretend range
    sites = load_sites(Path(DEFAULT_SITES), load_brand(DEFAULT_BRAND))[:2]
    jobs = [HandoutJob(Target("crps")), HandoutJob(Target("pelvic-pain"), "large-print"),
            HandoutJob(WHOLE, paper="a4"), DeckJob(Target("crps"))]
    hashes = {}
    for lang in ("en", "es"):
        inputs = load_inputs(content_for(DEFAULT_CONTENT, lang), DEFAULT_BRAND)
        for site in sites:
            brand = site.brand.in_language(inputs.content.meta.language)
            site_inputs = type(inputs)(inputs.content, brand, inputs.review, inputs.clinic)
            for job in jobs if site is sites[0] else jobs[:2]:
                data = job.render(site_inputs).data
                hashes[f"{lang}/{site.slug}/{job.filename('letter')}"] = \
                    hashlib.sha256(data).hexdigest()
    from reportlab.pdfbase import pdfdoc

    print(json.dumps({"on": [name for name, on, _ in libs.status() if on],
                      "reportlab_writer_replaced": pdfdoc.format.__module__ != pdfdoc.__name__,
                      "hashes": hashes}))


if __name__ == "__main__":
    main()
