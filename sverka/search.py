"""Full-text search: Pagefind indexes the rendered site, one bundle per language (`pagefind/<lang>/`). Each language runs
its own Pagefind process at once, so indexing uses every core and a reader's search loads only its language's index."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

from .i18n import N_
from .output import link_files
from .problems import Collector, Problem, ProblemsFound, fail_on
from .system import ProjectLock, refusals_told

BUNDLE = "pagefind"
"""The folder below the site root where Pagefind writes its index and its UI scripts."""
TIMEOUT_SECONDS = 300
PAGES = ".pages"
"""The folder, in the bundle while it is made, that holds the pages in a fixed order (`ordered_pages`)."""
ORPHAN_DIES = ["setpriv", "--pdeathsig", "KILL", "--"] if shutil.which("setpriv") else []
"""An indexer is killed if its build is (Linux's parent-death signal): none outlives the build to write into the next one."""
LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}$")


def pagefind_command() -> list[str]:
    """The command that runs the Pagefind binary shipped in the `pagefind_bin` package."""
    from pagefind_bin import get_executable  # imported here so that `check` never needs the indexer

    return [str(get_executable())]


def index_search(folder: Path, command: list[str] | None = None, output: Path | None = None, running: Indexers | None = None) -> None:
    """Index every page of a written site into `output/<lang>/` (default `folder/pagefind/`); raise ProblemsFound if it fails.
    The indexers started are in `running` while they run; if this is interrupted, they are killed at once."""
    problems, running = Collector(), Indexers() if running is None else running
    # the language folders of the site (a language code holding an index page: `ru/`, `en/`), or the site itself
    languages = sorted(p.name for p in folder.iterdir() if LANGUAGE_FOLDER.match(p.name) and (p / "index.html").is_file()) or [""]
    target = output or folder / BUNDLE
    pages = ordered_pages(folder, languages, target / PAGES)
    with ThreadPoolExecutor(max_workers=max(1, len(languages))) as pool:
        try:
            reasons = list(pool.map(lambda lang: index_language(pages, lang, command, target, running), languages))
        except BaseException:  # Ctrl-C, or one indexer failed outright: the others stop too, and the
            running.stop()  # caller discards the folder the index was going into, these pages with it
            raise
    shutil.rmtree(pages, ignore_errors=True)
    if is_full(target):  # Pagefind reports no failed write: on a full disk its files are cut short, whatever it says
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
    for reason in dict.fromkeys(r for r in reasons if r is not None):
        report_failure(problems, reason)
    fail_on(problems, strict=False)


def ordered_pages(folder: Path, languages: list[str], mirror: Path) -> Path:
    """The pages to index, hard-linked into `mirror` in path order: Pagefind numbers pages in the order it lists folders,
    often creation order, which parallel rendering leaves unfixed, so the index bytes would differ between builds."""
    shutil.rmtree(mirror, ignore_errors=True)
    found = [os.path.join(path, name) for lang in languages for path, _, names in os.walk(folder / lang) for name in names]
    pages = sorted(os.path.relpath(page, folder) for page in found if page.endswith(".html"))
    link_files(folder, mirror, [page for page in pages if page.split(os.sep, 1)[0] != BUNDLE])
    mirror.mkdir(parents=True, exist_ok=True)
    return mirror


def is_full(folder: Path) -> bool:
    """Whether the file system holding `folder` has no block or no file left to give."""
    space = os.statvfs(folder)
    blocks = space.f_bfree if os.geteuid() == 0 else space.f_bavail
    return blocks == 0 or (space.f_files > 0 and space.f_favail == 0)


def index_language(folder: Path, lang: str, command: list[str] | None, output: Path, running: Indexers) -> str | None:
    """Index one language's pages into its own bundle; the reason it failed, or None."""
    bundle = output / lang if lang else output
    reason = run_indexer(folder, command, bundle, f"{lang}/**/*.html" if lang else "**/*.html", running)
    if reason is None:
        try:
            sort_entry(bundle / "pagefind-entry.json")
        except (OSError, ValueError, AttributeError) as error:
            reason = str(error)
    return reason


