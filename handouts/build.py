"""Build the whole set: every handout and deck, for one site or many.

The plan is a sorted list of :class:`Item`; each item renders to bytes and is
written atomically. Work is spread over processes that each load fonts,
images and layouts once. The manifest lists every file, sorted, with no
timestamps, so the same inputs give the same bytes whatever ``--jobs`` is.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from .jobs import DeckJob, HandoutJob, Inputs, render_deck_job, render_handout_job
from .names import OVERVIEW
from .output import check_out_dir, write_atomic
from .sites import Site

HANDOUT_LAYOUTS = ("standard", "large-print")


@dataclass(frozen=True)
class Item:
    """One file of the build."""

    site: int  # index into the build's sites
    path: str  # relative to the output folder, '/'-separated
    kind: str  # "handout", "booklet" or "deck"
    condition: str | None
    layout: str
    paper: str | None
    job: HandoutJob | DeckJob


@dataclass(frozen=True)
class Entry:
    """One manifest row."""

    path: str
    kind: str
    site: str
    condition: str | None
    layout: str
    paper: str | None
    pages: int | None
    slides: int | None
    bytes: int
    sha256: str


def plan(sites: list[Site], condition_slugs: tuple[str, ...]) -> list[Item]:
    """Every file to build, in a fixed order."""
    items: list[Item] = []
    for i, site in enumerate(sites):
        paper = site.brand.paper
        for slug in condition_slugs:
            for layout in HANDOUT_LAYOUTS:
                job = HandoutJob(slug, layout, paper)
                items.append(Item(i, f"{site.slug}/handouts/{job.filename(paper)}", "handout",
                                  slug, layout, paper, job))
        job = HandoutJob(OVERVIEW, "standard", paper)
        items.append(Item(i, f"{site.slug}/handouts/{job.filename(paper)}", "booklet", None,
                          "standard", paper, job))
        for slug in (None, *condition_slugs):
            job = DeckJob(slug)
            items.append(Item(i, f"{site.slug}/decks/{job.filename()}", "deck", slug, "deck",
                              None, job))
    return items


_PAGE = re.compile(rb"/Type /Page\b(?!s)")
_SLIDE = re.compile(rb"ppt/slides/slide\d+\.xml")

# Per-process state, set once by _init (or directly when --jobs 1).
_STATE: dict = {}


def _init(content, sites: list[Site], out_dir: Path) -> None:
    _STATE.update(content=content, sites=sites, out_dir=out_dir)


def _render(item: Item) -> bytes:
    inputs = Inputs(_STATE["content"], _STATE["sites"][item.site].brand)
    if isinstance(item.job, HandoutJob):
        return render_handout_job(inputs, item.job)
    return render_deck_job(inputs, item.job)


def run_item(item: Item) -> tuple[Entry | None, str | None]:
    """Render and write one item; returns its manifest entry, or an error message."""
    from .errors import HandoutsError

    try:
        data = _render(item)
        path = _STATE["out_dir"] / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except HandoutsError as exc:
        return None, f"{item.path}: {exc.format_message()}"
    except Exception as exc:  # noqa: BLE001 - one bad item must not stop the others
        return None, f"{item.path}: {exc.__class__.__name__}: {exc}"
    is_pdf = data.startswith(b"%PDF")
    return Entry(
        path=item.path, kind=item.kind, site=_STATE["sites"][item.site].slug,
        condition=item.condition, layout=item.layout, paper=item.paper,
        pages=len(_PAGE.findall(data)) if is_pdf else None,
        slides=None if is_pdf else len(set(_SLIDE.findall(data))),
        bytes=len(data), sha256=hashlib.sha256(data).hexdigest()), None


def run_batch(items: list[Item]) -> list[tuple[Entry | None, str | None]]:
    """:func:`run_item` for each of ``items``, in one worker call."""
    return [run_item(item) for item in items]


@dataclass
class Result:
    entries: list[Entry]
    errors: list[str]
    seconds: float

    @property
    def pages(self) -> int:
        return sum(e.pages or 0 for e in self.entries)

    @property
    def slides(self) -> int:
        return sum(e.slides or 0 for e in self.entries)


def remove_stale_parts(out_dir: Path) -> None:
    """Delete temporary files left by a build that was killed outright."""
    for part in out_dir.rglob(".*.part"):
        part.unlink(missing_ok=True)


def build(content, sites: list[Site], out_dir: Path, jobs: int,
          on_done: Callable[[Item, Entry | None, str | None], None] = lambda *a: None) -> Result:
    """Build every file for every site into ``out_dir`` and write its manifest.

    ``jobs`` is the number of worker processes (1 builds in this process).
    ``on_done`` is called after each item, in completion order. A failed item
    is reported in ``Result.errors``; the others still finish. The manifest
    lists only files that were written.
    """
    check_out_dir(out_dir)
    remove_stale_parts(out_dir)
    items = plan(sites, content.slugs)
    start = time.perf_counter()
    results: dict[str, tuple[Entry | None, str | None]] = {}
    if jobs <= 1:
        _init(content, sites, out_dir)
        for item in items:
            results[item.path] = run_item(item)
            on_done(item, *results[item.path])
    else:
        import multiprocessing as mp
        from concurrent.futures import as_completed

        # Workers import ReportLab and python-pptx themselves, in parallel.
        # All decks go to one worker as one batch, so only that worker pays
        # for python-pptx; the others start on handouts at once.
        decks = [it for it in items if it.kind == "deck"]
        rest = [it for it in items if it.kind != "deck"]
        per_site = max(1, len(decks) // len(sites))
        batches = [decks[i:i + per_site] for i in range(0, len(decks), per_site)]
        step = max(1, min(4, len(rest) // (jobs * 16)))
        batches += [rest[i:i + step] for i in range(0, len(rest), step)]
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init,
                                 initargs=(content, sites, out_dir)) as pool:
            futures = {pool.submit(run_batch, batch): batch for batch in batches}
            for future in as_completed(futures):
                for item, res in zip(futures[future], future.result()):
                    results[item.path] = res
                    on_done(item, *res)
    entries = sorted((e for e, _ in results.values() if e is not None), key=lambda e: e.path)
    errors = sorted(err for _, err in results.values() if err is not None)
    manifest = {"files": [asdict(e) for e in entries], "sites": [s.slug for s in sites]}
    write_atomic(out_dir / "manifest.json",
                 (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return Result(entries, errors, time.perf_counter() - start)


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
