"""Measure build times and peak memory on synthetic corpora.

    python benchmarks/run.py                       # N = 10,000, 3 runs per case
    python benchmarks/run.py --claims 1000 10000 50000 --runs 3 --json results.json

Cases, each the median (with min and max) of several runs of `python build.py --root CORPUS`:
  cold         no cache and no site/ (everything parsed, checked, rendered and written)
  unchanged    a rebuild with nothing changed
  claim-edit   a rebuild after editing one claim's summary
  source-edit  a rebuild after editing one source's metadata
Peak memory is the largest sum of resident set sizes of the build and all its child processes,
sampled every 20 ms from /proc.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_project  # noqa: E402


@dataclass
class Measurement:
    """One case at one corpus size."""

    claims: int
    case: str
    median_s: float
    min_s: float
    max_s: float
    peak_rss_mb: float


def descendants(pid: int) -> list[int]:
    """A process and all its children, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def rss_of(pids: list[int]) -> int:
    """Summed resident set size in bytes."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def timed_build(root: Path) -> tuple[float, int]:
    """Run one build; return its wall time and the peak RSS of its process tree."""
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_of(descendants(process.pid)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{errors.decode()}")
    return elapsed, peak


def edit_claim(root: Path, run: int) -> None:
    """Change one claim's summary."""
    path = root / "content" / "claims" / "claim-00007.yaml"
    text = path.read_text(encoding="utf-8")
    marker = text.index('summary:\n  ru: "') + len('summary:\n  ru: "')
    path.write_text(text[:marker] + f"Правка {run}. " + text[marker:], encoding="utf-8")


def edit_source(root: Path, run: int) -> None:
    """Change one source's metadata."""
    path = root / "seeds" / "src-0003.yaml"
    text = path.read_text(encoding="utf-8")
    marker = text.index('attribution:\n  ru: "') + len('attribution:\n  ru: "')
    path.write_text(text[:marker] + f"Правка {run}; " + text[marker:], encoding="utf-8")


def measure(claims: int, runs: int, work: Path) -> list[Measurement]:
    """Every case at one corpus size."""
    root = work / f"corpus-{claims}"
    write_project(root, claims, seed=1)
    results: dict[str, list[tuple[float, int]]] = {"cold": [], "unchanged": [], "claim-edit": [], "source-edit": []}
    for run in range(runs):
        for leftover in (root / "site", root / ".cache"):
            shutil.rmtree(leftover, ignore_errors=True)
        results["cold"].append(timed_build(root))
        results["unchanged"].append(timed_build(root))
        edit_claim(root, run)
        results["claim-edit"].append(timed_build(root))
        edit_source(root, run)
        results["source-edit"].append(timed_build(root))
    out = []
    for case, samples in results.items():
        times = [t for t, _ in samples]
        out.append(Measurement(claims, case, statistics.median(times), min(times), max(times), max(m for _, m in samples) / 2**20))
    return out


def print_table(rows: list[Measurement]) -> None:
    """A plain-text table."""
    print(f"{'claims':>8} {'case':<12} {'median s':>9} {'min s':>8} {'max s':>8} {'peak MB':>8}")
    for row in rows:
        print(f"{row.claims:>8} {row.case:<12} {row.median_s:>9.2f} {row.min_s:>8.2f} {row.max_s:>8.2f} {row.peak_rss_mb:>8.0f}")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sverka-benchmark"))
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    rows = [row for claims in args.claims for row in measure(claims, args.runs, args.work)]
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
