"""`monitor run --db postgresql://…`: a worker, one of as many as you like on as many
machines, sharing one PostgreSQL for the store and the job queue (procrastinate).

    every worker                          one of them at a time (the dispatcher)
    ------------                          --------------------------------------
    procrastinate worker on the queues    pg_try_advisory_lock(dispatch, schema) held on
      "poll"    poll_host(host, feeds)      its own connection; every DISPATCH_EVERY s:
      "extract" recheck_host(host, feeds)     due feeds (Storage.due_feeds), by host
      each job: lock = "host:<host>"          ─► one poll_host job per host batch
      (one running job per host across        feeds with due page re-checks, by host
      all workers); each request: its host's  ─► one recheck_host job per host batch
      advisory lock (pages on other hosts)
    delivery loop (the outbox: claims are   every STALLED_CHECK_EVERY s: jobs of a worker
      FOR UPDATE SKIP LOCKED)                 without a heartbeat for STALLED_AFTER s
    heartbeat in the store (/healthz)         are put back in the queue; `retention:`
                                              prunes daily, as the daemon does

A job re-reads, per feed, whether its poll is still due before polling it, so a job run
twice (a killed worker's job put back, or a second batch queued while the first ran)
polls nothing twice; and every write a poll makes is idempotent (story keys, version
numbers and idempotency keys are unique; an entry's write re-checks what its decision
read), so a job cut short by a kill -9 and run again stores each version once.

``queueing_lock`` keeps at most one job *waiting* per host and kind, ``lock`` at most one
*running* per host whatever its kind, and a job polls its feeds one after the other.
That lock is the feed's host's; an article page may live on another host.  So every
request (feed or page) also holds its own host's advisory lock for its length
(``postgres.HostLocks`` as the fetcher's ``host_gate``): a host never sees two requests at
once from the whole fleet.

SIGTERM or SIGINT: the dispatcher lets go of its lock, polls stop after their current
write, the worker waits for its running jobs (procrastinate's graceful shutdown), the
delivery loop finishes its send, and the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import procrastinate
import psycopg
from procrastinate import exceptions as job_errors
from procrastinate import jobs as job_states
from procrastinate.types import JSONValue

from monitor.config import Config, FeedConfig
from monitor.errors import InputError, StoreError
from monitor.redact import redact, redact_url
from monitor.storage import Storage, host_gate, open_store
from monitor.store import iso, utcnow

if TYPE_CHECKING:
    from monitor.postgres import QueueSchema

log = logging.getLogger("monitor.workers")

ROLES = ("poll", "extract", "deliver")
POLL_QUEUE = "poll"
EXTRACT_QUEUE = "extract"
POLL_TASK = "monitor.poll_host"
RECHECK_TASK = "monitor.recheck_host"

# A waiting job of higher priority holds back the jobs of its lock (procrastinate), so a
# host's page re-checks never hold up its polls, even in a fleet where no worker takes
# the extract queue (a poll re-checks its feed's due pages too).
PRIORITY = {POLL_QUEUE: 1, EXTRACT_QUEUE: 0}

CONCURRENCY = 8  # jobs (hosts) a worker runs at once, each in its own thread (--concurrency)
BATCH = 100  # feeds per job at most (the rest go in the host's next job)
DISPATCH_EVERY = 1.0  # seconds between two looks at what is due
LOCK_RETRY = 2.0  # seconds between two tries of the dispatcher's lock by the others
HEARTBEAT = 2.0  # seconds between two procrastinate heartbeats of a worker
STALLED_AFTER = 10.0  # a worker silent this long is gone: its running jobs go back
STALLED_CHECK_EVERY = 2.0  # seconds between two looks for such jobs (by the dispatcher)
SHUTDOWN_GRACE = 60.0  # seconds running jobs get after SIGTERM (a poll ends at its write)
RESTART_PAUSE = 0.5  # seconds before procrastinate's worker is started again after an error
RESTART_PAUSE_MAX = 30.0  # (the pause doubles while the errors go on)
STORE_HEARTBEAT = 10.0  # seconds between two heartbeats in the store (read by /healthz)
# PostgreSQL connections of one worker, at most (the server's max_connections is shared by
# the whole fleet): the store's pool (the pipeline's writes take turns in a process), the
# job queue's (its LISTEN connection included), the dispatcher's lock, one per claimer,
# and one per running job for its request's host lock (HostLocks, sized by concurrency).
STORE_POOL = 4
QUEUE_POOL = 3
DELIVERY_CLAIMERS = 2
RETENTION_FIRST_DELAY = 600.0  # `retention:`: the first prune, this long after leading
RETENTION_INTERVAL = 86400.0  # seconds between two prunes


# ---------------------------------------------------------------- pure helpers


def parse_roles(text: str | None) -> frozenset[str]:
    """``--role poll,extract,deliver`` (all three when not given)."""
    if not text:
        return frozenset(ROLES)
    roles = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = sorted(roles - set(ROLES))
    if unknown or not roles:
        raise InputError(f"--role: unknown role '{(unknown or [text])[0]}' "
                         f"(roles: {', '.join(ROLES)})")
    return frozenset(roles)


def queues_for(roles: Collection[str]) -> list[str]:
    """The job queues a worker with these roles listens to."""
    return [queue for queue, role in ((POLL_QUEUE, "poll"), (EXTRACT_QUEUE, "extract"))
            if role in roles]


def host_of(url: str) -> str:
    """The host a feed's requests go to (what the per-host lock is named after)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def batches(feeds: Iterable[FeedConfig], limit: int = BATCH) -> dict[str, list[str]]:
    """Feed names by host, each host's list cut at ``limit``; hosts and names sorted."""
    by_host: dict[str, list[str]] = {}
    for feed in feeds:
        by_host.setdefault(host_of(feed.url), []).append(feed.name)
    return {host: sorted(names)[:limit] for host, names in sorted(by_host.items())}


