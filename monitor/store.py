"""The SQLite store, its schema and migrations.

One file holds everything: feed poll state, stories, their versions, the facts
of each version, fact changes and the delivery outbox.  Names are chosen to
read well in Datasette (``datasette db/monitor.db``).

Writes go through ``Store.write()``, which opens ``BEGIN IMMEDIATE``: a plain
``BEGIN`` (what sqlite-utils' ``atomic()`` uses) takes the write lock only at
the first write, so a read-then-write transaction fails at once with "database
is locked" beside another writer.  WAL lets readers (``monitor diff``,
``monitor stories``) work while the daemon writes.  The connection is wrapped in
``monitor.sqlite_db.Database``: sqlite-utils' helpers that the store uses, without
importing sqlite-utils (~65 ms a process).
"""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.errors import NotFoundError, StoreError
from monitor.sqlite_db import Database
from monitor.storage import (
    COPIED_TABLES,
    Delivery,
    FactAlert,
    NewDelivery,
    StoreSummary,
    check_table,
    claimed,
)

if TYPE_CHECKING:
    from monitor.ingest import Intent
    from monitor.models import Change

# PRAGMA application_id marks a file as ours ("MNTR"); a file without it that
# already has tables is someone else's database and is never altered.
APPLICATION_ID = 0x4D4E5452
BUSY_TIMEOUT_MS = 10_000
# ``stories.muted_until`` of a story muted with no end.
MUTED_FOREVER = "9999-12-31T23:59:59Z"

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

# Each sentence once per story: a fact row carrying its whole sentence made the facts
# table 83 % of the store (docs/benchmarks.md, "Storage").  The view puts the sentence
# back beside each fact for Datasette and ad-hoc SQL.
_SCHEMA_2 = """
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    text TEXT NOT NULL,
    UNIQUE (story_id, text)
);
INSERT OR IGNORE INTO sentences (story_id, text)
    SELECT story_id, sentence FROM facts WHERE sentence IS NOT NULL ORDER BY id;
ALTER TABLE facts ADD COLUMN sentence_id INTEGER REFERENCES sentences(id);
UPDATE facts SET sentence_id = (
    SELECT s.id FROM sentences s WHERE s.story_id = facts.story_id AND s.text = facts.sentence)
    WHERE sentence IS NOT NULL;
ALTER TABLE facts DROP COLUMN sentence;
CREATE VIEW facts_with_sentences AS
    SELECT f.id, f.version_id, f.story_id, f.kind, f.key, f.value, f.span,
           s.text AS sentence
    FROM facts f LEFT JOIN sentences s ON s.id = f.sentence_id;
"""

# Full text: an article page that cannot be used is the story's trouble, never its
# feed's.  The story goes on from the feed's text; the page's state is kept here.
# page_state: NULL when the page is fine (or the feed is not full text), else retrying |
# gone (404/410) | invalid (a link the HTTP client rejects) | unusable (refused address,
# oversized, no article text) | gave up (retried until the story was too old).
_SCHEMA_3 = """
ALTER TABLE stories ADD COLUMN page_state TEXT;
ALTER TABLE stories ADD COLUMN page_error TEXT;  -- the last failure, one line, redacted
ALTER TABLE stories ADD COLUMN page_failures INTEGER NOT NULL DEFAULT 0;  -- in a row
CREATE INDEX stories_page_state ON stories(feed, page_state);
"""

# A reused guid or URL now naming another story starts a new story that replaces the old
# one; the link is kept both ways (replaced_by via the index).
_SCHEMA_4 = """
ALTER TABLE stories ADD COLUMN replaces_story_id INTEGER REFERENCES stories(id);
CREATE INDEX stories_replaces ON stories(replaces_story_id);
"""

# The web view (issue 14): a story can be muted (its fact changes are still stored, but
# no alert is sent while ``muted_until`` is in the future), the daemon leaves a heartbeat
# that `monitor serve` reads for /healthz, and indexes for its newest-first listings.
_SCHEMA_5 = """
ALTER TABLE stories ADD COLUMN muted_until TEXT;   -- ISO 8601 UTC; NULL: not muted
CREATE TABLE daemon (
    id INTEGER PRIMARY KEY CHECK (id = 1),  -- one row: the daemon running on this store
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    beat_at TEXT NOT NULL,          -- refreshed every few seconds while it runs
    stopped_at TEXT                 -- set by a clean stop; NULL while running (or crashed)
);
CREATE INDEX changes_detected ON changes(detected_at, id);
CREATE INDEX changes_kind ON changes(kind, action);
CREATE INDEX deliveries_version ON deliveries(version_id);
CREATE INDEX deliveries_created ON deliveries(created_at, id);
CREATE INDEX deliveries_status_type ON deliveries(status, type, attempts);
CREATE INDEX deliveries_watch ON deliveries(watch);
"""

# Full text (monitor/extract.py): the fingerprint of the article region of the page the
# story's latest version was extracted from, with that version's id ("<fingerprint>
# <version id>"); a re-check whose page has the same fingerprint skips the extraction.
# extract_layouts: per site and page layout, how often the fast extractor's result equalled
# trafilatura's (and how often not): the fast path is taken only where it always did.
_SCHEMA_PAGE_FINGERPRINT = """
ALTER TABLE stories ADD COLUMN page_fingerprint TEXT;
CREATE TABLE extract_layouts (
    host TEXT NOT NULL,
    layout TEXT NOT NULL,
    agreed INTEGER NOT NULL DEFAULT 0,
    disagreed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (host, layout)
);
"""

# A version's facts are derived data: a pure function of its stored text, read when
# someone asks (ingest.read_story_facts: `history --facts`, the web view), never at
# ingest (issue 12: extracting them was ~40 % of a pass of new articles and ~60 % of an
# edited version's CPU, and their rows two thirds of the store).  1: "not stored, read
# from the text"; 0 (every version a monitor before December 2026 compared): the facts
# table holds them (none at all is "no facts").
_SCHEMA_DEFERRED_FACTS = """
ALTER TABLE versions ADD COLUMN facts_deferred INTEGER NOT NULL DEFAULT 0;
"""

# Every query reads a story's facts by the story alone (`story_facts`) or by version; the
# (story_id, kind, key) index cost each fact written ~40 % more and the store ~18 % of its
# size for no reader (issue 12: the poll process's writes are its serial part).
_SCHEMA_FACTS_BY_STORY = """
DROP INDEX IF EXISTS facts_story;
CREATE INDEX facts_story ON facts(story_id);
"""

# Every line key of a story's stored versions (``ingest.line_keys``, "" left out): what
# ``count_lines`` counted in feed_lines for the story, so that a new version's lines new to
# the story are looked up rather than found by reading and splitting every earlier
# version's text again (issue 12: a long-lived story's versions cost ~0.02 ms more per
# version before them: 9 ms at version 10, 14.6 ms at version 300).  Filled from the
# stored texts; no foreign key, as feed_lines (``prune`` removes a removed story's).
_SCHEMA_STORY_LINES = """
CREATE TABLE story_lines (
    story_id INTEGER NOT NULL,
    line_key TEXT NOT NULL,
    PRIMARY KEY (story_id, line_key)
) WITHOUT ROWID;
"""


