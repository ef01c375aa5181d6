"""The delivery outbox on a real SQLite file, with a real SMTP server and webhook receiver."""

from __future__ import annotations

import json
import logging
import threading
import time

from monitor.notify import outbox
from monitor.notify.outbox import DeliveryWorker, enqueue_fact_alerts, enqueue_health_alert
from monitor.store import iso
from tests.support import smtp, webhook
from tests.support.outbox import (
    T0,
    Clock,
    add_story,
    condition_change,
    deliveries,
    enqueue,
    make_config,
)
from tests.support.webhook import SECRET, WebhookReceiver, free_port

smtp_server = smtp.smtp_server
webhook_receiver = webhook.webhook_receiver

DELIVERY = """
delivery: {max_attempts: 4, backoff: 10s, backoff_max: 1m, timeout: 2s}
"""


def alert_config(tmp_path, *, hook_url: str = "", smtp_port: int = 0, watches: str = "",
                 extra_channels: str = "", hook_options: str = "", delivery: str = DELIVERY):
    channels = "channels:\n"
    if hook_url:
        channels += (f"  ops-hook: {{type: webhook, url: \"{hook_url}\", secret: {SECRET}, "
                     f"allow_private: true{hook_options}}}\n")
    if smtp_port:
        channels += (f"  desk-email: {{type: email, host: 127.0.0.1, port: {smtp_port}, "
                     "from: monitor@example.org, to: [desk@example.org]}\n")
    channels += extra_channels
    notify = [n for n, on in (("ops-hook", hook_url), ("desk-email", smtp_port)) if on]
    watches = watches or f"""
watches:
  - name: mine-use conditions
    keywords: [mine, mines, landmine]
    kinds: [condition, status, date]
    feeds: [world]
    min_severity: medium
    notify: [{', '.join(notify)}]
"""
    return make_config(tmp_path, channels + watches + delivery)


def worker(tmp_path, config, clock=None, **kwargs) -> DeliveryWorker:
    return DeliveryWorker(tmp_path / "monitor.db", config, clock=clock or Clock(), **kwargs)


# ---------------------------------------------------------------- enqueueing


def test_watched_change_is_delivered_once_to_email_and_webhook(
        tmp_path, store, smtp_server, webhook_receiver) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url, smtp_port=smtp_server.port)
    assert enqueue(store, config, [condition_change()]) == 2
    with worker(tmp_path, config) as w:
        assert w.run_once() == {"sent": 2, "retry": 0, "dead": 0}
        assert w.run_once() == {"sent": 0, "retry": 0, "dead": 0}
    assert len(webhook_receiver.requests) == 1 and len(webhook_receiver.unique) == 1
    assert len(smtp_server.messages) == 1
    rows = deliveries(store)
    assert [r["status"] for r in rows] == ["sent", "sent"]
    hook_row = next(r for r in rows if r["channel"] == "ops-hook")
    assert webhook_receiver.requests[0].headers["webhook-id"] == hook_row["idempotency_key"]
    mail_row = next(r for r in rows if r["channel"] == "desk-email")
    assert smtp_server.messages[0]["Message-ID"].startswith(f"<{mail_row['idempotency_key']}@")
    assert hook_row["response"].endswith(f"HTTP 200 ok {hook_row['idempotency_key'][:12]}")
    body = next(iter(webhook_receiver.unique.values()))
    assert body["watch"] == "mine-use conditions"
    assert body["story"]["feed"] == "world"


def test_enqueue_is_idempotent_per_version_and_channel(tmp_path, store) -> None:
    config = alert_config(tmp_path, hook_url="http://127.0.0.1:9/h")
    row, version_id = add_story(store)
    for expected in (1, 0):
        with store.write():
            assert enqueue_fact_alerts(store, config, story=row, version_id=version_id,
                                       changes=[condition_change()], now=T0) == expected
    assert len(deliveries(store)) == 1


def test_unwatched_or_empty_changes_reach_no_one(tmp_path, store) -> None:
    config = alert_config(tmp_path, hook_url="http://127.0.0.1:9/h")
    assert enqueue(store, config, []) == 0  # cosmetic edits produce no Change
    unrelated = condition_change(old_sentence="Play is held in Kyiv only.",
                                 new_sentence="Play is held in Kyiv and Lviv.")
    assert enqueue(store, config, [unrelated], title="Football results",
                   text="A quiet weekend.") == 0  # no keyword
    assert enqueue(store, config, [condition_change()], feed="sport") == 0  # other feed
    assert enqueue(store, config, [condition_change(severity="low")]) == 0  # too minor
    assert enqueue(store, config, [condition_change(kind="number")]) == 0  # other kind
    assert deliveries(store) == []


