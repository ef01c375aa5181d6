"""The real pipeline on both stores, and `monitor migrate-store` between them: stores made
by polling a loopback feed, copied SQLite -> PostgreSQL -> SQLite, compared row by row,
and polled again after each copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from monitor.config import parse_config
from monitor.pipeline import Pipeline
from monitor.storage import COPIED_TABLES, Storage, open_store
from tests.support import pg
from tests.support.httpserver import HTTPTestServer
from tests.support.inprocess import invoke_monitor
from tests.support.polling import MINES, RSS, TERM, Clock, Item, config_text, rss, run_monitor
from tests.support.stored_facts import store_facts

WATCHES = """
watches:
  - name: mine-use conditions
    keywords: [mine, mines]
    kinds: [condition, status, date]
    min_severity: low
    notify: [desk]
channels:
  desk: {type: console}
"""


@pytest.fixture
def pg_url() -> Any:
    with pg.fresh_schema() as url:
        yield url


def items(step: int) -> list[Item]:
    """The feed at each poll: a story whose facts change, and one that comes and stays."""
    mines = MINES if step == 0 else MINES.replace("away from populated areas",
                                                  "near the front line")
    term = TERM if step < 2 else TERM.replace("in January", "on January 20")
    found = [Item("mines-1", "US authorises mines for Ukraine", f"{mines}\n\n{term}",
                  "http://127.0.0.1/news/mines?utm_source=rss")]
    if step >= 1:
        found.append(Item("talks-2", "Talks resume in Geneva",
                          "Negotiators met in Geneva on Monday for a third round of talks."))
    return found


def poll(store: Storage, server: HTTPTestServer, clock: Clock, steps: range) -> None:
    config = parse_config(config_text([{"name": "world", "url": server.url("/feed.xml")}],
                                      extra=WATCHES), "test.yaml")
    with Pipeline(config, store, clock=clock) as pipeline:  # type: ignore[arg-type]
        for step in steps:
            server.route("/feed.xml", body=rss(items(step)), headers=RSS)
            outcome = pipeline.poll()[0]
            assert outcome.ok, outcome.error
            clock.advance(minutes=15)


def everything(store: Storage) -> dict[str, list[dict[str, Any]]]:
    return {table: store.export_rows(table, None, 100_000) for table in COPIED_TABLES}


def lines_hold(store: Storage) -> bool:
    """Does each story's story_lines hold every line of its versions (made again by the
    copy: ``finish_import``)?"""
    from monitor.ingest import line_keys

    versions = store.export_rows("versions", None, 100_000)
    assert versions
    return all(store.story_lines(v["story_id"], line_keys(v["text"]) - {""})
               == line_keys(v["text"]) - {""} for v in versions)


def test_the_pipeline_stores_the_same_rows_on_both_stores(http_server: HTTPTestServer,
                                                          tmp_path: Path, pg_url: str) -> None:
    clock_a, clock_b = Clock(), Clock()
    clock_b.now = clock_a.now
    with open_store(tmp_path / "monitor.db") as sqlite, open_store(pg_url) as postgres:
        poll(sqlite, http_server, clock_a, range(3))
        poll(postgres, http_server, clock_b, range(3))
        a, b = everything(sqlite), everything(postgres)
        assert len(a["versions"]) == 4 and len(a["changes"]) >= 2
        # no version's facts are stored, on both stores alike (read when asked for)
        assert all(v["facts_deferred"] for v in a["versions"]) and a["facts"] == []
        assert any(d["type"] == "fact.changed" for d in a["deliveries"])
        # feeds rows carry the poll's timing (jittered next poll): all but those agree
        for rows in (a["feeds"], b["feeds"]):
            for row in rows:
                row.pop("next_poll_at")
        assert a == b


def migrate(source: str | Path, target: str | Path) -> Any:
    return invoke_monitor("migrate-store", str(source), str(target), "--batch", "7")


def test_migrate_store_both_ways(http_server: HTTPTestServer, tmp_path: Path,
                                 pg_url: str) -> None:
    clock = Clock()
    source = tmp_path / "monitor.db"
    with open_store(source) as store:
        poll(store, http_server, clock, range(2))
        first = everything(store)["versions"][0]
        store_facts(store, first["story_id"], first["id"], [  # as a store of 2026-11 holds
            {"kind": "number", "key": f"number:{n}", "value": str(n), "span": str(n),
             "sentence": f"{n} mines were sent." if n % 3 else None} for n in range(10)])
        original = everything(store)
    assert sum(len(rows) for rows in original.values()) > 7 * 3  # several batches
    assert len(original["facts"]) == 10 and len(original["sentences"]) == 6
    assert any(v["facts_deferred"] for v in original["versions"])  # copied as it is

    done = migrate(source, pg_url)
    assert done.returncode == 0, done.stderr
    assert "copied" in done.stdout and "secret" not in done.stdout
    with open_store(pg_url) as postgres:
        assert everything(postgres) == original
        assert lines_hold(postgres)
        # the copy is a working store: the next poll goes on from where SQLite was
        poll(postgres, http_server, clock, range(2, 3))
        grown = everything(postgres)
    assert len(grown["versions"]) == len(original["versions"]) + 1
    assert len(grown["stories"]) == len(original["stories"])
    new_ids = {r["id"] for r in grown["versions"]} - {r["id"] for r in original["versions"]}
    assert min(new_ids) > max(r["id"] for r in original["versions"])

    back = tmp_path / "back.db"
    done = migrate(pg_url, back)
    assert done.returncode == 0, done.stderr
    with open_store(back) as store:
        assert everything(store) == grown
        assert lines_hold(store)
        poll(store, http_server, clock, range(2, 3))  # the same feed again: nothing new
        assert len(everything(store)["versions"]) == len(grown["versions"])

    # into a store that holds anything: refused, in one line, nothing changed
    again = migrate(source, pg_url)
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "not empty" in again.stderr, again.stderr
    with open_store(pg_url) as postgres:
        assert everything(postgres) == grown


def test_migrate_store_json_and_missing_source(tmp_path: Path, pg_url: str) -> None:
    missing = migrate(tmp_path / "nothing.db", pg_url)
    assert missing.returncode == 2 and "no such store" in missing.stderr
    with open_store(tmp_path / "empty.db"):
        pass
    done = invoke_monitor("migrate-store", str(tmp_path / "empty.db"), pg_url, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == dict.fromkeys(COPIED_TABLES, 0)


def test_a_copy_that_fails_leaves_the_target_empty(tmp_path: Path, pg_url: str) -> None:
    """A row the target refuses (here: a story of a feed the copy never wrote) rolls the
    whole copy back: the target is as empty as before, so the copy can be run again."""
    from monitor.errors import StoreError
    from monitor.storage import copy_store

    source = tmp_path / "broken.db"
    with open_store(source) as store:
        store.ensure_feed("world", "http://example.org/feed.xml")
        store.create_story(feed="world", guid="g", first_seen_at="2026-01-01T00:00:00Z",
                           last_seen_at="2026-01-01T00:00:00Z")
    import sqlite3

    conn = sqlite3.connect(source)
    conn.execute("UPDATE stories SET feed = 'gone'")  # foreign keys are off here
    conn.commit()
    conn.close()
    with open_store(source, readonly=True) as reader, open_store(pg_url) as writer:
        with pytest.raises(StoreError):
            copy_store(reader, writer)
        assert not any(writer.row_counts().values())


def test_postgres_without_the_extra_is_one_line(tmp_path: Path) -> None:
    """Where psycopg is not installed, a postgresql:// store says what to install."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "psycopg.py").write_text("raise ImportError('blocked', name='psycopg')\n")
    from tests.support.polling import monitor_env

    env = monitor_env()
    env["PYTHONPATH"] = f"{blocker}:{env['PYTHONPATH']}"
    done = run_monitor("stories", "--db", "postgresql://root@127.0.0.1/test", env=env)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "pip install 'monitor[server]'" in done.stderr
