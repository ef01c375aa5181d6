"""Hardening (issue 7, section 4): a webhook receiver down for an hour, simulated on the
worker's clock with the default delivery settings, while alerts keep arriving."""

from __future__ import annotations

import pytest

from monitor.notify.outbox import DeliveryWorker
from monitor.store import Store
from tests.support.outbox import Clock, condition_change, deliveries, enqueue, make_config
from tests.support.webhook import SECRET, WebhookReceiver, free_port

ALERTS = 30  # one every two minutes for the hour the receiver is down


@pytest.mark.slow
def test_receiver_down_for_an_hour_gets_the_backlog_in_order_once_at_a_bounded_rate(
        tmp_path) -> None:
    port = free_port()  # nothing listens: connection refused, as for a receiver that is down
    config = make_config(tmp_path, f"""
channels:
  hook: {{type: webhook, url: "http://127.0.0.1:{port}/hook", secret: {SECRET},
          allow_private: true}}
watches:
  - {{name: mines, keywords: [mines], notify: [hook]}}
""")
    assert config.delivery.max_attempts == 10  # the defaults, as a user gets them
    clock = Clock()
    urls = [f"https://news.example.org/a/{i}" for i in range(ALERTS)]
    with Store.open(tmp_path / "monitor.db") as store, \
            DeliveryWorker(tmp_path / "monitor.db", config, clock=clock) as worker:
        attempts = 0
        for minute in range(60):  # the daemon's worker wakes every minute for an hour
            if minute % 2 == 0:
                enqueue(store, config, [condition_change()], url=urls[minute // 2], now=clock())
            counts = worker.run_once()
            assert counts["sent"] == 0 and counts["dead"] == 0, (minute, counts)
            attempts += counts["retry"]
            clock.advance(60)
        # Down for an hour: the oldest alert probes the receiver with exponential backoff;
        # the others wait behind it (not 30 alerts retried every minute) and none is dead.
        assert 3 <= attempts <= 8, attempts
        rows = deliveries(store)
        assert len(rows) == ALERTS and all(r["status"] == "pending" for r in rows)
        assert sum(r["attempts"] for r in rows) == attempts
        assert all(r["attempts"] == 0 for r in rows[1:])

        with WebhookReceiver(port=port) as receiver:
            sent = 0
            for _minute in range(70):  # back within one backoff cap (the head's next try)
                sent += worker.run_once()["sent"]
                if sent == ALERTS:
                    break
                clock.advance(60)
            assert sent == ALERTS
            assert worker.run_once() == {"sent": 0, "retry": 0, "dead": 0}
        assert all(r["status"] == "sent" for r in deliveries(store))
    assert len(receiver.requests) == ALERTS and len(receiver.unique) == ALERTS
    assert [receiver.unique[key]["story"]["url"] for key in receiver.order] == urls
    accepted = [r.at for r in receiver.requests]
    # paced at the default rate (5 a second per channel), not all at once
    assert accepted[-1] - accepted[0] >= (ALERTS - 1) / 5 * 0.9
