"""The one storage interface: what the pipeline, delivery, CLI, demo, replay and web view
ask of a store, and the typed rows that cross it.

Two stores implement ``Storage``: ``monitor.store.SqliteStore`` (the embedded default,
one file) and ``monitor.postgres.PostgresStore`` (many processes on many machines, the
``server`` extra).  ``open_store`` picks one from where the store is: a path is SQLite,
a ``postgresql://`` URL is PostgreSQL.  No SQL lives outside those two modules, and
``tests/test_store_conformance.py`` runs the same tests against both.

The methods are intents ("claim the next due deliveries", "mute this story"), in the
manner of reader's storage protocol, so a store may answer each with its own SQL and its
own locking.  The pipeline's methods still take and return dicts (the rows of SQLite's
tables, ``Row``): that part of the interface moves to typed intents with the pipeline's
decide/apply split (issue 12).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from monitor.errors import StoreError

if TYPE_CHECKING:
    from monitor.fetch import HostGate
    from monitor.ingest import Intent
    from monitor.models import Change

Row = dict[str, Any]
"""A stored row as a dict of its columns (pipeline and web view; typed rows below)."""

Location = str | os.PathLike[str]
"""Where a store is: a path (SQLite) or a ``postgresql://`` URL."""

SERVER_SCHEMES = ("postgresql://", "postgres://")

# Tables in the order a copy must write them (each references only those before it).
# ``migrate-store`` copies these; the daemon heartbeat and schema bookkeeping stay behind.
COPIED_TABLES = ("feeds", "stories", "story_keys", "versions", "sentences", "facts",
                 "changes", "deliveries", "feed_lines", "extract_layouts")
# How each table's rows are ordered (and paged) for a copy: its primary key.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "feeds": ("name",), "stories": ("id",), "story_keys": ("feed", "key"),
    "versions": ("id",), "sentences": ("id",), "facts": ("id",), "changes": ("id",),
    "deliveries": ("id",), "feed_lines": ("feed", "line_key"),
    "extract_layouts": ("host", "layout"),
}


# ---------------------------------------------------------------- typed rows


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """An alert to put in the outbox (``Storage.add_delivery``)."""

    idempotency_key: str  # stable per (change set, channel): a second insert is a no-op
    type: str  # fact.changed | feed.failing | feed.recovered | test
    channel: str
    payload: str  # JSON: everything needed to render the message
    next_attempt_at: str  # ISO 8601 UTC; for digests, when the period closes
    created_at: str
    watch: str | None = None
    story_id: int | None = None
    version_id: int | None = None
    feed: str | None = None
    digest_key: str | None = None  # digest channels: rows sharing it go out as one message


