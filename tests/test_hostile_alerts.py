"""Alert destinations under hostile answers (issue 11, items 4 and 5), against real servers
on loopback: an Apprise json:// target that redirects, and an SMTP server (aiosmtpd) that
defers one recipient of two."""

from __future__ import annotations

import json

import pytest

from monitor.notify import render
from monitor.notify.apprise_channel import AppriseChannel
from monitor.notify.base import Message, SendFailure
from tests.support.httpserver import HTTPTestServer
from tests.support.outbox import condition_change

STORY = {"id": 7, "title": "Mines", "url": "https://news.example.org/a/1", "feed": "world"}


def message(key: str = "k" * 64) -> Message:
    payload = render.fact_payload(story=STORY, watches=["mines"], changes=[condition_change()],
                                  version_id=3, detected_at="2026-11-20T12:00:05Z")
    return Message(key=key, payload=payload)


# ---------------------------------------------------------------- item 4: Apprise redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_apprise_destination_redirecting_to_an_unspecified_address_is_not_followed(
        status: int) -> None:
    """A json:// destination (on loopback, allowed) answering a redirect to 0.0.0.0 (the
    unspecified address, which reaches this very host): the hop is never made, even with
    allow_private, and the failure names the redirect."""
    with HTTPTestServer(host="0.0.0.0") as target, HTTPTestServer() as destination:
        target.route("/steal", body=b"{}")
        destination.route("/notify", status=status,
                          headers={"Location": f"http://0.0.0.0:{target.port}/steal"})
        channel = AppriseChannel("chat", {"urls": [f"json://127.0.0.1:{destination.port}/notify"],
                                          "allow_private": True}, timeout=3.0)
        with pytest.raises(SendFailure) as caught:
            channel.send(message())
        assert len(destination.requests_to("/notify")) == 1
        assert not target.requests, "the redirect was followed"
    assert "redirect" in str(caught.value) and "\n" not in str(caught.value)
    assert not caught.value.retryable


def test_apprise_destination_redirecting_to_another_loopback_host_is_not_followed() -> None:
    """Redirects are never followed, even to a host the channel may reach: a signed or
    tokened alert goes to the configured URL only."""
    with HTTPTestServer() as other, HTTPTestServer() as destination:
        other.route("/steal", body=b"{}")
        destination.route("/notify", status=302,
                          headers={"Location": f"http://localhost:{other.port}/steal"})
        channel = AppriseChannel("chat", {"urls": [f"json://127.0.0.1:{destination.port}/notify"],
                                          "allow_private": True}, timeout=3.0)
        with pytest.raises(SendFailure):
            channel.send(message())
        assert not other.requests


def test_apprise_destination_answering_200_still_works() -> None:
    with HTTPTestServer() as destination:
        destination.route("/notify", body=b"{}")
        channel = AppriseChannel("chat", {"urls": [f"json://127.0.0.1:{destination.port}/notify"],
                                          "allow_private": True}, timeout=3.0)
        assert channel.send(message()) == "apprise: accepted by 1 service(s)"
        [request] = destination.requests
    assert json.loads(request.body)["title"]


# ---------------------------------------------------------------- item 5: SMTP, one deferred


def _email_config(tmp_path, port: int, *, attempts: int = 4):
    from tests.support.outbox import make_config

    return make_config(tmp_path, f"""
channels:
  desk: {{type: email, host: 127.0.0.1, port: {port}, from: monitor@example.org,
          to: [desk@example.org, night@example.org]}}
watches:
  - {{name: all, notify: [desk]}}
delivery: {{max_attempts: {attempts}, backoff: 10s, backoff_max: 1m, timeout: 3s}}
""")


