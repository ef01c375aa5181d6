"""The SQLite store: schema, refusal of foreign files, locking, readers beside a writer."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from datetime import UTC, datetime

import pytest

from monitor.config import parse_config
from monitor.errors import NotFoundError, StoreError
from monitor.models import Entry
from monitor.pipeline import Pipeline
from monitor.store import APPLICATION_ID, SCHEMA_VERSION, Store, iso, parse_iso
from tests.support.polling import MINES


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_open_creates_folder_schema_and_wal(tmp_path):
    path = tmp_path / "db" / "monitor.db"
    with Store.open(path) as store:
        tables = set(store.db.table_names())
        assert {"feeds", "stories", "story_keys", "versions", "facts", "changes", "deliveries",
                "feed_lines", "schema_migrations"} <= tables
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with Store.open(path) as again:  # reopening migrates nothing twice
        assert again.query("SELECT count(*) AS n FROM schema_migrations")[0]["n"] == SCHEMA_VERSION


def test_a_database_from_a_newer_schema_is_refused_and_not_altered(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer than this monitor understands"):
        Store.open(path)
    with pytest.raises(StoreError, match="newer"):
        Store.open(path, readonly=True)
    assert digest(path) == before


def test_a_database_not_ours_is_refused_and_not_altered(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not a monitor database"):
        Store.open(path)
    assert digest(path) == before


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("just some text, not a database at all " * 100)
    before = digest(path)
    with pytest.raises(StoreError):
        Store.open(path)
    assert digest(path) == before


def test_readonly_open_of_a_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "absent.db", readonly=True)


def test_two_writers_wait_for_each_other_instead_of_failing(tmp_path):
    path = tmp_path / "m.db"
    first, second = Store.open(path), Store.open(path)
    holding = threading.Event()

    def hold() -> None:
        with first.write() as conn:
            conn.execute("INSERT INTO feeds (name, url) VALUES ('a', '')")
            holding.set()
            time.sleep(0.5)

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(5)
    with second.write() as conn:  # read-then-write: would fail at once under a plain BEGIN
        count = conn.execute("SELECT count(*) FROM feeds").fetchone()[0]
        conn.execute("INSERT INTO feeds (name, url) VALUES ('b', '')")
    thread.join()
    assert count == 1
    assert {r["name"] for r in second.feeds()} == {"a", "b"}
    first.close()
    second.close()


def test_readers_work_while_a_writer_holds_the_lock(tmp_path):
    path = tmp_path / "m.db"
    writer = Store.open(path)
    writer.ensure_feed("world", "https://example.org/rss")
    with writer.write() as conn:
        conn.execute("UPDATE feeds SET last_status = 200")
        reader = Store.open(path, readonly=True)
        started = time.monotonic()
        assert reader.feeds()[0]["name"] == "world"
        assert time.monotonic() - started < 1
        reader.close()
    writer.close()


def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    with Store.open(tmp_path / "m.db") as store:
        with pytest.raises(RuntimeError), store.write():
            store.ensure_feed("x", "")
            raise RuntimeError("boom")
        assert store.feed("x") is None


def test_resolve_story_by_id_guid_and_url(tmp_path):
    with Store.open(tmp_path / "m.db") as store:
        pipeline = Pipeline(parse_config("feeds: []\n"), store)
        now = datetime(2026, 3, 3, tzinfo=UTC)
        result = pipeline.ingest("w", Entry("guid-1", "https://e.org/a", "Mines", MINES), now=now)
        assert result is not None
        for ref in (str(result.story_id), "guid-1", "https://e.org/a",
                    "https://e.org/a?utm_source=twitter#comments"):
            assert store.resolve_story(ref)["id"] == result.story_id
        with pytest.raises(NotFoundError, match="no story"):
            store.resolve_story("nope")


def test_timestamps_round_trip():
    moment = datetime(2026, 3, 3, 10, 0, 5, tzinfo=UTC)
    assert iso(moment) == "2026-03-03T10:00:05Z"
    assert parse_iso(iso(moment)) == moment
    assert iso(None) is None and parse_iso(None) is None


def test_a_feed_whose_url_changed_forgets_its_validators(tmp_path):
    with Store.open(tmp_path / "m.db") as store:
        store.ensure_feed("w", "https://old.example.org/rss")
        store.update_feed("w", etag='"abc"', last_modified="Tue, 03 Mar 2026 10:00:00 GMT")
        store.ensure_feed("w", "https://old.example.org/rss")
        assert store.feed("w")["etag"] == '"abc"'
        store.ensure_feed("w", "https://new.example.org/rss")
        row = store.feed("w")
        assert row["url"] == "https://new.example.org/rss"
        assert row["etag"] is None and row["last_modified"] is None
        store.ensure_feed("w", "")  # replay: no URL known, nothing changes
        assert store.feed("w")["url"] == "https://new.example.org/rss"


def test_a_time_not_before_is_stored_rounded_up_to_its_second() -> None:
    """A re-check set for 12:00:01.9 is due at 12:00:02, never before it was set (cut
    down to 12:00:01, a poll running past that second re-fetched pages it had just read);
    a time on the second stays as it is."""
    from datetime import UTC, datetime

    from monitor.store import iso, iso_not_before

    moment = datetime(2026, 12, 5, 12, 0, 1, 900_000, tzinfo=UTC)
    assert iso(moment) == "2026-12-05T12:00:01Z"
    assert iso_not_before(moment) == "2026-12-05T12:00:02Z"
    assert iso_not_before(moment.replace(microsecond=0)) == "2026-12-05T12:00:01Z"
    assert iso_not_before(None) is None
