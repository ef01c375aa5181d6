"""/metrics read by Prometheus' own text-format parser, and /healthz (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

pytest.importorskip("prometheus_client")

from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from monitor import events
from monitor.config import parse_config
from monitor.pipeline import Pipeline, PollOutcome
from monitor.store import Store, iso, utcnow
from monitor.web.app import WebApp
from tests.support.polling import RSS, Item, config_text, rss
from tests.support.web import WebStore, build


@pytest.fixture
def web(tmp_path) -> WebStore:
    return build(tmp_path / "monitor.db")


@pytest.fixture
def client(web: WebStore) -> Iterator[TestClient]:
    with TestClient(WebApp(web.path, config=web.config, stale_after=30).app) as test_client:
        yield test_client


def scrape(client: TestClient) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """name -> {sorted labels: value} for every sample, as Prometheus would read them."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = (
                sample.value)
    return samples


def one(samples: dict[str, dict[tuple[tuple[str, str], ...], float]], name: str,
        **labels: str) -> float:
    return samples[name][tuple(sorted(labels.items()))]


def test_store_totals(client: TestClient):
    m = scrape(client)
    assert one(m, "monitor_stories") == 3
    assert one(m, "monitor_versions_total") == 6
    assert one(m, "monitor_fact_changes_total", kind="condition", action="changed") == 1
    assert one(m, "monitor_fact_changes_total", kind="date", action="changed") == 1
    assert sum(m["monitor_fact_changes_total"].values()) == 4
    assert one(m, "monitor_alerts", status="dead", type="fact.changed") == 1
    assert one(m, "monitor_alerts", status="pending", type="fact.changed") == 2
    assert one(m, "monitor_outbox_depth") == 2
    assert one(m, "monitor_alerts_dead") == 1
    assert one(m, "monitor_alert_retries") == 4  # the dead one: 5 attempts
    assert one(m, "monitor_alerts_sent_total") == 0
    assert one(m, "monitor_outbox_oldest_pending_age_seconds") > 0
    assert one(m, "monitor_muted_stories") == 0


def test_feed_health(client: TestClient):
    m = scrape(client)
    assert one(m, "monitor_feed_last_http_status", feed="wire") == 503
    assert one(m, "monitor_feed_last_http_status", feed="world") == 200
    assert one(m, "monitor_feed_consecutive_failures", feed="wire") == 2
    assert (feed := "world") and one(m, "monitor_feed_last_success_timestamp_seconds",
                                     feed=feed) > 1.7e9
    assert (("feed", "wire"),) not in m["monitor_feed_last_success_timestamp_seconds"]
    assert one(m, "monitor_feeds", state="failing") == 1
    assert one(m, "monitor_feeds", state="ok") == 1


def test_process_counters_follow_polls_and_sends_of_this_process(client: TestClient):
    events.emit(events.POLL_DONE, outcome=PollOutcome("world", status=200, duration=0.3))
    events.emit(events.POLL_DONE, outcome=PollOutcome("world", status=304, duration=0.05))
    events.emit(events.POLL_DONE, outcome=PollOutcome("wire", status=503, error="HTTP 503",
                                                      duration=1.5))
    events.emit(events.POLL_DONE, outcome=PollOutcome("wire", skipped=True))
    events.emit(events.DELIVERY_DONE, channel="desk", outcome="sent", seconds=0.2)
    events.emit(events.DELIVERY_DONE, channel="desk", outcome="retry", seconds=2.0)
    m = scrape(client)
    assert one(m, "monitor_polls_total", result="ok") == 1
    assert one(m, "monitor_polls_total", result="not_modified") == 1
    assert one(m, "monitor_polls_total", result="failed") == 1
    assert one(m, "monitor_polls_total", result="skipped") == 1
    assert one(m, "monitor_poll_http_responses_total", status="503") == 1
    assert one(m, "monitor_poll_duration_seconds_count") == 3
    assert one(m, "monitor_poll_duration_seconds_bucket", le="0.1") == 1
    assert one(m, "monitor_poll_duration_seconds_sum") == pytest.approx(1.85)
    assert one(m, "monitor_deliveries_total", outcome="sent") == 1
    assert one(m, "monitor_deliveries_total", outcome="dead") == 0
    assert one(m, "monitor_delivery_duration_seconds_count") == 2


def test_a_real_poll_in_this_process_is_counted(client: TestClient, http_server, web: WebStore):
    http_server.route("/feed.xml", body=rss([Item("x-1", "Storm hits coast",
                                                  "Winds reached 120 km/h on Monday.")]),
                      headers=RSS)
    feeds = [{"name": "coast", "url": http_server.url("/feed.xml")}]
    config = parse_config(config_text(feeds, defaults={"allow_private_addresses": True}))
    with Store.open(web.path) as store, Pipeline(config, store) as pipeline:
        pipeline.poll()
    m = scrape(client)
    assert one(m, "monitor_polls_total", result="ok") == 1
    assert one(m, "monitor_poll_http_responses_total", status="200") == 1
    assert one(m, "monitor_versions_total") == 7
    assert one(m, "monitor_feed_last_http_status", feed="coast") == 200


def test_listeners_go_when_the_app_stops(web: WebStore):
    app = WebApp(web.path)
    with TestClient(app.app):
        assert events._listeners[events.POLL_DONE]
    assert app.metrics.process.on_poll not in events._listeners.get(events.POLL_DONE, [])


def test_a_failing_listener_never_breaks_the_emitter():
    def broken(**_: object) -> None:
        raise RuntimeError("boom")

    unsubscribe = events.subscribe("test.event", broken)
    try:
        events.emit("test.event", value=1)  # logged, not raised
    finally:
        unsubscribe()
    assert broken not in events._listeners.get("test.event", [])


# ---------------------------------------------------------------- /healthz


def beat(web: WebStore, *, age: float, stopped: bool = False) -> None:
    at = iso(utcnow() - timedelta(seconds=age)) or ""
    with Store.open(web.path) as store:
        store.beat(host="h", pid=42, started_at=at, now=at)
        if stopped:
            store.daemon_stopped(host="h", pid=42, now=at)


def test_healthz_without_a_daemon_checks_the_store(client: TestClient):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "schema": response.json()["schema"],
                               "daemon": {"state": "none"}}


def test_healthz_beside_a_running_daemon(client: TestClient, web: WebStore):
    beat(web, age=2)
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["daemon"]["state"] == "running"
    assert body["daemon"]["pid"] == 42
    assert "monitor_daemon_heartbeat_timestamp_seconds" in scrape(client)


def test_healthz_fails_when_the_daemon_heartbeat_is_stale(client: TestClient, web: WebStore):
    beat(web, age=120)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["daemon"]["state"] == "stale"
    assert "heartbeat" in response.json()["error"]


def test_healthz_after_a_clean_daemon_stop(client: TestClient, web: WebStore):
    beat(web, age=600, stopped=True)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["daemon"]["state"] == "stopped"


def test_healthz_when_the_store_cannot_be_read(web: WebStore, monkeypatch):
    app = WebApp(web.path)

    def broken() -> Store:
        raise OSError("disk gone")

    with TestClient(app.app) as test_client:
        monkeypatch.setattr(app.stores, "get", broken)
        response = test_client.get("/healthz")
    assert response.status_code == 503 and "disk gone" in response.json()["error"]
