"""Incremental builds: after any edits, a build that reuses what is unchanged publishes what a clean build makes.

Two ways are tested: `python3 build.py` (a fresh builder each time, with the manifest and the record
cache in .cache/) and the live preview (one builder kept in memory, told by the watcher which files
changed, publishing small changes in place).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from conftest import REPO, build_files, make_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_media import png

from sverka import check as checking
from sverka import load as loading
from sverka.incremental import builder, store
from sverka.incremental.builder import Builder, Outcome
from sverka.plan.evidence import DISCREPANCY_CLAIMS_PER_PAGE
from sverka.problems import ProblemsFound
from sverka.settings import Settings

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_project

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
IMAGE_EDITS = ["add-image", "edit-image", "drop-image"]
OPERATIONS = [*EDITS_OF_ONE_CLAIM, "add-claim", "remove-added", "rename-added", "edit-source", "add-event", "remove-event", *IMAGE_EDITS]


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
            data["updated"] = f"2026-11-{22 + step:02d}"  # as EDITING.md asks: a correction updates the claim
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
        data["name"] = {"ru": f"статья {step}", "en": f"article {step}"}  # the short name lists and quotes show
        dump(path, data)
    elif operation in IMAGE_EDITS:
        edit_image(root, operation, step)
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


def edit_image(root: Path, operation: str, step: int) -> None:
    """Add an image to content/media/ and show it in a claim's summary, change the image's bytes, or remove the image and
    every summary showing it (claims added since copied the summary)."""
    image, path, shown = root / "content/media/map.png", root / "content/claims/talks-date.yaml", " ![Map](media/map.png)"
    if operation == "drop-image":
        image.unlink(missing_ok=True)
        for claim in sorted((root / "content/claims").glob("*.yaml")):
            data = load(claim)
            if shown in data["summary"]["en"]:
                data["summary"]["en"] = data["summary"]["en"].replace(shown, "")
                dump(claim, data)
        return
    data = load(path)
    if operation == "add-image" or image.exists():
        image.parent.mkdir(exist_ok=True)
        image.write_bytes(png(8 + step, 8))
        if shown not in data["summary"]["en"]:
            data["summary"]["en"] += shown
    dump(path, data)


def site_tree(root: Path) -> dict[str, bytes]:
    """Every file of the published site."""
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def incremental_build(root: Path, base_url: str | None = None) -> Outcome:
    """A build as `python3 build.py` runs it, with caches and the manifest, without the search indexer."""
    return Builder(Settings(root, base_url=base_url, search=False)).build()


class Preview:
    """A builder kept as the live preview keeps it, told which files changed as its watcher would tell it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.builder = Builder(Settings(root, search=False), keep_in_memory=True)
        self.seen = editor_files(root)

    def build(self, changed: Iterable[str] | None = None) -> Outcome:
        now = editor_files(self.root)
        found = {path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path)}
        self.seen = now
        return self.builder.build(found if changed is None else changed)


def editor_files(root: Path) -> dict[str, bytes]:
    """The bytes of every file an editor may change."""
    folders = [root / folder for folder in ("content", "seeds", "templates", "locales")]
    return {str(p): p.read_bytes() for folder in folders for p in folder.rglob("*") if p.is_file()}


def previewed(tmp_path: Path) -> Preview:
    """The annotated project, built once by a preview that keeps running."""
    preview = Preview(make_project(tmp_path / "project", "annotated"))
    preview.build()
    return preview


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("incremental") / "template", "annotated")


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=5))
@example(steps=["add-image", "edit-summary", "add-claim", "edit-summary", "drop-image"])  # a copied image, then removed
def test_after_any_sequence_of_edits_an_incremental_build_equals_a_clean_one(
    template: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[str]
) -> None:
    root = tmp_path_factory.mktemp("run") / "project"
    shutil.copytree(template, root)
    shutil.copytree(template, root.with_name("previewed"))
    preview = Preview(root.with_name("previewed"))
    incremental_build(root)
    preview.build()
    for number, operation in enumerate(steps):
        apply(root, operation, number)
        apply(preview.root, operation, number)
        incremental_build(root)
        preview.build()
        clean = build_files(root)
        assert site_tree(root) == clean, f"after {steps[: number + 1]}"
        assert site_tree(preview.root) == clean, f"preview, after {steps[: number + 1]}"


def test_a_rebuild_with_nothing_changed_renders_nothing_and_keeps_the_files(project: Path) -> None:
    incremental_build(project)
    before = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()}
    outcome = incremental_build(project)
    assert outcome.rendered == frozenset() and outcome.written == frozenset()
    assert {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()} == before


