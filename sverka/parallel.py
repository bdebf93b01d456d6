"""Using every core: a process pool whose workers inherit the parent's memory (fork)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor


def cores() -> int:
    """How many cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def worker_pool() -> Executor:
    """A pool of one worker per core; forked, so large read-only data is shared, not copied."""
    if cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return ThreadPoolExecutor(max_workers=1)
    return ProcessPoolExecutor(max_workers=cores(), mp_context=multiprocessing.get_context("fork"))
