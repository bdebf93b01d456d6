"""A content-addressed cache of parsed records, checked quotes and rendered pages (in .cache/).

Every entry is keyed by a hash of everything it was made from, plus the generator's own code, so a
stale entry can never be found. Every entry carries a checksum of its bytes, so a corrupted one is
detected, removed and made again — never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
MAGIC = b"sverka-cache-1\n"


@cache
def code_version() -> str:
    """A hash of the generator's own code (and the open data's schema it publishes): a change invalidates every entry."""
    digest = hashlib.sha256()
    for file in [*sorted(PACKAGE.glob("*.py")), PACKAGE.parent / "schemas" / "claims.schema.json"]:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def key_of(*parts: bytes | str) -> str:
    """A cache key from the inputs an entry depends on."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """Entries stored as files `<folder>/<kind>/<key[:2]>/<key>`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def path(self, kind: str, key: str) -> Path:
        """Where an entry lives."""
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Any | None:
        """The stored value, or None when absent or corrupted (a corrupted entry is removed)."""
        path = self.path(kind, key)
        try:
            raw = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        header = len(MAGIC) + 32
        if raw[: len(MAGIC)] != MAGIC or hashlib.sha256(raw[header:]).digest() != raw[len(MAGIC) : header]:
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        try:
            value = pickle.loads(raw[header:])
        except Exception:
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store a value atomically (write to a temporary file, then rename)."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path = self.path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)


class NoCache(Cache):
    """A cache that keeps nothing (tests, `check`)."""

    def __init__(self) -> None:
        super().__init__(Path("/nonexistent"))

    def get(self, kind: str, key: str) -> Any | None:
        self.misses += 1
        return None

    def put(self, kind: str, key: str, value: Any) -> None:
        return None
