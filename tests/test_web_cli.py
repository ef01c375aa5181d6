"""`monitor serve`, `monitor run --serve` and `monitor demo --keep` as a user runs them."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn")

from tests.support.polling import (
    MINES,
    RSS,
    Item,
    monitor_env,
    rss,
    run_monitor,
    start_monitor,
    wait_for,
    write_config,
)
from tests.support.web import ENV, UI_TOKEN, build


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def read_url(stream: Any, timeout: float = 30) -> tuple[str, str]:
    """The http:// URL a serving command prints once it listens, and that line."""
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"web view at (http://\S+/)", line)
        if found:
            return found.group(1), line
    raise AssertionError("no URL printed: " + "".join(lines))


def stop(process: subprocess.Popen[str], sig: int = signal.SIGINT) -> tuple[str, str]:
    process.send_signal(sig)
    try:
        return process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()


def test_serve_is_listed_and_binds_loopback_by_default():
    assert "serve" in run_monitor("--help").stdout
    help_text = run_monitor("serve", "--help").stdout
    assert "--host TEXT" in help_text and "[default: 127.0.0.1]" in help_text
    assert "MONITOR_UI_TOKEN" in help_text
    run_help = run_monitor("run", "--help").stdout
    assert "--serve" in run_help and "--port" in run_help


def test_the_listening_banner_never_shows_a_store_password():
    from monitor.cli.serve import describe

    [line] = describe("http://127.0.0.1:8080/", "postgresql://bob:s3cret@db.example.org/news",
                      "127.0.0.1")
    assert "s3cret" not in line and "db.example.org/news" in line
    [line] = describe("http://127.0.0.1:8080/", "db/monitor.db", "127.0.0.1")
    assert "(store db/monitor.db;" in line


def test_serve_without_a_store_is_one_clear_line(tmp_path: Path):
    done = run_monitor("serve", "--db", str(tmp_path / "none.db"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no such store" in done.stderr


def test_serve_answers_then_stops_on_ctrl_c(tmp_path: Path):
    web = build(tmp_path / "monitor.db")
    env = monitor_env(PYTHONUNBUFFERED="1", MONITOR_UI_TOKEN=UI_TOKEN, **ENV)
    process = start_monitor("serve", "--port", "0", "--db", str(web.path), "--config",
                            str(web.config_path), cwd=tmp_path, env=env)
    try:
        url, line = read_url(process.stdout)
        assert url.startswith("http://127.0.0.1:") and "mute and retry enabled" in line
        status, page = get(url)
        assert status == 200 and "Latest fact changes" in page and "Sign in" in page
        status, health = get(url + "healthz")
        assert status == 200 and json.loads(health)["status"] == "ok"
        status, alerts = get(url + "api/v1/alerts")
        assert status == 200 and len(json.loads(alerts)["items"]) == 3
    finally:
        out, err = stop(process)
    assert process.returncode == 0, err
    assert UI_TOKEN not in line + out + err
    assert "Traceback" not in err


def test_serve_on_a_port_in_use_says_so(tmp_path: Path):
    web = build(tmp_path / "monitor.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_monitor("serve", "--port", str(port), "--db", str(web.path), cwd=tmp_path)
    assert done.returncode == 2 and "is in use" in done.stderr


def test_run_serve_serves_the_daemons_store_and_counts_its_polls(http_server, tmp_path: Path):
    http_server.route("/feed.xml", body=rss([Item("m-1", "Mines for Ukraine", MINES)]),
                      headers=RSS)
    config = write_config(tmp_path / "feeds.yaml",
                          [{"name": "world", "url": http_server.url("/feed.xml"),
                            "interval": "1s"}],
                          defaults={"jitter": 0, "allow_private_addresses": True})
    db = tmp_path / "monitor.db"
    process = start_monitor("run", "--serve", "--port", "0", "--config", str(config),
                            "--db", str(db), cwd=tmp_path,
                            env=monitor_env(PYTHONUNBUFFERED="1"))
    try:
        url, _line = read_url(process.stderr)

        def polled() -> bool:
            status, text = get(url + "metrics")
            found = re.search(r'^monitor_polls_total\{result="(ok|not_modified)"\} (\d+)',
                              text, re.M)
            return status == 200 and found is not None and float(found.group(2)) >= 1

        wait_for(polled, timeout=30, interval=0.2)
        health = json.loads(get(url + "healthz")[1])
        assert health["status"] == "ok" and health["daemon"]["state"] == "running"
        status, page = get(url + "stories")
        assert status == 200 and "Mines for Ukraine" in page
    finally:
        _out, err = stop(process, signal.SIGTERM)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    from monitor.store import Store

    with Store.open(db, readonly=True) as store:
        state = store.daemon_state()
    assert state is not None and state["stopped_at"] is not None


@pytest.mark.slow
def test_serve_shows_the_alerts_of_a_kept_demo_store(tmp_path: Path):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from monitor.web.app import WebApp

    done = run_monitor("demo", "--keep", "--interval", "0.4", cwd=tmp_path, timeout=120,
                       env=monitor_env(PYTHONUNBUFFERED="1"))
    assert done.returncode == 0, done.stderr
    kept = re.search(r"Store kept: (\S+)", done.stdout)
    assert kept, done.stdout
    db = Path(kept.group(1))
    assert f"monitor serve --db {db}" in done.stdout
    try:
        with TestClient(WebApp(db).app) as client:
            alerts = client.get("/alerts").text
            assert "mine-use conditions" in alerts and "end of term" in alerts
            assert client.get("/api/v1/alerts?status=sent").json()["items"]
            changes = client.get("/").text
            assert "US to give Ukraine antipersonnel mines" in changes
            assert "on January 20" in changes
    finally:
        shutil.rmtree(db.parent, ignore_errors=True)
    assert list(tmp_path.iterdir()) == []


def test_serve_without_the_web_extra_says_how_to_install_it(tmp_path: Path):
    web = build(tmp_path / "monitor.db")
    script = ("import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None\n"
              "sys.argv = ['monitor', 'serve', '--db', sys.argv[1]]\n"
              "from monitor.cli import main; main()\n")
    done = subprocess.run([sys.executable, "-c", script, str(web.path)], capture_output=True,
                          text=True, timeout=60, env=monitor_env(), cwd=tmp_path)
    assert done.returncode == 2
    assert "pip install 'monitor[web]'" in done.stderr and "Traceback" not in done.stderr
