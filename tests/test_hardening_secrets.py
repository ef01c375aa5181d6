"""Hardening (issue 7, section 4): every secret of a config (feed credentials and tokens,
a webhook URL token and signing secret, an SMTP password) is grepped for in everything
monitor writes: the logs of `monitor poll -vv` and `monitor run -vv`, the output of
`check`, `feeds`, `stories`, `alerts`, `alerts show` (text and JSON), and the bytes of the
SQLite store itself."""

from __future__ import annotations

import signal
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.httpserver import refused_port
from tests.support.inprocess import invoke_monitor
from tests.support.polling import (
    MINES,
    RSS,
    Item,
    monitor_env,
    rss,
    run_monitor,
    start_monitor,
    wait_for,
)

SECRETS = {
    "FEED_PASS": "feedpass-Q7w8e9r0",
    "FEED_TOKEN": "feedtoken-A1s2d3f4g5",
    "HOOK_TOKEN": "hooktoken-Z9x8c7v6b5",
    "HOOK_SECRET": "whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4",
    "SMTP_PASSWORD": "smtppass-M1n2b3v4c5",
}


def _config(path: Path, port: int, dead: int) -> Path:
    path.write_text(f"""
feeds:
  - name: world
    url: "http://reader:${{FEED_PASS}}@127.0.0.1:{port}/feed.xml?token=${{FEED_TOKEN}}"
    interval: 1m
watches:
  - {{name: mines, keywords: [mines], notify: [hook, mail]}}
channels:
  hook: {{type: webhook, url: "http://127.0.0.1:{dead}/h/${{HOOK_TOKEN}}?key=${{HOOK_TOKEN}}",
          secret: "${{HOOK_SECRET}}", allow_private: true}}
  mail: {{type: email, host: 127.0.0.1, port: {dead}, from: m@example.org, to: d@example.org,
          username: desk, password: "${{SMTP_PASSWORD}}"}}
delivery: {{max_attempts: 3, backoff: 1s, backoff_max: 1s, timeout: 2s}}
""", encoding="utf-8")
    path.chmod(0o600)
    return path


def _leaks(text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    found = []
    for name, value in SECRETS.items():
        for form in {value, quote(value, safe=""), value[:12]}:
            if form in text:
                found.append(f"{name} as {form!r}")
    return found


@pytest.mark.slow
def test_no_secret_in_any_log_output_or_store_byte(http_server, tmp_path) -> None:
    http_server.route("/feed.xml", headers=RSS,
                      body=rss([Item("m1", "US authorises mines for Ukraine", MINES)]))
    config = _config(tmp_path / "feeds.yaml", http_server.port, refused_port())
    db = tmp_path / "monitor.db"
    env = monitor_env(**SECRETS)
    at = ["--config", str(config), "--db", str(db)]
    outputs = [run_monitor("poll", "-vv", *at, env=env)]
    edited = MINES.replace("only within Ukrainian territory", "within Russian territory")
    http_server.route("/feed.xml", headers=RSS,
                      body=rss([Item("m1", "US authorises mines for Ukraine", edited)]))
    outputs.append(run_monitor("poll", "-vv", *at, env=env))  # alerts fail: receivers down
    http_server.route("/feed.xml", status=401, body=b"who are you")
    outputs.append(run_monitor("poll", "-vv", *at, env=env))  # the feed's error is logged

    daemon = start_monitor("run", "-vv", *at, env=env, cwd=tmp_path)
    try:  # the daemon retries the deliveries until they are dead
        wait_for(lambda: invoke_monitor("alerts", "--status", "dead", "--json", *at,
                                        env=env).stdout.count('"id"') >= 2, timeout=60,
                 interval=0.5)
        daemon.send_signal(signal.SIGTERM)
        run_out, run_err = daemon.communicate(timeout=30)
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.communicate()
    assert "delivery" in run_err or "alert" in run_err, run_err

    for args in (["check"], ["check", "--json"], ["feeds"], ["feeds", "--json"],
                 ["stories"], ["stories", "--json"], ["history", "m1"],
                 ["alerts"], ["alerts", "--json"], ["alerts", "show", "1"],
                 ["alerts", "show", "1", "--json"], ["alerts", "show", "2"],
                 ["alerts", "test", "hook"], ["alerts", "test", "mail"]):
        if args[0] == "alerts":
            outputs.append(invoke_monitor("alerts", *at, *args[1:], env=env))
        elif args[0] in ("stories", "history"):  # readers of the store only
            outputs.append(invoke_monitor(*args, "--db", str(db), env=env))
        else:
            outputs.append(invoke_monitor(*args, *at, env=env))
    # every command ran (0, or 1 for the failing tests and the failing feed)
    assert all(o.returncode in (0, 1) for o in outputs), [
        (o.args, o.returncode, o.stderr) for o in outputs if o.returncode not in (0, 1)]
    logged = run_out + run_err + "".join(o.stdout + o.stderr for o in outputs)
    assert "401" in logged and "refused" in logged
    assert _leaks(logged) == [], _leaks(logged)
    for path in tmp_path.glob("monitor.db*"):  # the database, its WAL and shared memory
        assert _leaks(path.read_bytes()) == [], path
