"""The golden site: the mini fixture built in memory, kept under tests/golden/ for review.

    make golden          # regenerate after an intended change of the output, then review `git diff`

The test compares a fresh build with it file by file, so any change to the output shows up as a
reviewable diff rather than going unnoticed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
sys.path.insert(0, str(HERE))

from conftest import build_files, make_project  # noqa: E402


def build_golden() -> dict[str, bytes]:
    """The mini fixture's site, built with a fixed base URL."""
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder) / "project")
        files = build_files(root, base_url="https://example.org/")
    return {path: content for path, content in files.items() if not path.startswith("static/")}  # copies of templates/static


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def update() -> None:
    """Replace tests/golden/ with a fresh build (built first: a build that fails leaves the golden site as it was)."""
    files = build_golden()
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for path, content in sorted(files.items()):
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/golden_site.py --update")
    update()
