"""`monitor run --db postgresql://…`: workers on procrastinate (monitor/workers.py), against
the real PostgreSQL (a fresh schema per test: tests/support/pg.py; where the server does
not answer these tests skip with one line, and under CI=true that skip fails).

The kill -9 end-to-end test (three `monitor run` workers, 200 feeds on 8 hosts, a
webhook receiver, workers killed and restarted) is at the end."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from monitor.config import Config, load_config
from monitor.errors import InputError
from tests.support import pg
from tests.support.feedhosts import FeedHosts
from tests.support.polling import monitor_env, start_monitor, wait_for, write_config
from tests.support.webhook import SECRET, WebhookReceiver

if TYPE_CHECKING:
    from monitor.postgres import QueueSchema
    from monitor.workers import Dispatcher

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(autouse=True)
def server_extra() -> None:
    """Every test here needs the server extra (procrastinate); one line where it is absent
    (and, like a server skip, a failure under CI=true where the server answers)."""
    try:
        import procrastinate  # noqa: F401
    except ImportError:
        pytest.skip(f"{pg.SKIP_PREFIX} worker tests need procrastinate: "
                    "pip install -e '.[server]' (or '.[test]')")


@pytest.fixture
def pg_url() -> Iterator[str]:
    with pg.fresh_schema() as url:
        yield url


def _config(tmp_path: Path, urls: dict[str, str], *, interval: str = "2s",
            full_text: bool = False, extra: str = "") -> Config:
    feeds = [{"name": name, "url": url, "interval": interval,
              **({"full_text": True} if full_text else {})} for name, url in urls.items()]
    path = write_config(tmp_path / "feeds.yaml", feeds,
                        defaults={"allow_private_addresses": True}, extra=extra)
    return load_config(path)


def _rows(url: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()


def _count(url: str, table: str) -> int:
    """Rows in ``table`` (0 before a worker has created it)."""
    if not _table_exists(url, table):
        return 0
    return int(_rows(url, f"SELECT count(*) FROM {table}")[0][0])


def test_a_worker_serves_the_web_view_with_serve(pg_url: str, tmp_path: Path,
                                                http_server: Any) -> None:
    import httpx

    from tests.support.polling import RSS
    from tests.support.webhook import free_port

    http_server.route("/feed.xml", body=_feed(
        "Officials said 12 people were hurt when the storm struck on Tuesday."), headers=RSS)
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "world", "url": http_server.url("/feed.xml"), "interval": "1h"}],
        defaults={"allow_private_addresses": True})
    port = free_port()
    worker = start_monitor("run", "--config", str(config), "--db", pg_url, "--serve",
                           "--port", str(port))

    def healthy() -> Any:
        try:
            answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
        except httpx.HTTPError:
            return None
        return answer.json() if answer.status_code == 200 else None

    try:
        health = wait_for(lambda: _count(pg_url, "versions") == 1 and healthy(), 60, 0.2)
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=60)
    finally:
        worker.kill()
    assert health["daemon"]["state"] == "running", health
    assert worker.returncode == 0, err[-2000:]
    assert f"127.0.0.1:{port}" in err and "postgresql://***@" in err  # no credentials


def _table_exists(url: str, table: str) -> bool:
    return bool(_rows(url, "SELECT to_regclass(%s) IS NOT NULL", (table,))[0][0])


# ---------------------------------------------------------------- pure parts


def test_roles_and_their_queues() -> None:
    from monitor.workers import ROLES, parse_roles, queues_for

    assert parse_roles(None) == frozenset(ROLES)
    assert parse_roles(" poll , deliver") == {"poll", "deliver"}
    assert queues_for(parse_roles("deliver")) == []
    assert queues_for(parse_roles("extract,poll")) == ["poll", "extract"]
    with pytest.raises(InputError, match="unknown role 'fetch'"):
        parse_roles("poll,fetch")


def test_feeds_are_batched_per_host() -> None:
    from monitor.config import FeedConfig
    from monitor.workers import batches, host_of

    def feed(name: str, url: str) -> FeedConfig:
        return FeedConfig(name=name, url=url, interval=60.0, full_text=False, timeout=10.0)

    assert host_of("http://Example.ORG:8080/a.xml") == "example.org"
    assert host_of("not a url") == ""
    feeds = [feed("b", "http://a.example/b"), feed("a", "http://a.example/a"),
             feed("c", "https://c.example/c"), feed("d", "http://a.example:81/d")]
    assert batches(feeds) == {"a.example": ["a", "b", "d"], "c.example": ["c"]}
    assert batches(feeds, limit=2) == {"a.example": ["a", "b"], "c.example": ["c"]}


# ---------------------------------------------------------------- schema and dispatcher


def _start_together(url: str, queue: QueueSchema | None = None,
                    workers: int = 6) -> list[BaseException]:
    """``ensure_schema`` from ``workers`` threads at once (as workers starting together);
    what they raised."""
    from monitor.workers import ensure_schema

    errors: list[BaseException] = []

    def start() -> None:
        try:
            ensure_schema(url, queue)
        except BaseException as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


PROBE_MIGRATION = ("99.00.00_01_pre_monitor_probe.sql",
                   "ALTER TABLE procrastinate_jobs ADD COLUMN monitor_probe INTEGER;\n")


def _newer_queue() -> QueueSchema:
    """The installed procrastinate's schema as a later release would ship it: one more
    migration, and a schema.sql that includes it."""
    from monitor.postgres import QueueSchema

    installed = QueueSchema.installed()
    name, script = PROBE_MIGRATION
    return QueueSchema(version="99.0.0", schema=installed.schema + "\n" + script,
                       migrations=(*installed.migrations, (name, script)))


def _queue_records(url: str) -> list[str]:
    return [str(name) for name, in _rows(url, "SELECT name FROM queue_migrations ORDER BY 1")]


def test_schemas_are_created_once_when_workers_start_together(pg_url: str) -> None:
    from monitor.postgres import SCHEMA_VERSION, QueueSchema
    from monitor.workers import ensure_schema

    assert not _start_together(pg_url)
    assert _rows(pg_url, "SELECT to_regclass('procrastinate_jobs') IS NOT NULL, "
                         "(SELECT count(*) FROM schema_migrations)") == [(True, SCHEMA_VERSION)]
    installed = QueueSchema.installed().names
    assert len(installed) > 20 and _queue_records(pg_url) == installed
    ensure_schema(pg_url)  # and again, later: nothing to do


def test_procrastinate_migrations_are_applied_once_when_upgraded_workers_start_together(
        pg_url: str) -> None:
    """Workers of a later procrastinate start together on tables of the installed one:
    its new migration is applied once (a second run of it would fail: the column exists)
    and recorded; a later start has nothing to do."""
    from monitor.workers import ensure_schema

    ensure_schema(pg_url)
    assert not _start_together(pg_url, _newer_queue())
    assert _rows(pg_url, "SELECT count(*) FROM information_schema.columns WHERE "
                         "table_schema = current_schema() AND column_name = 'monitor_probe'"
                 ) == [(1,)]
    assert _queue_records(pg_url)[-1] == PROBE_MIGRATION[0]
    assert not _start_together(pg_url, _newer_queue(), workers=2)


def test_procrastinate_tables_without_a_record_are_recorded_or_refused(
        pg_url: str, tmp_path: Path) -> None:
    """Tables made by `procrastinate schema --apply` (no record of their migrations): the
    installed procrastinate's shape is recorded as its; a later procrastinate, whose
    migrations they may lack, refuses with one line saying what to run.  A worker older
    than the record refuses too, with one line (also from `monitor run`)."""
    import psycopg

    from monitor.errors import StoreError
    from monitor.postgres import PostgresStore, QueueSchema
    from monitor.workers import ensure_schema
    from tests.support.polling import run_monitor

    PostgresStore.open(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(QueueSchema.installed().schema)  # type: ignore[arg-type]
    with pytest.raises(StoreError) as refused:
        ensure_schema(pg_url, _newer_queue())
    message = str(refused.value)
    assert "\n" not in message and "procrastinate schema --migrations-path" in message
    assert _queue_records(pg_url) == []
    ensure_schema(pg_url)  # the installed procrastinate's tables: recorded as such
    assert _queue_records(pg_url) == QueueSchema.installed().names

    ensure_schema(pg_url, _newer_queue())  # a later worker migrates ...
    with pytest.raises(StoreError, match="newer than this machine's procrastinate"):
        ensure_schema(pg_url)  # ... and this older one refuses
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "world", "url": "http://127.0.0.1:9/feed.xml"}])
    old = run_monitor("run", "--config", str(config), "--db", pg_url)
    assert old.returncode != 0 and old.stderr.count("\n") == 1, old.stderr
    assert "upgrade monitor" in old.stderr and "99.00.00_01_pre_monitor_probe" in old.stderr


def _dispatcher(app: Any, url: str, config: Config, stop: asyncio.Event) -> Dispatcher:
    from monitor.storage import open_store
    from monitor.workers import Dispatcher

    return Dispatcher(app, url, config, open_store(url), stop)


def test_exactly_one_dispatcher_leads_and_another_takes_over(pg_url: str,
                                                             tmp_path: Path) -> None:
    from monitor import workers

    workers.ensure_schema(pg_url)
    config = _config(tmp_path, {})

    async def scenario() -> None:
        app = workers.make_app(pg_url)
        async with app.open_async():
            stops = [asyncio.Event() for _ in range(3)]
            dispatchers = [_dispatcher(app, pg_url, config, stop) for stop in stops]
            tasks = [asyncio.create_task(d.run()) for d in dispatchers]
            for _ in range(100):
                if any(d.leading for d in dispatchers):
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(workers.LOCK_RETRY + 0.5)  # the others have tried again
            leaders = [d for d in dispatchers if d.leading]
            assert len(leaders) == 1
            first = dispatchers.index(leaders[0])
            stops[first].set()  # a clean stop lets go of the lock
            await tasks[first]
            for _ in range(int((workers.LOCK_RETRY + 2) / 0.05)):
                if any(d.leading for d in dispatchers):
                    break
                await asyncio.sleep(0.05)
            assert sum(d.leading for d in dispatchers) == 1
            assert not dispatchers[first].leading
            for stop in stops:
                stop.set()
            await asyncio.gather(*tasks)
            for d in dispatchers:
                d.store.close()

    asyncio.run(scenario())


def test_a_killed_dispatchers_lock_is_released_by_the_server(pg_url: str) -> None:
    """The lock is a session's: a process killed mid-dispatch leaves nothing held."""
    import psycopg

    from monitor.workers import dispatch_lock_sql, ensure_schema

    ensure_schema(pg_url)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import psycopg, sys, time\n"
         f"c = psycopg.connect({pg_url!r}, autocommit=True)\n"
         f"assert c.execute({dispatch_lock_sql()!r}).fetchone()[0]\n"
         "print('held', flush=True)\ntime.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with psycopg.connect(pg_url, autocommit=True) as conn:
            assert conn.execute(dispatch_lock_sql()).fetchone() == (False,)
            holder.kill()
            holder.wait(10)
            wait_for(lambda: conn.execute(dispatch_lock_sql()).fetchone() == (True,), 10)
    finally:
        holder.kill()
        holder.wait(10)


