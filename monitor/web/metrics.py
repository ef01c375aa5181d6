"""/metrics: Prometheus text format via the official client (prometheus-client).

Two sources, one registry per application:

- **The store**, read at each scrape (``StoreCollector``): stories, versions, fact changes
  by kind and action, alerts by status and type, retries, outbox depth and age, muted
  stories, each feed's last poll, last success, last HTTP status and failure streak, and
  the daemon's heartbeat.  These are right whichever process polls: `monitor serve`
  beside the daemon shows the daemon's work.
- **This process** (``ProcessMetrics``, fed by monitor.events): polls by result, HTTP
  statuses of feed requests, poll and delivery durations (histograms) and deliveries by
  outcome.  They count what happens in the serving process, so they fill under
  `monitor run --serve` and stay at zero under a `monitor serve` beside a daemon.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from monitor import events
from monitor.storage import Storage
from monitor.store import parse_iso, utcnow

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

POLL_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120)
DELIVERY_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


def _timestamp(value: str | None) -> float | None:
    moment = parse_iso(value)
    return moment.timestamp() if moment else None


class StoreCollector(Collector):
    """Totals read from the store at each scrape (one read snapshot)."""

    def __init__(self, open_store: Callable[[], Storage]) -> None:
        self.open_store = open_store

    def collect(self) -> Iterator[Metric]:
        snap = self.open_store().metrics_snapshot()
        yield GaugeMetricFamily("monitor_stories", "Stories in the store.", value=snap["stories"])
        yield CounterMetricFamily("monitor_versions", "Story versions stored.",
                                  value=snap["versions"])
        changes = CounterMetricFamily("monitor_fact_changes", "Fact changes stored, by kind "
                                      "and action.", labels=["kind", "action"])
        for kind, action, count in snap["changes"]:
            changes.add_metric([kind, action], count)
        yield changes
        alerts = GaugeMetricFamily("monitor_alerts", "Alert deliveries in the outbox, by "
                                   "status (pending, sent, dead) and type.",
                                   labels=["status", "type"])
        by_status = {"pending": 0, "sent": 0, "dead": 0}
        for status, kind, count in snap["deliveries"]:
            alerts.add_metric([status, kind], count)
            by_status[status] = by_status.get(status, 0) + count
        yield alerts
        yield CounterMetricFamily("monitor_alerts_sent", "Alert deliveries sent.",
                                  value=by_status["sent"])
        yield GaugeMetricFamily("monitor_alerts_dead", "Alert deliveries given up on (dead).",
                                value=by_status["dead"])
        yield GaugeMetricFamily("monitor_alert_retries", "Send attempts beyond the first, "
                                "over the deliveries in the outbox.", value=snap["retries"])
        yield GaugeMetricFamily("monitor_outbox_depth", "Alert deliveries waiting to be sent.",
                                value=by_status["pending"])
        oldest = _timestamp(snap["oldest_pending"])
        yield GaugeMetricFamily(
            "monitor_outbox_oldest_pending_age_seconds", "Age of the oldest pending delivery "
            "(0 when none waits).",
            value=max(0.0, utcnow().timestamp() - oldest) if oldest else 0.0)
        yield GaugeMetricFamily("monitor_muted_stories", "Stories with a mute set.",
                                value=snap["muted"])
        yield from self._feeds(snap["feeds"])
        state = snap.get("daemon")
        beat = GaugeMetricFamily("monitor_daemon_heartbeat_timestamp_seconds",
                                 "When the daemon last noted it was alive (Unix time).")
        if state and _timestamp(state["beat_at"]):
            beat.add_metric([], _timestamp(state["beat_at"]) or 0.0)
        yield beat

    @staticmethod
    def _feeds(rows: list[dict[str, Any]]) -> Iterator[Metric]:
        success = GaugeMetricFamily("monitor_feed_last_success_timestamp_seconds",
                                    "Last successful poll of each feed (Unix time).",
                                    labels=["feed"])
        polled = GaugeMetricFamily("monitor_feed_last_poll_timestamp_seconds",
                                   "Last poll of each feed (Unix time).", labels=["feed"])
        status = GaugeMetricFamily("monitor_feed_last_http_status", "HTTP status of each "
                                   "feed's last poll (0: no answer).", labels=["feed"])
        failures = GaugeMetricFamily("monitor_feed_consecutive_failures",
                                     "Failed polls in a row, per feed.", labels=["feed"])
        states = {"ok": 0, "failing": 0, "never_polled": 0}
        for row in rows:
            name = row["name"]
            if (when := _timestamp(row["last_success_at"])) is not None:
                success.add_metric([name], when)
            if (when := _timestamp(row["last_polled_at"])) is not None:
                polled.add_metric([name], when)
                status.add_metric([name], row["last_status"] or 0)
            failures.add_metric([name], row["consecutive_failures"] or 0)
            if row["last_polled_at"] is None:
                states["never_polled"] += 1
            elif row["last_error"]:
                states["failing"] += 1
            else:
                states["ok"] += 1
        feeds = GaugeMetricFamily("monitor_feeds", "Feeds by the result of their last poll.",
                                  labels=["state"])
        for name, count in states.items():
            feeds.add_metric([name], count)
        yield from (success, polled, status, failures, feeds)


class ProcessMetrics:
    """Counters and histograms of polls and sends made by this process."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.polls = Counter("monitor_polls", "Feed polls by this process, by result "
                             "(ok, not_modified, failed, skipped).", ["result"],
                             registry=registry)
        self.statuses = Counter("monitor_poll_http_responses", "HTTP statuses of feed "
                                "requests by this process (none: no answer).", ["status"],
                                registry=registry)
        self.poll_seconds = Histogram("monitor_poll_duration_seconds", "Duration of one "
                                      "feed poll by this process.", buckets=POLL_BUCKETS,
                                      registry=registry)
        self.deliveries = Counter("monitor_deliveries", "Alert send attempts by this "
                                  "process, by outcome (sent, retry, dead).", ["outcome"],
                                  registry=registry)
        self.delivery_seconds = Histogram("monitor_delivery_duration_seconds", "Duration of "
                                          "one alert send by this process.",
                                          buckets=DELIVERY_BUCKETS, registry=registry)
        for result in ("ok", "not_modified", "failed", "skipped"):
            self.polls.labels(result)
        for outcome in ("sent", "retry", "dead"):
            self.deliveries.labels(outcome)
        self._unsubscribe: list[Callable[[], None]] = []

    def start(self) -> None:
        self._unsubscribe = [events.subscribe(events.POLL_DONE, self.on_poll),
                             events.subscribe(events.DELIVERY_DONE, self.on_delivery)]

    def stop(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []

    def on_poll(self, *, outcome: Any, **_: Any) -> None:
        if outcome.skipped:
            result = "skipped"
        elif not outcome.ok:
            result = "failed"
        elif outcome.status == 304:
            result = "not_modified"
        else:
            result = "ok"
        self.polls.labels(result).inc()
        if not outcome.skipped:
            self.statuses.labels(str(outcome.status) if outcome.status else "none").inc()
            self.poll_seconds.observe(outcome.duration)

    def on_delivery(self, *, outcome: str, seconds: float, **_: Any) -> None:
        self.deliveries.labels(outcome).inc()
        self.delivery_seconds.observe(seconds)


class Metrics:
    """The registry of one application: store totals plus this process's counters."""

    def __init__(self, open_store: Callable[[], Storage]) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(StoreCollector(open_store))
        self.process = ProcessMetrics(self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)
