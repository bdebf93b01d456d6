"""The incremental build: load → edition → check → plan → render → publish, each stage reusing what is unchanged. A
one-off build makes a fresh `Builder`: it reads the manifest of site/ from .cache/, renders only files whose
fingerprint changed and publishes through the core's staged swap. The preview keeps one `Builder` per session with its
last records, checks, plan and fingerprints in memory and, told by the watcher what changed, replaces the few changed
files in place (`publishing.InPlace`)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field

from ..check import check_addresses, site_addresses
from ..editions import edition, last_due, next_due, reported
from ..i18n import N_
from ..jobs import PageJob
from ..output import Staging
from ..plan import plan
from ..problems import Collector, Problem, ProblemsFound, fail_on
from ..project import Project
from ..render import Renderer, report_outcomes
from ..search import inode
from ..settings import Settings
from ..stopwatch import Stopwatch
from .fingerprints import Fingerprints, NeedsIndex, fingerprint_project
from .manifest import Entry, Window, inputs_stamp, read_manifest, read_stamp, write_manifest, write_stamp
from .publishing import Changes, CompiledTemplates, Indexer, InPlace, Swap
from .store import RecordStore

IN_PLACE_LIMIT = 256
"""The preview publishes this many changed files at most in place, rendered in its own process and held in
memory until all are; more (a template edited, say) go through the staged swap, rendered on every core."""


@dataclass(frozen=True)
class Outcome:
    """What a build published: every file of the site, those rendered and written, whether pages changed, its warnings."""

    files: frozenset[str]
    rendered: frozenset[str]
    written: frozenset[str]
    pages_changed: bool
    warnings: tuple[Problem, ...]

    @property
    def pages(self) -> int:
        return sum(1 for path in self.files if path.endswith(".html"))


@dataclass(frozen=True)
class Plan:
    """The jobs of the site, the problems found making them, and the addresses of their files."""

    jobs: list[PageJob]
    problems: tuple[Problem, ...]
    addresses: frozenset[str]


@dataclass
class Last:
    """What the last build published: the plan it made, each file's fingerprint, and the manifest it left."""

    fingerprints: Fingerprints
    plan: Plan
    prints: dict[str, str]
    manifest: dict[str, Entry]
    site_inode: int
    index: NeedsIndex | None = None
    """For each record, the jobs naming it (the preview's builder makes it with the plan)."""


