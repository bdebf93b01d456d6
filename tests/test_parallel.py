"""Work spread over the cores: every chunk done exactly once, in order, by this process and forked workers."""

from __future__ import annotations

import os
import platform
import sys
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import REPO
from markupsafe import Markup

import build
from sverka import parallel, prose, related
from sverka.problems import Collector
from sverka.related import RelatedChecks
from sverka.render import render_site
from sverka.site import plan_site

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_project


def tagged(chunk: list[int]) -> list[tuple[int, int]]:
    """Each item with the id of the process that handled it (a chunk takes a moment, as real work does)."""
    time.sleep(0.002)
    return [(item, os.getpid()) for item in chunk]


def failing(chunk: list[int]) -> list[int]:
    if 13 in chunk:
        raise ValueError("unlucky chunk")
    return chunk


@pytest.mark.skipif(parallel.cores() < 2, reason="needs two cores")
def test_every_item_is_handled_once_in_order_and_this_process_shares_the_work() -> None:
    items = list(range(2000))
    done = parallel.map_in_chunks(tagged, items, 10, 1)
    assert [item for item, _ in done] == items
    workers = {pid for _, pid in done}
    assert os.getpid() in workers, "the parent process renders its share rather than waiting"
    assert len(workers) >= 2, "forked workers take chunks too"


def test_few_items_are_handled_here_without_forking() -> None:
    done = parallel.map_in_chunks(tagged, [1, 2, 3], 1, 64)
    assert done == [(1, os.getpid()), (2, os.getpid()), (3, os.getpid())]


def test_a_failure_in_any_chunk_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="unlucky chunk"):
        parallel.map_in_chunks(failing, list(range(40)), 1, 1)
    assert not parallel.SHARED, "nothing is left for the next call"


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


@pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc"
    or not os.path.exists("/proc/self/status")
    or any(name == "LD_PRELOAD" or name.startswith("MALLOC_") for name in os.environ),
    reason="glibc's allocator with its default settings, Linux's /proc",
)
def test_memory_freed_in_holes_between_kept_objects_is_given_back_to_the_system() -> None:
    # 2 KB strings come from C's allocator, as long texts do: keep one in ten, free the rest.
    made = [("x" * 2048) + str(n) for n in range(60_000)]
    kept = made[::10]
    del made
    before = resident_mb()
    parallel.return_free_memory()
    after = resident_mb()
    assert len(kept) == 6_000
    assert before - after > 60, f"{before:.0f} MB before, {after:.0f} MB after"


@pytest.mark.skipif(parallel.cores() < 2, reason="needs two cores")
def test_related_checks_worked_out_on_every_core_are_those_of_each_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    write_project(root, 130, seed=7)
    project, _ = build.load_and_check(root, None, False, None)
    one_by_one = RelatedChecks(project)
    expected = {claim.id: [c.id for c in one_by_one.of(claim)] for claim in project.claims}
    monkeypatch.setattr(related, "RELATED_CHUNK", 10)  # 13 chunks, forked workers taking some
    planned = RelatedChecks(project)
    planned.work_out_all()
    assert len(planned.found) == len(project.claims)
    assert {claim.id: [c.id for c in planned.of(claim)] for claim in project.claims} == expected
    assert sum(1 for found in expected.values() if found) > 100  # most synthetic claims have related checks


def test_a_build_renders_each_discrepancy_note_once_though_two_pages_show_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note shows on its claim's page and on a page of the discrepancy index. The build renders the
    two close together, so the note's markdown, remembered for a while, is rendered once, however many
    notes the site has. Here the texts remembered are fewer than the notes, as at 10,000 claims (but
    more than the notes of one page of the index, as there)."""
    root = tmp_path / "project"
    write_project(root, 130, seed=7)
    project, _ = build.load_and_check(root, None, False, None)
    notes = [text for claim in project.claims for discrepancy in claim.discrepancies for text in discrepancy.note.values()]
    remembered = 128
    assert len(set(notes)) == len(notes) > 3 * remembered
    rendered: Counter[str] = Counter()

    def counted(text: str, base_path: str) -> Markup:
        rendered[text] += 1
        return Markup(prose.parser_for(base_path).render(text))

    monkeypatch.setattr(prose, "render_short_markdown", lru_cache(maxsize=remembered)(counted))
    monkeypatch.setattr(parallel, "cores", lambda: 1)  # every note rendered in this process, where it is counted
    files = render_site(project, root, Collector(), plan_site)
    assert {text: rendered[text] for text in notes} == dict.fromkeys(notes, 1)
    assert sum(files[f"{lang}/discrepancies/index.html"].count(b'class="discrepancy-note"') for lang in ("ru", "en")) > 0
