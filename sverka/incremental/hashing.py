"""Content hashes for the speed layer: a key hashes its inputs plus the generator's own code, so that a new generator
never takes anything made by an old one as up to date."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_version() -> str:
    """A hash of the generator's own code (and the open data's schema it publishes): a change makes every key new."""
    digest = hashlib.sha256()
    for file in [*sorted(PACKAGE.rglob("*.py")), PACKAGE.parent / "schemas" / "claims.schema.json"]:
        digest.update(file.relative_to(PACKAGE.parent).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def digest(parts: Iterable[str | bytes]) -> str:
    """A hash of a sequence of strings and bytes, each length-prefixed."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()
