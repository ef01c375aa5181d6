"""`monitor changes`: the fact changes detected, newest first, across stories."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

import click

from monitor.cli.common import (
    config_option,
    config_path,
    db_option,
    echo,
    echo_json,
    echo_table,
    json_option,
    style,
)

TABLE_LIMIT = 50  # rows the table shows without --limit


@click.command()
@click.option("--since", metavar="DURATION",
              help="Only changes detected this recently (24h, 7d) [default: all].")
@click.option("--watch", metavar="NAME", help="Only changes that raised an alert of this watch.")
@click.option("--feed", metavar="NAME", help="Only this feed's stories.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "atom"]), default=None,
              help="Output format [default: table; --json is --format json].")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help=f"At most this many changes (0: all) [default: all; the table shows "
                   f"the newest {TABLE_LIMIT}].")
@config_option
@db_option
@json_option
def changes(since: str | None, watch: str | None, feed: str | None, fmt: str | None,
            output: str | None, limit: int | None, config: str | None, db: str | None,
            as_json: bool) -> int:
    """The fact changes detected, newest first, across every story.

    `--format atom` writes an Atom feed of them, so a desk can subscribe to
    monitor's findings in the reader it already uses (`-o changes.atom`, served by
    any web server, or regenerated from cron).
    """
    from monitor.cli.browse import _open_store, describe_change, relative
    from monitor.cli.manage import duration_option_value
    from monitor.store import iso, utcnow

    if as_json and fmt not in (None, "json"):
        raise click.UsageError("--json and --format atom exclude each other")
    fmt = "json" if as_json else (fmt or "table")
    cutoff = None
    if since is not None:
        cutoff = iso(utcnow() - timedelta(seconds=duration_option_value(since, "--since")))
    wanted = None if limit in (None, 0) else limit
    shown = TABLE_LIMIT if fmt == "table" and limit is None else wanted
    with _open_store(db) as store:
        _check_feed(store, feed, config)
        kinds, severities = _watch_filter(config, store, watch)
        query = {"feed": feed, "watch": watch, "since": cutoff, "kinds": kinds,
                 "severities": severities}
        rows = store.web_changes(**query, limit=shown) if kinds and severities else []
        total = (len(rows) if shown is None or len(rows) < shown
                 else store.web_changes(**query, count=True))
    if fmt == "atom":
        from importlib.metadata import version

        from monitor.web.atom import changes_feed

        params = [(k, v) for k, v in (("feed", feed), ("watch", watch), ("since", since)) if v]
        body = changes_feed(rows, updated=rows[0]["detected_at"] if rows else iso(utcnow()) or "",
                            version=version("monitor"), watch=watch, params=params)
        _write(body, output)
        return 0
    if fmt == "json":
        from monitor.web.shapes import change_json

        data = [{**change_json(r), "muted": _is_muted(r)} for r in rows]
        if output:
            from monitor.cli.common import json_text

            _write((json_text(data, indent=2) + "\n").encode(), output)
        else:
            echo_json(data)
        return 0
    if not rows:
        echo("no fact changes" + (f" in the last {since}" if since else "") + " yet")
        return 0
    table = [[r["detected_at"], relative(r["detected_at"]), r["story_id"], r["feed"],
              f"v{r['from_version'] or '?'}→v{r['version']}", describe_change(r)]
             for r in rows]
    echo_table(["DETECTED", "WHEN", "STORY", "FEED", "VERSIONS", "CHANGE"], table)
    if total > len(rows):
        echo(style(f"{len(rows)} of {total} shown; --limit 0 for all", dim=True))
    return 0


def _watch_filter(config: str | None, store: Any,
                  watch: str | None) -> tuple[list[str], list[str]]:
    """The kinds and severities a watch fires on (all without --watch, or when the
    configuration does not name it); an unknown watch is an error naming it."""
    from monitor.models import FACT_KINDS, SEVERITIES

    if not watch:
        return list(FACT_KINDS), list(SEVERITIES)
    path = config_path(config)
    found = None
    names: list[str] = []
    if config is not None or path.exists():
        from monitor.config import load_config

        watches = load_config(path).watches
        names = [w.name for w in watches]
        found = next((w for w in watches if w.name == watch), None)
    stored = store.watch_names()
    if found is None and watch not in stored:
        from monitor.errors import InputError

        known = ", ".join(dict.fromkeys([*names, *stored])) or "none"
        raise InputError(f"no watch named {watch!r} (watches: {known})")
    from monitor.watches import change_scope

    return change_scope(found)  # what that watch fires on (all when not configured)


def _is_muted(row: dict[str, Any]) -> bool:
    from monitor.cli.manage import muted_until

    return muted_until(row) is not None


def _check_feed(store: Any, feed: str | None, config: str | None) -> None:
    if feed:
        from monitor.cli.browse import known_feed

        known_feed(store, feed, config)  # an unknown feed is an error naming it


def _write(body: bytes, output: str | None) -> None:
    if not output or output == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    from pathlib import Path

    from monitor.errors import InputError

    target = Path(output)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_bytes(body)
        tmp.replace(target)  # a reader polling the file never sees half of it
    except OSError as exc:
        raise InputError(f"{output}: cannot write: {exc.strerror}") from None
