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
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

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


def _kind(result: Any) -> str:
    if isinstance(result, Exception):
        raise result
    return ("first" if result and result.is_new_story else
            "changed" if result and result.version_id else "unchanged")


def run(feeds: int, entries: int, rounds: int, profile: str | None = None, *,
        batch: bool = True, workers: int | None = None) -> dict[str, float]:
    from monitor.config import parse_config
    from monitor.feeds import parse_feed
    from monitor.pipeline import Pipeline, distinct_entries
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
        if workers is not None:
            from monitor.cpu import CpuPool

            pipeline._cpu = CpuPool(workers)
        cpu0 = _cpu_seconds()
        wall0 = time.perf_counter()
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
                entries_ = distinct_entries(parsed.entries)
                cpu_before = _own_cpu_seconds(), pipeline.cpu.worker_cpu_seconds()
                if batch:  # one feed document at a time, as a poll does
                    # with the stories the document names, as a poll passes them (without,
                    # a new story that another entry's decision could have claimed is
                    # decided again in this process: 427 of round 0's 1,000, session 22)
                    claimed, _ = pipeline._known_stories(f"farm-{f}", entries_)
                    results = pipeline.ingest_many(f"farm-{f}", entries_, now=now,
                                                   claimed=claimed)
                    seconds["round0" if round_ == 0 else "edits"] += time.perf_counter() - t1
                else:
                    results = []
                    for entry in entries_:
                        t2 = time.perf_counter()
                        results.append(pipeline.ingest(f"farm-{f}", entry, now=now))
                        kind = _kind(results[-1])
                        seconds[kind] += time.perf_counter() - t2
                    seconds["round0" if round_ == 0 else "edits"] += time.perf_counter() - t1
                if round_:  # the edit rounds' CPU, by process (steadier than their wall)
                    seconds["edits_own_cpu"] += _own_cpu_seconds() - cpu_before[0]
                    seconds["edits_workers_cpu"] += (pipeline.cpu.worker_cpu_seconds()
                                                     - cpu_before[1])
                for result in results:
                    counts[_kind(result)] += 1
                    counts["changes"] += len(result.changes) if result else 0
            if profiler and round_ == rounds:
                profiler.stop()
        db_bytes = (Path(tmp) / "bench.db").stat().st_size
        pooled = pipeline.cpu.pooled
        workers_cpu = pipeline.cpu.worker_cpu_seconds()
        wall = time.perf_counter() - wall0
        cpu = _cpu_seconds() - cpu0 + workers_cpu
        pipeline.close()
        store.close()
    if profiler:
        Path(profile).write_text(profiler.output_html())
        print(profiler.output_text(unicode=True, color=False, show_all=False)[:6000])
    versions = counts["first"] + counts["changed"]
    return {
        "feeds": feeds, "entries": entries, "rounds": rounds, "batch": batch,
        "workers": pipeline.cpu.workers, "pooled": pooled,
        "first": counts["first"], "changed": counts["changed"], "unchanged": counts["unchanged"],
        "changes": counts["changes"], "fact_events": counts["fact_events"],
        "parse_ms_per_feed": 1000 * seconds["parse"] / max(1, counts["feeds_parsed"]),
        # Whole documents: round 0 is all first versions; an edit round's time includes
        # its unchanged entries (most of them), which a batch cannot time apart.
        "first_per_s": counts["first"] / max(seconds["round0"], 1e-9),
        "changed_per_s": counts["changed"] / max(seconds["edits"], 1e-9),
        "versions_per_s_all": versions / max(wall, 1e-9),
        "cpu_ms_per_version": 1000 * cpu / max(1, versions),
        # The edit rounds' CPU per edited version: this process's, the workers' (their
        # unchanged entries included, as in ``changed_per_s``); with the rounds' wall, how
        # many cores they kept busy.
        "edits_own_cpu_ms": 1000 * seconds["edits_own_cpu"] / max(1, counts["changed"]),
        "edits_workers_cpu_ms": 1000 * seconds["edits_workers_cpu"] / max(1, counts["changed"]),
        "edits_cores_busy": (seconds["edits_own_cpu"] + seconds["edits_workers_cpu"])
        / max(seconds["edits"], 1e-9),
        "wall": wall, "cpu": cpu, "load": os.getloadavg()[0],
        "db_bytes_per_version": db_bytes / max(1, versions),
    }


def _own_cpu_seconds() -> float:
    """User + system CPU of this process alone (its threads included)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def _cpu_seconds() -> float:
    """User + system CPU of this process (its workers are counted by the pool)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_args(parser)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", metavar="HTML", help="pyinstrument the last round")
    parser.add_argument("--serial", action="store_true",
                        help="Pipeline.ingest per entry, as before issue 12")
    parser.add_argument("--workers", type=int, help="worker processes (default: one per CPU)")
    args = parser.parse_args(argv)
    feeds, rounds = (2, 2) if args.quick else (args.feeds, args.rounds)
    load = os.getloadavg()
    r = run(feeds, args.entries, rounds, args.profile, batch=not args.serial,
            workers=args.workers)
    rows = [
        ["first versions (round 0: new stories, facts, store)", r["first"],
         f"{r['first_per_s']:.0f}/s"],
        ["edited versions (rounds 1+, their unchanged entries included)", r["changed"],
         f"{r['changed_per_s']:.0f}/s"],
        ["edited versions: CPU each (this process + workers; cores busy)", r["changed"],
         f"{r['edits_own_cpu_ms']:.1f} + {r['edits_workers_cpu_ms']:.1f} ms "
         f"({r['edits_cores_busy']:.2f})"],
        ["unchanged entries (hash, stop)", r["unchanged"], "-"],
        ["feed parse (50 full-text entries)", r["feeds"] * (r["rounds"] + 1),
         f"{r['parse_ms_per_feed']:.1f} ms/feed"],
        ["all versions, whole run (parse, unchanged included)", r["first"] + r["changed"],
         f"{r['versions_per_s_all']:.0f}/s wall, {r['cpu_ms_per_version']:.1f} ms CPU each"],
    ]
    slowest = min(r["first_per_s"], r["changed_per_s"])
    mode = ("one entry at a time (Pipeline.ingest)" if not r["batch"] else
            f"one feed document at a time (Pipeline.ingest_many), {r['workers']} worker "
            f"processes ({r['pooled']} jobs ran in them)")
    body = (table(["stage", "count", "rate"], rows)
            + f"\n\n{r['feeds']} feeds x {r['entries']} entries, {r['rounds']} ticks; "
            f"{r['fact_events']} fact edits made, {r['changes']} fact changes detected; "
            f"DB {r['db_bytes_per_version']:,.0f} bytes per stored version. {mode}. "
            f"Wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s (this process and its workers); "
            f"load average before the run {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
            f"(1/5/15 min), {r['load']:.2f} at its end.\n\n"
            f"Target >= {TARGET_VERSIONS_PER_S:.0f} versions/s (slowest of first/"
            f"edited: {slowest:.0f}/s): **{verdict(slowest, TARGET_VERSIONS_PER_S, below=False)}"
            "**.")
    record("Pipeline (benchmarks/pipeline.py)", "Pipeline throughput" +
           (" (quick)" if args.quick else ""), body, write=not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
