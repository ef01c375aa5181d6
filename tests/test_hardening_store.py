"""Hardening (issue 7, section 3): the store under a really full disk (the kernel refusing
writes, not SQLite's own page limit) and readers beside a real running daemon."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

import pytest

from tests.support.inprocess import invoke_monitor
from tests.support.polling import (
    REPO,
    RSS,
    Item,
    db_rows,
    monitor_env,
    rss,
    start_monitor,
    wait_for,
    write_config,
)


def _lines(stream, sink: queue.Queue) -> None:
    for line in stream:
        sink.put(line)


def _wait_line(sink: queue.Queue, predicate, timeout: float, seen: list[str]) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = sink.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if predicate(line):
            return line
    raise AssertionError(f"no such line within {timeout}s:\n{''.join(seen[-30:])}")


TOWNS = [(town, place) for town in ("Lviv", "Odesa", "Kharkiv", "Dnipro", "Poltava", "Sumy",
                                    "Chernihiv", "Kherson")
         for place in ("harbour", "station", "bridge", "market", "school", "hospital")]
BIG = [Item(f"b{i}", f"Story {i}", " ".join(
    f"Sentence {j} of story {i} reports event number {i * 1000 + j} in town {j}."
    for j in range(200))) for i in range(10)]


@pytest.mark.slow
def test_a_full_disk_fails_the_write_cleanly_and_the_daemon_recovers_when_space_returns(
        http_server, tmp_path):
    http_server.route("/feed.xml", body=rss(BIG), headers=RSS)
    db = tmp_path / "monitor.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fsfull", http_server.url("/feed.xml"), str(db),
         str(64 * 1024)], cwd=REPO, env=monitor_env(), text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out: queue.Queue = queue.Queue()
    err: queue.Queue = queue.Queue()
    for stream, sink in ((child.stdout, out), (child.stderr, err)):
        threading.Thread(target=_lines, args=(stream, sink), daemon=True).start()
    seen: list[str] = []
    try:
        _wait_line(out, lambda line: line.startswith("started"), 30, seen)
        # Writes past the limit fail: the poll's transaction fails as one logged line, twice
        # (the daemon keeps polling), and nothing half-written is left.
        failed = [_wait_line(err, lambda line: (line.startswith("ERROR") and " w:" in line)
                             or "w: poll failed" in line, 30, seen) for _ in range(2)]
        assert all("Traceback" not in line for line in seen), seen
        assert any("disk" in line.lower() or "full" in line.lower() for line in failed), failed
        assert db_rows(db, "SELECT count(*) FROM stories") == [(0,)]
        assert child.poll() is None  # still running
        child.stdin.write("space\n")
        child.stdin.flush()
        wait_for(lambda: db_rows(db, "SELECT count(*) FROM stories") == [(10,)], timeout=30)
        child.stdin.write("stop\n")
        child.stdin.flush()
        # Daemon.shutdown's own bounds add up to 45 s (5 s for polls in flight, the delivery
        # thread's send timeout + 5, the heartbeat's busy timeout + 5): 30 s failed under load.
        assert _wait_line(out, lambda line: line.startswith("integrity"), 60, seen).split()[1] \
            == "ok"
        assert child.wait(30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    assert db_rows(db, "SELECT count(*) FROM stories s WHERE version_count != "
                       "(SELECT count(*) FROM versions v WHERE v.story_id = s.id)") == [(0,)]
    assert not any("Traceback" in line for line in seen)


def test_diff_and_the_other_readers_work_while_a_real_daemon_writes(http_server, tmp_path):
    """`monitor run` polls a feed that changes on every request (a new story and an edit
    each time, so every poll writes); meanwhile every reader answers, repeatedly."""
    counter = {"n": 0}

    def changing(_request):
        counter["n"] += 1
        n = counter["n"]
        items = [Item(f"s{k}", f"{town} story", f"Officials in {town} said on Monday that "
                      f"{n + k} families had left the {place} after the flood.")
                 for k, (town, place) in enumerate(TOWNS[: 10 + n])]
        return 200, RSS, rss(items)

    http_server.route("/feed.xml", changing)
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "busy", "url": http_server.url("/feed.xml"), "interval": "1s"}],
        defaults={"jitter": 0})
    db = tmp_path / "monitor.db"
    daemon = start_monitor("run", "--config", str(config), "--db", str(db), cwd=tmp_path)
    try:
        wait_for(lambda: db_rows(db, "SELECT count(*) FROM stories WHERE version_count >= 2")
                 not in ([], [(0,)]), timeout=30)
        at = ["--db", str(db)]
        for _ in range(3):
            before = counter["n"]
            stories = json.loads(invoke_monitor("stories", "--json", *at).stdout)
            story = max(stories, key=lambda s: s.get("versions") or s.get("version_count")
                        or 0)
            for args in (["history", str(story["id"]), "--json", *at],
                         ["diff", str(story["id"]), "--json", *at],
                         ["feeds", "--json", "--config", str(config), *at],
                         ["alerts", "--json", "--config", str(config), *at]):
                done = invoke_monitor(*args, timeout=30)
                assert done.returncode in (0, 1), (args, done.stderr)
                json.loads(done.stdout)
                assert "locked" not in done.stderr and "Traceback" not in done.stderr
            wait_for(lambda b=before: counter["n"] > b, timeout=20)  # the daemon wrote meanwhile
        assert daemon.poll() is None
    finally:
        daemon.terminate()
        daemon.communicate(timeout=30)
    assert daemon.returncode == 0
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]
