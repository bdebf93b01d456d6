"""What the last build left in site/: each file's fingerprint and content hash, and a stamp of its inputs. An entry is
trusted only while its file keeps the recorded size and modification time (a file changed by hand is made again); the
inputs stamp tells from file metadata alone that nothing was touched since the last build."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from ..confine import walk_files
from ..output import write_whole
from ..problems import Problem
from ..system import naming
from .hashing import code_version, digest

MANIFEST = "site-manifest.json"
STAMP = "inputs-stamp.json"
STAMPED_FOLDERS = ("content", "seeds", "templates", "locales")


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one file of site/."""

    fingerprint: str
    size: int
    mtime_ns: int
    sha256: str


def read_manifest(cache_folder: Path, site: Path) -> tuple[dict[str, Entry], bool]:
    """The last build's manifest, with only the entries whose file in site/ is untouched; and whether all are."""
    try:
        raw = json.loads((cache_folder / MANIFEST).read_text(encoding="utf-8"))
        entries = {path: Entry(*values) for path, values in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}, False
    valid = {}
    for path, entry in entries.items():
        try:
            stat = os.stat(os.path.join(site, path))
        except OSError:
            continue
        if stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns:
            valid[path] = entry
    return valid, bool(entries) and len(valid) == len(entries)


def write_json(target: Path, data: object) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with naming(target):
        write_whole(target, json.dumps(data, sort_keys=True).encode("utf-8"))


def write_manifest(cache_folder: Path, entries: dict[str, Entry]) -> None:
    write_json(cache_folder / MANIFEST, {path: [e.fingerprint, e.size, e.mtime_ns, e.sha256] for path, e in entries.items()})


def inputs_stamp(root: Path, settings: str) -> str:
    """A hash of each input's stat (path, size, times, inode), the code and settings; any write changes ctime, which no tool sets back."""
    parts: list[str] = [code_version(), settings]
    for folder in STAMPED_FOLDERS:
        for path in sorted(walk_files(root, root / folder)):
            try:
                stat = os.stat(path)
            except OSError:  # a link left dangling, or a file deleted meanwhile: the loader reports it
                parts.append(f"{path}\0unreadable")
                continue
            parts.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}")
    return digest(parts)


def read_stamp(cache_folder: Path, now: datetime) -> tuple[str, tuple[Problem, ...]] | None:
    """The inputs stamp of the last successful build and its warnings (reported again when nothing changed), while `now`
    shows the same edition: no scheduled record has come due since, and none that had is due no longer (an earlier --now)."""
    try:
        data = json.loads((cache_folder / STAMP).read_text(encoding="utf-8"))
        since, until = data.get("since"), data.get("until")
        if (until is not None and now >= datetime.fromisoformat(until)) or (since is not None and now < datetime.fromisoformat(since)):
            return None
        warnings = tuple(
            Problem(w["path"], w["line"], w["column"], w["template"], tuple((k, v) for k, v in w["params"]), w["severity"])
            for w in data.get("warnings", ())
        )
        return str(data["stamp"]), warnings
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


Window = tuple[datetime | None, datetime | None]
"""From when until when a build's edition holds: when the last scheduled record went out, and when the next goes."""


def write_stamp(cache_folder: Path, stamp: str | None, window: Window = (None, None), warnings: tuple[Problem, ...] = ()) -> None:
    """Remember the inputs stamp of a build and its warnings, good from `window`'s start until its end, the moments
    its edition holds (None forgets the stamp: the next build checks everything)."""
    if stamp is None:
        (cache_folder / STAMP).unlink(missing_ok=True)
    else:
        since, until = (moment.isoformat() if moment else None for moment in window)
        stamped = {"stamp": stamp, "since": since, "until": until, "warnings": [asdict(w) for w in warnings]}
        write_json(cache_folder / STAMP, stamped)
