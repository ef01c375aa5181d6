"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.store import Store
from tests.support.httpserver import HTTPTestServer
from tests.support.pg import pytest_runtest_makereport  # noqa: F401  (CI: no silent skips)
from tests.support.ports import release_ports
from tests.support.schedule import long_tests_first


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    long_tests_first(items)  # under pytest-xdist: tests/support/schedule.py


PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """monitor honours HTTP(S)_PROXY / NO_PROXY: a proxy set on the machine running the
    tests must not carry (or refuse) their loopback requests.  Tests set their own."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(autouse=True)
def console_default_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """`monitor poll --json` run in-process (CliRunner) points console channels at stderr
    for the rest of the process (monitor.notify.console.use_stream); a later test in the
    same xdist worker that reads the console's stdout then found nothing.  Each test
    starts from the default."""
    from monitor.notify import console

    monkeypatch.setattr(console, "_default_stream", "stdout")


@pytest.fixture(autouse=True)
def reserved_ports() -> Iterator[None]:
    """Ports a test reserved (tests/support/ports.py) are held until it ends."""
    yield
    release_ports()


@pytest.fixture(autouse=True)
def fixed_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI sizes its tables to the terminal (COLUMNS first, 120 off a terminal).
    pytest-xdist workers inherit COLUMNS=80 and a developer's shell may set anything, so
    every test, and the `monitor` subprocesses it starts, sees the off-terminal width.
    Tests of other widths set their own."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture
def http_server() -> Iterator[HTTPTestServer]:
    """A fresh threaded HTTP server on 127.0.0.1 (port 0); see tests/support/httpserver.py."""
    with HTTPTestServer() as server:
        yield server


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    """A real SQLite store in the test's temporary folder."""
    with Store.open(tmp_path / "monitor.db") as handle:
        yield handle
