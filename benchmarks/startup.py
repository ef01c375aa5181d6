"""Start-up time of the CLI: whole-process wall time of `monitor --help` and `monitor diff`.

Uses hyperfine when it is installed (apt install hyperfine), else a Python timer taking the
median of N runs after one warm-up run.  `monitor diff` compares two JSON documents made from
a farm story before and after a fact change.

    .venv/bin/python benchmarks/startup.py [--quick] [--runs 20]

Targets: `monitor --help` < 0.3 s, `monitor diff a.json b.json` < 1 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
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
    percentile,
    record,
    table,
    verdict,
)
from benchmarks.farm import Farm


def diff_inputs(folder: Path) -> tuple[Path, Path]:
    """Two versions of one farm story, the second with one fact changed, as JSON files."""
    farm = Farm(1, 1, seed=3)
    old = {"title": farm.title(0, 0), "text": farm.story_text(0, 0)}
    farm.tick(fact_rate=1.0, cosmetic_rate=0.0)
    new = {"title": farm.title(0, 0), "text": farm.story_text(0, 0)}
    a, b = folder / "a.json", folder / "b.json"
    a.write_text(json.dumps(old))
    b.write_text(json.dumps(new))
    return a, b


def problem(cmd: list[str]) -> str | None:
    """Run once (also warming the page cache); why the command cannot be timed, or None."""
    proc = subprocess.run(cmd, capture_output=True, timeout=60)
    err = proc.stderr.decode(errors="replace")
    if proc.returncode not in (0, 1) or "Traceback" in err:  # diff exits 1: a fact changed
        return (err.strip().splitlines() or [f"exit {proc.returncode}"])[-1][:120]
    return None


def time_python(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, timeout=60)
        times.append(time.perf_counter() - t0)
    return times


def time_hyperfine(cmd: list[str], runs: int, folder: Path) -> list[float]:
    out = folder / "hyperfine.json"
    subprocess.run(["hyperfine", "--warmup", "1", "--runs", str(runs), "-N", "-i",
                    "--export-json", str(out), subprocess.list2cmdline(cmd)],
                   capture_output=True, timeout=600, check=True)
    return json.loads(out.read_text())["results"][0]["times"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common_args(parser)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-hyperfine", action="store_true")
    args = parser.parse_args(argv)
    runs = 5 if args.quick else args.runs
    use_hyperfine = shutil.which("hyperfine") is not None and not args.no_hyperfine
    rows = []
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = diff_inputs(folder)
        cases = [("monitor --help", monitor_cmd("--help"), 0.3),
                 ("monitor diff a.json b.json", monitor_cmd("diff", str(a), str(b)), 1.0),
                 ("python -c pass (interpreter alone)", [sys.executable, "-c", "pass"], None)]
        for label, cmd, target in cases:
            why = problem(cmd)
            if why:
                rows.append([label, "-", "-", f"< {target * 1000:.0f} ms" if target else "-",
                             f"not measured: {why}"])
                continue
            times = (time_hyperfine(cmd, runs, folder) if use_hyperfine
                     else time_python(cmd, runs))
            results[label] = median(times)
            rows.append([label, f"{median(times) * 1000:.0f} ms",
                         f"{percentile(times, 90) * 1000:.0f} ms",
                         f"< {target * 1000:.0f} ms" if target else "-",
                         verdict(median(times), target) if target else "-"])
    how = "hyperfine" if use_hyperfine else "Python timer"
    body = (table(["command", "median", "p90", "target", "verdict"], rows)
            + f"\n\n{runs} runs each after a warm-up, timed with {how}; whole process, "
            "including the interpreter's own start.")
    record("Startup (benchmarks/startup.py)", "CLI start-up" + (" (quick)" if args.quick else ""),
           body, write=not args.no_record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