def test_dispatch_defers_one_job_per_host_and_none_while_one_waits(pg_url: str,
                                                                   tmp_path: Path) -> None:
    from monitor import workers
    from monitor.storage import open_store

    workers.ensure_schema(pg_url)
    urls = {"a1": "http://a.example/1.xml", "a2": "http://a.example/2.xml",
            "b1": "http://b.example/1.xml", "later": "http://c.example/1.xml"}
    config = _config(tmp_path, urls, full_text=True)
    with open_store(pg_url) as store:
        store.ensure_feed("later", urls["later"])
        store.update_feed("later", next_poll_at="2999-01-01T00:00:00Z")
        with store.write():
            story = store.create_story(feed="later", guid="g", url="http://c.example/s",
                                       first_seen_at="2026-01-01T00:00:00Z",
                                       last_seen_at="2026-01-01T00:00:00Z")
            store.update_story(story, next_check_at="2026-01-01T00:00:00Z")

    async def scenario() -> tuple[int, int]:
        app = workers.make_app(pg_url)
        async with app.open_async():
            dispatcher = _dispatcher(app, pg_url, config, asyncio.Event())
            try:
                return await dispatcher.dispatch_once(), await dispatcher.dispatch_once()
            finally:
                dispatcher.store.close()

    assert asyncio.run(scenario()) == (3, 0)
    jobs = _rows(pg_url, "SELECT task_name, queue_name, lock, queueing_lock, priority, args "
                         "FROM procrastinate_jobs ORDER BY id")
    assert [row[:-1] for row in jobs] == [
        (workers.POLL_TASK, "poll", "host:a.example", "poll:a.example", 1),
        (workers.POLL_TASK, "poll", "host:b.example", "poll:b.example", 1),
        (workers.RECHECK_TASK, "extract", "host:c.example", "extract:c.example", 0)]
    assert [a for *_, a in jobs] == [{"host": "a.example", "feeds": ["a1", "a2"]},
                                     {"host": "b.example", "feeds": ["b1"]},
                                     {"host": "c.example", "feeds": ["later"]}]


