"""Incremental builds: what each page was made from, and whether the site still holds it.

Every file gets a fingerprint of its inputs: the inputs every page shares (code, templates,
catalogs, standing content, the list of sources, the claim index) and what its job's `Needs` name
(whole claims, the quotes of claims, sources). A file whose fingerprint is unchanged since the last
build, and whose copy in site/ is untouched (same size and modification time), is kept as it is;
everything else is rendered. The output is therefore always the same as a clean build's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import code_version
from .records import Claim, Project, Source

if TYPE_CHECKING:
    from .render import Needs

MANIFEST = "site-manifest.json"


def digest(parts: Iterable[str | bytes]) -> str:
    """A hash of a sequence of strings and bytes, each length-prefixed."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def input_files(root: Path) -> list[Path]:
    """The files every page may depend on: templates, catalogs and content except the claim records and sources."""
    files: list[Path] = []
    for folder in ("templates", "locales", "content"):
        base = root / folder
        if base.is_dir():
            files.extend(f for f in base.rglob("*") if f.is_file() and "claims" not in f.relative_to(root).parts[:2])
    return sorted(files)


def claim_index_entry(claim: Claim) -> str:
    """What other pages show of a claim (lists, related checks, corrections): a change here re-renders them all."""
    return json.dumps(
        [
            claim.id,
            claim.headline,
            claim.explanation,
            claim.verdict,
            claim.published.isoformat(),
            claim.modified.isoformat(),
            [[c.date.isoformat(), c.note] for c in claim.corrections],
            list(claim.events),
            list(claim.tags),
            sorted(claim.sources),
        ],
        ensure_ascii=False,
        sort_keys=True,
    )


def quotes_entry(claim: Claim) -> str:
    """What a source page or the timeline shows of a claim beyond its index entry: its quotes, where they stand."""
    return repr([(q.id, q.source, q.text, q.original, q.translation, q.prefix, q.suffix, q.span) for q in claim.quotes])


def source_entry(source: Source) -> str:
    """A source's metadata and a hash of its text."""
    return repr((source.id, source.title, source.language, source.published, source.outlet, source.url, source.attribution, source.sha256))


@dataclass(frozen=True)
class Fingerprints:
    """The fingerprints of one build's inputs."""

    shared: str
    everything: str
    claims: dict[str, str]
    quotes: dict[str, str]
    sources: dict[str, str]
    all_sources: str

    def of(self, needs: Needs | None) -> str:
        """The fingerprint of a file that shows the shared inputs and what `needs` names (None: everything)."""
        if needs is None:
            return self.everything
        parts = [self.shared, "claims", *(self.claims.get(c, f"absent {c}") for c in needs.claims)]
        parts += ["quotes", *(self.quotes.get(c, f"absent {c}") for c in needs.quotes_of)]
        if needs.sources is None:
            parts += ["all sources", self.all_sources]
        else:
            parts += ["sources", *(self.sources.get(s, f"absent {s}") for s in needs.sources)]
        return digest(parts)


def fingerprint_project(project: Project, root: Path, settings: str) -> Fingerprints:
    """Fingerprints for a checked project; `settings` holds command-line overrides such as the base URL."""
    files = input_files(root)
    base = digest([code_version(), settings, *(p for f in files for p in (f.relative_to(root).as_posix(), f.read_bytes()))])
    ordered = sorted(project.claims, key=lambda c: c.id)
    index = digest(claim_index_entry(c) for c in ordered)
    shared = digest([base, index, *sorted(s.id for s in project.sources)])
    claims = {c.id: c.digest for c in ordered}
    quotes = {c.id: digest([quotes_entry(c)]) for c in ordered}
    sources = {s.id: digest([source_entry(s)]) for s in project.sources}
    all_sources = digest(sources[s] for s in sorted(sources))
    everything = digest([shared, all_sources, *(part for c in ordered for part in (claims[c.id], quotes[c.id]))])
    return Fingerprints(shared, everything, claims, quotes, sources, all_sources)


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
