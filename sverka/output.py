"""Publishing: put the new site in place all at once, or not at all.

Files whose bytes changed are first written to a staging folder beside site/; nothing in site/ is
touched until every file is rendered and checked. Then one of two ways publishes them:

- `commit` swaps a whole new tree in: every unchanged file is hard-linked into the staging folder
  (no byte of it is written again), the search indexer runs over the staged tree, and the two
  folders are exchanged by renames. Used when the search index must be rebuilt before publishing,
  and when site/ is missing or not as the last build's manifest says (nothing unknown is carried over).
- `publish` moves only the changed files into site/ and deletes the removed ones: work in
  proportion to the change, not to the site. A journal listing every step is written first, so a
  publish cut off half-way is completed by the next build before it looks at site/
  (`finish_publishing`, which `build.py` calls first). A build that knows it will publish this way
  (no search index to make first, site/ as its manifest says) stages its files side by side in one
  flat folder (`staged_name`): making each file's folders in the staging folder, then removing them,
  took 20–35 ms for the 15 files a headline edit changes, more than rendering most of them.

A build that fails before either call discards the staging folder; site/ stays as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
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


def staged_name(path: str) -> str:
    """The name a changed file is staged under in a flat staging folder: one made from its path."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:40]


def staged_path(folder: str | Path, path: str, flat: bool) -> str:
    """Where the file of the site's `path` is staged in `folder`: by `staged_name` if flat, else at its own path."""
    return os.path.join(folder, staged_name(path) if flat else path)


class Staging:
    """The folder the next site is assembled in, published by `commit` or `publish`, or removed by `discard`.

    A `flat` one holds only changed files, side by side (`staged_path`), and can only be published by `publish`.
    """

    def __init__(self, site: Path, flat: bool = False) -> None:
        self.site = site
        self.flat = flat
        self.folder = site.with_name(f".{site.name}.staging")
        self.retired = site.with_name(f".{site.name}.old")
        self.journal = journal_of(site)
        finish_publishing(site)
        for leftover in (self.folder, self.retired):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.folder.mkdir(parents=True)

    def keep(self, paths: Iterable[str]) -> None:
        """Carry files of the current site over unchanged."""
        self.whole_tree("carried over into")
        link_tree(paths, self.site, self.folder)

    def whole_tree(self, use: str) -> None:
        """Refuse a use that needs the staging folder to hold the new site's tree."""
        if self.flat:
            raise ValueError(f"a flat staging folder holds only changed files and cannot be {use} a whole site")

    def discard(self) -> None:
        """Forget the staged site; the current one stays as it is (a publish already journalled is completed instead)."""
        if self.journal.exists():
            with contextlib.suppress(OSError):  # if it fails, the journal stays: the next build completes the publish first
                finish_publishing(self.site)
            return
        shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self, after_write: Callable[[Path], None] | None = None) -> None:
        """Run `after_write` on the staged site (the search indexer), then swap it in; on failure keep the old site."""
        self.whole_tree("swapped in as")
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

    def publish(self, written: Iterable[str], removed: Iterable[str], drop_folders: Iterable[str] = ()) -> None:
        """Move the staged files into site/, delete `removed` files and `drop_folders`; journalled, so never half done."""
        plan = {"written": sorted(written), "removed": sorted(removed), "folders": sorted(drop_folders), "flat": self.flat}
        temporary = self.journal.with_name(self.journal.name + ".tmp")
        temporary.write_text(json.dumps(plan), encoding="utf-8")
        os.replace(temporary, self.journal)  # from here on, the publish completes even if this process dies
        finish_publishing(self.site)


def journal_of(site: Path) -> Path:
    """Where the journal of an in-place publish of `site` is kept."""
    return site.with_name(f".{site.name}.journal.json")


def finish_publishing(site: Path) -> bool:
    """Carry out a journalled publish of `site` (again, if it was cut off: every step may be repeated); whether there was one.

    Removals come first, so that a path that turns from a file into a folder (or back) is free when
    the new file is moved in. A journal says whether the files were staged `flat`.
    """
    journal, staged = journal_of(site), site.with_name(f".{site.name}.staging")
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        journal.unlink()  # a journal is written whole before it is used: a torn one was never acted on
        return False
    for path in plan["removed"]:
        target = site / path
        if target.is_file() or target.is_symlink():
            target.unlink()
        prune_empty_folders(target.parent, site)
    for name in plan["folders"]:
        shutil.rmtree(site / name, ignore_errors=True)
    flat, made = plan.get("flat", False), set()
    for path in plan["written"]:
        source, target = staged_path(staged, path, flat), os.path.join(site, path)
        if os.path.exists(source):
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)  # a new page's folder
                made.add(folder)
            os.replace(source, target)  # atomic: a reader of site/ (the preview's search indexer) sees one file or the other
    journal.unlink()
    shutil.rmtree(staged, ignore_errors=True)
    return True


def prune_empty_folders(folder: Path, site: Path) -> None:
    """Remove folders left empty by a deletion, up to (not including) site/."""
    while folder != site and folder.is_relative_to(site):
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone)
            return
        folder = folder.parent
