"""Processes opening one brand-new store at the same moment (`monitor poll` from cron
beside a starting daemon) must all see it as ours."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest


def _open(path: str, barrier, results) -> None:  # runs in a child process
    from monitor.store import Store

    barrier.wait()
    try:
        Store.open(path).close()
        results.put("ok")
    except Exception as exc:  # report, do not hide: the parent asserts on it
        results.put(repr(exc))


@pytest.mark.slow
def test_simultaneous_opens_of_a_new_store_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    failures: list[str] = []
    for round_number in range(40):
        path = str(tmp_path / f"m{round_number}.db")
        barrier, results = context.Barrier(6), context.Queue()
        children = [context.Process(target=_open, args=(path, barrier, results))
                    for _ in range(6)]
        for child in children:
            child.start()
        for child in children:
            child.join(timeout=60)
        failures += [r for r in (results.get(timeout=10) for _ in children) if r != "ok"]
    assert failures == []
