"""The end of `monitor poll` (issue 12, session 18): the process ends without the
interpreter's teardown once everything is written, and the outbox is drained while the
pipeline closes.  Whatever the exit skips, nothing of the poll may be lost: its output, its
exit code, its stored versions, its delivered alerts, the exit handlers registered in it."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from monitor.cli import polling
from monitor.pipeline import Pipeline
from tests.support import webhook
from tests.support.inprocess import invoke_monitor
from tests.support.polling import (
    MINES,
    REPO,
    RSS,
    Item,
    db_rows,
    monitor_env,
    rss,
    write_config,
)
from tests.support.webhook import SECRET

webhook_receiver = webhook.webhook_receiver

# `monitor ARGS` as the program (monitor/__main__.py run as __main__, as `python -m monitor`
# runs it), in a process that also holds an exit handler, which prints on stdout (a pipe
# here: block-buffered, so only a flush after the handler gets its line out).  The
# interpreter runs verbose (-v): its teardown says "# cleanup[...] removing" for each module
# it clears, which a process that ends without one never says.
DRIVER = """
import atexit, runpy, sys

atexit.register(print, "exit handler ran")
sys.argv = ["monitor", *sys.argv[1:]]
runpy.run_module("monitor", run_name="__main__", alter_sys=True)
"""
TORN_DOWN = "# cleanup["


FEED = rss([Item("g1", "Mines for Ukraine", MINES)])


def run_program(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-v", "-c", DRIVER, *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env=monitor_env(),
                          stdin=subprocess.DEVNULL)


def test_a_poll_ends_without_teardown_and_loses_no_output_write_or_handler(
        http_server, tmp_path: Path) -> None:
    http_server.route("/good.xml", body=FEED, headers=RSS)
    config = write_config(tmp_path / "feeds.yaml",
                          [{"name": "good", "url": http_server.url("/good.xml")}])
    db = tmp_path / "m.db"
    done = run_program("poll", "--config", str(config), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert TORN_DOWN not in done.stderr  # the teardown was skipped
    lines = done.stdout.splitlines()
    assert any(line.startswith("good ") for line in lines)  # the table, whole
    assert "1 feeds: 1 ok, 0 failed, 0 skipped; 1 new stories, 1 new versions" in done.stdout
    assert lines[-1] == "exit handler ran"  # run after the output, and flushed
    assert db_rows(db, "SELECT count(*) FROM stories") == [(1,)]
    assert db_rows(db, "SELECT count(*) FROM versions") == [(1,)]
    # The store was closed, not left to the exit: no write-ahead log is left over.
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0

    as_json = run_program("poll", "--config", str(config), "--db", str(db), "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert as_json.stdout.splitlines()[-1] == "exit handler ran"
    assert '"new_stories": 0' in as_json.stdout  # the whole JSON, then the handler's line


def test_a_poll_that_failed_keeps_its_exit_code(http_server, tmp_path: Path) -> None:
    http_server.route("/good.xml", body=FEED, headers=RSS)
    http_server.route("/broken.xml", status=500, body=b"down")
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "good", "url": http_server.url("/good.xml")},
        {"name": "broken", "url": http_server.url("/broken.xml")},
    ])
    db = tmp_path / "m.db"
    done = run_program("poll", "--config", str(config), "--db", str(db))
    assert done.returncode == 1
    assert TORN_DOWN not in done.stderr
    assert "2 feeds: 1 ok, 1 failed" in done.stdout
    assert db_rows(db, "SELECT count(*) FROM stories") == [(1,)]


def test_other_commands_and_errors_still_exit_through_the_interpreter(tmp_path: Path) -> None:
    missing = run_program("poll", "--config", str(tmp_path / "nope.yaml"),
                          "--db", str(tmp_path / "m.db"))
    assert missing.returncode == 2
    assert TORN_DOWN in missing.stderr
    version = run_program("--version")
    assert version.returncode == 0 and TORN_DOWN in version.stderr


TITLE = "US authorises antipersonnel mines for Ukraine"
V1 = ("The United States has authorised the use of non-persistent antipersonnel mines by "
      "Ukraine, to be used exclusively within Ukrainian territory and away from populated "
      "areas, officials said on Tuesday.")
V2 = V1.replace("exclusively within Ukrainian territory", "within Ukrainian and Russian territory")


def _story_feed(text: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>World</title><link>http://127.0.0.1/</link><description>t</description>"
            f'<item><guid isPermaLink="false">mines-1</guid><title>{escape(TITLE)}</title>'
            f"<link>http://127.0.0.1/news/mines-1</link>"
            f"<description>{escape(text)}</description></item></channel></rss>").encode()


def test_the_alerts_of_a_poll_are_delivered_before_it_ends(
        http_server, tmp_path: Path, webhook_receiver: Any) -> None:
    http_server.route("/feed.xml", body=_story_feed(V1), headers=RSS)
    config = tmp_path / "feeds.yaml"
    config.write_text(f"""
