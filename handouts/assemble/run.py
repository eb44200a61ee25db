"""Build the whole set: every handout and deck, for one site or many.

The plan is a sorted list of :class:`Item`; each item renders to bytes and is
written atomically. Work is spread over processes that each load fonts,
images and layouts once. The manifest lists every file, sorted, with no
timestamps, so the same inputs give the same bytes whatever ``--jobs`` is.
"""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import signal
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from .. import GC_THRESHOLDS
from ..errors import HandoutsError
from ..inputs.model import Content
from ..inputs.review import ReviewState
from ..inputs.signoff import printed_state
from ..inputs.sites import Site
from ..inputs.target import WHOLE, Target
from .jobs import DeckJob, Edition, HandoutJob, Inputs, WebJob, located
from .output import check_out_dir, tagged, with_page_qr, write_atomic
from .fhir import write_fhir_bundle
from .records import LOCK_NAME, MANIFEST, build_lock, build_writes, remove_stale_parts, \
    retire_manifest
from .pages import staff_pages, web_assets

HANDOUT_LAYOUTS = ("standard", "large-print")
SUMMARY_LAYOUT = "summary"  # each condition's one-sheet summary (kind "summary")


@dataclass(frozen=True)
class Item:
    """One file of the build."""

    site: int  # index into the build's sites
    path: str  # relative to the output folder, '/'-separated
    kind: str  # "handout", "summary", "booklet", "deck" or "web"
    job: HandoutJob | DeckJob
    edition: int = 0  # index into the build's editions (languages)

    @property
    def condition(self) -> str | None:
        return self.job.target.slug


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
    review: str  # "approved", "draft", "changed" or "overdue": see ReviewState
    bytes: int
    sha256: str
    language: str = "en-US"


@dataclass(frozen=True)
class Failure:
    """One item that failed: one line for the user, and for an unexpected
    error (a bug, not bad input) the traceback, shown with ``-v``."""

    path: str
    message: str
    traceback: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def plan(sites: list[Site], condition_slugs: tuple[str, ...],
         editions: list[Edition] | None = None) -> list[Item]:
    """Every file to build, in a fixed order: for each site, each edition
    (language) in turn. A later edition's files carry its language in their
    names (``crps-handout-es.pdf``)."""
    items: list[Item] = []
    for i, site in enumerate(sites):
        for e, edition in enumerate(editions or [None]):
            tag = edition.name_tag if edition else ""
            slugs = edition.content.slugs if edition else condition_slugs
            targets = [Target.condition_of(slug) for slug in slugs]
            paper = site.brand.paper
            for target in targets:
                for layout in HANDOUT_LAYOUTS:
                    job = HandoutJob(target, layout, paper)
                    items.append(Item(i, f"{site.slug}/handouts/{tagged(job.filename(paper), tag)}",
                                      "handout", job, e))
                job = HandoutJob(target, SUMMARY_LAYOUT, paper)
                items.append(Item(i, f"{site.slug}/handouts/{tagged(job.filename(paper), tag)}",
                                  "summary", job, e))
            job = HandoutJob(WHOLE, "standard", paper)
            items.append(Item(i, f"{site.slug}/handouts/{tagged(job.filename(paper), tag)}",
                              "booklet", job, e))
            for target in (WHOLE, *targets):
                deck = DeckJob(target)
                items.append(Item(i, f"{site.slug}/decks/{tagged(deck.filename(), tag)}", "deck",
                                  deck, e))
            for target in (*targets, WHOLE):
                web = WebJob(target)
                items.append(Item(i, f"{site.slug}/web/{tagged(web.filename(), tag)}", "web",
                                  web, e))
    return items


# Per-process state, set once by _init (or directly when --jobs 1).
_STATE: dict = {}


def _init(editions: list[Edition], sites: list[Site], out_dir: Path,
          parent: int | None = None) -> None:
    """Set up a process to render items. In a worker (``parent`` given): end
    when the parent dies, even by ``kill -9``, and leave Ctrl-C to the
    parent, which stops the build cleanly."""
    if parent is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _end_with_parent(parent)
        # Rendering makes millions of short-lived objects; the cycle collector
        # kept rescanning what the parent loaded and the caches hold. Leave
        # the inherited objects out of its scans, and run it less often: 4
        # to 5 % of a 50-site build, for a few MB.
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
    _STATE.update(editions=editions, sites=sites, out_dir=out_dir)