def test_several_changes_of_one_story_make_one_alert_per_channel(tmp_path, store) -> None:
    config = alert_config(tmp_path, hook_url="http://127.0.0.1:9/h")
    changes = [condition_change(), condition_change(kind="date", old="January", new="March"),
               condition_change(kind="number", old="5", new="6")]  # number: not watched
    assert enqueue(store, config, changes) == 1
    payload = json.loads(deliveries(store)[0]["payload"])
    assert [c["kind"] for c in payload["changes"]] == ["condition", "date"]


def test_without_watches_every_change_goes_to_the_console(tmp_path, store, capsys) -> None:
    config = make_config(tmp_path, DELIVERY)
    assert enqueue(store, config, [condition_change(severity="low")]) == 1
    with worker(tmp_path, config) as w:
        assert w.run_once()["sent"] == 1
    out = capsys.readouterr().out
    assert "[console] Condition changed: 'exclusively within Ukrainian territory'" in out


# ---------------------------------------------------------------- failures and retries


def test_receiver_down_then_up_gets_the_alert_once(tmp_path, store) -> None:
    port = free_port()
    config = alert_config(tmp_path, hook_url=f"http://127.0.0.1:{port}/hook")
    clock = Clock()
    enqueue(store, config, [condition_change()])
    with worker(tmp_path, config, clock) as w:
        assert w.run_once() == {"sent": 0, "retry": 1, "dead": 0}
        [row] = deliveries(store)
        assert row["status"] == "pending" and row["attempts"] == 1
        assert "refused" in row["last_error"].lower()
        assert w.run_once() == {"sent": 0, "retry": 0, "dead": 0}  # not due yet: backoff
        with WebhookReceiver(port=port) as receiver:
            clock.advance(11)
            assert w.run_once() == {"sent": 1, "retry": 0, "dead": 0}
            assert len(receiver.requests) == 1 and len(receiver.unique) == 1
    assert deliveries(store)[0]["status"] == "sent"


def test_receiver_returning_500_three_times(tmp_path, store, webhook_receiver) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url)
    clock = Clock()
    enqueue(store, config, [condition_change()])
    webhook_receiver.fail_with(500, 500, 500)
    due_times = []
    with worker(tmp_path, config, clock) as w:
        for _ in range(3):
            assert w.run_once()["retry"] == 1
            due_times.append(deliveries(store)[0]["next_attempt_at"])
            clock.advance(120)
        assert w.run_once()["sent"] == 1
    assert [r.status for r in webhook_receiver.requests] == [500, 500, 500, 200]
    assert len(webhook_receiver.unique) == 1
    ids = {r.headers["webhook-id"] for r in webhook_receiver.requests}
    assert len(ids) == 1  # every retry carries the same key
    assert deliveries(store)[0]["attempts"] == 4


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    fixed = [outbox.backoff_delay(n, 10, 60, rng=lambda a, b: b) for n in range(1, 6)]
    assert fixed == [10, 20, 40, 60, 60]
    low = [outbox.backoff_delay(n, 10, 60, rng=lambda a, b: a) for n in range(1, 4)]
    assert low == [5, 10, 20]


def test_smtp_refusing_then_accepting(tmp_path, store, smtp_server) -> None:
    config = alert_config(tmp_path, smtp_port=smtp_server.port)
    clock = Clock()
    enqueue(store, config, [condition_change()])
    smtp_server.refuse(451, 421)
    with worker(tmp_path, config, clock) as w:
        assert w.run_once()["retry"] == 1
        clock.advance(120)
        assert w.run_once()["retry"] == 1
        clock.advance(120)
        assert w.run_once()["sent"] == 1
    assert len(smtp_server.messages) == 1
    row = deliveries(store)[0]
    assert row["status"] == "sent" and row["attempts"] == 3
    assert row["response"].startswith(f"SMTP 127.0.0.1:{smtp_server.port}: 250")


def test_after_max_attempts_the_delivery_is_dead_with_its_last_error(tmp_path, store) -> None:
    config = alert_config(tmp_path, hook_url=f"http://127.0.0.1:{free_port()}/hook")
    clock = Clock()
    enqueue(store, config, [condition_change()])
    outcomes = []
    with worker(tmp_path, config, clock) as w:
        for _ in range(5):
            outcomes.append(w.run_once())
            clock.advance(3600)
    assert [o["retry"] for o in outcomes] == [1, 1, 1, 0, 0]
    assert outcomes[3]["dead"] == 1
    row = deliveries(store)[0]
    assert row["status"] == "dead" and row["attempts"] == 4
    assert "refused" in row["last_error"].lower()