def test_a_waiting_page_recheck_never_holds_up_its_hosts_polls(pg_url: str,
                                                                tmp_path: Path) -> None:
    """Both kinds of job share the host's lock; in a fleet where no worker takes the
    extract queue, a waiting re-check must not hold the host's polls back."""
    from monitor import workers

    workers.ensure_schema(pg_url)
    config = _config(tmp_path, {"a": "http://a.example/a.xml"}, full_text=True)

    async def scenario() -> Any:
        app = workers.make_app(pg_url)
        async with app.open_async():
            dispatcher = _dispatcher(app, pg_url, config, asyncio.Event())
            try:
                assert await dispatcher._defer(workers.RECHECK_TASK, "extract", "a.example",
                                               ["a"]) == 1
                assert await dispatcher._defer(workers.POLL_TASK, "poll", "a.example",
                                               ["a"]) == 1
                worker_id = await app.job_manager.register_worker()
                return await app.job_manager.fetch_job(["poll"], worker_id)
            finally:
                dispatcher.store.close()

    job = asyncio.run(scenario())
    assert job is not None and job.task_name == workers.POLL_TASK


def test_a_silent_workers_running_job_is_put_back(pg_url: str, tmp_path: Path) -> None:
    """What a kill -9 leaves: a job 'doing' for a worker whose heartbeat stopped.  Its
    lock would hold the host forever; the dispatcher puts it back (or, when the host has
    a job waiting already, ends it: the waiting one re-reads what is due)."""
    from monitor import workers

    workers.ensure_schema(pg_url)
    config = _config(tmp_path, {"a": "http://a.example/a.xml", "b": "http://b.example/b.xml"})

    async def scenario() -> int:
        app = workers.make_app(pg_url)
        async with app.open_async():
            dispatcher = _dispatcher(app, pg_url, config, asyncio.Event())
            try:
                assert await dispatcher.dispatch_once() == 2
                manager = app.job_manager
                gone = await manager.register_worker()
                for _ in range(2):
                    assert await manager.fetch_job(["poll"], gone) is not None
                assert await dispatcher.dispatch_once() == 2  # waiting behind the locks
                # one host's waiting job is done with; the other's still waits
                await asyncio.to_thread(
                    _rows, pg_url, "DELETE FROM procrastinate_jobs WHERE status = 'todo' "
                                   "AND lock = 'host:a.example' RETURNING id")
                assert await dispatcher.retry_stalled() == 0  # heartbeat still fresh
                await asyncio.to_thread(
                    _rows, pg_url, "UPDATE procrastinate_workers SET last_heartbeat = "
                                   "now() - interval '1 hour' RETURNING id")
                return await dispatcher.retry_stalled()
            finally:
                dispatcher.store.close()

    assert asyncio.run(scenario()) == 2
    assert sorted(_rows(pg_url, "SELECT lock, status::text FROM procrastinate_jobs")) == [
        ("host:a.example", "todo"),  # put back
        ("host:b.example", "failed"),  # its host has one waiting already
        ("host:b.example", "todo")]


