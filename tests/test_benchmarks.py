"""The benchmarks: the growth measurement (interleaved cold builds, each large one against its neighbours),
the profile of rendering by kind of file, and the floor under a cold build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from markupsafe import Markup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import run


def test_growth_divides_each_large_build_by_the_small_builds_around_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine slowing down between builds must not show as growth: each large build is compared with
    the small builds taken just before and after it, in the order small, large, small, large, small."""
    written: list[int] = []
    monkeypatch.setattr(run, "write_project", lambda root, claims, seed: written.append(claims))
    order: list[str] = []
    times = iter([10.0, 60.0, 14.0, 90.0, 16.0])  # the machine slows down as the builds go on

    def cold_build(root: Path, work: Path, search: bool) -> run.Run:
        order.append(root.name)
        seconds = next(times)
        return run.Run(seconds, 2**30, 2**29, {}, cpu=seconds * 2, steal=seconds / 10)

    monkeypatch.setattr(run, "cold_build", cold_build)
    result = run.growth(100, 500, 2, tmp_path, search=False)
    assert written == [100, 500]
    assert order == ["corpus-100", "corpus-500", "corpus-100", "corpus-500", "corpus-100"]
    assert result.small_s == [10.0, 14.0, 16.0] and result.large_s == [60.0, 90.0]
    assert result.ratios == [5.0, 6.0]  # 60 / mean(10, 14) and 90 / mean(14, 16)
    assert result.median_ratio == 5.5 and result.large_peak_pss_mb == 512
    assert result.cpu_ratios == [5.0, 6.0] and result.median_cpu_ratio == 5.5
    assert result.steal_s == [1.0, 6.0, 1.4, 9.0, 1.6]  # in the order the builds were taken


def test_the_page_profile_lists_every_kind_of_file_the_site_has_with_its_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`benchmarks/pages.py` accounts for every planned file, grouped by kind, with a time for each kind."""
    import pages

    from sverka.site import plan_site

    corpus = tmp_path / "corpus"
    run.write_project(corpus, 40, seed=4)
    monkeypatch.setattr(sys, "argv", ["pages.py", str(corpus), "--sample", "3"])
    pages.main()
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:-1]}
    project, _ = pages.build.load_and_check(corpus, None, False, None)
    planned = plan_site(project)
    assert {kind: int(values[0]) for kind, values in rows.items()} == {
        kind: sum(pages.kind_of(job) == kind for job in planned) for kind in {pages.kind_of(job) for job in planned}
    }
    assert rows["claim.html"][0] == str(2 * 40) and "data/claims/*.json" in rows
    assert lines[-1].split()[:2] == ["all", str(len(planned))]


def test_the_page_profile_without_markdown_renders_markdown_only_while_warming_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `--templates-only`, no markdown is rendered while a kind of file is timed: the times are the templates'."""
    import time

    import pages

    import sverka.prose

    corpus = tmp_path / "corpus"
    run.write_project(corpus, 40, seed=4)
    texts: list[str] = []
    render = sverka.prose.render_markdown

    def counted(text: str, base_path: str = "/") -> Markup:
        texts.append(text)
        return render(text, base_path)

    for name, module in list(sys.modules.items()):  # every module that renders markdown, as pages.py finds them
        if name.startswith("sverka.") and getattr(module, "render_markdown", None) is render:
            monkeypatch.setattr(module, "render_markdown", counted)
    clock, rendered_at = time.process_time, []
    monkeypatch.setattr(time, "process_time", lambda: rendered_at.append(len(texts)) or clock())
    monkeypatch.setattr(sys, "argv", ["pages.py", str(corpus), "--sample", "3", "--templates-only"])
    pages.main()
    assert capsys.readouterr().out.splitlines()[-1].startswith("all")
    timed = list(zip(rendered_at[::2], rendered_at[1::2], strict=True))  # each timed pass: its start and its end
    assert len(timed) >= 3 * 10 and all(start == end for start, end in timed)
    assert len(texts) == len(set(texts)) > 40  # summaries of the sampled checks, notes, verdicts, pages


def test_the_floor_times_every_yaml_file_markdown_text_and_file_of_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`benchmarks/floor.py` accounts for all the work it claims a cold build cannot avoid, and leaves
    nothing behind in the project."""
    import floor

    import build

    corpus = tmp_path / "corpus"
    run.write_project(corpus, 40, seed=4)
    assert build.main(["--root", str(corpus), "--no-search"]) == 0
    monkeypatch.setattr(sys, "argv", ["floor.py", str(corpus)])
    floor.main()
    lines = capsys.readouterr().out.splitlines()
    counts = [int(line.split(":")[1].split()[0].replace(",", "")) for line in lines[:3]]
    project, _ = build.load_and_check(corpus, None, False, None)
    notes = sum(len(claim.discrepancies) + len(claim.corrections) for claim in project.claims)
    accounts = sum(len(event.accounts) for event in project.events)
    texts = 2 * (len(project.claims) + notes + len(project.verdicts) + len(project.events) + accounts + len(project.pages))
    yaml_files = [*corpus.glob("content/**/*.yaml"), *corpus.glob("seeds/*.yaml")]
    site_files = [path for path in (corpus / "site").rglob("*") if path.is_file()]
    assert counts == [len(yaml_files), texts, len(site_files)]
    assert lines[-2].startswith("the libraries alone") and lines[-1].startswith("on ")
    assert sorted(path.name for path in corpus.iterdir()) == sorted([".cache", "content", "locales", "seeds", "site", "templates"])
