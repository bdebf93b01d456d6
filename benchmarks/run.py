"""Measure build times and peak memory on synthetic corpora.

    python benchmarks/run.py                       # N = 10,000, 3 runs per case
    python benchmarks/run.py --claims 1000 10000 50000 --runs 3 --json results.json

    python benchmarks/run.py --claims 50000 --runs 1 --no-search   # without the search indexer
    python benchmarks/run.py --growth 10000 50000 --runs 2 --no-search  # how cold-build time grows

Cases, each the median (with min and max) of several runs of `python3 build.py --root CORPUS --timings`:
  cold         no cache and no site/ (everything parsed, checked, rendered, indexed and written)
  unchanged    a rebuild with nothing changed
  claim-edit   a rebuild after editing one claim's summary (shown on its own pages and data only)
  headline-edit  a rebuild after editing one claim's headline (shown also by the lists, related checks,
               source pages, the timeline and claims.json that show the claim)
  source-edit  a rebuild after editing one source's metadata
  preview-start  the start of a live preview (`build.py serve`) after those builds: from the command's
               start to its own first build in place (the stage "first page": to the first page
               served from site/ as the plain build left it); its peak memory that of the start alone
  preview-edit from saving one claim's summary to its page served with the edit, by a running preview
               (watcher, rebuild and HTTP included; the search index follows in the background, not
               waited for); at least 3 edits in one session (benchmarks/preview.py)
  preview-headline  the same after editing the claim's headline (the peak memory of both is that of
               the session after its start, while editors work)
With --growth SMALL LARGE, only cold builds, of both sizes taken in turn (small, large, small, …, one
large build per run): each large build's time is divided by the mean of the small builds just before
and after it. This machine's speed drifts over the minutes a large build takes; measured apart, the
two sizes' times (and their ratio) depend on when each was taken. The same ratio is given for the CPU
time the builds used (render workers included), with the time the host held the virtual machine's
cores back during each build (steal time, from /proc/stat).
Peak memory is sampled every half second from /proc over the build and all its child processes (render
workers, the search indexer): the largest sum of their resident set sizes (RSS, which counts pages
that forked workers share once per process) and of their proportional set sizes (PSS, which splits
shared pages between the processes sharing them). Each case also reports the median time of each
stage of the build (load, check, fingerprint, render, search index, publish) as the build prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_EVERY = 0.5
"""Seconds between memory samples: reading /proc/<pid>/smaps_rollup of a build of 10,000 claims costs
about 30 ms of CPU, so sampling every 20 ms took half a core away from the build it measured."""
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import edit_claim, edit_headline, edit_source, write_project  # noqa: E402


@dataclass
class Measurement:
    """One case at one corpus size."""

    claims: int
    case: str
    median_s: float
    min_s: float
    max_s: float
    peak_rss_mb: float
    peak_pss_mb: float
    stages_s: dict[str, float]
    search: bool


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


def memory_of(pids: list[int]) -> tuple[int, int]:
    """Summed resident and proportional set sizes in bytes."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


@dataclass
class Run:
    """One build: wall time, peak memory and the time of each stage; CPU time used by the build and its
    workers, and time the machine's virtual cores were held back by the host ("steal")."""

    seconds: float
    rss: int
    pss: int
    stages: dict[str, float]
    cpu: float = 0.0
    steal: float = 0.0


def steal_seconds() -> float:
    """The time every core of this virtual machine has waited for the host since it started (/proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def children_cpu() -> float:
    """User and system time of the finished child processes of this one (and of theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(root: Path, search: bool) -> Run:
    """Run one build; return its wall time, the peak memory of its process tree and its stage times."""
    peak_rss = peak_pss = 0
    cpu_before, steal_before = children_cpu(), steal_seconds()
    started = time.perf_counter()
    options = ["--timings", "--lang", "en"] + ([] if search else ["--no-search"])  # stage_times reads the English names
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), *options], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        while not done.is_set():
            rss, pss = memory_of(descendants(process.pid))
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{errors.decode()}")
    cpu, steal = children_cpu() - cpu_before, steal_seconds() - steal_before
    return Run(elapsed, peak_rss, peak_pss, stage_times(errors.decode()), cpu, steal)