def test_the_dispatcher_prunes_as_the_daemon_does(pg_url: str, tmp_path: Path) -> None:
    from monitor.storage import open_store

    config = _config(tmp_path, {"world": "http://a.example/w.xml"}, extra="retention: 30d\n")
    with open_store(pg_url) as store:
        with store.write():
            store.ensure_feed("gone", "http://a.example/gone.xml")  # no longer configured
            store.create_story(feed="gone", guid="old", url="http://a.example/old",
                               first_seen_at="2020-01-01T00:00:00Z",
                               last_seen_at="2020-01-01T00:00:00Z")
        dispatcher = _dispatcher(None, pg_url, config, asyncio.Event())
        try:
            dispatcher.prune()
        finally:
            dispatcher.store.close()
        assert store.count_stories() == 0


# ---------------------------------------------------------------- whole workers


def _feed(text: str, guid: str = "g1") -> bytes:
    from tests.support.polling import Item, rss

    return rss([Item(guid, "Storm", text, f"http://127.0.0.1/{guid}")])


def test_workers_poll_each_host_one_request_at_a_time(pg_url: str, tmp_path: Path) -> None:
    """Two workers in one process, six feeds on one host and two on another: every feed
    is stored, the first host never sees two requests at once, and stopping returns 0."""
    from monitor.workers import Worker

    with FeedHosts(feeds=8, hosts=2, stories=1, seed=5, latency=0.05) as farm:
        # feeds 0, 2, 4, 6 on the first host, 1, 3, 5, 7 on the second
        config = _config(tmp_path, farm.urls, interval="1s")
        # one job at a time each: the two hosts' jobs of a round go to both workers
        runners = [Worker(config, pg_url, concurrency=1) for _ in range(2)]
        codes: list[int] = []
        threads = [threading.Thread(
            target=lambda w=w: codes.append(w.run(install_signals=False)))
            for w in runners]
        for thread in threads:
            thread.start()
        try:
            wait_for(lambda: _count(pg_url, "versions") == 8, 60)
            # several rounds of 1 s polls, until both workers have taken jobs and each
            # host has seen two rounds (waited for, not slept: under a loaded CPU a fixed
            # 2 s once saw 7 of the 8 requests)
            wait_for(lambda: all(r.runtime and r.runtime.polled for r in runners), 60)
            wait_for(lambda: min(farm.requests.values(), default=0) >= 8, 60)
        finally:
            for runner in runners:
                runner.stop()
            for thread in threads:
                thread.join(90)
        assert codes == [0, 0]
        assert not farm.overlaps, farm.overlaps[:5]
        assert min(farm.requests.values()) >= 8  # both hosts polled, round after round
        assert _rows(pg_url, "SELECT count(*) FROM procrastinate_jobs "
                             "WHERE status = 'doing'") == [(0,)]


def _goes_on_polling_after(fault: Callable[[], object], ready: Callable[[Any], bool],
                           pg_url: str, tmp_path: Path) -> None:
    """One worker polling two feeds: once ``ready(worker)``, ``fault()``; the worker must
    go on polling (three more polls) and stop with 0."""
    from monitor.workers import Worker

    with FeedHosts(feeds=2, hosts=1, stories=1, seed=5) as farm:
        config = _config(tmp_path, farm.urls, interval="1s")
        runner = Worker(config, pg_url, concurrency=1)
        codes: list[int] = []
        thread = threading.Thread(target=lambda: codes.append(runner.run(
            install_signals=False)))
        thread.start()
        try:
            wait_for(lambda: ready(runner), 60)
            fault()
            polled = len(runner.runtime.polled) if runner.runtime else 0
            wait_for(lambda: len(runner.runtime.polled) > polled + 2  # type: ignore[union-attr]
                     if runner.runtime else False, 60)
        finally:
            runner.stop()
            thread.join(90)
        assert codes == [0]


