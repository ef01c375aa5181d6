"""monitor beside urlwatch on the same farm pages, pass by pass, for the same ticks.

urlwatch (installed from PyPI into its own virtual environment, .bench-venv/urlwatch, made on
first use) watches every article page with the filter a careful user would pick (the story
body only: ``css: div.story-body`` then ``html2text``) and reports any change of that text.
monitor polls the farm's feeds with ``full_text: true`` (every page re-checked every pass)
and alerts through a webhook channel when a fact changes.  After two quiet passes the farm
ticks several times (5 % of stories change a fact, 15 % change only cosmetically: ads rotate,
a typo is fixed, paragraphs are swapped, an "Updated N minutes ago" stamp moves), and both
tools run one pass per tick.  Each notification is checked against the farm's ground truth.

    .venv/bin/python benchmarks/peer_urlwatch.py [--quick] [--feeds 20] [--entries 10]

Reports wall time per pass and notifications per tick for both, and their ratio.

``--mode rotating`` (issue 12) is the speed comparison on a site whose boilerplate rotates:
20 feeds x 10 article pages of ~100 KB (navigation, ads, related links, readers' comments, a
"Read more" aside inside the story body).  Pass 1: 200 new articles; pass 2: nothing changed;
pass 3: 20 articles edited (one fact each) and the boilerplate of all 200 pages rotated, so
every page answers 200 with new bytes.  Each pass runs urlwatch, then monitor, on the same
farm state; wall and CPU (user + system of the process and its children) of both, and their
wall ratio.  The whole scenario is repeated (``--repeat``, fresh farm and stores) and the
medians recorded.  ``--profile DIR`` runs monitor's passes 1 and 3 under py-spy (one extra
repetition, not timed) and prints their hot spots.

    .venv/bin/python benchmarks/peer_urlwatch.py --mode rotating [--repeat 3] [--profile DIR]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common
from benchmarks.common import (
    ROOT,
    common_args,
    hot_spots,
    median,
    monitor_cmd,
    monitor_env,
    profiled,
    record,
    run_measured,
    table,
)
from benchmarks.farm import Farm
from benchmarks.latency import SECRET, hook_channel, story_of
from benchmarks.poll import write_config

VENV = ROOT / ".bench-venv" / "urlwatch"
URLWATCH_VERSION = "2.29"
_CHANGED = re.compile(r"^\d+\. CHANGED: f(\d+)-e(\d+)\b", re.M)


def urlwatch_binary() -> Path:
    """urlwatch in its own venv (never in the project's), installed on first use."""
    binary = VENV / "bin" / "urlwatch"
    if not binary.exists():
        print(f"installing urlwatch {URLWATCH_VERSION} into {VENV} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=300)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet",
                        f"urlwatch=={URLWATCH_VERSION}"], check=True, timeout=900)
    return binary