def _add_story_lines(conn: sqlite3.Connection) -> None:
    for statement in _statements(_SCHEMA_STORY_LINES):
        conn.execute(statement)
    _fill_story_lines(conn)


def _fill_story_lines(conn: sqlite3.Connection, stories: str = "") -> None:
    """Record the lines of the stored versions (of the stories ``stories`` selects: a
    ``SELECT id ...``; every story when empty) in story_lines."""
    from monitor.ingest import story_line_rows

    where = f" WHERE story_id IN ({stories})" if stories else ""
    rows = conn.execute(f"SELECT story_id, text FROM versions{where} ORDER BY story_id, number")
    # (executemany takes the rows as they are made: the texts are read one at a time)
    conn.executemany("INSERT OR IGNORE INTO story_lines (story_id, line_key) VALUES (?, ?)",
                     story_line_rows(rows))


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None] | str]] = [
    ("initial schema", _SCHEMA_1),
    ("each sentence once per story", _SCHEMA_2),
    ("article page trouble per story", _SCHEMA_3),
    ("stories replaced under a reused guid or URL", _SCHEMA_4),
    ("web view: story mute, daemon heartbeat, listing indexes", _SCHEMA_5),
    ("article region fingerprint per story", _SCHEMA_PAGE_FINGERPRINT),
    ("a version's facts read when first needed", _SCHEMA_DEFERRED_FACTS),
    ("facts indexed by their story alone", _SCHEMA_FACTS_BY_STORY),
    ("each story's lines", _add_story_lines),
]
SCHEMA_VERSION = len(MIGRATIONS)
# Where each migration is recorded, made as sqlite-utils made it (the first migration's
# insert created it: its text in sqlite_master is this, byte for byte).
_SCHEMA_MIGRATIONS = ('CREATE TABLE IF NOT EXISTS "schema_migrations" (\n'
                      '   "version" INTEGER PRIMARY KEY,\n'
                      '   "name" TEXT,\n'
                      '   "applied_at" TEXT\n'
                      ')')


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with seconds, the one timestamp format of the store."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_not_before(moment: datetime | None) -> str | None:
    """``moment`` as ``iso`` writes it, rounded up to its second: a time something is
    due "not before" (a re-check) is never stored earlier than it was set.  Cut down,
    a re-check set 1.9 s ahead came due 1 s ahead: a pass re-fetched pages it had just
    read (issue 12's first pass, 50-160 of 200)."""
    if moment is not None and moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return iso(moment)


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class SqliteStore:
    """A handle on the SQLite file; ``db`` is its ``monitor.sqlite_db.Database`` (the
    helpers of a sqlite_utils.Database).  Implements ``monitor.storage.Storage``."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.location = str(path)

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> SqliteStore:
        """Open (creating folder and file, and migrating, unless readonly)."""
        path = Path(path)
        if str(path).startswith(("postgresql:", "postgres:")):
            # A URL made a Path ("postgresql:/u@h/db"): never a folder named postgresql:
            raise StoreError(f"{path}: a PostgreSQL URL, not a file: open it with "
                             "monitor.storage.open_store")
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
            store = cls(Database(conn), path)
            store._check_ours()
            if not readonly:
                _use_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
                store._migrate()
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: {exc}") from None
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pragma(self, name: str) -> int:
        return int(self.db.execute(f"PRAGMA {name}").fetchone()[0])

    def _check_ours(self) -> None:
        # Read all three in one snapshot: another process may be creating the schema
        # right now, and an id read before its commit beside tables read after it
        # made a brand-new store of ours look like someone else's database.
        conn = self.db.conn
        conn.execute("BEGIN")
        try:
            app_id = self._pragma("application_id")
            version = self._pragma("user_version")
            has_tables = bool(self.db.table_names())
        finally:
            conn.execute("COMMIT")
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
                conn.execute(_SCHEMA_MIGRATIONS)
                conn.execute("INSERT INTO [schema_migrations] ([version], [name], [applied_at]) "
                             "VALUES (?, ?, ?)", (number, name, iso(utcnow())))

    # ------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, holding the write lock from its first statement."""
        conn = self.db.conn
        if self.db.conn.in_transaction:  # nested: let the outer transaction decide
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

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Reads see one moment of the file until the end (WAL: writers go on)."""
        conn = self.db.conn
        if self.db.conn.in_transaction:  # (not conn's: mypy would take it as False below)
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    # ------------------------------------------------------------ reading

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def resolve_story(self, ref: str | int) -> dict[str, Any]:
        """A story by id (what `monitor stories` prints), guid or URL."""
        text = str(ref).strip()
        rows: list[dict[str, Any]] = []
        if text.isdecimal() and len(text) <= 18:  # an id SQLite can hold (and int() convert)
            rows = self.query("SELECT * FROM stories WHERE id = ?", [int(text)])
        if not rows:
            rows = self.query(
                "SELECT s.* FROM story_keys k JOIN stories s ON s.id = k.story_id "
                "WHERE k.key = ? OR s.url = ? OR s.guid = ? LIMIT 1", [text, text, text])
        if not rows and text.startswith(("http://", "https://")):
            from monitor.fingerprint import canonical_url  # URLs as shared: tracking removed

            rows = self.query(
                "SELECT s.* FROM story_keys k JOIN stories s ON s.id = k.story_id "
                "WHERE k.key = ? LIMIT 1", [canonical_url(text)])
        if not rows:
            raise NotFoundError(f"no story '{text}' (see `monitor stories`)")
        return rows[0]

    def versions(self, story_id: int) -> list[dict[str, Any]]:
        return self.query(
            "SELECT id, number, title, text, content_hash, simhash, source, "
            "published_at AS published, seen_at FROM versions WHERE story_id = ? ORDER BY number",
            [story_id])

    def story(self, story_id: int) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM stories WHERE id = ?", [story_id])
        return rows[0] if rows else None

    def story_facts(self, story_id: int) -> list[dict[str, Any]]:
        """Every stored fact of the story with its version number, oldest first."""
        return self.query(
            "SELECT v.number AS version, f.kind, f.key, f.value, f.span FROM facts f "
            "JOIN versions v ON v.id = f.version_id WHERE f.story_id = ? "
            "ORDER BY v.number, f.id", [story_id])

    # ------------------------------------------------------------ feeds

    def feed(self, name: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM feeds WHERE name = ?", [name])
        return rows[0] if rows else None

    def feeds(self) -> list[dict[str, Any]]:
        """Every feed's poll state, with its story count and how many of its stories'
        article pages are in trouble (``page_trouble``)."""
        return self.query(
            "SELECT f.*, (SELECT count(*) FROM stories s WHERE s.feed = f.name) AS stories, "
            "(SELECT count(*) FROM stories s WHERE s.feed = f.name "
            "AND s.page_state IS NOT NULL) AS page_trouble "
            "FROM feeds f ORDER BY f.name")

    def ensure_feed(self, name: str, url: str = "") -> None:
        """Make sure a feeds row exists (stories reference it); keep its URL current."""
        with self.write() as conn:
            conn.execute("INSERT OR IGNORE INTO feeds (name, url) VALUES (?, ?)", [name, url])
            if url:  # a moved feed: the old URL's validators mean nothing at the new one
                conn.execute("UPDATE feeds SET url = ?, etag = NULL, last_modified = NULL "
                             "WHERE name = ? AND url != ?", [url, name, url])

    def update_feed(self, name: str, **fields: Any) -> None:
        _check_columns(fields, _FEED_COLUMNS)
        assignments = ", ".join(f"{column} = ?" for column in fields)
        with self.write() as conn:
            conn.execute(f"UPDATE feeds SET {assignments} WHERE name = ?",
                         [*fields.values(), name])

    # ------------------------------------------------------------ stories (pipeline)

    def story_by_keys(self, feed: str, keys: list[str]) -> tuple[dict[str, Any], str] | None:
        """The story of ``feed`` known by the first of ``keys`` that is known, and that key."""
        for key in keys:
            rows = self.query(
                "SELECT s.* FROM story_keys k JOIN stories s ON s.id = k.story_id "
                "WHERE k.feed = ? AND k.key = ?", [feed, key])
            if rows:
                return rows[0], key
        return None

    def story_id_by_keys(self, feed: str, keys: list[str]) -> int | None:
        for key in keys:
            row = self.db.execute("SELECT story_id FROM story_keys WHERE feed = ? AND key = ?",
                                  [feed, key]).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def recent_fingerprints(self, feed: str, since: str,
                            limit: int = 2000) -> list[tuple[int, str]]:
        """(story id, simhash) of the feed's stories seen since ``since``, newest first."""
        rows = self.db.execute(
            "SELECT id, simhash FROM stories WHERE feed = ? AND last_seen_at >= ? "
            "AND simhash IS NOT NULL ORDER BY last_seen_at DESC LIMIT ?",
            [feed, since, limit]).fetchall()
        return [(row[0], row[1]) for row in rows]

    def add_story_keys(self, feed: str, story_id: int, keys: list[str]) -> None:
        with self.write() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO story_keys (feed, key, story_id) VALUES (?, ?, ?)",
                [(feed, key, story_id) for key in keys])

    def move_story_keys(self, feed: str, story_id: int, keys: list[str]) -> None:
        """Point ``keys`` at ``story_id``, whichever story they named before (a reused
        guid or URL now names the story that replaced the old one)."""
        with self.write() as conn:
            conn.executemany(
                "INSERT INTO story_keys (feed, key, story_id) VALUES (?, ?, ?) "
                "ON CONFLICT (feed, key) DO UPDATE SET story_id = excluded.story_id",
                [(feed, key, story_id) for key in keys])

    def replacement_family(self, story_id: int, limit: int = 10) -> list[int]:
        """The stories linked to ``story_id`` by replacement, either way (what it
        replaced, what replaced those, ...), newest first, itself excluded."""
        rows = self.db.execute(
            "WITH RECURSIVE family(id) AS (SELECT ? "
            "UNION SELECT s.id FROM stories s JOIN family f ON s.replaces_story_id = f.id "
            "UNION SELECT s.replaces_story_id FROM stories s JOIN family f ON s.id = f.id "
            "WHERE s.replaces_story_id IS NOT NULL) "
            "SELECT id FROM family WHERE id != ? ORDER BY id DESC LIMIT ?",
            [story_id, story_id, limit]).fetchall()
        return [row[0] for row in rows]

    def replaced_by(self, story_id: int) -> int | None:
        """The newest story that replaced ``story_id``, if any."""
        row = self.db.execute("SELECT max(id) FROM stories WHERE replaces_story_id = ?",
                              [story_id]).fetchone()
        return row[0] if row else None

    def create_story(self, **fields: Any) -> int:
        _check_columns(fields, _STORY_COLUMNS)
        with self.write() as conn:
            cursor = conn.execute(
                f"INSERT INTO stories ({', '.join(fields)}) "
                f"VALUES ({', '.join('?' for _ in fields)})", list(fields.values()))
            return int(cursor.lastrowid or 0)

    def update_story(self, story_id: int, **fields: Any) -> None:
        _check_columns(fields, _STORY_COLUMNS)
        assignments = ", ".join(f"{column} = ?" for column in fields)
        with self.write() as conn:
            conn.execute(f"UPDATE stories SET {assignments} WHERE id = ?",
                         [*fields.values(), story_id])

    def latest_versions(self, story_id: int, count: int = 3) -> list[dict[str, Any]]:
        """The story's last ``count`` versions, newest first."""
        return self.query(
            "SELECT * FROM versions WHERE story_id = ? ORDER BY number DESC LIMIT ?",
            [story_id, count])

    def latest_version_id(self, story_id: int) -> int | None:
        row = self.db.execute("SELECT id FROM versions WHERE story_id = ? "
                              "ORDER BY number DESC LIMIT 1", [story_id]).fetchone()
        return int(row[0]) if row is not None else None

    def add_version(self, **fields: Any) -> int:
        _check_columns(fields, _VERSION_COLUMNS)
        with self.write() as conn:
            cursor = conn.execute(
                f"INSERT INTO versions ({', '.join(fields)}) "
                f"VALUES ({', '.join('?' for _ in fields)})", list(fields.values()))
            return int(cursor.lastrowid or 0)

    def deferred_fact_versions(self, story_id: int) -> list[dict[str, Any]]:
        """The story's versions whose facts are not stored (read from their text when
        asked for: ingest.read_story_facts), oldest first."""
        return self.query(
            "SELECT id, number, title, text, content_hash, source, published_at, seen_at "
            "FROM versions WHERE story_id = ? AND facts_deferred = 1 ORDER BY number",
            [story_id])

    def add_changes(self, story_id: int, from_version_id: int | None, version_id: int,
                    changes: list[dict[str, Any]], detected_at: str) -> list[int]:
        ids: list[int] = []
        with self.write() as conn:
            for c in changes:
                cursor = conn.execute(
                    "INSERT INTO changes (story_id, from_version_id, version_id, kind, action, "
                    "old, new, old_sentence, new_sentence, severity, detected_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [story_id, from_version_id, version_id, c["kind"], c["action"], c.get("old"),
                     c.get("new"), c.get("old_sentence"), c.get("new_sentence"),
                     c["severity"], detected_at])
                ids.append(int(cursor.lastrowid or 0))
        return ids

    # ------------------------------------------------------------ extraction layouts

    def extract_layouts(self) -> list[tuple[str, str, int, int]]:
        """(host, layout, agreements, disagreements) of the fast extractor, per layout."""
        return [(r["host"], r["layout"], int(r["agreed"]), int(r["disagreed"]))
                for r in self.query("SELECT * FROM extract_layouts")]

    def save_extract_layouts(self, rows: Collection[tuple[str, str, int, int]]) -> None:
        """Keep the larger counts (another process may have counted more)."""
        self.db.conn.executemany(
            "INSERT INTO extract_layouts (host, layout, agreed, disagreed) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (host, layout) DO UPDATE SET agreed = max(agreed, excluded.agreed), "
            "disagreed = max(disagreed, excluded.disagreed)", list(rows))

    # ------------------------------------------------------------ recurring lines

    def recurring_lines(self, feed: str, keys: Collection[str], min_stories: int) -> set[str]:
        """Those of ``keys`` seen in at least ``min_stories`` stories of the feed."""
        return self._line_keys_in(
            "SELECT line_key FROM feed_lines WHERE feed = ? AND story_count >= ?",
            [feed, min_stories], keys)

    def _line_keys_in(self, query: str, params: list[Any], keys: Collection[str]) -> set[str]:
        """The line keys ``query`` (a SELECT of line_key with its WHERE clause) finds among
        ``keys``, asked about 500 at a time (SQLite's variable limit)."""
        found: set[str] = set()
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            found.update(row[0] for row in self.db.execute(
                f"{query} AND line_key IN ({', '.join('?' for _ in chunk)})",
                [*params, *chunk]))
        return found

    def count_lines(self, feed: str, story_id: int, keys: Collection[str]) -> None:
        """One more story uses each of ``keys`` (call once per story and line); they are
        the story's lines from now on."""
        with self.write() as conn:
            conn.executemany(
                "INSERT INTO feed_lines (feed, line_key, story_count, last_story_id) "
                "VALUES (?, ?, 1, ?) ON CONFLICT (feed, line_key) DO UPDATE SET "
                "story_count = story_count + 1, last_story_id = excluded.last_story_id",
                [(feed, key, story_id) for key in keys])
            conn.executemany(
                "INSERT OR IGNORE INTO story_lines (story_id, line_key) VALUES (?, ?)",
                [(story_id, key) for key in keys])

    def story_lines(self, story_id: int, keys: Collection[str]) -> set[str]:
        # A story of a few versions has few more lines than are asked about: reading them
        # all (one range of the primary key) is ~2.5x quicker than looking each key up
        # (issue 12); a long-lived story's are looked up, at a cost that does not grow.
        few = 4 * len(keys) + 16
        held = [row[0] for row in self.db.execute(
            "SELECT line_key FROM story_lines WHERE story_id = ? LIMIT ?", [story_id, few])]
        if len(held) < few:
            return set(keys).intersection(held)
        return self._line_keys_in("SELECT line_key FROM story_lines WHERE story_id = ?",
                                  [story_id], keys)

    # ------------------------------------------------------------ full-text re-checks

    def due_rechecks(self, feed: str, now: str, limit: int = 50) -> list[dict[str, Any]]:
        """The feed's stories whose article page is due for a re-check, oldest due first."""
        return self.query(
            "SELECT * FROM stories WHERE feed = ? AND next_check_at IS NOT NULL "
            "AND next_check_at <= ? AND url IS NOT NULL ORDER BY next_check_at LIMIT ?",
            [feed, now, limit])

    # --- workers (issue 13) ---
    def due_feeds(self, names: Collection[str], now: str) -> list[str]:
        """Of ``names``, the feeds whose poll has come (never polled included)."""
        wanted = sorted(set(names))
        if not wanted:
            return []
        # One JSON parameter, not a variable per name (SQLite's limit).
        rows = self.query(
            "SELECT n.value AS name FROM json_each(?) n LEFT JOIN feeds f ON f.name = n.value "
            "WHERE (f.next_poll_at IS NULL OR f.next_poll_at <= ?) "
            "AND (f.retry_after_until IS NULL OR f.retry_after_until <= ?) ORDER BY n.value",
            [json.dumps(wanted), now, now])
        return [str(r["name"]) for r in rows]

    def feeds_with_due_rechecks(self, now: str) -> list[str]:
        """Feeds with a story whose article page is due for a re-check."""
        return [str(r["feed"]) for r in self.query(
            "SELECT DISTINCT feed FROM stories WHERE next_check_at IS NOT NULL "
            "AND next_check_at <= ? AND url IS NOT NULL ORDER BY feed", [now])]
    # --- end of workers (issue 13) ---

    # ------------------------------------------------------------ browsing

    def stories(self, *, feed: str | None = None, changed: bool = False,
                limit: int | None = 50) -> list[dict[str, Any]]:
        """Stories, most recently changed or seen first."""
        where: list[str] = []
        params: list[Any] = []
        if feed:
            where.append("s.feed = ?")
            params.append(feed)
        if changed:  # at least one fact change (a reworded version alone is no change)
            where.append("EXISTS (SELECT 1 FROM changes c WHERE c.story_id = s.id)")
        sql = ("SELECT s.*, (SELECT count(*) FROM changes c WHERE c.story_id = s.id) AS changes, "
               "(SELECT max(r.id) FROM stories r WHERE r.replaces_story_id = s.id) AS replaced_by "
               "FROM stories s" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY coalesce(s.last_changed_at, s.first_seen_at) DESC, s.id DESC")
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return self.query(sql, params)

    def count_stories(self, *, feed: str | None = None, changed: bool = False) -> int:
        """How many stories ``stories()`` would list without a limit."""
        where, params = [], []
        if feed:
            where.append("s.feed = ?")
            params.append(feed)
        if changed:
            where.append("EXISTS (SELECT 1 FROM changes c WHERE c.story_id = s.id)")
        return int(self.db.execute(
            "SELECT count(*) FROM stories s" + (" WHERE " + " AND ".join(where) if where else ""),
            params).fetchone()[0])

    def changes(self, story_id: int) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM changes WHERE story_id = ? ORDER BY version_id, id",
                          [story_id])

    # ================================================================ web view (issue 14)
    # Read-only queries of `monitor serve` (monitor/web), the story mute and the daemon
    # heartbeat.  Listings page by keyset: ``after`` is the sort key of the last row of
    # the previous page (newest first), so a page costs the same however deep it is.

    def web_changes(self, *, feed: str | None = None, story_id: int | None = None,
                    kinds: Sequence[str] = (), severities: Sequence[str] = (),
                    watch: str | None = None, since: str | None = None,
                    before: str | None = None, search: str | None = None,
                    after: tuple[str, int] | None = None,
                    limit: int | None = 50, count: bool = False) -> Any:
        """Fact changes, newest first (``detected_at``, then id), with their story.

        ``watch``: only changes of versions that raised an alert naming that watch;
        ``since``/``before``: ISO bounds on ``detected_at`` (inclusive/exclusive);
        ``search``: words in the story's title; ``after``: (detected_at, id) of the
        last change already shown; ``count``: how many there are (an int), not the rows.
        """
        where: list[str] = []
        params: list[Any] = []
        if feed:
            where.append("s.feed = ?")
            params.append(feed)
        if story_id is not None:
            where.append("c.story_id = ?")
            params.append(story_id)
        if kinds:
            where.append(f"c.kind IN ({', '.join('?' * len(kinds))})")
            params.extend(kinds)
        if severities:
            where.append(f"c.severity IN ({', '.join('?' * len(severities))})")
            params.extend(severities)
        if watch:
            # The first watch of an alert is its `watch` column; the others (watches that
            # share a channel) only in its payload, read where the name appears at all.
            where.append(
                "c.version_id IN (SELECT d.version_id FROM deliveries d "
                "WHERE d.type = 'fact.changed' AND d.version_id IS NOT NULL AND (d.watch = ? "
                "OR (instr(d.payload, json_quote(?)) AND json_valid(d.payload) AND EXISTS ("
                "SELECT 1 FROM json_each(d.payload, '$.watches') w WHERE w.value = ?))))")
            params.extend([watch, watch, watch])
        if since:
            where.append("c.detected_at >= ?")
            params.append(since)
        if before:
            where.append("c.detected_at < ?")
            params.append(before)
        words = (search or "").split()[:8]
        if words:  # the few matching stories first, then their changes (not a title per change)
            where.append("c.story_id IN (SELECT id FROM stories WHERE "
                         + " AND ".join("title LIKE ? ESCAPE '\\'" for _ in words) + ")")
            params.extend(self._like_pattern(word) for word in words)
        if after is not None:
            where.append("(c.detected_at, c.id) < (?, ?)")
            params.extend(after)
        if count:
            return int(self.db.execute(
                "SELECT count(*) FROM changes c JOIN stories s ON s.id = c.story_id"
                + (" WHERE " + " AND ".join(where) if where else ""), params).fetchone()[0])
        return self.query(
            "SELECT c.id, c.story_id, s.feed, s.title AS story_title, s.url AS story_url, "
            "s.muted_until, c.from_version_id, fv.number AS from_version, c.version_id, "
            "v.number AS version, c.kind, c.action, c.old, c.new, c.old_sentence, "
            "c.new_sentence, c.severity, c.detected_at "
            "FROM changes c JOIN stories s ON s.id = c.story_id "
            "JOIN versions v ON v.id = c.version_id "
            "LEFT JOIN versions fv ON fv.id = c.from_version_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY c.detected_at DESC, c.id DESC LIMIT ?",
            [*params, -1 if limit is None else limit])  # LIMIT -1: every row

    def web_stories(self, *, feed: str | None = None, changed: bool = False,
                    search: str | None = None, after: tuple[str, int] | None = None,
                    limit: int = 50) -> list[dict[str, Any]]:
        """Stories as ``stories()`` lists them (most recently changed or seen first, with
        their change count), paged by (coalesce(last_changed_at, first_seen_at), id)."""
        where: list[str] = []
        params: list[Any] = []
        if feed:
            where.append("s.feed = ?")
            params.append(feed)
        if changed:  # at least one fact change, as `monitor stories --changed`
            where.append("EXISTS (SELECT 1 FROM changes c WHERE c.story_id = s.id)")
        for word in (search or "").split()[:8]:
            where.append("s.title LIKE ? ESCAPE '\\'")
            params.append(self._like_pattern(word))
        if after is not None:
            where.append("(coalesce(s.last_changed_at, s.first_seen_at), s.id) < (?, ?)")
            params.extend(after)
        return self.query(
            "SELECT s.*, coalesce(s.last_changed_at, s.first_seen_at) AS sort_at, "
            "(SELECT count(*) FROM changes c WHERE c.story_id = s.id) AS changes "
            "FROM stories s" + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY coalesce(s.last_changed_at, s.first_seen_at) DESC, s.id DESC "
            "LIMIT ?", [*params, limit])

    def web_deliveries(self, *, status: str | None = None,
                       after: tuple[str, int] | None = None,
                       limit: int | None = 50) -> list[dict[str, Any]]:
        """The outbox as `monitor alerts --json` lists it, newest first, paged by
        (created_at, id)."""
        where: list[str] = []
        params: list[Any] = []
        if status:
            where.append("d.status = ?")
            params.append(status)
        if after is not None:
            where.append("(d.created_at, d.id) < (?, ?)")
            params.extend(after)
        return self.query(
            "SELECT d.id, d.status, d.type, d.channel, d.watch, d.story_id, d.feed, "
            "s.title AS story_title, d.attempts, d.next_attempt_at, d.created_at, d.sent_at, "
            "d.last_error, d.response, d.idempotency_key "
            "FROM deliveries d LEFT JOIN stories s ON s.id = d.story_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY d.created_at DESC, d.id DESC LIMIT ?",
            [*params, -1 if limit is None else limit])  # LIMIT -1: every row

    def tune_for_reading(self, *, mmap_bytes: int = 256 * 2**20,
                         cache_kib: int = 32 * 1024) -> None:
        """A long-lived reader (one per web server thread): map the file and keep a larger
        page cache, so a new connection does not start cold and scans stay fast."""
        self.db.execute(f"PRAGMA mmap_size = {int(mmap_bytes)}")
        self.db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")

    def delivery(self, delivery_id: int) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM deliveries WHERE id = ?", [delivery_id])
        return rows[0] if rows else None

    def delivery_counts(self) -> dict[str, int]:
        """Deliveries per status."""
        return {row[0]: row[1] for row in self.db.execute(
            "SELECT status, count(*) FROM deliveries GROUP BY status")}

    def watch_names(self) -> list[str]:
        """Watches named by stored alerts (the first watch of each)."""
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT watch FROM deliveries WHERE watch IS NOT NULL ORDER BY watch")]

    def feed_names(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT name FROM feeds ORDER BY name")]

    def version_by_number(self, story_id: int, number: int) -> dict[str, Any] | None:
        rows = self.query(
            "SELECT id, number, title, text, content_hash, simhash, source, "
            "published_at AS published, seen_at FROM versions "
            "WHERE story_id = ? AND number = ?", [story_id, number])
        return rows[0] if rows else None

    def metrics_snapshot(self) -> dict[str, Any]:
        """Totals for /metrics, read in one snapshot."""
        conn = self.db.conn
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN")
        try:
            scalar = {name: conn.execute(sql).fetchone()[0] for name, sql in (
                ("stories", "SELECT count(*) FROM stories"),
                ("versions", "SELECT count(*) FROM versions"),
                ("retries", "SELECT coalesce(sum(attempts - 1), 0) FROM deliveries "
                            "WHERE attempts > 1"),
                ("oldest_pending", "SELECT min(created_at) FROM deliveries "
                                   "WHERE status = 'pending'"),
                ("muted", "SELECT count(*) FROM stories WHERE muted_until IS NOT NULL"),
            )}
            changes = [(r[0], r[1], r[2]) for r in conn.execute(
                "SELECT kind, action, count(*) FROM changes GROUP BY kind, action")]
            deliveries = [(r[0], r[1], r[2]) for r in conn.execute(
                "SELECT status, type, count(*) FROM deliveries GROUP BY status, type")]
            feeds = [dict(zip(("name", "last_polled_at", "last_success_at", "last_status",
                               "last_error", "consecutive_failures"), r, strict=True))
                     for r in conn.execute(
                         "SELECT name, last_polled_at, last_success_at, last_status, "
                         "last_error, consecutive_failures FROM feeds ORDER BY name")]
            daemon = self.daemon_state()
        finally:
            if own:
                conn.execute("COMMIT")
        return {**scalar, "changes": changes, "deliveries": deliveries, "feeds": feeds,
                "daemon": daemon}

    # ------------------------------------------------------------ muting a story

    def mute_story(self, story_id: int, until: str) -> None:
        """No alert for the story's changes until ``until`` (ISO 8601 UTC; use
        ``MUTED_FOREVER`` for no end).  Its versions and changes are still stored."""
        with self.write() as conn:
            if not conn.execute("UPDATE stories SET muted_until = ? WHERE id = ?",
                                [until, story_id]).rowcount:
                raise NotFoundError(f"no story {story_id}")

    def unmute_story(self, story_id: int) -> None:
        with self.write() as conn:
            if not conn.execute("UPDATE stories SET muted_until = NULL WHERE id = ?",
                                [story_id]).rowcount:
                raise NotFoundError(f"no story {story_id}")

    def muted_story_ids(self, story_ids: Collection[int], now: str) -> set[int]:
        """Those of ``story_ids`` muted at ``now``."""
        ids = [int(i) for i in story_ids if i is not None]
        if not ids:
            return set()
        return {row[0] for row in self.db.execute(
            f"SELECT id FROM stories WHERE muted_until > ? "
            f"AND id IN ({', '.join('?' * len(ids))})", [now, *ids])}

    # ------------------------------------------------------------ retention (prune)

    def prune(self, cutoff: str, *, live_feeds: Collection[str] | None = None,
              dry_run: bool = False) -> dict[str, int]:
        """Remove what stories not seen since ``cutoff`` (ISO 8601 UTC) keep: their versions,
        facts, fact changes, sentences and sent alerts.  Returns the counts removed (with
        ``dry_run`` the counts that would be, nothing changed).

        A story of a feed in ``live_feeds`` (None: every feed the store knows) may come
        back in its feed (a feed answering 304 for months leaves its stories unseen), so
        its latest version and that version's facts are kept, and the story with them.  A
        story of any other feed is removed whole (keys and all).  A story with an alert not
        sent yet (pending or dead) is left as it is: no unsent alert loses its story.
        """
        counts = dict.fromkeys(("stories", "versions", "facts", "changes", "sentences",
                                "deliveries"), 0)
        counts["skipped_unsent"] = 0
        conn = self.db.conn
        try:
            with self.write():
                live = set(self.feed_names()) if live_feeds is None else set(live_feeds)
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS prune_stories "
                             "(id INTEGER PRIMARY KEY, whole INTEGER NOT NULL)")
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS prune_versions "
                             "(id INTEGER PRIMARY KEY)")
                conn.execute("DELETE FROM prune_stories")
                conn.execute("DELETE FROM prune_versions")
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS prune_live (name TEXT PRIMARY KEY)")
                conn.execute("DELETE FROM prune_live")
                conn.executemany("INSERT INTO prune_live VALUES (?)", [(n,) for n in live])
                counts["skipped_unsent"] = conn.execute(
                    "SELECT count(*) FROM stories s WHERE s.last_seen_at < ? AND EXISTS ("
                    "SELECT 1 FROM deliveries d WHERE d.story_id = s.id "
                    "AND d.status != 'sent')", [cutoff]).fetchone()[0]
                conn.execute(
                    "INSERT INTO prune_stories (id, whole) SELECT s.id, "
                    "s.feed NOT IN (SELECT name FROM prune_live) FROM stories s "
                    "WHERE s.last_seen_at < ? AND NOT EXISTS (SELECT 1 FROM deliveries d "
                    "WHERE d.story_id = s.id AND d.status != 'sent')", [cutoff])
                # every version of a whole story; all but the latest of the others
                conn.execute(
                    "INSERT INTO prune_versions (id) SELECT v.id FROM versions v "
                    "JOIN prune_stories p ON p.id = v.story_id WHERE p.whole OR v.number < "
                    "(SELECT max(number) FROM versions w WHERE w.story_id = v.story_id)")
                counts["deliveries"] = conn.execute(
                    "DELETE FROM deliveries WHERE status = 'sent' AND story_id IN "
                    "(SELECT id FROM prune_stories)").rowcount
                counts["changes"] = conn.execute(
                    "DELETE FROM changes WHERE version_id IN (SELECT id FROM prune_versions) "
                    "OR story_id IN (SELECT id FROM prune_stories WHERE whole)").rowcount
                # a kept change against a removed version: its "from" is gone, not the change
                conn.execute("UPDATE changes SET from_version_id = NULL WHERE from_version_id "
                             "IN (SELECT id FROM prune_versions)")
                counts["facts"] = conn.execute(
                    "DELETE FROM facts WHERE version_id IN (SELECT id FROM prune_versions)"
                ).rowcount
                counts["versions"] = conn.execute(
                    "DELETE FROM versions WHERE id IN (SELECT id FROM prune_versions)").rowcount
                # a kept story's lines: its kept version's (as a new version reads them)
                conn.execute("DELETE FROM story_lines WHERE story_id IN "
                             "(SELECT id FROM prune_stories)")
                _fill_story_lines(conn, "SELECT id FROM prune_stories WHERE NOT whole")
                counts["sentences"] = conn.execute(
                    "DELETE FROM sentences WHERE story_id IN (SELECT id FROM prune_stories) "
                    "AND id NOT IN (SELECT sentence_id FROM facts WHERE sentence_id IS NOT NULL "
                    "AND story_id IN (SELECT id FROM prune_stories))").rowcount
                conn.execute("DELETE FROM story_keys WHERE story_id IN "
                             "(SELECT id FROM prune_stories WHERE whole)")
                conn.execute("UPDATE stories SET replaces_story_id = NULL WHERE "
                             "replaces_story_id IN (SELECT id FROM prune_stories WHERE whole)")
                counts["stories"] = conn.execute(
                    "DELETE FROM stories WHERE id IN (SELECT id FROM prune_stories WHERE whole)"
                ).rowcount
                conn.execute("UPDATE stories SET version_count = (SELECT count(*) FROM versions "
                             "v WHERE v.story_id = stories.id) WHERE id IN "
                             "(SELECT id FROM prune_stories WHERE NOT whole)")
                conn.execute("DELETE FROM prune_stories")
                conn.execute("DELETE FROM prune_versions")
                if dry_run:
                    raise _Rollback
        except _Rollback:
            pass
        return counts

    def reclaim_space(self) -> int:
        """Give the pages freed by ``prune`` back to the file system; returns the bytes the
        file shrank by.  The first time the store is switched to incremental auto-vacuum
        (one full VACUUM); afterwards an incremental vacuum frees pages without rewriting
        the file, so the daemon's daily run stays short."""
        conn = self.db.conn
        before = self._file_size()
        if self._pragma("auto_vacuum") != 2:  # 2: INCREMENTAL
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
            conn.execute("VACUUM")
        else:
            conn.execute("PRAGMA incremental_vacuum")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return max(before - self._file_size(), 0)

    def _file_size(self) -> int:
        total = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                total += Path(str(self.path) + suffix).stat().st_size
        return total

    # ------------------------------------------------------------ daemon heartbeat

    def beat(self, *, host: str, pid: int, started_at: str, now: str) -> None:
        """The daemon is alive (called every few seconds while it runs)."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO daemon (id, host, pid, started_at, beat_at, stopped_at) "
                "VALUES (1, ?, ?, ?, ?, NULL) ON CONFLICT (id) DO UPDATE SET host = excluded.host, "
                "pid = excluded.pid, started_at = excluded.started_at, "
                "beat_at = excluded.beat_at, stopped_at = NULL", [host, pid, started_at, now])

    def daemon_stopped(self, *, host: str, pid: int, now: str) -> None:
        """The daemon stopped cleanly (a crash leaves ``stopped_at`` NULL and the beat old)."""
        with self.write() as conn:
            conn.execute("UPDATE daemon SET stopped_at = ?, beat_at = ? "
                         "WHERE host = ? AND pid = ?", [now, now, host, pid])

    def daemon_state(self) -> dict[str, Any] | None:
        rows = self.query("SELECT host, pid, started_at, beat_at, stopped_at FROM daemon")
        return rows[0] if rows else None

    @staticmethod
    def _like_pattern(word: str) -> str:
        """``%word%`` for LIKE ... ESCAPE '\\', the word's own % and _ matched literally."""
        return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    # ================================================================ end of web view

    # ================================================================ the Storage intents
    # What the outbox, CLI, demo, replay and `monitor check` ask (monitor.storage.Storage).

    def schema_version(self) -> int:
        return int(self._pragma("user_version"))

    def outdated(self) -> bool:
        return self.schema_version() < SCHEMA_VERSION

    def summary(self) -> StoreSummary:
        has_stories = "stories" in self.db.table_names()
        stories = self.db.execute("SELECT count(*) FROM stories").fetchone()[0] \
            if has_stories else 0
        return StoreSummary(location=str(self.path), schema=self.schema_version(),
                            stories=int(stories))

    def ping(self) -> None:
        try:
            self.db.execute("SELECT 1 FROM stories LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def lock_feed(self, name: str) -> None:
        """Nothing to do: ``write()`` holds the whole file's write lock already."""

    # ------------------------------------------------------------ the outbox

    def version_title_text(self, version_id: int) -> tuple[str, str] | None:
        row = self.db.execute("SELECT title, text FROM versions WHERE id = ?",
                              [version_id]).fetchone()
        return (row[0], row[1]) if row else None

    def earlier_twin(self, version_id: int) -> int | None:
        row = self.db.execute(
            "SELECT e.number FROM versions v JOIN versions e ON e.story_id = v.story_id "
            "AND e.content_hash = v.content_hash AND e.id < v.id WHERE v.id = ? "
            "ORDER BY e.id LIMIT 1", [version_id]).fetchone()
        return int(row[0]) if row else None

    def add_delivery(self, delivery: NewDelivery) -> int | None:
        with self.write() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO deliveries (idempotency_key, type, channel, watch, "
                "story_id, version_id, feed, payload, status, attempts, next_attempt_at, "
                "created_at, digest_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)",
                [delivery.idempotency_key, delivery.type, delivery.channel, delivery.watch,
                 delivery.story_id, delivery.version_id, delivery.feed, delivery.payload,
                 delivery.next_attempt_at, delivery.created_at, delivery.digest_key])
            return int(cursor.lastrowid or 0) if cursor.rowcount else None

    def next_delivery_due(self) -> str | None:
        row = self.db.execute(
            "SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending'").fetchone()
        return row[0] if row else None

    def delivery_claimants(self) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT claimed_by FROM deliveries "
            "WHERE status = 'pending' AND claimed_by IS NOT NULL ORDER BY claimed_by")]

    def release_claims(self, claimant: str, now: str) -> int:
        with self.write() as conn:
            return int(conn.execute(
                "UPDATE deliveries SET next_attempt_at = ?, claimed_by = NULL "
                "WHERE status = 'pending' AND claimed_by = ?", [now, claimant]).rowcount)

    def claim_deliveries(self, now: str, claimant: str, lease_until: Callable[[str], str], *,
                         only: Sequence[int] | None = None,
                         skip: Sequence[int] = ()) -> list[Delivery]:
        if only is not None and not only:
            return []
        # The ids as literals (int() makes them safe): `monitor alerts retry --dead` may
        # pass more ids than SQLite takes variables.
        where = ""
        if only is not None:
            where += f" AND d.id IN ({', '.join(str(int(i)) for i in only)})"
        if skip:
            where += f" AND d.id NOT IN ({', '.join(str(int(i)) for i in skip)})"
        # BEGIN IMMEDIATE: no other writer between finding the head and claiming it.
        with self.write():
            heads = self.query(_HEAD_OF_CHANNEL.format(only=where), [now])
            if not heads:
                return []
            rows = [Delivery.from_row(heads[0])]
            if rows[0].digest_key:  # the rest of its digest goes out in the same message
                rows += [Delivery.from_row(r) for r in self.query(
                    "SELECT * FROM deliveries WHERE status = 'pending' AND channel = ? "
                    "AND digest_key = ? AND next_attempt_at <= ? AND id != ? "
                    "ORDER BY created_at, id",
                    [rows[0].channel, rows[0].digest_key, now, rows[0].id])]
            ids = [r.id for r in rows]
            due = lease_until(rows[0].channel)
            self.db.execute(
                f"UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = ?, "
                f"claimed_by = ? WHERE id IN ({', '.join('?' * len(ids))})",
                [due, claimant, *ids])
        return [claimed(row, claimant, due) for row in rows]

    def reserve_send(self, channel: str, interval: float) -> float | None:
        """None: the one process sending from an embedded store paces itself
        (``notify.outbox.Pacer``), as before the PostgreSQL store existed."""
        return None

    def mark_sent(self, ids: Sequence[int], *, sent_at: str, response: str) -> None:
        with self.write() as conn:
            conn.execute(
                f"UPDATE deliveries SET status = 'sent', sent_at = ?, response = ?, "
                f"claimed_by = NULL WHERE id IN ({', '.join('?' * len(ids))}) "
                f"AND status = 'pending'", [sent_at, response, *ids])

    def mark_failed(self, ids: Sequence[int], *, status: str, next_attempt_at: str,
                    error: str, progress: str | None) -> None:
        with self.write() as conn:
            conn.execute(
                f"UPDATE deliveries SET status = ?, next_attempt_at = ?, last_error = ?, "
                f"response = ?, claimed_by = NULL "
                f"WHERE id IN ({', '.join('?' * len(ids))}) AND status = 'pending'",
                [status, next_attempt_at, error, progress, *ids])

    def mark_muted(self, ids: Sequence[int], *, now: str) -> None:
        self.mark_failed(ids, status="dead", next_attempt_at=now,
                         error="not sent: the story is muted", progress=None)

    def abandon_delivery(self, delivery_id: int) -> None:
        with self.write() as conn:
            conn.execute("UPDATE deliveries SET status = 'dead' "
                         "WHERE id = ? AND status = 'pending'", [delivery_id])

    def retry_deliveries(self, ids: Sequence[int] = (), *, dead: bool = False,
                         now: str) -> int:
        if not ids and not dead:
            return 0
        with self.write() as conn:
            if dead:
                cursor = conn.execute(
                    "UPDATE deliveries SET status = 'pending', attempts = 0, "
                    "next_attempt_at = ?, claimed_by = NULL WHERE status = 'dead'", [now])
            else:
                cursor = conn.execute(
                    f"UPDATE deliveries SET status = 'pending', attempts = 0, "
                    f"next_attempt_at = ?, claimed_by = NULL WHERE status != 'sent' "
                    f"AND id IN ({', '.join('?' * len(ids))})", [now, *ids])
            return int(cursor.rowcount)

    def deliveries(self, ids: Sequence[int]) -> list[Delivery]:
        found: list[Delivery] = []
        ids = [int(i) for i in ids]
        for start in range(0, len(ids), 500):  # stay under SQLite's variable limit
            chunk = ids[start:start + 500]
            found += [Delivery.from_row(r) for r in self.query(
                f"SELECT * FROM deliveries WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk)]
        return sorted(found, key=lambda d: d.id)

    def dead_delivery_ids(self) -> list[int]:
        return [row[0] for row in self.db.execute(
            "SELECT id FROM deliveries WHERE status = 'dead' ORDER BY created_at, id")]

    def fact_alerts(self, version_id: int | None = None) -> list[FactAlert]:
        sql = "SELECT version_id, status, payload FROM deliveries WHERE type = 'fact.changed'"
        params: list[Any] = []
        if version_id is not None:
            sql += " AND version_id = ?"
            params.append(version_id)
        return [FactAlert(r[0], r[1], r[2])
                for r in self.db.execute(sql + " ORDER BY id", params)]

    # ------------------------------------------------------------ copying (migrate-store)

    def row_counts(self) -> dict[str, int]:
        return {table: int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in COPIED_TABLES}

    def export_rows(self, table: str, after: tuple[Any, ...] | None,
                    limit: int) -> list[dict[str, Any]]:
        keys = check_table(table)
        columns = ", ".join(keys)
        where, params = "", [*(after or ()), limit]
        if after is not None:
            where = f" WHERE ({columns}) > ({', '.join('?' * len(keys))})"
        return self.query(f"SELECT * FROM {table}{where} ORDER BY {columns} LIMIT ?", params)

    def import_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        check_table(table)
        if not rows:
            return
        names = list(rows[0])
        _check_columns(dict.fromkeys(names), _table_columns(self, table))
        with self.write() as conn:
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                [[row[name] for name in names] for row in rows])

    def finish_import(self) -> None:
        """The copied stories' lines, made from their versions (a source written before
        story_lines has none to copy); ids need nothing: SQLite gives a new row the
        largest id + 1."""
        with self.write() as conn:
            _fill_story_lines(conn)

    # ================================================================ ingest: decide + apply
    # (issue 12/13; monitor/ingest.py).  The pipeline reads a Snapshot with the query
    # methods above, decides and computes outside any transaction, then hands the Intent
    # here: ONE write transaction re-checks what the decision read (ingest.basis_holds)
    # and writes it, or writes nothing and returns None (stale: decide again).  A port
    # of the store implements these two methods and the query methods basis_holds uses.

    def apply_ingest(self, intent: Intent, *, feed_url: str = "",
                     on_changes: Callable[[int, int, Sequence[Change]], None] | None = None,
                     ) -> tuple[int, int | None] | None:
        """Write one decided entry (ingest.apply_intent) in one BEGIN IMMEDIATE
        transaction: (story id, new version id or None), or None when the store no longer
        holds what the decision was made on (nothing written).

        ``on_changes(story_id, version_id, changes)`` runs inside the transaction after a
        version with fact changes is written (the outbox rows go with it)."""
        from monitor.ingest import apply_intent

        with self.write():
            return apply_intent(self, intent, feed_url=feed_url, on_changes=on_changes)

    # ================================================================ end of ingest


Store = SqliteStore
"""The name the rest of the code (and other branches) know the SQLite store by."""


class _Rollback(Exception):
    """Raised inside ``Store.write()`` to undo a dry run."""


_FEED_COLUMNS = frozenset({
    "url", "etag", "last_modified", "last_polled_at", "last_success_at", "last_status",
    "last_error", "consecutive_failures", "next_poll_at", "retry_after_until", "health_alerted",
})
_STORY_COLUMNS = frozenset({
    "feed", "guid", "url", "title", "published_at", "first_seen_at", "last_seen_at",
    "last_changed_at", "version_count", "simhash", "next_check_at", "page_etag",
    "page_last_modified", "page_state", "page_error", "page_failures", "replaces_story_id",
    "page_fingerprint",
})
_VERSION_COLUMNS = frozenset({
    "story_id", "number", "title", "text", "content_hash", "simhash", "source", "published_at",
    "seen_at", "facts_deferred",
})


def _check_columns(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    """Column names are interpolated into SQL: only known names get there."""
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown column(s): {', '.join(sorted(unknown))}")


def _table_columns(store: SqliteStore, table: str) -> frozenset[str]:
    return frozenset(row[1] for row in store.db.execute(f"PRAGMA table_info({table})"))


# The oldest pending delivery of its channel that is due (see monitor/notify/outbox.py).
_HEAD_OF_CHANNEL = """
SELECT d.* FROM deliveries d
WHERE d.status = 'pending' AND d.next_attempt_at <= ? {only}
  AND (d.type = 'test' OR NOT EXISTS (
    SELECT 1 FROM deliveries e
    WHERE e.channel = d.channel AND e.status = 'pending' AND e.type != 'test'
      AND (e.created_at < d.created_at OR (e.created_at = d.created_at AND e.id < d.id))
      -- immediate alerts queue behind immediate ones, digest periods behind digest periods
      AND ((d.digest_key IS NULL AND e.digest_key IS NULL)
           OR (e.digest_key IS NOT NULL AND d.digest_key IS NOT NULL
               AND e.digest_key != d.digest_key))))
ORDER BY d.created_at, d.id
LIMIT 1
"""


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (it stays so).  Switching needs an exclusive lock and
    SQLite answers "database is locked" at once instead of waiting (busy_timeout is
    not consulted), as when several processes open one brand-new store: retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


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
