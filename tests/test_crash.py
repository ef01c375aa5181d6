"""kill -9 in the middle of a poll and during a migration: nothing committed is lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from monitor.store import SCHEMA_VERSION, Store
from tests.support.polling import (
    REPO,
    RSS,
    Item,
    db_rows,
    monitor_env,
    rss,
    run_monitor,
    start_monitor,
    wait_for,
    write_config,
)
from tests.support.schema import store_of_schema

FEEDS, ENTRIES = 12, 150


def busy_farm(server, tmp_path: Path) -> Path:
    """Many feeds with many entries: a poll long enough to be killed in its middle."""
    feeds = []
    for f in range(FEEDS):
        items = [Item(f"f{f}-e{e}", f"Feed {f} story {e}",
                      f"Officials in district {f} said on Monday that {e * 7 + f} people had "
                      f"been moved from the flooded area around bridge {e}, and that repairs "
                      f"would take about {e % 9 + 2} weeks.") for e in range(ENTRIES)]
        server.route(f"/f{f}.xml", body=rss(items), headers=RSS)
        feeds.append({"name": f"feed{f:02d}", "url": server.url(f"/f{f}.xml")})
    return write_config(tmp_path / "feeds.yaml", feeds, defaults={"concurrency": 4})


def assert_consistent(db: Path) -> int:
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]
    # every story's versions arrived with it, in one transaction
    assert db_rows(db, "SELECT count(*) FROM stories s WHERE version_count != "
                       "(SELECT count(*) FROM versions v WHERE v.story_id = s.id)") == [(0,)]
    assert db_rows(db, "SELECT count(*) FROM stories WHERE version_count = 0") == [(0,)]
    duplicates = db_rows(db, "SELECT guid, count(*) FROM stories GROUP BY feed, guid "
                             "HAVING count(*) > 1")
    assert duplicates == []
    return db_rows(db, "SELECT count(*) FROM stories")[0][0]


@pytest.mark.slow(seconds=15)
@pytest.mark.parametrize("command", ["poll", "run"])
def test_kill_9_in_the_middle_of_a_poll_loses_nothing_committed(http_server, tmp_path,
                                                                command):
    config = busy_farm(http_server, tmp_path)
    db = tmp_path / "monitor.db"
    proc = start_monitor(command, "--config", str(config), "--db", str(db), cwd=tmp_path)
    try:
        wait_for(lambda: (db_rows(db, "SELECT count(*) FROM stories") or [(0,)])[0][0] >= 60,
                 timeout=60, interval=0.01)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    stored = assert_consistent(db)
    assert 60 <= stored < FEEDS * ENTRIES, "the kill did not land in the middle of the poll"
    before = db_rows(db, "SELECT id, feed, guid FROM stories ORDER BY id")
    done = run_monitor("poll", "--config", str(config), "--db", str(db), cwd=tmp_path,
                       timeout=180)
    assert done.returncode == 0, done.stderr
    assert assert_consistent(db) == FEEDS * ENTRIES
    after = db_rows(db, "SELECT id, feed, guid FROM stories ORDER BY id")
    assert after[: len(before)] == before  # what was committed is still there, unchanged


MIGRATION_SCRIPT = textwrap.dedent("""
    import sys, time
    import monitor.store as store

    def add_labels(conn):
        conn.execute("CREATE TABLE labels (story_id INTEGER, label TEXT)")
        conn.execute("INSERT INTO labels SELECT id, 'seen' FROM stories")
        if sys.argv[2] != "-":
            open(sys.argv[2], "w").write("migrating")
            time.sleep(60)

    store.MIGRATIONS.append(("labels", add_labels))
    store.SCHEMA_VERSION = len(store.MIGRATIONS)
    store.Store.open(sys.argv[1]).close()
