"""A lean process pool: jobs written to the workers by the thread that submits them.

``concurrent.futures.ProcessPoolExecutor`` hands each job through two threads of the
submitting process: ``submit`` wakes its manager thread (a write to a pipe), which moves
the job into a queue whose feeder thread pickles it and writes it to the workers; each
result comes back through the manager thread.  Every hand-over is a GIL hand-over, and a
thread that gave the GIL up for a system call waits for it while the others pickle or
unpickle: on benchmarks/pipeline.py (issue 12) ``submit`` took 0.03 ms of the poll
process's CPU and 0.2-1.7 ms of its main thread's wall, and the two threads ~0.75 s of
CPU per 1,200 edited versions.

Here the submitting thread pickles the job and writes it into one pipe that every
worker reads from (the first free worker takes it, as from ProcessPoolExecutor's call
queue), and one reader thread takes the results back.  The pipe's buffer is enlarged
where the platform allows (Linux: 1 MiB), so that the jobs queued behind busy workers do
not block the caller; a full pipe blocks it until a worker takes a job.

The interface is the part of ProcessPoolExecutor that monitor.cpu uses: ``submit``
(a ``Future``), ``shutdown(wait, cancel_futures)``, ``BrokenProcessPool`` when a worker
dies, and ``_processes`` (pid -> process, for the workers' CPU counters).  One difference:
every job goes to the pipe at once, so a cancelling shutdown cancels the futures of the
jobs being run too (their results are not waited for), and the workers skip the rest.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait
from typing import Any

# The pipe's buffer (Linux: F_SETPIPE_SZ; at most /proc/sys/fs/pipe-max-size, 1 MiB by
# default): ~25 of benchmarks/pipeline.py's 40 KB jobs queue without blocking the caller.
PIPE_BYTES = 1 << 20

# (job id, function, its arguments); None: the worker stops.
_Job = tuple[int, Callable[..., Any], tuple[Any, ...]] | None
# (job id, True and the function's result, or False and the exception it raised)
_Reply = tuple[int, bool, Any]


def _work(jobs: Any, replies: Any, stop: Any, initializer: Callable[..., Any] | None,
          initargs: tuple[Any, ...]) -> None:
    """A worker: run jobs until told to stop (None, or ``stop`` set by a cancelling
    shutdown: the jobs still queued are not run)."""
    if initializer is not None:
        initializer(*initargs)
    while True:
        job: _Job = jobs.get()
        if job is None or stop.is_set():
            return
        number, function, args = job
        try:
            reply: _Reply = (number, True, function(*args))
        except BaseException as exc:  # the caller's future raises it
            reply = (number, False, exc)
        try:
            replies.put(reply)
        except Exception as exc:  # a result or an exception that cannot be pickled
            replies.put((number, False, RuntimeError(f"cannot send the result back: {exc!r}")))
        del job, reply  # nothing of a finished job is held while waiting for the next


def _enlarge(connection: Any) -> None:
    """Give the pipe under ``connection`` a larger buffer, where the platform can."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        return
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux
    if set_size is not None:
        with contextlib.suppress(OSError):  # over the system's limit: the default size
            fcntl.fcntl(connection.fileno(), set_size, PIPE_BYTES)


class ProcessPool:
    def __init__(self, workers: int, *, mp_context: Any,
                 initializer: Callable[..., Any] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
        self.workers = workers
        self._context = mp_context
        self._initializer = initializer
        self._initargs = initargs
        self._lock = threading.Lock()  # the futures, the flags, the start
        self._futures: dict[int, Future[Any]] = {}
        self._numbers = itertools.count()
        self._processes: dict[int, Any] = {}
        self._jobs: Any = None
        self._replies: Any = None
        self._stop: Any = None
        self._reader: threading.Thread | None = None
        self._broken: str | None = None
        self._shutdown = False

    def submit(self, function: Callable[..., Any], /, *args: Any) -> Future[Any]:
        """``function(*args)`` in a worker (the workers start with the first job)."""
        future: Future[Any] = Future()
        with self._lock:
            if self._broken is not None:
                raise BrokenProcessPool(self._broken)
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if self._jobs is None:
                self._start()
            number = next(self._numbers)
            self._futures[number] = future
        try:
            self._jobs.put((number, function, args))
        except (OSError, ValueError) as exc:  # every worker gone (EPIPE), or shut down
            with self._lock:
                self._futures.pop(number, None)
                broken = self._broken
            if broken is not None or isinstance(exc, BrokenPipeError):
                raise BrokenProcessPool(broken or "the worker processes are gone") from exc
            raise RuntimeError("cannot schedule new futures after shutdown") from exc
        except Exception as exc:  # the job cannot be pickled: its own failure
            with self._lock:
                self._futures.pop(number, None)
            future.set_exception(exc)
        return future

    def _start(self) -> None:
        """Start the workers and the reader of their results.  Under self._lock."""
        context = self._context
        self._jobs, self._replies, self._stop = (context.SimpleQueue(), context.SimpleQueue(),
                                                 context.Event())
        _enlarge(self._jobs._writer)
        for _ in range(self.workers):
            process = context.Process(target=_work, args=(
                self._jobs, self._replies, self._stop, self._initializer, self._initargs))
            process.start()
            self._processes[process.pid] = process
        # Only the workers read jobs and write replies: a write to a pipe no worker reads
        # fails (EPIPE) instead of blocking, and the reader sees EOF when all are gone.
        self._jobs._reader.close()
        self._replies._writer.close()
        self._reader = threading.Thread(target=self._read, name="pool-results", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """The reader thread: each reply to its future, until the workers are gone."""
        replies = self._replies._reader
        sentinels = {process.sentinel for process in self._processes.values()}
        while sentinels:
            ready = wait([replies, *sentinels])
            if replies in ready:
                try:
                    self._deliver(self._replies.get())
                except (EOFError, OSError):
                    break
                continue
            sentinels.difference_update(ready)  # exited: its replies were read before
            with self._lock:
                expected = self._shutdown
            if not expected:
                self._gone("a worker process exited unexpectedly")
                return
        with contextlib.suppress(EOFError, OSError):
            while replies.poll():  # sent just before the last exit
                self._deliver(self._replies.get())
        self._gone("the worker processes are gone")

    def _deliver(self, reply: _Reply) -> None:
        number, done, value = reply
        with self._lock:
            future = self._futures.pop(number, None)
        if future is not None and future.set_running_or_notify_cancel():
            if done:
                future.set_result(value)
            else:
                future.set_exception(value)

    def _gone(self, why: str) -> None:
        """No worker will answer: every waiting future fails (a shutdown's are cancelled)."""
        with self._lock:
            if not self._shutdown:
                self._broken = why
            futures, self._futures = self._futures, {}
        for future in futures.values():
            if future.set_running_or_notify_cancel():
                future.set_exception(BrokenProcessPool(why))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the workers: after the jobs submitted, or (``cancel_futures``) after the
        ones they are running, the others cancelled."""
        with self._lock:
            if self._shutdown:
                return
            self._shutdown = True
            started = self._jobs is not None
            futures = list(self._futures.values()) if cancel_futures else []
        if not started:
            return
        if cancel_futures:
            self._stop.set()
            for future in futures:
                future.cancel()
        for _ in range(self.workers):
            try:
                self._jobs.put(None)
            except (OSError, ValueError):  # the workers are gone already
                break
        if wait:
            for process in self._processes.values():
                process.join()
            if self._reader is not None:
                self._reader.join()
            self._jobs._writer.close()
            self._replies._reader.close()
