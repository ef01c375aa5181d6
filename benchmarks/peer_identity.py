"""What `monitor poll` stores on the peer benchmark's full-text farm, for two trees to compare.

benchmarks/store_identity.py feeds the pipeline feed texts, so it never reaches the article
pages' path (fetch, scan, the fast-path guard, the page fingerprint, re-checks).  This runs
the scenario of ``benchmarks/peer_urlwatch.py --mode rotating`` with a fixed epoch: pass 1
(200 new full-text articles), pass 2 (nothing changed), 20 articles edited with every
page's boilerplate rotated, pass 3; after each pass it dumps the store without ids, times
or the farm's port: every story (its page fingerprint without the version id it names),
every version's title, text and source, every change, every delivery with its payload,
and the number of facts per version.

    .venv/bin/python benchmarks/peer_identity.py dump OUT.json      # in each tree
    .venv/bin/python benchmarks/peer_identity.py compare BASE.json OTHER.json
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, monitor_cmd, monitor_env
from benchmarks.farm import Farm
from benchmarks.latency import SECRET, hook_channel
from benchmarks.poll import write_config

EPOCH = 1764900000.0  # fixed: the farm's pages and dates depend on it
_PORT = re.compile(r"127\.0\.0\.1:\d+")


def _kept(row: dict[str, Any]) -> dict[str, Any]:
    """A row without what differs between two runs of the same thing (ids, times)."""
    return {key: value for key, value in row.items()
            if key != "id" and not key.endswith(("_at", "_id")) and key != "page_fingerprint"}


def _without_ids(value: Any) -> Any:
    """An alert's payload without the store's ids and times (stories are numbered in the
    order the poll's threads happen to store them)."""
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items()
                if key != "id" and not key.endswith(("_at", "_id"))}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


def dump_store(db: Path) -> list[Any]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row

    def rows(sql: str) -> list[dict[str, Any]]:
        return [dict(row) for row in connection.execute(sql)]

    out: list[Any] = []
    for row in rows("SELECT * FROM stories ORDER BY feed, guid"):
        out.append(["story", _kept(row), (row["page_fingerprint"] or "").split(" ")[0]])
    for row in rows("SELECT s.feed, s.guid, v.* FROM versions v JOIN stories s "
                    "ON s.id = v.story_id ORDER BY s.feed, s.guid, v.number"):
        out.append(["version", _kept(row)])
    for row in rows("SELECT s.feed, s.guid, c.* FROM changes c JOIN stories s "
                    "ON s.id = c.story_id ORDER BY s.feed, s.guid, c.id"):
        out.append(["change", _kept(row)])
    deliveries = [["delivery", row["type"], _without_ids(json.loads(row["payload"]))]
                  for row in rows("SELECT type, payload FROM deliveries")]
    out += sorted(deliveries, key=lambda item: json.dumps(item, sort_keys=True))
    for row in rows("SELECT s.feed, s.guid, v.number, count(*) AS n FROM facts f "
                    "JOIN versions v ON v.id = f.version_id JOIN stories s "
                    "ON s.id = v.story_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"):
        out.append(["facts", row])
    connection.close()
    return json.loads(_PORT.sub("127.0.0.1:PORT", json.dumps(out, default=str)))


def dump(out: Path) -> int:
    passes: dict[str, list[Any]] = {}
    with tempfile.TemporaryDirectory() as tmp, \
            Farm(20, 10, seed=31, epoch=EPOCH, rotating=True, page_kb=100, fact_rate=0.0,
                 cosmetic_rate=0.0) as farm:
        folder = Path(tmp)
        config = write_config(folder / "feeds.yaml", farm, concurrency=8, per_host=8,
                              full_text=True, extra=hook_channel(farm) + "    rate: 1000\n",
                              defaults={"recheck_min": "1s", "recheck_max": "1s"})
        db = folder / "monitor.db"
        env = monitor_env() | {"HOOK_SECRET": SECRET}
        for number in (1, 2, 3):
            if number == 3:
                farm.tick(fact_rate=20 / 200, cosmetic_rate=0.0)
            # The 1 s re-check schedule: every page is due again.  A page's next check is
            # stored rounded up to the second (store.iso_not_before), so 1 s after the
            # pass before it some were not due yet and the dump missed their edits.
            time.sleep(2.2)
            done = subprocess.run(monitor_cmd("poll", "--config", str(config), "--db", str(db)),
                                  env=env, cwd=ROOT, capture_output=True, text=True,
                                  timeout=600, check=False)
            if done.returncode not in (0, 1):
                raise SystemExit("monitor poll failed: " + done.stderr[-1500:])
            passes[str(number)] = dump_store(db)
            print(f"pass {number}: {len(passes[str(number)])} items", flush=True)
    out.write_text(json.dumps(passes, sort_keys=True, indent=0))
    return 0


def compare(baseline: Path, other: Path) -> int:
    before, after = json.loads(baseline.read_text()), json.loads(other.read_text())
    moved = 0
    for number in sorted(before):
        old, new = before[number], after.get(number, [])
        differ = sum(a != b for a, b in zip(old, new, strict=False))
        moved += differ + abs(len(old) - len(new))
        print(f"pass {number}: {len(old)} items in baseline, {len(new)} in other; "
              f"{differ} differ")
    return 1 if moved else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("dump").add_argument("out", type=Path)
    p_cmp = commands.add_parser("compare")
    p_cmp.add_argument("baseline", type=Path)
    p_cmp.add_argument("other", type=Path)
    args = parser.parse_args(argv)
    return dump(args.out) if args.command == "dump" else compare(args.baseline, args.other)


if __name__ == "__main__":
    sys.exit(main())
