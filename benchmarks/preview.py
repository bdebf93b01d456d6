"""One live-preview session on a corpus, as `build.py serve` runs it, for the benchmark's `preview-edit` case.

    python benchmarks/preview.py CORPUS RUNS

Builds once with the project kept in memory and prints `ready` with that build's wall time and stage
times; then, RUNS times, edits one claim's
summary and rebuilds, and RUNS times its headline (which lists, related checks, source pages, the
timeline and claims.json show) and rebuilds, printing one JSON line per rebuild: what was edited, its
wall time and the time of each stage. As in the preview, the watcher looks at the folders every
POLL_SECONDS, each rebuild comes once the folders have been quiet for DEBOUNCE_SECONDS after the edit,
and it starts with the watcher's look (the `look` stage), which the build is given: with the kernel's
notices of changes, a look at the files they name; without, or now and then, at every file.
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
from sverka.memory import Memory  # noqa: E402
from sverka.parallel import heap_set_aside  # noqa: E402

import build  # noqa: E402
from sverka.notices import open_notices  # noqa: E402
from sverka.serve import DEBOUNCE_SECONDS, POLL_SECONDS, Watcher, settle_heap  # noqa: E402
from sverka.stopwatch import Stopwatch  # noqa: E402

ADDRESS = "http://127.0.0.1:8000/"
"""The address `build.py serve` builds the site for by default: its pages' fingerprints differ from
those of a build for another address, so the session's first build, after the command-line builds,
renders every file, as the preview's first build does."""


def rebuild(root: Path, memory: Memory, watcher: Watcher) -> dict[str, object]:
    """One rebuild of the preview, from the watcher's look at the files (which the build is given, as
    `build.py serve` gives it) to the site published; its wall time and stage times."""
    clock = Stopwatch()
    started = time.perf_counter()
    memory.look = watcher.look()
    clock.lap("look")
    with heap_set_aside():
        build.build_and_publish(root, ADDRESS, False, None, None, clock, memory, index_later=True)
    return {"seconds": time.perf_counter() - started, "stages": clock.stages}


def main() -> None:
    root, runs = Path(sys.argv[1]), int(sys.argv[2])
    memory, watcher = Memory(), Watcher(root, open_notices())
    first = rebuild(root, memory, watcher)
    settle_heap()  # as `build.py serve` does after its first build
    print("ready", json.dumps(first), flush=True)
    for edit, change in (("summary", edit_claim), ("headline", edit_headline)):
        for run in range(runs):
            change(root, 1000 + run)
            quiet = time.monotonic() + DEBOUNCE_SECONDS  # the preview builds once the folders were quiet this long,
            while time.monotonic() < quiet:  # looking at them meanwhile
                watcher.look()
                time.sleep(POLL_SECONDS)
            print(json.dumps({"edit": edit, **rebuild(root, memory, watcher)}), flush=True)


if __name__ == "__main__":
    main()
