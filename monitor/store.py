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
import random
import sqlite3
import time
from collections.abc import Callable, Collection, Iterator
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

MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None] | str]] = [
    ("initial schema", _SCHEMA_1),
    ("each sentence once per story", _SCHEMA_2),
    ("article region fingerprint per story", _SCHEMA_PAGE_FINGERPRINT),
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
                _use_wal(conn)
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
        """Every feed's poll state, with its story count."""
        return self.query(
            "SELECT f.*, (SELECT count(*) FROM stories s WHERE s.feed = f.name) AS stories "
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

    def create_story(self, **fields: Any) -> int:
        _check_columns(fields, _STORY_COLUMNS)
        with self.write() as conn:
            cursor = conn.execute(
                f"INSERT INTO stories ({', '.join(fields)}) "
                f"VALUES ({', '.join('?' for _ in fields)})", list(fields.values()))
            return int(cursor.lastrowid)

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

    def version_texts(self, story_id: int) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT text FROM versions WHERE story_id = ? ORDER BY number", [story_id])]

    def add_version(self, **fields: Any) -> int:
        _check_columns(fields, _VERSION_COLUMNS)
        with self.write() as conn:
            cursor = conn.execute(
                f"INSERT INTO versions ({', '.join(fields)}) "
                f"VALUES ({', '.join('?' for _ in fields)})", list(fields.values()))
            return int(cursor.lastrowid)

    def add_facts(self, story_id: int, version_id: int, facts: list[dict[str, Any]]) -> None:
        """Store a version's facts; each sentence is stored once per story (``sentences``)."""
        sentences = [_text(f.get("sentence")) for f in facts]
        with self.write() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO sentences (story_id, text) VALUES (?, ?)",
                [(story_id, s) for s in dict.fromkeys(sentences) if s is not None])
            conn.executemany(
                "INSERT INTO facts (version_id, story_id, kind, key, value, span, sentence_id) "
                "VALUES (?, ?, ?, ?, ?, ?, "
                "(SELECT id FROM sentences WHERE story_id = ? AND text = ?))",
                [(version_id, story_id, f.get("kind"), _text(f.get("key")), _text(f.get("value")),
                  _text(f.get("span")), story_id, sentence)
                 for f, sentence in zip(facts, sentences, strict=True)])

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
                ids.append(int(cursor.lastrowid))
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
        found: set[str] = set()
        keys = list(keys)
        for start in range(0, len(keys), 500):  # stay under SQLite's variable limit
            chunk = keys[start:start + 500]
            found.update(row[0] for row in self.db.execute(
                f"SELECT line_key FROM feed_lines WHERE feed = ? AND story_count >= ? "
                f"AND line_key IN ({', '.join('?' for _ in chunk)})",
                [feed, min_stories, *chunk]))
        return found

    def count_lines(self, feed: str, story_id: int, keys: Collection[str]) -> None:
        """One more story uses each of ``keys`` (call once per story and line)."""
        with self.write() as conn:
            conn.executemany(
                "INSERT INTO feed_lines (feed, line_key, story_count, last_story_id) "
                "VALUES (?, ?, 1, ?) ON CONFLICT (feed, line_key) DO UPDATE SET "
                "story_count = story_count + 1, last_story_id = excluded.last_story_id",
                [(feed, key, story_id) for key in keys])

    # ------------------------------------------------------------ full-text re-checks

    def due_rechecks(self, feed: str, now: str, limit: int = 50) -> list[dict[str, Any]]:
        """The feed's stories whose article page is due for a re-check, oldest due first."""
        return self.query(
            "SELECT * FROM stories WHERE feed = ? AND next_check_at IS NOT NULL "
            "AND next_check_at <= ? AND url IS NOT NULL ORDER BY next_check_at LIMIT ?",
            [feed, now, limit])

    # ------------------------------------------------------------ browsing

    def stories(self, *, feed: str | None = None, changed: bool = False,
                limit: int | None = 50) -> list[dict[str, Any]]:
        """Stories, most recently changed or seen first."""
        where, params = [], []
        if feed:
            where.append("s.feed = ?")
            params.append(feed)
        if changed:
            where.append("s.version_count > 1")
        sql = ("SELECT s.*, (SELECT count(*) FROM changes c WHERE c.story_id = s.id) AS changes "
               "FROM stories s" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY coalesce(s.last_changed_at, s.first_seen_at) DESC, s.id DESC")
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return self.query(sql, params)

    def changes(self, story_id: int) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM changes WHERE story_id = ? ORDER BY version_id, id",
                          [story_id])


_FEED_COLUMNS = frozenset({
    "url", "etag", "last_modified", "last_polled_at", "last_success_at", "last_status",
    "last_error", "consecutive_failures", "next_poll_at", "retry_after_until", "health_alerted",
})
_STORY_COLUMNS = frozenset({
    "feed", "guid", "url", "title", "published_at", "first_seen_at", "last_seen_at",
    "last_changed_at", "version_count", "simhash", "next_check_at", "page_etag",
    "page_last_modified", "page_fingerprint",
})
_VERSION_COLUMNS = frozenset({
    "story_id", "number", "title", "text", "content_hash", "simhash", "source", "published_at",
    "seen_at",
})


def _check_columns(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    """Column names are interpolated into SQL: only known names get there."""
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown column(s): {', '.join(sorted(unknown))}")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


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
