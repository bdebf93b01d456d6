"""Publishing: the new site is assembled beside site/ and swapped in whole, or not at all. Nothing in site/ is touched
until every file is rendered and checked. Files whose bytes are unchanged are hard-linked, not written again; the search
indexer runs over the staged tree; then it is swapped in, in one step where the system can (else by two renames, the
first undone by the next build if cut off). A failed build discards the staging folder."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from .system import exchange, inodes_told, naming


class Staging:
    """The folder the next site is assembled in, published by `commit` or removed by `discard`."""

    def __init__(self, site: Path) -> None:
        if site.is_symlink():  # site/ links to a folder elsewhere (a web server's, say): the swap happens there
            with suppress(FileNotFoundError):  # a link to nothing yet: the site is made where it points
                os.stat(site)  # links in a loop: refused with their name (Path.resolve would raise RuntimeError)
            site = Path(os.path.realpath(site))
        if site.exists() and not site.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(site))
        self.site = site
        self.folder = site.with_name(f".{site.name}.staging")
        self.retired = site.with_name(f".{site.name}.old")
        if self.retired.exists() and not site.exists():
            os.replace(self.retired, site)  # a swap cut off between its two renames: the old site comes back
        for leftover in (self.folder, self.retired):
            if leftover.exists():
                remove_tree(leftover)
        self.folder.mkdir(parents=True)
        self.made: set[str] = set()

    def write(self, path: str, content: bytes) -> None:
        with inodes_told(self.folder):
            write_file(self.folder, path, content, self.made)

    def keep(self, paths: Iterable[str]) -> None:
        """Carry files of the current site over unchanged (hard links: no byte is copied)."""
        with inodes_told(self.folder):
            link_files(self.site, self.folder, sorted(paths))

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self, after_write: Callable[[Path], None]) -> None:
        """Run `after_write` on the staged site (the search indexer), then swap it in; on failure keep the old site."""
        try:
            after_write(self.folder)
        except BaseException:
            self.discard()
            raise
        if not self.site.exists():
            os.replace(self.folder, self.site)
        elif exchange(self.folder, self.site):  # atomic: site/ is never missing, even for a moment
            remove_leftover(self.folder)
        else:
            os.replace(self.site, self.retired)
            os.replace(self.folder, self.site)
            remove_leftover(self.retired)


def remove_leftover(folder: Path) -> None:
    """Remove the site just replaced; what cannot be removed now is left for the next build, which names it. A Ctrl-C
    here is let pass: the new site is in place, and the build is reported as done rather than as stopped."""
    with suppress(OSError, KeyboardInterrupt):
        remove_tree(folder)


def remove_tree(folder: Path) -> None:
    """`shutil.rmtree`, which also removes what sits in folders made read-only or unreadable (site/en/ after a
    `chmod -w`, say), and raises what stopped it with the whole path (it names only the last part of it)."""
    try:
        remove_tree_once(folder)
    except PermissionError:
        owners_again(folder)
        remove_tree_once(folder)


def remove_tree_once(folder: Path) -> None:
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=lambda function, path, error: told_in_full(path, error))
    else:  # `onexc` is new in 3.12, and `onerror` deprecated there
        shutil.rmtree(folder, onerror=lambda function, path, info: told_in_full(path, info[1]))


def owners_again(folder: Path) -> None:
    """Give the owner back reading, writing and listing of every folder of a tree (links are not followed: what they
    point at is not the tree's); a folder that is not the owner's stays as it is, for the removal to name."""
    with suppress(OSError):
        os.chmod(folder, os.stat(folder).st_mode | stat.S_IRWXU)
    for path, folders, _ in os.walk(folder):  # top-down: each folder is opened before it is listed
        for name in folders:
            inner = os.path.join(path, name)
            if not os.path.islink(inner):
                with suppress(OSError):
                    os.chmod(inner, os.stat(inner).st_mode | stat.S_IRWXU)


def told_in_full(path: str, error: BaseException) -> None:
    if isinstance(error, OSError):
        raise OSError(error.errno, error.strerror, path) from None
    raise error


def link_files(source: str | Path, target: str | Path, paths: Iterable[str]) -> None:
    """Hard-link each of `paths` from below `source` to the same place below `target`, in the order given."""
    made: set[str] = set()
    for path in paths:
        linked = os.path.join(target, path)
        parent = os.path.dirname(linked)
        if parent not in made:
            made.add(parent)
            os.makedirs(parent, exist_ok=True)
        os.link(os.path.join(source, path), linked)


def write_whole(file: Path, data: bytes) -> None:
    """Write a file whole or not at all: a full disk or an interruption leaves no part of it, and a file it replaces
    as it was."""
    temporary = file.with_name(f".{file.name[-200:]}.new")  # cut: the file's own name may be as long as a name can be
    try:
        temporary.write_bytes(data)
        os.replace(temporary, file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_file(folder: str | Path, path: str, content: bytes, made: set[str] | None = None) -> None:
    """Write one file of the site below `folder`, making its folders (unless listed in `made`, which it adds to)."""
    target = os.path.join(folder, path)
    parent = os.path.dirname(target)
    if made is None or parent not in made:
        os.makedirs(parent, exist_ok=True)
        if made is not None:
            made.add(parent)
    with naming(target), open(target, "wb") as file:
        file.write(content)
