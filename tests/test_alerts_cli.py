"""`monitor alerts` as a user runs it: a real subprocess, a real store and real receivers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.notify.outbox import DeliveryWorker
from monitor.store import Store
from tests.support import smtp, webhook
from tests.support.inprocess import invoke_monitor
from tests.support.outbox import Clock, condition_change, deliveries, enqueue, make_config
from tests.support.webhook import SECRET, WebhookReceiver, free_port

smtp_server = smtp.smtp_server
webhook_receiver = webhook.webhook_receiver

REPO = Path(__file__).resolve().parents[1]
TOKEN = "h00k-t0ken-a1b2c3d4e5"


def cli(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "1", "HOOK_TOKEN": TOKEN, **(env or {})}
    # --config/--db go right after the command: `monitor alerts --db X retry 1`.
    return invoke_monitor(args[0], "--config", str(tmp_path / "feeds.yaml"),
                          "--db", str(tmp_path / "monitor.db"), *args[1:], cwd=REPO, env=full_env)


def setup(tmp_path: Path, hook_port: int, smtp_port: int | None = None, *,
          max_attempts: int = 2):
    os.environ["HOOK_TOKEN"] = TOKEN  # the config is parsed here too
    mail = (f"  desk-email: {{type: email, host: 127.0.0.1, port: {smtp_port}, "
            "from: monitor@example.org, to: [desk@example.org]}\n") if smtp_port else ""
    config = make_config(tmp_path, f"""
channels:
  ops-hook: {{type: webhook, url: "http://127.0.0.1:{hook_port}/hook?token=${{HOOK_TOKEN}}",
             secret: {SECRET}, allow_private: true}}
{mail}
watches:
  - {{name: everything, notify: [ops-hook]}}