def test_webhook_4xx_is_dead_at_once(tmp_path, store, webhook_receiver) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url)
    enqueue(store, config, [condition_change()])
    webhook_receiver.fail_with(404)
    with worker(tmp_path, config) as w:
        assert w.run_once() == {"sent": 0, "retry": 0, "dead": 1}
    row = deliveries(store)[0]
    assert row["status"] == "dead" and row["attempts"] == 1 and "HTTP 404" in row["last_error"]


def test_retry_after_is_honoured(tmp_path, store) -> None:
    from tests.support.httpserver import HTTPTestServer

    with HTTPTestServer() as server:
        server.route("/hook", status=503, headers={"Retry-After": "50"})
        config = alert_config(tmp_path, hook_url=server.url("/hook"))
        enqueue(store, config, [condition_change()])
        with worker(tmp_path, config) as w:
            assert w.run_once()["retry"] == 1
    due = deliveries(store)[0]["next_attempt_at"]
    assert due >= iso(T0.replace(second=T0.second + 50))


def test_a_poison_alert_is_dead_and_the_rest_go_on(tmp_path, store, webhook_receiver) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url)
    enqueue(store, config, [condition_change()], url="https://news.example.org/a/1")
    with store.write() as conn:  # an alert that cannot be rendered, queued first
        conn.execute("UPDATE deliveries SET payload = ?",
                     [json.dumps({"type": "fact.changed", "changes": [{"bogus": 1}]})])
    enqueue(store, config, [condition_change()], url="https://news.example.org/a/2")
    enqueue(store, config, [condition_change()], url="https://news.example.org/a/3")
    with worker(tmp_path, config) as w:
        assert w.run_once() == {"sent": 2, "retry": 0, "dead": 1}
    rows = deliveries(store)
    assert [r["status"] for r in rows] == ["dead", "sent", "sent"]
    assert "cannot send this alert" in rows[0]["last_error"]
    assert len(webhook_receiver.unique) == 2


def test_an_alert_for_a_channel_no_longer_configured_is_dead(tmp_path, store) -> None:
    config = alert_config(tmp_path, hook_url="http://127.0.0.1:9/h")
    enqueue(store, config, [condition_change()])
    with worker(tmp_path, make_config(tmp_path, DELIVERY)) as w:
        assert w.run_once()["dead"] == 1
    assert "no channel named 'ops-hook'" in deliveries(store)[0]["last_error"]


# ---------------------------------------------------------------- backlog and order


def test_backlog_is_delivered_in_order_without_duplicates_at_a_bounded_rate(
        tmp_path, store) -> None:
    port = free_port()
    config = alert_config(tmp_path, hook_url=f"http://127.0.0.1:{port}/hook",
                          hook_options=", rate: 25")
    clock = Clock()
    for i in range(30):
        enqueue(store, config, [condition_change()], url=f"https://news.example.org/a/{i}",
                now=T0.replace(minute=i))
    clock.advance(3600)
    with worker(tmp_path, config, clock) as w:
        # Receiver down: only the oldest alert is tried; the rest wait behind it.
        assert w.run_once() == {"sent": 0, "retry": 1, "dead": 0}
        assert [r["attempts"] for r in deliveries(store)][:3] == [1, 0, 0]
        with WebhookReceiver(port=port) as receiver:
            clock.advance(120)
            started = time.monotonic()
            assert w.run_once() == {"sent": 30, "retry": 0, "dead": 0}
            elapsed = time.monotonic() - started
    assert len(receiver.requests) == 30 and len(receiver.unique) == 30
    urls = [receiver.unique[key]["story"]["url"] for key in receiver.order]
    assert urls == [f"https://news.example.org/a/{i}" for i in range(30)]
    assert elapsed >= 29 / 25 * 0.9  # paced at the channel's rate


