"""The store's connection with the few ``sqlite_utils.Database`` helpers it uses.

``SqliteStore`` reads and writes with SQL of its own; of sqlite-utils it used the
connection's wrapper only: ``execute``, ``query``, ``table_names``, ``view_names``,
``close`` and, once per migration, an insert.  Importing sqlite-utils costs ~65 ms of
every process that opens a store (its table parser, plugin manager, dateutil and
zoneinfo: issue 12, each `monitor poll` and `monitor diff`), and its ``query`` runs each
SELECT between a SAVEPOINT and its RELEASE (to refuse a statement that returns no rows).
``Database`` gives the same answers as sqlite-utils 4's helpers, without either cost;
``db[name]`` is sqlite-utils' table (imported then) for tools and tests.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

Parameters = Sequence[Any] | Mapping[str, Any]

_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
_READS = frozenset({"SELECT", "WITH", "VALUES", "PRAGMA", "EXPLAIN"})


class Database:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.execute("PRAGMA recursive_triggers=on;")  # as sqlite_utils.Database does

    def execute(self, sql: str, parameters: Parameters | None = None) -> sqlite3.Cursor:
        """``conn.execute``; a write that opened an implicit transaction is committed (the
        driver opens one before INSERT, UPDATE, DELETE), as sqlite-utils' ``execute``
        does, and one that failed is rolled back.  Inside a transaction: part of it."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = (self.conn.execute(sql) if parameters is None
                      else self.conn.execute(sql, parameters))
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (not was_in_transaction and self.conn.in_transaction
                and cursor.description is None and _keyword_of(sql) not in _TRANSACTION_CONTROL):
            self.conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, parameters: Parameters | None = None,
              ) -> Iterator[dict[str, Any]]:
        """Each row of a query, as a dict (a name repeated in the columns gets ``_2``,
        ``_3``..., as in sqlite-utils).  Only reads: a statement of another kind is
        refused (ValueError) before it runs."""
        if _keyword_of(sql) not in _READS:
            raise ValueError("query() can only be used with SQL that returns rows - "
                             "use execute() for other statements")
        cursor = self.execute(sql, parameters)
        if cursor.description is None:
            raise ValueError("query() can only be used with SQL that returns rows - "
                             "use execute() for other statements")
        keys = _unique_keys(tuple(column[0] for column in cursor.description))
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    def table_names(self) -> list[str]:
        return [row[0] for row in self.execute(
            "select name from sqlite_master where type = 'table'").fetchall()]

    def view_names(self) -> list[str]:
        return [row[0] for row in self.execute(
            "select name from sqlite_master where type = 'view'").fetchall()]

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, name: str) -> Any:
        """sqlite-utils' table ``name`` on this connection (for tools and tests)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)[name]


# A store asks the same few statements again and again: their first keyword and their
# columns' unique names are worked out once each (~6 us a query, issue 12: the poll
# process makes ~5 queries an entry).
@lru_cache(maxsize=512)
def _keyword_of(sql: str) -> str:
    return first_keyword(sql)


@lru_cache(maxsize=256)
def _unique_keys(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dedupe_keys(names))


def dedupe_keys(keys: Iterable[str]) -> list[str]:
    """Column names made unique: a later repeat of a name gets the first free ``_2``,
    ``_3``... (sqlite_utils.utils.dedupe_keys)."""
    keys = list(keys)
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    result = []
    for key in keys:
        if key in seen:
            new_key, suffix = key, 2
            while new_key in seen or new_key in taken:
                new_key = f"{key}_{suffix}"
                suffix += 1
            key = new_key
        seen.add(key)
        result.append(key)
    return result


def first_keyword(sql: str) -> str:
    """The statement's first keyword, upper-cased, past white space, ``;``, a byte order
    mark and comments ("" when there is none), as sqlite-utils reads it."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in (";", "\ufeff"):
            i += 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            if newline == -1:
                return ""
            i = newline + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                return ""
            i = end + 2
        else:
            break
    j = i
    while j < n and (sql[j].isalpha() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()
