"""monitor.procpool: the worker processes' pool that monitor.cpu runs jobs in (issue 12)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, ClassVar

import pytest

from monitor.cpu import CpuPool
from monitor.procpool import ProcessPool


@pytest.fixture(params=["fork", "forkserver"])
def pool(request: pytest.FixtureRequest) -> Iterator[ProcessPool]:
    workers = ProcessPool(2, mp_context=multiprocessing.get_context(request.param))
    try:
        yield workers
    finally:
        workers.shutdown(wait=True, cancel_futures=True)


def square(n: int) -> int:
    return n * n


def fail(message: str) -> int:
    raise ValueError(message)


def nap(seconds: float, marker: str = "") -> str:
    time.sleep(seconds)
    if marker:
        Path(marker).write_text("ran")
    return marker


def die() -> None:
    os._exit(3)


def echo(value: Any) -> Any:
    return value


class Pickled:
    """Notes which thread of this process pickled it."""

    threads: ClassVar[list[str]] = []

    def __reduce__(self) -> tuple[Any, ...]:
        Pickled.threads.append(threading.current_thread().name)
        return (Pickled, ())


def test_results_and_exceptions_come_back_to_their_futures(pool: ProcessPool) -> None:
    futures = [pool.submit(square, n) if n % 7 else pool.submit(fail, f"no {n}")
               for n in range(60)]
    for n, future in enumerate(futures):
        if n % 7:
            assert future.result(timeout=30) == n * n
        else:
            with pytest.raises(ValueError, match=f"no {n}"):
                future.result(timeout=30)


def test_the_submitting_thread_pickles_the_job(pool: ProcessPool) -> None:
    """No feeder thread between the caller and the workers (ProcessPoolExecutor's queue
    pickles in its own thread, and every hand-over waits for the GIL)."""
    Pickled.threads.clear()
    caller = threading.Thread(target=lambda: pool.submit(echo, Pickled()).result(timeout=30),
                              name="the-caller")
    caller.start()
    caller.join(60)
    assert Pickled.threads == ["the-caller"]


def test_jobs_larger_than_a_pipe_queue_behind_busy_workers(pool: ProcessPool) -> None:
    blob = b"x" * 300_000  # more than a default pipe holds, several times over
    busy = [pool.submit(nap, 0.3) for _ in range(2)]
    futures = [pool.submit(echo, blob) for _ in range(12)]
    assert all(f.result(timeout=60) == blob for f in futures)
    assert all(f.result(timeout=60) == "" for f in busy)


def test_a_worker_that_dies_breaks_the_pool(pool: ProcessPool) -> None:
    pool.submit(square, 2).result(timeout=30)  # up
    dying = pool.submit(die)
    with pytest.raises(BrokenProcessPool):
        dying.result(timeout=30)
    with pytest.raises(BrokenProcessPool):
        pool.submit(square, 3)


def test_a_cancelling_shutdown_runs_no_queued_job(tmp_path: Path) -> None:
    pool = ProcessPool(1, mp_context=multiprocessing.get_context("fork"))
    running = pool.submit(nap, 0.5)
    time.sleep(0.2)  # the worker took it
    queued = [pool.submit(nap, 0, str(tmp_path / f"q{n}")) for n in range(3)]
    pool.shutdown(wait=True, cancel_futures=True)
    assert running.cancelled()  # its worker finished it; its result is not waited for
    for future in queued:
        with pytest.raises(CancelledError):
            future.result(timeout=5)
    assert not list(tmp_path.iterdir())
    assert not any(p.is_alive() for p in pool._processes.values())
    with pytest.raises(RuntimeError):
        pool.submit(square, 2)


def test_a_plain_shutdown_runs_every_job_first(tmp_path: Path) -> None:
    pool = ProcessPool(2, mp_context=multiprocessing.get_context("fork"))
    futures = [pool.submit(nap, 0.05, str(tmp_path / f"j{n}")) for n in range(6)]
    pool.shutdown(wait=True)
    assert [f.result(timeout=5) for f in futures] == [str(tmp_path / f"j{n}") for n in range(6)]


def test_cpu_pool_runs_its_jobs_in_this_pool() -> None:
    pool = CpuPool(2, start_after=0, start_method="fork")
    try:
        assert pool.call(len, b"abc") == 3  # starts the workers (computed here meanwhile)
        pool._warm.result(timeout=60)
        assert isinstance(pool._executor, ProcessPool)
        assert pool.call(len, b"abcd") == 4 and pool.pooled >= 1
    finally:
        pool.close()