def test_a_worker_that_loses_a_lock_race_goes_on_taking_jobs(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers taking two jobs of one host's lock at once: procrastinate's job fetch
    raises UniqueViolation in one of them (a race it knows of; seen in this suite under
    load) and its worker stops.  The fetch raises here as it does then, once, after the
    first jobs: the worker must go on polling, and stop cleanly."""
    from procrastinate import exceptions as job_errors
    from procrastinate.manager import JobManager

    fetch_job = JobManager.fetch_job
    armed: list[bool] = []

    async def losing_once(self: JobManager, *args: Any, **kwargs: Any) -> Any:
        if armed and armed.pop():
            raise job_errors.UniqueViolation(
                constraint_name="procrastinate_jobs_lock_idx_v1", queueing_lock=None)
        return await fetch_job(self, *args, **kwargs)

    monkeypatch.setattr(JobManager, "fetch_job", losing_once)
    _goes_on_polling_after(lambda: armed.append(True),
                           lambda worker: bool(worker.runtime and worker.runtime.polled),
                           pg_url, tmp_path)
    assert not armed  # the fetch raised


def test_a_worker_whose_listen_connection_is_cut_goes_on_taking_jobs(
        pg_url: str, tmp_path: Path) -> None:
    """The server ends the connection procrastinate's worker LISTENs on (a restart, a
    proxy's idle timeout): whether its listener reconnects or its worker stops, the worker
    must go on polling."""
    def cut() -> None:
        ended = _rows(pg_url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE query ILIKE %s AND pid <> pg_backend_pid()", ("LISTEN%",))
        assert ended, "no LISTEN connection found"

    _goes_on_polling_after(cut, lambda worker: bool(worker.runtime and worker.runtime.polled),
                           pg_url, tmp_path)


def test_host_locks_hold_a_host_across_workers_for_a_bounded_wait(
        pg_url: str, http_server: Any) -> None:
    """Two workers' request locks (monitor.postgres.HostLocks): a host held by one waits
    for the other, another host does not; a wait longer than the fetch timeout is one
    FetchError line, and the host is free again once let go."""
    from monitor.errors import FetchError
    from monitor.fetch import Fetcher
    from monitor.postgres import HostLocks

    http_server.route("/page", body=b"hello")
    first, second = HostLocks(pg_url, size=2), HostLocks(pg_url, size=2)
    fetcher = Fetcher(timeout=0.5, allow_private=True, host_gate=second.hold)
    try:
        with first.hold("127.0.0.1", 5):
            with second.hold("a.example", 1):
                pass  # another host: no wait
            started = time.monotonic()
            with pytest.raises(FetchError, match=r"another worker's request to 127\.0\.0\.1"):
                fetcher.get(http_server.url("/page"))
            assert 0.4 < time.monotonic() - started < 5
            assert http_server.requests_to("/page") == []
        with second._pool.connection() as conn:  # a lock not had leaves the session as it was
            assert conn.execute("SHOW idle_session_timeout").fetchone() == ("0",)
        assert fetcher.get(http_server.url("/page")).body == b"hello"
    finally:
        fetcher.close()
        first.close()
        second.close()


def test_monitor_poll_on_postgres_takes_the_workers_host_locks(
        pg_url: str, tmp_path: Path, http_server: Any) -> None:
    """`monitor poll` on the fleet's store is one more process fetching from the same
    hosts: it waits for a host a worker holds (up to the feed's timeout), never beside it."""
    from monitor.postgres import HostLocks
    from tests.support.polling import RSS, run_monitor

    http_server.route("/feed.xml", body=_feed(
        "Officials said 12 people were hurt when the storm struck on Tuesday."), headers=RSS)
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "world", "url": http_server.url("/feed.xml"), "timeout": "1s"}],
        defaults={"allow_private_addresses": True})
    args = ("poll", "--config", str(config), "--db", pg_url, "--no-deliver", "--json")
    worker = HostLocks(pg_url, size=1)
    try:
        with worker.hold("127.0.0.1", 30):
            busy = run_monitor(*args)
    finally:
        worker.close()
    assert busy.returncode == 1, busy.stderr
    assert "another worker's request to 127.0.0.1" in json.loads(busy.stdout)[0]["error"]
    assert http_server.requests_to("/feed.xml") == []
    free = run_monitor(*args)
    assert free.returncode == 0, free.stderr
    assert len(http_server.requests_to("/feed.xml")) == 1


