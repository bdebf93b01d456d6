"""One live-preview session on a corpus, timed as an editor waits: from a save to the changed page served.

    python benchmarks/preview.py CORPUS RUNS [--no-search]

Starts `build.py serve` on CORPUS at a free port and prints one JSON line per measurement:

  {"edit": "start", "first_page": s, "built": s}  from the command's start to the first page served
                                                  (site/ as a plain build left it), and to the
                                                  preview's own first build in place
  {"edit": "summary", "seconds": s}               RUNS times: one claim's summary saved, until its
                                                  page is served with the edit
  {"edit": "headline", "seconds": s}              RUNS times: the same claim's headline

The watcher, the rebuild and the HTTP request are all inside the time. The search index, which the
preview refreshes in the background at the lowest priority, is not waited for (`--no-search`: the
preview does not refresh it). The preview is stopped with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import edit_claim, edit_headline  # noqa: E402

PAGE = "/ru/claims/claim-00007/"
"""The page showing the claim the edits change (its Russian summary and headline)."""
MARK = "Правка {run}."
FAILED = b"The build failed"
"""What the preview prints (in English: it runs with --lang en) after a build that failed."""
TIMEOUT = 600.0
POLL = 0.005


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(port: int, path: str) -> str | None:
    """A page's text, or None while the server does not answer with it."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def wait(condition: Callable[[], bool]) -> float:
    """Poll until the condition holds; the time it took."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > TIMEOUT:
            raise SystemExit("the preview did not answer in time")
        time.sleep(POLL)
    return time.perf_counter() - started


def failures(log: Path) -> int:
    """How many builds of the preview have failed so far (each says so in its log)."""
    return log.read_bytes().count(FAILED)


def settled(log: Path, failed_before: int, condition: Callable[[], bool]) -> bool:
    """Whether the condition holds; stops the benchmark, rather than waiting on, a build that failed."""
    if failures(log) > failed_before:
        tail = log.read_bytes().decode("utf-8", "replace").strip().splitlines()[-6:]
        raise SystemExit("a build of the preview failed (an edited corpus? make a fresh one with corpus.py):\n" + "\n".join(tail))
    return condition()


def timed_edit(root: Path, port: int, log: Path, edit: Callable[[Path, int], None], run: int) -> float:
    """Save an edit, then wait until the page shows it once more than before."""
    mark = MARK.format(run=run)
    before = (fetch(port, PAGE) or "").count(mark)
    time.sleep(0.5)  # the watcher's state settles: each edit is timed from a quiet preview
    failed = failures(log)
    started = time.perf_counter()
    edit(root, run)
    wait(lambda: settled(log, failed, lambda: (fetch(port, PAGE) or "").count(mark) > before))
    return time.perf_counter() - started


def main() -> None:
    if len(sys.argv) < 3 or not sys.argv[2].isdigit():
        raise SystemExit(__doc__)
    root, runs = Path(sys.argv[1]), int(sys.argv[2])
    port = free_port()
    with tempfile.NamedTemporaryFile("w+b", suffix=".log") as log:
        started = time.perf_counter()
        command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "--lang", "en", "serve", "--port", str(port), *sys.argv[3:]]
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait(lambda: fetch(port, PAGE) is not None)
            first_page = time.perf_counter() - started
            written = Path(log.name)
            wait(lambda: settled(written, 0, lambda: b"Rebuilt in" in written.read_bytes()))
            print(json.dumps({"edit": "start", "first_page": first_page, "built": time.perf_counter() - started}), flush=True)
            for name, edit in (("summary", edit_claim), ("headline", edit_headline)):
                for run in range(runs):
                    print(json.dumps({"edit": name, "seconds": timed_edit(root, port, written, edit, run)}), flush=True)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(60)


if __name__ == "__main__":
    main()