def preview_builds(root: Path, runs: int, search: bool = True) -> dict[str, list[Run]]:
    """A live-preview session (benchmarks/preview.py): its start (to its first page served, and to its
    own first build in place) and the time from each of `runs` summary and `runs` headline edits to the
    changed page served, by what was edited.

    The start's peak memory is sampled until its first build is in place; the edits' from then on:
    what the preview holds while editors work.
    """
    python = REPO / ".venv" / "bin" / "python"
    process = subprocess.Popen(
        [str(python if python.exists() else sys.executable), str(REPO / "benchmarks" / "preview.py"), str(root), str(runs)]
        + ([] if search else ["--no-search"]),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    peaks = {"start": [0, 0], "edits": [0, 0]}
    phase = ["start"]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            taken_in = phase[0]
            rss, pss = memory_of(descendants(process.pid))
            peaks[taken_in][:] = [max(peaks[taken_in][0], rss), max(peaks[taken_in][1], pss)]
            time.sleep(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    first = json.loads(process.stdout.readline() or "{}")
    if first.get("edit") != "start":
        done.set()
        raise SystemExit("the preview session did not start")
    phase[0] = "edits"
    lines = [json.loads(line) for line in process.stdout]
    done.set()
    sampler.join()
    if process.wait() != 0 or len(lines) != 2 * runs:
        raise SystemExit("the preview session failed")
    found: dict[str, list[Run]] = {
        "start": [Run(first["built"], *peaks["start"], {"first page": first["first_page"]})],
    }
    for line in lines:
        found.setdefault(line["edit"], []).append(Run(line["seconds"], *peaks["edits"], {}))
    return found


def stage_times(report: str) -> dict[str, float]:
    """The `stage  1.23 s` lines `build.py --timings` prints."""
    stages = {}
    for line in report.splitlines():
        parts = line.rsplit(None, 2)
        if len(parts) == 3 and parts[2] == "s" and " " not in parts[0].strip().replace("search index", "search_index"):
            try:
                stages[parts[0].strip()] = float(parts[1])
            except ValueError:
                continue
    return stages


TRASH = "set-aside"


def set_aside(path: Path, work: Path) -> None:
    """Move a build's output or cache out of the way, to be deleted once everything is measured.

    Deleting tens of thousands of files just before a build would measure the file system, not the
    build: on a file system without a journal (as on the machine the results were taken on), ext4 does
    not hand out an inode freed within the last minutes again, and the next files it creates search
    past every one of them (a cold build then spends twice the time in the kernel).
    """
    if path.exists():
        trash = work / TRASH
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{len(list(trash.iterdir()))}-{path.name}")


def measure(claims: int, runs: int, work: Path, search: bool) -> list[Measurement]:
    """Every case at one corpus size."""
    root = work / f"corpus-{claims}"
    set_aside(root, work)  # a corpus left by an earlier run
    write_project(root, claims, seed=1)
    os.sync()  # the corpus's files reach the disk now, not while the first build runs
    cases = ("cold", "unchanged", "claim-edit", "headline-edit", "source-edit", "preview-start", "preview-edit", "preview-headline")
    results: dict[str, list[Run]] = {case: [] for case in cases}
    for run in range(runs):
        for leftover in (root / "site", root / ".cache"):
            set_aside(leftover, work)
        results["cold"].append(timed_build(root, search))
        results["unchanged"].append(timed_build(root, search))
        edit_claim(root, run)
        results["claim-edit"].append(timed_build(root, search))
        edit_headline(root, run)
        results["headline-edit"].append(timed_build(root, search))
        edit_source(root, run)
        results["source-edit"].append(timed_build(root, search))
    previewed = preview_builds(root, max(3, runs), search)
    for case, kind in (("preview-start", "start"), ("preview-edit", "summary"), ("preview-headline", "headline")):
        results[case] = previewed[kind]
    out = []
    for case, samples in results.items():
        times = [r.seconds for r in samples]
        names = dict.fromkeys(name for r in samples for name in r.stages)
        stages = {name: round(statistics.median(r.stages.get(name, 0.0) for r in samples), 3) for name in names}
        out.append(
            Measurement(
                claims,
                case,
                statistics.median(times),
                min(times),
                max(times),
                max(r.rss for r in samples) / 2**20,
                max(r.pss for r in samples) / 2**20,
                stages,
                search,
            )
        )
    return out


def cold_build(root: Path, work: Path, search: bool) -> Run:
    """A build without a cache or an earlier site."""
    for leftover in (root / "site", root / ".cache"):
        set_aside(leftover, work)
    return timed_build(root, search)


@dataclass
class Growth:
    """Interleaved cold builds of two corpus sizes and the ratio of their times."""

    small_claims: int
    large_claims: int
    small_s: list[float]
    large_s: list[float]
    ratios: list[float]
    """Each large build's time over the mean of the small builds just before and after it."""
    median_ratio: float
    small_cpu_s: list[float]
    large_cpu_s: list[float]
    cpu_ratios: list[float]
    """The same ratio of the CPU time the builds used (their workers' included)."""
    median_cpu_ratio: float
    steal_s: list[float]
    """Per build, in the order taken (small, large, small, …): time the host held the cores back."""
    large_peak_pss_mb: float
    search: bool


def growth(small: int, large: int, runs: int, work: Path, search: bool) -> Growth:
    """How many times a small corpus's cold-build time a large corpus's takes, from interleaved builds."""
    roots = {claims: work / f"corpus-{claims}" for claims in (small, large)}
    for claims, root in roots.items():
        set_aside(root, work)
        write_project(root, claims, seed=1)
    os.sync()  # 600 MB of corpus at N = 50,000: written back now, not during the first builds
    smalls, larges = [cold_build(roots[small], work, search)], []
    for _ in range(runs):
        larges.append(cold_build(roots[large], work, search))
        smalls.append(cold_build(roots[small], work, search))
    neighbours = list(zip(larges, smalls, smalls[1:], strict=False))
    ratios = [big.seconds * 2 / (before.seconds + after.seconds) for big, before, after in neighbours]
    cpu_ratios = [big.cpu * 2 / (before.cpu + after.cpu) if before.cpu + after.cpu else 0.0 for big, before, after in neighbours]
    taken = [smalls[0], *(run for pair in zip(larges, smalls[1:], strict=True) for run in pair)]
    return Growth(
        small,
        large,
        [round(r.seconds, 2) for r in smalls],
        [round(r.seconds, 2) for r in larges],
        [round(ratio, 2) for ratio in ratios],
        round(statistics.median(ratios), 2),
        [round(r.cpu, 1) for r in smalls],
        [round(r.cpu, 1) for r in larges],
        [round(ratio, 2) for ratio in cpu_ratios],
        round(statistics.median(cpu_ratios), 2),
        [round(r.steal, 1) for r in taken],
        round(max(r.pss for r in larges) / 2**20),
        search,
    )


def print_growth(result: Growth) -> None:
    """The interleaved builds and the ratio."""
    print(f"cold builds of {result.small_claims:,} claims: {', '.join(f'{t:.1f} s' for t in result.small_s)}")
    print(f"cold builds of {result.large_claims:,} claims: {', '.join(f'{t:.1f} s' for t in result.large_s)}")
    print(f"growth: {result.median_ratio} times (each large build over the small builds around it: {result.ratios})")
    print(f"CPU time of the builds (s): {result.small_cpu_s} and {result.large_cpu_s}")
    print(f"growth in CPU time: {result.median_cpu_ratio} times ({result.cpu_ratios})")
    print(f"time the host held the cores back during each build (steal, s): {result.steal_s}")


def print_table(rows: list[Measurement]) -> None:
    """A plain-text table."""
    print(f"{'claims':>8} {'case':<16} {'median s':>9} {'min s':>8} {'max s':>8} {'RSS MB':>8} {'PSS MB':>8}  stages (median s)")
    for row in rows:
        stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in row.stages_s.items())
        print(
            f"{row.claims:>8} {row.case:<16} {row.median_s:>9.2f} {row.min_s:>8.2f} {row.max_s:>8.2f} "
            f"{row.peak_rss_mb:>8.0f} {row.peak_pss_mb:>8.0f}  {stages}"
        )


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sverka-benchmark"))
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--no-search", action="store_true", help="build without the search index (build.py --no-search)")
    parser.add_argument("--growth", type=int, nargs=2, metavar=("SMALL", "LARGE"), help="only interleaved cold builds of two sizes")
    args = parser.parse_args()
    if args.growth:
        try:
            small, large = args.growth
            result = growth(small, large, args.runs, args.work, not args.no_search)
        finally:
            shutil.rmtree(args.work / TRASH, ignore_errors=True)
        print_growth(result)
        if args.json:
            args.json.write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
        return
    try:
        rows = [row for claims in args.claims for row in measure(claims, args.runs, args.work, not args.no_search)]
    finally:
        shutil.rmtree(args.work / TRASH, ignore_errors=True)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
