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

from benchmarks.common import ROOT, common_args, median, monitor_cmd, record, run_measured, table
from benchmarks.farm import Farm
from benchmarks.latency import SECRET, hook_channel, story_of
from benchmarks.poll import monitor_env, write_config

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
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--ticks", type=int, default=5)
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
