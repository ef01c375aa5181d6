"""`monitor demo`: the real daemon against the local demo server, with a commentary.

The shell of the demo: it starts monitor/demo/server.py, writes a temporary
feeds.yaml (one feed pointing at it, two watches, the console channel), and runs
the daemon of `monitor run` (monitor.daemon.Daemon: the APScheduler job per feed,
the poll pool, the pipeline) on a temporary store.  Alerts are sent by the
outbox's DeliveryWorker and printed by the console channel as they fire.  The
tour stops once the feed has been polled after its last version and the outbox
is empty (or on Ctrl-C), then prints what happened to each version.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from monitor.cli.common import style
from monitor.demo import MINE_WATCH, TERM_WATCH, DemoStory, load_story, render_feed
from monitor.demo.server import DemoServer

if TYPE_CHECKING:
    from monitor.config import Config
    from monitor.daemon import Daemon

FEED_NAME = "demo-wire"
CHANNEL = "console"
DELIVERY_TICK = 0.2  # seconds between two outbox checks: alerts show up promptly
DRAIN_TIMEOUT = 15.0  # seconds to wait for the last alerts after the last poll
STALL_POLLS = 10  # intervals without a poll after which the tour gives up


def demo_config(feed_url: str, interval: float) -> str:
    """The demo's feeds.yaml (parsed by the real config loader)."""
    return f"""\
# Written by `monitor demo`; removed when the tour ends.
defaults:
  interval: {interval}s
  jitter: 0
  concurrency: 1
feeds:
  - name: {FEED_NAME}
    url: {feed_url}
    tags: [demo]
watches:
  - name: {MINE_WATCH}
    keywords: [mine, mines, antipersonnel]
    kinds: [condition, status]
    notify: [{CHANNEL}]
  - name: {TERM_WATCH}
    keywords: [term, leave office, inauguration]
    kinds: [date]
    notify: [{CHANNEL}]
channels:
  {CHANNEL}: {{type: console}}
delivery:
  backoff: 1s
  backoff_max: 5s
"""


def run_tour(*, interval: float = 2.0, keep_db: bool = False) -> int:
    """Run the whole tour; returns the exit code (0, or 130 after Ctrl-C)."""
    from monitor.config import load_config

    story = load_story()
    folder = Path(tempfile.mkdtemp(prefix="monitor-demo-"))
    db_path = folder / "demo.db"
    total = len(story.versions)

    def on_publish(index: int) -> None:
        version = story.versions[index]
        click.echo(style(f"\n[v{index + 1}/{total}] ", bold=True) + version.note)

    code = 0
    with DemoServer(story, on_publish=on_publish) as server:
        config_path = folder / "demo.yaml"
        config_path.write_text(demo_config(server.feed_url, interval), encoding="utf-8")
        config_path.chmod(0o600)
        config = load_config(config_path)
        click.echo(f"monitor demo: a story evolves on a local server ({server.feed_url}), "
                   f"one version per poll; the daemon polls it every {interval:g} s.")
        click.echo(f'Watches: "{MINE_WATCH}" (condition and status changes in stories about '
                   f'mines) and "{TERM_WATCH}" (date changes in stories about a term); '
                   "alerts go to the console.  Ctrl-C stops the tour.")
        daemon, delivery, stop = _prepare(config, db_path)
        try:
            # Started inside the try: the first poll publishes v1 at once, and a Ctrl-C
            # that follows it must find the tour ready to stop (it raced with _start).
            daemon.start()
            delivery.start()
            # One poll after the last version means the poll that stored it is done
            # (a feed's polls never overlap).
            if _wait_for_last_poll(server, total + 1, stall=max(STALL_POLLS * interval, 30)):
                _wait_for_outbox(db_path, DRAIN_TIMEOUT)
            else:
                click.echo("monitor: error: the daemon stopped polling the demo feed"
                           f"{_feed_error(db_path)}", err=True)
                code = 1
        except KeyboardInterrupt:
            click.echo("\nInterrupted: stopping the tour.", err=True)
            code = 130
        finally:
            stop.set()
            daemon.shutdown()
            if delivery.is_alive():
                delivery.join(timeout=10)
    report = _report(story, db_path, server.base_url)[:server.published + 1]
    _print_report(report, total)
    if keep_db:
        click.echo(f"\nStore kept: {db_path}\n  monitor history {story.guid} --db {db_path}"
                   f"\n  monitor serve --db {db_path}    (the web view, at http://127.0.0.1:8080/)")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    if code == 0:
        click.echo("Next: put your feeds and watches in feeds.yaml and start `monitor run`; "
                   "back-test a watch on archived versions with `monitor replay`.")
    return code


