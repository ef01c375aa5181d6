"""benchmarks/common.py: the benchmarks time the checkout they belong to."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.common import ROOT, monitor_cmd, monitor_env


def test_monitor_cmd_runs_this_checkout_from_any_folder(tmp_path: Path) -> None:
    """A benchmark run from another checkout's folder must not time that checkout: a
    ``monitor`` package in the working directory is not the one run."""
    decoy = tmp_path / "monitor"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("")
    (decoy / "__main__.py").write_text("print('decoy')\n")
    done = subprocess.run(monitor_cmd("--version"), cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("monitor, version")


# A process started as monitor_cmd starts monitor (this checkout first on its path, the
# working directory not on it), whose spawned forkserver's worker says where its
# ``monitor`` comes from.
SPAWNED = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import multiprocessing
context = multiprocessing.get_context("forkserver")
context.set_forkserver_preload(["monitor"])
with context.Pool(1) as pool:
    print(pool.apply(eval, ("__import__('monitor').__file__",)))
"""


def test_a_spawned_workers_server_imports_this_checkout_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CPython's forkserver does not take its client's path: with the environment the
    benchmarks give monitor, its workers import this checkout's package, not another's
    (a decoy on PYTHONPATH stands for the main checkout's editable install)."""
    decoy = tmp_path / "monitor"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    done = subprocess.run([sys.executable, "-P", "-c", SPAWNED], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env=monitor_env())
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).resolve() == ROOT / "monitor" / "__init__.py"


def test_code_runs_another_checkouts_monitor_in_every_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``--code DIR`` (a base commit's worktree): the monitor processes, and the workers'
    server they spawn (through PYTHONPATH), run that checkout, read where each starts."""
    import argparse

    from benchmarks import common

    # restored after the test: what --code sets for the script's own process
    monkeypatch.setattr(common, "CODE", common.CODE)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setenv("PYTHONPATH", "")
    monkeypatch.delitem(sys.modules, "monitor")  # a script imports monitor after its options
    other = tmp_path / "base"
    (other / "monitor").mkdir(parents=True)
    (other / "monitor" / "__init__.py").write_text("")
    (other / "monitor" / "__main__.py").write_text("print('base checkout')\n")
    parser = argparse.ArgumentParser()
    common.common_args(parser)
    parser.parse_args(["--code", str(other)])
    done = subprocess.run(common.monitor_cmd("--version"), capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "base checkout", done.stderr
    assert common.monitor_env()["PYTHONPATH"].split(":")[0] == str(other.resolve())
    assert sys.path[0] == str(other.resolve())  # the script's own import of monitor
    monkeypatch.setitem(sys.modules, "monitor", importlib.import_module("monitor"))
    with pytest.raises(SystemExit):  # imported from another checkout already
        parser.parse_args(["--code", str(ROOT)])
    assert "cannot measure" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["--code", str(tmp_path / "nowhere")])
    assert "no monitor package in" in capsys.readouterr().err
