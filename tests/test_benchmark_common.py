"""benchmarks/common.py: the benchmarks time the checkout they belong to."""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks.common import monitor_cmd


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
