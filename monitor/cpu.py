"""Deciding and computing entries on every core (issue 12).

Fact extraction and the fact diff are pure Python and hold the GIL, so the poll
threads that fetch and parse cannot share them out.  ``CpuPool.run(jobs)`` runs
``ingest.decide_and_compute`` over a batch of jobs in worker processes (one per CPU
this process may use) and returns the results in order, or runs them in-process when
the pool would cost more than it saves:

* a job whose entry is byte-identical to its story's latest version (most of a feed)
  is decided in-process: it needs no hashing, let alone facts;
* the pool starts once this process has had ``START_AFTER`` jobs with real work and
  some parallelism to gain (a batch of ``MIN_BATCH`` or more, two threads computing at
  once, or a job this process would have to load the fact core for), or when the
  caller knows such work is coming (``expect``, ``start``): a replay feeding one entry
  at a time never pays for worker processes;
* until the workers are up (started in the background: the forkserver, with the fact
  core loaded once, forks them) jobs run in-process; a batch smaller than
  ``MIN_BATCH`` with no other thread computing runs in-process once this process has
  the fact core loaded (its thread would only wait for the worker), and goes to the
  workers when they are up and it has not (loading it here costs ~0.3 s of the
  GIL that the poll threads share, and ~30 MB); a broken pool falls back to
  in-process for good.

Workers are started by a forkserver that preloads the fact core
(``MONITOR_WORKER_START=fork`` or ``spawn`` chooses another start method, for
measurements; see ``CpuPool._start`` for why fork is not the default).

Workers ignore SIGINT and SIGTERM: the daemon's own handler decides when to stop,
and ``close()`` shuts them down; they exit by themselves when this process dies, even
by SIGKILL (see ``_worker_init``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import Future
from typing import Any

from monitor.ingest import Intent, Job, NeedMore, decide_and_compute

log = logging.getLogger("monitor.cpu")

# Jobs with real work this process must have had before the pool is started: its
# start (a forkserver with the fact core loaded, then one fork per worker) costs about
# as much CPU as this many new 800-word versions (docs/benchmarks.md, issue 12).
START_AFTER = 16
# A batch at least this large goes to the pool even when no other thread computes.
MIN_BATCH = 2

# How long a job waits for starting workers before it is computed here after all
# (they start in ~1 s; ~1.2 s at load average 13): a bound, not a schedule.
WARM_WAIT = 15.0

# Jobs taken ahead per worker (see CpuPool.results).
LOOKAHEAD_PER_WORKER = 3
# How many jobs in all may wait for their turn, per job the workers may hold: a feed's
# unchanged entries (most of them) are decided here at their turn, so counting them
# towards ``lookahead`` kept ~1 edited entry in the workers at a time (issue 12).
LIGHT_AHEAD = 4

# A job that raised gives its exception back (one bad entry must not lose the others).
Result = Intent | NeedMore | Exception | None


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def is_light(job: Job) -> bool:
    """No work worth a process: the entry is byte-identical to its story's latest version."""
    found = job.snapshot.found
    if found is None or not found.latest:
        return False
    latest = found.latest[0]
    return (latest.title == (job.entry.title or "").strip()
            and latest.text == (job.entry.text or "").strip())


def run_job(job: Job) -> Result:
    """``decide_and_compute``, its exception returned rather than raised."""
    try:
        return decide_and_compute(job)
    except Exception as exc:
        return exc


