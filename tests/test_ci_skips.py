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


def outcome(tmp_path: Path, port: int, *, ci: str | None) -> str:
    test_file = tmp_path / "test_inner.py"
    test_file.write_text(INNER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["MONITOR_TEST_PG"] = f"postgresql://nobody@127.0.0.1:{port}/none"
    if ci is not None:
        env["CI"] = ci
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.support.pg", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), "-c", os.devnull, str(test_file)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    return result.stdout.strip().splitlines()[-1]


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
