"""Workers on PostgreSQL (issue 13): feeds polled and versions extracted per second with 1, 2
and 4 `monitor run` workers sharing one PostgreSQL, on this machine.

Each run: a fresh PostgreSQL schema, a farm of feeds on several loopback hosts
(tests/support/feedhosts.py: one server per 127.0.0.x address), N `monitor run --db
postgresql://…` processes started as a user starts them.  Three measures:

- **first read**: every feed is new, every entry a new story: versions stored per second
  until the store holds all of them;
- **polls**: then every feed is due every second and nothing changes (304s): feed requests
  per second over a fixed window — the dispatcher, the queue and the per-host jobs;
- **edits**: every story is edited at once (a number in its lead: one fact change and one
  alert each): new versions, with their facts, diff and outbox rows, per second.

Every run checks what it measured: each version stored once, in order, against the farm's
truth, and no host ever saw two requests at once.

    .venv/bin/python benchmarks/workers.py [--quick] [--workers 1,2,4] [--repeat 3]

MONITOR_BENCH_PG names the server (default postgresql://root@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import common_args, monitor_cmd, record, table
from tests.support.feedhosts import FeedHosts

DEFAULT_URL = "postgresql://root@127.0.0.1:5432/test"


@contextlib.contextmanager
def fresh_schema() -> Iterator[str]:
    import psycopg

    base = os.environ.get("MONITOR_BENCH_PG") or DEFAULT_URL
    schema = f"monitor_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def count(url: str, table_name: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        if not conn.execute("SELECT to_regclass(%s) IS NOT NULL", [table_name]).fetchone()[0]:  # type: ignore[index]
            return 0
        row = conn.execute(f"SELECT count(*) FROM {table_name}").fetchone()
        return int(row[0]) if row else 0


def stored_versions(url: str) -> dict[str, list[str]]:
    import psycopg

    found: dict[str, list[str]] = {}
    with psycopg.connect(url) as conn:
        for guid, text in conn.execute(
                "SELECT s.guid, v.text FROM versions v JOIN stories s ON s.id = v.story_id "
                "ORDER BY s.guid, v.number"):
            found.setdefault(guid, []).append(text)
    return found


def wait_until(condition: Any, timeout: float, what: str) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise SystemExit(f"benchmark: {what} not reached within {timeout:g} s")
        time.sleep(0.1)
    return time.monotonic() - start


def config_file(folder: Path, farm: FeedHosts) -> Path:
    lines = ["defaults:", "  interval: 1s", "  jitter: 0", "  allow_private_addresses: true",
             "  timeout: 30s", "feeds:"]
    for name, url in farm.urls.items():
        lines.append(f"  - {{name: {name}, url: \"{url}\"}}")
    lines += ["watches:", "  - name: everything", "    notify: [log]",
              "channels:", "  log: {type: console, stream: stdout, rate: 1000}"]
    path = folder / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def run_once(workers: int, *, feeds: int, hosts: int, stories: int, window: float,
             seed: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, fresh_schema() as url, FeedHosts(
            feeds=feeds, hosts=hosts, stories=stories, seed=seed, edit_share=1.0,
            new_story_share=0.0, latency=0.0) as farm:
        config = config_file(Path(tmp), farm)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
        procs = [subprocess.Popen(
            monitor_cmd("run", "--config", str(config), "--db", url),
            stdout=subprocess.DEVNULL, stderr=(Path(tmp) / f"w{i}.log").open("w"),
            stdin=subprocess.DEVNULL, env=env) for i in range(workers)]
        try:
            wait_until(lambda: count(url, "procrastinate_jobs") >= 0 and
                       count(url, "feeds") > 0, 60, "the first poll")
            first = farm.expected_version_count()
            first_s = wait_until(lambda: count(url, "versions") >= first, 600, "first read")
            before = sum(farm.requests.values())
            time.sleep(window)
            polls = (sum(farm.requests.values()) - before) / window
            farm.advance()
            edited = farm.expected_version_count() - first
            edit_s = wait_until(lambda: count(url, "versions") >= first + edited, 600,
                                "the edits")
            time.sleep(2)  # anything stored twice would show now
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            codes = [proc.wait(120) for proc in procs]
        if codes != [0] * workers:
            raise SystemExit(f"benchmark: workers exited {codes} (logs in {tmp})")
        if stored_versions(url) != farm.expected_versions():
            raise SystemExit("benchmark: the store does not hold each version once")
        if farm.overlaps:
            raise SystemExit(f"benchmark: {len(farm.overlaps)} overlapping requests to a host")
        return {"first": first / first_s, "polls": polls, "edits": edited / edit_s,
                "versions": first + edited, "first_n": first}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common_args(parser)
    parser.add_argument("--workers", default="1,2,4", help="worker counts (default 1,2,4)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per count (median)")
    parser.add_argument("--feeds", type=int, default=400)
    parser.add_argument("--hosts", type=int, default=16)
    parser.add_argument("--stories", type=int, default=2, help="stories per feed")
    parser.add_argument("--window", type=float, default=15.0, help="seconds of 304 polls")
    args = parser.parse_args()
    if args.quick:
        args.feeds, args.hosts, args.repeat, args.window = 60, 4, 1, 5.0
    counts = [int(n) for n in args.workers.split(",")]
    rows = []
    for n in counts:
        runs = [run_once(n, feeds=args.feeds, hosts=args.hosts, stories=args.stories,
                         window=args.window, seed=13 + i) for i in range(args.repeat)]
        for run in runs:
            print(f"{n} worker(s): first read {run['first']:.1f} versions/s, "
                  f"{run['polls']:.1f} polls/s, edits {run['edits']:.1f} versions/s",
                  flush=True)
        rows.append([n, statistics.median(r["polls"] for r in runs),
                     statistics.median(r["first"] for r in runs),
                     statistics.median(r["edits"] for r in runs),
                     f"{len(runs)} × {int(runs[0]['versions']):,}", "0 / 0 / 0"])
    body = table(["workers", "feeds polled/s (304s)", "versions/s, first read",
                  "versions/s, edits", "runs × versions checked",
                  "missing / duplicate / host overlaps"], rows)
    body += (f"\n\n{args.feeds} feeds on {args.hosts} loopback hosts, {args.stories} stories "
             f"each; every feed due every second; medians of {args.repeat} run(s) per count. "
             "Polls: feed requests per second over "
             f"{args.window:g} s with nothing changed (all 304). First read: every entry a "
             "new story (versions, facts). Edits: every story edited at once (a version, "
             "its facts, one fact change and one outbox row each). Workers, PostgreSQL and "
             "the feed servers share the machine's cores.")
    record("Workers on PostgreSQL (benchmarks/workers.py)",
           f"{', '.join(map(str, counts))} workers", body, write=not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
