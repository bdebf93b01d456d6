"""How the incremental build publishes: through the core's staged swap, or (the preview) in place."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from ..i18n import N_
from ..jobs import PageJob
from ..output import Staging, write_file
from ..render import Made, Renderer, make_file
from ..search import BUNDLE
from ..sources import checksum
from ..stopwatch import Stopwatch
from .manifest import Entry, write_manifest
from .parallel import map_parallel

Indexer = Callable[[Path], None]
TEMPORARY = ".tmp-publish"


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory between one process's builds (Jinja's bytecode cache), reused while their source is unchanged."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.kept.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.kept[bucket.key] = (bucket.checksum, bucket.code)


@dataclass
class Swap:
    """The core's staged publishing: workers write changed files, unchanged ones are hard-linked, then it is all indexed and swapped in."""

    staging: Staging
    live: dict[str, Entry]
    cache: Path
    """Where the manifest is written: before the swap, so that no build ends with a site/ its manifest does not describe."""
    carry_index: bool = False
    """The preview's way: the last search index goes into the new site, answering until its own indexer replaces it."""

    def render(self, renderer: Renderer, jobs: list[PageJob]) -> list[tuple[Made, str]]:
        """Render the jobs on every core, each file written into the staging folder unless its bytes are the live file's."""
        live = self.live

        def render_one(job: PageJob) -> tuple[Made, str]:
            made = make_file(renderer, job)
            if made.content is None:
                return made, ""
            sha = checksum(made.content)
            entry = live.get(job.output)
            if entry is None or entry.sha256 != sha:
                self.staging.write(job.output, made.content)
            return Made(job.output, None, made.error, made.missing), sha

        return map_parallel(lambda index: render_one(jobs[index]), list(range(len(jobs))), 32)

    def publish(self, changes: Changes, indexer: Indexer | None, clock: Stopwatch) -> dict[str, Entry]:
        """Carry the unchanged files over, index, write the new manifest, swap; the new manifest."""
        site, written, entries = self.staging.site, changes.written, {}
        if not written and not changes.removed and (indexer is None or (site / BUNDLE).is_dir()) and site.is_dir():
            self.staging.discard()  # every file's bytes are as they were
            entries = changes.manifest_after(site)
            write_manifest(self.cache, entries)
            return entries

        def finish(folder: Path) -> None:
            if indexer is not None:
                clock.time(N_("search index"), indexer, folder)
            elif self.carry_index and (site / BUNDLE).is_dir():
                bundle = site / BUNDLE
                self.staging.keep(os.path.relpath(os.path.join(path, name), site) for path, _, names in os.walk(bundle) for name in names)
            # The staged files are the very inodes site/ will hold. Should the swap not happen, site/ is
            # still checked against this manifest file by file: its older files are made again.
            entries.update(changes.manifest_after(folder))
            write_manifest(self.cache, entries)

        self.staging.keep(path for path in changes.prints if path not in written)
        self.staging.commit(finish)
        return entries

    def discard(self) -> None:
        self.staging.discard()


@dataclass
class InPlace:
    """Publishing a few changed files straight into site/, each replaced atomically once all are rendered."""

    site: Path
    contents: dict[str, bytes] = field(default_factory=dict)

    def render(self, renderer: Renderer, jobs: list[PageJob]) -> list[tuple[Made, str]]:
        """Render the jobs here, keeping their bytes until every one has rendered."""
        done = []
        for job in jobs:
            made = make_file(renderer, job)
            if made.content is not None:
                self.contents[job.output] = made.content
            done.append((made, checksum(made.content) if made.content is not None else ""))
        return done

    def publish(self, changes: Changes, indexer: Indexer | None, clock: Stopwatch) -> dict[str, Entry]:
        """Write the changed files beside their old copies, then replace each, remove the removed ones; the new manifest."""
        written = sorted(changes.written)
        try:  # every file written before any is replaced: a full disk leaves site/ as it was
            for path in written:
                write_file(self.site, path + TEMPORARY, self.contents[path])
        except BaseException:
            for path in written:
                Path(self.site, path + TEMPORARY).unlink(missing_ok=True)
            raise
        for path in written:
            os.replace(os.path.join(self.site, path + TEMPORARY), os.path.join(self.site, path))  # atomic: one file or the other
        for path in sorted(changes.removed):
            with_folders_removed(self.site, path)
        return changes.manifest_after(self.site)

    def discard(self) -> None:
        """Nothing was written yet."""


def with_folders_removed(site: Path, path: str) -> None:
    target = site / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != site:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


@dataclass(frozen=True)
class Changes:
    """What a build changes in site/: each file's fingerprint, hashes of files rendered, those written and removed, the manifest before."""

    prints: dict[str, str]
    hashes: dict[str, str]
    written: frozenset[str]
    removed: frozenset[str]
    manifest: dict[str, Entry]

    def manifest_after(self, site: Path) -> dict[str, Entry]:
        """The manifest after publishing: the files rendered now are recorded again (those written with
        their size and time now), the others keep their entry (their fingerprint is the one it holds)."""
        entries = {path: entry for path, entry in self.manifest.items() if path in self.prints}
        for path, sha in self.hashes.items():
            old = self.manifest.get(path)
            if path in self.written or old is None:
                stat = os.stat(site / path)
                entries[path] = Entry(self.prints[path], stat.st_size, stat.st_mtime_ns, sha)
            else:
                entries[path] = Entry(self.prints[path], old.size, old.mtime_ns, sha)
        return entries
