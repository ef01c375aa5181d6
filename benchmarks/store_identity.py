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

Facts are dumped per story and version in their stored order (not by row id: a version
whose facts were deferred has them stored later, when the next version reads them).  A
version still stored with its facts not read (``versions.facts_deferred``, issue 12) has
them read here from its text, as ``ingest.read_story_facts`` does, and is listed as a
``deferred`` item, so a comparison with a tree that reads every version's facts at ingest
shows those items as its only extra ones; ``--stored-only`` leaves them unread (their
facts then show as missing: what deferral changes in the store, and nothing else).
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
sys.path.insert(0, str(REPO))

from benchmarks.common import monitor_cmd  # noqa: E402  (this checkout's monitor)

SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if p.exists()),
              REPO.parent / "shared")

TABLES = {
    "stories": "SELECT * FROM stories ORDER BY id",
    "story_keys": "SELECT * FROM story_keys ORDER BY feed, key",
    "versions": "SELECT * FROM versions ORDER BY id",
    "changes": "SELECT * FROM changes ORDER BY id",
    "deliveries": "SELECT idempotency_key, type, channel, watch, story_id, version_id, feed, "
                  "payload, status, next_attempt_at, created_at, digest_key "
                  "FROM deliveries ORDER BY id",
    "feed_lines": "SELECT * FROM feed_lines ORDER BY feed, line_key",
}


def _line(item: str, value: object) -> str:
    return json.dumps({"item": item, "value": value}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def rows(db: Path, scenario: str, *, stored_only: bool = False) -> Iterator[str]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        for table, sql in TABLES.items():
            for n, row in enumerate(conn.execute(sql)):
                value = dict(row)
                value.pop("facts_deferred", None)  # listed as "deferred" items below
                yield _line(f"{scenario}/{table}/{n}", value)
        yield from fact_lines(conn, scenario, stored_only=stored_only)
    finally:
        conn.close()


def fact_lines(conn: sqlite3.Connection, scenario: str, *,
               stored_only: bool) -> Iterator[str]:
    """Every version's facts, in story, version and stored order; a deferred version's read
    from its text (unless ``stored_only``) and named by a ``deferred`` item."""
    stored: dict[tuple[int, int], list[dict[str, object]]] = {}
    for row in conn.execute(
            "SELECT v.story_id, v.number, f.kind, f.key, f.value, f.span, s.text AS sentence "
            "FROM facts f JOIN versions v ON v.id = f.version_id "
            "LEFT JOIN sentences s ON s.id = f.sentence_id ORDER BY f.id"):
        stored.setdefault((row[0], row[1]), []).append(dict(row))
    columns = {r[1] for r in conn.execute("PRAGMA table_info(versions)")}
    deferred: dict[tuple[int, int], list[dict[str, object]]] = {}
    if "facts_deferred" in columns:
        from monitor.facts import extract_facts  # (what every monitor stored, or reads now)
        from monitor.ingest import VersionRow, version_document

        for row in conn.execute("SELECT * FROM versions WHERE facts_deferred = 1"):
            version = VersionRow.of(dict(row))
            read = [] if stored_only else [
                {"story_id": row["story_id"], "number": version.number, "kind": f.kind,
                 "key": f.key, "value": f.value, "span": f.span, "sentence": f.sentence}
                for f in extract_facts(version_document(version))]
            deferred[(row["story_id"], version.number)] = read
    for story_version in sorted(stored.keys() | deferred.keys()):
        story, number = story_version
        if story_version in deferred:
            yield _line(f"{scenario}/deferred/{story}/{number}", "facts not read at ingest")
        facts = deferred.get(story_version) or stored.get(story_version, [])
        for n, value in enumerate(facts):
            yield _line(f"{scenario}/facts/{story}/{number}/{n}", value)


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
    command = [*monitor_cmd("replay", *files),
               "--config", str(REPO / "feeds.yaml"), "--tag", "world", "--tag", "ukraine",
               "--tag", "us-politics", "--db", str(db), "--json"]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"replay failed: {done.stderr[-2000:]}")
    return db


def dump(out: Path, quick: bool, stored_only: bool = False) -> int:
    started = time.perf_counter()
    count = 0
    with tempfile.TemporaryDirectory() as tmp, out.open("w", encoding="utf-8") as handle:
        for scenario, make in (("farm", farm_scenario), ("replay", replay_scenario)):
            db = make(Path(tmp), quick)
            for line in rows(db, scenario, stored_only=stored_only):
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
    p_dump.add_argument("--stored-only", action="store_true",
                        help="leave deferred facts unread (see above)")
    p_cmp = sub.add_parser("compare")
    p_cmp.add_argument("baseline", type=Path)
    p_cmp.add_argument("other", type=Path)
    p_cmp.add_argument("--limit", type=int, default=20)
    args = parser.parse_args(argv)
    if args.command == "dump":
        return dump(args.out, args.quick, args.stored_only)
    sys.path.insert(0, str(REPO))
    from benchmarks.identity import compare

    return compare(args.baseline, args.other, limit=args.limit)


if __name__ == "__main__":
    sys.exit(main())
