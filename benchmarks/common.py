"""Shared helpers of the benchmark scripts: machine facts, timing, tables, the results log.

Every script prints its table and appends a dated block (machine, Python, commit) under its
own section of docs/benchmarks.md, so figures accumulate with their context.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "benchmarks.md"
SHARED = ROOT.parent / "shared"

if str(ROOT) not in sys.path:  # scripts run as `python benchmarks/x.py` import monitor too
    sys.path.insert(0, str(ROOT))

# The checkout whose ``monitor`` the benchmarks' monitor processes run: this one, or the
# one ``--code DIR`` names (a base commit's worktree, measured with this checkout's
# scripts, farm and results file).  Read where a process is started, never bound at
# import: session 25's alternating runs switched ROOT and found a pass's spawned workers
# still running the main checkout's code.
CODE = ROOT


def measure_code(checkout: str | Path) -> Path:
    """Make ``checkout`` the code this run measures (``--code``): the monitor processes it
    starts, and, for the scripts that import monitor themselves (lazily: pipeline.py,
    web.py, ...), that import and the worker processes it spawns (first on ``sys.path``
    and PYTHONPATH).  A script that imported monitor from elsewhere already is refused."""
    global CODE
    path = Path(checkout).resolve()
    if not (path / "monitor" / "__init__.py").is_file():
        raise argparse.ArgumentTypeError(f"no monitor package in {checkout}")
    loaded = sys.modules.get("monitor")
    if loaded is not None and not Path(loaded.__file__ or "").resolve().is_relative_to(path):
        raise argparse.ArgumentTypeError(
            f"monitor is imported from {Path(loaded.__file__ or '').parent} already: this "
            f"script cannot measure {checkout} in its own process")
    CODE = path
    sys.path.insert(0, str(path))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(path), *filter(None, [os.environ.get("PYTHONPATH")])])
    return path


# ---------------------------------------------------------------- machine and commit


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gib() -> float:
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
        return kib / 2**20
    except (OSError, AttributeError):
        return 0.0


def machine() -> str:
    return (f"{cpu_model()}, {os.cpu_count()} cores, {ram_gib():.0f} GiB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def git_commit() -> str:
    """The measured checkout's commit (``CODE``), and whether its monitor/ is edited."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=CODE, capture_output=True, text=True,
                              timeout=10).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD") or "unknown"
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", "monitor")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + (" (+ uncommitted changes in monitor/)" if dirty else "")


# ---------------------------------------------------------------- timing


@contextmanager
def timer() -> Iterator[list[float]]:
    """``with timer() as t: ...`` then ``t[0]`` is the elapsed wall time in seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def monitor_cmd(*args: str) -> list[str]:
    """The monitor CLI of the measured checkout (``CODE``), as a subprocess of the
    interpreter running the benchmark: ``python -m monitor`` as run from ``CODE``, wherever
    the caller runs.  ``-m`` alone would import the package of the working directory (put first on
    the path) or the virtual environment's editable install, so a benchmark run from
    another checkout's folder, or a worktree's beside the main one, timed that other code
    (session 20 found base and branch runs of an alternating side by side measuring the
    same tree).  ``-P`` keeps the working directory off the path; runpy runs the package's
    ``__main__`` as ``-m`` does."""
    launch = (f"import runpy, sys; sys.path.insert(0, {str(CODE)!r}); "
              "runpy.run_module('monitor', run_name='__main__', alter_sys=True)")
    return [sys.executable, "-P", "-c", launch, *args]


def monitor_env() -> dict[str, str]:
    """The environment of the benchmarks' `monitor` processes, the measured checkout first
    on PYTHONPATH: ``monitor_cmd`` puts it first on the poll process's path, but a workers'
    server that multiprocessing spawns (pass 3's, a daemon's) is a new interpreter, which
    CPython 3.11-3.13 starts without the path it is given (its forkserver ignores
    ``sys_path``): it imported ``monitor`` from PYTHONPATH or the virtual environment's
    editable install, the main checkout, so a worktree's benchmark run without PYTHONPATH
    timed its own poll process with the main checkout's workers (issue 12, session 21)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env["NO_COLOR"] = "1"
    env["PYTHONPATH"] = os.pathsep.join([str(CODE), *filter(None, [env.get("PYTHONPATH")])])
    return env