def test_a_frozen_holders_host_lock_is_ended_by_the_server(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker frozen (or cut off) while it holds a host: the server ends its session
    once it has been idle longer than a request may take, and the host is free again;
    the frozen holder's connection is closed, not pooled."""
    from monitor import postgres

    monkeypatch.setattr(postgres, "HOLD_MARGIN", 0.5)
    frozen, other = postgres.HostLocks(pg_url, size=1), postgres.HostLocks(pg_url, size=1)
    held = threading.Event()

    def freeze() -> None:
        with frozen.hold("a.example", 0.5):
            held.set()
            time.sleep(3)  # far past 0.5 s + 0.5 s of silence

    thread = threading.Thread(target=freeze)
    thread.start()
    try:
        assert held.wait(10)
        started = time.monotonic()
        with other.hold("a.example", 10):
            waited = time.monotonic() - started
        assert 0.3 < waited < 2.8, waited  # freed by the server, not by the holder
        thread.join(10)
        with frozen.hold("a.example", 1):  # a fresh connection: the old one is gone
            pass
    finally:
        thread.join(10)
        frozen.close()
        other.close()


def test_article_pages_on_other_hosts_are_fetched_one_request_at_a_time(
        pg_url: str, tmp_path: Path) -> None:
    """Full-text feeds whose article pages live on another host than the feed (feed on
    host A, pages on host B, B's feeds' pages on A): a job holds its feed's host, not the
    page's, so every request takes its own host's lock, shared by the workers.  Three
    workers, new stories (a page each) and page re-checks while the hosts' feeds are
    polled: no host ever sees two requests at once."""
    from monitor.storage import open_store
    from monitor.workers import Worker

    with FeedHosts(feeds=8, hosts=2, stories=2, seed=3, latency=0.04,
                   pages_elsewhere=True) as farm:
        config = _config(tmp_path, farm.urls, interval="1s", full_text=True)
        runners = [Worker(config, pg_url, concurrency=2) for _ in range(3)]
        threads = [threading.Thread(target=r.run, kwargs={"install_signals": False})
                   for r in runners]
        for thread in threads:
            thread.start()
        try:
            stories = farm.expected_version_count()
            wait_for(lambda: _count(pg_url, "stories") == stories, 60)
            for _ in range(3):  # new stories (a page each), then every page due again
                farm.advance()
                stories = len(farm.expected_versions())
                wait_for(lambda n=stories: _count(  # type: ignore[misc]
                    pg_url, "stories") == n, 60)
                pages = sum(farm.page_requests.values())
                with open_store(pg_url) as store, store.write():
                    for (story_id,) in _rows(pg_url, "SELECT id FROM stories"):
                        store.update_story(story_id, next_check_at="2026-01-01T00:00:00Z")
                wait_for(lambda n=pages + stories: sum(  # type: ignore[misc]
                    farm.page_requests.values()) >= n, 60)
        finally:
            for runner in runners:
                runner.stop()
            for thread in threads:
                thread.join(90)
        assert all(farm.page_requests[host] > 20 for host in farm.addresses), \
            farm.page_requests
        assert sum(len(r.runtime.polled) for r in runners if r.runtime) > 16
        assert not farm.overlaps, farm.overlaps[:5]


def test_monitor_run_on_postgres_is_a_worker_that_stops_on_sigterm(
        pg_url: str, tmp_path: Path, http_server: Any) -> None:
    from tests.support.polling import RSS

    http_server.route("/feed.xml", body=_feed(
        "Officials said 12 people were hurt when the storm struck on Tuesday."), headers=RSS)
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "world", "url": http_server.url("/feed.xml"), "interval": "1s"}],
        defaults={"allow_private_addresses": True})
    worker = start_monitor("run", "--config", str(config), "--db", pg_url,
                           "--concurrency", "2")
    try:
        wait_for(lambda: _count(pg_url, "versions") == 1, 60)
        wait_for(lambda: len(http_server.requests) >= 3, 30)
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=60)
    finally:
        worker.kill()
    assert worker.returncode == 0, err[-2000:]
    assert "monitor worker stopped" in err and "concurrency 2," in err
    state = _rows(pg_url, "SELECT stopped_at IS NOT NULL FROM daemon")
    assert state == [(True,)]


def test_run_refuses_an_unknown_role_and_role_on_sqlite(pg_url: str, tmp_path: Path) -> None:
    from tests.support.polling import run_monitor

    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "world", "url": "http://127.0.0.1:9/feed.xml"}])
    bad = run_monitor("run", "--config", str(config), "--db", pg_url, "--role", "fetch")
    assert bad.returncode != 0 and bad.stderr.count("\n") == 1, bad.stderr
    assert "unknown role 'fetch'" in bad.stderr
    sqlite = run_monitor("run", "--config", str(config), "--db", str(tmp_path / "m.db"),
                         "--role", "poll")
    assert sqlite.returncode != 0 and "postgresql://" in sqlite.stderr, sqlite.stderr
    assert sqlite.stderr.count("\n") == 1
    threads = run_monitor("run", "--config", str(config), "--db", str(tmp_path / "m.db"),
                          "--concurrency", "4")
    assert threads.returncode != 0 and threads.stderr.count("\n") == 1, threads.stderr
    assert "--concurrency is for workers on a postgresql:// store" in threads.stderr


def test_roles_split_polling_and_delivery_between_workers(pg_url: str, tmp_path: Path) -> None:
    """A poll-only worker stores the edit and its alert; a deliver-only worker, which
    takes no job and never dispatches, sends it."""
    from monitor.workers import Worker

    with FeedHosts(feeds=2, hosts=1, stories=1, seed=7) as farm, \
            WebhookReceiver() as hook:
        config = load_config(_hook_config(tmp_path, farm, hook.url))
        poller = Worker(config, pg_url, roles={"poll"}, concurrency=2)
        sender = Worker(config, pg_url, roles={"deliver"})
        threads = [threading.Thread(target=w.run, kwargs={"install_signals": False})
                   for w in (poller, sender)]
        for thread in threads:
            thread.start()
        try:
            wait_for(lambda: _count(pg_url, "versions") == 2, 60)
            farm.advance()
            while farm.expected_edits() == 0:  # a seeded generation may edit nothing
                farm.advance()
            wait_for(lambda: len(hook.unique) == farm.expected_edits(), 60)
        finally:
            for runner in (poller, sender):
                runner.stop()
            for thread in threads:
                thread.join(90)
        assert sender.dispatcher is None and poller.dispatcher is not None
        assert sender.runtime is not None and not sender.runtime.polled
        assert _rows(pg_url, "SELECT status, count(*) FROM deliveries GROUP BY 1") == [
            ("sent", farm.expected_edits())]