@dataclass(slots=True)
class Delivery:
    """A row of the outbox."""

    id: int
    idempotency_key: str
    type: str
    channel: str
    watch: str | None
    story_id: int | None
    version_id: int | None
    feed: str | None
    payload: str
    status: str  # pending | sent | dead
    attempts: int
    next_attempt_at: str
    last_error: str | None
    response: str | None
    created_at: str
    sent_at: str | None
    digest_key: str | None
    claimed_by: str | None  # host:pid:nonce of the worker sending it

    @classmethod
    def from_row(cls, row: Row) -> Delivery:
        return cls(**{f.name: row[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class FactAlert:
    """An alert about fact changes, as the demo's report and replay's summary read it."""

    version_id: int | None
    status: str
    payload: str  # JSON, as queued


@dataclass(frozen=True, slots=True)
class StoreSummary:
    """What `monitor check` says about a store."""

    location: str  # shown to the user (a URL without its password)
    schema: int
    stories: int


# ---------------------------------------------------------------- the interface


@runtime_checkable
class Storage(Protocol):
    """What a store does.  Every write happens in a transaction: ``write()`` opens one
    (nested calls join the outer one) and each method that writes uses it, so a caller
    groups several writes into one with ``with store.write(): ...``."""

    location: str

    # ------------------------------------------------------------ lifecycle

    def close(self) -> None: ...
    def __enter__(self) -> Storage: ...
    def __exit__(self, *exc: object) -> None: ...
    def write(self) -> AbstractContextManager[Any]:
        """One write transaction; two writers that read then write the same feed's rows
        never interleave (SQLite: BEGIN IMMEDIATE; PostgreSQL: the feed's row lock)."""
        ...
    def snapshot(self) -> AbstractContextManager[Any]:
        """Reads on this thread see one moment of the store until it ends (writers go on)."""
        ...
    def schema_version(self) -> int: ...
    def outdated(self) -> bool:
        """Whether the schema is older than this monitor's (a read-only handle cannot
        migrate: open it once writable)."""
        ...
    def summary(self) -> StoreSummary: ...
    def ping(self) -> None:
        """Raise StoreError unless the store answers a read of its tables."""
        ...
    def tune_for_reading(self) -> None:
        """A long-lived reader (one per web server thread) warms its caches."""
        ...

    # ------------------------------------------------------------ pipeline (dict rows)

    def lock_feed(self, name: str) -> None:
        """Inside ``write()``: the feed's writers take turns until this transaction ends
        (ensure_feed does it too)."""
        ...
    def feed(self, name: str) -> Row | None: ...
    def feeds(self) -> list[Row]: ...
    def feed_names(self) -> list[str]: ...
    def ensure_feed(self, name: str, url: str = "") -> None: ...
    def update_feed(self, name: str, **fields: Any) -> None: ...
    def story(self, story_id: int) -> Row | None: ...
    def story_by_keys(self, feed: str, keys: list[str]) -> tuple[Row, str] | None: ...
    def story_id_by_keys(self, feed: str, keys: list[str]) -> int | None:
        """The id of the story ``story_by_keys`` gives (its row not read)."""
        ...
    def recent_fingerprints(self, feed: str, since: str,
                            limit: int = 2000) -> list[tuple[int, str]]: ...
    def add_story_keys(self, feed: str, story_id: int, keys: list[str]) -> None: ...
    def move_story_keys(self, feed: str, story_id: int, keys: list[str]) -> None: ...
    def replacement_family(self, story_id: int, limit: int = 10) -> list[int]: ...
    def replaced_by(self, story_id: int) -> int | None: ...
    def create_story(self, **fields: Any) -> int: ...
    def update_story(self, story_id: int, **fields: Any) -> None: ...
    def latest_versions(self, story_id: int, count: int = 3) -> list[Row]: ...
    def latest_version_id(self, story_id: int) -> int | None:
        """The id of the story's latest version (its row not read), None without one."""
        ...
    def add_version(self, **fields: Any) -> int: ...
    def deferred_fact_versions(self, story_id: int) -> list[Row]:
        """The story's versions whose facts are not stored (id, number, title, text,
        content_hash, source, published_at, seen_at), oldest first."""
        ...
    def add_changes(self, story_id: int, from_version_id: int | None, version_id: int,
                    changes: list[Row], detected_at: str) -> list[int]: ...
    def extract_layouts(self) -> list[tuple[str, str, int, int]]: ...
    def save_extract_layouts(self, rows: Collection[tuple[str, str, int, int]]) -> None: ...
    def recurring_lines(self, feed: str, keys: Collection[str],
                        min_stories: int) -> set[str]: ...
    def count_lines(self, feed: str, story_id: int, keys: Collection[str]) -> None:
        """One more story of ``feed`` uses each of ``keys`` (line keys new to the story,
        counted in feed_lines), and they are the story's lines from now on
        (``story_lines``)."""
        ...
    def story_lines(self, story_id: int, keys: Collection[str]) -> set[str]:
        """Those of ``keys`` that a stored version of the story has (``ingest.line_keys``)."""
        ...
    def due_rechecks(self, feed: str, now: str, limit: int = 50) -> list[Row]: ...
    # --- workers (issue 13) ---
    def due_feeds(self, names: Collection[str], now: str) -> list[str]:
        """Of ``names``, the feeds whose poll has come at ``now``: never polled, or
        ``next_poll_at`` reached, and no Retry-After still running; in name order."""
        ...
    def feeds_with_due_rechecks(self, now: str) -> list[str]:
        """Feeds having a story whose article page is due for a re-check at ``now``."""
        ...
    # --- end of workers (issue 13) ---
    def apply_ingest(self, intent: Intent, *, feed_url: str = "",
                     on_changes: Callable[[int, int, Sequence[Change]], None] | None = None,
                     ) -> tuple[int, int | None] | None:
        """Write one decided entry in one transaction (ingest.apply_intent): (story id,
        new version id or None), or None, having written nothing, when the store no
        longer holds what the decision read."""
        ...

    # ------------------------------------------------------------ browsing

    def resolve_story(self, ref: str | int) -> Row: ...
    def versions(self, story_id: int) -> list[Row]: ...
    def version_by_number(self, story_id: int, number: int) -> Row | None: ...
    def story_facts(self, story_id: int) -> list[Row]:
        """The story's *stored* facts (version, kind, key, value, span), oldest first;
        a store written before December 2026 holds them (``ingest.read_story_facts`` reads
        every other version's from its text)."""
        ...
    def stories(self, *, feed: str | None = None, changed: bool = False,
                limit: int | None = 50) -> list[Row]: ...
    def count_stories(self, *, feed: str | None = None, changed: bool = False) -> int: ...
    def changes(self, story_id: int) -> list[Row]: ...

    # ------------------------------------------------------------ web view

    def web_changes(self, *, feed: str | None = None, story_id: int | None = None,
                    kinds: Sequence[str] = (), severities: Sequence[str] = (),
                    watch: str | None = None, since: str | None = None,
                    before: str | None = None, search: str | None = None,
                    after: tuple[str, int] | None = None,
                    limit: int | None = 50, count: bool = False) -> Any: ...
    def web_stories(self, *, feed: str | None = None, changed: bool = False,
                    search: str | None = None, after: tuple[str, int] | None = None,
                    limit: int = 50) -> list[Row]: ...
    def web_deliveries(self, *, status: str | None = None,
                       after: tuple[str, int] | None = None,
                       limit: int | None = 50) -> list[Row]: ...
    def delivery(self, delivery_id: int) -> Row | None: ...
    def delivery_counts(self) -> dict[str, int]: ...
    def watch_names(self) -> list[str]: ...
    def metrics_snapshot(self) -> dict[str, Any]: ...

    # ------------------------------------------------------------ mute, prune, heartbeat

    def mute_story(self, story_id: int, until: str) -> None: ...
    def unmute_story(self, story_id: int) -> None: ...
    def muted_story_ids(self, story_ids: Collection[int], now: str) -> set[int]: ...
    def prune(self, cutoff: str, *, live_feeds: Collection[str] | None = None,
              dry_run: bool = False) -> dict[str, int]: ...
    def reclaim_space(self) -> int: ...
    def beat(self, *, host: str, pid: int, started_at: str, now: str) -> None: ...
    def daemon_stopped(self, *, host: str, pid: int, now: str) -> None: ...
    def daemon_state(self) -> Row | None: ...

    # ------------------------------------------------------------ the outbox

    def version_title_text(self, version_id: int) -> tuple[str, str] | None: ...
    def earlier_twin(self, version_id: int) -> int | None:
        """The number of an earlier version of the same story with the same content as
        this one (an edit undone, or a stale copy served again), if any."""
        ...
    def add_delivery(self, delivery: NewDelivery) -> int | None:
        """Queue an alert; its id, or None when its idempotency key is queued already."""
        ...
    def next_delivery_due(self) -> str | None:
        """When the earliest pending delivery is due (ISO 8601 UTC)."""
        ...
    def delivery_claimants(self) -> list[str]:
        """Who holds claims on pending deliveries."""
        ...
    def release_claims(self, claimant: str, now: str) -> int:
        """Make the pending deliveries ``claimant`` holds due at ``now``."""
        ...
    def claim_deliveries(self, now: str, claimant: str, lease_until: Callable[[str], str], *,
                         only: Sequence[int] | None = None,
                         skip: Sequence[int] = ()) -> list[Delivery]:
        """Claim the next due delivery (the oldest at the head of its channel's queue),
        with the rest of its digest: attempts + 1, due again at ``lease_until(channel)``,
        held by ``claimant``.  Two workers, in any processes, never claim one row."""
        ...
    def reserve_send(self, channel: str, interval: float) -> float | None:
        """Seconds to wait before the next send to ``channel`` may start, sends being
        ``interval`` seconds apart (the channel's ``rate``), from a slot every process on
        the store shares; None where the store keeps no such slot (SQLite: one process
        sends, and paces itself)."""
        ...
    def mark_sent(self, ids: Sequence[int], *, sent_at: str, response: str) -> None: ...
    def mark_failed(self, ids: Sequence[int], *, status: str, next_attempt_at: str,
                    error: str, progress: str | None) -> None: ...
    def mark_muted(self, ids: Sequence[int], *, now: str) -> None:
        """Pending alerts of a muted story: dead, "not sent: the story is muted"."""
        ...
    def abandon_delivery(self, delivery_id: int) -> None:
        """A still-pending delivery is dead (a test message is tried once)."""
        ...
    def retry_deliveries(self, ids: Sequence[int] = (), *, dead: bool = False,
                         now: str) -> int: ...
    def deliveries(self, ids: Sequence[int]) -> list[Delivery]:
        """Those of ``ids`` that exist, by id."""
        ...
    def dead_delivery_ids(self) -> list[int]: ...
    def fact_alerts(self, version_id: int | None = None) -> list[FactAlert]: ...

    # ------------------------------------------------------------ copying (migrate-store)

    def row_counts(self) -> dict[str, int]:
        """Rows per copied table."""
        ...
    def export_rows(self, table: str, after: tuple[Any, ...] | None,
                    limit: int) -> list[Row]:
        """A batch of ``table``'s rows in key order, after the row whose key is ``after``."""
        ...
    def import_rows(self, table: str, rows: Sequence[Row]) -> None:
        """Insert copied rows as they are (ids kept)."""
        ...
    def finish_import(self) -> None:
        """After ``import_rows``: new rows get ids after the copied ones, and the copied
        stories' lines (``story_lines``) are made from their versions."""
        ...


def claimed(row: Delivery, claimant: str, due: str) -> Delivery:
    """``row`` as a claim left it (both stores answer a claim with its rows so)."""
    row.attempts += 1
    row.claimed_by, row.next_attempt_at = claimant, due
    return row


# ---------------------------------------------------------------- opening


def is_server_url(location: Location) -> bool:
    """Whether ``location`` names a PostgreSQL server rather than a SQLite file."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


@contextlib.contextmanager
def host_gate(location: Location, size: int) -> Iterator[HostGate | None]:
    """The per-host request locks every process on a server store shares, for the
    fetcher (``Fetcher(host_gate=...)``): ``size`` requests of this process at once.  None
    for SQLite: one process, whose fetcher's own per-host slots are the whole story."""
    if not is_server_url(location):
        yield None
        return
    from monitor.postgres import HostLocks

    locks = HostLocks(str(location), size=size)
    try:
        yield locks.hold
    finally:
        locks.close()


def open_store(location: Location, *, readonly: bool = False) -> Storage:
    """The store at ``location``: a ``postgresql://`` URL opens PostgreSQL (the
    ``server`` extra), anything else is the path of a SQLite file, opened as before."""
    if is_server_url(location):
        try:
            from monitor.postgres import PostgresStore
        except ImportError as exc:
            if exc.name not in ("psycopg", "psycopg_pool"):
                raise
            raise StoreError("a postgresql:// store needs the server extra: "
                             "pip install 'monitor[server]'") from None
        return PostgresStore.open(str(location), readonly=readonly)
    from monitor.store import SqliteStore

    return SqliteStore.open(Path(location), readonly=readonly)


def refuse_unless_empty(target: Storage) -> None:
    """StoreError unless ``target`` holds no row (what ``copy_store`` writes into)."""
    held = {table: n for table, n in target.row_counts().items() if n}
    if held:
        what = ", ".join(f"{n:,} {table}" for table, n in held.items())
        raise StoreError(f"{target.location} is not empty ({what}); migrate-store copies "
                         "into an empty store only")


def copy_store(source: Storage, target: Storage, *, batch: int = 1000,
               on_table: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every row of ``source`` into the empty ``target`` (either kind into either),
    ids kept; returns the rows copied per table.

    The source is read in one snapshot (a daemon may go on writing it) and the target is
    written in one transaction: a copy that fails leaves the target as empty as it was,
    so it can simply be run again.  Rows move ``batch`` at a time, so memory stays flat
    whatever the store's size.  A target that holds anything is refused."""
    refuse_unless_empty(target)
    copied: dict[str, int] = {}
    with source.snapshot(), target.write():
        for table in COPIED_TABLES:
            keys = check_table(table)
            after: tuple[Any, ...] | None = None
            copied[table] = 0
            while True:
                rows = source.export_rows(table, after, batch)
                target.import_rows(table, rows)
                copied[table] += len(rows)
                if len(rows) < batch:
                    break
                after = tuple(rows[-1][key] for key in keys)
            if on_table is not None:
                on_table(table, copied[table])
        target.finish_import()
        landed = target.row_counts()
    if landed != copied:
        raise StoreError(f"{target.location}: the copy does not add up ({landed} rows "
                         f"for {copied}); nothing was kept")
    return copied


def check_table(table: str) -> tuple[str, ...]:
    """The key columns of a copied table; refuses any other name (names reach SQL)."""
    if table not in TABLE_KEYS:
        raise ValueError(f"not a copied table: {table}")
    return TABLE_KEYS[table]
