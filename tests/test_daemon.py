"""The daemon: scheduling, restart from stored state, SIGTERM, one slow feed among others."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from monitor.config import parse_config
from monitor.daemon import Daemon
from monitor.store import Store, parse_iso, utcnow
from tests.support.httpserver import Tarpit, refused_port
from tests.support.polling import (
    MINES,
    RSS,
    Item,
    config_text,
    db_rows,
    rss,
    start_monitor,
    wait_for,
    write_config,
)

FEED = rss([Item("g1", "Mines for Ukraine", MINES)])


def daemon_for(tmp_path: Path, feeds: list[dict], **defaults) -> Daemon:
    config = parse_config(config_text(feeds, defaults={"jitter": 0, **defaults}), "t.yaml")
    return Daemon(config, tmp_path / "monitor.db")


def polls(server, path: str = "/feed.xml") -> int:
    return len(server.requests_to(path))


def test_daemon_polls_on_schedule_and_stops_cleanly(http_server, tmp_path):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    daemon = daemon_for(tmp_path, [{"name": "w", "url": http_server.url("/feed.xml"),
                                    "interval": "1s"}])
    daemon.start()
    try:
        wait_for(lambda: polls(http_server) >= 3, timeout=15)
    finally:
        daemon.shutdown()
    assert db_rows(tmp_path / "monitor.db", "SELECT count(*) FROM stories") == [(1,)]
    count = polls(http_server)
    time.sleep(1.5)
    assert polls(http_server) == count  # nothing runs after shutdown


def test_restart_resumes_from_stored_state(http_server, tmp_path):
    http_server.route("/feed.xml", body=FEED, headers=RSS, etag=True)
    feeds = [{"name": "w", "url": http_server.url("/feed.xml"), "interval": "15m"}]
    first = daemon_for(tmp_path, feeds)
    first.start()
    try:
        wait_for(lambda: db_rows(tmp_path / "monitor.db",
                                 "SELECT last_polled_at FROM feeds WHERE name = 'w' "
                                 "AND last_polled_at IS NOT NULL"))
    finally:
        first.shutdown()
    assert polls(http_server) == 1
    second = daemon_for(tmp_path, feeds)
    second.start()
    try:
        time.sleep(3)  # a feed polled moments ago with a 15m interval is not polled at startup
    finally:
        second.shutdown()
    assert polls(http_server) == 1
    with Store.open(tmp_path / "monitor.db", readonly=True) as store:
        row = store.feed("w")
        assert row["etag"] and parse_iso(row["next_poll_at"]) > utcnow()
        assert len(store.stories()) == 1


def test_backoff_survives_a_restart(http_server, tmp_path):
    http_server.route("/feed.xml", status=500)
    feeds = [{"name": "w", "url": http_server.url("/feed.xml"), "interval": "1m"}]
    first = daemon_for(tmp_path, feeds)
    first.start()
    try:
        wait_for(lambda: polls(http_server) == 1)
        time.sleep(0.5)
    finally:
        first.shutdown()
    second = daemon_for(tmp_path, feeds)
    second.start()
    try:
        time.sleep(2)
    finally:
        second.shutdown()
    assert polls(http_server) == 1
    rows = db_rows(tmp_path / "monitor.db",
                   "SELECT consecutive_failures, last_status FROM feeds WHERE name = 'w'")
    assert rows == [(1, 500)]


@pytest.mark.slow
def test_a_hanging_feed_does_not_delay_the_others(http_server, tmp_path):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    with Tarpit() as tarpit:
        daemon = daemon_for(tmp_path, [
            {"name": "hang", "url": tarpit.url("/x"), "interval": "1s", "timeout": "20s"},
            {"name": "ok", "url": http_server.url("/feed.xml"), "interval": "1s"},
        ])
        daemon.start()
        try:
            wait_for(lambda: polls(http_server) >= 4, timeout=15)
            # the hanging feed's job keeps firing, but never a second poll of it at once
            assert "hang" in daemon._in_flight
        finally:
            daemon.stop_event.set()
            daemon.shutdown()


def test_dispatch_never_blocks_the_scheduler_thread(tmp_path):
    with Tarpit() as tarpit:
        daemon = daemon_for(tmp_path, [{"name": "hang", "url": tarpit.url("/x"),
                                        "timeout": "10s"}])
        feed = daemon.config.feeds[0]
        started = time.monotonic()
        for _ in range(100):
            daemon._dispatch(feed)
        assert time.monotonic() - started < 0.5
        assert daemon._in_flight == {"hang"}
        daemon.shutdown()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_monitor_run_subprocess_stops_on_sigterm_with_state_stored(http_server, tmp_path,
                                                                   signum):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "loop", "url": http_server.url("/feed.xml"), "interval": "1m"},
        {"name": "offline", "url": f"http://127.0.0.1:{refused_port()}/rss", "interval": "1m"},
    ])
    db = tmp_path / "db" / "monitor.db"
    proc = start_monitor("run", "--config", str(config), "--db", str(db), cwd=tmp_path)
    try:
        wait_for(lambda: db_rows(db, "SELECT count(*) FROM feeds WHERE last_polled_at "
                                     "IS NOT NULL") == [(2,)], timeout=30)
        assert proc.poll() is None  # an unreachable feed does not stop the daemon
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert "loop: HTTP 200, 1 new stories, 1 new versions" in stderr
    offline = [line for line in stderr.splitlines() if "offline: poll failed" in line]
    assert len(offline) == 1 and "Traceback" not in stderr
    assert "monitor stopped" in stderr
    assert db_rows(db, "SELECT count(*) FROM stories") == [(1,)]
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_daemon_survives_a_full_disk_and_recovers_when_space_returns(http_server, tmp_path):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    daemon = daemon_for(tmp_path, [{"name": "w", "url": http_server.url("/feed.xml"),
                                    "interval": "1s"}])
    db = tmp_path / "monitor.db"
    with daemon.pipeline.lock:
        pages = daemon.store.db.execute("PRAGMA page_count").fetchone()[0]
        daemon.store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = [Item(f"b{i}", f"Story {i}", " ".join(
        f"Sentence {j} of story {i} reports event number {i * 1000 + j}." for j in range(200)))
        for i in range(10)]
    http_server.route("/feed.xml", body=rss(big), headers=RSS)
    daemon.start()
    try:
        wait_for(lambda: "full" in ((db_rows(db, "SELECT last_error FROM feeds") or [("",)])
                                    [0][0] or ""), timeout=20)
        assert daemon._scheduler.running
        with daemon.pipeline.lock:
            daemon.store.db.execute("PRAGMA max_page_count = 1073741823")  # space returns
        wait_for(lambda: db_rows(db, "SELECT count(*) FROM stories") == [(10,)], timeout=30)
        wait_for(lambda: db_rows(db, "SELECT last_error FROM feeds") == [(None,)], timeout=10)
    finally:
        daemon.shutdown()
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]


def _fact_core_loaded() -> bool:
    """In a worker that has run no job: did it inherit the fact core from its server?"""
    import sys

    return "monitor.facts" in sys.modules


def test_a_daemons_workers_share_the_fact_core_their_server_preloaded(tmp_path):
    """A daemon's later passes diff stories: its workers' server preloads the fact core
    even while the store has no story, so that the workers share its pages instead of
    each loading a private copy (~45 MiB each: benchmarks/memory.py).  A one-shot poll of
    an empty store (a first pass: nothing to diff) does not preload it."""
    from monitor.pipeline import Pipeline

    config = parse_config(config_text([{"name": "f", "url": "http://127.0.0.1:9/f.xml"}]),
                          "t.yaml")
    # one after the other: a process has one forkserver, which its pools share
    for long_lived in (False, True):
        with Store.open(tmp_path / f"{long_lived}.db") as store:
            pipeline = Pipeline(config, store, long_lived=long_lived)
            try:
                pool = pipeline.cpu
                pool.start()
                assert pool.call(_fact_core_loaded, wait=True) is long_lived
                assert pool.pooled == 1  # it ran in a worker, not here
            finally:
                pipeline.close()
    daemon = Daemon(config, tmp_path / "monitor.db")
    assert daemon.pipeline.long_lived
    daemon.shutdown()
