"""Replay archived story versions through the pipeline, in time order.

Two kinds of archive are read:

* story JSONL (the corpus format): one story per line, ``{"story_id", "source",
  "url", "versions": [{"captured_at", "title", "text"}, ...]}``; the feed is the
  slugified ``source``, the entry's guid the ``story_id`` and its link the ``url``;
* snapshot folders: ``<feed>/<YYYYMMDDTHHMMSSZ>[anything].xml``, each file one
  capture of a feed; every entry of a snapshot is ingested with the snapshot's
  time as the clock (the pipeline's fingerprint skips the unchanged ones).

The readers are pure-ish generators of ``ReplayEvent`` (feed, entry, captured_at)
merged into one global time order; ``Replayer`` is the thin shell that drives
``Pipeline.ingest`` with each event's time as the clock and tallies a
``ReplaySummary``.  A line or snapshot that cannot be read is reported as a
``Skipped`` item and never stops the replay.
"""

from __future__ import annotations

import heapq
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.errors import InputError, StoreError
from monitor.models import SEVERITY_RANK, Entry
from monitor.text import repair_unicode

if TYPE_CHECKING:
    from monitor.config import Config
    from monitor.pipeline import IngestResult, Pipeline
    from monitor.storage import Storage

# --------------------------------------------------------------------------- plain data


@dataclass(frozen=True, slots=True)
class ReplayEvent:
    """One entry to ingest, as the feed showed it at ``captured_at``."""

    captured_at: datetime
    feed: str
    entry: Entry
    origin: str  # where it came from: "file.jsonl:12" or "feed/20240501T120000Z.xml"
    step: int = 1  # progress units this event completes (0: part of a snapshot)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read (reported, then skipped)."""

    captured_at: datetime
    origin: str
    reason: str
    step: int = 1


Item = ReplayEvent | Skipped


@dataclass(slots=True)
class ReplaySummary:
    """What a replay did: counted from the pipeline's results."""

    entries: int = 0  # entries ingested (unchanged ones included)
    empty: int = 0  # entries with neither title nor text (nothing to store)
    stories: set[int] = field(default_factory=set)  # store story ids
    versions: int = 0  # versions stored
    pairs: int = 0  # versions stored after a story's first: diffed pairs
    cosmetic_pairs: int = 0  # pairs with no fact change
    changes: Counter[str] = field(default_factory=Counter)  # fact changes by kind
    actions: Counter[str] = field(default_factory=Counter)  # by action
    # pairs by the highest severity among their changes: what a watch of each min_severity
    # would alert on (its kinds and keywords aside)
    top_severity: Counter[str] = field(default_factory=Counter)
    by_feed: dict[str, Counter[str]] = field(default_factory=dict)  # pairs, cosmetic, changes
    skipped: list[Skipped] = field(default_factory=list)
    alerts: dict[str, int] = field(default_factory=dict)  # watch -> deliveries recorded
    elapsed: float = 0.0  # wall-clock seconds
    cpu: float = 0.0  # CPU seconds of this process (a fairer speed on a busy machine)

    def add(self, result: IngestResult | None, feed: str = "") -> None:
        """Count one IngestResult (story_id, version_id, is_new_story, changes) of
        ``feed``; None is an entry with neither title nor text."""
        self.entries += 1
        if result is None:
            self.empty += 1
            return
        if result.version_id is None:
            return
        self.stories.add(result.story_id)
        self.versions += 1
        if result.is_new_story:
            return
        self.pairs += 1
        per_feed = self.by_feed.setdefault(feed, Counter())
        per_feed["pairs"] += 1
        per_feed["changes"] += len(result.changes)
        if not result.changes:
            self.cosmetic_pairs += 1
            per_feed["cosmetic_pairs"] += 1
        for change in result.changes:
            self.changes[change.kind] += 1
            self.actions[change.action] += 1
        if result.changes:
            self.top_severity[max((c.severity for c in result.changes),
                                  key=SEVERITY_RANK.__getitem__)] += 1

    def pairs_at(self, min_severity: str) -> int:
        """Pairs with a change at ``min_severity`` or above."""
        floor = SEVERITY_RANK[min_severity]
        return sum(n for severity, n in self.top_severity.items()
                   if SEVERITY_RANK[severity] >= floor)

    @property
    def versions_per_second(self) -> float:
        return self.versions / self.elapsed if self.elapsed > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "empty": self.empty,
            "stories": len(self.stories),
            "versions": self.versions,
            "pairs": self.pairs,
            "cosmetic_pairs": self.cosmetic_pairs,
            "changes": sum(self.changes.values()),
            "changes_by_kind": dict(sorted(self.changes.items())),
            "changes_by_action": dict(sorted(self.actions.items())),
            "pairs_by_min_severity": {level: self.pairs_at(level) for level in SEVERITY_RANK},
            "alerts": dict(sorted(self.alerts.items())),
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "elapsed_seconds": round(self.elapsed, 3),
            "cpu_seconds": round(self.cpu, 3),
            "versions_per_second": round(self.versions_per_second, 1),
            "by_feed": {feed: {"pairs": c["pairs"], "cosmetic_pairs": c["cosmetic_pairs"],
                               "changes": c["changes"]}
                        for feed, c in sorted(self.by_feed.items())},
        }