def _end_with_parent(parent: int) -> None:
    """Ask Linux to send this process SIGTERM when its parent dies; if the
    parent is already gone, end now. Elsewhere, nothing (no such call)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def run_item(item: Item) -> tuple[Entry | None, Failure | None]:
    """Render and write one item; returns its manifest entry, or its failure."""
    site = _STATE["sites"][item.site]
    edition: Edition = _STATE["editions"][item.edition]
    try:
        brand = edition.brand_for(site.brand)
        if isinstance(item.job, (HandoutJob, WebJob)):
            brand = with_page_qr(brand, item.job.target, site.slug, edition.name_tag)
        languages = tuple(e.content.meta.language for e in _STATE["editions"])
        rendered = item.job.render(Inputs(edition.content, brand, edition.review, edition.clinic,
                                          languages=languages))
        path = _STATE["out_dir"] / item.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return None, Failure(item.path, f"cannot create {path.parent}: "
                                            f"{exc.strerror or exc}")
        write_atomic(path, rendered.data, durable=False)  # flushed at the end: see _build
    except HandoutsError as exc:
        return None, Failure(item.path, located(exc, edition.paths).format_message())
    except Exception as exc:  # noqa: BLE001 - one bug must not stop the other items
        return None, Failure(item.path, f"internal error: {exc.__class__.__name__}: {exc}",
                             traceback.format_exc())
    job = item.job
    return Entry(
        path=item.path, kind=item.kind, site=site.slug, condition=item.condition,
        layout=job.layout, paper=job.paper if isinstance(job, HandoutJob) else None,
        pages=rendered.pages, slides=rendered.slides, review=edition.review.status,
        bytes=len(rendered.data), sha256=hashlib.sha256(rendered.data).hexdigest(),
        language=edition.content.meta.language), None


def run_batch(items: list[Item]) -> list[tuple[Entry | None, Failure | None]]:
    """:func:`run_item` for each of ``items``, in one worker call."""
    return [run_item(item) for item in items]


@dataclass
class Result:
    entries: list[Entry]
    failures: list[Failure]
    seconds: float
    also: list[str] = field(default_factory=list)  # other files written: pages, fonts

    @property
    def errors(self) -> list[str]:
        """One line per failed item, sorted by path."""
        return [str(f) for f in self.failures]

    @property
    def pages(self) -> int:
        return sum(e.pages or 0 for e in self.entries)

    @property
    def slides(self) -> int:
        return sum(e.slides or 0 for e in self.entries)


def _batches(items: list[Item], n_sites: int, jobs: int) -> list[list[Item]]:
    # All of a site's decks (of one language) go to one worker as one batch,
    # so only that worker pays for importing python-pptx; the others start on
    # handouts at once.
    decks = [it for it in items if it.kind == "deck"]
    n_sites = max(1, len({(it.site, it.edition) for it in decks}))
    # Longest first, so no worker is left with a long file at the end: each
    # site's booklet (9 pages) before its handouts (4 to 6 pages).
    rest = sorted((it for it in items if it.kind != "deck"),
                  key=lambda it: (it.site, it.kind != "booklet"))
    per_site = max(1, len(decks) // n_sites)
    batches = [decks[i:i + per_site] for i in range(0, len(decks), per_site)]
    step = max(1, min(4, len(rest) // (jobs * 16)))
    return batches + [rest[i:i + step] for i in range(0, len(rest), step)]


def build(content: Content, sites: list[Site], out_dir: Path, jobs: int,
          on_done: Callable[[Item, Entry | None, Failure | None], None] = lambda *a: None,
          review: ReviewState | None = None, clinic=None,
          editions: list[Edition] | None = None) -> Result:
    """Build every file for every site into ``out_dir`` and write its manifest.

    ``jobs`` is the number of worker processes (1 builds in this process).
    ``on_done`` is called after each item, in completion order. A failed item
    is reported in ``Result.failures``; the others still finish. The manifest
    lists only files that were written, each with the review state it was
    built under (``review``; default: as the approval stands today).
    ``clinic`` is the clinic's own file (a ``ClinicInfo``), if any.
    ``editions`` builds each language's edition (default: ``content`` alone,
    with ``review`` and ``clinic``).
    """
    check_out_dir(out_dir)
    if not editions:
        review = review or printed_state(content, clinic, dt.date.today())
        editions = [Edition(content, review, clinic)]
    with build_lock(out_dir):
        return _build(editions, sites, out_dir, jobs, on_done)


def _build(editions: list[Edition], sites: list[Site], out_dir: Path, jobs: int,
           on_done: Callable[[Item, Entry | None, Failure | None], None]) -> Result:
    items = plan(sites, (), editions)
    previous = retire_manifest(out_dir)
    remove_stale_parts(out_dir, build_writes({it.path for it in items}, sites, previous))
    start = time.perf_counter()
    results: dict[str, tuple[Entry | None, Failure | None]] = {}
    if jobs <= 1:
        _init(editions, sites, out_dir)
        for item in items:
            results[item.path] = run_item(item)
            on_done(item, *results[item.path])
    else:
        import multiprocessing as mp
        from concurrent.futures import as_completed

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init,
                                   initargs=(editions, sites, out_dir, os.getpid()))
        try:
            futures = {pool.submit(run_batch, batch): batch
                       for batch in _batches(items, len(sites), jobs)}
            for future in as_completed(futures):
                for item, res in zip(futures[future], future.result()):
                    results[item.path] = res
                    on_done(item, *res)
        except BaseException:
            # Ctrl-C (or any failure here): workers finish the batch in hand,
            # which takes well under a second, and start no other.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    entries = sorted((e for e, _ in results.values() if e is not None), key=lambda e: e.path)
    failures = sorted((f for _, f in results.values() if f is not None), key=lambda f: f.path)
    # The staff pages (index.html, ...) list the files; they are the tool's
    # own words, not reviewed text, so they are "pages", not "files".
    manifest = {"files": [asdict(e) for e in entries], "sites": [s.slug for s in sites],
                "pages": staff_pages(out_dir, entries, editions, sites),
                "assets": web_assets(out_dir, entries, sites)}
    # One flush for every file written, before the manifest names them: a
    # per-file fsync cost 3 to 4 s in a 50-site build.
    if hasattr(os, "sync"):
        os.sync()
    if entries:  # the handouts as an EHR imports them: fhir/bundle.json
        bundle = write_fhir_bundle(out_dir, entries, editions)
        data = bundle.read_bytes()
        manifest["fhir"] = {"path": bundle.relative_to(out_dir).as_posix(), "bytes": len(data),
                            "sha256": hashlib.sha256(data).hexdigest()}
    write_atomic(out_dir / MANIFEST,
                 (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    also = [row["path"] for key in ("pages", "assets") for row in manifest[key]]
    return Result(entries, failures, time.perf_counter() - start, also)


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
