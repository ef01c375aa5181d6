"""Memory and storage: peak RSS of `monitor run` over 1,000 feeds, and DB bytes per version.

Part 1 starts `monitor run` on the farm (1,000 feeds x 50 entries by default), samples the
daemon's RSS from /proc every half second through its first pass (every entry a new story),
then a tick editing 5 % of the entries and one more pass, and stops it with SIGTERM.  The
peak is the kernel's high-water mark (VmHWM).

Part 2 (``--store-only`` runs just this) measures what a stored version costs, per table
(SQLite's dbstat), on a store where stories have many versions of ~800-word texts (the
pipeline fed with whole articles over several ticks), and what the two space-saving designs
would save: zlib-compressing each version's text, or storing each version as a line delta
against the previous one.

    .venv/bin/python benchmarks/memory.py [--quick] [--feeds 1000] [--store-only]

Target: peak RSS < 200 MB.
"""

from __future__ import annotations

import argparse
import difflib
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import common_args, monitor_cmd, monitor_env, record, stop_daemon, table
from benchmarks.farm import Farm
from benchmarks.pipeline import farm_config
from benchmarks.poll import write_config

TARGET_MB = 200.0


def rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a live process, in KiB."""
    rss = hwm = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, hwm


def tree_pss_kib(pid: int) -> int:
    """Proportional set size (Pss) of a process and all its descendants, in KiB: the memory
    of `monitor run` with its worker processes (monitor.cpu), pages the forkserver shares
    with the workers it forked counted once between them."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {pid}, {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        tree |= frontier
    total = 0
    for member in tree:
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total


