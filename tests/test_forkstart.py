"""multiprocessing's forkserver and resource tracker forked from a process that runs one
thread (monitor.forkstart, issue 12, session 21), spawned as before otherwise.

Each case runs in a fresh interpreter: a test runner's process may run several threads
(pytest-xdist's workers do), and the state forked or spawned belongs to the process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.farm import Farm
from tests.support.polling import REPO, db_rows, monitor_env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="/proc and fork: Linux only")

# A pool started in a fresh process, with or without another thread running: which
# processes serve it, and what their command lines are (a forked one has ours).
PROBE = """
import json, os, sys, threading
from multiprocessing import forkserver, resource_tracker
from monitor.cpu import CpuPool

def cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        return handle.read().decode(errors="replace")

stop = threading.Event()
if sys.argv[1] == "threaded":
    threading.Thread(target=stop.wait, daemon=True).start()
pool = CpuPool(2, start_after=0, preload=("monitor.extract",), fact_core=False)
pool.start()
server_parents = {pool.call(os.getppid, wait=True) for _ in range(6)}
workers = {pool.call(os.getpid, wait=True) for _ in range(6)}
server = forkserver._forkserver._forkserver_pid
tracker = resource_tracker._resource_tracker._pid
report = {"me": os.getpid(), "mine": cmdline(os.getpid()), "server": server,
          "server_cmdline": cmdline(server), "server_parents": sorted(server_parents),
          "workers": sorted(workers), "tracker_cmdline": cmdline(tracker),
          "pooled": pool.pooled}
pool.close()
report["server_reaped"] = not os.path.exists(f"/proc/{server}")
print(json.dumps(report))
stop.set()
"""


def probe(mode: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env=monitor_env(), stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return report


def test_a_single_threaded_process_forks_the_server_and_the_tracker() -> None:
    report = probe("alone")
    assert report["server_cmdline"] == report["mine"]  # forked: our own command line
    assert report["tracker_cmdline"] == report["mine"]
    assert report["server_parents"] == [report["server"]]  # the workers are its children
    assert report["me"] not in report["workers"]  # type: ignore[operator]
    assert len(report["workers"]) >= 1  # type: ignore[arg-type]
    assert report["pooled"] == 12
    assert report["server_reaped"]  # stopped and reaped by close(), as a spawned one


def test_a_process_running_threads_spawns_them_as_before() -> None:
    report = probe("threaded")
    assert "from multiprocessing.forkserver import main" in str(report["server_cmdline"])
    assert "from multiprocessing.resource_tracker import main" in str(
        report["tracker_cmdline"])
    assert report["server_parents"] == [report["server"]]
    assert report["pooled"] == 12
    assert report["server_reaped"]


# `monitor ARGS` as the program, in a process that also holds an exit handler printing on
# stdout (a pipe: block-buffered): a child that ran this process's exit handlers, or wrote
# its buffered output again, would print the line twice.
DRIVER = """
import atexit, runpy, sys

atexit.register(print, "exit handler ran")
sys.argv = ["monitor", *sys.argv[1:]]
runpy.run_module("monitor", run_name="__main__", alter_sys=True)
"""


def test_a_first_pass_with_forked_helpers_writes_and_prints_once(tmp_path: Path) -> None:
    """A first pass of 16 full-text feeds into an empty store: its pool is started before
    any thread, so its server and tracker are forked from `monitor poll` itself.  The pass
    stores every story, prints its table and summary once, runs the exit handler once,
    and leaves no helper holding its output open (``run`` returns at the pipes' EOF)."""
    with Farm(16, 2, seed=5, page_kb=20, fact_rate=0.0, cosmetic_rate=0.0) as farm:
        feeds = "".join(f"  - name: farm-{i}\n    url: {url}\n"
                        for i, url in enumerate(farm.feed_urls()))
        config = tmp_path / "feeds.yaml"
        config.write_text("defaults:\n  full_text: true\n  allow_private_addresses: true\n"
                          "  concurrency: 8\n  per_host: 8\nfeeds:\n" + feeds)
        config.chmod(0o600)
        db = tmp_path / "m.db"
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", DRIVER, "poll", "--config", str(config),
                               "--db", str(db)], cwd=REPO, capture_output=True, text=True,
                              timeout=120, env=monitor_env(), stdin=subprocess.DEVNULL)
        elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("exit handler ran") == 1
    assert done.stdout.splitlines()[-1] == "exit handler ran"
    assert done.stdout.count("16 feeds: 16 ok, 0 failed, 0 skipped; 32 new stories") == 1
    assert db_rows(db, "SELECT count(*) FROM stories") == [(32,)]
    assert db_rows(db, "SELECT count(*) FROM versions WHERE source = 'page'") == [(32,)]
    assert "leaked" not in done.stderr  # the tracker found every semaphore released
    # The store was closed and checkpointed although the helpers held its files open too.
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert elapsed < 60


# A process whose fork fails: nothing is forked, no socket file is left, and the pool
# spawns its helpers as before.
FAILING_FORK = """
import glob, json, os, tempfile
from multiprocessing import forkserver
from monitor import forkstart
from monitor.cpu import CpuPool

def no_fork():
    raise OSError(11, "Resource temporarily unavailable")

sockets = lambda: set(glob.glob(os.path.join(tempfile.gettempdir(), "pymp-*", "listener-*")))
before = sockets()
real_fork, os.fork = os.fork, no_fork
forked = forkstart.start_forkserver(["monitor.cpu"])
left = sorted(sockets() - before)
os.fork = real_fork
pool = CpuPool(2, start_after=0, preload=("monitor.extract",), fact_core=False)
pool.start()
answer = pool.call(os.getppid, wait=True)
print(json.dumps({"forked": forked, "left": left,
                  "server": forkserver._forkserver._forkserver_pid == answer}))
pool.close()
"""


def test_a_failed_fork_leaves_nothing_and_the_helpers_are_spawned() -> None:
    done = subprocess.run([sys.executable, "-c", FAILING_FORK], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env=monitor_env(), stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"forked": False, "left": [],
                                                          "server": True}