# --------------------------------------------------------------------------- small parsers

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_SNAPSHOT_TIME = re.compile(r"^(\d{8}T\d{6}Z)")


def slugify(name: str) -> str:
    """'BBC News' -> 'bbc-news': a feed name from an outlet name."""
    slug = _SLUG_DROP.sub("-", name.lower()).strip("-")
    return slug or "archive"


def parse_captured_at(value: Any) -> datetime:
    """ISO 8601 (``2020-05-13T22:37:04Z``) -> aware UTC datetime. Raises ValueError."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("captured_at is missing")
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_snapshot_time(name: str) -> datetime | None:
    """'20240501T120000Z.xml' (or '..._EMPTY.xml') -> datetime; None when not a snapshot."""
    match = _SNAPSHOT_TIME.match(name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def _published(value: Any) -> datetime | None:
    """The record's own pubDate (RFC 822 or ISO), which anchors relative dates."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# --------------------------------------------------------------------------- story JSONL


def record_events(record: Any, origin: str) -> list[Item]:
    """One story record -> its versions as events (or one Skipped saying why not)."""
    if not isinstance(record, dict):
        return [Skipped(datetime.min.replace(tzinfo=UTC), origin, "not a JSON object")]
    story_id = record.get("story_id") or record.get("url")
    versions = record.get("versions")
    if not story_id or not isinstance(versions, list):
        return [Skipped(datetime.min.replace(tzinfo=UTC), origin,
                        "a story needs story_id and a list of versions")]
    feed = slugify(str(record.get("source") or "archive"))
    url = record.get("url") if isinstance(record.get("url"), str) else None
    published = _published(record.get("published"))
    items: list[Item] = []
    for number, version in enumerate(versions, start=1):
        where = f"{origin} version {number}"
        if not isinstance(version, dict):
            items.append(Skipped(datetime.min.replace(tzinfo=UTC), where, "not a JSON object"))
            continue
        try:
            moment = parse_captured_at(version.get("captured_at"))
        except ValueError as exc:
            items.append(Skipped(datetime.min.replace(tzinfo=UTC), where, f"captured_at: {exc}"))
            continue
        entry = Entry(guid=repair_unicode(str(story_id)), link=url,
                      title=repair_unicode(str(version.get("title") or "")),
                      text=repair_unicode(str(version.get("text") or "")), published=published)
        items.append(ReplayEvent(moment, feed, entry, where))
    return items


def read_story_file(path: Path) -> list[Item]:
    """Every version of every story in a JSONL archive, in the file's order."""
    items: list[Item] = []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            origin = f"{path.name}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                items.append(Skipped(datetime.min.replace(tzinfo=UTC), origin,
                                     f"invalid JSON: {exc.msg}"))
                continue
            items.extend(record_events(record, origin))
    return items


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True, slots=True)
class Snapshot:
    feed: str
    path: Path
    captured_at: datetime


def find_snapshots(directory: Path) -> list[Snapshot]:
    """``DIR/<feed>/<timestamp>.xml`` files, or ``DIR/<timestamp>.xml`` (DIR is the feed)."""
    snapshots: list[Snapshot] = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".xml", ".rss", ".atom", ".json"):
            continue
        moment = parse_snapshot_time(path.name)
        if moment is None:
            continue
        feed = path.parent.name if path.parent != directory else directory.name
        snapshots.append(Snapshot(slugify(feed), path, moment))
    return sorted(snapshots, key=lambda s: (s.captured_at, s.feed, s.path.name))


