"""/api/v1: the CLI's --json shapes, cursor paging, the OpenAPI document (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("starlette")

from click.testing import CliRunner
from starlette.routing import Route
from starlette.testclient import TestClient

from monitor.cli import cli
from monitor.web.app import WebApp
from tests.support.web import WebStore, build


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    return build(tmp_path_factory.mktemp("api") / "monitor.db")


@pytest.fixture(scope="module")
def app(web: WebStore) -> WebApp:
    return WebApp(web.path, config=web.config)


@pytest.fixture(scope="module")
def client(app: WebApp) -> Iterator[TestClient]:
    with TestClient(app.app) as test_client:
        yield test_client


def run_cli(web: WebStore, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--db", str(web.path)], env={"NO_COLOR": "1"},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def items(client: TestClient, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()["items"]


# ---------------------------------------------------------------- same shapes as the CLI


def test_stories_are_what_monitor_stories_json_prints(client: TestClient, web: WebStore):
    assert items(client, "/api/v1/stories") == run_cli(web, "stories", "--json")
    assert items(client, "/api/v1/stories?changed=1") == run_cli(web, "stories", "--changed",
                                                                  "--json")
    assert items(client, "/api/v1/stories?feed=wire") == run_cli(web, "stories", "--feed", "wire",
                                                                 "--json")


def test_a_story_carries_history_and_facts_as_the_cli_prints_them(client: TestClient,
                                                                 web: WebStore):
    data = client.get(f"/api/v1/stories/{web.mines}").json()
    assert data["history"] == run_cli(web, "history", str(web.mines), "--json")
    assert data["facts"] == run_cli(web, "history", str(web.mines), "--facts", "--json")
    listed = next(s for s in run_cli(web, "stories", "--json") if s["id"] == web.mines)
    assert data["story"] == listed
    assert data["muted_until"] is None
    assert client.get("/api/v1/stories/999").status_code == 404
    assert client.get("/api/v1/stories/999").json() == {"error": "no story 999"}


def test_diff_is_what_monitor_diff_json_prints(client: TestClient, web: WebStore):
    latest = client.get(f"/api/v1/stories/{web.mines}/diff").json()
    cli_latest = run_cli(web, "diff", str(web.mines), "--json")
    assert {k: latest[k] for k in cli_latest} == cli_latest
    assert (latest["from_version"], latest["to_version"]) == (2, 3)
    wide = client.get(f"/api/v1/stories/{web.mines}/diff?from=1&to=3&all=1").json()
    cli_wide = run_cli(web, "diff", str(web.mines), "--from", "1", "--to", "3", "--all", "--json")
    assert {k: wide[k] for k in cli_wide} == cli_wide
    assert any(e["reason"] for e in wide["cosmetic_edits"])
    assert client.get(f"/api/v1/stories/{web.talks}/diff").status_code == 404
    assert client.get(f"/api/v1/stories/{web.mines}/diff?from=1&to=7").status_code == 404


def test_feeds_are_what_monitor_feeds_json_prints(client: TestClient, web: WebStore):
    expected = sorted(run_cli(web, "feeds", "--json", "--config", str(web.config_path)),
                      key=lambda r: r["name"])
    assert items(client, "/api/v1/feeds") == expected
    assert all("s3cr3t" not in json.dumps(r) for r in expected)


def test_alerts_are_what_monitor_alerts_json_prints(client: TestClient, web: WebStore):
    def alerts(*args: str) -> Any:
        return run_cli(web, "alerts", *args, "--json", "--config", str(web.config_path))

    assert items(client, "/api/v1/alerts") == alerts()
    assert items(client, "/api/v1/alerts?status=dead") == alerts("--status", "dead")


def test_changes_carry_the_history_change_fields_plus_where(client: TestClient, web: WebStore):
    rows = items(client, "/api/v1/changes")
    assert [r["detected_at"] for r in rows] == sorted((r["detected_at"] for r in rows),
                                                      reverse=True)
    history = run_cli(web, "history", str(web.mines), "--json")
    from_history = [dict(c, version=v["version"]) for v in history for c in v["changes"]]
    mine = [r for r in rows if r["story_id"] == web.mines]
    assert len(mine) == len(from_history)
    for change in from_history:
        match = next(r for r in mine if r["version"] == change["version"]
                     and r["kind"] == change["kind"])
        assert {k: match[k] for k in change} == change
        assert match["feed"] == "world" and match["story_title"].startswith("US authorises")
    assert items(client, f"/api/v1/changes?story={web.talks}") == []
    assert [r["kind"] for r in items(client, "/api/v1/changes?watch=end+of+term")] == ["date"]


# ---------------------------------------------------------------- cursors


@pytest.mark.parametrize("url", ["/api/v1/changes", "/api/v1/stories", "/api/v1/alerts",
                                 "/api/v1/feeds", "/api/v1/changes?feed=world"])
def test_cursor_pages_cover_every_row_once_in_order(client: TestClient, url: str):
    everything = items(client, url)
    assert len(everything) >= 2
    seen: list[Any] = []
    joiner = "&" if "?" in url else "?"
    page = client.get(f"{url}{joiner}limit=1")
    while True:
        body = page.json()
        assert len(body["items"]) <= 1
        seen += body["items"]
        if body["next_cursor"] is None:
            assert "link" not in page.headers
            break
        assert page.headers["link"].endswith('>; rel="next"')
        link = page.headers["link"][1:page.headers["link"].index(">")]
        assert f"cursor={body['next_cursor']}" in link and "limit=1" in link
        page = client.get(link)
    assert seen == everything


@pytest.mark.parametrize("query", ["cursor=%%%", "cursor=WzFd", "cursor=eyJhIjoxfQ",
                                   "limit=-1", "limit=501", "limit=%C2%B2", "kind=nonsense",
                                   "since=soon"])
def test_bad_parameters_are_a_400_with_a_reason(client: TestClient, query: str):
    response = client.get(f"/api/v1/changes?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]


# ---------------------------------------------------------------- OpenAPI


def _api_routes(app: WebApp) -> set[tuple[str, str]]:
    routes = set()
    for route in app.app.routes:
        if isinstance(route, Route) and route.path.startswith("/api/v1"):
            path = route.path.replace(":int}", "}")
            routes |= {(path, m.lower()) for m in route.methods or () if m != "HEAD"}
    return routes


def test_openapi_documents_every_api_route(client: TestClient, app: WebApp):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert documented == _api_routes(app)


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_answers_have_the_documented_fields(client: TestClient, web: WebStore):
    doc = client.get("/api/openapi.json").json()
    for url, path in (("/api/v1/changes", "/api/v1/changes"),
                      ("/api/v1/stories", "/api/v1/stories"),
                      ("/api/v1/feeds", "/api/v1/feeds"), ("/api/v1/alerts", "/api/v1/alerts"),
                      (f"/api/v1/stories/{web.mines}", "/api/v1/stories/{story_id}"),
                      (f"/api/v1/stories/{web.mines}/diff", "/api/v1/stories/{story_id}/diff")):
        schema = _resolve(doc, doc["paths"][path]["get"]["responses"]["200"]["content"]
                          ["application/json"]["schema"])
        body = client.get(url).json()
        assert set(body) == set(schema["properties"]), url
        if "items" in schema["properties"]:
            item_schema = _resolve(doc, schema["properties"]["items"]["items"])
            assert body["items"], url
            for item in body["items"]:
                assert set(item) == set(item_schema["properties"]), url