def _prepare(config: Config, db_path: Path) -> tuple[Daemon, threading.Thread, threading.Event]:
    """The daemon (polling) plus an outbox worker checking every DELIVERY_TICK, neither
    started yet, and the event that stops the worker."""
    from monitor.daemon import Daemon
    from monitor.notify.outbox import DeliveryWorker

    daemon = Daemon(config, db_path, deliver=False)
    stop = threading.Event()

    def deliver() -> None:
        with DeliveryWorker(db_path, config) as worker:
            while not stop.is_set():
                try:
                    worker.run_once()
                except Exception as exc:  # keep the tour going; the next tick retries
                    click.echo(f"monitor: delivery: {type(exc).__name__}: {exc}", err=True)
                stop.wait(DELIVERY_TICK)
            worker.run_once(deadline=time.monotonic() + 5)

    thread = threading.Thread(target=deliver, name="demo-delivery", daemon=True)
    return daemon, thread, stop


def _wait_for_last_poll(server: DemoServer, requests: int, *, stall: float) -> bool:
    """Wait for the feed's ``requests``-th request; False when none came for ``stall`` s."""
    seen, since = server.feed_requests, time.monotonic()
    while not server.wait_for_requests(requests, timeout=0.5):
        if server.feed_requests != seen:
            seen, since = server.feed_requests, time.monotonic()
        elif time.monotonic() - since > stall:
            return False
    return True


def _feed_error(db_path: Path) -> str:
    from monitor.storage import open_store

    if not db_path.exists():
        return ""
    with open_store(db_path, readonly=True) as store:
        feed = store.feed(FEED_NAME) or {}
    return f" (last error: {feed['last_error']})" if feed.get("last_error") else ""


def _pending(db_path: Path) -> int:
    from monitor.storage import open_store

    with open_store(db_path, readonly=True) as store:
        return store.delivery_counts().get("pending", 0)


def _wait_for_outbox(db_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _pending(db_path) and time.monotonic() < deadline:
        time.sleep(DELIVERY_TICK)


# --------------------------------------------------------------------------- the report


def _published_texts(story: DemoStory, base_url: str) -> dict[tuple[str, str], int]:
    """(title, text) of each version as the feed carried it -> its 0-based index."""
    from monitor.feeds import parse_feed

    texts: dict[tuple[str, str], int] = {}
    for index in range(len(story.versions)):
        entry = parse_feed(render_feed(story, index, base_url)).entries[0]
        texts.setdefault((entry.title.strip(), entry.text.strip()), index)
    return texts


def _report(story: DemoStory, db_path: Path, base_url: str) -> list[dict[str, Any]]:
    """What happened to each published version: stored?, fact changes, alerts."""
    from monitor.errors import NotFoundError
    from monitor.storage import open_store

    rows: list[dict[str, Any]] = [
        {"version": i + 1, "expect": list(v.expect), "stored": False, "changes": [],
         "alerts": [], "sent": 0} for i, v in enumerate(story.versions)]
    if not db_path.exists():
        return rows
    index_of = _published_texts(story, base_url)
    with open_store(db_path, readonly=True) as store:
        try:
            found = store.resolve_story(story.guid)
        except NotFoundError:
            return rows
        changes = store.changes(int(found["id"]))
        for version in store.versions(int(found["id"])):
            index = index_of.get((version["title"].strip(), version["text"].strip()))
            if index is None:
                continue
            row = rows[index]
            row["stored"] = True
            row["changes"] = [f"{c['kind']} {c['action']}" for c in changes
                              if c["version_id"] == version["id"]]
            for alert in store.fact_alerts(int(version["id"])):
                payload = json.loads(alert.payload)
                row["alerts"].extend(w for w in payload.get("watches") or []
                                     if w not in row["alerts"])
                row["sent"] += alert.status == "sent"
    return rows


def _print_report(rows: list[dict[str, Any]], total: int) -> None:
    click.echo(style("\nWhat happened to each version:", bold=True))
    for row in rows:
        alerts = ", ".join(row["alerts"]) or "no alert"
        expected = ", ".join(row["expect"]) or "no alert"
        verdict = "as expected" if sorted(row["alerts"]) == sorted(row["expect"]) else (
            f"expected: {expected}")
        changes = ", ".join(row["changes"]) or "none"
        stored = "stored" if row["stored"] else "same content once normalised, not stored"
        click.echo(f"  v{row['version']}: {stored}; fact changes: {changes}; "
                   f"alerts: {alerts} ({verdict})")
    fired = sum(1 for r in rows if r["alerts"])
    silent = sum(1 for r in rows if not r["expect"] and not r["alerts"])
    quiet_expected = sum(1 for r in rows if not r["expect"])
    click.echo(f"\nTour over: {len(rows)} of {total} versions published, {fired} raised "
               f"alerts; {silent} of the {quiet_expected} versions with no fact change "
               "stayed silent.")
    sys.stdout.flush()
