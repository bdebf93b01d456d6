"""Publishing: put the new site in place all at once, or not at all.

The new site is assembled in a staging folder beside site/: files whose bytes changed are written
there, every other file is a hard link to the current site's copy (no byte of it is written again).
Only when everything succeeded is the staging folder swapped in; the old site is never written to.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path


def link_tree(paths: Iterable[str], source: Path, folder: Path) -> None:
    """Hard-link files of the current site into the new one."""
    made: set[Path] = set()
    for path in sorted(paths):
        target = folder / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.link(source / path, target)


class Staging:
    """The folder the next site is assembled in, swapped in by `commit` or removed by `discard`."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.folder = site.with_name(f".{site.name}.staging")
        self.retired = site.with_name(f".{site.name}.old")
        for leftover in (self.folder, self.retired):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.folder.mkdir(parents=True)

    def keep(self, paths: Iterable[str]) -> None:
        """Carry files of the current site over unchanged."""
        link_tree(paths, self.site, self.folder)

    def keep_folder(self, name: str) -> None:
        """Carry a whole folder of the current site over unchanged (e.g. the search index), if it exists."""
        source = self.site / name
        if source.is_dir():
            link_tree((p.relative_to(self.site).as_posix() for p in source.rglob("*") if p.is_file()), self.site, self.folder)

    def discard(self) -> None:
        """Forget the staged site; the current one stays as it is."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self, after_write: Callable[[Path], None] | None = None) -> None:
        """Run `after_write` on the staged site (the search indexer), then swap it in; on failure keep the old site."""
        if after_write is not None:
            try:
                after_write(self.folder)
            except BaseException:
                self.discard()
                raise
        if self.site.exists():
            os.replace(self.site, self.retired)
        os.replace(self.folder, self.site)
        if self.retired.exists():
            shutil.rmtree(self.retired)
