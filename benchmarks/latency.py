"""Alert latency: from the moment the farm publishes a changed fact to the moment a loopback
webhook receiver holds the alert, with `monitor run` polling every 10 s.

The daemon watches the farm's feeds with one catch-all watch sending to a webhook channel
that points at the farm's own sink (POST /_hook/monitor, receive times recorded).  After the
first pass has stored every story, the farm changes one fact in the lead of a few stories at
random moments (so edits land at every phase of the poll cycle); each alert is matched to its
edit by the story URL.  Two figures per edit:

* publish -> alert: what a user waits (at most one interval for the poll, plus processing);
* served -> alert: from the first request that returned the changed feed (processing and
  delivery only).

    .venv/bin/python benchmarks/latency.py [--quick] [--edits 30] [--interval 10]

Target: median and p95 of publish -> alert under the interval + 2 s.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    common_args,
    median,
    monitor_cmd,
    monitor_env,
    percentile,
    record,
    stop_daemon,
    table,
)
from benchmarks.farm import Event, Farm
from benchmarks.poll import write_config

SECRET = "whsec_" + "bW9uaXRvci1iZW5jaG1hcmstc2VjcmV0LTEyMzQ="  # a fixed test key
_ARTICLE = re.compile(r"/article/(\d+)/(\d+)\.html")


def hook_channel(farm: Farm) -> str:
    return ("watches:\n  - name: everything\n    notify: [hook]\n"
            "channels:\n  hook:\n    type: webhook\n"
            f"    url: {farm.base_url}/_hook/monitor\n"
            "    secret: ${HOOK_SECRET}\n    allow_private: true\n")


def stored_stories(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def story_of(hook_body: dict) -> tuple[int, int] | None:
    match = _ARTICLE.search(str((hook_body.get("story") or {}).get("url") or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_args(parser)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--edits", type=int, default=30, help="fact edits to time")
    parser.add_argument("--interval", type=float, default=10.0)
    args = parser.parse_args(argv)
    feeds, edits = (5, 4) if args.quick else (args.feeds, args.edits)
    interval = args.interval
    rng = random.Random(4)
    publish: list[float] = []
    served: list[float] = []
    missed: list[Event] = []
    extra_alerts = 0
    with tempfile.TemporaryDirectory() as tmp, \
            Farm(feeds, args.entries, seed=21, epoch=float(int(time.time()))) as farm:
        farm.prerender()
        folder = Path(tmp)
        config = write_config(folder / "feeds.yaml", farm, concurrency=8, per_host=8,
                              interval=f"{interval:g}s", extra=hook_channel(farm))
        db = folder / "monitor.db"
        log = (folder / "daemon.log").open("w")
        proc = subprocess.Popen(monitor_cmd("run", "--config", str(config), "--db", str(db)),
                                stdout=log, stderr=subprocess.STDOUT,
                                env=monitor_env() | {"HOOK_SECRET": SECRET})
        try:
            deadline = time.monotonic() + 600
            while stored_stories(db) < feeds * args.entries:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("monitor run did not finish its first pass: "
                                     + (folder / "daemon.log").read_text()[-2000:])
                time.sleep(0.5)
            time.sleep(interval)  # let the first round of polls (and any alerts) settle
            farm.hooks.clear()
            events: list[Event] = []
            for _ in range(edits):
                time.sleep(rng.uniform(0, interval))  # land at any phase of the cycle
                events += farm.tick(fact_rate=1 / (feeds * args.entries), cosmetic_rate=0.0,
                                    lead_bias=1.0)
            farm.wait_hooks(len(events), timeout=interval + 30)
            time.sleep(2)  # late duplicates, if any, would arrive now
            hooks = list(farm.hooks)
        finally:
            stop_daemon(proc, timeout=60)
            log.close()
        arrivals: dict[tuple[int, int], list[float]] = {}
        for hook in hooks:
            body = hook.json()
            key = story_of(body) if body.get("type") == "fact.changed" else None
            if key is None:
                extra_alerts += 1
                continue
            arrivals.setdefault(key, []).append(hook.received_at)
        for event in events:
            times = sorted(t for t in arrivals.get((event.feed, event.entry), [])
                           if t >= event.published_at)
            if not times:
                missed.append(event)
                continue
            publish.append(times[0] - event.published_at)
            first_served = farm.served_at(event)
            if first_served is not None:
                served.append(times[0] - first_served)
        edits_per_story: dict[tuple[int, int], int] = {}
        for event in events:
            key = (event.feed, event.entry)
            edits_per_story[key] = edits_per_story.get(key, 0) + 1
        # More alerts for a story than it had edits would be duplicates (never expected;
        # two edits landing between the same two polls give one alert).
        duplicates = sum(max(0, len(v) - edits_per_story.get(k, 0)) for k, v in arrivals.items())
    target = interval + 2.0
    rows = [["publish -> alert", f"{median(publish):.2f} s", f"{percentile(publish, 95):.2f} s",
             f"{max(publish, default=0):.2f} s", f"< {target:.0f} s",
             "met" if publish and percentile(publish, 95) < target else "NOT met"],
            ["served -> alert (processing + delivery)", f"{median(served):.2f} s",
             f"{percentile(served, 95):.2f} s", f"{max(served, default=0):.2f} s", "< 2 s",
             "met" if served and percentile(served, 95) < 2.0 else "NOT met"]]
    body = (table(["span", "median", "p95", "max", "target", "verdict (p95)"], rows)
            + f"\n\n{len(events)} fact edits over {feeds} feeds x {args.entries} entries, "
            f"`monitor run` every {interval:g} s (jitter 0), webhook to a loopback receiver. "
            f"Alerts matched: {len(publish)}; missed: {len(missed)}; other alerts: "
            f"{extra_alerts}; alerts beyond a story's edits (duplicates): {duplicates}.")
    record("Latency (benchmarks/latency.py)", "Fact change to webhook alert" +
           (" (quick)" if args.quick else ""), body, write=not args.no_record)
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
