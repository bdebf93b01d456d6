"""Using every core: this process and forked workers that inherit its memory."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

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
    if len(items) < parallel_from or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return function(items)
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    # Objects that exist before the fork are set aside from the garbage collector: the workers' collections
    # then never walk the whole project (which grows with the site) nor touch its pages (which would copy them).
    with heap_set_aside():
        return [result for part in shared_map(function, chunks) for result in part]


def shared_map(function: Callable[[list[T]], list[R]], chunks: list[list[T]]) -> list[list[R]]:
    """`function` over every chunk, by forked workers taking chunks from the front and this process from the back.

    The parent works too, rather than waiting on one worker per core: after a fork, a page of memory
    that a process writes to (as Python does to every object it reads, counting references) is copied,
    so a page that every process touches ends up in as many copies as processes touch it, plus the one
    an idle parent keeps. Each chunk is taken by exactly one process: whoever marks it first in a table
    the processes share.
    """
    context = multiprocessing.get_context("fork")
    return_free_memory()
    taken = context.Array("b", len(chunks))
    SHARED[:] = [(function, chunks, taken)]
    results: list[list[R] | None] = [None] * len(chunks)
    pool = ProcessPoolExecutor(max_workers=cores() - 1, mp_context=context)
    try:
        futures = [pool.submit(run_shared, index) for index in range(len(chunks))]
        for index in reversed(range(len(chunks))):
            if not take(taken, index):
                break  # the workers, coming from the front, reached the chunks done here
            results[index] = function(chunks[index])
        for index, future in enumerate(futures):
            done = future.result()
            if done is not None:
                results[index] = done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        SHARED.clear()
    done = [part for part in results if part is not None]
    if len(done) != len(chunks):
        raise RuntimeError(f"{len(chunks) - len(done)} of {len(chunks)} chunks of work were not done")
    return done


def return_free_memory() -> None:
    """Give the memory C's allocator holds free back to the system (glibc only; elsewhere nothing happens).

    Loading frees much of what it made (the cache's pickled records, the parser's tree) in holes between
    the records that stay, and glibc keeps those pages. Kept, they stay resident for the whole build in
    the parent and, shared, in every forked worker, and a page of them that a process allocates into is
    copied; given back before forking (100–180 MB after loading 10,000 claims from the cache, in 30 ms),
    they are not. A rebuild after a source edit at N = 10,000 peaked at 0.49 GB PSS rather than 0.58.
    """
    try:
        import ctypes  # here: a Python built without it still builds

        trim = ctypes.CDLL(None).malloc_trim
    except (ImportError, OSError, AttributeError):  # pragma: no cover - not glibc
        return
    trim(0)


SHARED: list[tuple[Callable[[list[Any]], list[Any]], list[list[Any]], Any]] = []
"""The function, chunks and table of taken chunks that forked workers inherit (only a chunk's index is sent)."""


def run_shared(index: int) -> list[Any] | None:
    """In a worker: one chunk, unless another process took it first (then None)."""
    function, chunks, taken = SHARED[0]
    return function(chunks[index]) if take(taken, index) else None


def take(taken: Any, index: int) -> bool:
    """Mark a chunk as taken by this process; False if another process took it first."""
    with taken.get_lock():
        if taken[index]:
            return False
        taken[index] = 1
        return True


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


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection for the time of the block.

    For loops that build many records and nothing else: records hold no reference cycles, so there is
    nothing for a collection to find, but the allocations would trigger collections that each walk
    every record made so far (unpickling 30,000 claims took twice as long with them).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
