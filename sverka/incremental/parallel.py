"""Work spread over every core: worker processes forked from the build, so they start with its state."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from ..system import die_with_parent

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """How many cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def map_parallel(function: Callable[[T], R], items: list[T], chunk: int) -> list[R]:
    """`function` over `items` in order, on every core when there are more than two chunks of them. Workers are forked,
    so `function` (a closure over the build's records) is never pickled, only items and results. Workers take chunks from
    the front; this process takes from the back each chunk no worker has started (cancelling its future), so it reads the
    records in place and consecutive jobs stay together in one process."""
    if len(items) <= 2 * chunk or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    chunks = [items[start : start + chunk] for start in range(0, len(items), chunk)]
    results: list[list[R] | None] = [None] * len(chunks)
    pool = ProcessPoolExecutor(
        cores() - 1, mp_context=multiprocessing.get_context("fork"), initializer=adopt, initargs=(function, os.getpid())
    )
    try:
        futures = [pool.submit(run_chunk, part) for part in chunks]
        for index in reversed(range(len(chunks))):
            if not futures[index].cancel():
                break
            results[index] = [function(item) for item in chunks[index]]
        return [item for index, future in enumerate(futures) for item in (results[index] or future.result())]
    except KeyboardInterrupt:  # the build is stopping: its workers end now, not after their chunks
        for worker in multiprocessing.active_children():
            worker.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


WORK: list[Callable[[Any], Any]] = []
"""In a worker process: the function it applies (set once, when the worker starts)."""


def adopt(function: Callable[[Any], Any], parent: int) -> None:
    """The pool's initializer: remember the function this worker applies, and end with the build."""
    die_with_parent(parent)
    WORK[:] = [function]


def run_chunk(chunk: list[Any]) -> list[Any]:
    return [WORK[0](item) for item in chunk]