delivery: {{max_attempts: {max_attempts}, backoff: 1s, backoff_max: 1s, timeout: 2s}}
""")
    return config


def make_dead(tmp_path: Path, config) -> None:
    """One delivery that failed max_attempts times (receiver down)."""
    with Store.open(tmp_path / "monitor.db") as store:
        enqueue(store, config, [condition_change()])
    clock = Clock()
    with DeliveryWorker(tmp_path / "monitor.db", config, clock=clock) as worker:
        for _ in range(config.delivery.max_attempts):
            worker.run_once()
            clock.advance(60)


@pytest.fixture(autouse=True)
def _restore_env():
    saved = os.environ.get("HOOK_TOKEN")
    yield
    if saved is None:
        os.environ.pop("HOOK_TOKEN", None)


def test_list_filter_and_json(tmp_path) -> None:
    port = free_port()
    config = setup(tmp_path, port)
    make_dead(tmp_path, config)
    listed = cli(tmp_path, "alerts")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:4] == ["ID", "STATUS", "TYPE", "CHANNEL"]
    assert "dead" in lines[1] and "fact.changed" in lines[1] and "ops-hook" in lines[1]
    assert lines[-1] == "0 pending, 0 sent, 1 dead in all"
    as_json = json.loads(cli(tmp_path, "alerts", "--status", "dead", "--json").stdout)
    assert [r["status"] for r in as_json] == ["dead"]
    assert as_json[0]["attempts"] == 2 and "refused" in as_json[0]["last_error"].lower()
    assert json.loads(cli(tmp_path, "alerts", "--status", "sent", "--json").stdout) == []
    assert "No deliveries with status sent." in cli(tmp_path, "alerts", "--status",
                                                    "sent").stdout


def test_a_dead_delivery_retried_by_hand_is_delivered_once(tmp_path) -> None:
    port = free_port()
    config = setup(tmp_path, port)
    make_dead(tmp_path, config)
    with WebhookReceiver(port=port) as receiver:
        result = cli(tmp_path, "alerts", "retry", "--dead")
        assert result.returncode == 0, result.stderr
        assert "1 delivery made due again." in result.stdout
        assert "#1 sent via ops-hook" in result.stdout
        again = cli(tmp_path, "alerts", "retry", "1")
    assert again.returncode == 2 and "already sent" in again.stderr
    assert len(receiver.requests) == 1 and len(receiver.unique) == 1
    with Store.open(tmp_path / "monitor.db") as store:
        assert [r["status"] for r in deliveries(store)] == ["sent"]


def test_retry_by_id_that_still_fails_exits_1(tmp_path) -> None:
    config = setup(tmp_path, free_port())
    make_dead(tmp_path, config)
    result = cli(tmp_path, "alerts", "retry", "1", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["retried"] == 1 and report["deliveries"][0]["status"] == "pending"
    missing = cli(tmp_path, "alerts", "retry", "99")
    assert missing.returncode == 2 and "no delivery 99" in missing.stderr
    assert cli(tmp_path, "alerts", "retry").returncode == 2


def test_test_message_reports_the_servers_answer(tmp_path, webhook_receiver,
                                                  smtp_server) -> None:
    setup(tmp_path, webhook_receiver.port, smtp_server.port)
    hook = cli(tmp_path, "alerts", "test", "ops-hook")
    assert hook.returncode == 0, hook.stderr
    assert hook.stdout.startswith("sent via ops-hook: webhook http://127.0.0.1:")
    assert "HTTP 200 ok" in hook.stdout
    [body] = webhook_receiver.unique.values()
    assert body["type"] == "test"
    mail = cli(tmp_path, "alerts", "test", "desk-email", "--json")
    answer = json.loads(mail.stdout)
    assert answer["ok"] and "250 2.0.0 Ok: queued as TEST1" in answer["answer"]
    assert smtp_server.messages[0]["Subject"] == "monitor test message for channel desk-email"


def test_test_message_through_apprise(tmp_path) -> None:
    from tests.support.httpserver import HTTPTestServer

    with HTTPTestServer() as server:
        server.route("/notify", status=200, body=b"{}")
        setup(tmp_path, free_port())
        config = tmp_path / "feeds.yaml"
        config.write_text(config.read_text().replace("channels:\n", (
            f"channels:\n  chat: {{type: apprise, urls: ['json://127.0.0.1:{server.port}"
            "/notify'], allow_private: true}\n"), 1))
        result = cli(tmp_path, "alerts", "test", "chat")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("sent via chat: apprise: accepted by 1 service(s)")
        [request] = server.requests
    assert json.loads(request.body)["title"] == "monitor test message for channel chat"


def test_test_message_failure_exits_1_and_is_not_retried(tmp_path, webhook_receiver) -> None:
    setup(tmp_path, webhook_receiver.port)
    webhook_receiver.fail_with(503)
    result = cli(tmp_path, "alerts", "test", "ops-hook")
    assert result.returncode == 1 and "failed via ops-hook" in result.stderr
    assert "HTTP 503" in result.stderr
    with Store.open(tmp_path / "monitor.db") as store:
        assert [r["status"] for r in deliveries(store)] == ["dead"]
    unknown = cli(tmp_path, "alerts", "test", "pager")
    assert unknown.returncode == 2 and "no channel named 'pager'" in unknown.stderr


def test_secrets_never_appear_in_alerts_or_check_output(tmp_path) -> None:
    config = setup(tmp_path, free_port())
    assert TOKEN in config.secrets
    make_dead(tmp_path, config)
    outputs = [cli(tmp_path, "alerts"), cli(tmp_path, "alerts", "--json"),
               cli(tmp_path, "alerts", "retry", "--dead"),
               cli(tmp_path, "alerts", "test", "ops-hook"), cli(tmp_path, "check")]
    for result in outputs:
        assert TOKEN not in result.stdout + result.stderr, result.args
    with Store.open(tmp_path / "monitor.db") as store:
        assert TOKEN not in json.dumps(deliveries(store))


def test_show_renders_the_message(tmp_path) -> None:
    config = setup(tmp_path, free_port())
    make_dead(tmp_path, config)
    shown = cli(tmp_path, "alerts", "show", "1")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("#1 dead fact.changed via ops-hook, 2 attempt(s)")
    assert "Subject: Condition changed: 'exclusively within Ukrainian territory'" in shown.stdout
    assert "before: The mines are to be used exclusively" in shown.stdout
    as_json = json.loads(cli(tmp_path, "alerts", "show", "1", "--json").stdout)
    assert as_json["message"]["type"] == "fact.changed"
    assert as_json["message"]["id"] == as_json["idempotency_key"]
    assert TOKEN not in shown.stdout
    missing = cli(tmp_path, "alerts", "show", "7")
    assert missing.returncode == 2 and "no delivery 7" in missing.stderr


def test_help() -> None:
    result = subprocess.run([sys.executable, "-m", "monitor", "alerts", "--help"],
                            capture_output=True, text=True, timeout=30, cwd=REPO)
    assert result.returncode == 0
    for word in ("retry", "test", "show", "--status", "--json"):
        assert word in result.stdout
