"""Using every core: a process pool whose workers inherit the parent's memory (fork)."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """How many cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def map_in_chunks(function: Callable[[list[T]], list[R]], items: list[T], chunk: int, parallel_from: int) -> list[R]:
    """`function` over slices of `items`, on every core when there are at least `parallel_from`; order is kept."""
    if len(items) < parallel_from or cores() < 2:
        return function(items)
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    # Objects that exist before the fork are set aside from the garbage collector: the workers' collections
    # then never walk the whole project (which grows with the site) nor touch its pages (which would copy them).
    with heap_set_aside(), worker_pool() as pool:
        return [result for part in pool.map(function, chunks) for result in part]


SET_ASIDE = [0]
"""How many `heap_set_aside` blocks are open (the heap is given back to the collector when the outermost ends)."""


@contextmanager
def heap_set_aside() -> Iterator[None]:
    """Keep the garbage collector off every object that exists now, for the time of the block.

    A collection walks every object it tracks; while a large project stays in memory, the many small
    collections that allocating work triggers would each walk all of it. Objects made inside the block
    are collected as usual (a nested block sets aside what the outer one made so far too); everything
    set aside is looked at again once the outermost block ends. Used from the main thread only.
    """
    SET_ASIDE[0] += 1
    gc.freeze()
    try:
        yield
    finally:
        SET_ASIDE[0] -= 1
        if SET_ASIDE[0] == 0:
            gc.unfreeze()


def worker_pool() -> Executor:
    """A pool of one worker per core; forked, so large read-only data is shared, not copied."""
    if cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return ThreadPoolExecutor(max_workers=1)
    return ProcessPoolExecutor(max_workers=cores(), mp_context=multiprocessing.get_context("fork"))