""")


def test_kill_9_during_a_migration_leaves_the_old_schema_intact(tmp_path):
    db = tmp_path / "monitor.db"
    with Store.open(db) as store:
        store.ensure_feed("w", "http://127.0.0.1/")
        with store.write() as conn:
            conn.execute("INSERT INTO stories (feed, title, first_seen_at, last_seen_at) "
                         "VALUES ('w', 'kept', '2026-03-03T10:00:00Z', '2026-03-03T10:00:00Z')")
    script = tmp_path / "migrate.py"
    script.write_text(MIGRATION_SCRIPT)
    marker = tmp_path / "marker"
    env = monitor_env()
    proc = subprocess.Popen([sys.executable, str(script), str(db), str(marker)], env=env,
                            cwd=REPO, stdin=subprocess.DEVNULL)
    try:
        wait_for(marker.exists, timeout=30)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert db_rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert db_rows(db, "SELECT name FROM sqlite_master WHERE name = 'labels'") == []
    assert db_rows(db, "SELECT title FROM stories") == [("kept",)]
    with Store.open(db) as store:  # this version opens it as before
        assert store.query("SELECT title FROM stories")[0]["title"] == "kept"
    # the migration runs again from the start and completes
    subprocess.run([sys.executable, str(script), str(db), "-"], env=env, cwd=REPO,
                   check=True, timeout=60, stdin=subprocess.DEVNULL)
    assert db_rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]
    assert db_rows(db, "SELECT label FROM labels") == [("seen",)]
    # ... and this older monitor now refuses the newer file without touching it
    done = run_monitor("stories", "--db", str(db), "--json")
    assert done.returncode == 2 and "newer than this monitor understands" in done.stderr
    done = run_monitor("poll", "--db", str(db), "--config",
                       str(write_config(tmp_path / "f.yaml", [])))
    assert done.returncode == 2 and "newer" in done.stderr
    assert db_rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]


def test_stories_json_after_a_crash_is_readable(http_server, tmp_path):
    """A reader opened right after a kill -9 (hot WAL) sees the committed stories."""
    config = busy_farm(http_server, tmp_path)
    db = tmp_path / "monitor.db"
    proc = start_monitor("poll", "--config", str(config), "--db", str(db), cwd=tmp_path)
    try:
        wait_for(lambda: (db_rows(db, "SELECT count(*) FROM stories") or [(0,)])[0][0] >= 20,
                 timeout=60, interval=0.01)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
    done = run_monitor("stories", "--db", str(db), "--json", "--limit", "0")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) >= 20


KILL_IN_MIGRATION_2 = textwrap.dedent("""
    import sys, time
    import monitor.store as store

    def sentences_then_hang(conn):  # the real migration 2, then a pause to be killed in
        for statement in store._statements(store._SCHEMA_2):
            conn.execute(statement)
        open(sys.argv[2], "w").write("migrating")
        time.sleep(60)

    store.MIGRATIONS[1] = ("each sentence once per story", sentences_then_hang)
    store.Store.open(sys.argv[1]).close()
""")


def test_kill_9_during_migration_2_leaves_a_version_1_store_with_its_sentences(tmp_path):
    db = tmp_path / "monitor.db"
    with store_of_schema(db, 1) as store:  # a store written by the schema-1 monitor
        store.ensure_feed("w", "http://127.0.0.1/")
        with store.write() as conn:
            conn.execute("INSERT INTO stories (id, feed, title, first_seen_at, last_seen_at) "
                         "VALUES (1, 'w', 'kept', '2026-03-03T10:00:00Z', "
                         "'2026-03-03T10:00:00Z')")
            conn.execute("INSERT INTO versions (id, story_id, number, title, text, "
                         "content_hash, simhash, seen_at) VALUES "
                         "(1, 1, 1, 't', 'x', 'h', '0', '2026-03-03T10:00:00Z')")
            conn.execute("INSERT INTO facts (version_id, story_id, kind, sentence) VALUES "
                         "(1, 1, 'number', 'Five mines were sent.')")
    script = tmp_path / "migrate2.py"
    script.write_text(KILL_IN_MIGRATION_2)
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, str(script), str(db), str(marker)],
                            env=monitor_env(), cwd=REPO, stdin=subprocess.DEVNULL)
    try:
        wait_for(marker.exists, timeout=30)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert db_rows(db, "PRAGMA user_version") == [(1,)]
    assert db_rows(db, "SELECT name FROM sqlite_master WHERE name = 'sentences'") == []
    assert db_rows(db, "SELECT sentence FROM facts") == [("Five mines were sent.",)]
    with Store.open(db) as store:  # the current monitor migrates it from the start
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.query("SELECT sentence FROM facts_with_sentences") == [
            {"sentence": "Five mines were sent."}]
