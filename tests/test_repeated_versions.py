"""A version that repeats an earlier one word for word (a stale copy a cache served again,
or an edit undone): its changes are real and alert as any, and the alert says which
version it repeats, so an editor does not read "voted" -> "will vote" as news."""

from __future__ import annotations

import json
from typing import Any

from starlette.testclient import TestClient

from monitor.config import parse_config
from monitor.notify import render
from monitor.pipeline import Pipeline
from monitor.store import Store
from monitor.web.app import WebApp
from tests.support.httpserver import HTTPTestServer
from tests.support.inprocess import invoke_monitor
from tests.support.polling import MINES, RSS, TERM, Clock, Item, config_text, rss

LINK = "http://127.0.0.1/world/mines"
FIRST = Item("mines-1", "US authorises mines for Ukraine", f"{MINES}\n\n{TERM}", LINK)
EDITED = Item("mines-1", FIRST.title,
              FIRST.text.replace("ends in January", "ends on January 20"), LINK)


def poll(pipeline: Pipeline, server: HTTPTestServer, clock: Clock, item: Item) -> None:
    server.route("/feed.xml", body=rss([item]), headers=RSS)
    clock.advance(hours=1)
    assert pipeline.poll()[0].ok


def payloads(store: Store) -> list[dict[str, Any]]:
    rows = store.query("SELECT payload FROM deliveries WHERE type = 'fact.changed' ORDER BY id")
    return [json.loads(row["payload"]) for row in rows]


def test_an_alert_for_a_version_repeating_an_earlier_one_says_so(
        http_server: HTTPTestServer, store: Store, tmp_path: Any) -> None:
    config = parse_config(config_text([{"name": "world", "url": http_server.url("/feed.xml")}]),
                          "test.yaml")
    clock = Clock()
    pipeline = Pipeline(config, store, clock=clock)
    for item in (FIRST, EDITED, FIRST):
        poll(pipeline, http_server, clock, item)
    edited, repeated = payloads(store)
    assert edited["repeats_version"] is None
    assert repeated["repeats_version"] == 1
    assert [c["new"] for c in repeated["changes"]] == [c["old"] for c in edited["changes"]]
    assert "Note:     this version repeats version 1 word for word" in render.text_body(
        repeated)
    assert "repeats version 1" in render.html_body(repeated)
    assert render.json_body("id", repeated)["repeats_version"] == 1
    assert "Note:" not in render.text_body(edited)
    history = invoke_monitor("history", "mines-1", "--db", str(tmp_path / "monitor.db"),
                             env={"NO_COLOR": "1"})
    assert history.returncode == 0, history.stderr
    assert history.stdout.count("repeats v1 word for word") == 1
    listed = json.loads(invoke_monitor("history", "mines-1", "--json", "--db",
                                       str(tmp_path / "monitor.db")).stdout)
    assert [v["repeats_version"] for v in listed] == [None, None, 1]
    story_id = listed[0]["story_id"]
    with TestClient(WebApp(tmp_path / "monitor.db", config=config).app) as client:
        page = client.get(f"/stories/{story_id}").text
        assert page.count("repeats v1 word for word") == 1
        api = client.get(f"/api/v1/stories/{story_id}").json()
        assert [v["repeats_version"] for v in api["history"]] == [None, None, 1]
