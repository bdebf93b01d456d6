"""Incremental builds always equal a clean build, byte for byte, whatever the editor changes."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import shutil
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import build_files, make_project
from htmltree import parse_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import write_project

import build
from sverka import check as checking
from sverka import load as loading
from sverka import opendata, output, render
from sverka.cache import MAGIC, Cache
from sverka.evidence import DISCREPANCY_CLAIMS_PER_PAGE
from sverka.incremental import Fingerprints, Fragments, fingerprint_project
from sverka.memory import RACY_NS, Look, Memory
from sverka.problems import ProblemsFound
from sverka.records import Claim, Project, Where
from sverka.related import RelatedChecks
from sverka.render import Rendered
from sverka.serve import snapshot
from sverka.timeline import event_claim_ids

EDITS_OF_ONE_CLAIM = [
    "edit-summary",
    "edit-headline",
    "edit-explanation",
    "add-correction",
    "edit-correction",
    "change-verdict",
    "drop-discrepancies",
    "edit-note",
]
OPERATIONS = [*EDITS_OF_ONE_CLAIM, "add-claim", "remove-added", "rename-added", "edit-source", "add-event", "remove-event"]


def site_tree(root: Path) -> dict[str, bytes]:
    """Every file of the published site."""
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def incremental_build(root: Path) -> None:
    """A build as `python build.py` runs it, with caches and the manifest, without the search indexer."""
    build.build_and_publish(root, None, False, None, after_write=None)


def preview_build(root: Path, memory: Memory, look: Look | None = None) -> Rendered:
    """A rebuild as the live preview runs it: from its look at the files (taken now unless given), with
    the project kept in memory and the search index left for later."""
    memory.look = look or snapshot(root)
    rendered, _ = build.build_and_publish(root, None, False, None, None, memory=memory, index_later=True)
    return rendered


def previewed(tmp_path: Path) -> tuple[Path, Memory]:
    """The annotated project, built once by a preview that keeps running (its memory)."""
    root = make_project(tmp_path / "project", "annotated")
    memory = Memory()
    preview_build(root, memory)
    return root, memory


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def apply(root: Path, operation: str, step: int) -> None:
    """Change the project as an editor would."""
    claims = root / "content" / "claims"
    added = sorted(claims.glob("added-*.yaml"))
    if operation in EDITS_OF_ONE_CLAIM:
        path = claims / "talks-date.yaml"
        data = load(path)
        if operation == "edit-summary":
            data["summary"]["en"] += f"\n\nEdit {step}."
        elif operation == "edit-headline":
            data["headline"]["ru"] += f" ({step})"
        elif operation == "edit-explanation":
            data["explanation"]["en"] += f" Edit {step}."
        elif operation == "add-correction":
            note = {"ru": f"Исправлено ({step}).", "en": f"Corrected ({step})."}
            data["corrections"] = [*data.get("corrections", []), {"date": f"2026-11-{22 + step:02d}", "note": note}]
        elif operation == "edit-correction":
            for correction in data.get("corrections", []):
                correction["note"]["en"] += f" Edit {step}."  # shown on the claim's page and the corrections page
        elif operation == "edit-note":
            for discrepancy in data.get("discrepancies", []):
                discrepancy["note"]["ru"] += f" Правка {step}."  # shown on the claim's page and the discrepancy pages
        elif operation == "drop-discrepancies":
            data.pop("discrepancies", None)  # the claim leaves the discrepancy pages
        else:
            data["verdict"] = "disputed" if data["verdict"] != "disputed" else "confirmed"
        dump(path, data)
    elif operation == "add-claim":
        data = load(claims / "talks-date.yaml")
        data["headline"]["en"] = f"Added claim {step}"
        data.pop("events", None)
        dump(claims / f"added-{step}.yaml", data)
    elif operation == "remove-added" and added:
        added[0].unlink()
    elif operation == "rename-added" and added:
        added[0].rename(claims / f"added-renamed-{step}.yaml")
    elif operation == "edit-source":
        path = root / "seeds" / "000_65c26eebc33d0df9.yaml"
        data = load(path)
        data["title"]["en"] = f"Edited title {step}"
        dump(path, data)
    elif operation in ("add-event", "remove-event"):
        path = root / "content" / "timeline.yaml"
        data = load(path)
        events = [e for e in data["events"] if not e["id"].startswith("added-event")]
        if operation == "add-event":
            events.append(
                {
                    "id": f"added-event-{step}",
                    "date": "2025-11",
                    "title": {"ru": f"Событие {step}", "en": f"Event {step}"},
                    "description": {"ru": "Описание.", "en": "Description."},
                    "quotes": [{"claim": "talks-date", "quote": "q1"}],
                }
            )
        data["events"] = events
        dump(path, data)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("incremental") / "template", "annotated")


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=5))
def test_after_any_sequence_of_edits_an_incremental_build_equals_a_clean_one(
    template: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[str]
) -> None:
    root = tmp_path_factory.mktemp("run") / "project"
    shutil.copytree(template, root)
    previewed, memory = root.with_name("previewed"), Memory()
    shutil.copytree(template, previewed)
    incremental_build(root)
    preview_build(previewed, memory)
    for number, operation in enumerate(steps):
        apply(root, operation, number)
        apply(previewed, operation, number)
        incremental_build(root)
        preview_build(previewed, memory)
        clean = build_files(root)
        assert site_tree(root) == clean, f"after {steps[: number + 1]}"
        assert site_tree(previewed) == clean, f"preview, after {steps[: number + 1]}"


def test_a_rebuild_with_nothing_changed_renders_nothing_and_keeps_the_files(project: Path) -> None:
    incremental_build(project)
    before = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()}
    rendered, _ = build.build_and_publish(project, None, False, None, after_write=None)
    assert rendered.hashes == {} and rendered.written == frozenset()
    assert {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()} == before


def test_an_edit_writes_only_the_files_whose_bytes_change(project: Path) -> None:
    incremental_build(project)
    site = project / "site"
    before = {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    apply(project, "edit-summary", 1)
    rendered, _ = build.build_and_publish(project, None, False, None, after_write=None)
    after = {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    rewritten = {path for path in after if path not in before or after[path][0] != before[path][0]}
    different = {path for path in after if path not in before or after[path][1] != before[path][1]}
    assert rewritten == different == set(rendered.written)
    assert "en/claims/talks-date/index.html" in rewritten and "ru/claims/talks-date/index.html" not in rewritten
    # Only the files that show the summary were rendered at all: the claim's pages, its data file and
    # the feeds that carry it; lists, sources, the timeline and the discrepancy pages (which show the
    # claim's notes and quotes, not its summary) were not.
    assert set(rendered.hashes) == {
        "en/claims/talks-date/index.html",
        "ru/claims/talks-date/index.html",
        "data/claims/talks-date.json",
        "en/feed.xml",
        "ru/feed.xml",
    }
    apply(project, "edit-note", 2)
    rendered, _ = build.build_and_publish(project, None, False, None, after_write=None)
    assert {"ru/discrepancies/index.html", "ru/claims/talks-date/index.html"} <= set(rendered.written)


@pytest.mark.parametrize("operation", ["edit-headline", "edit-explanation"])
def test_what_lists_show_of_a_claim_re_renders_only_the_files_showing_it(operation: str, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")
    incremental_build(root)
    before = site_tree(root)
    apply(root, operation, 1)
    rendered, _ = build.build_and_publish(root, None, False, None, after_write=None)
    after = site_tree(root)
    changed = {path for path in after if before.get(path) != after[path]}
    # Exactly the files whose bytes change are rendered, with their other language version (a page's
    # language versions show the same records): the claim's own, the lists, source pages, timeline,
    # related checks and data that show its headline and explanation; not the rest of the site.
    counterparts = {f"{other}/{path[3:]}" for path in changed for other in ("ru", "en") if path[:3] in ("ru/", "en/")}
    assert set(rendered.hashes) == changed | (counterparts & after.keys())
    lang = "ru" if operation == "edit-headline" else "en"  # the language apply() edits
    assert {f"{lang}/claims/index.html", "data/claims/talks-date.json", "claims.json"} <= changed
    assert any(path.startswith(f"{lang}/claims/") and "talks-date" not in path and path != f"{lang}/claims/index.html" for path in changed)
    assert {"ru/about/index.html", "en/sources/index.html", "sitemap.xml"} <= rendered.kept


def test_related_checks_are_worked_out_again_only_when_what_places_claims_changes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    worked_out: list[str] = []
    ranks_related = RelatedChecks.ranks_related

    def counted(self: RelatedChecks, claim: Claim) -> tuple[int, ...]:
        worked_out.append(claim.id)
        return ranks_related(self, claim)

    monkeypatch.setattr(RelatedChecks, "ranks_related", counted)
    incremental_build(project)
    assert worked_out == ["talks-date"]
    apply(project, "edit-summary", 1)
    incremental_build(project)
    assert worked_out == ["talks-date"], "taken from the cache: the claim index is the same"
    apply(project, "change-verdict", 2)
    incremental_build(project)
    assert worked_out == ["talks-date", "talks-date"]
    assert site_tree(project) == build_files(project)


def test_kept_related_checks_that_do_not_fit_the_claim_index_are_refused() -> None:
    texts = {key: {"ru": "…", "en": "…"} for key in ("headline", "claim", "claimant", "explanation", "summary")}
    claims = [
        Claim(
            id=f"c{n}",
            appearances=(),
            verdict="v",
            quotes=(),
            discrepancies=(),
            published=date(2025, 1, n),
            updated=None,
            corrections=(),
            events=(),
            tags=(),
            where=Where("x"),
            **texts,
        )
        for n in (1, 2)
    ]
    project = Project(None, (), (), tuple(claims), (), (), ())  # type: ignore[arg-type]  # related checks read claims only
    related = RelatedChecks(project)
    assert not related.take_stored(b"not a pickle")
    assert not related.take_stored(pickle.dumps([(0, (5,))]))  # rank 5 of two claims
    assert not related.take_stored(pickle.dumps([(0, (0,))]))  # a claim related to itself
    assert not related.take_stored(pickle.dumps({"a": "b"}))
    assert not related.take_stored(pickle.dumps([(0, (True,))]))  # not a rank
    assert not related.take_stored(pickle.dumps([(0, (1, 1))]))  # one claim twice
    assert related.found == {}
    assert related.take_stored(pickle.dumps([(0, (1,)), (1, ())]))
    assert related.found == {0: (1,), 1: ()}


def test_a_claim_losing_its_discrepancy_notes_removes_a_discrepancy_page_everywhere(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, DISCREPANCY_CLAIMS_PER_PAGE + 1, seed=2)  # every synthetic claim has notes: two pages
    memory = Memory()
    incremental_build(root)
    previewed = tmp_path / "previewed"
    shutil.copytree(root, previewed)
    preview_build(previewed, memory)
    assert "en/discrepancies/page/2/index.html" in site_tree(root)
    for folder in (root, previewed):
        path = folder / "content" / "claims" / "claim-00003.yaml"
        data = load(path)
        del data["discrepancies"]
        dump(path, data)
    incremental_build(root)
    preview_build(previewed, memory)
    clean = build_files(root)
    assert "en/discrepancies/page/2/index.html" not in clean
    assert site_tree(root) == clean  # page 1 no longer links to page 2, the sitemap no longer lists it
    assert site_tree(previewed) == clean


def edit_english_headline(root: Path, claim: str) -> None:
    """Append to a claim's English headline."""
    path = root / "content" / "claims" / f"{claim}.yaml"
    data = load(path)
    data["headline"]["en"] += " (edited)"
    dump(path, data)