def dispatch_lock_sql() -> str:
    """The dispatcher's lock: one per schema, so stores sharing a database keep theirs."""
    return ("SELECT pg_try_advisory_lock(hashtext('monitor.dispatch:' "
            "|| coalesce(current_schema(), '')))")


# ---------------------------------------------------------------- schema


def ensure_schema(url: str, queue: QueueSchema | None = None) -> None:
    """Create or update the store's tables and procrastinate's, safe when several workers
    start at once: the store migrates under its own advisory lock (PostgresStore.open),
    then procrastinate's schema is created, or migrated to the installed procrastinate's
    (``queue``, for tests), under another (postgres.ensure_queue_schema); tables of
    procrastinate that cannot be brought up to date are refused with one line."""
    from monitor.postgres import QueueSchema, ensure_queue_schema

    _open_store(url, pool_size=1).close()
    applied = ensure_queue_schema(url, queue or QueueSchema.installed())
    if applied:
        log.info("job queue: procrastinate migrations applied: %s", ", ".join(applied))


# ---------------------------------------------------------------- the tasks


@dataclass
class Runtime:
    """What a worker process's jobs share: the configuration, the store, one pipeline."""

    config: Config
    store: Storage
    pipeline: Any  # monitor.pipeline.Pipeline
    stop: threading.Event
    polled: list[str] = field(default_factory=list)  # feed names, for tests and counts
    rechecked: list[str] = field(default_factory=list)

    def feed(self, name: str) -> FeedConfig | None:
        feed = self.config.feed(name)
        if feed is None:
            log.warning("%s: not in this worker's configuration: skipped", name)
        return feed

    def is_due(self, name: str) -> bool:
        return bool(self.store.due_feeds([name], iso(utcnow()) or ""))


def _runtime(context: procrastinate.JobContext) -> Runtime:
    runtime = context.additional_context.get("runtime")
    if not isinstance(runtime, Runtime):
        raise RuntimeError("a monitor job ran outside a monitor worker")
    return runtime


def _feeds_to_work(runtime: Runtime, names: Iterable[str],
                   wanted: Callable[[FeedConfig], bool]) -> Iterator[FeedConfig]:
    """A job's feeds this worker knows and ``wanted`` keeps, one at a time, until a stop."""
    for name in names:
        if runtime.stop.is_set():
            return
        feed = runtime.feed(name)
        if feed is not None and wanted(feed):
            yield feed


def poll_host(context: procrastinate.JobContext, host: str, feeds: list[str]) -> int:
    """Poll one host's feeds, one at a time, those still due; returns how many."""
    runtime = _runtime(context)
    polled = 0
    # a feed no longer due was polled already (a job run twice)
    for feed in _feeds_to_work(runtime, feeds, lambda feed: runtime.is_due(feed.name)):
        runtime.pipeline.poll_feed(feed)
        runtime.polled.append(feed.name)
        polled += 1
    return polled


def recheck_host(context: procrastinate.JobContext, host: str, feeds: list[str]) -> int:
    """Re-check the due article pages of one host's feeds; returns the pages re-checked."""
    runtime = _runtime(context)
    pages = 0
    for feed in _feeds_to_work(runtime, feeds, lambda feed: feed.full_text):
        outcome = runtime.pipeline.recheck_feed(feed)
        runtime.rechecked.append(feed.name)
        pages += int(outcome.rechecked)
    return pages