def test_two_workers_never_send_the_same_row(tmp_path, store, webhook_receiver) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url, hook_options=", rate: 1000",
                          extra_channels="  log: {type: console, stream: stderr}\n")
    for i in range(40):
        enqueue(store, config, [condition_change()], url=f"https://news.example.org/a/{i}")
    workers = [worker(tmp_path, config) for _ in range(3)]
    threads = [threading.Thread(target=w.run_once) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for w in workers:
        w.close()
    assert len(webhook_receiver.requests) == 40 and len(webhook_receiver.unique) == 40
    assert all(r["status"] == "sent" and r["attempts"] == 1 for r in deliveries(store))


# ---------------------------------------------------------------- digests and health


def test_digest_channel_sends_one_message_per_period(tmp_path, store, webhook_receiver) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url, hook_options=", digest: 1h")
    clock = Clock()
    for i in range(3):
        enqueue(store, config, [condition_change()], url=f"https://news.example.org/a/{i}",
                now=T0.replace(minute=10 + i))
    next_period = T0.replace(hour=T0.hour + 1, minute=30)
    enqueue(store, config, [condition_change()], url="https://news.example.org/a/late",
            now=next_period)
    with worker(tmp_path, config, clock) as w:
        clock.now = T0.replace(minute=59)
        assert w.run_once()["sent"] == 0  # the period is still open
        clock.now = T0.replace(hour=T0.hour + 1, minute=0, second=1)
        assert w.run_once() == {"sent": 1, "retry": 0, "dead": 0}
        clock.now = next_period.replace(hour=next_period.hour + 1, minute=0, second=1)
        assert w.run_once() == {"sent": 1, "retry": 0, "dead": 0}
    first, second = (webhook_receiver.unique[k] for k in webhook_receiver.order)
    assert first["type"] == "fact.digest"
    assert [a["story"]["url"] for a in first["alerts"]] == [
        f"https://news.example.org/a/{i}" for i in range(3)]
    assert [a["story"]["url"] for a in second["alerts"]] == ["https://news.example.org/a/late"]
    assert all(r["status"] == "sent" for r in deliveries(store))


def test_health_alerts_go_to_every_channel(tmp_path, store, webhook_receiver, capsys) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url,
                          extra_channels="  log: {type: console}\n")
    with store.write():
        assert enqueue_health_alert(store, config, feed="world", state="failing",
                                    error="HTTP 503", now=T0) == 2
    with worker(tmp_path, config) as w:
        assert w.run_once()["sent"] == 2
    [body] = webhook_receiver.unique.values()
    assert body["type"] == "feed.failing" and body["feed"] == "world"
    assert "[log] Feed failing: world — HTTP 503" in capsys.readouterr().out


# ---------------------------------------------------------------- secrets and loop


def test_secrets_never_reach_logs_or_stored_errors(tmp_path, store, monkeypatch, caplog,
                                                   webhook_receiver) -> None:
    token, password = "t0ken-9f8e7d6c5b4a", "smtp-pa55w0rd-1a2b3c"
    monkeypatch.setenv("HOOK_TOKEN", token)
    monkeypatch.setenv("SMTP_PASSWORD", password)
    dead = free_port()
    channels = (
        f"  dead-hook: {{type: webhook, url: \"http://127.0.0.1:{dead}/h/${{HOOK_TOKEN}}\", "
        f"secret: {SECRET}, allow_private: true}}\n"
        f"  desk-email: {{type: email, host: 127.0.0.1, port: {dead}, "
        "from: m@example.org, to: d@example.org, username: u, "
        "password: \"${SMTP_PASSWORD}\"}\n")
    config = alert_config(
        tmp_path, hook_url=f"{webhook_receiver.url}/${{HOOK_TOKEN}}?token=${{HOOK_TOKEN}}",
        extra_channels=channels,
        watches="watches:\n  - {name: all, notify: [ops-hook, dead-hook, desk-email]}\n")
    assert {token, password} <= config.secrets
    caplog.set_level(logging.DEBUG)
    enqueue(store, config, [condition_change()])
    clock = Clock()
    with worker(tmp_path, config, clock) as w:
        for _ in range(5):
            w.run_once()
            clock.advance(3600)
    assert len(webhook_receiver.unique) == 1
    stored = json.dumps(deliveries(store))
    assert stored.count('"dead"') == 2 and '"sent"' in stored
    assert caplog.records
    for secret in (token, password):
        assert secret not in caplog.text
        assert secret not in stored


def test_run_loop_sends_and_stops_promptly(tmp_path, store, webhook_receiver) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url)
    stop = threading.Event()
    with worker(tmp_path, config, clock=outbox.utcnow) as w:
        thread = threading.Thread(target=w.run, args=(stop,))
        thread.start()
        enqueue(store, config, [condition_change()], now=outbox.utcnow())
        assert webhook_receiver.wait(1, timeout=10)
        started = time.monotonic()
        stop.set()
        thread.join(5)
        assert not thread.is_alive() and time.monotonic() - started < 2


