"""Every file names what it shows (`jobs.Needs`), so that an edit re-renders exactly the files showing it.

Each file of a site is rendered on its own while every read of a claim's or a source's fields is
recorded; a read the file's needs do not cover is a page that an incremental build would leave
stale. The hypothesis test in test_incremental.py checks the same promise on random edits of a small
project; this one checks every page type, every field and every record of larger ones.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, make_project

from sverka.check import check_project
from sverka.editions import edition, reported
from sverka.jobs import Needs, PageJob
from sverka.kinds import CLAIM
from sverka.load import load_project
from sverka.plan import pages, plan, plan_site
from sverka.problems import Collector
from sverka.project import Project
from sverka.records import Claim, Correction, Discrepancy, Quote, Source
from sverka.render import Renderer

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_project

SHOWN_BY = {name: spec.shown_by for name, spec in CLAIM.fields.items()}
"""Which pages show each field of a claim besides its own (`shown_by` in kinds.CLAIM): the table this test checks."""
ORDER = {"id", "source_ids", "corrections"} | {name for name, shown in SHOWN_BY.items() if shown == "index"}
"""What the claim index holds (see `incremental.fingerprints.claim_index_entry`): every page may read it (a
claim's corrections, for their dates; their notes are read as "correction note")."""
PLANNING = ORDER | {"discrepancies"}
"""What planners may read of a claim: the claim index, which records whether a claim has discrepancy notes."""
ASPECTS = {name: shown for name, shown in SHOWN_BY.items() if shown not in ("", "index") and name != "corrections"}
ASPECTS["correction note"] = SHOWN_BY["corrections"]
"""What other pages show of a claim, and the field of `Needs` naming it."""
WHOLE = {name for name, shown in SHOWN_BY.items() if shown == ""} | {"where", "marks", "quote where", "discrepancy where"}
"""The rest of a claim's record: only `Needs.claims`."""
FREE_SOURCE_FIELDS = {"id", "where"}

Read = tuple[str, str, str]
"""(kind of record, its id, field)."""


class Watch:
    """Records which fields of which claims and sources are read while it is on."""

    def __init__(self, project: Project) -> None:
        self.reads: set[Read] = set()
        self.on = False
        self.paused = 0
        self.owner = {id(c): claim.id for claim in project.claims for c in (*claim.corrections, *claim.discrepancies)}

    def record(self, kind: str, key: str, name: str) -> None:
        if self.on and not self.paused:
            self.reads.add((kind, key, name))

    @contextmanager
    def pause(self) -> Iterator[None]:
        self.paused += 1
        try:
            yield
        finally:
            self.paused -= 1


@contextmanager
def watching(project: Project) -> Iterator[Watch]:
    """Claims' and sources' fields reported to a Watch while the context lasts (the classes are patched)."""
    watch = Watch(project)
    saved: list[tuple[type, str, Any]] = []
    absent = object()

    def patch(cls: type, name: str, value: Any) -> None:
        saved.append((cls, name, cls.__dict__.get(name, absent)))
        setattr(cls, name, value)

    def record_field(kind: str, name: str) -> property:
        """A field kept in each record's __dict__ (which a property on the class overrides), its reads watched."""

        def get(self: Any) -> Any:
            watch.record(kind, self.__dict__["id"], name)
            return self.__dict__[name]

        def set_(self: Any, value: Any) -> None:
            self.__dict__[name] = value

        return property(get, set_)

    note = Correction.__dict__["note"]

    def correction_note(self: Correction) -> Any:
        watch.record("claim", watch.owner.get(id(self), "?"), "correction note")
        return note.__get__(self, Correction)

    def where_of(cls: type, name: str, owner: Callable[[Any], str], read: str) -> property:
        slot = cls.__dict__[name]

        def get(self: Any) -> Any:
            watch.record("claim", owner(self), read)
            return slot.__get__(self, cls)

        return property(get, slot.__set__)

    quote_claim = Quote.__dict__["claim"]
    modified = Claim.__dict__["modified"]

    def index_only(self: Claim) -> Any:  # computed from the index entry's dates
        with watch.pause():
            return modified.__get__(self, Claim)

    try:
        for name in Claim.__dataclass_fields__:
            if name != "id":
                patch(Claim, name, record_field("claim", name))
        patch(Claim, "modified", property(index_only))
        patch(Correction, "note", property(correction_note, note.__set__))
        # A quote's places are what its hash leaves out (see `incremental.fingerprints.ASPECTS`); the rest is
        # its claim's quotes aspect, read also from quotes held apart from their claim (the timeline's).
        shown = dict.fromkeys(("id", "source", "text", "translation", "prefix", "suffix", "span", "original"), "quotes")
        for name, read in {"where": "quote where", "source_where": "quote where", **shown}.items():
            patch(Quote, name, where_of(Quote, name, lambda q: quote_claim.__get__(q, Quote), read))
        for name in ("where", "quote_wheres"):
            patch(Discrepancy, name, where_of(Discrepancy, name, lambda d: watch.owner.get(id(d), "?"), "discrepancy where"))
        for name in Source.__dataclass_fields__:
            patch(Source, name, record_field("source", name))
        yield watch
    finally:
        for cls, name, value in reversed(saved):
            if value is absent:
                delattr(cls, name)
            else:
                setattr(cls, name, value)


def uncovered(reads: set[Read], needs: Needs | None) -> list[Read]:
    """The reads a file's needs do not cover."""
    if needs is None:
        return []
    out = []
    for read in sorted(reads):
        kind, key, name = read
        if kind == "source":
            covered = name in FREE_SOURCE_FIELDS or needs.sources is None or key in needs.sources
        elif name in ORDER or key in needs.claims:
            covered = True
        elif name in ASPECTS:
            named = getattr(needs, ASPECTS[name])
            covered = named is None or key in named
        else:
            assert name in WHOLE, f"a field of claims this test does not know: {name} — add it to ORDER, ASPECTS or WHOLE"
            covered = False
        if not covered:
            out.append(read)
    return out


def checked(root: Path, drafts: bool = False) -> Project:
    """The project as checked, each claim's sources listed beforehand (what they are made of is the claim index);
    with `drafts`, the editors' edition, which has the desk."""
    problems = Collector()
    loaded = load_project(root, problems)
    assert loaded is not None
    project = reported(check_project(edition(loaded, datetime.now(UTC), drafts, problems), problems), problems)
    for claim in project.claims:
        assert claim.source_ids is not None
    return project


def audit(
    root: Path, planner: Callable[[Project], list[PageJob]] = plan_site, drafts: bool = False
) -> tuple[dict[str, list[Read]], set[Read]]:
    """Render every file of the project at `root` on its own: the reads its needs miss, by file; and every read."""
    project = checked(root, drafts)
    missed: dict[str, list[Read]] = {}
    everything: set[Read] = set()
    with watching(project) as watch:
        # The plan is made from the shared inputs alone (see sverka/plan/__init__.py).
        watch.on = True
        jobs = plan(project, root, Collector(), planner)
        watch.on = False
        allowed = {"claim": PLANNING, "source": FREE_SOURCE_FIELDS}  # the list of sources is shared
        if outside := sorted(read for read in watch.reads if read[2] not in allowed[read[0]]):
            missed["the plan"] = outside
        renderer = Renderer(project, root)
        for job in jobs:
            watch.reads.clear()
            watch.on = True
            renderer.contents(job)
            watch.on = False
            everything |= watch.reads
            if found := uncovered(watch.reads, job.needs):
                missed[job.output] = found
    return missed, everything


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic project large enough for paginated lists, related checks and discrepancy pages."""
    root = tmp_path_factory.mktemp("dependencies") / "project"
    write_project(root, 130, seed=5)
    return root


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publication's own content, copied (the build reads it only, but the copy keeps the repository clean)."""
    root = tmp_path_factory.mktemp("dependencies") / "publication"
    for folder in ("content", "seeds", "templates", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.mark.slow
@pytest.mark.parametrize("which", ["published", "annotated", "synthetic", "editors"])
def test_every_file_names_every_record_it_shows(
    which: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`editors`: the synthetic project in the editors' edition, with the desk."""
    monkeypatch.setattr(pages, "CORRECTIONS_PER_PAGE", 5)  # the corrections log over several pages, each naming its share
    fixture = "synthetic" if which == "editors" else which
    root = make_project(tmp_path / "project", "annotated") if which == "annotated" else request.getfixturevalue(fixture)
    missed, everything = audit(root, drafts=which == "editors")
    if which == "synthetic":
        assert any(job.template == "corrections.html" for job in plan_site(checked(root))), "the corrections log has numbered pages"
    if which == "editors":
        assert any(job.template == "desk.html" for job in plan_site(checked(root, drafts=True))), "the editors' edition has its desk"
    assert missed == {}, "files that show records their needs do not name (an edit to them would leave the file stale)"
    # The watch sees what lists, sources and data files read, not only what fact-check pages read.
    kinds = {name for _, _, name in everything}
    assert {"headline", "explanation", "quotes", "summary", "title", "paragraphs"} <= kinds


def test_a_file_that_does_not_name_what_it_shows_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "project", "annotated")

    def forgetful(project: Project) -> list[PageJob]:
        """The site as planned, but lists and fact-check pages forget the claims they list or relate to."""
        return [
            job
            if job.needs is None
            else PageJob(
                job.path, job.template, job.lang, job.key, job.context, Needs(claims=job.needs.claims, sources=None), job.make, job.modified
            )
            for job in plan_site(project)
        ]

    missed, _ = audit(root, forgetful)
    headlines = {path for path, reads in missed.items() if any(name == "headline" for _, _, name in reads)}
    assert "en/claims/index.html" in headlines and "ru/timeline/index.html" in headlines
    assert any(path.startswith("en/claims/") and path != "en/claims/index.html" for path in headlines)  # related checks


def test_every_field_of_a_claim_says_which_pages_show_it() -> None:
    """A field added to kinds.CLAIM names the `Needs` field of the pages that show it, "index" or "" (its own pages only)."""
    needs_fields = set(Needs.__dataclass_fields__) - {"claims", "sources", "report"}  # records, and the build's notes
    assert set(SHOWN_BY.values()) <= needs_fields | {"index", ""}
    assert needs_fields <= set(SHOWN_BY.values()), "a field of Needs that no field of a claim is shown by"
