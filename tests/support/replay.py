"""Fixtures for the replay tests: a small story archive written by the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[3] / "shared"
REAL_FEEDS = SHARED / "corpus" / "real" / "feeds"

# Three stories whose versions interleave in time (the file is NOT in time order):
# "ceasefire" has a fact change (killed 12 -> 19), "bridge" a cosmetic-only edit (a typo
# and an update stamp), "vote" a single version captured before everything else.
ARCHIVE: list[dict[str, Any]] = [
    {"story_id": "t:ceasefire", "source": "Test Wire", "url": "https://news.example/ceasefire",
     "published": "Tue, 19 Nov 2024 08:00:00 GMT",
     "versions": [
         {"captured_at": "2024-11-19T09:00:00Z",
          "title": "Strike on market kills 12, officials say",
          "text": "A missile strike on a market in Kharkiv killed at least 12 people on "
                  "Tuesday, regional officials said."},
         {"captured_at": "2024-11-19T15:00:00Z",
          "title": "Strike on market kills 19, officials say",
          "text": "A missile strike on a market in Kharkiv killed at least 19 people on "
                  "Tuesday, regional officials said."},
     ]},
    {"story_id": "t:bridge", "source": "Other Desk", "url": "https://other.example/bridge",
     "versions": [
         {"captured_at": "2024-11-19T10:00:00Z",
          "title": "City reopens the old bridge after repairs",
          "text": "The old bridge reopened to trafic on Tuesday after three months of "
                  "repairs, the city council said."},
         {"captured_at": "2024-11-19T12:00:00Z",
          "title": "City reopens the old bridge after repairs",
          "text": "The old bridge reopened to traffic on Tuesday after three months of "
                  "repairs, the city council said."},
     ]},
    {"story_id": "t:vote", "source": "Test Wire", "url": "https://news.example/vote",
     "versions": [
         {"captured_at": "2024-11-19T07:00:00Z",
          "title": "Parliament to vote on budget next week",
          "text": "Lawmakers will vote on the budget next week, the speaker said."},
     ]},
]


def write_archive(path: Path, records: list[dict[str, Any]] | None = None,
                  extra_lines: list[str] = ()) -> Path:  # type: ignore[assignment]
    lines = [json.dumps(r) for r in (ARCHIVE if records is None else records)]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


WATCH_CONFIG = """\
feeds: []
watches:
  - name: casualties
    keywords: [strike, killed, kills]
    kinds: [number]
    notify: [log]
  - name: bridges
    keywords: [bridge]
    notify: [log]
channels:
  log: {type: console}
"""