def events_showing(root: Path, claim: str) -> set[str]:
    """The events whose timeline entry shows a claim (lists it, or cites its quotes)."""
    project, _ = build.load_and_check(root, None, False, None)
    return {event.id for event in project.events if claim in event_claim_ids(project, event)}


def timeline_parts(events: set[str]) -> list[tuple[str, ...]]:
    """The keys of the timeline's parts showing these events, in both languages, sorted."""
    return sorted((f"page part {lang} timeline.html events", event) for event in events for lang in ("en", "ru"))


def made_parts(monkeypatch: pytest.MonkeyPatch, template: str = "timeline.html") -> list[tuple[str, ...]]:
    """The keys of the parts of a template's pages made (not taken as kept) from now on, in this process."""
    made: list[tuple[str, ...]] = []
    under = Fragments.under

    def counting(self: Fragments, key: tuple[str, ...], fingerprint: str, make: Any) -> Any:
        return under(self, key, fingerprint, lambda: (f" {template} " not in key[0] or made.append(key), make())[1])

    monkeypatch.setattr(Fragments, "under", counting)
    return made


@pytest.mark.parametrize("claim", ["talks-date", "overlap"])
def test_the_preview_makes_again_only_the_timeline_entries_showing_an_edited_headline(
    claim: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memory = previewed(tmp_path)
    made = made_parts(monkeypatch)
    edit_english_headline(root, claim)
    preview_build(root, memory)
    showing, every = events_showing(root, claim), len(load(root / "content" / "timeline.yaml")["events"])
    assert showing and len(showing) < every
    assert sorted(made) == timeline_parts(showing)
    assert site_tree(root) == build_files(root)
    made.clear()
    (root / "templates" / "timeline.html").write_text((root / "templates" / "timeline.html").read_text().replace("event-date", "event-day"))
    preview_build(root, memory)  # the shared inputs changed: every entry is made again
    assert len(made) == 2 * every
    assert site_tree(root) == build_files(root)


def test_the_preview_makes_again_only_the_source_paragraphs_quoting_a_claim_whose_headline_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memory = previewed(tmp_path)
    made = made_parts(monkeypatch, "source.html")
    edit_english_headline(root, "overlap")
    preview_build(root, memory)
    project, _ = build.load_and_check(root, None, False, None)
    standing = {(quote.source, quote.span.paragraph) for quote in project.claim_by_id["overlap"].quotes if quote.span}
    paragraphs = sum(len(source.paragraphs) for source in project.sources if source.id in {s for s, _ in standing})
    assert 0 < len(standing) < paragraphs  # the sources citing the claim have other paragraphs, kept as they were
    expected = sorted((f"page part {lang} source.html paragraphs {s}", str(number)) for s, number in standing for lang in ("en", "ru"))
    listed = [(f"claim part {lang} source.html listed", "overlap") for lang in ("en", "ru")]  # in the lists of fact-checks
    assert sorted(made) == sorted([*expected, *listed])
    assert site_tree(root) == build_files(root)


def test_a_claim_cited_only_in_an_events_account_is_shown_as_edited_by_the_preview(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")
    timeline = root / "content" / "timeline.yaml"
    events = load(timeline)
    account = {"quotes": [{"claim": "overlap", "quote": "builders-001"}], "note": {"ru": "Наемники.", "en": "Mercenaries."}}
    events["events"].append(
        {
            "id": "account-only",
            "date": "2025-10",
            "title": {"ru": "Событие", "en": "An event"},
            "description": {"ru": "Описание.", "en": "A description."},
            "quotes": [{"claim": "talks-date", "quote": "q1"}],
            "accounts": [account],  # the only place this event cites the claim `overlap`
        }
    )
    dump(timeline, events)
    memory = Memory()
    preview_build(root, memory)
    path = root / "content" / "claims" / "overlap.yaml"
    data = load(path)
    (quote,) = [q for q in data["quotes"] if q["id"] == "builders-001"]  # cited by the timeline in an account only
    quote["translation"] = "Pyongyang has sent some five thousand more mercenaries"
    dump(path, data)
    preview_build(root, memory)
    entry = parse_html(site_tree(root)["en/timeline/index.html"]).find("li", id="event-account-only")
    assert entry is not None
    (account,) = entry.find_all("section", class_="account")
    translations = [p.text() for p in account.find_all("p", class_="translation")]
    assert translations == ["Our translation: Pyongyang has sent some five thousand more mercenaries"]
    assert site_tree(root) == build_files(root)


def test_parts_made_by_a_render_worker_are_kept_by_the_preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, memory = previewed(tmp_path)
    render_here = render.render_jobs

    def in_a_worker(renderer: Any, jobs: list[Any], sink: Any, heavy: bool = False) -> Any:
        """Every file of the build rendered by one forked process."""
        render.ACTIVE[:] = [(renderer, jobs, sink)]
        try:
            with multiprocessing.get_context("fork").Pool(1) as pool:
                return pool.apply(render.render_ranges, ([(0, len(jobs))],))
        finally:
            render.ACTIVE.clear()

    monkeypatch.setattr(render, "render_jobs", in_a_worker)
    edit_english_headline(root, "talks-date")
    preview_build(root, memory)
    monkeypatch.setattr(render, "render_jobs", render_here)
    made = made_parts(monkeypatch)
    edit_english_headline(root, "overlap")
    preview_build(root, memory)
    # Had the worker's parts been lost, the entries showing talks-date would be made again now.
    assert sorted(made) == timeline_parts(events_showing(root, "overlap"))
    assert site_tree(root) == build_files(root)


def test_the_preview_looks_again_only_at_the_files_that_show_an_edited_claim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, memory = previewed(tmp_path)
    looked: list[Any] = []
    of = Fingerprints.of
    monkeypatch.setattr(Fingerprints, "of", lambda self, needs: looked.append(needs) or of(self, needs))
    apply(root, "edit-summary", 1)  # the summary shows on the files that name the whole claim
    rendered = preview_build(root, memory)
    showing = {job.needs for job in rendered.jobs if job.needs is not None and "talks-date" in job.needs.claims}
    assert showing and set(looked) == showing
    assert len(rendered.fingerprints) == len(rendered.jobs) and rendered.kept == rendered.fingerprints.keys() - rendered.hashes.keys()
    assert site_tree(root) == build_files(root)
    looked.clear()
    build.build_and_publish(root, None, False, None, after_write=None)  # another command publishes: look at every file
    apply(root, "edit-headline", 2)
    rendered = preview_build(root, memory)
    assert set(looked) >= {job.needs for job in rendered.jobs}
    assert site_tree(root) == build_files(root)


def test_an_edit_seen_by_a_preview_build_that_failed_before_publishing_is_published_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memory = previewed(tmp_path)
    edit_english_headline(root, "overlap")
    staging = build.Staging

    def refused(site: Path, flat: bool = False) -> Any:
        raise OSError("the staging folder cannot be made")

    monkeypatch.setattr(build, "Staging", refused)
    with pytest.raises(OSError):
        preview_build(root, memory)  # fingerprinted the edit, published nothing
    monkeypatch.setattr(build, "Staging", staging)
    preview_build(root, memory)  # nothing changed since the failed build: the edit is still to publish
    assert site_tree(root) == build_files(root)


@pytest.mark.parametrize("operation", [*EDITS_OF_ONE_CLAIM, "add-claim", "edit-source"])
def test_the_fingerprints_the_preview_works_out_from_the_last_ones_equal_fresh_ones(operation: str, tmp_path: Path) -> None:
    root, memory = previewed(tmp_path)
    for step in (1, 2):
        apply(root, operation, step)
        preview_build(root, memory)
        project, _ = build.load_and_check(root, None, False, None)
        fresh = fingerprint_project(project, root, "None\nNone")
        assert memory.fingerprints == fresh  # the shared inputs, and the hashes of every claim, aspect and source
        assert memory.fingerprints is not None and memory.fingerprints.claim_hashes == fresh.claim_hashes


def test_the_preview_keeps_the_parts_of_pages_as_the_bytes_the_page_holds(tmp_path: Path) -> None:
    root, memory = previewed(tmp_path)
    assert memory.fragments is not None
    parts = {key: part for key, (_, part) in memory.fragments[1].items() if key[0].startswith(("page part", "claim part"))}
    kinds = {" ".join(key[0].split()[:4]) for key in parts}
    assert {"page part ru timeline.html", "page part en source.html", "claim part ru source.html"} <= kinds
    assert all(isinstance(part, bytes) for part in parts.values())
    timeline = (root / "site" / "ru" / "timeline" / "index.html").read_bytes()
    events = [part for key, part in parts.items() if key[0] == "page part ru timeline.html events"]
    assert events and all(part in timeline for part in events)
    assert "Переговоры".encode() in b"".join(events)
    edit_english_headline(root, "overlap")
    preview_build(root, memory)  # pages made of kept parts and parts made again
    assert site_tree(root) == build_files(root)


def test_kept_parts_stand_in_a_page_as_marks_until_its_text_is_made() -> None:
    renderer = object.__new__(render.Renderer)
    renderer.spliced, renderer.mark = [], "\x00mark\x00"
    inner = renderer.marked(["Ж".encode(), b" and "])
    item = renderer.encoded(f"<li>{inner}</li>")  # a part holding a part
    assert item == "<li>Ж and </li>".encode()
    outer = renderer.marked([item, b"<li>2</li>"])
    assert "Ж" not in outer
    made = renderer.spliced_in(f"<ol>{outer}</ol>\x00 №1 \x00{inner}")
    assert made == "<ol><li>Ж and </li><li>2</li></ol>\x00 №1 \x00Ж and ".encode()
    assert renderer.marked([]) == "" and not renderer.marked([])  # no parts: nothing, as when they are joined as text


def test_a_list_of_parts_makes_again_only_the_parts_whose_fingerprint_changed() -> None:
    parts = Fragments(fingerprints=Fingerprints("shared", {}, {}, {}, {}, ""))
    made: list[int] = []

    def listed(keys: list[str], prints: list[str | None]) -> list[str]:
        return parts.listed("list", keys, prints, lambda index: (made.append(index), f"{keys[index]}:{prints[index]}")[1])

    assert listed(["a", "b", "c"], ["1", "2", "3"]) == ["a:1", "b:2", "c:3"] and made == [0, 1, 2]
    made.clear()
    assert listed(["a", "b", "c"], ["1", "9", "3"]) == ["a:1", "b:9", "c:3"] and made == [1]
    made.clear()
    assert listed(["a", "b", "c"], ["1", "", "3"]) == ["a:1", "b:", "c:3"] and made == [1]  # not kept: made every time
    made.clear()
    assert listed(["a", "b", "c"], ["1", "", "3"]) == ["a:1", "b:", "c:3"] and made == [1]
    made.clear()
    assert listed(["c", "a", "a"], ["3", "1", "7"]) == ["c:3", "a:1", "a:7"] and made == [2]  # another order: looked up by key


def test_the_preview_writes_the_catalogue_from_the_entries_it_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, memory = previewed(tmp_path)
    made: list[str] = []
    claim_entry = opendata.claim_entry

    def counting(renderer: Any, claim: Claim) -> Any:
        made.append(claim.id)
        return claim_entry(renderer, claim)

    monkeypatch.setattr(opendata, "claim_entry", counting)
    edit_english_headline(root, "overlap")
    rendered = preview_build(root, memory)
    assert "claims.json" in rendered.written
    assert made == ["overlap"]
    assert site_tree(root) == build_files(root)


def test_a_preview_started_again_makes_the_parts_of_its_large_files_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, memory = previewed(tmp_path)
    time.sleep(2 * RACY_NS / 1e9)  # files written within the last clock tick are not trusted to be as remembered
    build.leave_manifest(root, memory)  # as the preview stops
    catalogue = (root / "site" / "claims.json").stat().st_size
    monkeypatch.setattr(render, "PRIMED_BYTES", catalogue)  # the catalogue and the files larger than it
    made: list[str] = []
    claim_entry = opendata.claim_entry
    monkeypatch.setattr(opendata, "claim_entry", lambda renderer, claim: made.append(claim.id) or claim_entry(renderer, claim))
    memory = Memory()
    rendered = preview_build(root, memory)  # the site is up to date: the catalogue made again, nothing written
    large = {path for path, data in site_tree(root).items() if len(data) >= catalogue}
    assert set(rendered.hashes) == large and not rendered.written
    assert sorted(made) == ["overlap", "talks-date"]
    made.clear()
    edit_english_headline(root, "overlap")
    rendered = preview_build(root, memory)
    assert "claims.json" in rendered.written and made == ["overlap"]
    assert site_tree(root) == build_files(root)


def test_a_few_files_that_were_large_are_rendered_on_every_core_one_each(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incremental_build(project)
    calls: list[tuple[list[tuple[int, int]], int]] = []
    spread = render.map_in_chunks

    def spy(function: Any, items: list[tuple[int, int]], chunk: int, parallel_from: int) -> Any:
        calls.append((items, parallel_from))
        return spread(function, items, chunk, parallel_from)

    monkeypatch.setattr(render, "map_in_chunks", spy)
    monkeypatch.setattr(render, "HEAVY_BYTES", 1)  # every file counts as large
    apply(project, "edit-headline", 1)
    rendered, _ = build.build_and_publish(project, None, False, None, after_write=None)
    ((ranges, parallel_from),) = calls
    assert parallel_from == 2 and len(ranges) == len(rendered.hashes) > 2 and all(end - start == 1 for start, end in ranges)
    assert site_tree(project) == build_files(project)
    memory = Memory()  # the preview keeps the parts of its large files: it renders them in its own process
    preview_build(project, memory)
    apply(project, "edit-headline", 2)
    calls.clear()
    preview_build(project, memory)
    ((ranges, parallel_from),) = calls
    assert len(ranges) < parallel_from
    assert site_tree(project) == build_files(project)


def test_a_corrupted_cache_is_detected_and_rebuilt(project: Path) -> None:
    incremental_build(project)
    entries = [p for p in (project / ".cache").rglob("*") if p.is_file() and p.read_bytes().startswith(MAGIC)]
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-5] + b"xxxxx")
    (project / ".cache" / "site-manifest.json").write_text("{not json", encoding="utf-8")
    incremental_build(project)
    assert site_tree(project) == build_files(project)


def test_the_record_cache_keeps_only_the_entries_of_files_that_exist(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    other = next(f"c{n}.yaml" for n in range(1000) if Cache.shard_of(f"c{n}.yaml") == Cache.shard_of("a.yaml"))
    cache.update_packs("claim", {"a.yaml": ("key-a", b"A"), other: ("key-o", b"O")}, {"a.yaml", other})
    assert cache.read_pack("claim", Cache.shard_of("a.yaml")) == {"a.yaml": ("key-a", b"A"), other: ("key-o", b"O")}
    cache.update_packs("claim", {"a.yaml": ("key-a2", b"A2")}, {"a.yaml"})  # the other file was deleted meanwhile
    assert cache.read_pack("claim", Cache.shard_of("a.yaml")) == {"a.yaml": ("key-a2", b"A2")}
    cache.update_packs("claim", {"a.yaml": None}, {"a.yaml"})  # a.yaml is broken now: no entry, no pack
    assert cache.read_pack("claim", Cache.shard_of("a.yaml")) == {} and not list(tmp_path.rglob("*.pack"))
    cache.update_packs("claim", {"a.yaml": ("key-a", b"A")}, {"a.yaml"})
    (pack,) = tmp_path.rglob("*.pack")
    pack.write_bytes(pack.read_bytes()[:-3] + b"xyz")
    assert cache.read_pack("claim", Cache.shard_of("a.yaml")) == {} and not pack.exists()  # a damaged pack is removed, never trusted


def test_a_pack_the_build_has_read_is_updated_without_reading_it_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path)
    cache.update_packs("claim", {"a.yaml": ("key-a", b"A")}, {"a.yaml"})
    shards = cache.read_shards("claim", ["a.yaml"])  # as loading reads the packs of the files it reads
    monkeypatch.setattr(cache, "read_pack", lambda kind, shard: pytest.fail("a pack read again"))
    cache.update_packs("claim", {"a.yaml": ("key-a2", b"A2")}, {"a.yaml"}, shards)
    monkeypatch.undo()
    assert cache.read_pack("claim", Cache.shard_of("a.yaml")) == {"a.yaml": ("key-a2", b"A2")}


def test_a_pack_write_cut_off_leaves_the_pack_as_it_was_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path)
    cache.update_packs("claim", {"a.yaml": ("key-a", b"A")}, {"a.yaml"})

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt  # Ctrl-C between writing the new pack and putting it in place

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.update_packs("claim", {"a.yaml": ("key-a2", b"A2")}, {"a.yaml"})
    monkeypatch.undo()
    assert [path.name for path in (tmp_path / "claim").iterdir()] == [f"{Cache.shard_of('a.yaml'):02x}.pack"]
    assert cache.read_pack("claim", Cache.shard_of("a.yaml")) == {"a.yaml": ("key-a", b"A")}