@dataclass
class Builder:
    """Builds and publishes site/ from the project's files, as the core would, doing only what changed."""

    settings: Settings
    keep_in_memory: bool = False
    """The preview's way: what the last build made is kept for the next, and small changes are published in place."""
    clock: Stopwatch = field(default_factory=Stopwatch)
    store: RecordStore = field(init=False)
    last: Last | None = None
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    window: Window = (None, None)
    """When the last scheduled record went out and when the next goes, as of the last build: the moments its edition holds."""

    def __post_init__(self) -> None:
        settings = self.settings
        self.store = RecordStore(settings.root, settings.base_url, settings.repository_url)

    def build(self, changed: Iterable[str] | None = None, indexer: Indexer | None = None) -> Outcome:
        """Build and publish; `changed`: the files changed since the last call (None: any may have)."""
        settings, site = self.settings, self.settings.site
        # strict stops on warnings; some warnings compare a date with the day ("later than today")
        stamped = f"{settings.overrides}\nsearch: {indexer is not None}\nstrict: {settings.strict}\nday: {settings.now.date()}"
        stamp = None if self.keep_in_memory else inputs_stamp(settings.root, stamped)
        remembered = None if stamp is None else read_stamp(settings.cache, settings.now)
        if remembered is not None and remembered[0] == stamp:
            manifest, intact = read_manifest(settings.cache, site)
            if intact:
                self.clock.lap(N_("unchanged"))
                return Outcome(frozenset(manifest), frozenset(), frozenset(), False, remembered[1])
        write_stamp(settings.cache, None)
        problems = Collector()
        project = self.load_and_check(problems, None if self.last is None else changed)
        return self.publish_checked(project, problems, stamp, indexer)

    def publish_checked(self, project: Project, problems: Collector, stamp: str | None, indexer: Indexer | None) -> Outcome:
        settings = self.settings
        shown = f"{settings.overrides}\n{sorted(project.held)}\n{sorted(project.unpublished.items())}"  # which records the edition shows
        fingerprints = fingerprint_project(project, settings.root, shown, self.store.prints())
        self.clock.lap(N_("fingerprint"))
        planned = self.planned(project, fingerprints)
        problems.extend(list(planned.problems))
        check_addresses(project, planned.addresses, problems)
        fail_on(problems, settings.strict)
        self.clock.lap(N_("plan"))
        outcome = self.render_and_publish(project, planned, fingerprints, problems, indexer)
        if stamp is not None:
            with suppress(OSError):  # site/ is published; without the stamp, the next build only checks everything
                write_stamp(settings.cache, stamp, self.window, tuple(problems.warnings))  # a scheduled record going out needs a build
        return outcome

    def load_and_check(self, problems: Collector, changed: Iterable[str] | None) -> Project:
        """The checked project; raise ProblemsFound on errors (and warnings, when strict)."""
        project = self.store.load(problems, changed)
        self.clock.lap(N_("load"))
        if project is None:
            raise ProblemsFound(problems.problems)
        self.window = (last_due(project, self.settings.now), next_due(project, self.settings.now))
        project = self.store.check(edition(project, self.settings.now, self.settings.drafts, problems), problems)
        self.clock.lap(N_("check"))
        fail_on(problems, strict=False)  # a strict build stops on warnings after the plan's checks, so that none goes untold
        return reported(project, problems)

    def planned(self, project: Project, fingerprints: Fingerprints) -> Plan:
        """The plan of the site: the last one while the shared inputs it was made from are the same."""
        if self.last is not None and self.last.fingerprints.shared == fingerprints.shared:
            return self.last.plan
        found = Collector()
        jobs = plan(project, self.settings.root, found)
        return Plan(jobs, tuple(found.problems), site_addresses(jobs))

    def job_prints(self, jobs: list[PageJob], fingerprints: Fingerprints) -> tuple[dict[str, str], list[PageJob]]:
        """Each file's fingerprint, and the jobs whose fingerprint may differ from the manifest's: in the preview, while the
        plan is the last build's, only the jobs naming a record changed since (the rest keep their last fingerprint)."""
        last = self.last
        if last is None or last.index is None or last.fingerprints.shared != fingerprints.shared:
            return {job.output: fingerprints.of(job.needs) for job in jobs}, jobs
        looked = [jobs[index] for index in sorted(last.index.showing(last.fingerprints, fingerprints))]
        prints = dict(last.prints)
        prints.update((job.output, fingerprints.of(job.needs)) for job in looked)
        return prints, looked

    def kept_manifest(self) -> dict[str, Entry] | None:
        """The manifest this builder left, while site/ is the one it published (no other build replaced it)."""
        if self.last is not None and self.keep_in_memory and inode(self.settings.site) == self.last.site_inode:
            return self.last.manifest
        return None

    def files_to_render(
        self, jobs: list[PageJob], fingerprints: Fingerprints
    ) -> tuple[dict[str, str], dict[str, Entry] | None, dict[str, Entry], list[PageJob]]:
        """Each file's fingerprint, the manifest this builder kept (None: read from .cache/ instead), the
        manifest of site/, and the jobs whose fingerprint is not the one their file was made with."""
        prints, looked = self.job_prints(jobs, fingerprints)
        kept = self.kept_manifest()
        if kept is None:  # the fingerprints site/ was made with are known only from its manifest: look at every job
            manifest, looked = read_manifest(self.settings.cache, self.settings.site)[0], jobs
        else:
            manifest = kept
        todo = [job for job in looked if job.output not in manifest or manifest[job.output].fingerprint != prints[job.output]]
        return prints, kept, manifest, todo

    def render_and_publish(
        self,
        project: Project,
        planned: Plan,
        fingerprints: Fingerprints,
        problems: Collector,
        indexer: Indexer | None,
    ) -> Outcome:
        """Render the files whose fingerprint changed and publish them: in place in the preview, by the staged swap otherwise."""
        prints, kept, manifest, todo = self.files_to_render(planned.jobs, fingerprints)
        self.clock.lap(N_("fingerprint"))
        in_place = kept is not None and len(todo) <= IN_PLACE_LIMIT
        site, cache = self.settings.site, self.settings.cache
        publisher = InPlace(site) if in_place else Swap(Staging(site), manifest, cache, carry_index=self.keep_in_memory)
        try:
            made = publisher.render(Renderer(project, self.settings.root, bytecode=self.templates), todo)
            report_outcomes(self.settings.root, [m for m, _ in made], problems)
            fail_on(problems, self.settings.strict)
            self.clock.lap(N_("render"))
            hashes = {m.output: sha for m, sha in made}
            written = frozenset(path for path, sha in hashes.items() if path not in manifest or manifest[path].sha256 != sha)
            removed = frozenset(manifest.keys() - prints.keys())
            entries = publisher.publish(Changes(prints, hashes, written, removed, manifest), indexer, self.clock)
        except BaseException:
            publisher.discard()
            raise
        index = self.last.index if self.last is not None and self.last.fingerprints.shared == fingerprints.shared else None
        if index is None and self.keep_in_memory:
            index = NeedsIndex(planned.jobs)  # made now, after publishing, rather than when the editor's next save waits for it
        self.last = Last(fingerprints, planned, prints, entries, inode(self.settings.site), index)
        self.clock.lap(N_("publish"))
        pages_changed = any(path.endswith(".html") for path in written | removed)
        return Outcome(frozenset(prints), frozenset(hashes), written, pages_changed, tuple(problems.warnings))

    def save(self) -> None:
        """Write the manifest of what this builder last published into .cache/ (the preview, as it stops)."""
        if self.last is not None and inode(self.settings.site) == self.last.site_inode:
            with suppress(OSError):  # without it, the next build makes again the files the preview wrote
                write_manifest(self.settings.cache, self.last.manifest)
