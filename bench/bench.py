"""Benchmark `handouts` as whole processes: wall time and peak memory.

Run with `make bench`. Prints each measurement (median of seven runs, or
$BENCH_RUNS) against the targets in docs/performance.md, then pandoc's time for the
same nine decks when pandoc is installed. `HANDOUTS_SPEEDUPS=0 make bench`
measures the libraries' own code (see handouts/libs).
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HANDOUTS = str(Path(sys.executable).parent / "handouts")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))

# Runs a command and reports its wall time and the peak RSS of the largest
# process it started (the command itself or one of its workers).
_PROBE = textwrap.dedent("""
    import resource, subprocess, sys, time
    t = time.perf_counter()
    rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - t
    print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, rc)
""")


def measure(cmd: list[str], runs: int = RUNS, setup=None) -> tuple[float, float]:
    """Median wall seconds and max peak MB of ``cmd`` over ``runs`` runs."""
    walls, peaks = [], []
    for _ in range(runs):
        if setup:
            setup()
        out = subprocess.run([sys.executable, "-c", _PROBE, *cmd], capture_output=True,
                             text=True, check=True).stdout.split()
        if out[2] != "0":
            raise SystemExit(f"failed: {' '.join(cmd)}")
        walls.append(float(out[0]))
        peaks.append(float(out[1]))
    return statistics.median(walls), max(peaks)


def sites_csv(path: Path, n: int) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["site", "name", "phone", "address", "email", "website"])
        for i in range(n):
            w.writerow([f"site-{i:03d}", f"Riverside Pain & Wellness – Site {i}",
                        f"(555) 010-{i:04d}", f"{100 + i} Main Street, Springfield, ST 00000",
                        f"site{i}@riverside-pain.example", f"riverside-pain.example/site-{i}"])
    return path


def pandoc_decks(folder: Path) -> list[list[str]]:
    """The nine decks as Markdown, and the pandoc commands that build them."""
    from handouts.inputs.content import load_content
    from handouts.render.pptx.outline import plan_deck
    from handouts.paths import DEFAULT_CONTENT

    content = load_content(DEFAULT_CONTENT)
    cmds = []
    for cond in (None, *content.conditions):
        md = []
        for spec in plan_deck(content, "Clinic", cond):
            md.append(f"# {spec.title}\n")
            md += [f"- {line}" for line in getattr(spec, "items", ())]
            md.append(f"\n::: notes\n{spec.notes}\n:::\n")
        src = folder / f"{cond.slug if cond else 'seminar'}.md"
        src.write_text("\n".join(md))
        cmds.append(["pandoc", str(src), "-o", str(src.with_suffix(".pptx"))])
    return cmds


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    out = tmp / "out"

    def fresh():
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()

    rows = []

    def row(name, cmd, target_s=None, setup=fresh, runs=RUNS):
        wall, peak = measure(cmd, runs, setup)
        ok = "" if target_s is None else ("ok" if wall <= target_s else "MISSED")
        rows.append((name, wall, peak, target_s, ok))
        print(f"{name:<38} {wall:7.3f} s  {peak:7.1f} MB  "
              f"{'' if target_s is None else f'target <= {target_s} s':<18} {ok}", flush=True)
        return wall

    cpus = len(os.sched_getaffinity(0))
    from handouts import libs

    print(f"machine: {cpus} CPUs, Python {sys.version.split()[0]}, {RUNS} runs each (median)")
    print(f"{libs.summary()}\n")
    row("handouts --help", [HANDOUTS, "--help"])
    row("handouts list", [HANDOUTS, "list"])
    row("one handout (crps)", [HANDOUTS, "handout", "crps", "-o", str(tmp / "c.pdf")])
    row("one deck (seminar)", [HANDOUTS, "deck", "-o", str(tmp / "s.pptx")])
    # The targets are for English alone (--lang en); the default build makes
    # every language the content comes in (English and Spanish).
    default = row("build, English (34 files)",
                  [HANDOUTS, "build", "--out-dir", str(out), "-q", "--lang", "en"], 0.5)
    # The same with an empty renderers' cache, as the very first build on a
    # machine (or after an upgrade): its deck worker makes the deck skeleton
    # with python-pptx (see handouts/render/cache.py).
    empty = tmp / "empty-cache"

    def fresh_and_empty():
        fresh()
        shutil.rmtree(empty, ignore_errors=True)

    row("build, English, first run (empty cache)",
        ["env", f"HANDOUTS_CACHE_DIR={empty}", HANDOUTS, "build", "--out-dir", str(out), "-q",
         "--lang", "en"], setup=fresh_and_empty)
    row("build, default: en + es (68 files)", [HANDOUTS, "build", "--out-dir", str(out), "-q"])
    per_site = {}
    for n in (10, 25, 50):
        csv_path = sites_csv(tmp / f"sites{n}.csv", n)
        per_site[n] = row(f"build, {n} sites, English, --jobs 2",
                          [HANDOUTS, "build", "--out-dir", str(out), "-q", "--jobs", "2",
                           "--lang", "en", "--sites", str(csv_path)],
                          6.0 if n == 50 else None, runs=RUNS if n == 50 else min(RUNS, 3))
    row("build, 50 sites, en + es, --jobs 2",
        [HANDOUTS, "build", "--out-dir", str(out), "-q", "--jobs", "2",
         "--sites", str(tmp / "sites50.csv")], runs=min(RUNS, 3))
    print(f"\nper site: {per_site[10] / 10:.3f} s (10), {per_site[25] / 25:.3f} s (25), "
          f"{per_site[50] / 50:.3f} s (50): linear if these are close")
    peak = max(r[2] for r in rows)
    print(f"peak memory of any process: {peak:.1f} MB (target <= 300 MB): "
          f"{'ok' if peak <= 300 else 'MISSED'}")

    if shutil.which("pandoc"):
        cmds = pandoc_decks(tmp)
        script = tmp / "pandoc.sh"
        script.write_text("set -e\n" + "\n".join(" ".join(f"'{c}'" for c in cmd) for cmd in cmds))
        wall, _ = measure(["bash", str(script)], min(RUNS, 3))
        print(f"\npandoc, the same nine decks from Markdown: {wall:.3f} s; "
              f"handouts' English build (25 PDFs + 9 decks): {default:.3f} s; "
              f"ratio pandoc/handouts = {wall / default:.2f}")
    else:
        print("\npandoc not installed (apt-get install pandoc) : comparison skipped")
    (tmp / "results.json").write_text(json.dumps(rows, indent=1))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