def _snapshot_origin(snapshot: Snapshot) -> str:
    return f"{snapshot.path.parent.name}/{snapshot.path.name}"


def snapshot_items(snapshot: Snapshot, body: bytes) -> list[Item]:
    """Entries of one snapshot as events; an empty or unreadable snapshot is Skipped."""
    from monitor.errors import FeedParseError
    from monitor.feeds import parse_feed

    origin = _snapshot_origin(snapshot)
    if not body.strip():
        return [Skipped(snapshot.captured_at, origin, "empty file")]
    try:
        parsed = parse_feed(body, url=snapshot.path.as_uri())
    except FeedParseError as exc:
        return [Skipped(snapshot.captured_at, origin, str(exc))]
    events: list[Item] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        key = entry.guid or entry.link or entry.title
        if not key or key in seen:  # an accumulating feed repeats items: first one wins
            continue
        seen.add(key)
        events.append(ReplayEvent(snapshot.captured_at, snapshot.feed, entry, origin,
                                  step=0 if events else 1))
    if not events:
        reason = parsed.error or "no entries"
        return [Skipped(snapshot.captured_at, origin, reason)]
    return events


def read_snapshots(snapshots: list[Snapshot]) -> Iterator[Item]:
    """Snapshots in time order, each read and parsed only when its turn comes."""
    for snapshot in snapshots:
        try:
            body = snapshot.path.read_bytes()
        except OSError as exc:
            yield Skipped(snapshot.captured_at, _snapshot_origin(snapshot),
                          f"cannot read: {exc.strerror}")
            continue
        yield from snapshot_items(snapshot, body)


# --------------------------------------------------------------------------- sources


@dataclass(slots=True)
class Source:
    """Everything named on the command line, ready to be merged in time order."""

    streams: list[Iterable[Item]]
    total_steps: int  # for the progress bar
    feeds: set[str]  # every feed name the events will use


def open_sources(paths: Iterable[Path]) -> Source:
    """JSONL files and snapshot folders -> time-ordered item streams.

    Raises InputError for a path that is neither (a typo should not replay nothing)."""
    streams: list[Iterable[Item]] = []
    total = 0
    feeds: set[str] = set()
    for path in paths:
        if path.is_dir():
            snapshots = find_snapshots(path)
            if not snapshots:
                raise InputError(f"{path}: no feed snapshots (<feed>/<YYYYMMDDTHHMMSSZ>.xml)")
            streams.append(read_snapshots(snapshots))
            total += len(snapshots)
            feeds |= {s.feed for s in snapshots}
        elif path.is_file():
            items = read_story_file(path)
            if not any(isinstance(i, ReplayEvent) for i in items):
                # Not a story archive (e.g. pair_hints.jsonl caught by a glob): one
                # report for the file rather than one per line.
                first = items[0] if items else None
                why = (f" ({first.origin}: {first.reason})" if isinstance(first, Skipped)
                       else " (empty)")
                items = [Skipped(datetime.min.replace(tzinfo=UTC), path.name,
                                 f"no story versions in this file{why}")]
            # Stable: versions captured at the same moment keep the file's order.
            streams.append(sorted(items, key=lambda i: i.captured_at))
            total += sum(i.step for i in items)
            feeds |= {i.feed for i in items if isinstance(i, ReplayEvent)}
        else:
            raise InputError(f"{path}: no such file or folder")
    return Source(streams, total, feeds)


def merge(streams: list[Iterable[Item]]) -> Iterator[Item]:
    """One global time order across streams (each already in time order); ties keep
    the order of the command line (heapq.merge is stable)."""
    return heapq.merge(*streams, key=lambda item: item.captured_at)


# --------------------------------------------------------------------------- the shell


