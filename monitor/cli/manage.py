"""`monitor mute`, `monitor unmute` and `monitor prune`: changing what the store keeps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import click

from monitor.cli.common import (
    config_option,
    config_path,
    db_option,
    db_path,
    echo,
    echo_json,
    json_option,
    printable,
)
from monitor.errors import InputError, StoreError


def duration_option_value(value: str, option: str) -> float:
    """``7d``, ``24h``, ``90m`` in seconds; a usage error naming ``option`` otherwise."""
    from monitor.config import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def _writable_store(db: str | None) -> Any:
    from monitor.cli.common import store_exists
    from monitor.storage import open_store

    path = db_path(db)
    if not store_exists(path):
        raise StoreError(f"{path}: no such store (run `monitor poll` first, or pass --db)")
    return open_store(path)


# ---------------------------------------------------------------- mute / unmute


@click.command()
@click.argument("story")
@click.option("--for", "span", metavar="DURATION",
              help="Mute for this long (7d, 12h, 30m) [default: until `monitor unmute`].")
@db_option
@json_option
def mute(story: str, span: str | None, db: str | None, as_json: bool) -> int:
    """Mute a story: it keeps being tracked (versions and fact changes are stored) but
    sends no alert.  STORY is an id as printed by `monitor stories`, or its guid or URL."""
    from monitor.store import MUTED_FOREVER, iso, utcnow

    until = MUTED_FOREVER
    if span is not None:
        until = iso(utcnow() + timedelta(seconds=duration_option_value(span, "--for"))) or ""
    with _writable_store(db) as store:
        found = store.resolve_story(story)
        store.mute_story(found["id"], until)
    if as_json:
        echo_json({"id": found["id"], "muted_until": until})
        return 0
    when = "until `monitor unmute`" if until == MUTED_FOREVER else f"until {until}"
    echo(f"story {found['id']} muted {when}: {printable(found['title'])}")
    echo("its fact changes are still recorded; no alert is sent for them")
    return 0


@click.command()
@click.argument("story")
@db_option
@json_option
def unmute(story: str, db: str | None, as_json: bool) -> int:
    """Unmute a story: its next fact changes send alerts again."""
    with _writable_store(db) as store:
        found = store.resolve_story(story)
        store.unmute_story(found["id"])
    if as_json:
        echo_json({"id": found["id"], "muted_until": None})
        return 0
    was = " (it was not muted)" if not found.get("muted_until") else ""
    echo(f"story {found['id']} unmuted{was}: {printable(found['title'])}")
    return 0


def muted_until(row: dict[str, Any], now: str | None = None) -> str | None:
    """The story's mute end while it is muted, else None (a mute that ran out is none)."""
    from monitor.store import iso, utcnow

    until = row.get("muted_until")
    return until if until and until > (now or iso(utcnow()) or "") else None


# ---------------------------------------------------------------- prune


def _live_feeds(config: str | None) -> list[str] | None:
    """The configured feeds' names; None without a config (every stored feed then counts
    as live: the conservative choice)."""
    path = config_path(config)
    if config is None and not path.exists():
        return None
    from monitor.config import load_config

    return [f.name for f in load_config(path).feeds]


def prune_store(store: Any, older_than: float, live_feeds: list[str] | None, *,
                dry_run: bool = False) -> dict[str, Any]:
    """Prune ``store`` (see ``Store.prune``), then reclaim the space; the counts, the
    cut-off and the bytes reclaimed.  The daemon's daily retention job calls this too."""
    from monitor.store import iso, utcnow

    cutoff = iso(utcnow() - timedelta(seconds=older_than)) or ""
    counts: dict[str, Any] = store.prune(cutoff, live_feeds=live_feeds, dry_run=dry_run)
    removed = any(counts[k] for k in ("stories", "versions", "facts", "changes", "deliveries",
                                      "sentences"))
    counts["bytes_reclaimed"] = store.reclaim_space() if removed and not dry_run else 0
    counts["cutoff"] = cutoff
    counts["dry_run"] = dry_run
    return counts


@click.command()
@click.option("--older-than", "older_than", metavar="DURATION", required=True,
              help="Prune stories not seen for this long (90d, 12w).")
@click.option("--dry-run", is_flag=True, help="Only count what would be removed.")
@config_option
@db_option
@json_option
def prune(older_than: str, dry_run: bool, config: str | None, db: str | None,
          as_json: bool) -> int:
    """Remove the versions, facts, fact changes and sent alerts of stories not seen for
    --older-than, then give the space back to the file system.

    A story of a feed still in the configuration keeps its latest version (it may come
    back); a story of a feed no longer configured is removed whole.  A story with an
    alert not sent yet is never touched.  `retention: 90d` in feeds.yaml makes
    `monitor run` do this daily.
    """
    from monitor.config import MIN_RETENTION

    seconds = duration_option_value(older_than, "--older-than")
    if seconds < MIN_RETENTION:
        raise InputError("--older-than must be at least 1d (such as 90d)")
    live = _live_feeds(config)
    with _writable_store(db) as store:
        counts = prune_store(store, seconds, live, dry_run=dry_run)
    if as_json:
        echo_json(counts)
        return 0
    echo(describe_prune(counts))
    return 0


def describe_prune(counts: dict[str, Any]) -> str:
    verb = "would remove" if counts["dry_run"] else "removed"
    line = (f"stories not seen since {counts['cutoff']}: {verb} {counts['stories']} stories, "
            f"{counts['versions']} versions, {counts['facts']} facts, "
            f"{counts['changes']} fact changes, {counts['sentences']} sentences, "
            f"{counts['deliveries']} sent alerts")
    if counts.get("skipped_unsent"):
        line += f"; kept {counts['skipped_unsent']} stories with alerts not sent yet"
    if not counts["dry_run"]:
        line += f"; {counts['bytes_reclaimed']} bytes reclaimed"
    return line
