"""Stage timings for `build.py --timings` and the benchmark: wall time per stage of one build."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")


class Stopwatch:
    """Seconds spent in each stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self.mark = time.perf_counter()
        self.carry = 0.0
        """Time of the enclosing stage spent before a nested stage began, charged at its next lap."""

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds

    def lap(self, stage: str) -> None:
        """Charge the time since the last lap to `stage`."""
        now = time.perf_counter()
        self.add(stage, now - self.mark + self.carry)
        self.mark, self.carry = now, 0.0

    def time(self, stage: str, function: Callable[..., R], *args: object) -> R:
        """Run a function inside another stage and charge its time to `stage` alone."""
        now = time.perf_counter()
        self.carry += now - self.mark
        self.mark = now
        try:
            return function(*args)
        finally:
            now = time.perf_counter()
            self.add(stage, now - self.mark)
            self.mark = now

    def report(self) -> str:
        """One line per stage: `stage  1.23 s`."""
        width = max((len(name) for name in self.stages), default=0)
        return "\n".join(f"{name:<{width}}  {seconds:7.2f} s" for name, seconds in self.stages.items())
