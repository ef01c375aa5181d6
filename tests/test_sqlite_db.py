"""monitor.sqlite_db.Database: the answers of sqlite-utils' helpers that the store uses,
without importing sqlite-utils (issue 12: ~65 ms of every process opening a store)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from monitor.sqlite_db import Database, dedupe_keys, first_keyword
from monitor.store import SqliteStore

SCHEMA = """
CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT, id_2 TEXT);
CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER, name TEXT);
CREATE VIEW ab AS SELECT a.name AS a_name, b.name AS b_name FROM a JOIN b ON b.a_id = a.id;
INSERT INTO a (id, name, id_2) VALUES (1, 'one', 'x'), (2, 'two', NULL);
INSERT INTO b (id, a_id, name) VALUES (10, 1, 'ten'), (11, 2, 'eleven');
"""

QUERIES: list[tuple[str, Any]] = [
    ("SELECT * FROM a ORDER BY id", None),
    ("SELECT * FROM a WHERE id = ?", [1]),
    ("SELECT * FROM a WHERE name = :name", {"name": "two"}),
    ("SELECT a.*, b.* FROM a JOIN b ON b.a_id = a.id ORDER BY a.id", ()),  # repeated names
    ("SELECT id, id, id FROM a", None),
    ("  -- a comment\n/* and another */ SELECT count(*) AS n FROM b", None),
    ("WITH t AS (SELECT 1 AS x) SELECT x FROM t", None),
    ("PRAGMA table_info(a)", None),
    ("SELECT * FROM ab", None),
]


def _pair(tmp_path: Path) -> tuple[Database, sqlite_utils.Database]:
    for name in ("ours.db", "theirs.db"):
        with sqlite3.connect(tmp_path / name) as conn:
            conn.executescript(SCHEMA)
        conn.close()
    ours = Database(sqlite3.connect(tmp_path / "ours.db"))
    theirs = sqlite_utils.Database(sqlite3.connect(tmp_path / "theirs.db"),
                                   execute_plugins=False)
    return ours, theirs


@pytest.mark.parametrize(("sql", "params"), QUERIES)
def test_query_gives_sqlite_utils_rows(tmp_path: Path, sql: str, params: Any) -> None:
    ours, theirs = _pair(tmp_path)
    assert list(ours.query(sql, params)) == list(theirs.query(sql, params))
    assert ours.execute(sql, params).fetchall() == theirs.execute(sql, params).fetchall()


def test_names_and_pragmas_as_sqlite_utils(tmp_path: Path) -> None:
    ours, theirs = _pair(tmp_path)
    assert ours.table_names() == theirs.table_names()
    assert ours.view_names() == theirs.view_names()
    assert (ours.execute("PRAGMA recursive_triggers").fetchone()
            == theirs.execute("PRAGMA recursive_triggers").fetchone() == (1,))
    assert [c.name for c in ours["a"].columns] == ["id", "name", "id_2"]


def test_a_write_outside_a_transaction_is_committed_and_a_failed_one_undone(
        tmp_path: Path) -> None:
    for db in _pair(tmp_path):
        db.execute("UPDATE a SET name = ? WHERE id = 1", ["uno"])
        assert not db.conn.in_transaction  # committed, as sqlite-utils' execute does
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO a (id, name) VALUES (1, 'again')")
        assert not db.conn.in_transaction
        db.execute("BEGIN")  # transaction control is left to the caller
        db.execute("UPDATE a SET name = 'one' WHERE id = 1")
        assert db.conn.in_transaction
        db.execute("ROLLBACK")
        assert db.execute("SELECT name FROM a WHERE id = 1").fetchone() == ("uno",)


def test_query_refuses_what_is_no_read(tmp_path: Path) -> None:
    ours, _ = _pair(tmp_path)
    for sql in ("DELETE FROM a", "BEGIN", "VACUUM", "UPDATE a SET name = 'z'"):
        with pytest.raises(ValueError, match="returns rows"):
            ours.query(sql)
    assert ours.execute("SELECT count(*) FROM a WHERE name = 'z'").fetchone() == (0,)
    assert not ours.conn.in_transaction


def test_helpers_read_as_sqlite_utils_reads() -> None:
    from sqlite_utils.db import _first_keyword
    from sqlite_utils.utils import dedupe_keys as theirs

    for keys in (["a"], ["a", "a"], ["a", "a_2", "a"], ["id", "id", "id_2", "id"], []):
        assert dedupe_keys(keys) == theirs(keys)
    for sql in ("select 1", "  \ufeff;; -- x\nWITH", "/* a */ pragma x", "-- only", "/* open",
                "", "  ;", "insert_x"):
        assert first_keyword(sql) == _first_keyword(sql)


def test_opening_a_store_does_not_import_sqlite_utils(tmp_path: Path) -> None:
    script = ("import sys\nfrom monitor.store import SqliteStore\n"
              "store = SqliteStore.open(sys.argv[1])\nstore.summary()\n"
              "print('sqlite_utils' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "m.db")],
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "False"


def test_a_new_store_records_its_migrations_as_before(tmp_path: Path) -> None:
    """schema_migrations is made as sqlite-utils' insert made it (its text, its rows)."""
    store = SqliteStore.open(tmp_path / "m.db")
    sql = store.db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'schema_migrations'").fetchone()[0]
    assert sql == ('CREATE TABLE "schema_migrations" (\n   "version" INTEGER PRIMARY KEY,\n'
                   '   "name" TEXT,\n   "applied_at" TEXT\n)')
    rows = store.query("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [row["version"] for row in rows] == list(range(1, len(rows) + 1)) and rows
    store.close()
