"""The project's own files: only regular files inside the project folder are read. A link leading outside the project is
not followed (what it leads to is not the project's to publish, nor to quote in a message); links inside are. A special
file (pipe, device, socket) is not read: reading a pipe waits forever."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .i18n import N_

NOT_REGULAR = N_("it is not a regular file")
"""The reason a pipe, a device or a socket is not read as an editor's file."""

OUTSIDE, SPECIAL = "outside", "special"
"""Why a path of the project is not read."""


def refusal(root: Path, path: str | Path) -> str | None:
    """Why a path may not be read: OUTSIDE, SPECIAL, or None (a regular file or a folder inside the project, or nothing there)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # nothing there, or a link left dangling: reading it fails with the system's reason
    if not is_inside(root, path):
        return OUTSIDE
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else SPECIAL


def is_inside(root: Path, path: str | Path) -> bool:
    """Whether a path, with its links followed, stays inside the project folder."""
    home = os.path.realpath(root)
    return os.path.commonpath([home, os.path.realpath(path)]) == home


def entry_refusal(root: Path, entry: os.DirEntry[str]) -> str | None:
    """`refusal` of an entry of a listed folder inside the project, without a system call for a plain file or folder."""
    if not entry.is_symlink() and (entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)):
        return None
    return refusal(root, entry.path)


def read_regular(path: str | Path) -> bytes:
    """A regular file's bytes; OSError for anything else, raised without waiting on a pipe or a device."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
        return file.read()


def walk_files(root: Path, folder: Path, skip: str | None = None) -> list[str]:
    """Every file below a folder of the project but those below `skip`, as paths; linked folders inside the project
    are followed, each real folder once, and a link leading outside it is listed as a file, not followed."""
    found: list[str] = []
    stack, seen = [str(folder)], set()
    while stack:
        current = stack.pop()
        try:
            real = os.path.realpath(current)
            if real in seen:
                continue
            seen.add(real)
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            try:
                is_folder = entry.is_dir() and not (entry.is_symlink() and not is_inside(root, entry.path))
            except OSError:
                continue
            if is_folder:
                if entry.path != skip:
                    stack.append(entry.path)
            else:
                found.append(entry.path)
    return found