def test_every_field_of_a_source_counts_in_the_fingerprints(project: Path) -> None:
    incremental_build(project)
    path = project / "seeds" / "000_65c26eebc33d0df9.yaml"
    dump(path, {**load(path), "name": {"ru": "первая статья", "en": "the first article"}})  # the name checks and lists show
    outcome = incremental_build(project)
    assert "en/claims/talks-date/index.html" in outcome.written
    assert site_tree(project) == build_files(project)


def test_an_edit_writes_only_the_files_whose_bytes_change(project: Path) -> None:
    incremental_build(project)
    site = project / "site"
    before = {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    apply(project, "edit-summary", 1)
    outcome = incremental_build(project)
    after = {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    rewritten = {path for path in after if path not in before or after[path][0] != before[path][0]}
    different = {path for path in after if path not in before or after[path][1] != before[path][1]}
    assert rewritten == different == set(outcome.written)
    assert "en/claims/talks-date/index.html" in rewritten and "ru/claims/talks-date/index.html" not in rewritten
    # Only the files that show the summary were rendered at all: the claim's pages, its data file and
    # the feeds that carry it; lists, sources, the timeline and the discrepancy pages were not.
    assert outcome.rendered == {
        "en/claims/talks-date/index.html",
        "ru/claims/talks-date/index.html",
        "data/claims/talks-date.json",
        "en/feed.xml",
        "ru/feed.xml",
    }
    apply(project, "edit-note", 2)
    outcome = incremental_build(project)  # the index lists this check's notes by title only: it is rendered, not rewritten
    assert "ru/discrepancies/index.html" in outcome.rendered and "ru/claims/talks-date/index.html" in outcome.written


@pytest.mark.parametrize("operation", ["edit-headline", "edit-explanation"])
def test_what_lists_show_of_a_claim_re_renders_only_the_files_showing_it(operation: str, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")
    incremental_build(root)
    before = site_tree(root)
    apply(root, operation, 1)
    outcome = incremental_build(root)
    after = site_tree(root)
    changed = {path for path in after if before.get(path) != after[path]}
    # Exactly the files whose bytes change are rendered, with their other language version (a page's
    # language versions show the same records).
    counterparts = {f"{other}/{path[3:]}" for path in changed for other in ("ru", "en") if path[:3] in ("ru/", "en/")}
    assert outcome.rendered == changed | (counterparts & after.keys())
    lang = "ru" if operation == "edit-headline" else "en"  # the language apply() edits
    assert {f"{lang}/claims/index.html", "data/claims/talks-date.json", "claims.json"} <= changed
    if operation == "edit-headline":  # related checks are listed by headline, without their explanations
        assert any(
            path.startswith(f"{lang}/claims/") and "talks-date" not in path and path != f"{lang}/claims/index.html" for path in changed
        )
    assert not {"ru/about/index.html", "en/sources/index.html", "sitemap.xml"} & outcome.rendered


def test_a_claim_losing_its_discrepancy_notes_removes_a_discrepancy_page_everywhere(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, DISCREPANCY_CLAIMS_PER_PAGE + 1, seed=2)  # every synthetic claim has notes: two pages
    incremental_build(root)
    shutil.copytree(root, tmp_path / "previewed")
    preview = Preview(tmp_path / "previewed")
    preview.build()
    assert "en/discrepancies/page/2/index.html" in site_tree(root)
    for folder in (root, preview.root):
        path = folder / "content" / "claims" / "claim-00003.yaml"
        data = load(path)
        del data["discrepancies"]
        dump(path, data)
    incremental_build(root)
    preview.build()
    clean = build_files(root)
    assert "en/discrepancies/page/2/index.html" not in clean
    assert site_tree(root) == clean  # page 1 no longer links to page 2, the sitemap no longer lists it
    assert site_tree(preview.root) == clean


def test_a_corrupted_cache_is_detected_and_rebuilt(project: Path) -> None:
    incremental_build(project)
    entries = [p for p in (project / ".cache").rglob("*.json") if p.is_file()]
    assert entries
    for entry in entries:
        entry.write_text("{not json", encoding="utf-8")
    incremental_build(project)
    assert site_tree(project) == build_files(project)


def test_a_file_changed_in_site_by_hand_is_rendered_again(project: Path) -> None:
    incremental_build(project)
    page = project / "site" / "en" / "claims" / "talks-date" / "index.html"
    page.write_text("tampered", encoding="utf-8")
    incremental_build(project)
    assert site_tree(project) == build_files(project)


def test_an_untouched_project_is_recognised_without_loading_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incremental_build(project)
    monkeypatch.setattr(store, "load_standing", lambda *args: pytest.fail("an untouched project was loaded again"))
    outcome = incremental_build(project)
    assert outcome.written == frozenset() and len(outcome.files) == len(site_tree(project))


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
    (project / "site" / "en" / "index.html").write_bytes(b"damaged")
    (project / "site" / "ru" / "sources" / "index.html").unlink()
    incremental_build(project)
    assert site_tree(project) == build_files(project)


def add_unquoted_source(project: Path) -> None:
    """An archived source that no check quotes: a build warns about it."""
    seeds = project / "seeds"
    first = sorted(seeds.glob("*.txt"))[0]
    raw = "Текст, который не цитирует ни одна проверка.\n".encode()
    (seeds / "unquoted.txt").write_bytes(raw)
    meta = first.with_suffix(".yaml").read_text(encoding="utf-8")
    (seeds / "unquoted.yaml").write_text(re.sub(r"sha256: \w+", f"sha256: {hashlib.sha256(raw).hexdigest()}", meta), encoding="utf-8")


def test_a_build_with_warnings_reports_them_again_next_time_without_loading_an_untouched_project(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_unquoted_source(project)
    reported = incremental_build(project).warnings
    assert [p.path for p in reported] == ["seeds/unquoted.yaml"]
    monkeypatch.setattr(store, "load_standing", lambda *args: pytest.fail("an untouched project was loaded again"))
    again = incremental_build(project)
    assert again.written == frozenset()
    assert [(p.format(project, lang), p.severity) for p in again.warnings for lang in ("ru", "en")] == [
        (p.format(project, lang), p.severity) for p in reported for lang in ("ru", "en")
    ]


def test_a_strict_build_after_one_that_warned_stops_on_the_warnings_though_nothing_changed(project: Path) -> None:
    add_unquoted_source(project)
    incremental_build(project)
    with pytest.raises(ProblemsFound) as stopped:
        Builder(Settings(project, search=False, strict=True)).build()
    assert [p.path for p in stopped.value.problems] == ["seeds/unquoted.yaml"]


def test_a_warning_that_depends_on_the_day_is_not_reported_again_on_another_day(project: Path) -> None:
    meta = project / "seeds/001_36549a97ad93da46.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("published: null", "published: 2026-12-09"), encoding="utf-8")
    on = {day: datetime(2026, 12, day, 12, tzinfo=UTC) for day in (7, 20)}
    early = Builder(Settings(project, search=False, now=on[7])).build()
    assert [p.message("en") for p in early.warnings if "later than today" in p.message("en")]
    later = Builder(Settings(project, search=False, now=on[20])).build()  # no input changed: the day did
    assert not [p.message("en") for p in later.warnings if "later than today" in p.message("en")]


def test_the_preview_reads_and_checks_again_only_the_claim_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    preview = previewed(tmp_path)
    parsed: list[str] = []
    checked: list[str] = []
    parse_claim, check_claim = loading.parse_claim, checking.check_claim
    monkeypatch.setattr(store, "parse_claim", lambda path, *args: parsed.append(path) or parse_claim(path, *args))
    monkeypatch.setattr(store, "check_claim", lambda claim, *args: checked.append(claim.id) or check_claim(claim, *args))
    apply(preview.root, "edit-summary", 1)
    outcome = preview.build()
    assert parsed == ["content/claims/talks-date.yaml"] and checked == ["talks-date"]
    assert "en/claims/talks-date/index.html" in outcome.written
    assert site_tree(preview.root) == build_files(preview.root)


def test_the_preview_survives_a_broken_edit_and_its_fix(tmp_path: Path) -> None:
    preview = previewed(tmp_path)
    before = site_tree(preview.root)
    claim = preview.root / "content" / "claims" / "talks-date.yaml"
    good = claim.read_text(encoding="utf-8")
    claim.write_text(good.replace("verdict:", "verdict: [unclosed", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        preview.build()
    assert [p.path for p in found.value.problems] == ["content/claims/talks-date.yaml"]
    assert site_tree(preview.root) == before
    claim.write_text(good.replace("Both articles", "Both reports"), encoding="utf-8")
    preview.build()
    assert site_tree(preview.root) == build_files(preview.root)
    assert "Both reports" in site_tree(preview.root)["en/claims/talks-date/index.html"].decode()


def test_a_ui_string_without_a_translation_fails_every_preview_build(tmp_path: Path) -> None:
    preview = previewed(tmp_path)
    timeline = preview.root / "templates" / "timeline.html"
    labelled = '<p class="event-date" title="{{ _("Untranslated label") }}">'
    timeline.write_text(timeline.read_text().replace('<p class="event-date">', labelled))
    for attempt in range(2):  # then a summary changes, which the timeline does not show
        with pytest.raises(ProblemsFound) as found:
            preview.build()
        assert any("Untranslated label" in problem.message() for problem in found.value.problems), attempt
        apply(preview.root, "edit-summary", attempt)


def test_the_preview_reports_an_unchanged_claims_problems_as_a_fresh_check_does(tmp_path: Path) -> None:
    preview = previewed(tmp_path)
    overlap = preview.root / "content" / "claims" / "overlap.yaml"
    data = load(overlap)
    data["quotes"][1]["text"] = "слова, которых нет ни в одной статье"
    dump(overlap, data)
    for operation in ("edit-summary", "add-claim", "edit-headline", "rename-added", "remove-added", ""):
        with pytest.raises(ProblemsFound) as found:
            preview.build()
        with pytest.raises(ProblemsFound) as fresh:
            build_files(preview.root)
        assert [p.message() for p in found.value.problems] == [p.message() for p in fresh.value.problems], operation
        assert "content/claims/overlap.yaml" in {p.path for p in found.value.problems}, operation
        if operation:
            apply(preview.root, operation, 1)
    dump(overlap, load(make_project(tmp_path / "again", "annotated") / "content" / "claims" / "overlap.yaml"))
    preview.build()
    assert site_tree(preview.root) == build_files(preview.root)


def test_a_swap_cut_off_between_its_renames_loses_no_site(project: Path) -> None:
    incremental_build(project)
    before = site_tree(project)
    (project / "site").rename(project / ".site.old")  # the process died after the first rename
    (project / ".site.staging").mkdir()
    incremental_build(project)
    assert site_tree(project) == before == build_files(project)


def test_a_failed_build_leaves_the_last_site_and_no_staging_folder(project: Path) -> None:
    incremental_build(project)
    before = site_tree(project)
    template = project / "templates" / "claim.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block main %}", "{% block main %}{{ undefined_name }}", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound):
        incremental_build(project)
    assert site_tree(project) == before and not (project / ".site.staging").exists()


def test_a_preview_started_again_finds_the_site_the_last_one_left_up_to_date(tmp_path: Path) -> None:
    preview = previewed(tmp_path)
    apply(preview.root, "edit-headline", 1)
    preview.build()
    preview.builder.save()  # as the preview stops
    again = Preview(preview.root)
    outcome = again.build()
    assert not outcome.rendered and not outcome.written  # every file kept
    assert site_tree(preview.root) == build_files(preview.root)


def test_the_previews_first_build_keeps_the_last_search_index_until_its_own_indexer_replaces_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")
    incremental_build(root)
    index = {"pagefind/pagefind.js": b"// the last index", "pagefind/en/pagefind-entry.json": b"{}"}
    for path, content in index.items():
        (root / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / path).write_bytes(content)
    apply(root, "edit-summary", 1)  # the preview's first build swaps a new site in
    outcome = Preview(root).build()
    assert outcome.written and {path: site_tree(root)[path] for path in index} == index
    apply(root, "edit-summary", 2)
    incremental_build(root)  # a build without the search index says so: search finds nothing, not an older site
    assert not (root / "site/pagefind").exists()


def test_the_preview_rebuilds_a_site_folder_deleted_while_it_runs(tmp_path: Path) -> None:
    preview = previewed(tmp_path)
    shutil.rmtree(preview.root / "site")
    apply(preview.root, "edit-summary", 1)
    preview.build()
    assert site_tree(preview.root) == build_files(preview.root)


def test_a_build_published_by_another_command_while_the_preview_runs_is_noticed(tmp_path: Path) -> None:
    preview = previewed(tmp_path)
    incremental_build(preview.root, base_url="https://example.org/elsewhere/")
    apply(preview.root, "edit-summary", 1)
    preview.build()
    assert site_tree(preview.root) == build_files(preview.root)


def test_a_template_edit_in_the_preview_renders_every_page_again_through_the_staged_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = previewed(tmp_path)
    monkeypatch.setattr(builder, "IN_PLACE_LIMIT", 5)  # the fixture has fewer pages than a real site
    base = preview.root / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- edited --></body>"), encoding="utf-8")
    inode = (preview.root / "site").stat().st_ino
    outcome = preview.build()
    assert len(outcome.written) > 5 and (preview.root / "site").stat().st_ino != inode  # swapped in whole
    assert site_tree(preview.root) == build_files(preview.root)
    apply(preview.root, "edit-summary", 1)
    preview.build()  # and in place again for a small edit
    assert site_tree(preview.root) == build_files(preview.root)
