"""Incremental builds: what each page was made from, and whether the site still holds it.

Every page gets a fingerprint of its inputs. A claim page depends on everything except the bodies
of the other claims; a source page on everything except the bodies of the claims that do not quote
it; every other page and generated file on everything. A page whose fingerprint is unchanged since
the last build, and whose file in site/ is untouched (same size and modification time), is kept as
it is; everything else is rendered. The output is therefore always the same as a clean build's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import code_version
from .records import Claim, Project

MANIFEST = "site-manifest.json"
EVERYTHING = ("everything",)


def digest(parts: Iterable[str | bytes]) -> str:
    """A hash of a sequence of strings and bytes, each length-prefixed."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def input_files(root: Path) -> list[Path]:
    """Every file the site is made from except the claim records (templates, catalogs, content, seeds)."""
    files: list[Path] = []
    for folder in ("templates", "locales", "content", "seeds"):
        base = root / folder
        if base.is_dir():
            files.extend(f for f in base.rglob("*") if f.is_file() and "claims" not in f.relative_to(root).parts[:2])
    return sorted(files)


def claim_index_entry(claim: Claim) -> str:
    """What other pages show of a claim (lists, related checks): any change here re-renders them all."""
    return json.dumps(
        [
            claim.id,
            claim.headline,
            claim.explanation,
            claim.verdict,
            claim.published.isoformat(),
            bool(claim.corrections),
            list(claim.events),
            list(claim.tags),
            sorted(claim.sources),
        ],
        ensure_ascii=False,
        sort_keys=True,
    )


@dataclass(frozen=True)
class Fingerprints:
    """The fingerprints of one build's inputs."""

    base: str
    everything: str
    claims: dict[str, str]
    sources: dict[str, str]

    def of(self, depends: tuple[str, ...] | None) -> str:
        """The fingerprint of a page that depends on `("claim", id)`, `("source", id)` or everything."""
        if depends and depends[0] == "claim" and depends[1] in self.claims:
            return self.claims[depends[1]]
        if depends and depends[0] == "source" and depends[1] in self.sources:
            return self.sources[depends[1]]
        return self.everything


def fingerprint_project(project: Project, root: Path, settings: str) -> Fingerprints:
    """Fingerprints for a checked project; `settings` holds command-line overrides such as the base URL."""
    files = input_files(root)
    base = digest([code_version(), settings, *(p for f in files for p in (f.relative_to(root).as_posix(), f.read_bytes()))])
    index = digest(claim_index_entry(c) for c in sorted(project.claims, key=lambda c: c.id))
    shared = digest([base, index])
    claims = {c.id: digest([shared, c.digest]) for c in project.claims}
    everything = digest([shared, *(claims[c.id] for c in sorted(project.claims, key=lambda c: c.id))])
    sources = {
        s.id: digest([shared, *(c.digest for c in sorted(project.claims_by_source.get(s.id, ()), key=lambda c: c.id))])
        for s in project.sources
    }
    return Fingerprints(base, everything, claims, sources)


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one file of site/."""

    fingerprint: str
    size: int
    mtime_ns: int
    sha256: str


def read_manifest(cache_folder: Path, site: Path) -> dict[str, Entry]:
    """The last build's manifest, with only the entries whose file in site/ is untouched."""
    try:
        raw = json.loads((cache_folder / MANIFEST).read_text(encoding="utf-8"))
        entries = {path: Entry(*values) for path, values in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}
    valid = {}
    for path, entry in entries.items():
        try:
            stat = (site / path).stat()
        except OSError:
            continue
        if stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns:
            valid[path] = entry
    return valid


def unchanged_bytes(files: dict[str, bytes], previous: dict[str, Entry]) -> frozenset[str]:
    """Rendered files whose bytes equal the file already in site/: they are kept, not written again."""
    return frozenset(
        path for path, content in files.items() if path in previous and previous[path].sha256 == hashlib.sha256(content).hexdigest()
    )


def write_manifest(cache_folder: Path, site: Path, fingerprints: dict[str, str], hashes: dict[str, str]) -> None:
    """Remember each file's fingerprint, size, modification time and content hash as now in site/."""
    entries = {}
    for path, fingerprint in sorted(fingerprints.items()):
        stat = (site / path).stat()
        entries[path] = [fingerprint, stat.st_size, stat.st_mtime_ns, hashes[path]]
    cache_folder.mkdir(parents=True, exist_ok=True)
    temporary = cache_folder / (MANIFEST + ".tmp")
    temporary.write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")
    temporary.replace(cache_folder / MANIFEST)