def run_measured(cmd: Sequence[str], *, timeout: float, env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> dict[str, Any]:
    """Run ``cmd``: wall time, exit code (None: killed at the timeout), its peak RSS in MiB
    and its output.  The peak is the kernel's VmHWM of the child, sampled every 20 ms: wait4's
    ru_maxrss would count the parent's pages the child shared between fork and exec."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env, cwd=cwd)
        killed = threading.Event()
        done = threading.Event()
        peak = [0]

        def kill() -> None:
            killed.set()
            proc.kill()

        def watch() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], vm_hwm_kib(proc.pid))

        killer = threading.Timer(timeout, kill)
        killer.start()
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        killer.cancel()
        watcher.join()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return {"seconds": seconds, "returncode": None if killed.is_set() else proc.returncode,
                "rss_mib": peak[0] / 1024, "cpu_s": usage.ru_utime + usage.ru_stime,
                "stdout": out.read().decode(errors="replace"),
                "stderr": err.read().decode(errors="replace")}


def stop_daemon(proc: subprocess.Popen[Any], *, timeout: float) -> None:
    """SIGTERM a `monitor run`, and kill it if it has not stopped within ``timeout``."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def vm_hwm_kib(pid: int) -> int:
    """The peak resident set (VmHWM) of a live process in KiB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


# ---------------------------------------------------------------- tables and the results log


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (readable as plain text too)."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        return f"{value:.3f}"
    return str(value)


def verdict(value: float, target: float, *, below: bool = True) -> str:
    ok = value < target if below else value >= target
    return "met" if ok else "NOT met"


def record(section: str, title: str, body: str, *, write: bool = True) -> None:
    """Print ``body`` and append it, dated, under ``## <section>`` of docs/benchmarks.md.

    The section is created at the end of the file when missing; a run goes at the end of
    its section, so each benchmark's history reads top to bottom.
    """
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (f"### {title} ({stamp})\n\nMachine: {machine()}. Commit: {git_commit()}.\n\n"
             f"{body.strip()}\n")
    print(f"\n{title}\n\n{body.strip()}\n")
    if not write:
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    heading = f"## {section}"
    lines = text.splitlines()
    if heading not in lines:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{block}"
    else:
        start = lines.index(heading)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        before = "\n".join(lines[:end]).rstrip("\n")
        after = "\n".join(lines[end:])
        text = before + "\n\n" + block + ("\n" + after if after else "")
    RESULTS.write_text(text.rstrip("\n") + "\n")
    print(f"(appended to {RESULTS.relative_to(ROOT)})")


def common_args(parser: Any) -> None:
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument("--no-record", action="store_true",
                        help="print only; do not append to docs/benchmarks.md")
    parser.add_argument("--code", metavar="DIR", type=measure_code,
                        help="run the monitor processes from this checkout (a base commit's "
                             "worktree), with this one's scripts and results file")


# ---------------------------------------------------------------- profiling


def profiled(cmd: Sequence[str], raw_out: Path, rate: int = 200,
             subprocesses: bool = False) -> list[str]:
    """``cmd`` wrapped in py-spy (sampling every thread, active samples only), writing
    collapsed stacks to ``raw_out``; ``subprocesses``: the CPU pool's workers too (where a
    pass of new articles spends most of its CPU).  py-spy is a development tool: pip
    install py-spy."""
    spy = Path(sys.executable).parent / "py-spy"
    if not spy.exists():
        raise SystemExit("--profile needs py-spy: .venv/bin/pip install py-spy")
    return [str(spy), "record", "--format", "raw", "--rate", str(rate), "--nonblocking",
            *(("--subprocesses",) if subprocesses else ()), "-o", str(raw_out), "--", *cmd]


def hot_spots(raw: Path, top: int = 25) -> str:
    """The functions holding the most samples in a py-spy raw profile: inclusive (anywhere
    on the stack) and self (the leaf), as a table."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_short_frame(f) for f in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + n
        own[frames[-1]] = own.get(frames[-1], 0) + n
    ranked = sorted(inclusive.items(), key=lambda kv: -kv[1])
    rows = [[frame, f"{n / total:.0%}", f"{own.get(frame, 0) / total:.0%}"]
            for frame, n in ranked if n / max(total, 1) >= 0.02][:top]
    return table(["function (file)", "inclusive", "self"], rows) + f"\n\n{total} samples."


def _short_frame(frame: str) -> str:
    """'ingest (monitor/pipeline.py:430)' from py-spy's 'ingest (/abs/.../pipeline.py:430)'."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.replace(str(ROOT) + "/", "")
    return f"{name} ({path})"
