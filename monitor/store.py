"""The SQLite store (sqlite-utils), its schema and migrations.

One file holds everything: feed poll state, stories, their versions, the facts
of each version, fact changes and the delivery outbox.  Names are chosen to
read well in Datasette (``datasette db/monitor.db``).

Writes go through ``Store.write()``, which opens ``BEGIN IMMEDIATE``: a plain
``BEGIN`` (what sqlite-utils' ``atomic()`` uses) takes the write lock only at
the first write, so a read-then-write transaction fails at once with "database
is locked" beside another writer.  Inside ``write()`` sqlite-utils' own
``atomic()`` nests as a savepoint.  WAL lets readers (``monitor diff``,
``monitor stories``) work while the daemon writes.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.errors import NotFoundError, StoreError

# PRAGMA application_id marks a file as ours ("MNTR"); a file without it that
# already has tables is someone else's database and is never altered.
APPLICATION_ID = 0x4D4E5452
BUSY_TIMEOUT_MS = 10_000

# ---------------------------------------------------------------- migrations
# Append only: each entry upgrades the schema by one version, in one transaction.

_SCHEMA_1 = """
CREATE TABLE feeds (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_polled_at TEXT,            -- ISO 8601 UTC, like every *_at column
    last_success_at TEXT,
    last_status INTEGER,            -- HTTP status of the last poll (NULL: no answer)
    last_error TEXT,                -- one line, secrets redacted
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at TEXT,              -- backoff, Retry-After and max-age applied
    retry_after_until TEXT,         -- a server told us to wait until then
    health_alerted INTEGER NOT NULL DEFAULT 0  -- a failure alert is out, recovery pending
);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    feed TEXT NOT NULL REFERENCES feeds(name),
    guid TEXT,                      -- the entry's id as first seen
    url TEXT,                       -- canonical link (tracking parameters removed)
    title TEXT NOT NULL DEFAULT '',
    published_at TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    last_changed_at TEXT,           -- when the last new version was stored
    version_count INTEGER NOT NULL DEFAULT 0,
    simhash TEXT,                   -- similarity fingerprint of the latest version (hex)
    next_check_at TEXT,             -- full-text re-check schedule (NULL: never again)
    page_etag TEXT,
    page_last_modified TEXT
);
CREATE INDEX stories_feed ON stories(feed, last_seen_at);
CREATE INDEX stories_next_check ON stories(next_check_at);

-- Every key a story is known by: guids and canonical URLs, so a reissued
-- guid or URL still finds its story.
CREATE TABLE story_keys (
    feed TEXT NOT NULL,
    key TEXT NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    PRIMARY KEY (feed, key)
);

CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    number INTEGER NOT NULL,        -- 1, 2, ... within the story
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,     -- sha256 of the normalised title + text
    simhash TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'feed',   -- 'feed' or 'page' (full text)
    published_at TEXT,
    seen_at TEXT NOT NULL,
    UNIQUE (story_id, number)
);
CREATE INDEX versions_hash ON versions(story_id, content_hash);

CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    story_id INTEGER NOT NULL REFERENCES stories(id),
    kind TEXT NOT NULL,
    key TEXT,                       -- the fact's slot, stable across versions
    value TEXT,                     -- normalised value
    span TEXT,                      -- verbatim text carrying it
    sentence TEXT
);
CREATE INDEX facts_version ON facts(version_id);
CREATE INDEX facts_story ON facts(story_id, kind, key);

CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    from_version_id INTEGER REFERENCES versions(id),
    version_id INTEGER NOT NULL REFERENCES versions(id),
    kind TEXT NOT NULL,
    action TEXT NOT NULL,           -- changed | added | removed
    old TEXT,
    new TEXT,
    old_sentence TEXT,
    new_sentence TEXT,
    severity TEXT NOT NULL,         -- high | medium | low
    detected_at TEXT NOT NULL
);
CREATE INDEX changes_story ON changes(story_id, version_id);

