"""`check` holds the editors' edits to the corrections policy against the last commit: a published verdict changes, and a
check goes, only with a word to readers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import make_project, run_cli

CLAIM = "content/claims/talks-date.yaml"
CORRECTION = "corrections:\n  - date: 2026-11-22\n    note: {ru: Вердикт изменён., en: The verdict was changed.}\n"


def git(root: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=E", "-c", "user.email=e@example.org", *arguments], check=True, capture_output=True
    )


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """The small project as the last commit of its own git repository."""
    root = make_project(tmp_path / "project")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    return root


def edit(root: Path, old: str, new: str) -> None:
    path = root / CLAIM
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def warnings(root: Path, lang: str = "en") -> list[str]:
    """The warning lines `check` prints; it must find no error."""
    result = run_cli(root, "check", lang=lang)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stderr.splitlines() if ": warning: " in line or ": предупреждение: " in line]


def test_a_published_verdict_changed_without_a_correction_is_a_warning_at_the_verdict(committed: Path) -> None:
    edit(committed, "verdict: confirmed", "verdict: disputed")
    assert warnings(committed) == [
        f"{CLAIM}:9:10: warning: the verdict was “confirmed” in the last commit and is “disputed” now, with no new correction — "
        "a published verdict changes only with a correction saying what was wrong and what changed"
    ]
    assert "в последнем коммите вердикт был «confirmed», теперь он «disputed»" in warnings(committed, "ru")[0]
    assert run_cli(committed, "check", "--strict").returncode == 1


def test_a_verdict_changed_with_a_correction_or_on_a_check_not_out_yet_is_not(committed: Path) -> None:
    edit(committed, "verdict: confirmed", "verdict: disputed")
    edit(committed, "published: 2026-11-21\n", f"published: 2026-11-21\nupdated: 2026-11-22\n{CORRECTION}")
    assert warnings(committed) == []
    git(committed, "checkout", "-q", "--", CLAIM)
    edit(committed, "published: 2026-11-21\n", "published: 2026-11-21\nstatus: draft\n")
    git(committed, "commit", "-qam", "a draft")
    edit(committed, "verdict: confirmed", "verdict: disputed")  # a draft's verdict is the editors' business
    assert not [line for line in warnings(committed) if "last commit" in line]


def test_a_correction_removed_is_a_warning(committed: Path) -> None:
    edit(committed, "published: 2026-11-21\n", f"published: 2026-11-21\nupdated: 2026-11-22\n{CORRECTION}")
    git(committed, "commit", "-qam", "corrected")
    edit(committed, CORRECTION, "")
    assert warnings(committed) == [
        f"{CLAIM}: warning: a correction of the last commit is gone — a published correction stays on the page for good: put it back"
    ]


def test_outside_a_git_work_tree_nothing_is_said(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root, "verdict: confirmed", "verdict: disputed")
    assert warnings(root) == []


def test_a_published_check_whose_file_is_gone_is_a_warning_unless_another_takes_its_address(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "content/claims/talks-again.yaml").write_bytes((root / CLAIM).read_bytes())
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    (root / "content/claims/talks-again.yaml").unlink()
    gone = (
        "content/claims/talks-again.yaml: warning: this check was published in the last commit and its file is gone, so its "
        "address would lead nowhere — put the file back, or name its id under `aliases:` of the check it went into"
    )
    assert warnings(root) == [gone]
    edit(root, "published: ", "aliases: [talks-again]\npublished: ")  # merged into the other: its address leads there
    assert warnings(root) == []


def test_an_archived_text_renamed_or_removed_since_the_last_commit_is_a_warning(committed: Path) -> None:
    old, new = "001_36549a97ad93da46", "rbc-2025-11-07"
    for suffix in (".txt", ".yaml"):
        (committed / f"seeds/{old}{suffix}").rename(committed / f"seeds/{new}{suffix}")
    for record in (committed / "content").rglob("*.yaml"):
        record.write_text(record.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    gone = (
        f"seeds/{old}.txt: warning: this archived text was in the last commit and is gone, so its source's pages and every link "
        "to its paragraphs would lead nowhere — put it back: a source keeps its id for good"
    )
    assert [line.split(" (a new id")[0] for line in warnings(committed)] == [gone]
    assert any(line.startswith(f"seeds/{old}.txt: предупреждение: ") for line in warnings(committed, "ru"))