def test_smtp_recipient_deferred_is_retried_alone_and_the_other_never_gets_it_twice(
        tmp_path, store) -> None:
    """desk@ accepts, night@ is deferred (450) twice: the alert stays pending, each retry
    goes to night@ only, and it is sent once night@ accepts. Each mailbox holds one copy
    (same Message-ID), and the row is marked sent only then."""
    from monitor.notify.outbox import DeliveryWorker
    from tests.support.outbox import Clock, deliveries, enqueue
    from tests.support.smtp import SMTPTestServer

    with SMTPTestServer() as smtp:
        config = _email_config(tmp_path, smtp.port)
        enqueue(store, config, [condition_change()])
        smtp.refuse_recipient("night@example.org", 450, 450)
        clock = Clock()
        with DeliveryWorker(tmp_path / "monitor.db", config, clock=clock) as worker:
            assert worker.run_once() == {"sent": 0, "retry": 1, "dead": 0}
            row = deliveries(store)[0]
            assert row["status"] == "pending"
            assert "night@example.org" in row["last_error"] and "450" in row["last_error"]
            assert "desk@example.org" not in row["last_error"]
            clock.advance(120)
            assert worker.run_once()["retry"] == 1
            clock.advance(120)
            assert worker.run_once()["sent"] == 1
        assert [rcpts for _, rcpts in smtp.envelopes] == [["desk@example.org"],
                                                         ["night@example.org"]]
        assert len(smtp.received_by("desk@example.org")) == 1
        assert len(smtp.received_by("night@example.org")) == 1
        assert len(smtp.unique()) == 1  # one Message-ID: a retry, not a new alert
        assert [a for a, _ in smtp.recipients_refused] == ["night@example.org"] * 2
    row = deliveries(store)[0]
    assert row["status"] == "sent" and row["attempts"] == 3


def test_smtp_deferred_recipient_survives_a_connection_failure_between_retries(
        tmp_path, store) -> None:
    """An attempt that cannot even connect does not forget who already has the alert."""
    from monitor.notify.outbox import DeliveryWorker
    from tests.support.outbox import Clock, deliveries, enqueue
    from tests.support.smtp import SMTPTestServer

    with SMTPTestServer() as smtp:
        port = smtp.port
        config = _email_config(tmp_path, port)
        enqueue(store, config, [condition_change()])
        smtp.refuse_recipient("night@example.org", 450)
        clock = Clock()
        with DeliveryWorker(tmp_path / "monitor.db", config, clock=clock) as worker:
            assert worker.run_once()["retry"] == 1
        first = list(smtp.envelopes)
    with DeliveryWorker(tmp_path / "monitor.db", config, clock=clock) as worker:
        clock.advance(120)
        assert worker.run_once()["retry"] == 1  # the server is down: connection refused
    with SMTPTestServer(port=port) as smtp:
        with DeliveryWorker(tmp_path / "monitor.db", config, clock=clock) as worker:
            clock.advance(120)
            assert worker.run_once()["sent"] == 1
        assert first == [("monitor@example.org", ["desk@example.org"])]
        assert [rcpts for _, rcpts in smtp.envelopes] == [["night@example.org"]]
    assert deliveries(store)[0]["status"] == "sent"


def test_smtp_recipient_deferred_until_the_last_attempt_makes_the_alert_dead(
        tmp_path, store) -> None:
    from monitor.notify.outbox import DeliveryWorker
    from tests.support.outbox import Clock, deliveries, enqueue
    from tests.support.smtp import SMTPTestServer

    with SMTPTestServer() as smtp:
        config = _email_config(tmp_path, smtp.port, attempts=2)
        enqueue(store, config, [condition_change()])
        smtp.refuse_recipient("night@example.org", 450, 450, 450)
        clock = Clock()
        with DeliveryWorker(tmp_path / "monitor.db", config, clock=clock) as worker:
            worker.run_once()
            clock.advance(120)
            assert worker.run_once()["dead"] == 1
        assert len(smtp.received_by("desk@example.org")) == 1
        assert not smtp.received_by("night@example.org")
    row = deliveries(store)[0]
    assert row["status"] == "dead" and "night@example.org" in row["last_error"]


def test_smtp_recipient_refused_for_good_does_not_hold_the_alert(tmp_path, store) -> None:
    """550 for one recipient is final: the alert is sent to the other and marked sent,
    its answer naming the refused address."""
    from monitor.notify.outbox import DeliveryWorker
    from tests.support.outbox import Clock, deliveries, enqueue
    from tests.support.smtp import SMTPTestServer

    with SMTPTestServer() as smtp:
        config = _email_config(tmp_path, smtp.port)
        enqueue(store, config, [condition_change()])
        smtp.refuse_recipient("night@example.org", 550)
        with DeliveryWorker(tmp_path / "monitor.db", config, clock=Clock()) as worker:
            assert worker.run_once()["sent"] == 1
        assert len(smtp.received_by("desk@example.org")) == 1
    row = deliveries(store)[0]
    assert row["status"] == "sent" and "night@example.org" in row["response"]
