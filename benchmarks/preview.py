"""One live-preview session on a corpus, as `build.py serve` runs it, for the benchmark's `preview-edit` case.

    python benchmarks/preview.py CORPUS RUNS

Builds once with the project kept in memory and prints `ready` with that build's wall time and stage
times; then, RUNS times, edits one claim's
summary and rebuilds, and RUNS times its headline (which lists, related checks, source pages, the
timeline and claims.json show) and rebuilds, printing one JSON line per rebuild: what was edited, its
wall time and the time of each stage. As in the preview, each rebuild comes once the folders have been
quiet for DEBOUNCE_SECONDS after the edit, and starts with a look at every file of the editor's folders
(the `look` stage), which the build is given.
The search index, which the preview refreshes in the background after each rebuild, is not run.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(Path(__file__).resolve().parent)]

from corpus import edit_claim, edit_headline  # noqa: E402

import build  # noqa: E402
from sverka.memory import Memory  # noqa: E402
from sverka.parallel import heap_set_aside  # noqa: E402
from sverka.serve import DEBOUNCE_SECONDS, settle_heap, snapshot  # noqa: E402
from sverka.stopwatch import Stopwatch  # noqa: E402


ADDRESS = "http://127.0.0.1:8000/"
"""The address `build.py serve` builds the site for by default: its pages' fingerprints differ from
those of a build for another address, so the session's first build, after the command-line builds,
renders every file, as the preview's first build does."""


def rebuild(root: Path, memory: Memory) -> dict[str, object]:
    """One rebuild of the preview, from the look at the files that finds the change (which the build is
    given, as `build.py serve` gives it) to the site published; its wall time and stage times."""
    clock = Stopwatch()
    started = time.perf_counter()
    memory.look = snapshot(root)
    clock.lap("look")
    with heap_set_aside():
        build.build_and_publish(root, ADDRESS, False, None, None, clock, memory, index_later=True)
    return {"seconds": time.perf_counter() - started, "stages": clock.stages}


def main() -> None:
    root, runs = Path(sys.argv[1]), int(sys.argv[2])
    memory = Memory()
    first = rebuild(root, memory)
    settle_heap()  # as `build.py serve` does after its first build
    print("ready", json.dumps(first), flush=True)
    for edit, change in (("summary", edit_claim), ("headline", edit_headline)):
        for run in range(runs):
            change(root, 1000 + run)
            time.sleep(DEBOUNCE_SECONDS)  # the preview builds once the folders were quiet this long
            print(json.dumps({"edit": edit, **rebuild(root, memory)}), flush=True)


if __name__ == "__main__":
    main()
