"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.store import Store
from tests.support.httpserver import HTTPTestServer


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