def polled_since(db: Path, moment: str) -> tuple[int, int]:
    """(feeds polled at or after ``moment``, stories stored) from a read-only connection."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            polled = conn.execute("SELECT count(*) FROM feeds WHERE last_polled_at >= ?",
                                  [moment]).fetchone()[0]
            stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
            return polled, stories
        finally:
            conn.close()
    except sqlite3.Error:
        return 0, 0


def daemon_memory(feeds: int, entries: int, hosts: int) -> dict[str, float]:
    from monitor.store import iso, utcnow

    samples: list[tuple[float, int]] = []
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, \
            Farm(feeds, entries, seed=13, hosts=hosts, epoch=float(int(time.time()))) as farm:
        farm.prerender()
        folder = Path(tmp)
        config = write_config(folder / "feeds.yaml", farm, concurrency=16, per_host=2,
                              interval="60s")
        db = folder / "monitor.db"
        log = (folder / "daemon.log").open("w")
        start = time.monotonic()
        proc = subprocess.Popen(monitor_cmd("run", "--config", str(config), "--db", str(db)),
                                stdout=log, stderr=subprocess.STDOUT, env=monitor_env())
        peak = tree_peak = 0

        def sample() -> None:
            nonlocal peak, tree_peak
            rss, hwm = rss_kib(proc.pid)
            peak = max(peak, hwm)
            tree_peak = max(tree_peak, tree_pss_kib(proc.pid))
            samples.append((time.monotonic() - start, rss))

        try:
            begun = iso(utcnow()) or ""
            while polled_since(db, begun)[0] < feeds:  # first pass: every entry is new
                if proc.poll() is not None or time.monotonic() - start > 3600:
                    raise SystemExit("monitor run stopped or took over an hour: "
                                     + (folder / "daemon.log").read_text()[-2000:])
                sample()
                time.sleep(0.5)
            result["first_pass_s"] = time.monotonic() - start
            result["after_first_mib"] = samples[-1][1] / 1024
            farm.tick(fact_rate=0.05, cosmetic_rate=0.0, lead_bias=1.0, rebuild_all=True)
            ticked = iso(utcnow()) or ""
            second = time.monotonic()
            while polled_since(db, ticked)[0] < feeds:
                if proc.poll() is not None or time.monotonic() - second > 1800:
                    raise SystemExit("monitor run stopped during the second pass")
                sample()
                time.sleep(0.5)
            result["second_pass_s"] = time.monotonic() - second
            sample()
        finally:
            stop_daemon(proc, timeout=120)
            log.close()
        result["peak_mib"] = peak / 1024
        result["tree_peak_mib"] = tree_peak / 1024
        result["end_mib"] = samples[-1][1] / 1024 if samples else 0.0
        result["stories"] = polled_since(db, "")[1] if db.exists() else 0
    return result


# ---------------------------------------------------------------- storage


def build_store(path: Path, feeds: int, entries: int, ticks: int) -> None:
    """A store where many stories have many versions of whole articles."""
    from monitor.config import parse_config
    from monitor.feeds import parse_feed
    from monitor.pipeline import Pipeline
    from monitor.store import Store, utcnow

    farm = Farm(feeds, entries, seed=17, content="full", fact_rate=0.3, cosmetic_rate=0.1)
    config = parse_config(farm_config(farm), "bench.yaml")
    with Store.open(path) as store, Pipeline(config, store) as pipeline:
        now = utcnow()
        for round_ in range(ticks + 1):
            if round_:
                farm.tick()
            now += timedelta(minutes=10)
            for f in range(feeds):
                for entry in parse_feed(farm.feed_body(f), url=farm.feed_url(f)).entries:
                    pipeline.ingest(f"farm-{f}", entry, now=now)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.close()


def storage_report(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        versions = conn.execute("SELECT count(*) FROM versions").fetchone()[0]
        stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        per_table = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        texts = conn.execute("SELECT story_id, text FROM versions ORDER BY story_id, number"
                             ).fetchall()
    finally:
        conn.close()
    raw = sum(len(t.encode()) for _, t in texts)
    compressed = sum(len(zlib.compress(t.encode(), 6)) for _, t in texts)
    delta = 0
    previous: dict[int, list[str]] = {}
    for story_id, text in texts:
        lines = text.split("\n\n")
        if story_id in previous:  # a line delta: the changed paragraphs plus a small header
            ops = difflib.SequenceMatcher(None, previous[story_id], lines, autojunk=False)
            delta += sum(8 + sum(len(p.encode()) for p in lines[j1:j2])
                         for tag, _, _, j1, j2 in ops.get_opcodes() if tag != "equal")
        else:
            delta += len(text.encode())
        previous[story_id] = lines
    return {"versions": versions, "stories": stories, "file": path.stat().st_size,
            "per_table": per_table, "raw_text": raw, "zlib_text": compressed,
            "delta_text": delta}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_args(parser)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--store-only", action="store_true", help="only the storage part")
    args = parser.parse_args(argv)
    feeds, entries = (50, 20) if args.quick else (args.feeds, args.entries)
    parts = []
    if not args.store_only:
        m = daemon_memory(feeds, entries, args.hosts)
        rows = [["peak RSS (VmHWM)", f"{m['peak_mib']:.0f} MiB", f"< {TARGET_MB:.0f} MB",
                 "met" if m["peak_mib"] * 1.048576 < TARGET_MB else "NOT met"],
                ["peak of the process and its worker processes (Pss, sampled)",
                 f"{m['tree_peak_mib']:.0f} MiB", f"< {TARGET_MB:.0f} MB",
                 "met" if m["tree_peak_mib"] * 1.048576 < TARGET_MB else "NOT met"],
                ["RSS after the first pass", f"{m['after_first_mib']:.0f} MiB", "-", "-"],
                ["RSS at the end", f"{m['end_mib']:.0f} MiB", "-", "-"]]
        parts.append(table(["`monitor run`", "value", "target", "verdict"], rows)
                     + f"\n\n{feeds} feeds x {entries} entries ({m['stories']:,} stories), "
                     f"interval 60 s, concurrency 16. First pass (all new) "
                     f"{m['first_pass_s']:.0f} s; second pass after 5 % edits "
                     f"{m['second_pass_s']:.0f} s.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.db"
        s_feeds, s_entries, s_ticks = (2, 20, 3) if args.quick else (10, 50, 8)
        build_store(path, s_feeds, s_entries, s_ticks)
        s = storage_report(path)
    n = max(1, s["versions"])
    rows = [[name, f"{size:,}", f"{size / n:,.0f}"] for name, size in s["per_table"][:8]]
    rows.append(["whole file", f"{s['file']:,}", f"{s['file'] / n:,.0f}"])
    raw, packed, delta = s["raw_text"], s["zlib_text"], s["delta_text"]
    parts.append(
        table(["table / index", "bytes", "bytes per version"], rows)
        + f"\n\n{s['versions']:,} versions of {s['stories']:,} stories (whole ~800-word "
        f"articles, {s_ticks} ticks with 30 % fact and 10 % cosmetic edits). Version texts: "
        f"{raw / n:,.0f} bytes per version raw; zlib level 6 per text: {packed / n:,.0f} "
        f"({packed / max(raw, 1):.0%} of raw); as line deltas against the previous version: "
        f"{delta / n:,.0f} ({delta / max(raw, 1):.0%}).")
    record("Memory and storage (benchmarks/memory.py)", "Daemon memory and DB bytes per version"
           + (" (quick)" if args.quick else ""), "\n\n".join(parts), write=not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
