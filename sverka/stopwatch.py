"""Stage timings for `build.py --timings` and the benchmark: wall time per stage of one build."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from .i18n import format_seconds, translate

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

    def report(self, lang: str = "en") -> str:
        """One line per stage, in `lang`: `render  1.23 s`, «отрисовка  1,23 с»."""
        names = {name: translate(lang, name) for name in self.stages}  # named with N_() where timed
        width = max(map(len, names.values()), default=0)
        unit = translate(lang, "{seconds} s")
        return "\n".join(f"{names[name]:<{width}}  {unit.format(seconds=format_seconds(s, lang)):>9}" for name, s in self.stages.items())
