"""The output of the mini fixture equals the reviewed golden site (regenerate with `make golden`)."""

from __future__ import annotations

from golden_site import GOLDEN, build_golden, read_tree


def test_the_mini_site_matches_the_golden_site_file_by_file() -> None:
    built, golden = build_golden(), read_tree(GOLDEN)
    assert sorted(built) == sorted(golden), "files added or removed: run `make golden` and review the diff"
    changed = [path for path in sorted(built) if built[path] != golden[path]]
    assert changed == [], f"changed files (run `make golden` and review the diff if intended): {changed[:10]}"
