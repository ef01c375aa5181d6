"""The PostgreSQL server of the tests: where it is, whether it answers, and a fresh schema
per test so tests are independent and can run in parallel (pytest-xdist or not).

``MONITOR_TEST_PG`` names the server (default: postgresql://root@127.0.0.1:5432/test,
what the project's machines run).  Where it does not answer, the tests that need it skip
with one line starting with ``SKIP_PREFIX``; under CI=true such a skip is a failure when
the server's port does answer (tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import threading
from collections.abc import Iterator
from functools import cache
from urllib.parse import urlsplit

import pytest

DEFAULT_URL = "postgresql://root@127.0.0.1:5432/test"
SKIP_PREFIX = "PostgreSQL"  # every server skip reason starts so (tests/conftest.py)

_counter = itertools.count()
_lock = threading.Lock()


def server_url() -> str:
    return os.environ.get("MONITOR_TEST_PG") or DEFAULT_URL


def server_address() -> tuple[str, int]:
    parts = urlsplit(server_url())
    return parts.hostname or "127.0.0.1", parts.port or 5432


def port_answers(timeout: float = 1.0) -> bool:
    """Whether something listens where the server should be (a TCP connect, nothing more)."""
    try:
        with socket.create_connection(server_address(), timeout=timeout):
            return True
    except OSError:
        return False


@cache
def unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here (one line), or None when they can."""
    host, port = server_address()
    try:
        import psycopg
    except ImportError:
        return (f"{SKIP_PREFIX} tests need psycopg: pip install -e '.[server]' "
                "(or '.[test]')")
    try:
        psycopg.connect(server_url(), connect_timeout=3).close()
    except psycopg.Error:
        return f"{SKIP_PREFIX} not reachable at {host}:{port} (set MONITOR_TEST_PG)"
    return None


def require() -> None:
    """Skip the calling test, with one line, where PostgreSQL cannot be used."""
    reason = unavailable()
    if reason:
        pytest.skip(reason)


def _schema_name() -> str:
    # The xdist worker id and the pid keep parallel processes apart; the counter keeps
    # tests of one process apart.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with _lock:
        number = next(_counter)
    return f"monitor_test_{worker}_{os.getpid()}_{number}"


def url_for_schema(schema: str) -> str:
    base = server_url()
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def fresh_schema() -> Iterator[str]:
    """A new, empty schema for one test; yields the store URL whose tables live there.
    Dropped afterwards with everything in it."""
    import psycopg

    require()
    schema = _schema_name()
    with psycopg.connect(server_url(), autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield url_for_schema(schema)
    finally:
        with psycopg.connect(server_url(), autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


# ---------------------------------------------------------------- CI: no silent skips


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI=true, a PostgreSQL test that skipped while the server's port answers
    failed: CI must never pass with the server tests quietly not run (a missing psycopg,
    a wrong MONITOR_TEST_PG, a server refusing us)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if not (report.skipped and call.excinfo is not None
            and call.excinfo.errisinstance(pytest.skip.Exception)):
        return
    reason = str(call.excinfo.value.msg or "")
    if not reason.startswith(SKIP_PREFIX):
        return
    if in_ci() and port_answers():
        host, port = server_address()
        report.outcome = "failed"
        report.longrepr = (f"CI=true: {item.nodeid} skipped although {host}:{port} answers "
                           f"({reason})")
    else:  # one place, so `-ra` folds every server skip into one line
        report.longrepr = ("tests/support/pg.py", require.__code__.co_firstlineno,
                           f"Skipped: {reason}")