def call_pooled(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    """``function(*args)`` in a worker process: (True, its result) or (False, the exception
    it raised), so that the caller tells the function's errors from the pool's."""
    try:
        return True, function(*args)
    except Exception as exc:
        return False, exc


def run_pooled(job: Job) -> Result:
    """``run_job`` in a worker process.  Its jobs are independent (an entry's text meets
    the same sentences again only within its own job: extraction, then the diff), so the
    per-sentence caches are emptied after each job rather than grown to their bounds in
    every worker (measured: ~75 MB private per worker after 2,000 jobs)."""
    try:
        return run_job(job)
    finally:
        for cached in _job_caches():
            cached.cache_clear()


_JOB_CACHES: list[Any] = []


def _job_caches() -> list[Any]:
    """The bounded caches of the text helpers and the fact core that hold sentences or
    texts (``lru_cache`` of 16 to 8,192 entries); not the word-level tables (word canons:
    65,536 short entries) nor the ones loaded once (lexicons).  The fingerprints' caches
    (64 texts) are kept: the near-duplicate candidates of a feed's new stories are the
    same few recent stories job after job (the farm's first pass: ~3 per new story)."""
    if not _JOB_CACHES:
        for name, module in list(sys.modules.items()):
            if module is None or not (name.startswith("monitor.facts")
                                      or name == "monitor.text"):
                continue
            for value in vars(module).values():
                info = getattr(value, "cache_info", None)
                if callable(info) and hasattr(value, "cache_clear") and (
                        getattr(value, "__module__", None) == name) and (
                        16 <= (info().maxsize or 0) <= 8192) and value not in _JOB_CACHES:
                    _JOB_CACHES.append(value)
    return _JOB_CACHES


def _worker_init(alive: Any, parent_end: Any = None) -> None:
    """In each worker: leave SIGINT/SIGTERM to the parent, and exit when it is gone.

    A worker of a parent killed with SIGKILL would otherwise wait for work forever (it
    holds both ends of its call queue, so it never reads EOF there), keeping the parent's
    stdout and stderr open.  ``alive`` is the read end of a pipe whose only write end the
    parent holds: EOF on it means the parent is gone, even while it is a zombie.  A forked
    worker inherits that write end (``parent_end``) and every socket of the parent (its
    HTTP connections, a web server's listening socket): it closes them, so that they close
    when the parent closes them."""
    import gc
    import signal

    # What the worker inherited (the fact core the forkserver preloaded) is never
    # collected: its collections then never write to those objects' pages, which stay
    # shared with the server and the other workers instead of being copied into each.
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if parent_end is not None:
        parent_end.close()
        _close_inherited_sockets()

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            alive.recv()
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _close_inherited_sockets() -> None:
    """Close the sockets a forked worker inherited (its queues are pipes, not sockets)."""
    import stat

    try:
        descriptors = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in descriptors:
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def _stop_forkserver() -> None:
    """Stop (and reap) the forkserver once its workers are gone, rather than leave it to
    the end of the process: a daemon's clean stop leaves no process behind, and the
    CPU time of the workers it reaped is counted as this process's children's."""
    try:
        from multiprocessing import forkserver

        stop = getattr(forkserver._forkserver, "_stop", None)  # CPython's, since 3.8
        if stop is not None:
            stop()
    except (OSError, AttributeError) as exc:
        log.debug("forkserver: %s", exc)


def _ready() -> bool:
    return True


def _first_submit(executor: Any, warm: Future[bool]) -> None:
    """Submit the first job (which starts the workers) and pass its outcome to ``warm``."""
    try:
        inner = executor.submit(_ready)
    except BaseException as exc:  # shut down meanwhile, or a worker could not start
        warm.set_exception(exc)
        return

    def settle(done: Future[bool]) -> None:
        if done.cancelled():
            warm.cancel()
        elif done.exception() is not None:
            warm.set_exception(done.exception())
        else:
            warm.set_result(done.result())

    inner.add_done_callback(settle)


def _fact_core_here() -> bool:
    """Has this process loaded the fact core (``ingest.compute`` imports it first)?"""
    return "monitor._worker" in sys.modules


class CpuPool:
    def __init__(self, workers: int | None = None, *, start_after: int = START_AFTER,
                 min_batch: int = MIN_BATCH, lookahead: int | None = None,
                 start_method: str | None = None, preload: Sequence[str] = (),
                 fact_core: bool = True) -> None:
        self.workers = workers if workers is not None else available_cpus()
        self.start_method = start_method or os.environ.get("MONITOR_WORKER_START")
        # Jobs taken ahead of the one whose result is awaited: enough to keep every
        # worker busy while this thread writes, few enough that snapshots stay fresh.
        self.lookahead = lookahead if lookahead is not None else LOOKAHEAD_PER_WORKER * max(
            1, self.workers)
        self.start_after = start_after
        self.min_batch = min_batch
        # Modules the forkserver imports besides the fact core (the page extraction's,
        # when the configuration has full-text feeds: each worker would import them).
        # ``fact_core`` False: not the fact core either (~0.3 s of the server's CPU), for
        # a process that expects none of its jobs to read facts (a first pass into an
        # empty store: a story's first version is compared with none, ingest.compute); a
        # worker given one all the same loads it then.
        self.preload = ("monitor.ingest", *(("monitor._worker",) if fact_core else ()),
                        *preload)
        self._lock = threading.Lock()
        self._executor: Any = None
        self._warm: Any = None  # the future that says the workers are up
        self._alive: Any = None  # write end of the pipe the workers watch (see _worker_init)
        self._alive_reader: Any = None
        self._broken = False
        self._heavy = 0  # jobs with real work seen
        self._active = 0  # threads computing right now
        self.pooled = 0  # jobs run in workers (for tests and benchmarks)

    def run(self, jobs: Sequence[Job]) -> list[Result]:
        """``decide_and_compute`` of every job, in order (a job's exception as its result)."""
        return list(self.results(jobs))

    def results(self, jobs: Iterable[Job], count: int | None = None,
                ) -> Generator[Result, None, None]:
        """Like ``run``, each result yielded as soon as it and those before it are done, so
        that the caller writes the first while the workers still compute the others.

        ``jobs`` may be a lazy iterable of ``count`` jobs (``count`` None: a sequence): a
        job is taken from it only when fewer than ``lookahead`` jobs sent to the workers
        (and fewer than ``lookahead * LIGHT_AHEAD`` in all) wait for their turn, so the
        caller reads what the store knows for a job (its snapshot) after the jobs well
        before it are written (a fresher snapshot is less often stale) while the workers
        compute the ones in between."""
        from concurrent.futures import CancelledError
        from concurrent.futures.process import BrokenProcessPool

        if count is None:
            jobs = list(jobs)
            count = len(jobs)
        source = iter(jobs)
        with self._lock:
            self._active += 1
        waiting: deque[tuple[Job, Any]] = deque()  # in order: (job, its future or None)
        try:
            more = True
            pooled = 0  # jobs waiting that went to the workers
            while more or waiting:
                while more and pooled < self.lookahead and (
                        len(waiting) < self.lookahead * LIGHT_AHEAD):
                    job = next(source, None)
                    if job is None:
                        more = False
                        break
                    future = None
                    if not is_light(job):
                        executor = self._executor_for(count, None)
                        if executor is not None:
                            try:
                                future = executor.submit(run_pooled, job)
                            except (BrokenProcessPool, RuntimeError) as exc:  # a worker died
                                self._give_up(exc)
                    waiting.append((job, future))
                    pooled += future is not None
                    head = waiting[0][1]
                    if head is None or head.done():
                        break  # the head's turn (in-process, or computed): before reading more
                if not waiting:
                    break
                job, future = waiting.popleft()
                if future is None:
                    yield run_job(job)
                    continue
                pooled -= 1
                try:
                    result = future.result()
                except CancelledError as exc:  # close() while it waited: shutting down
                    result = exc
                except (BrokenProcessPool, RuntimeError) as exc:
                    self._give_up(exc)
                    result = run_job(job)
                else:
                    with self._lock:
                        self.pooled += 1
                yield result
        finally:
            for _, future in waiting:  # the caller stopped early
                if future is not None:
                    future.cancel()
            with self._lock:
                self._active -= 1

    def call(self, function: Callable[..., Any], *args: Any, wait: bool = False,
             counted: bool = True, pooled: Callable[..., Any] | None = None) -> Any:
        """``function(*args)`` (pure, picklable, CPU-bound: a page's extraction) in a worker
        when the pool is up, else here; counts as a job with real work towards starting
        the pool.  The calling thread waits with the GIL released, so the poll threads go
        on fetching while the workers parse (issue 12).  ``wait`` (a call costing several
        jobs): when the workers are starting, wait for them (up to ``WARM_WAIT`` seconds)
        rather than run it here.  ``counted`` False: too cheap to count towards starting
        the workers (a page's quick fingerprint check, ~1.5 ms).  ``pooled``: what a worker
        runs instead of ``function`` (same arguments, a result of the same shape), for
        work worth adding only where it costs this process nothing."""
        from concurrent.futures import CancelledError
        from concurrent.futures.process import BrokenProcessPool

        executor = self._executor_for(1, True, wait=wait, counted=counted)
        if executor is None:
            return function(*args)
        try:
            done, value = executor.submit(call_pooled, pooled or function, args).result()
        except CancelledError:  # close() while it waited: shutting down
            return function(*args)
        except (BrokenProcessPool, RuntimeError) as exc:  # a worker died
            self._give_up(exc)
            return function(*args)
        with self._lock:
            self.pooled += 1
        if not done:
            raise value
        return value

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        """A future of ``call_pooled(function, args)`` when the workers are up, else None
        (the caller works it out itself when it needs it): for work done ahead of the
        jobs that use it, never worth starting the pool for."""
        from concurrent.futures.process import BrokenProcessPool

        with self._lock:
            executor = self._executor if self._warm is not None and self._warm.done() else None
        if executor is None:
            return None
        try:
            return executor.submit(call_pooled, function, args)
        except (BrokenProcessPool, RuntimeError):
            return None

    def _executor_for(self, heavy: int, concurrent: bool | None, *,
                      wait: bool | None = None, counted: bool = True) -> Any:
        """The executor for one more job with real work (None: compute it here), the job
        counted; ``concurrent`` None: whether another thread computes now.  With ``wait``,
        a job that would go to workers that are starting waits for them (up to
        ``WARM_WAIT`` seconds).  ``wait`` None (a job): wait while this process has not
        loaded the fact core: computed here, a job would load it (~30 MB for the rest of
        the process's life; the 1,000-feed daemon's peak, issue 12); once it is loaded,
        computing here while the workers start costs nothing more (a short burst, as 20
        edited stories, is computed here as before)."""
        if wait is None:
            wait = not _fact_core_here()
        with self._lock:
            self._heavy += 1 if counted else 0
            if concurrent is None:
                concurrent = self._active > 1
            executor = self._pool_for(heavy, concurrent)
            warming = self._warming(heavy, concurrent) if wait and executor is None else None
        if warming is None:
            return executor
        with contextlib.suppress(Exception):  # workers that failed to start: here
            warming.result(timeout=WARM_WAIT)
        with self._lock:
            return self._pool_for(heavy, concurrent)

    def _warming(self, heavy: int, concurrent: bool) -> Any:
        """The future of the workers' start when they are starting and this work would go
        to them, else None.  Under self._lock."""
        if self._executor is None or self._broken or self._warm is None or self._warm.done():
            return None
        return self._warm if self._worth_workers(heavy, concurrent) else None

    def _worth_workers(self, heavy: int, concurrent: bool) -> bool:
        """Is this work for the workers: a batch of ``min_batch`` jobs or more, another
        thread computing at once, or a job this process would load the fact core for."""
        return heavy >= self.min_batch or concurrent or not _fact_core_here()

    def expect(self, jobs: int) -> None:
        """``jobs`` jobs with real work are on their way (a feed document's new entries):
        they count towards starting the workers now, so that a full-text feed's pages
        find them up, and the first jobs wait for them rather than load the fact core
        here."""
        with self._lock:
            self._heavy += jobs
            if jobs > 0 and self._executor is None:
                self._pool_for(jobs, True)

    def start(self) -> None:
        """Start the workers now (unless they are started, given up on, or this process may
        use one CPU only): the caller knows work with facts to read is coming, as a
        re-checked article page whose text changed."""
        with self._lock:
            if self._executor is None and self.workers >= 2 and not self._broken:
                self._start()

    def _pool_for(self, heavy: int, concurrent: bool) -> Any:
        """The executor to use for this batch, or None (in-process).  Under self._lock."""
        if self.workers < 2 or self._broken or heavy == 0:
            return None
        wanted = self._worth_workers(heavy, concurrent)
        if self._executor is None:
            if wanted and self._heavy >= self.start_after:
                self._start()
            return None
        if not self._warm.done() or not wanted:
            return None
        return self._executor

    def _start(self) -> None:
        """Start the workers: a forkserver that preloads the fact core forks them.

        Forking this process directly (``MONITOR_WORKER_START=fork``, for measurements
        only) starts them warm and sharing its pages, but is unsafe here: a thread of this
        process may hold a lock the child then needs (found: a thread reading stdin made
        every forked worker hang in multiprocessing's ``sys.stdin.close()``; a thread
        logging to stderr can do the same to its exit).  With ``fork`` the workers are
        started under ``gc.freeze`` and close the sockets they inherited."""
        import gc
        import multiprocessing

        from monitor.procpool import ProcessPool

        context: Any
        method = self.start_method or "forkserver"
        try:
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                # This module and monitor.procpool too: each worker imports them to read its
                # first job (its loop and initializer are theirs), ~4 ms a worker before
                # it takes one (issue 12, session 17).
                modules = ["monitor._forkserver_start", *self.preload, __name__,
                           "monitor.procpool", "monitor._forkserver"]
                context.set_forkserver_preload(modules)
                # Forked from this process rather than spawned when it runs one thread
                # (a first pass's pool, started before the poll threads): monitor.forkstart.
                # Before the pipes below exist, so that the server holds none of them.
                from monitor.forkstart import start_forkserver

                start_forkserver(modules)
        except ValueError:  # not on this platform
            context = multiprocessing.get_context("spawn")
        forked = context.get_start_method() == "fork"
        if forked:
            import monitor._worker  # noqa: F401  the fact core's tables, loaded once here
        # Only this process holds the write end: the workers see EOF when it dies.
        reader, self._alive = context.Pipe(duplex=False)
        self._executor = ProcessPool(self.workers, mp_context=context, initializer=_worker_init,
                                  initargs=(reader, self._alive if forked else None))
        self._alive_reader = reader
        if forked:
            gc.freeze()  # what the workers inherit stays shared (see above)
            try:
                self._warm = self._executor.submit(_ready)  # every worker starts now
            finally:
                gc.unfreeze()
        else:
            # The first submit waits for the server to preload the fact core (~0.3 s):
            # in the background, so that this thread, which holds self._lock, and the
            # others asking for the pool go on (in-process) meanwhile.
            warm: Future[bool] = Future()
            self._warm = warm
            threading.Thread(target=_first_submit, args=(self._executor, warm),
                             name="cpu-start", daemon=True).start()
        log.debug("starting %d worker processes (%s)", self.workers, method)

    def _give_up(self, exc: BaseException) -> None:
        log.warning("worker processes failed (%s: %s); computing in-process",
                    type(exc).__name__, exc)
        with self._lock:
            self._broken = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def worker_cpu_seconds(self) -> float:
        """User + system CPU of the live workers (Linux /proc; 0 elsewhere): benchmarks
        count it before close(), since the workers are the forkserver's children."""
        executor = self._executor
        total = 0.0
        for pid in list(getattr(executor, "_processes", None) or {}):
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, ValueError, IndexError):
                continue
        return total

    @property
    def ready(self) -> bool:
        """Are the workers up (and not given up on)?"""
        with self._lock:
            return (self._executor is not None and self._warm is not None
                    and self._warm.done() and not self._broken)

    @property
    def started(self) -> bool:
        return self._executor is not None

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
            _stop_forkserver()
        for end in (self._alive, self._alive_reader):
            if end is not None:
                end.close()
        self._alive = self._alive_reader = None