def run_indexer(folder: Path, command: list[str] | None, bundle: Path, glob: str, running: Indexers) -> str | None:
    """Run Pagefind over the pages of `folder` matching `glob`, writing `bundle`; the reason it failed, or None."""
    try:
        program = command if command is not None else pagefind_command()
        arguments = [*program, "--site", str(folder), "--glob", glob, "--output-path", str(bundle.resolve()), "--silent"]
        process = subprocess.Popen([*ORPHAN_DIES, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except (OSError, ImportError, subprocess.SubprocessError) as error:
        return str(error) or type(error).__name__
    running.add(process)
    try:
        output, errors = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return f"no result after {TIMEOUT_SECONDS} s"
    finally:
        running.processes.discard(process)
    if process.returncode in (-signal.SIGINT, -signal.SIGTERM):
        raise KeyboardInterrupt  # Ctrl-C reached the indexer too: the build is being stopped, nothing failed
    if process.returncode == -signal.SIGKILL:
        raise MemoryError  # killed by the system (or by a build stopping, which then reports nothing)
    if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
        lines = [line.strip() for line in (errors or output).splitlines() if line.strip()]
        return " / ".join(lines[-3:]) or f"exit status {process.returncode}"  # the end of its output, on one line
    return None


class Indexers:
    """The indexer processes of one run: `stop` kills those running, and any started after."""

    def __init__(self) -> None:
        self.processes: set[subprocess.Popen[str]] = set()
        self.stopped = False

    def add(self, process: subprocess.Popen[str]) -> None:
        """Count a process in; killed at once if the run was stopped while it started."""
        self.processes.add(process)
        if self.stopped:
            process.kill()

    def stop(self) -> None:
        """Kill every process of the run, now and from now on."""
        self.stopped = True
        for process in list(self.processes):
            with suppress(OSError):
                process.kill()


def index_published_site(
    site: Path, command: list[str] | None = None, running: Indexers | None = None, lock: ProjectLock | None = None
) -> None:
    """Index a published site beside it, then swap the new index in (until then, its last index keeps answering); not if
    site/ was replaced meanwhile or another process is building the project: that build makes its own index."""
    fresh, retired = site.with_name(f".{site.name}.search"), site.with_name(f".{site.name}.search-old")
    for leftover in (fresh, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    indexed = inode(site)
    try:
        index_search(site, command, fresh, running)
        with (lock or ProjectLock(site.parent / ".cache")).held(wait=False) as had:
            if had and inode(site) == indexed:
                current = site / BUNDLE
                if current.exists():
                    os.replace(current, retired)
                os.replace(fresh, current)
    except ProblemsFound:
        if inode(site) == indexed:
            raise  # else the site was replaced under the indexer: nothing failed
    finally:
        for leftover in (fresh, retired):
            shutil.rmtree(leftover, ignore_errors=True)


def inode(path: Path) -> int:
    """The inode of a folder (a swap gives site/ a new one); 0 if there is none."""
    try:
        return os.stat(path).st_ino
    except OSError:
        return 0


class BackgroundIndexer:
    """Re-indexes the published site in a thread whenever asked; asks made while it runs make one more run."""

    def __init__(self, site: Path, report: Callable[[list[Problem]], None], lock: ProjectLock, command: list[str] | None = None) -> None:
        self.site, self.report, self.lock, self.command = site, report, lock, command
        self.nice = ["nice", "-n", "19"] if shutil.which("nice") else []
        """At the lowest priority: the preview's rebuilds come first."""
        self.wanted, self.stopped = threading.Event(), threading.Event()
        self.running = Indexers()
        self.current = False
        """Whether the index in site/ is of the pages there now."""
        self.thread = threading.Thread(target=self.run, name="search-index", daemon=True)
        self.thread.start()

    def request(self) -> None:
        """Index again once the current run (if any) is over."""
        self.current = False
        self.wanted.set()

    def stop(self) -> None:
        """Stop the run in progress at once and start no other (the preview is stopping); nothing is reported."""
        self.stopped.set()
        self.wanted.set()
        self.running.stop()
        self.thread.join(timeout=1)  # time to remove its unfinished index; a run still listing pages ends with the process

    def run(self) -> None:
        while not self.stopped.is_set():
            self.wanted.wait()
            self.wanted.clear()
            self.running = Indexers()
            if self.stopped.is_set():  # checked after: `stop` stops either this run or the last
                return
            try:
                with refusals_told(self.site.parent):
                    index_published_site(self.site, [*self.nice, *(self.command or pagefind_command())], self.running, self.lock)
                self.current = not self.wanted.is_set()
            except KeyboardInterrupt:
                pass  # Ctrl-C reached the indexer: the preview is stopping
            except Exception as error:  # e.g. the site folder changed under the indexer: the next run starts afresh
                if not self.stopped.is_set():
                    self.report(failure_of(error))


def failure_of(error: Exception) -> list[Problem]:
    if isinstance(error, ProblemsFound):
        return error.problems
    problems = Collector()
    report_failure(problems, f"{type(error).__name__}: {error}")
    return problems.problems


def sort_entry(entry: Path) -> None:
    """List the index's languages in a fixed order: Pagefind writes them in a random one, and builds must repeat."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def report_failure(problems: Collector, reason: str) -> None:
    """Record the indexer's failure at the file that declares it."""
    template = N_(
        "the search indexer (Pagefind) failed: {reason} — the site was not replaced; "
        "reinstall the environment with `make clean-env site` and build again"
    )
    problems.add("pyproject.toml", 1, 1, template, reason=reason)