def make_app(url: str) -> procrastinate.App:
    """A procrastinate App on the store's PostgreSQL (same schema) with monitor's tasks."""
    from procrastinate import PsycopgConnector

    app = procrastinate.App(connector=PsycopgConnector(
        conninfo=url, min_size=1, max_size=QUEUE_POOL, max_idle=60.0))
    app.task(name=POLL_TASK, queue=POLL_QUEUE, pass_context=True)(poll_host)
    app.task(name=RECHECK_TASK, queue=EXTRACT_QUEUE, pass_context=True)(recheck_host)
    return app


# ---------------------------------------------------------------- the dispatcher


class Dispatcher:
    """Exactly one at a time across all workers: whoever holds the advisory lock."""

    def __init__(self, app: procrastinate.App, url: str, config: Config, store: Storage,
                 stop: asyncio.Event) -> None:
        self.app = app
        self.url = url
        self.config = config
        self.store = store
        self.stop = stop
        self.leading = False
        self.deferred = 0  # jobs deferred while leading
        self.stalled_retried = 0

    async def run(self) -> None:
        while not self.stop.is_set():
            try:
                await self._contend()
            except (psycopg.Error, OSError) as exc:  # the server went away: try again
                self.leading = False
                log.warning("dispatcher: %s: %s", type(exc).__name__, _one_line(exc))
            except Exception as exc:  # a bug: logged, the lock let go, and contend again
                self.leading = False
                log.error("dispatcher: unexpected %s: %s", type(exc).__name__, _one_line(exc))
                log.debug("dispatcher: traceback", exc_info=True)
            await self._sleep(LOCK_RETRY)

    async def _contend(self) -> None:
        async with await psycopg.AsyncConnection.connect(self.url, autocommit=True) as conn:
            while not self.stop.is_set():
                row = await (await conn.execute(dispatch_lock_sql())).fetchone()
                if row is not None and row[0]:
                    break
                await self._sleep(LOCK_RETRY)
            else:
                return
            self.leading = True
            log.info("dispatcher: this worker dispatches (pid %d)", os.getpid())
            try:
                await self._lead(conn)
            finally:
                self.leading = False
                if not conn.closed:  # a clean stop: the next worker takes over at once
                    with contextlib.suppress(psycopg.Error):
                        await conn.execute("SELECT pg_advisory_unlock_all()")

    async def _lead(self, conn: psycopg.AsyncConnection[Any]) -> None:
        next_stalled_check = 0.0
        next_prune = time.monotonic() + RETENTION_FIRST_DELAY
        while not self.stop.is_set():
            await conn.execute("SELECT 1")  # the lock lives as long as this session
            try:
                await self.dispatch_once()
                if time.monotonic() >= next_stalled_check:
                    await self.retry_stalled()
                    next_stalled_check = time.monotonic() + STALLED_CHECK_EVERY
                if self.config.retention and time.monotonic() >= next_prune:
                    next_prune = time.monotonic() + RETENTION_INTERVAL
                    await asyncio.to_thread(self.prune)
            except (StoreError, job_errors.ConnectorException) as exc:
                log.warning("dispatcher: %s", _one_line(exc))
            await self._sleep(DISPATCH_EVERY)

    def prune(self) -> None:
        """`retention:`, as the daemon's daily job does: by the dispatcher, so once."""
        from monitor.cli.manage import describe_prune, prune_store

        retention = self.config.retention
        if retention:
            counts = prune_store(self.store, retention, [f.name for f in self.config.feeds])
            log.info("retention: %s", describe_prune(counts))

    async def dispatch_once(self, now: datetime | None = None) -> int:
        """Defer a job per host for the due feeds and for due page re-checks; returns how
        many jobs were deferred (a host with a job already waiting gets none)."""
        when = iso(now or utcnow()) or ""
        configured = {feed.name: feed for feed in self.config.feeds}
        due, rechecks = await asyncio.to_thread(self._due, list(configured), when)
        deferred = 0
        for task, queue, names in ((POLL_TASK, POLL_QUEUE, due),
                                   (RECHECK_TASK, EXTRACT_QUEUE, rechecks)):
            feeds = [configured[name] for name in names if name in configured]
            if task == RECHECK_TASK:
                feeds = [feed for feed in feeds if feed.full_text]
            if not feeds:
                continue
            # A host with a job waiting gets none: that job re-reads what is due.  (The
            # queueing lock refuses a second one anyway; asking once per round spares a
            # refused insert per busy host.)
            waiting = {job.queueing_lock for job in await self.app.job_manager.list_jobs_async(
                queue=queue, status="todo")}
            for host, batch in batches(feeds).items():
                if f"{queue}:{host}" not in waiting:
                    deferred += await self._defer(task, queue, host, batch)
        self.deferred += deferred
        return deferred

    def _due(self, names: list[str], when: str) -> tuple[list[str], list[str]]:
        return self.store.due_feeds(names, when), self.store.feeds_with_due_rechecks(when)

    async def _defer(self, task: str, queue: str, host: str, feeds: list[str]) -> int:
        try:
            await self.app.configure_task(
                task, queue=queue, lock=f"host:{host}", queueing_lock=f"{queue}:{host}",
                priority=PRIORITY[queue],
            ).defer_async(host=host, feeds=list[JSONValue](feeds))
        except job_errors.AlreadyEnqueued:
            return 0  # that host's job is waiting already: it re-reads what is due
        return 1

    async def retry_stalled(self) -> int:
        """Put back the running jobs of workers without a heartbeat (killed, frozen, cut
        off): a job's lock would otherwise hold its host forever.  A job whose host has
        one waiting already is marked failed instead (the waiting one re-reads what is
        due)."""
        manager = self.app.job_manager
        retried = 0
        for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER):
            try:
                await manager.retry_job(job)
            except job_errors.UniqueViolation:
                await manager.finish_job(job, status=job_states.Status.FAILED,
                                         delete_job=False)
            log.info("dispatcher: job %s of a worker gone silent put back", job.id)
            retried += 1
        self.stalled_retried += retried
        return retried

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), seconds)


