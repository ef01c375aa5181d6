"""The web view and JSON API on PostgreSQL answer exactly as on SQLite: the web view's
test store (built by the real pipeline) copied into a fresh PostgreSQL schema, then the
same requests to both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from monitor.storage import copy_store, open_store
from monitor.web.app import WebApp
from tests.support import pg
from tests.support.web import WebStore, build


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    return build(tmp_path_factory.mktemp("web-pg") / "monitor.db")


@pytest.fixture(scope="module")
def pg_url(web: WebStore) -> Iterator[str]:
    with pg.fresh_schema() as url:
        with open_store(web.path, readonly=True) as source, open_store(url) as target:
            copy_store(source, target)
        yield url


@pytest.fixture(scope="module")
def clients(web: WebStore, pg_url: str) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(WebApp(web.path, config=web.config).app) as sqlite, \
            TestClient(WebApp(pg_url, config=web.config).app) as postgres:
        yield sqlite, postgres


def paths(web: WebStore) -> list[str]:
    return [
        "/api/v1/changes", "/api/v1/changes?feed=world", f"/api/v1/changes?story={web.talks}",
        "/api/v1/changes?watch=end+of+term", "/api/v1/changes?watch=mine-use+conditions",
        "/api/v1/changes?q=mines&kind=condition", "/api/v1/changes?limit=1",
        "/api/v1/stories", "/api/v1/stories?changed=1", "/api/v1/stories?feed=wire",
        "/api/v1/stories?limit=1", f"/api/v1/stories/{web.mines}",
        f"/api/v1/stories/{web.mines}/diff", f"/api/v1/stories/{web.mines}/diff?from=1&to=3",
        f"/api/v1/stories/{web.hostile}", "/api/v1/stories/999", "/api/v1/feeds",
        "/api/v1/alerts", "/api/v1/alerts?status=dead", "/api/v1/alerts?limit=2",
    ]


def test_the_api_answers_the_same_on_both_stores(clients: tuple[TestClient, TestClient],
                                                 web: WebStore) -> None:
    sqlite, postgres = clients
    for path in paths(web):
        a, b = sqlite.get(path), postgres.get(path)
        assert (path, a.status_code) == (path, b.status_code)
        assert (path, a.json()) == (path, b.json())


def test_pages_feeds_metrics_and_health_on_postgres(clients: tuple[TestClient, TestClient],
                                                    web: WebStore) -> None:
    sqlite, postgres = clients
    for path in ("/", "/stories", f"/stories/{web.mines}", "/feeds", "/alerts",
                 "/changes.atom"):
        a, b = sqlite.get(path), postgres.get(path)
        assert (path, b.status_code) == (path, 200)
        assert (path, a.text) == (path, b.text)
    health = postgres.get("/healthz")
    assert health.status_code == 200 and health.json()["schema"] >= 1
    metrics = postgres.get("/metrics").text
    assert "monitor_stories" in metrics.replace("_total", "")
    assert [line for line in metrics.splitlines() if line.startswith("monitor_stories")] == [
        line for line in sqlite.get("/metrics").text.splitlines()
        if line.startswith("monitor_stories")]


def test_the_web_view_refuses_a_missing_store_on_a_server(tmp_path: Path) -> None:
    from monitor.errors import StoreError
    from tests.support.httpserver import refused_port

    pytest.importorskip("psycopg", reason=f"{pg.SKIP_PREFIX} tests need psycopg")
    with pytest.raises(StoreError):
        WebApp(f"postgresql://root@127.0.0.1:{refused_port()}/test")
