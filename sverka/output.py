"""Publishing: put the rendered site in place all at once, or not at all."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def write_tree(files: dict[str, bytes], folder: Path) -> None:
    """Write every file under `folder`, creating directories as needed."""
    for path in sorted(files):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])


def link_tree(paths: frozenset[str], source: Path, folder: Path) -> None:
    """Hard-link unchanged files of the current site into the new one: no byte of them is written again."""
    for path in sorted(paths):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source / path, target)


def publish(
    files: dict[str, bytes],
    site: Path,
    after_write: Callable[[Path], None] | None = None,
    keep: frozenset[str] = frozenset(),
) -> None:
    """Replace `site` with exactly `files` plus the `keep` files of the current site, all at once.

    A failure before the swap leaves the old site untouched. Kept files are hard links to the old
    site's files, and the old site is never written to, so it stays intact until the swap.

    `after_write` runs on the written staging folder before the swap (the search indexer); if it raises,
    the staging folder is removed and the old site stays.
    """
    staging = site.with_name(f".{site.name}.staging")
    retired = site.with_name(f".{site.name}.old")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    link_tree(keep, site, staging)
    write_tree(files, staging)
    if after_write is not None:
        try:
            after_write(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    if site.exists():
        os.replace(site, retired)
    os.replace(staging, site)
    if retired.exists():
        shutil.rmtree(retired)
