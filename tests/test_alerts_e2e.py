"""Alerts end to end: a feed on 127.0.0.1 changes a fact, the real pipeline stores it and
enqueues the alert, the worker delivers it to a real SMTP server and a webhook receiver
that verifies signatures and deduplicates by webhook-id.  Crash tests run `monitor`
in a subprocess and kill -9 it between committing a change and sending its alert,
and in the middle of a delivery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from monitor.config import load_config
from monitor.notify.outbox import DeliveryWorker
from monitor.pipeline import Pipeline
from monitor.store import Store
from tests.support import smtp, webhook
from tests.support.smtp import html_part, text_part
from tests.support.webhook import SECRET

smtp_server = smtp.smtp_server
webhook_receiver = webhook.webhook_receiver

REPO = Path(__file__).resolve().parents[1]
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
TITLE = "US authorises antipersonnel mines for Ukraine"
V1 = ("The United States has authorised the use of non-persistent antipersonnel mines by "
      "Ukraine, to be used exclusively within Ukrainian territory and away from populated "
      "areas, officials said on Tuesday.")
V2 = V1.replace("exclusively within Ukrainian territory", "within Ukrainian and Russian territory")
COSMETIC = V1.replace("authorised", "authorized")


def rss(title: str, text: str, *, guid: str = "mines-1") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>World</title><link>http://127.0.0.1/</link><description>t</description>"
            f'<item><guid isPermaLink="false">{guid}</guid><title>{escape(title)}</title>'
            f"<link>http://127.0.0.1/news/{guid}</link>"
            f"<description>{escape(text)}</description></item></channel></rss>").encode()


def write_config(tmp_path: Path, feed_url: str, hook_url: str, smtp_port: int, *,
                 keywords: str = "[mine, mines, landmine]") -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(f"""
feeds:
  - {{name: world, url: "{feed_url}", tags: [ukraine]}}
watches:
  - name: mine-use conditions
    keywords: {keywords}
    kinds: [condition, status, date]
    min_severity: medium
    notify: [ops-hook, desk-email]
channels:
  ops-hook: {{type: webhook, url: "{hook_url}", secret: {SECRET}, allow_private: true}}
  desk-email: {{type: email, host: 127.0.0.1, port: {smtp_port}, from: monitor@example.org,
               to: [desk@example.org]}}
