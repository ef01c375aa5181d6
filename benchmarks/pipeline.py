"""Pipeline throughput: story versions per second in one process, one thread.

Feeds from the farm carry whole ~800-word stories (<content:encoded>), so each entry is a full
article.  Round 0 ingests every story (first versions: facts, no diff); each later round ticks
the farm (20 % of stories change a fact, 10 % change cosmetically), parses every feed again
and ingests every entry: unchanged ones stop at the content hash, changed ones are stored,
their facts extracted and diffed against the previous version, changes and outbox rows
written, all in one transaction per entry (Pipeline.ingest).

    .venv/bin/python benchmarks/pipeline.py [--quick] [--feeds 20] [--rounds 5]

Target: >= 200 versions/s per core.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import common_args, record, table, verdict
from benchmarks.farm import Farm

TARGET_VERSIONS_PER_S = 200.0


def farm_config(farm: Farm) -> str:
    """A monitor config listing the farm's feeds (no watches: changes go to the console)."""
    lines = ["defaults:", "  interval: 10m", "feeds:"]
    for i, url in enumerate(farm.feed_urls()):
        lines += [f"  - name: farm-{i}", f"    url: {url}"]
    lines += ["channels:", "  log: {type: console}"]
    return "\n".join(lines) + "\n"


def run(feeds: int, entries: int, rounds: int, profile: str | None = None) -> dict[str, float]:
    from monitor.config import parse_config
    from monitor.feeds import parse_feed
    from monitor.pipeline import Pipeline
    from monitor.store import Store, utcnow

    farm = Farm(feeds, entries, seed=5, content="full", fact_rate=0.2, cosmetic_rate=0.1)
    config = parse_config(farm_config(farm), "bench.yaml")
    seconds: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        pipeline = Pipeline(config, store)
        now = utcnow()
        revs = [-1] * feeds
        bodies = {}
        for round_ in range(rounds + 1):
            if round_:
                events = farm.tick()
                counts["fact_events"] += sum(e.change == "fact" for e in events)
            now += timedelta(minutes=10)
            for f in range(feeds):  # render outside the timed part: the farm is not measured
                if farm._feed_rev[f] != revs[f] or f not in bodies:
                    bodies[f] = farm.feed_body(f)
            if profiler and round_ == rounds:
                profiler.start()
            for f in range(feeds):
                t0 = time.perf_counter()
                parsed = parse_feed(bodies[f], url=farm.feed_url(f))
                t1 = time.perf_counter()
                seconds["parse"] += t1 - t0
                counts["feeds_parsed"] += 1
                for entry in parsed.entries:
                    t2 = time.perf_counter()
                    result = pipeline.ingest(f"farm-{f}", entry, now=now)
                    elapsed = time.perf_counter() - t2
                    kind = ("first" if result and result.is_new_story else
                            "changed" if result and result.version_id else "unchanged")
                    seconds[kind] += elapsed
                    counts[kind] += 1
                    counts["changes"] += len(result.changes) if result else 0
            if profiler and round_ == rounds:
                profiler.stop()
        db_bytes = (Path(tmp) / "bench.db").stat().st_size
        store.close()
    if profiler:
        Path(profile).write_text(profiler.output_html())
        print(profiler.output_text(unicode=True, color=False, show_all=False)[:6000])
    versions = counts["first"] + counts["changed"]
    total = seconds["parse"] + seconds["first"] + seconds["changed"] + seconds["unchanged"]
    return {
        "feeds": feeds, "entries": entries, "rounds": rounds,
        "first": counts["first"], "changed": counts["changed"], "unchanged": counts["unchanged"],
        "changes": counts["changes"], "fact_events": counts["fact_events"],
        "parse_ms_per_feed": 1000 * seconds["parse"] / max(1, counts["feeds_parsed"]),
        "first_per_s": counts["first"] / max(seconds["first"], 1e-9),
        "changed_per_s": counts["changed"] / max(seconds["changed"], 1e-9),
        "unchanged_ms": 1000 * seconds["unchanged"] / max(1, counts["unchanged"]),
        "versions_per_s_all": versions / max(total, 1e-9),
        "db_bytes_per_version": db_bytes / max(1, versions),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_args(parser)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", metavar="HTML", help="pyinstrument the last round")
    args = parser.parse_args(argv)
    feeds, rounds = (2, 2) if args.quick else (args.feeds, args.rounds)
    r = run(feeds, args.entries, rounds, args.profile)
    rows = [
        ["first versions (new story: facts, store)", r["first"], f"{r['first_per_s']:.0f}/s"],
        ["changed versions (facts, diff, store)", r["changed"], f"{r['changed_per_s']:.0f}/s"],
        ["unchanged entries (hash, stop)", r["unchanged"], f"{r['unchanged_ms']:.2f} ms each"],
        ["feed parse (50 full-text entries)", r["feeds"] * (r["rounds"] + 1),
         f"{r['parse_ms_per_feed']:.1f} ms/feed"],
        ["all versions incl. parse + unchanged", r["first"] + r["changed"],
         f"{r['versions_per_s_all']:.0f}/s"],
    ]
    slowest = min(r["first_per_s"], r["changed_per_s"])
    body = (table(["stage", "count", "rate"], rows)
            + f"\n\n{r['feeds']} feeds x {r['entries']} entries, {r['rounds']} ticks; "
            f"{r['fact_events']} fact edits made, {r['changes']} fact changes detected; "
            f"DB {r['db_bytes_per_version']:,.0f} bytes per stored version.\n\n"
            f"Target >= {TARGET_VERSIONS_PER_S:.0f} versions/s per core (slowest of first/"
            f"changed: {slowest:.0f}/s): **{verdict(slowest, TARGET_VERSIONS_PER_S, below=False)}"
            "**.")
    record("Pipeline (benchmarks/pipeline.py)", "Pipeline throughput" +
           (" (quick)" if args.quick else ""), body, write=not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
