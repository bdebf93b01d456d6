"""Cold builds of this checkout interleaved with another checkout's, or with Hugo, on one corpus.

    python benchmarks/side_by_side.py CORPUS --checkout ../other-checkout --pairs 3
    python benchmarks/side_by_side.py CORPUS --hugo HUGO_SITE --pairs 3   # HUGO_SITE from corpus_to_hugo.py

Each pair builds the corpus with this checkout and then with the other (a fresh copy of the corpus
each time, with that checkout's templates and catalogs; no cache, no site, no search index), and
prints each build's wall time, peak memory and CPU time, then the ratios this / other and their
median as JSON. This machine's speed drifts: only builds taken side by side compare code.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402


def checkout_build(corpus: Path, checkout: Path, work: Path) -> dict[str, float]:
    """A cold build of a fresh copy of the corpus by one checkout's build.py."""
    copy = work / f"corpus-{checkout.name}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns("site", ".cache", "templates", "locales"))
    for folder in ("templates", "locales"):
        shutil.copytree(checkout / folder, copy / folder)
    run.REPO = checkout
    try:
        measured = run.timed_build(copy, search=False)
    finally:
        run.REPO = REPO
    return {"seconds": round(measured.seconds, 2), "pss_mb": round(measured.pss / 2**20), "cpu": round(measured.cpu, 1)}


def hugo_build(site: Path) -> dict[str, float]:
    """A cold build of the converted site by Hugo."""
    for leftover in ("public", "resources"):
        shutil.rmtree(site / leftover, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(["hugo", "--source", str(site), "--quiet"], check=True)
    return {"seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    other = parser.add_mutually_exclusive_group(required=True)
    other.add_argument("--checkout", type=Path, help="another checkout of this project")
    other.add_argument("--hugo", type=Path, help="the corpus converted by corpus_to_hugo.py")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sverka-side-by-side"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    pairs = []
    for number in range(args.pairs):

        def other() -> dict[str, float]:
            return hugo_build(args.hugo) if args.hugo else checkout_build(args.corpus.resolve(), args.checkout.resolve(), args.work)

        # Each pair's first build runs slower here (by up to a fifth): the order alternates, so that it favours neither.
        if number % 2:
            that = other()
            this = checkout_build(args.corpus.resolve(), REPO, args.work)
        else:
            this = checkout_build(args.corpus.resolve(), REPO, args.work)
            that = other()
        pairs.append({"this": this, "other": that, "ratio": round(this["seconds"] / that["seconds"], 3)})
        print(json.dumps(pairs[-1]), flush=True)
    print(json.dumps({"median_ratio": statistics.median(pair["ratio"] for pair in pairs), "pairs": pairs}))


if __name__ == "__main__":
    main()
