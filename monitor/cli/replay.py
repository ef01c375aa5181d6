"""`monitor replay` and `monitor demo`: argument parsing and output only."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from monitor.cli.common import echo, echo_json_lines, style
from monitor.models import SEVERITY_RANK

DELIVER_TIMEOUT = 300.0  # seconds --deliver keeps sending before it gives up


def _replay_config(cli_value: str | None) -> Any:
    """--config, $MONITOR_CONFIG, ./feeds.yaml when present, else no config at all
    (no watches: every change is recorded for the console)."""
    from monitor.config import Config, Defaults, load_config

    named = cli_value or os.environ.get("MONITOR_CONFIG")
    if named:
        return load_config(named)
    if Path("feeds.yaml").is_file():
        return load_config("feeds.yaml")
    return Config(path="(no configuration)", defaults=Defaults(), feeds=())


def _replay_store_path(cli_value: str | None, create: bool) -> Path | str:
    if cli_value:
        from monitor.cli.common import store_for_writing

        return store_for_writing(cli_value, create=create)
    import tempfile

    return Path(tempfile.mkdtemp(prefix="monitor-replay-")) / "replay.db"


def _check_watches(config: Any, names: tuple[str, ...]) -> None:
    from monitor.errors import InputError

    known = [w.name for w in config.watches]
    for name in names:
        if name not in known:
            listed = ", ".join(f"'{k}'" for k in known) or "none"
            raise InputError(f"no watch named '{name}' in {config.path} (watches: {listed})")


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE.jsonl|DIR ...",
                type=click.Path(path_type=Path))
@click.option("--watch", "watch_names", multiple=True, metavar="NAME",
              help="Report this watch only: its alerts and, with --json, the changes it "
                   "fires on (repeatable; must exist in the config).")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Give the replayed feeds this tag, for watches that select by tag.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON line per fact change, then a summary line.")
@click.option("--db", "db", metavar="FILE", default=None,
              help="Store to replay into [default: a new replay.db in a fresh folder under "
                   "the system temp dir; never db/monitor.db].")
@click.option("--create", is_flag=True,
              help="Create the folders of a new --db store.")
@click.option("--config", "config", metavar="FILE", default=None,
              help="Watches and channels from this file [default: $MONITOR_CONFIG, or "
                   "./feeds.yaml when present, else none: every change is recorded].")
@click.option("--deliver", is_flag=True,
              help="Also SEND the recorded alerts through the configured channels.")
@click.option("--trust-ids", is_flag=True,
              help="One story per archive story_id: never join a story to another by "
                   "near-duplicate text (identical text or the same URL still join).")
def replay(paths: tuple[Path, ...], watch_names: tuple[str, ...], tags: tuple[str, ...],
           as_json: bool, db: str | None, create: bool, config: str | None, deliver: bool,
           trust_ids: bool) -> None:
    """Run archived story versions through the pipeline, in time order.

    Each FILE.jsonl holds one story per line: {"story_id", "source", "url",
    "versions": [{"captured_at", "title", "text"}, ...]}; the feed is the
    slugified source.  Each DIR holds feed snapshots <feed>/<YYYYMMDDTHHMMSSZ>.xml
    (or is one feed's folder of them).  Every version is stored, fingerprinted,
    its facts extracted and diffed, and watches matched exactly as when polling,
    with the capture time as the clock, across all inputs in one time order.
    Stories are identified as when polling: by story_id (the entry's guid) and
    url, and a near-duplicate text in the same feed within 7 days joins the
    story it repeats (with --trust-ids: not across archive story_ids).
    Unreadable lines and snapshots are reported and skipped.

    When nothing at all could be replayed (every line unreadable), the first
    reason is the error and the exit code is 2.

    Alerts are recorded in the replay store's outbox (pending) and counted, not
    sent unless --deliver is given.  The store is kept, so `monitor stories --db
    PATH` and `monitor history` can browse the result.  Do not point --db at a
    store a running daemon uses: it would send the recorded alerts.

    With --json each fact change is a line {"type": "change", "story" (the
    archive's story_id or guid), "story_id" (in the store), "version_id", "feed",
    "captured_at", "kind", "action", "old", "new", "old_sentence",
    "new_sentence", "severity", "watches" (those it fires), "repeats_version" (the
    earlier version this one repeats word for word, else null)}, and the last line is
    {"type": "summary", ...} with the counts printed otherwise.
    """
    from monitor.pipeline import Pipeline
    from monitor.redact import redact_url
    from monitor.replay import (
        Clock,
        alerts_by_watch,
        change_rows,
        merge,
        open_sources,
        replay_feeds,
        run_replay,
    )
    from monitor.storage import open_store

    cfg = _replay_config(config)
    _check_watches(cfg, watch_names)
    source = open_sources(paths)
    cfg = replay_feeds(cfg, source.feeds, tags)
    store_path = _replay_store_path(db, create)
    shown = redact_url(store_path) if isinstance(store_path, str) else store_path
    echo(f"replay store: {shown}", err=True)
    clock = Clock()
    with open_store(store_path) as store, \
            Pipeline(cfg, store, None, clock=clock) as pipeline:
        held = store.count_stories()
        if held:
            echo(f"monitor: note: {shown} already holds {held:,} stories; an "
                       "archived version older than a stored one counts as a revert",
                       err=True)
        def on_change(event: Any, result: Any) -> None:
            rows = change_rows(event, result, cfg, repeats_version=store.earlier_twin(
                result.version_id) if result.changes else None)
            if watch_names:  # back-testing a watch: only the changes it fires on
                rows = [r for r in rows if set(r["watches"]) & set(watch_names)]
            echo_json_lines(rows)

        items = merge(source.streams)
        if sys.stderr.isatty() and source.total_steps > 200:
            with click.progressbar(length=source.total_steps, label="Replaying",
                                   file=sys.stderr) as bar:
                summary = run_replay(pipeline, clock, items,
                                     on_change=on_change if as_json else None,
                                     on_item=lambda item: bar.update(item.step),
                                     trust_ids=trust_ids)
        else:
            summary = run_replay(pipeline, clock, items,
                                 on_change=on_change if as_json else None,
                                 trust_ids=trust_ids)
        alerts = alerts_by_watch(store)
    if deliver:
        from monitor.notify.outbox import DeliveryWorker

        with DeliveryWorker(store_path, cfg) as worker:
            sent = worker.drain(timeout=DELIVER_TIMEOUT)
        echo("deliveries: " + ", ".join(f"{v} {k}" for k, v in sent.items()), err=True)
    if watch_names:
        alerts = {name: alerts.get(name, 0) for name in watch_names}
    else:  # every configured watch, the silent ones too: that is what a back-test shows
        alerts = {**{w.name: 0 for w in cfg.watches}, **alerts}
    summary.alerts = alerts
    for skipped in summary.skipped:
        echo(f"monitor: skipped {skipped.origin}: {skipped.reason}", err=True)
    if not summary.entries:
        from monitor.errors import InputError

        first = summary.skipped[0] if summary.skipped else None
        raise InputError("nothing replayed: " + (f"{first.origin}: {first.reason}" if first
                                                 else "no story version in the input"))
    if as_json:
        echo_json_lines([{"type": "summary", **summary.to_json(), "store": str(shown)}])
    else:
        _print_summary(summary, shown, sent=deliver)


def _print_summary(summary: Any, store_path: Path | str, *, sent: bool) -> None:
    n = summary.pairs
    share = f" ({summary.cosmetic_pairs / n:.0%})" if n else ""
    echo(style("Replayed", bold=True) +
               f" {summary.versions:,} versions of {len(summary.stories):,} stories "
               f"({summary.entries:,} entries) in {summary.elapsed:.1f} s, "
               f"{summary.cpu:.1f} s CPU ({summary.versions_per_second:,.0f} versions/s)")
    echo(f"Version pairs diffed: {n:,}; cosmetic only (no fact change): "
               f"{summary.cosmetic_pairs:,}{share}")
    total = sum(summary.changes.values())
    echo(f"Fact changes: {total:,}" + (f" ({total / n:.2f} per pair)" if n else ""))
    for kind, count in sorted(summary.changes.items(), key=lambda kv: (-kv[1], kv[0])):
        echo(f"  {kind:<12} {count:>7,}  ({count / n:.2f} per pair)")
    if total:  # what a watch would send at each min_severity (its kinds and keywords aside)
        echo("Pairs with a change at min_severity: " + ", ".join(
            f"{level} {summary.pairs_at(level):,}" for level in SEVERITY_RANK))
    if summary.alerts:
        how = "recorded and sent" if sent else "recorded, not sent"
        echo(f"Alerts {how} (story versions per watch):")
        for watch, count in summary.alerts.items():
            echo(f"  {watch:<24} {count:>7,}")
    if summary.skipped:
        echo(style(f"Skipped: {len(summary.skipped)} unreadable input(s) "
                         "(listed on stderr)", fg="yellow"))
    echo(f"Store: {store_path}  (browse: monitor stories --db {store_path})")


@click.command()
@click.option("--interval", type=click.FloatRange(min=0.2), default=2.0, show_default=True,
              metavar="SECONDS", help="Time between two polls of the demo feed.")
@click.option("--keep", "--keep-db", "keep_db", is_flag=True,
              help="Keep the demo's store and print where it is (then: monitor serve --db it).")
def demo(interval: float, keep_db: bool) -> int:
    """An offline tour: watch a story change and alerts fire.

    Starts a local server (127.0.0.1, no network needed) publishing a bundled story
    that evolves one version per poll: the mine-use conditions and the stated end
    of a term change, while update stamps, rotating ads and a typo fix must stay
    silent.  The real daemon polls it every SECONDS with two watches and the console
    channel, each alert is printed as it fires, and the tour stops by itself after
    the last version (or on Ctrl-C).  It uses its own temporary config and store
    and never touches ./feeds.yaml or db/monitor.db.
    """
    from monitor.demo.tour import run_tour

    return run_tour(interval=interval, keep_db=keep_db)