def replay_feeds(config: Config, names: Iterable[str],
                 tags: tuple[str, ...] = ()) -> Config:
    """``config`` with a FeedConfig for every replayed feed it does not list yet.

    Replayed feeds are never polled; they exist so the store and the watches know
    them (a config feed of the same name keeps its own tags; ``tags`` are added)."""
    from dataclasses import replace

    from monitor.config import FeedConfig

    feeds = list(config.feeds)
    known = {f.name: i for i, f in enumerate(feeds)}
    for name in sorted(names):
        if name in known:
            feed = feeds[known[name]]
            feeds[known[name]] = replace(feed, tags=tuple(dict.fromkeys((*feed.tags, *tags))))
            continue
        feeds.append(FeedConfig(name=name, url=f"https://replay.invalid/{name}",
                                interval=config.defaults.interval, full_text=False,
                                timeout=config.defaults.timeout, tags=tags))
    return replace(config, feeds=tuple(feeds))


class Clock:
    """The pipeline's clock during a replay: the capture time of the current event."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def change_rows(event: ReplayEvent, result: IngestResult, config: Config, *,
                repeats_version: int | None = None) -> list[dict[str, Any]]:
    """The ``--json`` lines of one ingest: one per fact change, with the watches it
    fires (computed as the pipeline routes them) and the earlier version it repeats word
    for word, if any (the store's ``earlier_twin``)."""
    from monitor.watches import StoryContext, watch_changes

    if not result.changes:
        return []
    feed = config.feed(event.feed)
    story = StoryContext(feed=event.feed, title=event.entry.title, text=event.entry.text,
                         tags=feed.tags if feed else ())
    fired = {w.name: watch_changes(w, story, result.changes) for w in config.watches}
    rows = []
    for change in result.changes:
        rows.append({
            "type": "change",
            "story": event.entry.guid,
            "story_id": result.story_id,
            "version_id": result.version_id,
            "feed": event.feed,
            "captured_at": event.captured_at.isoformat().replace("+00:00", "Z"),
            **change.to_dict(),
            "watches": [name for name, changes in fired.items() if change in changes],
            "repeats_version": repeats_version,
        })
    return rows


def alerts_by_watch(store: Storage) -> dict[str, int]:
    """Story versions that raised an alert, per watch, from the outbox rows."""
    versions: dict[str, set[Any]] = {}
    for alert in store.fact_alerts():
        try:
            payload = json.loads(alert.payload)
        except (TypeError, ValueError):
            continue
        for watch in payload.get("watches") or [payload.get("watch") or "(all changes)"]:
            versions.setdefault(watch, set()).add(alert.version_id)
    return {watch: len(ids) for watch, ids in versions.items()}


def run_replay(pipeline: Pipeline, clock: Clock, items: Iterable[Item], *,
               on_item: Callable[[Item], None] | None = None,
               on_change: Callable[[ReplayEvent, IngestResult], None] | None = None,
               trust_ids: bool = False) -> ReplaySummary:
    """Ingest every event in order with its capture time as the clock.

    ``on_item(item)`` is called after each item (progress), ``on_change(event,
    result)`` after an ingest that found fact changes.  With ``trust_ids`` an entry
    is never joined to another archive story by near-duplicate text: the stories
    replayed so far in its feed are passed to the pipeline as ``claimed`` (its own
    story is found by guid before any similarity is tried)."""
    import time

    claimed: dict[str, set[int]] = {}
    summary = ReplaySummary()
    started, cpu_started = time.perf_counter(), time.process_time()
    for item in items:
        if isinstance(item, Skipped):
            summary.skipped.append(item)
        else:
            clock.now = item.captured_at
            try:
                result = pipeline.ingest(
                    item.feed, item.entry, now=item.captured_at, source="feed",
                    claimed=claimed.setdefault(item.feed, set()) if trust_ids else None)
            except (sqlite3.Error, StoreError):
                raise  # the store itself is in trouble: nothing after this would work
            except Exception as exc:  # one odd version must not end a long replay
                summary.skipped.append(Skipped(item.captured_at, item.origin,
                                               f"{type(exc).__name__}: {exc}"))
            else:
                summary.add(result, item.feed)
                if trust_ids and result is not None:
                    claimed[item.feed].add(result.story_id)
                if on_change and result is not None and result.changes:
                    on_change(item, result)
        if on_item:
            on_item(item)
    summary.elapsed = time.perf_counter() - started
    summary.cpu = time.process_time() - cpu_started
    return summary