feeds:
  - {{name: world, url: "{http_server.url('/feed.xml')}"}}
watches:
  - {{name: everything, notify: [hook]}}
channels:
  hook: {{type: webhook, url: "{webhook_receiver.url}", secret: {SECRET}, allow_private: true}}
""", encoding="utf-8")
    config.chmod(0o600)
    db = tmp_path / "m.db"
    first = run_program("poll", "--config", str(config), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "alerts: 0 sent, 0 to retry, 0 dead" in first.stdout
    http_server.route("/feed.xml", body=_story_feed(V2), headers=RSS)
    second = run_program("poll", "--config", str(config), "--db", str(db))
    assert second.returncode == 0, second.stderr
    assert TORN_DOWN not in second.stderr
    assert "alerts: 1 sent, 0 to retry, 0 dead" in second.stdout
    assert len(webhook_receiver.unique) == 1
    assert db_rows(db, "SELECT status FROM deliveries") == [("sent",)]


@pytest.fixture
def good_feed(http_server, tmp_path: Path) -> Path:
    http_server.route("/good.xml", body=FEED, headers=RSS)
    return write_config(tmp_path / "feeds.yaml",
                        [{"name": "good", "url": http_server.url("/good.xml")}])


def test_with_nothing_pending_no_delivery_worker_is_opened(
        good_feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.notify import outbox

    opened: list[object] = []
    real_init = outbox.DeliveryWorker.__init__

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        opened.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(outbox.DeliveryWorker, "__init__", counting_init)
    done = invoke_monitor("poll", "--config", str(good_feed), "--db", str(tmp_path / "m.db"))
    assert done.returncode == 0, done.stderr
    assert "alerts: 0 sent, 0 to retry, 0 dead" in done.stdout
    assert opened == []


def test_the_outbox_is_drained_while_the_pipeline_closes(
        good_feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draining = threading.Event()
    seen: dict[str, Any] = {}
    real_close = Pipeline.close
    real_drain = polling._drain

    def close(self: Pipeline) -> None:
        if "drain_started_first" not in seen:  # the first close: the one that matters
            seen["drain_started_first"] = draining.wait(10)
            seen["thread"] = threading.current_thread().name
        real_close(self)

    def drain(*args: Any) -> Any:
        draining.set()
        return real_drain(*args)

    monkeypatch.setattr(Pipeline, "close", close)
    monkeypatch.setattr(polling, "_drain", drain)
    done = invoke_monitor("poll", "--config", str(good_feed), "--db", str(tmp_path / "m.db"))
    assert done.returncode == 0, done.stderr
    assert seen == {"drain_started_first": True, "thread": "pipeline-close"}


def test_a_failure_to_close_the_pipeline_is_still_raised(
        good_feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def close(self: Pipeline) -> None:
        raise RuntimeError("the pool would not stop")

    monkeypatch.setattr(Pipeline, "close", close)
    done = invoke_monitor("poll", "--config", str(good_feed), "--db", str(tmp_path / "m.db"))
    assert done.returncode == 1
    assert "RuntimeError: the pool would not stop" in done.stderr
