"""The benchmarks: the growth measurement (interleaved cold builds, each large one against its neighbours)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