def test_a_file_changed_in_site_by_hand_is_rendered_again(project: Path) -> None:
    incremental_build(project)
    page = project / "site" / "en" / "claims" / "talks-date" / "index.html"
    page.write_text("tampered", encoding="utf-8")
    incremental_build(project)
    assert site_tree(project) == build_files(project)


def test_an_untouched_project_is_recognised_without_loading_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incremental_build(project)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an untouched project was loaded again")

    monkeypatch.setattr(build, "load_and_check", refuse)
    rendered, _ = build.build_and_publish(project, None, False, None, after_write=None)
    assert rendered.written == frozenset() and len(rendered.kept) == len(site_tree(project))


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(project: Path) -> None:
    incremental_build(project)
    claim = project / "content" / "claims" / "talks-date.yaml"
    text = claim.read_text(encoding="utf-8")
    stat = claim.stat()
    edited = text.replace("Both articles", "Both Articles")  # same length
    assert edited != text and len(edited.encode()) == len(text.encode())
    claim.write_text(edited, encoding="utf-8")
    os.utime(claim, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a tool restoring the old time would
    incremental_build(project)
    assert site_tree(project) == build_files(project)
    assert "Both Articles" in site_tree(project)["en/claims/talks-date/index.html"].decode()


def test_a_changed_or_damaged_site_folder_is_rebuilt_even_when_the_inputs_are_untouched(project: Path) -> None:
    incremental_build(project)
    page = project / "site" / "en" / "index.html"
    page.write_bytes(b"damaged")
    (project / "site" / "ru" / "sources" / "index.html").unlink()
    incremental_build(project)
    assert site_tree(project) == build_files(project)


def test_a_build_with_warnings_reports_them_again_next_time(project: Path) -> None:
    seeds = project / "seeds"
    first = sorted(seeds.glob("*.txt"))[0]
    shutil.copy2(first, seeds / "unquoted.txt")
    shutil.copy2(first.with_suffix(".yaml"), seeds / "unquoted.yaml")
    for _ in range(2):
        _, problems = build.build_and_publish(project, None, False, None, after_write=None)
        assert [p.path for p in problems.warnings] == ["seeds/unquoted.yaml"]


def test_the_preview_reads_and_checks_again_only_the_claim_that_changed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = Memory()
    shutil.copy2(project / "content/claims/talks-date.yaml", project / "content/claims/second-claim.yaml")
    time.sleep(2 * RACY_NS / 1e9)  # files written within the last clock tick are never remembered
    preview_build(project, memory)
    parsed: list[str] = []
    checked: list[str] = []
    parse_claim, check_claim = loading.parse_claim, checking.check_claim
    monkeypatch.setattr(loading, "parse_claim", lambda path, *args, **kwargs: parsed.append(path) or parse_claim(path, *args, **kwargs))
    monkeypatch.setattr(checking, "check_claim", lambda claim, *args: checked.append(claim.id) or check_claim(claim, *args))
    apply(project, "edit-summary", 1)
    rendered = preview_build(project, memory)
    assert parsed == ["content/claims/talks-date.yaml"] and checked == ["talks-date"]
    assert "en/claims/talks-date/index.html" in rendered.written
    assert site_tree(project) == build_files(project)


def test_an_edit_saved_after_the_previews_look_is_published_by_the_next_build(project: Path) -> None:
    memory = Memory()
    time.sleep(2 * RACY_NS / 1e9)  # files written within the last clock tick are never remembered
    preview_build(project, memory)
    time.sleep(2 * RACY_NS / 1e9)
    look = snapshot(project)
    apply(project, "edit-summary", 1)  # saved while the build the look started runs
    preview_build(project, memory, look)
    build.build_and_publish(project, None, False, None, None, memory=memory, index_later=True)  # a look serves one build
    assert site_tree(project) == build_files(project)
    apply(project, "edit-summary", 2)
    preview_build(project, memory)
    assert site_tree(project) == build_files(project)


def test_the_preview_lists_the_claims_again_only_when_files_come_or_go(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed: list[str] = []
    record_paths = loading.record_paths
    monkeypatch.setattr(loading, "record_paths", lambda root, folder, *rest: listed.append(folder) or record_paths(root, folder, *rest))
    settle = 2 * RACY_NS / 1e9  # a folder changed within the last clock tick is listed again
    memory = Memory()
    time.sleep(settle)
    preview_build(project, memory)
    for operation, step in (("edit-summary", 1), ("add-claim", 2), ("rename-added", 3), ("edit-summary", 4)):
        listed.clear()
        apply(project, operation, step)
        time.sleep(settle)  # as the preview waits for the folders to be quiet
        preview_build(project, memory)
        assert (loading.CLAIMS in listed) == (operation != "edit-summary"), operation
        assert site_tree(project) == build_files(project), operation
    stray = project / "content" / "claims" / "notes.txt"
    stray.write_text("not a claim", encoding="utf-8")
    time.sleep(settle)
    for _ in range(2):  # the second time from the kept listing, with the problem it had
        with pytest.raises(ProblemsFound) as found:
            preview_build(project, memory)
        assert [p.path for p in found.value.problems] == ["content/claims/notes.txt"]
    stray.unlink()
    preview_build(project, memory)
    assert site_tree(project) == build_files(project)
    backup = project / "content" / "claims" / "talks-date.yaml~"  # the watcher ignores it; the listing does not
    backup.write_text("an editor's backup", encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        preview_build(project, memory)
    assert [p.path for p in found.value.problems] == ["content/claims/talks-date.yaml~"]


def test_the_preview_survives_a_broken_edit_and_its_fix(project: Path) -> None:
    memory = Memory()
    preview_build(project, memory)
    before = site_tree(project)
    claim = project / "content" / "claims" / "talks-date.yaml"
    good = claim.read_text(encoding="utf-8")
    claim.write_text(good.replace("verdict:", "verdict: [unclosed", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        preview_build(project, memory)
    assert [p.path for p in found.value.problems] == ["content/claims/talks-date.yaml"]
    assert site_tree(project) == before
    claim.write_text(good.replace("Both articles", "Both reports"), encoding="utf-8")
    preview_build(project, memory)
    assert site_tree(project) == build_files(project)
    assert "Both reports" in site_tree(project)["en/claims/talks-date/index.html"].decode()


def test_a_ui_string_without_a_translation_in_a_kept_part_fails_every_preview_build(tmp_path: Path) -> None:
    root, memory = previewed(tmp_path)
    timeline = root / "templates" / "timeline.html"
    labelled = '<p class="event-date" title="{{ _("Untranslated label") }}">'
    timeline.write_text(timeline.read_text().replace('<p class="event-date">', labelled))
    for attempt in range(2):  # then a summary changes, which no entry shows: the timeline is made of kept parts
        with pytest.raises(ProblemsFound) as found:
            preview_build(root, memory)
        assert any("Untranslated label" in problem.message() for problem in found.value.problems), attempt
        apply(root, "edit-summary", attempt)


def test_a_publish_cut_off_half_way_is_completed_before_anything_else(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incremental_build(project)
    finish = output.finish_publishing

    def die_after_one_move(site: Path) -> bool:
        journal, staged = output.journal_of(site), site.with_name(".site.staging")
        if not journal.exists():  # the check every build starts with
            return finish(site)
        plan = json.loads(journal.read_text(encoding="utf-8"))
        first = plan["written"][0]
        os.replace(output.staged_path(staged, first, plan["flat"]), site / first)
        os._exit(0)  # the process is gone after one file: no handler runs

    claim = project / "content" / "claims" / "talks-date.yaml"
    original = claim.read_bytes()
    apply(project, "edit-headline", 1)
    monkeypatch.setattr(output, "finish_publishing", die_after_one_move)
    child = os.fork()
    if child == 0:
        incremental_build(project)
        os._exit(1)  # not reached when the publish was cut off
    assert os.waitpid(child, 0)[1] == 0
    assert (project / ".site.journal.json").is_file()
    monkeypatch.setattr(output, "finish_publishing", finish)
    monkeypatch.setattr(build, "finish_publishing", finish)
    claim.write_bytes(original)  # the editor undoes the edit: the next build completes the cut-off publish first
    incremental_build(project)
    assert not (project / ".site.journal.json").exists() and not (project / ".site.staging").exists()
    assert site_tree(project) == build_files(project)


def test_a_build_that_publishes_in_place_stages_only_the_changed_files_side_by_side(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incremental_build(project)
    staged: list[tuple[list[str], bool]] = []
    publish = output.Staging.publish

    def looked_at(staging: output.Staging, *args: Any) -> None:
        names = sorted(os.listdir(staging.folder))
        staged.append((names, all((staging.folder / name).is_file() for name in names)))
        with pytest.raises(ValueError):
            staging.commit()  # a flat staging folder holds no whole site to swap in
        publish(staging, *args)

    monkeypatch.setattr(output.Staging, "publish", looked_at)
    apply(project, "edit-headline", 1)
    rendered, _ = build.build_and_publish(project, None, False, None, after_write=None)
    assert rendered.written and staged == [(sorted(map(output.staged_name, rendered.written)), True)]
    assert site_tree(project) == build_files(project)
    assert not (project / ".site.staging").exists()


def test_the_preview_reports_an_unchanged_claims_problems_as_a_fresh_check_does(tmp_path: Path) -> None:
    root, memory = previewed(tmp_path)
    overlap = root / "content" / "claims" / "overlap.yaml"
    data = load(overlap)
    data["quotes"][1]["text"] = "слова, которых нет ни в одной статье"
    dump(overlap, data)
    # another claim edited in place (the claims stay where they were), then claims coming and going
    for operation in ("edit-summary", "add-claim", "edit-headline", "rename-added", "remove-added", ""):
        time.sleep(2 * RACY_NS / 1e9)  # files written within the last clock tick are read again by every build
        with pytest.raises(ProblemsFound) as found:
            preview_build(root, memory)
        with pytest.raises(ProblemsFound) as fresh:
            build.load_and_check(root, None, False, None)
        assert [p.message() for p in found.value.problems] == [p.message() for p in fresh.value.problems], operation
        assert "content/claims/overlap.yaml" in {p.path for p in found.value.problems}, operation
        if operation:
            apply(root, operation, 1)
    dump(overlap, load(make_project(tmp_path / "again", "annotated") / "content" / "claims" / "overlap.yaml"))
    preview_build(root, memory)
    assert site_tree(root) == build_files(root)


def test_ctrl_c_during_a_publish_completes_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incremental_build(project)
    finish, calls = output.finish_publishing, []

    def interrupted_once(site: Path) -> bool:
        if output.journal_of(site).exists() and not calls:
            calls.append(site)
            raise KeyboardInterrupt
        return finish(site)

    apply(project, "edit-headline", 1)
    monkeypatch.setattr(output, "finish_publishing", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        incremental_build(project)
    assert calls and not (project / ".site.journal.json").exists()
    assert site_tree(project) == build_files(project)


def test_a_preview_started_again_finds_the_site_the_last_one_left_up_to_date(project: Path) -> None:
    memory = Memory()
    preview_build(project, memory)
    apply(project, "edit-headline", 1)
    preview_build(project, memory)
    build.leave_manifest(project, memory)  # as the preview stops
    again = Memory()
    rendered = preview_build(project, again)
    assert not rendered.hashes and not rendered.written  # every file kept
    assert site_tree(project) == build_files(project)
    apply(project, "edit-headline", 2)
    preview_build(project, again)
    incremental_build(project)  # another build publishes after the preview: its manifest stays
    manifest = (project / ".cache" / "site-manifest.json").read_bytes()
    build.leave_manifest(project, again)
    assert (project / ".cache" / "site-manifest.json").read_bytes() == manifest


def test_the_preview_rebuilds_a_site_folder_deleted_while_it_runs(project: Path) -> None:
    memory = Memory()
    preview_build(project, memory)
    shutil.rmtree(project / "site")
    apply(project, "edit-summary", 1)
    preview_build(project, memory)
    assert site_tree(project) == build_files(project)


def test_a_build_published_by_another_command_while_the_preview_runs_is_noticed(project: Path) -> None:
    memory = Memory()
    preview_build(project, memory)
    build.build_and_publish(project, "https://example.org/elsewhere/", False, None, after_write=None)
    apply(project, "edit-summary", 1)
    preview_build(project, memory)
    assert site_tree(project) == build_files(project)