# ---------------------------------------------------------------- one worker process


class Worker:
    """One `monitor run` on a PostgreSQL store."""

    def __init__(self, config: Config, url: str, *, roles: Collection[str] = ROLES,
                 concurrency: int = CONCURRENCY, fetcher: Any | None = None) -> None:
        self.config = config
        self.url = url
        self.roles = frozenset(roles)
        self.concurrency = max(1, concurrency)
        self.stop_event = threading.Event()  # the pipeline's and the delivery loop's
        self._fetcher = fetcher
        self._async_stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.dispatcher: Dispatcher | None = None
        self.runtime: Runtime | None = None

    def run(self, *, install_signals: bool = True) -> int:
        """Run until SIGTERM/SIGINT (or ``stop()``); returns the exit code (0)."""
        ensure_schema(self.url)
        asyncio.run(self._main(install_signals))
        return 0

    def stop(self) -> None:
        """Stop from any thread (what SIGTERM does)."""
        self.stop_event.set()
        loop, event = self._loop, self._async_stop
        if loop is not None and event is not None:
            with contextlib.suppress(RuntimeError):  # the loop has ended already
                loop.call_soon_threadsafe(event.set)

    async def _main(self, install_signals: bool) -> None:
        from monitor.pipeline import Pipeline

        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor(self.concurrency + 4,
                                                     thread_name_prefix="job"))
        self._loop, self._async_stop = loop, asyncio.Event()
        if self.stop_event.is_set():
            self._async_stop.set()
        if install_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, self._on_signal, signum)
        store = _open_store(self.url)
        gates = contextlib.ExitStack()
        pipeline = Pipeline(self.config, store, self._fetcher, stop=self.stop_event,
                            host_gate=gates.enter_context(host_gate(self.url,
                                                                    self.concurrency)),
                            long_lived=True)
        self.runtime = Runtime(self.config, store, pipeline, self.stop_event)
        threads = [threading.Thread(target=self._store_heartbeat, name="heartbeat",
                                    daemon=True)]
        if "deliver" in self.roles:
            threads.append(threading.Thread(target=self._deliver, name="delivery",
                                            daemon=True))
        for thread in threads:
            thread.start()
        app = make_app(self.url)
        queues = queues_for(self.roles)
        log.info("monitor worker: %d feeds, roles %s, concurrency %d, store %s",
                 len(self.config.feeds), ",".join(sorted(self.roles)), self.concurrency,
                 redact_url(self.url))
        try:
            async with app.open_async():
                tasks: list[asyncio.Task[Any]] = []
                if queues:
                    self.dispatcher = Dispatcher(app, self.url, self.config, store,
                                                 self._async_stop)
                    tasks.append(asyncio.create_task(self.dispatcher.run(), name="dispatcher"))
                    tasks.append(asyncio.create_task(self._take_jobs(
                        lambda: app.run_worker_async(
                            queues=queues, concurrency=self.concurrency,
                            name=f"{socket.gethostname()}:{os.getpid()}",
                            install_signal_handlers=False,
                            additional_context={"runtime": self.runtime},
                            update_heartbeat_interval=HEARTBEAT,
                            stalled_worker_timeout=STALLED_AFTER,
                            shutdown_graceful_timeout=SHUTDOWN_GRACE,
                            listen_notify=True, fetch_job_polling_interval=1.0,
                            delete_jobs="successful")), name="worker"))
                await self._async_stop.wait()
                self.stop_event.set()
                for task in tasks:  # the worker stops taking jobs and waits for its own
                    task.cancel()
                for task in tasks:
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
        finally:
            self.stop_event.set()
            for thread in threads:
                thread.join(timeout=self.config.delivery.timeout + 5)
            pipeline.close()
            gates.close()
            store.close()
            log.info("monitor worker stopped")

    async def _take_jobs(self, run: Callable[[], Awaitable[None]]) -> None:
        """``run()`` (procrastinate's worker), started again whenever it ends before this
        worker is stopped.  Its job fetch stops it at the first error: two workers taking
        two jobs of one host's lock at once, one of them loses the race to the lock's
        unique index (UniqueViolation, a race procrastinate knows of:
        procrastinate-org/procrastinate#1242, #1599), and the process went on polling
        nothing.  The job it lost is the other worker's; the ones it was running were
        finished (or handed back) by its own shutdown.  It also ends without an error when
        one of its side tasks fails (the LISTEN connection lost).  Other than a lost race,
        it is started again after a pause that doubles up to RESTART_PAUSE_MAX while it
        keeps ending soon."""
        pause = RESTART_PAUSE
        while True:
            started = time.monotonic()
            error: Exception | None = None
            try:
                await run()
            except Exception as exc:  # (a cancellation is not one: it ends the loop)
                error = exc
            if self._async_stop is None or self._async_stop.is_set():
                return
            lost_race = isinstance(error, job_errors.UniqueViolation)
            if lost_race or time.monotonic() - started > RESTART_PAUSE_MAX:
                pause = RESTART_PAUSE  # it ran well for a while: not a loop of errors
            why = f"{type(error).__name__}: {_one_line(error)}" if error else "no error"
            (log.info if lost_race else log.warning)(
                "job runner stopped (%s); starting it again in %gs", why, pause)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._async_stop.wait(), pause)
            if self._async_stop.is_set():
                return
            pause = min(2 * pause, RESTART_PAUSE_MAX)

    def _on_signal(self, signum: int) -> None:
        log.info("%s received: stopping after the current writes",
                 signal.Signals(signum).name)
        self.stop()

    def _deliver(self) -> None:
        from monitor.notify.outbox import DeliveryWorker

        while not self.stop_event.is_set():
            try:
                with DeliveryWorker(self.url, self.config,
                                    parallel=DELIVERY_CLAIMERS) as worker:
                    worker.run(self.stop_event)
            except Exception as exc:  # keep delivering after a bug or a lost server
                log.error("delivery worker failed (%s: %s); restarting in 10s",
                          type(exc).__name__, redact(str(exc), self.config.secrets)[:300])
                self.stop_event.wait(10)

    def _store_heartbeat(self) -> None:
        """The daemon's heartbeat row (/healthz): any live worker keeps it fresh."""
        host, pid = socket.gethostname(), os.getpid()
        started = iso(utcnow()) or ""
        runtime = self.runtime
        if runtime is None:
            return
        while True:
            try:
                runtime.store.beat(host=host, pid=pid, started_at=started,
                                   now=iso(utcnow()) or "")
            except Exception as exc:
                log.warning("heartbeat: %s: %s", type(exc).__name__, _one_line(exc))
            if self.stop_event.wait(STORE_HEARTBEAT):
                break
        with contextlib.suppress(Exception):
            runtime.store.daemon_stopped(host=host, pid=pid, now=iso(utcnow()) or "")


def run_worker(config: Config, url: str, *, roles: Collection[str] = ROLES,
               concurrency: int = CONCURRENCY) -> int:
    """`monitor run --db postgresql://…`."""
    return Worker(config, url, roles=roles, concurrency=concurrency).run()


def _open_store(url: str, *, pool_size: int = STORE_POOL) -> Storage:
    """The store at ``url`` with a small pool (a URL that is not PostgreSQL's: as given)."""
    from monitor.storage import is_server_url

    if not is_server_url(url):
        return open_store(url)
    try:
        from monitor.postgres import PostgresStore
    except ImportError:  # open_store says what to install
        return open_store(url)
    return PostgresStore.open(url, pool_size=pool_size)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


__all__: Sequence[str] = ("ROLES", "Dispatcher", "Worker", "batches", "ensure_schema",
                          "make_app", "parse_roles", "run_worker")
