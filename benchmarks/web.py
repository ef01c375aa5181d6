"""Server time of every page and API call of `monitor serve` on a large store.

Builds a store of 10,000 stories and 100,000 versions (``--quick``: 1,000 and 10,000) from
the feed farm: 100 feeds x 100 stories of ~800 words, each story edited at each of 9 ticks
(70 % a fact, 30 % cosmetically), so every story has 10 versions.  Rows are written
straight into the schema (the pipeline would take an hour for 100,000 versions): versions
with the farm's texts, one fact change per fact edit (the farm's ground truth: kind, old
and new value, sentence), no facts rows (monitor stores none since December 2026: the pages
read each version's facts from its text, as ``ingest.read_story_facts`` does), an alert per watched
change (conditions, statuses and dates; some dead, some pending), 100 feeds with poll state.

Then every route is requested through the ASGI app in-process (Starlette's test client) and
the server time is read from the ``Server-Timing`` header the app sets (time inside the
application: queries, diff, templates, JSON).  Routes whose answer holds a diff of two
versions are asked for a different story each time, so the diff is computed every time
(the app keeps recent diffs).  Target: <= 150 ms for each route.

    .venv/bin/python benchmarks/web.py [--quick] [--runs 20] [--keep-store PATH] [--no-record]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import common_args, median, percentile, record, table, verdict
from benchmarks.farm import Farm

TARGET_MS = 150.0
FACTS_PER_VERSION = 10
SEVERITY = {"number": "high", "status": "high", "condition": "high", "date": "medium",
            "attribution": "medium", "quote": "low"}
WATCHED = {"condition": "mine-use conditions", "status": "mine-use conditions",
           "date": "end of term"}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def build(path: Path, feeds: int, entries: int, ticks: int) -> dict[str, Any]:
    """The store; returns what was written."""
    from monitor.store import Store

    started = time.perf_counter()
    farm = Farm(feeds, entries, seed=7, fact_rate=0.7, cosmetic_rate=0.3)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    rng = random.Random(7)
    stories = [(f, e) for f in range(feeds) for e in range(entries)]
    story_id = {key: i + 1 for i, key in enumerate(stories)}
    version_ids: dict[tuple[int, int], int] = {}
    counts = {"versions": 0, "changes": 0, "deliveries": 0}
    next_version = 1
    with Store.open(path) as store:
        conn = store.db.conn
        conn.execute("PRAGMA synchronous = OFF")
        with store.write():
            conn.executemany(
                "INSERT INTO feeds (name, url, last_polled_at, last_success_at, last_status, "
                "last_error, consecutive_failures, next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(f"feed-{f:03d}", f"https://news{f}.example.org/rss",
                  iso(start + timedelta(days=2)),
                  iso(start + timedelta(days=2 if f % 17 else 1)),
                  500 if f % 17 == 0 else 200,
                  "HTTP 500 Internal Server Error" if f % 17 == 0 else None,
                  3 if f % 17 == 0 else 0, iso(start + timedelta(days=2, minutes=15)))
                 for f in range(feeds)])
            conn.executemany(
                "INSERT INTO stories (id, feed, guid, url, title, published_at, first_seen_at, "
                "last_seen_at, version_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                [(story_id[(f, e)], f"feed-{f:03d}", farm.guid(f, e),
                  f"https://news{f}.example.org/a/{e}", farm.title(f, e), iso(start),
                  iso(start), iso(start)) for f, e in stories])
        for tick in range(ticks + 1):
            moment = start + timedelta(hours=4 * tick)
            events = {} if tick == 0 else {(ev.feed, ev.entry): ev for ev in farm.tick()}
            versions, changes, deliveries = [], [], []
            for n, key in enumerate(stories):
                if tick and key not in events:
                    continue
                at = moment + timedelta(seconds=n % 3600)
                vid = next_version
                next_version += 1
                sid = story_id[key]
                text = farm.story_text(*key)
                versions.append((vid, sid, tick + 1, farm.title(*key), text,
                                 f"{sid}-{tick}", "0", iso(at)))
                event = events.get(key)
                if event is not None and event.change == "fact":
                    severity = SEVERITY.get(event.kind, "medium")
                    changes.append((sid, version_ids[key], vid, event.kind, "changed",
                                    event.old, event.new, event.sentence, event.sentence,
                                    severity, iso(at)))
                    watch = WATCHED.get(event.kind)
                    if watch:
                        status = rng.choices(["sent", "dead", "pending"], [97, 2, 1])[0]
                        payload = {"type": "fact.changed", "watch": watch, "watches": [watch],
                                   "story": {"id": sid, "title": farm.title(*key),
                                             "url": f"https://news{key[0]}.example.org/a/"
                                                    f"{key[1]}", "feed": f"feed-{key[0]:03d}"},
                                   "version_id": vid, "detected_at": iso(at),
                                   "changes": [{"kind": event.kind, "action": "changed",
                                                "old": event.old, "new": event.new,
                                                "old_sentence": event.sentence,
                                                "new_sentence": event.sentence,
                                                "severity": severity}]}
                        deliveries.append((f"key-{vid}", "fact.changed", "desk", watch, sid, vid,
                                           f"feed-{key[0]:03d}", json.dumps(payload), status,
                                           1 if status == "sent" else 10, iso(at), iso(at),
                                           iso(at) if status == "sent" else None,
                                           "HTTP 500" if status == "dead" else None))
                version_ids[key] = vid
            with store.write():
                conn.executemany(
                    "INSERT INTO versions (id, story_id, number, title, text, content_hash, "
                    "simhash, seen_at, facts_deferred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                    versions)
                conn.executemany(
                    "INSERT INTO changes (story_id, from_version_id, version_id, kind, action, "
                    "old, new, old_sentence, new_sentence, severity, detected_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", changes)
                conn.executemany(
                    "INSERT INTO deliveries (idempotency_key, type, channel, watch, story_id, "
                    "version_id, feed, payload, status, attempts, next_attempt_at, created_at, "
                    "sent_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    deliveries)
                conn.executemany(
                    "UPDATE stories SET version_count = version_count + 1, last_seen_at = ?, "
                    "last_changed_at = CASE WHEN ? > 1 THEN ? ELSE last_changed_at END "
                    "WHERE id = ?", [(v[7], v[2], v[7], v[1]) for v in versions])
            counts["versions"] += len(versions)
            counts["changes"] += len(changes)
            counts["deliveries"] += len(deliveries)
            print(f"  tick {tick}: {counts['versions']:,} versions", file=sys.stderr, flush=True)
        conn.execute("ANALYZE")
    counts["stories"] = len(stories)
    counts["seconds"] = time.perf_counter() - started
    counts["bytes"] = path.stat().st_size
    return counts


def routes(path: Path) -> list[tuple[str, list[str]]]:
    """(label, the URLs to ask in turn) for each route measured."""
    from monitor.store import Store

    with Store.open(path, readonly=True) as store:
        ids = [r["id"] for r in store.query("SELECT id FROM stories ORDER BY id")]
        deep = store.query("SELECT detected_at, id FROM changes ORDER BY detected_at, id "
                           "LIMIT 1 OFFSET (SELECT count(*) / 10 FROM changes)")[0]
        deep_alert = store.query("SELECT created_at, id FROM deliveries "
                                 "ORDER BY created_at, id LIMIT 1")[0]
        day = store.query("SELECT substr(max(detected_at), 1, 10) AS d FROM changes")[0]["d"]
    from monitor.web.shapes import cursor_encode

    rng = random.Random(3)
    picks = rng.sample(ids, min(len(ids), 400))
    one = picks[0]
    cursor = cursor_encode(deep["detected_at"], deep["id"])
    alert_cursor = cursor_encode(deep_alert["created_at"], deep_alert["id"])

    def each(template: str, start: int) -> list[str]:
        return [template.format(id=i) for i in picks[start:start + 100]]

    return [
        ("/", ["/"]),
        ("/?feed=", ["/?feed=feed-042"]),
        ("/?kind=&severity=", ["/?kind=condition&kind=status&severity=high"]),
        ("/?watch=", ["/?watch=end+of+term"]),
        ("/?since=&until=", [f"/?since={day}&until={day}"]),
        ("/?q= (title search)", ["/?q=council"]),
        ("/?cursor= (90 % deep)", [f"/?cursor={cursor}"]),
        ("/stories", ["/stories"]),
        ("/stories?q=", ["/stories?q=council&changed=1"]),
        ("/stories/<id> (diff computed)", each("/stories/{id}", 0)),
        ("/stories/<id>?from=1&to=10 (diff computed)", each("/stories/{id}?from=1&to=10", 100)),
        ("/feeds", ["/feeds"]),
        ("/alerts", ["/alerts"]),
        ("/alerts?status=dead", ["/alerts?status=dead"]),
        ("/changes.atom", ["/changes.atom"]),
        ("/changes.atom?watch=", ["/changes.atom?watch=mine-use+conditions"]),
        ("/metrics", ["/metrics"]),
        ("/healthz", ["/healthz"]),
        ("/api/v1/changes", ["/api/v1/changes"]),
        ("/api/v1/changes?cursor= (90 % deep)", [f"/api/v1/changes?cursor={cursor}"]),
        ("/api/v1/changes?limit=500", ["/api/v1/changes?limit=500"]),
        ("/api/v1/stories", ["/api/v1/stories"]),
        ("/api/v1/stories/<id>", [f"/api/v1/stories/{one}"]),
        ("/api/v1/stories/<id>/diff (computed)", each("/api/v1/stories/{id}/diff", 200)),
        ("/api/v1/feeds", ["/api/v1/feeds"]),
        ("/api/v1/alerts", ["/api/v1/alerts"]),
        ("/api/v1/alerts?cursor= (oldest)", [f"/api/v1/alerts?cursor={alert_cursor}"]),
        ("/api/openapi.json", ["/api/openapi.json"]),
    ]


def measure(path: Path, runs: int) -> list[list[Any]]:
    from starlette.testclient import TestClient

    from monitor.web.app import WebApp

    rows = []
    with TestClient(WebApp(path).app) as client:
        for label, urls in routes(path):
            server, wall = [], []
            for n in range(runs + 1):
                url = urls[n % len(urls)]
                began = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
                if n == 0 and len(urls) == 1:
                    continue  # the first answer of a fixed URL warms SQLite's page cache
                found = re.match(r"app;dur=([\d.]+)", response.headers["server-timing"])
                server.append(float(found.group(1)) if found else elapsed)
                wall.append(elapsed)
            p95 = percentile(server, 95)
            rows.append([label, f"{median(server):.1f}", f"{p95:.1f}", f"{max(server):.1f}",
                         f"{median(wall):.1f}", verdict(p95, TARGET_MS + 0.001)])
            print(f"  {label}: median {median(server):.1f} ms, p95 {p95:.1f} ms",
                  file=sys.stderr, flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common_args(parser)
    parser.add_argument("--runs", type=int, default=20, help="requests per route")
    parser.add_argument("--keep-store", metavar="PATH",
                        help="build the store here and keep it (reused when it exists)")
    args = parser.parse_args()
    feeds, entries, ticks = (10, 100, 9) if args.quick else (100, 100, 9)
    with tempfile.TemporaryDirectory(prefix="monitor-web-bench-") as folder:
        path = Path(args.keep_store) if args.keep_store else Path(folder) / "monitor.db"
        if path.exists():
            built = None
        else:
            print(f"building {feeds * entries:,} stories x {ticks + 1} versions in {path} ...",
                  file=sys.stderr)
            built = build(path, feeds, entries, ticks)
            gc.collect()  # the farm's 100,000 edits are garbage now: not a pause mid-measure
        rows = measure(path, args.runs)
    body = ""
    if built:
        body += (f"Store: {built['stories']:,} stories, {built['versions']:,} versions "
                 f"(~800 words each), {built['changes']:,} fact changes (facts read "
                 f"from the texts), {built['deliveries']:,} alerts, 100 feeds; "
                 f"{built['bytes'] / 2**20:,.0f} MiB, built in {built['seconds']:.0f} s.\n\n")
    body += (f"Server time (the app's Server-Timing: queries, diff, templates, JSON) over "
             f"{args.runs} requests per route through the ASGI app; routes marked *diff "
             f"computed* ask for a different story each time.  Target: p95 <= "
             f"{TARGET_MS:.0f} ms.\n\n")
    body += table(["route", "median ms", "p95 ms", "max ms", "wall median ms", "target"], rows)
    title = "Web view server time" + (" (quick)" if args.quick else "")
    record("Web view (benchmarks/web.py)", title, body, write=not args.no_record)


if __name__ == "__main__":
    main()
