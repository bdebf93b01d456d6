"""Shared helpers: throwaway copies of a fixture project, builds and HTML parsing."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(REPO))

import build  # noqa: E402
from sverka.problems import ProblemsFound  # noqa: E402

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
"""Any JSON value (text of any characters: Cyrillic, quotes, control characters), for format properties."""


def make_project(dest: Path, fixture: str = "mini") -> Path:
    """A buildable project in `dest`: a fixture's content with the repo's templates and catalogs, and the archived
    texts its own source metadata names (copied byte for byte; the publication's other sources stay out)."""
    shutil.copytree(FIXTURES / fixture, dest, dirs_exist_ok=True)
    for folder in ("templates", "locales"):
        shutil.copytree(REPO / folder, dest / folder, dirs_exist_ok=True)
    for meta in sorted((FIXTURES / fixture / "seeds").glob("*.yaml")):
        shutil.copy2(REPO / "seeds" / f"{meta.stem}.txt", dest / "seeds" / f"{meta.stem}.txt")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture project."""
    return make_project(tmp_path / "project")


def build_files(root: Path, **options: object) -> dict[str, bytes]:
    """Build a project in memory and return its files."""
    files, _ = build.build_site(root, **options)  # type: ignore[arg-type]
    return files


def problems_of(root: Path, **options: object) -> list[str]:
    """The formatted one-line heads of the problems a build reports (English)."""
    with pytest.raises(ProblemsFound) as found:
        build.build_site(root, **options)  # type: ignore[arg-type]
    return [f"{p.path}:{p.line}:{p.column}: {p.message('en')}" for p in found.value.problems if p.severity == "error"]


def run_cli(root: Path, *args: str, lang: str = "en", timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """Run build.py as an editor would, on the project in `root` (`timeout`: for a command that could wait for good)."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "--lang", lang, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def write(root: Path, path: str, text: str) -> Path:
    """Write a file of the project (UTF-8)."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def correct_three_times(root: Path) -> None:
    """Give the fixture's check talks-date three corrections, on 22, 23 and 24 November 2026."""
    claim = (root / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    log = "".join(f"  - date: 2026-11-2{day}\n    note: {{ru: Поправка {day}., en: Fix {day}.}}\n" for day in (2, 3, 4))
    corrected = claim.replace("published: 2026-11-21\n", f"published: 2026-11-21\nupdated: 2026-11-24\ncorrections:\n{log}")
    write(root, "content/claims/talks-date.yaml", corrected)


from gates import browser, server, sites  # noqa: E402, F401 - session fixtures of the quality gates (tests/gates.py)


def interruptible() -> None:
    """In a child about to start: Ctrl-C acts as it does from a terminal. A runner that starts the tests in the
    background has SIGINT ignored, which children inherit, and Python then installs no handler for it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
