"""Full-text search: Pagefind indexes the rendered site, one bundle per language (`pagefind/<lang>/`).

Each language's pages are indexed by their own Pagefind process, all at once, so the indexer uses
every core and a reader's search loads only the index of the page's language.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .i18n import N_
from .problems import Collector, Problem, ProblemsFound, fail_on

BUNDLE = "pagefind"
"""The folder below the site root where Pagefind writes its index and its UI scripts."""
TIMEOUT_SECONDS = 300
LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}$")


def pagefind_command() -> list[str]:
    """The command that runs the Pagefind binary shipped in the `pagefind_bin` package."""
    from pagefind_bin import get_executable  # imported here so that `check` never needs the indexer

    return [str(get_executable())]


def index_search(folder: Path, command: list[str] | None = None, output: Path | None = None) -> None:
    """Index every page of a written site into `output/<lang>/` (default `folder/pagefind/`); raise ProblemsFound if it fails."""
    problems = Collector()
    # the language folders of the site (a language code holding an index page: `ru/`, `en/`), or the site itself
    languages = sorted(p.name for p in folder.iterdir() if LANGUAGE_FOLDER.match(p.name) and (p / "index.html").is_file()) or [""]
    target = output or folder / BUNDLE
    with ThreadPoolExecutor(max_workers=max(1, len(languages))) as pool:
        reasons = list(pool.map(lambda lang: index_language(folder, lang, command, target), languages))
    for reason in dict.fromkeys(r for r in reasons if r is not None):
        report_failure(problems, reason)
    fail_on(problems, strict=False)


def index_language(folder: Path, lang: str, command: list[str] | None, output: Path) -> str | None:
    """Index one language's pages into its own bundle; the reason it failed, or None."""
    bundle = output / lang if lang else output
    reason = run_indexer(folder, command, bundle, f"{lang}/**/*.html" if lang else "**/*.html")
    if reason is None:
        try:
            sort_entry(bundle / "pagefind-entry.json")
        except (OSError, ValueError, AttributeError) as error:
            reason = str(error)
    return reason


def run_indexer(folder: Path, command: list[str] | None, bundle: Path, glob: str) -> str | None:
    """Run Pagefind over the pages of `folder` matching `glob`, writing `bundle`; the reason it failed, or None."""
    try:
        program = command if command is not None else pagefind_command()
        arguments = [*program, "--site", str(folder), "--glob", glob, "--output-path", str(bundle.resolve()), "--silent"]
        result = subprocess.run(arguments, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, ImportError, subprocess.SubprocessError) as error:
        return str(error) or type(error).__name__
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        lines = [line.strip() for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        return " / ".join(lines[-3:]) or f"exit status {result.returncode}"  # the end of its output, on one line
    return None


def index_published_site(site: Path, command: list[str] | None = None) -> None:
    """Index a published site beside it, then swap the new index in: until then, its last index keeps answering."""
    fresh, retired = site.with_name(f".{site.name}.search"), site.with_name(f".{site.name}.search-old")
    for leftover in (fresh, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        index_search(site, command, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    current = site / BUNDLE
    if current.exists():
        os.replace(current, retired)
    os.replace(fresh, current)
    shutil.rmtree(retired, ignore_errors=True)


class BackgroundIndexer:
    """Re-indexes the published site in a thread whenever asked; asks made while it runs make one more run."""

    def __init__(self, site: Path, report: Callable[[list[Problem]], None], command: list[str] | None = None) -> None:
        self.site, self.report, self.command = site, report, command
        self.nice = ["nice", "-n", "19"] if shutil.which("nice") else []
        """At the lowest priority: the preview's rebuilds come first."""
        self.wanted = threading.Event()
        threading.Thread(target=self.run, name="search-index", daemon=True).start()

    def request(self) -> None:
        """Index again once the current run (if any) is over."""
        self.wanted.set()

    def run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            try:
                index_published_site(self.site, [*self.nice, *(self.command or pagefind_command())])
            except ProblemsFound as found:
                self.report(found.problems)
            except Exception as error:  # e.g. the site folder changed under the indexer: the next run starts afresh
                problems = Collector()
                report_failure(problems, f"{type(error).__name__}: {error}")
                self.report(problems.problems)


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
