"""Full-text search: Pagefind indexes the rendered site (each language separately, from `<html lang>`)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .i18n import N_
from .problems import Collector

BUNDLE = "pagefind"
"""The folder below the site root where Pagefind writes its index and its UI scripts."""
TIMEOUT_SECONDS = 300


def pagefind_command() -> list[str]:
    """The command that runs the Pagefind binary shipped in the `pagefind_bin` package."""
    from pagefind_bin import get_executable  # imported here so that `check` never needs the indexer

    return [str(get_executable())]


def index_search(folder: Path, command: list[str] | None = None) -> None:
    """Index every page of a written site into `folder/pagefind/`; raise ProblemsFound if the indexer fails."""
    problems = Collector()
    reason = run_indexer(folder, command)
    if reason is None:
        try:
            sort_entry(folder / BUNDLE / "pagefind-entry.json")
        except (OSError, ValueError, AttributeError) as error:
            reason = str(error)
    if reason is not None:
        report_failure(problems, reason)
    problems.raise_if_any()


def run_indexer(folder: Path, command: list[str] | None) -> str | None:
    """Run Pagefind over `folder`; the reason it failed, or None."""
    try:
        program = command if command is not None else pagefind_command()
        result = subprocess.run(
            [*program, "--site", str(folder), "--output-subdir", BUNDLE, "--silent"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, ImportError, subprocess.SubprocessError) as error:
        return str(error) or type(error).__name__
    if result.returncode != 0 or not (folder / BUNDLE / "pagefind.js").is_file():
        return last_lines(result.stderr or result.stdout) or f"exit status {result.returncode}"
    return None


def sort_entry(entry: Path) -> None:
    """List the index's languages in a fixed order: Pagefind writes them in a random one, and builds must repeat."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def report_failure(problems: Collector, reason: str) -> None:
    """Record the indexer's failure at the file that declares it."""
    problems.add(
        "pyproject.toml",
        1,
        1,
        N_(
            "the search indexer (Pagefind) failed: {reason} — the site was not replaced; "
            "reinstall the environment with `make clean-env site` and build again"
        ),
        reason=reason,
    )


def last_lines(text: str, count: int = 3) -> str:
    """The end of a program's output, on one line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:])
