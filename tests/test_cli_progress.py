"""`monitor poll`'s progress: a live line on a terminal (a real pseudo-terminal here),
plain lines otherwise, nothing with -q."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.polling import (
    MINES,
    RSS,
    TERM,
    Item,
    monitor_env,
    rss,
    run_monitor,
    write_config,
)


@pytest.fixture
def config(http_server, tmp_path: Path) -> Path:
    http_server.route("/a.xml", body=rss([Item("a1", "Mines for Ukraine", MINES)]), headers=RSS)
    http_server.route("/b.xml", body=rss([Item("b1", "End of term", TERM)]), headers=RSS)
    http_server.route("/down.xml", status=500, body=b"down")
    return write_config(tmp_path / "feeds.yaml", [
        {"name": "alpha", "url": http_server.url("/a.xml")},
        {"name": "beta", "url": http_server.url("/b.xml")},
        {"name": "down", "url": http_server.url("/down.xml")},
    ])


def _run_on_pty(*args: str, cwd: Path) -> tuple[int, str, str]:
    """Run monitor with stderr on a pseudo-terminal; (exit code, terminal text, stdout)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "monitor", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL,
                            env={**monitor_env(), "COLUMNS": "200"}, text=False)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    stdout = proc.stdout.read() if proc.stdout else b""
    code = proc.wait(timeout=30)
    os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace"), stdout.decode()


def test_live_progress_on_a_terminal(config: Path):
    code, terminal, stdout = _run_on_pty("poll", "--config", str(config), "--db",
                                         str(config.parent / "m.db"), cwd=config.parent)
    assert code == 1  # the failing feed
    assert "\r" in terminal and "polling 3/3 feeds" in terminal
    assert "polling 0/3 feeds" in terminal
    assert " new versions · " in terminal and "1 failed" in terminal
    assert "[1/3]" not in terminal  # no plain lines on a terminal
    assert terminal.split("\r")[-1].strip() == ""  # the line is erased at the end
    assert "3 feeds: 2 ok, 1 failed" in stdout  # the table stays on stdout


def test_plain_lines_without_a_terminal(config: Path):
    done = run_monitor("poll", "--config", str(config), "--db", str(config.parent / "m.db"))
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 3 and "\r" not in done.stderr
    assert any("alpha: ok, 1 new stories, " in line for line in lines)
    assert any(line.endswith("down: failed (HTTP 500)") for line in lines)
    assert "3 feeds: 2 ok, 1 failed" in done.stdout


def test_quiet_prints_only_failures(config: Path):
    done = run_monitor("poll", "-q", "--config", str(config), "--db",
                       str(config.parent / "m.db"))
    assert done.returncode == 1 and done.stdout == ""
    assert [line for line in done.stderr.splitlines() if line] == [
        line for line in done.stderr.splitlines() if line.startswith("monitor: down:")]
    assert "500" in done.stderr
    code, terminal, stdout = _run_on_pty("poll", "-q", "--config", str(config), "--db",
                                         str(config.parent / "m2.db"), cwd=config.parent)
    assert code == 1 and "polling" not in terminal and stdout == ""