ALERTS = 16
RATE = 5.0  # messages per second: the channel's `rate`


def test_a_channels_rate_holds_across_workers(pg_url: str, tmp_path: Path) -> None:
    """Three deliver-only workers drain one channel's backlog: the channel's ``rate`` is
    a slot in the store (``Storage.reserve_send``), so the fleet sends at that rate, not
    three times it; every alert arrives once, in order."""
    from datetime import UTC, datetime, timedelta

    from monitor.notify.outbox import enqueue_health_alert
    from monitor.storage import open_store
    from monitor.workers import Worker

    with WebhookReceiver() as hook:
        config = _config(tmp_path, {}, extra=(
            f'channels:\n  hook: {{type: webhook, url: "{hook.url}", secret: {SECRET}, '
            f"allow_private: true, rate: {RATE:g}}}\n"))
        start = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
        with open_store(pg_url) as store:
            for i in range(ALERTS):
                enqueue_health_alert(store, config, feed=f"feed{i:02d}", state="failing",
                                     error="HTTP 503", now=start + timedelta(seconds=i))
        senders = [Worker(config, pg_url, roles={"deliver"}) for _ in range(3)]
        threads = [threading.Thread(target=w.run, kwargs={"install_signals": False})
                   for w in senders]
        for thread in threads:
            thread.start()
        try:
            wait_for(lambda: len(hook.unique) == ALERTS, 60, 0.05)
            time.sleep(0.5)  # a second send would show up now
        finally:
            for sender in senders:
                sender.stop()
            for thread in threads:
                thread.join(90)
        times = sorted(r.at for r in hook.requests if r.verdict == "accepted")
        feeds = [hook.unique[key]["feed"] for key in hook.order]
    assert len(hook.requests) == ALERTS and feeds == [f"feed{i:02d}" for i in range(ALERTS)]
    # a slot every 1/RATE s: the 16 sends take 15 intervals at least, and no second holds
    # more than RATE of them (plus one for a window's two edges)
    assert times[-1] - times[0] >= (ALERTS - 1) / RATE * 0.9, times
    assert max(sum(1 for t in times if first <= t < first + 1) for first in times) <= RATE + 1


def test_page_rechecks_run_as_extract_jobs(pg_url: str, tmp_path: Path,
                                           http_server: Any) -> None:
    """A full-text story's page due for a re-check is fetched by an extract job, without
    the feed being due."""
    from monitor.storage import open_store
    from monitor.workers import Worker
    from tests.support.polling import HTML, RSS, article_html

    paragraphs = ["Officials said 12 people were hurt when the storm struck the town of "
                  "Weston on Tuesday, and rescue teams were still searching the valley.",
                  "The mayor of Weston said roads near the river would stay closed until "
                  "engineers had checked every bridge in the district."]
    http_server.route("/feed.xml", body=_feed("Storm hits Weston.", "g1").replace(
        b"http://127.0.0.1/g1", http_server.url("/story").encode()), headers=RSS)
    http_server.route("/story", body=article_html("Storm hits Weston", paragraphs),
                      headers=HTML)
    config = _config(tmp_path, {"world": http_server.url("/feed.xml")}, interval="1h",
                     full_text=True)
    runner = Worker(config, pg_url, roles={"poll", "extract"}, concurrency=2)
    thread = threading.Thread(target=runner.run, kwargs={"install_signals": False})
    thread.start()
    try:
        wait_for(lambda: _count(pg_url, "versions") == 1, 60)
        pages_before = len(http_server.requests_to("/story"))
        with open_store(pg_url) as store, store.write():
            store.update_story(1, next_check_at="2026-01-01T00:00:00Z")
        wait_for(lambda: len(http_server.requests_to("/story")) > pages_before, 30)
        wait_for(lambda: runner.runtime is not None and runner.runtime.rechecked, 10)
    finally:
        runner.stop()
        thread.join(90)
    assert len(http_server.requests_to("/feed.xml")) == 1  # the feed was not due again
    assert runner.runtime is not None and runner.runtime.polled == ["world"]


# ---------------------------------------------------------------- kill -9, end to end

KILLS = 4
GENERATIONS = 5
WORKERS = 3


def _hook_config(tmp_path: Path, farm: FeedHosts, hook_url: str) -> Path:
    lines = "\n".join(f'  - {{name: {name}, url: "{url}", interval: 2s}}'
                      for name, url in farm.urls.items())
    path = tmp_path / "feeds.yaml"
    path.write_text(f"""
defaults: {{allow_private_addresses: true, jitter: 0.1}}
feeds:
{lines}
watches:
  - name: hurt
    keywords: [officials]
    notify: [hook]
channels:
  hook: {{type: webhook, url: "{hook_url}", secret: {SECRET}, allow_private: true,
          rate: 200}}
delivery: {{max_attempts: 20, backoff: 1s, backoff_max: 2s, timeout: 5s}}
""", encoding="utf-8")
    path.chmod(0o600)
    return path


