"""The order tests are handed to pytest-xdist workers in: long ones first on every worker.

`make test` runs ``--dist worksteal``: each worker is first given one contiguous share of
the collected tests, and a worker that runs out takes half of what the busiest one has
left, from its end.  A long test late in the collection (the kill -9 end-to-end test of
tests/test_workers.py takes about a minute) would start last and hold the whole run up by
its length; so the tests marked ``slow`` go first, longest (``slow(seconds=N)``) first,
one at the head of each worker's share in turn, and the rest keep their order.
"""

from __future__ import annotations

import os
from itertools import islice

import pytest

DEFAULT_SLOW_SECONDS = 10.0  # a slow test that does not say how long it takes


def _seconds(item: pytest.Item) -> float:
    marker = item.get_closest_marker("slow")
    assert marker is not None
    return float(marker.kwargs.get("seconds", DEFAULT_SLOW_SECONDS))


def _share_sizes(count: int, workers: int) -> list[int]:
    """How many tests each worker gets at first (xdist's WorkStealingScheduling)."""
    sizes = []
    for index in range(workers):
        size = count // (workers - index)
        sizes.append(size)
        count -= size
    return sizes


def long_tests_first(items: list[pytest.Item]) -> None:
    """Reorder ``items`` in place for the xdist workers (no-op without them).  Every
    worker computes the same order, as xdist requires."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if workers < 2:
        return
    slow = sorted((i for i in items if i.get_closest_marker("slow")), key=_seconds,
                  reverse=True)
    if not slow:
        return
    rest = iter([i for i in items if not i.get_closest_marker("slow")])
    ordered: list[pytest.Item] = []
    for index, size in enumerate(_share_sizes(len(items), workers)):
        head = slow[index::workers]
        ordered.extend(head)
        ordered.extend(islice(rest, max(0, size - len(head))))
    ordered.extend(rest)  # more slow tests than a share holds: none left unplaced
    assert len(ordered) == len(items)
    items[:] = ordered