def test_drain_returns_when_nothing_is_due(tmp_path, store, webhook_receiver) -> None:
    config = alert_config(tmp_path, hook_url=webhook_receiver.url, hook_options=", rate: 100")
    for i in range(5):
        enqueue(store, config, [condition_change()], url=f"https://news.example.org/a/{i}")
    with worker(tmp_path, config) as w:
        assert w.drain(10) == {"sent": 5, "retry": 0, "dead": 0}
        assert w.drain(10) == {"sent": 0, "retry": 0, "dead": 0}


def test_claims_of_dead_workers_are_released_and_live_ones_kept(tmp_path, store) -> None:
    import os
    import socket
    import subprocess
    import sys

    config = alert_config(tmp_path, hook_url="http://127.0.0.1:9/h")
    for i in range(4):
        enqueue(store, config, [condition_change()], url=f"https://news.example.org/a/{i}")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, timeout=30)
    host = socket.gethostname()
    with worker(tmp_path, config) as live:
        claims = {1: f"{host}:{gone.stdout.strip()}:aaaa",  # that process has exited
                  2: f"{host}:{os.getppid()}:bbbb",  # alive: keep waiting for its lease
                  3: f"{host}:{os.getpid()}:cccc",  # our pid, an earlier incarnation
                  4: live.claimant}  # a worker alive in this process
        with store.write() as conn:
            for delivery_id, claimant in claims.items():
                conn.execute("UPDATE deliveries SET claimed_by = ?, next_attempt_at = ? "
                             "WHERE id = ?", [claimant, "2999-01-01T00:00:00Z", delivery_id])
        with worker(tmp_path, config) as other:
            assert other.release_orphans() == 2
    rows = {r["id"]: r for r in deliveries(store)}
    assert rows[1]["claimed_by"] is None and rows[3]["claimed_by"] is None
    assert rows[1]["next_attempt_at"] == iso(T0)
    assert rows[2]["claimed_by"] == claims[2] and rows[4]["claimed_by"] == claims[4]


def test_apprise_retry_after_a_partial_failure_reaches_only_the_failed_url(
        tmp_path, store) -> None:
    from tests.support.httpserver import HTTPTestServer

    answers = iter([500, 200])
    with HTTPTestServer() as server:
        server.route("/a", status=200, body=b"{}")
        server.route("/b", lambda request: (next(answers), {}, b"{}"))
        urls = f'["json://127.0.0.1:{server.port}/a", "json://127.0.0.1:{server.port}/b"]'
        config = alert_config(tmp_path, extra_channels=(
            f"  chat: {{type: apprise, urls: {urls}, allow_private: true}}\n"),
            watches="watches:\n  - {name: all, notify: [chat]}\n")
        enqueue(store, config, [condition_change()])
        clock = Clock()
        with worker(tmp_path, config, clock) as w:
            assert w.run_once()["retry"] == 1
            assert "urls[1]" in deliveries(store)[0]["last_error"]
            clock.advance(120)
            assert w.run_once()["sent"] == 1
        assert len(server.requests_to("/a")) == 1  # not sent again on the retry
        assert len(server.requests_to("/b")) == 2
    assert deliveries(store)[0]["status"] == "sent"


def test_a_hanging_smtp_server_does_not_hold_up_the_webhook(tmp_path, store,
                                                            webhook_receiver) -> None:
    import socket

    listener = socket.create_server(("127.0.0.1", 0))  # accepts, never says hello
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
    try:
        config = alert_config(tmp_path, hook_url=webhook_receiver.url,
                              smtp_port=listener.getsockname()[1],
                              watches="watches:\n  - {name: all, notify: [desk-email, ops-hook]}\n",
                              delivery="delivery: {max_attempts: 2, timeout: 3s}\n")
        enqueue(store, config, [condition_change()])
        assert [r["channel"] for r in deliveries(store)] == ["desk-email", "ops-hook"]
        with worker(tmp_path, config) as w:
            result: dict[str, dict[str, int]] = {}
            thread = threading.Thread(target=lambda: result.update(counts=w.drain(20)))
            started = time.monotonic()
            thread.start()
            assert webhook_receiver.wait(1, timeout=10)
            assert time.monotonic() - started < 2.5  # before the SMTP timeout
            thread.join(30)
        assert result["counts"] == {"sent": 1, "retry": 1, "dead": 0}
    finally:
        for conn in held:
            conn.close()
        listener.close()
