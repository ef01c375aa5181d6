"""Under CI=true a PostgreSQL test that skips while the server's port answers fails
(tests/support/pg.py's hook, loaded by tests/conftest.py); elsewhere it skips with its
one line.  Checked by running a small test file in a real pytest subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.httpserver import refused_port
from tests.support.pg import SKIP_PREFIX

REPO = Path(__file__).resolve().parents[1]

INNER = f'''
import pytest

def test_needs_the_server():
    pytest.skip("{SKIP_PREFIX} not reachable at the test's address (set MONITOR_TEST_PG)")

def test_skips_for_another_reason():
    pytest.skip("chromium is not installed")

def test_passes():
    assert True
'''


@pytest.fixture
def listening_port() -> Iterator[int]:
    """A port where a TCP connect succeeds (nothing speaks PostgreSQL there)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def run_inner(tmp_path: Path, port: int, *, ci: str | None, workers: int = 0) -> list[str]:
    """The output lines of pytest run on INNER (on ``workers`` xdist workers, if any)."""
    test_file = tmp_path / "test_inner.py"
    test_file.write_text(INNER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["MONITOR_TEST_PG"] = f"postgresql://nobody@127.0.0.1:{port}/none"
    if ci is not None:
        env["CI"] = ci
    # only the plugins this needs (the installed ones, hypothesis first, cost ~1 s a process)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    parallel = ["-p", "xdist.plugin", "-n", str(workers)] if workers else []
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-ra", "-p", "tests.support.pg",
         "-p", "no:cacheprovider", *parallel, "--rootdir", str(tmp_path), "-c", os.devnull,
         str(test_file)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    return result.stdout.strip().splitlines()


def outcome(tmp_path: Path, port: int, *, ci: str | None, workers: int = 0) -> str:
    return run_inner(tmp_path, port, ci=ci, workers=workers)[-1]


def test_under_ci_a_server_skip_where_the_port_answers_fails(tmp_path: Path,
                                                              listening_port: int) -> None:
    summary = outcome(tmp_path, listening_port, ci="true")
    assert summary.startswith("1 failed, 1 passed, 1 skipped"), summary


def test_under_ci_a_server_skip_where_nothing_answers_stays_a_skip(tmp_path: Path) -> None:
    summary = outcome(tmp_path, refused_port(), ci="true")
    assert summary.startswith("1 passed, 2 skipped"), summary


def test_outside_ci_a_server_skip_is_a_skip(tmp_path: Path, listening_port: int) -> None:
    assert outcome(tmp_path, listening_port, ci=None).startswith("1 passed, 2 skipped")
    assert outcome(tmp_path, listening_port, ci="false").startswith("1 passed, 2 skipped")


# `make test` runs on pytest-xdist workers: the hook runs in each worker and its reports
# travel to the controller, which must still fail CI and fold the skip into its one line.


def test_on_xdist_workers_a_ci_server_skip_where_the_port_answers_fails(
        tmp_path: Path, listening_port: int) -> None:
    lines = run_inner(tmp_path, listening_port, ci="true", workers=2)
    assert lines[-1].startswith("1 failed, 1 passed, 1 skipped"), lines
    [failed] = [line for line in lines if line.startswith("FAILED")]
    assert "test_needs_the_server" in failed and "answers" in failed, failed


def test_on_xdist_workers_a_server_skip_is_one_line_from_the_hook(
        tmp_path: Path, listening_port: int) -> None:
    lines = run_inner(tmp_path, listening_port, ci=None, workers=2)
    assert lines[-1].startswith("1 passed, 2 skipped"), lines
    server = [line for line in lines if line.startswith("SKIPPED") and SKIP_PREFIX in line]
    assert len(server) == 1 and "tests/support/pg.py" in server[0], lines
