"""Helpers for alert tests: configs, a real SQLite store with stories, and a settable clock."""

from __future__ import annotations

import itertools
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.config import Config, parse_config
from monitor.models import Change
from monitor.store import Store, iso

T0 = datetime(2026, 11, 20, 12, 0, 5, tzinfo=UTC)

FEEDS = """\
feeds:
  - {name: world, url: "https://news.example.org/world.xml", tags: [world, ukraine]}
  - {name: sport, url: "https://news.example.org/sport.xml", tags: [sport]}
"""

MINE_TITLE = "US authorises antipersonnel mines for Ukraine"
MINE_TEXT = ("The United States will provide non-persistent antipersonnel mines to Ukraine.\n\n"
             "The mines are to be used exclusively within Ukrainian territory, away from "
             "populated areas, a U.S. official said.")


def condition_change(**overrides: Any) -> Change:
    values = {
        "kind": "condition", "action": "changed",
        "old": "exclusively within Ukrainian territory",
        "new": "within Ukrainian and Russian territory",
        "old_sentence": "The mines are to be used exclusively within Ukrainian territory.",
        "new_sentence": "The mines are to be used within Ukrainian and Russian territory.",
        "severity": "high",
    }
    values.update(overrides)
    return Change(**values)


def make_config(tmp_path: Path, body: str = "", *, feeds: str = FEEDS) -> Config:
    """A validated Config from YAML text (feeds + ``body``); written to tmp_path too."""
    text = feeds + textwrap.dedent(body)
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return parse_config(text, str(path))


class Clock:
    """A clock tests move by hand (the worker's retries are scheduled on it)."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


_ids = itertools.count(1)


def add_story(store: Store, *, feed: str = "world", title: str = MINE_TITLE,
              text: str = MINE_TEXT, url: str | None = "https://news.example.org/a/1",
              now: datetime = T0) -> tuple[dict[str, Any], int]:
    """A story with two versions; returns (story row, id of the second version)."""
    stamp = iso(now)
    with store.write() as conn:
        conn.execute("INSERT OR IGNORE INTO feeds (name, url) VALUES (?, ?)",
                     [feed, f"https://news.example.org/{feed}.xml"])
        cursor = conn.execute(
            "INSERT INTO stories (feed, guid, url, title, first_seen_at, last_seen_at, "
            "version_count) VALUES (?, ?, ?, ?, ?, ?, 2)",
            [feed, f"guid-{next(_ids)}", url, title, stamp, stamp])
        story_id = int(cursor.lastrowid or 0)
        for number in (1, 2):
            cursor = conn.execute(
                "INSERT INTO versions (story_id, number, title, text, content_hash, simhash, "
                "seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [story_id, number, title, text, f"hash-{story_id}-{number}", "0", stamp])
        version_id = int(cursor.lastrowid or 0)
    row = store.query("SELECT * FROM stories WHERE id = ?", [story_id])[0]
    return row, version_id


def enqueue(store: Store, config: Config, changes: list[Change], *, now: datetime = T0,
            **story: Any) -> int:
    """Store a story version and enqueue its alerts in one transaction, like the pipeline."""
    from monitor.notify.outbox import enqueue_fact_alerts

    row, version_id = add_story(store, now=now, **story)
    with store.write():
        return enqueue_fact_alerts(store, config, story=row, version_id=version_id,
                                   changes=changes, now=now)


def deliveries(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM deliveries ORDER BY id")