delivery: {{max_attempts: 5, backoff: 1s, backoff_max: 2s, timeout: 5s}}
""", encoding="utf-8")
    path.chmod(0o600)
    return path


def poll_in_process(config_file: Path, db: Path) -> None:
    config = load_config(config_file)
    with Store.open(db) as store, Pipeline(config, store) as pipeline:
        pipeline.poll()
    with DeliveryWorker(db, config) as worker:
        worker.drain(20)


def monitor(*args: str, config_file: Path, db: Path, timeout: float = 60,
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", args[0], "--config", str(config_file), "--db",
         str(db), *args[1:]], capture_output=True, text=True, timeout=timeout, cwd=REPO,
        env={**os.environ, "NO_COLOR": "1"})


def statuses(db: Path) -> list[str]:
    with Store.open(db) as store:
        return [r["status"] for r in store.query("SELECT status FROM deliveries ORDER BY id")]


# ---------------------------------------------------------------- in process


def test_a_watched_fact_change_is_delivered_once_to_email_and_webhook(
        tmp_path, http_server, smtp_server, webhook_receiver) -> None:
    http_server.route("/feed.xml", body=rss(TITLE, V1), headers=RSS)
    config_file = write_config(tmp_path, http_server.url("/feed.xml"), webhook_receiver.url,
                               smtp_server.port)
    db = tmp_path / "monitor.db"
    poll_in_process(config_file, db)
    assert statuses(db) == []  # a first version has nothing to compare with
    http_server.route("/feed.xml", body=rss(TITLE, V2), headers=RSS)
    poll_in_process(config_file, db)
    poll_in_process(config_file, db)  # nothing new: nothing sent again
    assert statuses(db) == ["sent", "sent"]
    [alert] = webhook_receiver.unique.values()
    assert len(webhook_receiver.requests) == 1
    assert alert["type"] == "fact.changed" and alert["watch"] == "mine-use conditions"
    assert alert["story"]["title"] == TITLE and alert["story"]["feed"] == "world"
    [change] = [c for c in alert["changes"] if c["kind"] == "condition"]
    assert "exclusively" in change["old"] and "Russian" in change["new"]
    assert "Russian territory" in change["new_sentence"]
    [mail] = smtp_server.messages
    assert mail["Subject"].startswith("Condition changed: '")
    assert "Russian" in mail["Subject"]
    assert "Russian territory" in text_part(mail)


def test_unwatched_and_cosmetic_changes_reach_no_one(
        tmp_path, http_server, smtp_server, webhook_receiver) -> None:
    http_server.route("/feed.xml", body=rss(TITLE, V1), headers=RSS)
    db = tmp_path / "monitor.db"
    config_file = write_config(tmp_path, http_server.url("/feed.xml"), webhook_receiver.url,
                               smtp_server.port)
    poll_in_process(config_file, db)
    http_server.route("/feed.xml", body=rss(TITLE, COSMETIC), headers=RSS)
    poll_in_process(config_file, db)  # a new version, no fact change
    with Store.open(db) as store:
        assert store.query("SELECT count(*) AS n FROM versions")[0]["n"] == 2
    unwatched = write_config(tmp_path, http_server.url("/feed.xml"), webhook_receiver.url,
                             smtp_server.port, keywords="[election]")
    http_server.route("/feed.xml", body=rss(TITLE, V2), headers=RSS)
    poll_in_process(unwatched, db)  # a fact change nobody watches
    with Store.open(db) as store:
        assert store.query("SELECT count(*) AS n FROM changes")[0]["n"] >= 1
    assert statuses(db) == []
    assert webhook_receiver.requests == [] and smtp_server.messages == []


def test_html_injection_in_a_feed_title_arrives_escaped_in_the_email(
        tmp_path, http_server, smtp_server, webhook_receiver) -> None:
    # Escaped once more in the XML, so the parsed title is this markup as literal text.
    hostile = 'Mines <script>alert("x")</script><img src=x onerror=alert(1)>'
    http_server.route("/feed.xml", body=rss(escape(hostile), V1), headers=RSS)
    db = tmp_path / "monitor.db"
    config_file = write_config(tmp_path, http_server.url("/feed.xml"), webhook_receiver.url,
                               smtp_server.port)
    poll_in_process(config_file, db)
    http_server.route("/feed.xml", body=rss(escape(hostile), V2), headers=RSS)
    poll_in_process(config_file, db)
    [mail] = smtp_server.messages
    html = html_part(mail)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert mail["Subject"].endswith(f"— {hostile}")  # a subject is plain text
    assert next(iter(webhook_receiver.unique.values()))["story"]["title"] == hostile


# ---------------------------------------------------------------- crashes (kill -9)


def _wait_line(process: subprocess.Popen[str], prefix: str, timeout: float) -> str:
    end = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < end:
        line = process.stdout.readline()
        if line.startswith(prefix):
            return line
        if not line and process.poll() is not None:
            break
    stderr = process.stderr.read() if process.stderr else ""
    raise AssertionError(f"no {prefix!r} line; stderr: {stderr}")


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.slow
def test_killed_after_committing_a_change_before_sending_delivers_once_after_restart(
        tmp_path, http_server, smtp_server, webhook_receiver) -> None:
    http_server.route("/feed.xml", body=rss(TITLE, V1), headers=RSS)
    db = tmp_path / "monitor.db"
    config_file = write_config(tmp_path, http_server.url("/feed.xml"), webhook_receiver.url,
                               smtp_server.port)
    first = monitor("poll", config_file=config_file, db=db)
    assert first.returncode == 0, first.stderr
    http_server.route("/feed.xml", body=rss(TITLE, V2), headers=RSS)
    crashing = subprocess.Popen(
        [sys.executable, "-m", "tests.support.alerts_crash", str(config_file), str(db)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = _wait_line(crashing, "committed", 60)
    finally:
        _kill(crashing)
    assert "pending=2" in line
    assert statuses(db) == ["pending", "pending"]
    assert webhook_receiver.requests == [] and smtp_server.messages == []

    restarted = monitor("poll", config_file=config_file, db=db)
    assert restarted.returncode == 0, restarted.stderr
    assert statuses(db) == ["sent", "sent"]
    assert len(webhook_receiver.requests) == 1 and len(webhook_receiver.unique) == 1
    assert len(smtp_server.messages) == 1

    again = monitor("poll", config_file=config_file, db=db)  # acknowledged: never resent
    assert again.returncode == 0, again.stderr
    assert len(webhook_receiver.requests) == 1 and len(smtp_server.messages) == 1


@pytest.mark.slow
def test_killed_during_delivery_resends_and_the_receiver_dedupes(
        tmp_path, http_server, smtp_server, webhook_receiver) -> None:
    http_server.route("/feed.xml", body=rss(TITLE, V1), headers=RSS)
    db = tmp_path / "monitor.db"
    config_file = write_config(tmp_path, http_server.url("/feed.xml"), webhook_receiver.url,
                               smtp_server.port)
    assert monitor("poll", config_file=config_file, db=db).returncode == 0
    http_server.route("/feed.xml", body=rss(TITLE, V2), headers=RSS)
    webhook_receiver.hold(60)  # the receiver takes the alert but never answers in time
    sending = subprocess.Popen(
        [sys.executable, "-m", "monitor", "poll", "--config", str(config_file), "--db",
         str(db)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert webhook_receiver.arrived.wait(60)
    finally:
        sending.kill()
        sending.wait(10)
    with Store.open(db) as store:
        hook_row = store.query("SELECT * FROM deliveries WHERE channel = 'ops-hook'")[0]
    assert hook_row["status"] == "pending" and hook_row["claimed_by"]

    webhook_receiver.hold(0)
    started = time.monotonic()
    restarted = monitor("poll", config_file=config_file, db=db)
    assert restarted.returncode == 0, restarted.stderr
    # The dead worker's claim is released at once (its process is gone), not after the lease.
    assert time.monotonic() - started < 30
    assert statuses(db) == ["sent", "sent"]
    assert len(webhook_receiver.requests) == 2  # sent twice (at least once) ...
    assert len(webhook_receiver.unique) == 1  # ... and acted on once
    assert len(smtp_server.unique()) == 1


@pytest.mark.slow
def test_daemon_killed_mid_delivery_delivers_once_after_restart(
        tmp_path, http_server, smtp_server, webhook_receiver) -> None:
    http_server.route("/feed.xml", body=rss(TITLE, V1), headers=RSS)
    db = tmp_path / "monitor.db"
    config_file = write_config(tmp_path, http_server.url("/feed.xml"), webhook_receiver.url,
                               smtp_server.port)
    assert monitor("poll", config_file=config_file, db=db).returncode == 0
    http_server.route("/feed.xml", body=rss(TITLE, V2), headers=RSS)
    with Store.open(db) as store, store.write() as conn:  # make the feed due now
        conn.execute("UPDATE feeds SET next_poll_at = NULL, last_polled_at = NULL")
    webhook_receiver.hold(60)

    def daemon() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--config", str(config_file), "--db",
             str(db)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            text=True)

    first = daemon()
    try:
        assert webhook_receiver.arrived.wait(60)
    finally:
        _kill(first)
    webhook_receiver.hold(0)
    second = daemon()
    try:
        assert webhook_receiver.wait(1, timeout=30)
        end = time.monotonic() + 30
        while time.monotonic() < end and statuses(db) != ["sent", "sent"]:
            time.sleep(0.1)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)
    assert second.returncode == 0
    assert statuses(db) == ["sent", "sent"]
    assert len(webhook_receiver.unique) == 1 and len(smtp_server.unique()) == 1


def test_a_failing_feed_raises_one_health_alert_and_one_on_recovery(
        tmp_path, http_server, smtp_server, webhook_receiver) -> None:
    http_server.route("/feed.xml", status=503, body=b"down for maintenance")
    db = tmp_path / "monitor.db"
    config_file = write_config(tmp_path, http_server.url("/feed.xml"), webhook_receiver.url,
                               smtp_server.port)
    text = config_file.read_text().replace("feeds:\n", "defaults: {failure_alert_after: 2}\n"
                                           "feeds:\n", 1)
    config_file.write_text(text)
    for _ in range(4):  # failing 4 polls in a row: one alert, not one per poll
        poll_in_process(config_file, db)
    http_server.route("/feed.xml", body=rss(TITLE, V1), headers=RSS)
    poll_in_process(config_file, db)
    poll_in_process(config_file, db)
    kinds = [webhook_receiver.unique[k]["type"] for k in webhook_receiver.order]
    assert kinds == ["feed.failing", "feed.recovered"]
    assert [m["Subject"].split(":")[0] for m in smtp_server.messages] == [
        "Feed failing", "Feed recovered"]
    assert "503" in webhook_receiver.unique[webhook_receiver.order[0]]["error"]
