"""Repeatable: two clean builds of the same project, in two folders, give byte-identical sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_project, run_cli
from gates import copy_repository


def built_tree(root: Path) -> dict[str, bytes]:
    """Build a project with the command line and read back every file of its site/."""
    result = run_cli(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """Files present in one tree only, or with different bytes."""
    return [
        f"{path}: {'only in one build' if path not in first or path not in second else 'different bytes'}"
        for path in sorted(set(first) | set(second))
        if first.get(path) != second.get(path)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["repo", "mini", "hostile"])
def test_two_clean_builds_in_two_folders_give_byte_identical_sites(fixture: str, tmp_path: Path) -> None:
    roots = [tmp_path / "first" / "project", tmp_path / "second-build" / "elsewhere"]
    for root in roots:
        if fixture == "repo":
            copy_repository(root)
        else:
            make_project(root, fixture)
    first, second = (built_tree(root) for root in roots)
    assert first, "the build wrote no files"
    assert not differences(first, second)