class _Fleet:
    """``WORKERS`` `monitor run` processes on one store; kill -9 one at random, restart."""

    def __init__(self, config: Path, url: str, log_dir: Path, seed: int) -> None:
        self.args = ["run", "--config", str(config), "--db", url]
        self.log_dir = log_dir
        self.rng = random.Random(seed)
        self.procs: list[subprocess.Popen[str]] = []
        self.kills = 0
        self.starts = 0
        for _ in range(WORKERS):
            self.procs.append(self._start())

    def _start(self) -> subprocess.Popen[str]:
        self.starts += 1
        log = (self.log_dir / f"worker-{self.starts}.log").open("w")
        return subprocess.Popen([sys.executable, "-m", "monitor", *self.args],
                                stdout=log, stderr=subprocess.STDOUT, text=True,
                                env=monitor_env(), stdin=subprocess.DEVNULL)

    def kill_one(self) -> None:
        index = self.rng.randrange(len(self.procs))
        victim = self.procs[index]
        victim.send_signal(signal.SIGKILL)
        victim.wait(30)
        self.kills += 1
        time.sleep(self.rng.uniform(0.2, 1.5))
        self.procs[index] = self._start()

    def stop(self) -> list[int | None]:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        codes: list[int | None] = []
        for proc in self.procs:
            try:
                codes.append(proc.wait(90))
            except subprocess.TimeoutExpired:
                proc.kill()
                codes.append(None)
        return codes


@pytest.mark.slow(seconds=60)  # started first on a worker (tests/support/schedule.py)
def test_kill_9_workers_lose_nothing_and_store_nothing_twice(pg_url: str,
                                                             tmp_path: Path) -> None:
    """200 feeds on 8 hosts change in generations on a seeded schedule; three `monitor
    run` workers share one PostgreSQL; a random worker is killed with SIGKILL (and
    started again) several times while they work.  Then: every version the feed server
    ever listed is stored once, in order; each edit has its changes and one delivery,
    each alert reached the receiver, duplicates at the receiver are at most one per kill,
    and no host ever saw two requests at once."""
    seed = int(os.environ.get("MONITOR_KILL_SEED", "13"))
    rng = random.Random(seed)
    started = time.monotonic()
    with FeedHosts(feeds=200, hosts=8, seed=seed) as farm, WebhookReceiver() as hook:
        config = _hook_config(tmp_path, farm, hook.url)
        fleet = _Fleet(config, pg_url, tmp_path, seed)
        # one kill in each generation after the first, at a seeded moment after the feeds
        # changed: mid-poll, mid-write or mid-send
        kill_in = set(rng.sample(range(1, GENERATIONS), KILLS))
        phases: list[float] = []
        try:
            wait_for(lambda: _table_exists(pg_url, "versions"), 60)
            for generation in range(GENERATIONS):
                if generation:
                    farm.advance()
                if generation in kill_in:
                    time.sleep(rng.uniform(0.2, 2.5))
                    fleet.kill_one()
                expected = farm.expected_version_count()
                wait_for(lambda n=expected: _count(  # type: ignore[misc]
                    pg_url, "versions") >= n, 90, 0.25)
                phases.append(round(time.monotonic() - started, 1))
            expected_edits = farm.expected_edits()
            assert wait_for(lambda: len(hook.unique) >= expected_edits, 90, 0.25)
            phases.append(round(time.monotonic() - started, 1))
            time.sleep(3)  # anything late (a duplicate write, a second send) shows up now
        finally:
            codes = fleet.stop()
        assert codes == [0] * WORKERS, codes  # SIGTERM drains and exits 0

        truth = farm.expected_versions()
        stored: dict[str, list[str]] = {}
        for guid, text in _rows(pg_url, "SELECT s.guid, v.text FROM versions v "
                                        "JOIN stories s ON s.id = v.story_id "
                                        "ORDER BY s.guid, v.number"):
            stored.setdefault(guid, []).append(text)
        missing = {g: len(t) - len(stored.get(g, [])) for g, t in truth.items()
                   if len(stored.get(g, [])) < len(t)}
        extra = {g: len(t) - len(truth.get(g, [])) for g, t in stored.items()
                 if len(t) > len(truth.get(g, []))}
        assert not missing and not extra, (missing, extra)
        assert stored == truth  # each version once, in order
        versions_with_changes = _rows(
            pg_url, "SELECT version_id, count(*), count(DISTINCT (kind, old, new)) "
                    "FROM changes GROUP BY version_id")
        assert len(versions_with_changes) == expected_edits
        assert all(n == distinct for _, n, distinct in versions_with_changes)
        deliveries = _rows(pg_url, "SELECT idempotency_key, status FROM deliveries "
                                   "WHERE type = 'fact.changed'")
        assert len(deliveries) == expected_edits
        assert Counter(status for _, status in deliveries) == {"sent": expected_edits}
        assert set(hook.unique) == {key for key, _ in deliveries}  # every alert, received
        receipts = sum(r.verdict in ("accepted", "duplicate") for r in hook.requests)
        assert receipts - len(hook.unique) <= fleet.kills
        assert not farm.overlaps, farm.overlaps[:5]  # never two requests to one host at once
        assert fleet.kills == KILLS
        report = {"seconds": round(time.monotonic() - started, 1), "phases": phases,
                  "kills": fleet.kills,
                  "versions": sum(len(t) for t in truth.values()), "alerts": expected_edits,
                  "duplicate receipts": receipts - len(hook.unique),
                  "requests": sum(farm.requests.values()), "answers": dict(farm.answers)}
        print(json.dumps(report))
