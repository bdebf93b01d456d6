"""Publishing: put the rendered site in place all at once, or not at all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_tree(files: dict[str, bytes], folder: Path) -> None:
    """Write every file under `folder`, creating directories as needed."""
    for path in sorted(files):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])


def publish(files: dict[str, bytes], site: Path) -> None:
    """Replace `site` with exactly `files`; a failure before the swap leaves the old site untouched."""
    staging = site.with_name(f".{site.name}.staging")
    retired = site.with_name(f".{site.name}.old")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    write_tree(files, staging)
    if site.exists():
        os.replace(site, retired)
    os.replace(staging, site)
    if retired.exists():
        shutil.rmtree(retired)
