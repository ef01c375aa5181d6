"""`monitor run`: the long-running daemon.

APScheduler 3 (BackgroundScheduler) holds one interval job per feed, with
jitter, ``max_instances=1`` and ``coalesce=True``.  A job does no work on the
scheduler's threads: measured, APScheduler dispatching 10,000 jobs due at once
missed 97% of them when each blocked for 50 ms.  So a job only hands its feed
to a bounded worker pool, unless that feed is already in flight.  The worker
polls the feed if its stored ``next_poll_at`` has come (backoff, Retry-After
and max-age live in the store, so a restart resumes them).

The delivery worker runs beside it in its own thread with its own SQLite
connection.  SIGTERM/SIGINT set one event: polls stop after their current
write, the pool drains, the delivery worker finishes its send, and the
process exits 0.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import socket
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from monitor import schedule
from monitor.config import Config, FeedConfig
from monitor.pipeline import Pipeline
from monitor.redact import redact
from monitor.store import BUSY_TIMEOUT_MS, Store, iso, parse_iso, utcnow

log = logging.getLogger("monitor.daemon")

# A job fires up to ``jitter`` of the interval late, and next_poll_at carries its
# own jitter: within this much of its next poll a feed counts as due.
DUE_SLACK = 2.0  # seconds, on top of the jitter window
STARTUP_SPREAD = 5.0  # seconds over which overdue feeds start (not all in one instant)
SHUTDOWN_GRACE = 5.0  # seconds polls in flight get to finish after SIGTERM
HEARTBEAT_INTERVAL = 10.0  # seconds between two heartbeats in the store (read by /healthz)
RETENTION_JOB = "retention"  # the scheduler's job id of the daily prune (`retention:`)
RETENTION_INTERVAL = 86400.0  # seconds between two prunes
RETENTION_FIRST_DELAY = 600.0  # the first prune, this long after startup (not in the rush)


class WorkerPool:
    """A fixed set of daemon threads draining a queue.

    Not ThreadPoolExecutor: its threads are joined at interpreter exit, so a
    poll stuck on a silent server would hold SIGTERM for the whole HTTP
    deadline.  Here a stop waits ``SHUTDOWN_GRACE`` for polls in flight, then
    leaves: SQLite rolls back a write that was cut short, and every committed
    one is kept.
    """

    def __init__(self, size: int, work: Any, name: str = "poll") -> None:
        self._queue: queue.Queue[Any] = queue.Queue()
        self._work = work
        self._threads = [threading.Thread(target=self._loop, name=f"{name}-{i}", daemon=True)
                         for i in range(size)]
        for thread in self._threads:
            thread.start()

    def submit(self, item: Any) -> None:
        self._queue.put(item)

    def stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            self._work(item)


class Daemon:
    def __init__(self, config: Config, db_path: str | Path, *, fetcher: Any | None = None,
                 deliver: bool = True) -> None:
        self.config = config
        self.db_path = Path(db_path)
        self.stop_event = threading.Event()
        self.store = Store.open(self.db_path)
        self.pipeline = Pipeline(config, self.store, fetcher, stop=self.stop_event,
                                 long_lived=True)
        self.deliver = deliver
        self._pool = WorkerPool(max(1, config.defaults.concurrency), self._work)
        self._in_flight: set[str] = set()
        self._in_flight_lock = threading.Lock()
        self._scheduler: Any = None
        self._delivery_thread: threading.Thread | None = None
        self._heartbeat_thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle

    def run(self) -> int:
        """Run until SIGTERM/SIGINT (or ``stop()``); returns the exit code."""
        self._install_signal_handlers()
        self.start()
        try:
            while not self.stop_event.wait(1.0):
                pass
        finally:
            self.shutdown()
        return 0

    def start(self) -> None:
        from apscheduler.schedulers.background import (  # type: ignore[import-untyped]
            BackgroundScheduler,
        )
        from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

        self._scheduler = BackgroundScheduler(timezone="UTC", job_defaults={
            "max_instances": 1, "coalesce": True, "misfire_grace_time": None})
        now = utcnow()
        states = self.pipeline.feed_states()
        for index, feed in enumerate(self.config.feeds):
            first = self._first_run(feed, states.get(feed.name), now, index)
            self._scheduler.add_job(
                self._dispatch, IntervalTrigger(
                    seconds=feed.interval, jitter=feed.interval * self.config.defaults.jitter,
                    start_date=first, timezone="UTC"),
                args=[feed], id=feed.name, name=f"poll {feed.name}", next_run_time=first)
        if self.config.retention:
            self._scheduler.add_job(
                self.run_retention, IntervalTrigger(seconds=RETENTION_INTERVAL, timezone="UTC"),
                id=RETENTION_JOB, name="retention", next_run_time=now + timedelta(
                    seconds=RETENTION_FIRST_DELAY))
        self._scheduler.start()
        self._heartbeat_thread = threading.Thread(
            target=self._heartbeat, args=(iso(now) or "",), name="heartbeat", daemon=True)
        self._heartbeat_thread.start()
        if self.deliver:
            self._delivery_thread = threading.Thread(
                target=self._deliver, name="delivery", daemon=True)
            self._delivery_thread.start()
        log.info("monitor running: %d feeds, store %s", len(self.config.feeds), self.db_path)

    def stop(self) -> None:
        self.stop_event.set()

    def shutdown(self) -> None:
        self.stop_event.set()
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._pool.stop()
        deadline = time.monotonic() + SHUTDOWN_GRACE
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.05)
        if self._busy():
            log.info("leaving %d polls in flight (nothing they had stored is lost)",
                     len(self._in_flight))
        if self._delivery_thread is not None:
            self._delivery_thread.join(timeout=self.config.delivery.timeout + 5)
        if self._heartbeat_thread is not None:
            self._heartbeat_thread.join(timeout=BUSY_TIMEOUT_MS / 1000 + 5)
        with self.pipeline.lock:  # never close the connection under a write
            self.store.close()
        self.pipeline.close()
        log.info("monitor stopped")

    def _busy(self) -> bool:
        with self._in_flight_lock:
            return bool(self._in_flight)

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return

        def handle(signum: int, _frame: Any) -> None:
            log.info("%s received: stopping after the current write",
                     signal.Signals(signum).name)
            self.stop_event.set()

        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)

    # ------------------------------------------------------------ polling

    def _first_run(self, feed: FeedConfig, state: dict[str, Any] | None, now: datetime,
                   index: int) -> datetime:
        """Resume from the store: a feed polled a minute ago is not polled at startup."""
        spread = timedelta(seconds=STARTUP_SPREAD * index / max(len(self.config.feeds), 1))
        due = parse_iso((state or {}).get("next_poll_at"))
        if due is None or due <= now:
            return now + spread
        return due

    def _dispatch(self, feed: FeedConfig) -> None:
        """The scheduler's job: hand the feed to the pool, never block here."""
        if self.stop_event.is_set():
            return
        with self._in_flight_lock:
            if feed.name in self._in_flight:
                return
            self._in_flight.add(feed.name)
        self._pool.submit(feed)

    def _work(self, feed: FeedConfig) -> None:
        try:
            if self.stop_event.is_set() or not self._is_due(feed):
                return
            self.pipeline.poll_feed(feed)
        except Exception as exc:  # a bug must not kill the worker thread silently
            log.error("%s: poll failed: %s: %s", feed.name, type(exc).__name__,
                      redact(str(exc), self.config.secrets)[:300])
            log.debug("%s: traceback", feed.name, exc_info=True)
        finally:
            with self._in_flight_lock:
                self._in_flight.discard(feed.name)

    def _is_due(self, feed: FeedConfig) -> bool:
        now = utcnow()
        state = self.pipeline.feed_state(feed.name)
        wait_until = parse_iso(state.get("retry_after_until"))
        if wait_until and wait_until > now:
            return False  # a server's Retry-After is never cut short
        tolerance = 2 * feed.interval * self.config.defaults.jitter + DUE_SLACK
        return schedule.is_due(now, parse_iso(state.get("next_poll_at")), tolerance=tolerance)

    # ------------------------------------------------------------ retention

    def run_retention(self) -> dict[str, Any] | None:
        """`retention:`: prune what stories unseen that long keep, as `monitor prune
        --older-than` does, then reclaim the space; on the daemon's own connection,
        between polls (never under a poll's write).  Returns the counts (None when it
        failed: logged, tried again the next day)."""
        from monitor.cli.manage import describe_prune, prune_store

        if not self.config.retention or self.stop_event.is_set():
            return None
        try:
            with self.pipeline.lock:
                counts = prune_store(self.store, self.config.retention,
                                     [f.name for f in self.config.feeds])
        except Exception as exc:  # a locked or full store: try again tomorrow
            log.error("retention: prune failed: %s: %s", type(exc).__name__, exc)
            return None
        log.info("retention: %s", describe_prune(counts))
        return counts

    # ------------------------------------------------------------ heartbeat

    def _heartbeat(self, started_at: str) -> None:
        """Every HEARTBEAT_INTERVAL, note in the store that this daemon is alive (its own
        connection); a clean stop is noted too, so /healthz tells stopped from crashed."""
        host, pid = socket.gethostname(), os.getpid()
        try:
            store = Store.open(self.db_path)
        except Exception as exc:
            log.error("heartbeat: cannot open the store: %s", exc)
            return
        try:
            while True:
                try:
                    store.beat(host=host, pid=pid, started_at=started_at, now=iso(utcnow()) or "")
                except Exception as exc:  # a locked or full store: try again next beat
                    log.warning("heartbeat: %s: %s", type(exc).__name__, exc)
                if self.stop_event.wait(HEARTBEAT_INTERVAL):
                    break
            store.daemon_stopped(host=host, pid=pid, now=iso(utcnow()) or "")
        except Exception as exc:
            log.warning("heartbeat: cannot note the stop: %s: %s", type(exc).__name__, exc)
        finally:
            store.close()

    # ------------------------------------------------------------ delivery

    def _deliver(self) -> None:
        from monitor.notify.outbox import DeliveryWorker

        while not self.stop_event.is_set():
            try:
                with DeliveryWorker(self.db_path, self.config) as worker:
                    worker.run(self.stop_event)
            except Exception as exc:  # keep delivering after a bug or a full disk
                log.error("delivery worker failed (%s: %s); restarting in 30s",
                          type(exc).__name__, redact(str(exc), self.config.secrets)[:300])
                log.debug("delivery worker traceback", exc_info=True)
                self.stop_event.wait(30)
