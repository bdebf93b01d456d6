"""Work spread over the cores: every item done once, in order, a failure reaching the caller."""

from __future__ import annotations

import os
import time

import pytest

from sverka.incremental import parallel


def tagged(item: int) -> tuple[int, int]:
    """The item with the id of the process that handled it (an item takes a moment, as real work does)."""
    time.sleep(0.001)
    return item, os.getpid()


def failing(item: int) -> int:
    if item == 13:
        raise ValueError("unlucky item")
    return item


@pytest.mark.skipif(parallel.cores() < 2, reason="needs two cores")
def test_every_item_is_handled_once_in_order_on_more_than_one_core() -> None:
    items = list(range(400))
    done = parallel.map_parallel(tagged, items, 10)
    assert [item for item, _ in done] == items
    assert len({pid for _, pid in done}) >= 2, "forked workers take chunks"


def test_a_closure_reaches_the_workers_without_being_pickled() -> None:
    offset = {"value": 1000}  # a closure over a local: pickle could not send it
    assert parallel.map_parallel(lambda item: item + offset["value"], list(range(100)), 5) == list(range(1000, 1100))


def test_few_items_are_handled_here_without_forking() -> None:
    assert parallel.map_parallel(tagged, [1, 2, 3], 64) == [(1, os.getpid()), (2, os.getpid()), (3, os.getpid())]


def test_a_failure_in_any_item_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="unlucky item"):
        parallel.map_parallel(failing, list(range(40)), 1)
