"""A content-addressed cache of parsed records (in .cache/). Keys hash an entry's inputs plus the generator's own code,
so a stale entry is never found; a pack whose checksum does not match is removed and made again, never trusted."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import zlib
from collections.abc import Container, Iterable, Mapping
from contextlib import suppress
from functools import cache
from pathlib import Path

from ..system import naming

PACKAGE = Path(__file__).resolve().parent.parent
MAGIC = b"sverka-cache-2\n"


@cache
def code_version() -> str:
    """A hash of the generator's own code (and the open data's schema it publishes): a change invalidates every entry."""
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


def key_of(*parts: bytes | str) -> str:
    return digest([code_version(), *parts])


SHARDS = 64
"""How many pack files a kind of entry is spread over: few files to make on a cold build, small ones to rewrite after an edit."""

Entries = dict[str, tuple[str, bytes]]
"""A pack's entries: a name (the record's file) → the key it was made from and the pickled value."""


class Cache:
    """Entries in pack files `<folder>/<kind>/<shard>.pack`, each found only under the record's name and the key it was
    stored with, so an edited file (a new key) never gets its old record."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pack_path(self, kind: str, shard: int) -> Path:
        return self.folder / kind / f"{shard:02x}.pack"

    @staticmethod
    def shard_of(name: str) -> int:
        return zlib.crc32(name.encode()) % SHARDS

    def read_shards(self, kind: str, names: Iterable[str]) -> dict[int, Entries]:
        """The entries of every pack holding one of `names`, by pack (each read once)."""
        return {shard: self.read_pack(kind, shard) for shard in sorted({self.shard_of(name) for name in names})}

    def read_pack(self, kind: str, shard: int) -> Entries:
        """One pack's entries; none when it is absent or damaged (a damaged pack is removed)."""
        path = self.pack_path(kind, shard)
        try:
            raw = path.read_bytes()
        except OSError:
            return {}
        header = len(MAGIC) + 32
        if raw[: len(MAGIC)] != MAGIC or hashlib.sha256(raw[header:]).digest() != raw[len(MAGIC) : header]:
            path.unlink(missing_ok=True)
            return {}
        try:
            entries = pickle.loads(raw[header:])
        except Exception:
            path.unlink(missing_ok=True)
            return {}
        return entries if isinstance(entries, dict) else {}

    def update_packs(
        self, kind: str, changed: Mapping[str, tuple[str, bytes] | None], present: Container[str], read: Mapping[int, Entries] | None = None
    ) -> None:
        """Store new entries (None: the name has none now) in their packs, dropping names not `present`;
        the packs in `read` (by `read_shards`) are taken as this build read them, not read again."""
        for leftover in (self.folder / kind).glob(".tmp-*"):  # of a build killed while writing; builds hold the project lock
            leftover.unlink(missing_ok=True)
        shards: dict[int, list[str]] = {}
        for name in changed:
            shards.setdefault(self.shard_of(name), []).append(name)
        for shard, names in sorted(shards.items()):
            pack = read[shard] if read is not None and shard in read else self.read_pack(kind, shard)
            entries = {name: entry for name, entry in pack.items() if name in present}
            for name in names:
                entry = changed[name]
                if entry is None:
                    entries.pop(name, None)
                else:
                    entries[name] = entry
            self.write_pack(kind, shard, dict(sorted(entries.items())))

    def write_pack(self, kind: str, shard: int, entries: Entries) -> None:
        """Write one pack atomically (a temporary file, then a rename); an empty pack is removed. A write
        that fails or is interrupted (Ctrl-C) leaves neither a temporary file nor a changed pack."""
        path = self.pack_path(kind, shard)
        if not entries:
            path.unlink(missing_ok=True)
            return
        payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with naming(path), os.fdopen(handle, "wb") as out:
                out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise
