"""The incremental build: load → check → plan → render → publish, each stage reusing what is unchanged.

A one-off `build.py` makes a fresh `Builder`: it reads the manifest and the record cache from .cache/,
renders only the files whose fingerprint changed, and publishes through the core's staged swap. The
preview keeps one `Builder` for its whole session: it also keeps the records, checks, plan and
fingerprints of its last build in memory, is told by the watcher which files changed, and replaces
the few files an edit changes in place (`publish_in_place`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..jobs import Needs, PageJob
from ..output import Staging, write_file
from ..plan import plan
from ..problems import Collector, Problem, ProblemsFound, fail_on
from ..records import Project
from ..render import Made, Renderer, make_file, report_outcomes
from ..settings import Settings
from ..stopwatch import Stopwatch
from .cache import Cache
from .fingerprints import ASPECTS, ClaimPrint, Fingerprints, fingerprint_project
from .manifest import Entry, inputs_stamp, read_manifest, read_stamp, write_manifest, write_stamp
from .parallel import map_parallel
from .store import RecordStore

Indexer = Callable[[Path], None]


@dataclass(frozen=True)
class Outcome:
    """What a build published: every file of the site, the files rendered and written, whether pages
    changed, and its warnings."""

    files: frozenset[str]
    rendered: frozenset[str]
    written: frozenset[str]
    pages_changed: bool
    warnings: tuple[Problem, ...]

    @property
    def pages(self) -> int:
        """How many of the files are pages."""
        return sum(1 for path in self.files if path.endswith(".html"))


@dataclass
class Last:
    """What the last build published: the plan it made, each file's fingerprint, and the manifest it left."""

    fingerprints: Fingerprints
    jobs: list[PageJob]
    plan_problems: tuple[Problem, ...]
    prints: dict[str, str]
    manifest: dict[str, Entry]
    site_inode: int


@dataclass
class Builder:
    """Builds and publishes site/ from the project's files, as the core would, doing only what changed."""

    settings: Settings
    keep_in_memory: bool = False
    """The preview's way: what the last build made is kept for the next, and small changes are published in place."""
    clock: Stopwatch = field(default_factory=Stopwatch)
    store: RecordStore = field(init=False)
    last: Last | None = None

    def __post_init__(self) -> None:
        settings = self.settings
        self.store = RecordStore(settings.root, settings.base_url, settings.repository_url, Cache(settings.cache))

    def build(self, changed: Iterable[str] | None = None, indexer: Indexer | None = None) -> Outcome:
        """Build and publish; `changed`: the files changed since the last call (None: any may have)."""
        settings, site = self.settings, self.settings.site
        stamp = None if self.keep_in_memory else inputs_stamp(settings.root, f"{settings.overrides}\nsearch: {indexer is not None}")
        if stamp is not None and stamp == read_stamp(settings.cache):
            manifest, intact = read_manifest(settings.cache, site)
            if intact:
                self.clock.lap("unchanged")
                return Outcome(frozenset(manifest), frozenset(), frozenset(), False, ())
        write_stamp(settings.cache, None)
        problems = Collector()
        project = self.load_and_check(problems, None if self.last is None else changed)
        fingerprints = fingerprint_project(project, settings.root, settings.overrides, self.store.prints())
        self.clock.lap("fingerprint")
        jobs, plan_problems = self.planned(project, fingerprints)
        problems.extend(list(plan_problems))
        fail_on(problems, settings.strict)
        self.clock.lap("plan")
        outcome = self.render_and_publish(project, jobs, fingerprints, plan_problems, problems, indexer)
        if stamp is not None and not problems.warnings:
            write_stamp(settings.cache, stamp)
        return outcome

    def load_and_check(self, problems: Collector, changed: Iterable[str] | None) -> Project:
        """The checked project; raise ProblemsFound on errors (and warnings, when strict)."""
        project = self.store.load(problems, changed)
        self.clock.lap("load")
        if project is None:
            raise ProblemsFound(problems.problems)
        project = self.store.check(project, problems)
        self.clock.lap("check")
        fail_on(problems, self.settings.strict)
        return project

    def planned(self, project: Project, fingerprints: Fingerprints) -> tuple[list[PageJob], tuple[Problem, ...]]:
        """The jobs of the site: the last plan while the shared inputs it was made from are the same."""
        if self.last is not None and self.last.fingerprints.shared == fingerprints.shared:
            return self.last.jobs, self.last.plan_problems
        found = Collector()
        jobs = plan(project, self.settings.root, found)
        return jobs, tuple(found.problems)

    def job_prints(self, jobs: list[PageJob], fingerprints: Fingerprints) -> dict[str, str]:
        """Each file's fingerprint: the last build's for the jobs that show nothing changed since."""
        last = self.last
        if last is None or last.fingerprints.shared != fingerprints.shared or not self.keep_in_memory:
            return {job.output: fingerprints.of(job.needs) for job in jobs}
        stale = Staleness(last.fingerprints, fingerprints)
        return {job.output: fingerprints.of(job.needs) if stale.shows(job.needs) else last.prints[job.output] for job in jobs}

    def live_manifest(self) -> tuple[dict[str, Entry], bool]:
        """The manifest of site/ as it is: kept in memory while no other build has replaced site/."""
        site = self.settings.site
        if self.last is not None and self.keep_in_memory and inode(site) == self.last.site_inode:
            return self.last.manifest, True
        return read_manifest(self.settings.cache, site)

    def render_and_publish(
        self,
        project: Project,
        jobs: list[PageJob],
        fingerprints: Fingerprints,
        plan_problems: tuple[Problem, ...],
        problems: Collector,
        indexer: Indexer | None,
    ) -> Outcome:
        """Render the files whose fingerprint changed and publish them."""
        prints = self.job_prints(jobs, fingerprints)
        manifest, intact = self.live_manifest()
        todo = [job for job in jobs if job.output not in manifest or manifest[job.output].fingerprint != prints[job.output]]
        self.clock.lap("fingerprint")
        renderer = Renderer(project, self.settings.root)
        in_place = self.keep_in_memory and intact and self.last is not None
        publisher = InPlace(self.settings.site) if in_place else Swap(Staging(self.settings.site), manifest)
        try:
            made = publisher.render(renderer, todo)
            report_outcomes(self.settings.root, [m for m, _ in made], problems)
            fail_on(problems, self.settings.strict)
            self.clock.lap("render")
            hashes = {m.output: sha for m, sha in made}
            written = frozenset(path for path, sha in hashes.items() if path not in manifest or manifest[path].sha256 != sha)
            removed = frozenset(manifest.keys() - prints.keys())
            entries = publisher.publish(prints, hashes, written, removed, manifest, indexer, self.clock)
        except BaseException:
            publisher.discard()
            raise
        if not self.keep_in_memory or not in_place:
            write_manifest(self.settings.cache, entries)
        self.last = Last(fingerprints, jobs, plan_problems, prints, entries, inode(self.settings.site))
        self.clock.lap("publish")
        pages_changed = any(path.endswith(".html") for path in written | removed)
        return Outcome(frozenset(prints), frozenset(hashes), written, pages_changed, tuple(problems.warnings))

    def save(self) -> None:
        """Write the manifest of what this builder last published into .cache/ (the preview, as it stops)."""
        if self.last is not None and inode(self.settings.site) == self.last.site_inode:
            write_manifest(self.settings.cache, self.last.manifest)


class Staleness:
    """Which needs show a record that changed between two builds with the same shared inputs."""

    def __init__(self, before: Fingerprints, after: Fingerprints) -> None:
        self.whole = changed_keys(before.claims, after.claims, lambda p: p.whole)
        self.aspects = {a: changed_keys(before.claims, after.claims, lambda p, a=a: p.aspects[a]) for a in ASPECTS}  # type: ignore[misc]
        self.sources = changed_keys(before.sources, after.sources, lambda s: s)

    def shows(self, needs: Needs | None) -> bool:
        """Whether a file with these needs shows anything that changed."""
        if needs is None:
            return bool(self.whole or self.sources)
        if not self.whole.isdisjoint(needs.claims):
            return True
        for aspect, ids in self.aspects.items():
            wanted = getattr(needs, aspect)
            if ids and (wanted is None or not ids.isdisjoint(wanted)):
                return True
        return bool(self.sources) and (needs.sources is None or not self.sources.isdisjoint(needs.sources))


def changed_keys(
    before: dict[str, ClaimPrint] | dict[str, str], after: dict[str, ClaimPrint] | dict[str, str], value: Callable[..., str]
) -> set[str]:
    """The keys whose value differs between two mappings, added and removed ones included."""
    keys = before.keys() | after.keys()
    return {k for k in keys if k not in before or k not in after or value(before[k]) != value(after[k])}  # type: ignore[index]


def inode(path: Path) -> int:
    """The inode of a folder (a swap of site/ gives it a new one); 0 if there is none."""
    try:
        return os.stat(path).st_ino
    except OSError:
        return 0


def sha256(content: bytes) -> str:
    """The hash the manifest keeps of a file's bytes."""
    return hashlib.sha256(content).hexdigest()


@dataclass
class Swap:
    """Publishing through the core's staging folder: changed files written there (by the render workers),
    unchanged ones hard-linked, the search index made, the whole swapped in."""

    staging: Staging
    live: dict[str, Entry]

    def render(self, renderer: Renderer, jobs: list[PageJob]) -> list[tuple[Made, str]]:
        """Render the jobs on every core, each file written into the staging folder unless its bytes are the live file's."""
        folder, live = self.staging.folder, self.live

        def render_one(job: PageJob) -> tuple[Made, str]:
            made = make_file(renderer, job)
            if made.content is None:
                return made, ""
            sha = sha256(made.content)
            entry = live.get(job.output)
            if entry is None or entry.sha256 != sha:
                write_file(folder, job.output, made.content)
            return Made(job.output, None, made.error, made.missing), sha

        return map_parallel(lambda index: render_one(jobs[index]), list(range(len(jobs))), 32)

    def publish(
        self,
        prints: dict[str, str],
        hashes: dict[str, str],
        written: frozenset[str],
        removed: frozenset[str],
        manifest: dict[str, Entry],
        indexer: Indexer | None,
        clock: Stopwatch,
    ) -> dict[str, Entry]:
        """Carry the unchanged files over, index, swap; the new manifest."""
        from ..search import BUNDLE

        site = self.staging.site
        if not written and not removed and (indexer is None or (site / BUNDLE).is_dir()) and site.is_dir():
            self.staging.discard()  # every file's bytes are as they were
        else:
            self.staging.keep(path for path in prints if path not in written)
            self.staging.commit((lambda folder: clock.time("search index", indexer, folder)) if indexer is not None else None)
        return updated_manifest(site, prints, hashes, written, manifest)

    def discard(self) -> None:
        """Forget the staged files."""
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
            done.append((made, sha256(made.content) if made.content is not None else ""))
        return done

    def publish(
        self,
        prints: dict[str, str],
        hashes: dict[str, str],
        written: frozenset[str],
        removed: frozenset[str],
        manifest: dict[str, Entry],
        indexer: Indexer | None,
        clock: Stopwatch,
    ) -> dict[str, Entry]:
        """Replace the changed files, remove the removed ones; the new manifest."""
        for path in sorted(written):
            temporary = os.path.join(self.site, path + ".tmp-publish")
            write_file(self.site, path + ".tmp-publish", self.contents[path])
            os.replace(temporary, os.path.join(self.site, path))  # atomic: a reader sees one file or the other
        for path in sorted(removed):
            with_folders_removed(self.site, path)
        return updated_manifest(self.site, prints, hashes, written, manifest)

    def discard(self) -> None:
        """Nothing was written yet."""


def with_folders_removed(site: Path, path: str) -> None:
    """Remove a file of the site, and the folders it leaves empty."""
    target = site / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != site:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def updated_manifest(
    site: Path, prints: dict[str, str], hashes: dict[str, str], written: frozenset[str], manifest: dict[str, Entry]
) -> dict[str, Entry]:
    """The manifest after publishing: files written now are recorded again, the others keep their entry."""
    entries = {}
    for path, fingerprint in prints.items():
        old = manifest.get(path)
        if path in written or old is None:
            stat = os.stat(site / path)
            entries[path] = Entry(fingerprint, stat.st_size, stat.st_mtime_ns, hashes[path])
        else:
            entries[path] = Entry(fingerprint, old.size, old.mtime_ns, hashes.get(path, old.sha256))
    return entries