-- The outbox: written in the same transaction as the version that caused it.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,  -- stable per (change set, channel)
    type TEXT NOT NULL,             -- fact.changed | feed.failing | feed.recovered | test
    channel TEXT NOT NULL,
    watch TEXT,
    story_id INTEGER REFERENCES stories(id),
    version_id INTEGER REFERENCES versions(id),
    feed TEXT,
    payload TEXT NOT NULL,          -- JSON: everything needed to render the message
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | dead
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,  -- for digests: when the period closes
    last_error TEXT,
    response TEXT,                  -- what the server answered on success
    created_at TEXT NOT NULL,
    sent_at TEXT,
    digest_key TEXT,                -- digest channels: rows sharing it go out as one message
    claimed_by TEXT                 -- host:pid of the worker sending it (lease = next_attempt_at)
);
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
CREATE INDEX deliveries_channel ON deliveries(channel, status, created_at, id);

-- Lines (paragraphs) seen across stories of one feed: a line that recurs in
-- many stories is boilerplate (promo, newsletter pitch), whatever its words.
CREATE TABLE feed_lines (
    feed TEXT NOT NULL,
    line_key TEXT NOT NULL,
    story_count INTEGER NOT NULL DEFAULT 0,
    last_story_id INTEGER,
    PRIMARY KEY (feed, line_key)
);
"""

MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None] | str]] = [
    ("initial schema", _SCHEMA_1),
]
SCHEMA_VERSION = len(MIGRATIONS)


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with seconds, the one timestamp format of the store."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class Store:
    """A handle on the SQLite file; ``db`` is the sqlite_utils.Database."""

    def __init__(self, db: Any, path: Path) -> None:
        self.db = db
        self.path = path

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Store:
        """Open (creating folder and file, and migrating, unless readonly)."""
        import sqlite_utils

        path = Path(path)
        if readonly and not path.exists():
            raise StoreError(f"{path}: no such store (run `monitor poll` first, or pass --db)")
        if not readonly:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create folder: {exc.strerror}") from None
        try:
            uri = f"file:{path}?mode=ro" if readonly else str(path)
            conn = sqlite3.connect(uri, uri=readonly, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            store = cls(sqlite_utils.Database(conn), path)
            store._check_ours()
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                store._migrate()
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: {exc}") from None
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pragma(self, name: str) -> int:
        return self.db.execute(f"PRAGMA {name}").fetchone()[0]

    def _check_ours(self) -> None:
        app_id = self._pragma("application_id")
        version = self._pragma("user_version")
        has_tables = bool(self.db.table_names())
        if app_id != APPLICATION_ID and (has_tables or version):
            raise StoreError(f"{self.path}: not a monitor database (refusing to touch it)")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this monitor "
                f"understands ({SCHEMA_VERSION}); upgrade monitor")

    def _migrate(self) -> None:
        current = self._pragma("user_version")
        for number, (name, step) in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.write() as conn:
                # Re-read inside the lock: another process may have migrated.
                if self._pragma("user_version") >= number:
                    continue
                if isinstance(step, str):
                    for statement in _statements(step):
                        conn.execute(statement)
                else:
                    step(conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {number}")
                self.db["schema_migrations"].insert(
                    {"version": number, "name": name, "applied_at": iso(utcnow())},
                    pk="version")

    # ------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, holding the write lock from its first statement."""
        conn = self.db.conn
        if conn.in_transaction:  # nested: let the outer transaction decide
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    # ------------------------------------------------------------ reading

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def resolve_story(self, ref: str | int) -> dict[str, Any]:
        """A story by id (what `monitor stories` prints), guid or URL."""
        text = str(ref).strip()
        rows: list[dict[str, Any]] = []
        if text.isdigit():
            rows = self.query("SELECT * FROM stories WHERE id = ?", [int(text)])
        if not rows:
            rows = self.query(
                "SELECT s.* FROM story_keys k JOIN stories s ON s.id = k.story_id "
                "WHERE k.key = ? OR s.url = ? OR s.guid = ? LIMIT 1", [text, text, text])
        if not rows:
            raise NotFoundError(f"no story '{text}' (see `monitor stories`)")
        return rows[0]

    def versions(self, story_id: int) -> list[dict[str, Any]]:
        return self.query(
            "SELECT id, number, title, text, content_hash, simhash, source, "
            "published_at AS published, seen_at FROM versions WHERE story_id = ? ORDER BY number",
            [story_id])


def _statements(script: str) -> list[str]:
    """Split a schema script into statements (executescript would COMMIT for us)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    return statements
