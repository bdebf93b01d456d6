"""What a build asks of the operating system: one build of a project at a time, an atomic swap of two folders, workers
that end with the build, and its refusals (no space, memory or permission) told as messages, not tracebacks."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from pathlib import Path

from .i18n import N_, os_reason
from .problems import Problem, ProblemsFound

LOCK_FILE = "build.lock"
PREVIEW_LOCK = "preview.lock"
AT_FDCWD, RENAME_EXCHANGE, PR_SET_PDEATHSIG = -100, 2, 1
"""Linux's constants for renameat2(2) and prctl(2)."""

NO_SPACE = N_("no space left on the device — free some space, then build again")
NO_MEMORY = N_("the build ran out of memory — close other programs, then build again")
NOT_ALLOWED = N_("this cannot be written or read: permission denied — check its owner and permissions, then build again")
NOT_PERMITTED = N_(
    "the system does not let this be changed, whatever its permissions — check whether it, or the folder it is in, is "
    "marked unchangeable (`lsattr -d` on Linux, `ls -ldO` on macOS), then build again"
)
READ_ONLY = N_("the disk this is on is mounted read-only — build on a disk that can be written, or mount it so")
NO_FILES_LEFT = N_("the disk can hold no more files (it has space, but no free inodes) — remove files you do not need, then build again")
A_FOLDER = N_("this is a folder where the build writes a file — move it away, then build again")
NOT_A_FOLDER = N_("this, or a folder on its path, is a file where the build needs a folder — move the file away, then build again")
IN_THE_WAY = N_("this is a file where the build makes a folder — move it away, then build again")
REFUSED = N_("the file system refused: {reason} — check the disk, then build again")
TOO_LONG = N_("this name is too long for the file system — choose a shorter one")
MISSING = N_("this file is missing — restore it (`git checkout -- {path}` brings back the committed one), then build again")
TEMPLATES = {
    **dict.fromkeys((errno.ENOSPC, errno.EDQUOT), NO_SPACE),
    errno.EACCES: NOT_ALLOWED,
    errno.EPERM: NOT_PERMITTED,
    errno.EROFS: READ_ONLY,
    errno.EISDIR: A_FOLDER,
    errno.ENOTDIR: NOT_A_FOLDER,
    errno.EEXIST: IN_THE_WAY,
    errno.ENOMEM: NO_MEMORY,
    errno.ENAMETOOLONG: TOO_LONG,
    errno.ENOENT: MISSING,
    errno.ELOOP: N_("this symbolic link leads round in a loop — remove it, or point it at what it stands for"),
    errno.EXDEV: N_(
        "this is on another disk than the folder around it (a mount point, a container's volume), and the build makes the "
        "new site beside site/ to swap it in — mount the folder above it instead, or make site a link to a folder on that disk"
    ),
}


class ProjectLock:
    """One build of a project at a time: an exclusive `flock` on `.cache/build.lock`, taken by one thread
    of this process at a time. Processes forked while it is held hold it too, until they end."""

    def __init__(self, cache: Path, waiting: Callable[[], None] = lambda: None) -> None:
        self.path, self.waiting, self.threads = cache / LOCK_FILE, waiting, threading.Lock()

    @contextmanager
    def held(self, wait: bool = True) -> Iterator[bool]:
        """Hold the lock for the block; whether it was had (without `wait`, not while anyone else holds it)."""
        if not self.threads.acquire(blocking=wait):
            yield False
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                had = take(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if not had and wait:
                    self.waiting()  # said once, then the wait is the system's
                    had = take(handle, fcntl.LOCK_EX)
                yield had
            finally:
                os.close(handle)  # releases the lock
        finally:
            self.threads.release()


@contextmanager
def sole_preview(cache: Path, address: str) -> Iterator[str | None]:
    """Hold `.cache/preview.lock` while this preview runs, its address written in it; yields the address of the
    preview already running instead, if there is one (two previews would write site/ for two addresses)."""
    cache.mkdir(parents=True, exist_ok=True)
    handle = os.open(cache / PREVIEW_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not take(handle, fcntl.LOCK_EX | fcntl.LOCK_NB):
            yield os.pread(handle, 300, 0).decode("utf-8", "replace").strip()
            return
        os.ftruncate(handle, 0)
        os.pwrite(handle, address.encode(), 0)
        yield None
    finally:
        os.close(handle)  # releases the lock


def take(handle: int, operation: int) -> bool:
    """Apply a `flock` operation; False if the lock is held elsewhere and the operation does not wait."""
    try:
        fcntl.flock(handle, operation)
    except BlockingIOError:
        return False
    return True


class RefusedBySystem(ProblemsFound):
    """The system refused the build something (space, memory, a file): not the editor's mistake, told as one."""


@contextmanager
def refusals_told(root: Path) -> Iterator[None]:
    """Turn the system's refusals within the block into a located message (`RefusedBySystem`)."""
    try:
        yield
    except (MemoryError, BrokenProcessPool):  # a worker process ends abruptly when the system kills it for memory
        raise RefusedBySystem([Problem("", 0, 0, NO_MEMORY)]) from None
    except OSError as error:
        template = NO_FILES_LEFT if isinstance(error, NoInodesError) else TEMPLATES.get(error.errno or 0, REFUSED)
        where = where_in(root, error.filename)
        raise RefusedBySystem([Problem(where, 0, 0, template, (("reason", os_reason(error)), ("path", where)))]) from None


class NoInodesError(OSError):
    """No space left (ENOSPC) on a file system that has space but no free inodes: told apart where it happens, for
    removing what was written (the staging folder) frees them before the message is made."""


@contextmanager
def inodes_told(folder: Path) -> Iterator[None]:
    """Raise a refusal for want of space within the block as NoInodesError when the file system of `folder` has no inodes left."""
    try:
        yield
    except OSError as error:
        if error.errno == errno.ENOSPC and out_of_inodes(folder):
            raise NoInodesError(error.errno, error.strerror, error.filename) from None
        raise


def out_of_inodes(folder: Path) -> bool:
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):  # AttributeError: not Unix
        return False
    return stats.f_files > 0 and stats.f_favail == 0 and stats.f_bavail > 0


@contextmanager
def naming(path: str | Path) -> Iterator[None]:
    """Name `path` in an OSError raised within that names no file (a failed write names none)."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            error.filename = str(path)
        raise


def where_in(root: Path, filename: object) -> str:
    """A path as messages show it: relative to the project when inside it."""
    if not isinstance(filename, str | bytes | os.PathLike):
        return ""
    path = Path(os.fsdecode(filename))
    with suppress(ValueError):
        return path.absolute().relative_to(root).as_posix()
    return path.as_posix()


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2 RENAME_EXCHANGE); False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # an older kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(second))


def stop_on_signals() -> None:
    """Ctrl-C and SIGTERM stop this process as Ctrl-C stops Python, once: a second press while it cleans up (its workers
    ended, the staging folder removed, the lock released) would leave that half done, and a worker waiting for good."""

    def stop(number: int, frame: object) -> None:
        for each in (signal.SIGINT, signal.SIGTERM):
            signal.signal(each, signal.SIG_IGN)
        raise KeyboardInterrupt

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, stop)


def die_with_parent(parent: int) -> None:
    """In a worker process: end when the build that started it ends, even if killed (Linux's parent-death
    signal), and leave Ctrl-C and SIGTERM to the build, which stops its workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with suppress(OSError, AttributeError):  # no prctl outside Linux
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build ended before the signal was asked for
        os._exit(1)