def compile_monitor() -> None:
    """Bytecode for monitor's modules before anything is timed, as ``pip install`` writes
    it (urlwatch's venv has its own).  Without it a shell with PYTHONDONTWRITEBYTECODE=1
    (these sessions' environment) makes every monitor process, and each pool's
    forkserver, compile its modules again: ~0.2 s of CPU each (measured 2026-12-04)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(common.CODE / "monitor")],
                   check=True, timeout=300)


def urlwatch_setup(folder: Path, farm: Farm) -> list[str]:
    """Jobs, config and hooks files; returns the urlwatch arguments naming all four paths."""
    jobs = [f"name: f{f}-e{e}\nurl: {farm.article_url(f, e)}\nfilter:\n"
            "  - css: 'div.story-body'\n  - html2text\n"
            for f in range(farm.n_feeds) for e in range(farm.n_entries)]
    (folder / "urls.yaml").write_text("---\n".join(jobs))
    (folder / "urlwatch.yaml").write_text(
        "display: {new: true, error: true, unchanged: false, empty-diff: false}\n"
        "report:\n  text: {details: true, footer: false, minimal: false}\n"
        "  stdout: {enabled: true, color: false}\n  email: {enabled: false}\n")
    (folder / "hooks.py").write_text("")
    return ["--urls", str(folder / "urls.yaml"), "--config", str(folder / "urlwatch.yaml"),
            "--hooks", str(folder / "hooks.py"), "--cache", str(folder / "cache.db")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_args(parser)
    parser.add_argument("--mode", choices=("ticks", "rotating"), default="ticks")
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--ticks", type=int, default=5)
    parser.add_argument("--edited", type=int, default=20,
                        help="rotating mode: articles edited in pass 3")
    parser.add_argument("--repeat", type=int, default=3, help="rotating mode: runs (medians)")
    parser.add_argument("--profile", metavar="DIR",
                        help="rotating mode: profile monitor's passes 1 and 3 with py-spy")
    args = parser.parse_args(argv)
    compile_monitor()
    if args.mode == "rotating":
        return rotating(args)
    feeds, entries, ticks = (4, 5, 2) if args.quick else (args.feeds, args.entries, args.ticks)
    binary = urlwatch_binary()
    passes: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp, \
            Farm(feeds, entries, seed=31, epoch=float(int(time.time())),
                 fact_rate=0.05, cosmetic_rate=0.15) as farm:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        uw_args = urlwatch_setup(folder, farm)
        uw_env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                  "XDG_CACHE_HOME": str(home / ".cache"), "PATH": "/usr/bin:/bin"}
        config = write_config(folder / "feeds.yaml", farm, concurrency=8, per_host=8,
                              full_text=True, extra=hook_channel(farm),
                              defaults={"recheck_min": "1s", "recheck_max": "1s"})
        db = folder / "monitor.db"
        env = monitor_env() | {"HOOK_SECRET": SECRET}
        for label in ["first", "quiet", *[f"tick {i + 1}" for i in range(ticks)]]:
            events = farm.tick() if label.startswith("tick") else []
            facts = {(e.feed, e.entry) for e in events if e.change == "fact"}
            cosmetic = {(e.feed, e.entry) for e in events if e.change == "cosmetic"} - facts
            uw = run_measured([str(binary), *uw_args], timeout=900, env=uw_env)
            if uw["returncode"] != 0:
                raise SystemExit("urlwatch failed: " + uw["stderr"][-1500:])
            changed = {(int(f), int(e)) for f, e in _CHANGED.findall(uw["stdout"])}
            farm.hooks.clear()
            ours = run_measured(monitor_cmd("poll", "--config", str(config), "--db", str(db)),
                                timeout=900, env=env)
            if ours["returncode"] not in (0, 1):
                raise SystemExit("monitor poll failed: " + ours["stderr"][-1500:])
            alerts = [story_of(h.json()) for h in farm.hooks
                      if h.json().get("type") == "fact.changed"]
            passes.append({
                "label": label, "facts": len(facts), "cosmetic": len(cosmetic),
                "uw_s": uw["seconds"], "uw_n": len(changed), "uw_true": len(changed & facts),
                "ours_s": ours["seconds"], "ours_n": len(alerts),
                "ours_true": len(set(alerts) & facts),
            })
            print(passes[-1], flush=True)
    rows = [[p["label"], p["facts"], p["cosmetic"], f"{p['uw_s']:.2f} s",
             f"{p['uw_n']} ({p['uw_true']} true)", f"{p['ours_s']:.2f} s",
             f"{p['ours_n']} ({p['ours_true']} true)"] for p in passes]
    ticked = [p for p in passes if str(p["label"]).startswith("tick")]
    uw_total = sum(int(p["uw_n"]) for p in ticked)  # type: ignore[call-overload]
    ours_total = sum(int(p["ours_n"]) for p in ticked)  # type: ignore[call-overload]
    ours_true = sum(int(p["ours_true"]) for p in ticked)  # type: ignore[call-overload]
    fact_total = sum(int(p["facts"]) for p in ticked)  # type: ignore[call-overload]
    ratio = uw_total / ours_total if ours_total else float("inf")
    body = (table(["pass", "fact edits", "cosmetic-only edits", "urlwatch wall",
                   "urlwatch CHANGED", "monitor wall", "monitor fact alerts"], rows)
            + f"\n\n{feeds * entries} article pages ({feeds} feeds x {entries}); urlwatch "
            f"{URLWATCH_VERSION} with `css: div.story-body` + `html2text`, monitor with "
            "`full_text: true` and every page re-checked each pass. Median wall per tick pass: "
            f"urlwatch {median([float(p['uw_s']) for p in ticked]):.2f} s, monitor "
            f"{median([float(p['ours_s']) for p in ticked]):.2f} s. Over {len(ticked)} ticks "
            f"with {fact_total} fact edits: urlwatch notified {uw_total} times, monitor "
            f"{ours_total} (ratio {ratio:.1f} : 1); {ours_true} of monitor's alerts are true "
            "fact changes per the farm's ground truth.")
    record("Peer: urlwatch (benchmarks/peer_urlwatch.py)", "monitor vs urlwatch, same pages"
           + (" (quick)" if args.quick else ""), body, write=not args.no_record)
    return 0


ROTATING_PASSES = ("1: 200 new articles", "2: nothing changed",
                   "3: 20 articles edited, boilerplate of all 200 rotated")


def rotating_run(args: argparse.Namespace, binary: Path, feeds: int, entries: int,
                 profile: Path | None = None) -> list[dict[str, object]]:
    """One run of the rotating-boilerplate scenario: three passes of both tools."""
    passes: list[dict[str, object]] = []
    edited = max(1, round(args.edited * feeds * entries / 200))
    with tempfile.TemporaryDirectory() as tmp, \
            Farm(feeds, entries, seed=31, epoch=float(int(time.time())), rotating=True,
                 page_kb=100, fact_rate=0.0, cosmetic_rate=0.0) as farm:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        uw_args = urlwatch_setup(folder, farm)
        uw_env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                  "XDG_CACHE_HOME": str(home / ".cache"), "PATH": "/usr/bin:/bin"}
        # rate: the channel's default pace (5 alerts/s) would make pass 3 wait ~4 s for
        # its 20 alerts: delivery policy, not work (urlwatch here reports to stdout).
        config = write_config(folder / "feeds.yaml", farm, concurrency=8, per_host=8,
                              full_text=True, extra=hook_channel(farm) + "    rate: 1000\n",
                              defaults={"recheck_min": "1s", "recheck_max": "1s"})
        db = folder / "monitor.db"
        env = monitor_env() | {"HOOK_SECRET": SECRET}
        for number, label in enumerate(ROTATING_PASSES, start=1):
            events = []
            if number == 3:
                events = farm.tick(fact_rate=edited / (feeds * entries), cosmetic_rate=0.0)
            facts = {(e.feed, e.entry) for e in events if e.change == "fact"}
            time.sleep(1.0)  # the 1 s re-check schedule: every page is due again
            farm.reset_stats()
            uw = run_measured([str(binary), *uw_args], timeout=900, env=uw_env)
            if uw["returncode"] != 0:
                raise SystemExit("urlwatch failed: " + uw["stderr"][-1500:])
            uw_stats = farm.reset_stats()
            changed = {(int(f), int(e)) for f, e in _CHANGED.findall(uw["stdout"])}
            farm.hooks.clear()
            cmd = monitor_cmd("poll", "--config", str(config), "--db", str(db))
            raw = profile / f"pass{number}.raw" if profile and number != 2 else None
            ours = run_measured(profiled(cmd, raw, subprocesses=True) if raw else cmd,
                                timeout=900, env=env)
            if ours["returncode"] not in (0, 1):
                raise SystemExit("monitor poll failed: " + ours["stderr"][-1500:])
            ours_stats = farm.reset_stats()
            alerts = [story_of(h.json()) for h in farm.hooks
                      if h.json().get("type") == "fact.changed"]
            passes.append({
                "label": label, "facts": len(facts),
                "uw_s": uw["seconds"], "uw_cpu": uw["cpu_s"], "uw_n": len(changed),
                "uw_true": len(changed & facts), "uw_200": uw_stats.status.get(200, 0),
                "ours_s": ours["seconds"], "ours_cpu": ours["cpu_s"], "ours_n": len(alerts),
                "ours_true": len(set(alerts) & facts),
                "ours_200": ours_stats.status.get(200, 0),
            })
            print(passes[-1], flush=True)
    return passes


def rotating(args: argparse.Namespace) -> int:
    feeds, entries = (4, 5) if args.quick else (args.feeds, args.entries)
    repeat = 1 if args.quick else max(1, args.repeat)
    binary = urlwatch_binary()
    runs = [rotating_run(args, binary, feeds, entries) for _ in range(repeat)]
    rows = []
    for i, label in enumerate(ROTATING_PASSES):
        cells = [run[i] for run in runs]

        def med(key: str, cells: list[dict[str, object]] = cells) -> float:
            return median([float(c[key]) for c in cells])  # type: ignore[arg-type]

        last = cells[-1]
        rows.append([label, f"{med('uw_s'):.2f} s / {med('uw_cpu'):.2f} s",
                     f"{med('ours_s'):.2f} s / {med('ours_cpu'):.2f} s",
                     f"{med('ours_s') / med('uw_s'):.2f}",
                     f"{last['uw_n']} ({last['uw_true']} true)",
                     f"{last['ours_n']} ({last['ours_true']} true)"])
    every = "; ".join(f"{label.split(':')[0]} " + ", ".join(
        f"{run[i]['ours_s']:.2f}/{run[i]['uw_s']:.2f}" for run in runs)
        for i, label in enumerate(ROTATING_PASSES))
    body = (table(["pass", "urlwatch wall / CPU", "monitor wall / CPU", "ratio (wall)",
                   "urlwatch CHANGED", "monitor fact alerts"], rows)
            + f"\n\n{feeds * entries} article pages of ~100 KB ({feeds} feeds x {entries}; "
            "navigation, ads, related links, 40 readers' comments, a \"Read more\" aside in the "
            "story body), every page's boilerplate rotated by the pass-3 tick. urlwatch "
            f"{URLWATCH_VERSION} (`css: div.story-body` + `html2text`, 10 threads), monitor "
            "`poll` with `full_text: true`, every page re-checked each pass (concurrency 8), "
            "alerts delivered to a loopback webhook (`rate: 1000`). Medians of "
            f"{repeat} runs (fresh farm and stores each), whole processes including start-up; "
            "CPU is user + system. Walls per run, monitor/urlwatch: " + every + ".")
    print(body)
    if args.profile:
        folder = Path(args.profile)
        folder.mkdir(parents=True, exist_ok=True)
        rotating_run(args, binary, feeds, entries, profile=folder)
        for number in (1, 3):
            print(f"\nHot spots of monitor's pass {number} (py-spy, all threads):\n")
            print(hot_spots(folder / f"pass{number}.raw", top=40))
    record("Peer: urlwatch (benchmarks/peer_urlwatch.py)",
           "Rotating boilerplate, side by side" + (" (quick)" if args.quick else ""), body,
           write=not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
