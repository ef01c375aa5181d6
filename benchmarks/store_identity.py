"""Dump what the pipeline stores for fixed inputs, and compare two dumps (issue 12).

    .venv/bin/python benchmarks/store_identity.py dump OUT.jsonl [--quick]
    .venv/bin/python benchmarks/store_identity.py compare BASELINE.jsonl OTHER.jsonl

benchmarks/identity.py proves the fact core's output unchanged; this proves the
pipeline's: every row of every table a poll writes (stories, story_keys, versions, facts
with their sentences, changes, deliveries, feed_lines), canonical JSON in id order, for

  * farm: the pipeline benchmark's scenario (benchmarks/pipeline.py: ~800-word articles
    in RSS, first versions then ticks of fact and cosmetic edits), fed through
    ``Pipeline.ingest_many`` per feed document when it exists (``ingest`` per entry
    before it), with one watch on every feed so deliveries are written;
  * replay: ``monitor replay`` of the real corpus (../shared/corpus/real, the three
    story files; ``--quick``: the first 3,000 items) with the default feeds.yaml watches.

Run ``dump`` at the base commit (PYTHONPATH=<checkout of it>) and after a change, then
``compare``: exit 1 and the first differing rows when anything moved.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if p.exists()),
              REPO.parent / "shared")

TABLES = {
    "stories": "SELECT * FROM stories ORDER BY id",
    "story_keys": "SELECT * FROM story_keys ORDER BY feed, key",
    "versions": "SELECT * FROM versions ORDER BY id",
    "facts": "SELECT * FROM facts_with_sentences ORDER BY id",
    "changes": "SELECT * FROM changes ORDER BY id",
    "deliveries": "SELECT idempotency_key, type, channel, watch, story_id, version_id, feed, "
                  "payload, status, next_attempt_at, created_at, digest_key "
                  "FROM deliveries ORDER BY id",
    "feed_lines": "SELECT * FROM feed_lines ORDER BY feed, line_key",
}


def rows(db: Path, scenario: str) -> Iterator[str]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        for table, sql in TABLES.items():
            for n, row in enumerate(conn.execute(sql)):
                yield json.dumps({"item": f"{scenario}/{table}/{n}", "value": dict(row)},
                                 sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    finally:
        conn.close()


FARM_CONFIG_WATCH = """watches:
  - name: every fact
    min_severity: low
    notify: [log]
"""


def farm_scenario(tmp: Path, quick: bool) -> Path:
    sys.path.insert(0, str(REPO))
    from benchmarks.farm import Farm
    from benchmarks.pipeline import farm_config
    from monitor.config import parse_config
    from monitor.feeds import parse_feed
    from monitor.pipeline import Pipeline, distinct_entries
    from monitor.store import Store

    feeds, entries, rounds = (4, 20, 3) if quick else (10, 50, 4)
    farm = Farm(feeds, entries, seed=5, content="full", fact_rate=0.2, cosmetic_rate=0.1)
    config = parse_config(farm_config(farm) + FARM_CONFIG_WATCH, "bench.yaml")
    db = tmp / "farm.db"
    now = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    with Store.open(db) as store, Pipeline(config, store) as pipeline:
        batch = getattr(pipeline, "ingest_many", None)
        for round_ in range(rounds + 1):
            if round_:
                farm.tick()
            now += timedelta(minutes=10)
            for f in range(feeds):
                parsed = parse_feed(farm.feed_body(f), url=farm.feed_url(f))
                items = distinct_entries(parsed.entries)
                if batch is not None:
                    batch(f"farm-{f}", items, now=now)
                else:
                    for entry in items:
                        pipeline.ingest(f"farm-{f}", entry, now=now)
    return db


def replay_scenario(tmp: Path, quick: bool) -> Path:
    import subprocess

    db = tmp / "replay.db"
    files = sorted(str(p) for p in (SHARED / "corpus" / "real").glob("*.jsonl")
                   if p.name != "pair_hints.jsonl")
    if quick:
        cut = tmp / "slice.jsonl"
        with cut.open("w", encoding="utf-8") as out:
            for path in files:
                with open(path, encoding="utf-8") as handle:
                    for n, line in enumerate(handle):
                        if n >= 400:
                            break
                        out.write(line)
        files = [str(cut)]
    command = [sys.executable, "-m", "monitor", "replay", *files,
               "--config", str(REPO / "feeds.yaml"), "--tag", "world", "--tag", "ukraine",
               "--tag", "us-politics", "--db", str(db), "--json"]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"replay failed: {done.stderr[-2000:]}")
    return db


def dump(out: Path, quick: bool) -> int:
    started = time.perf_counter()
    count = 0
    with tempfile.TemporaryDirectory() as tmp, out.open("w", encoding="utf-8") as handle:
        for scenario, make in (("farm", farm_scenario), ("replay", replay_scenario)):
            db = make(Path(tmp), quick)
            for line in rows(db, scenario):
                handle.write(line + "\n")
                count += 1
    print(f"{count} rows written to {out} in {time.perf_counter() - started:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_dump = sub.add_parser("dump")
    p_dump.add_argument("out", type=Path)
    p_dump.add_argument("--quick", action="store_true")
    p_cmp = sub.add_parser("compare")
    p_cmp.add_argument("baseline", type=Path)
    p_cmp.add_argument("other", type=Path)
    p_cmp.add_argument("--limit", type=int, default=20)
    args = parser.parse_args(argv)
    if args.command == "dump":
        return dump(args.out, args.quick)
    sys.path.insert(0, str(REPO))
    from benchmarks.identity import compare

    return compare(args.baseline, args.other, limit=args.limit)


if __name__ == "__main__":
    sys.exit(main())
