"""`monitor feeds`, `monitor stories` and `monitor history`: reading the store.

Readers open the store read-only; WAL lets them run while the daemon writes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import click

from monitor.cli.common import (
    config_option,
    config_path,
    db_option,
    db_path,
    echo,
    echo_json,
    echo_table,
    json_option,
    printable,
    store_exists,
    style,
)

_SEVERITY_COLOUR = {"high": "red", "medium": "yellow", "low": "cyan"}


# ---------------------------------------------------------------- formatting helpers


def human_duration(seconds: float | None, units: int = 2) -> str:
    """90 -> '1m30s', 3600 -> '1h', 0.4 -> '0s' (at most ``units`` units)."""
    if seconds is None:
        return "-"
    seconds = round(abs(seconds))
    parts: list[str] = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size or (unit == "s" and not parts):
            amount, seconds = divmod(seconds, size)
            parts.append(f"{amount}{unit}")
        if len(parts) == units:
            break
    return "".join(parts)


def relative(moment: str | None, now: datetime | None = None) -> str:
    """'3m ago', 'in 12m', 'never'."""
    from monitor.store import parse_iso, utcnow

    when = parse_iso(moment)
    if when is None:
        return "never"
    delta = (when - (now or utcnow())).total_seconds()
    if abs(delta) < 1:
        return "now"
    text = human_duration(abs(delta), units=1 if abs(delta) >= 600 else 2)
    return f"in {text}" if delta > 0 else f"{text} ago"


def _clip(text: str | None, width: int) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"


def _title_width(used: int) -> int:
    return max(20, shutil.get_terminal_size((120, 24)).columns - used)


def known_feed(store: Any, name: str, config: str | None = None) -> bool:
    """Whether ``name`` is a feed of the store (True) or only of the configuration (False,
    not polled yet); neither is an error naming the feed and those there are."""
    if store.feed(name) is not None:
        return True
    configured: dict[str, str] = {}
    try:
        configured, _ = _configured_feeds(config)
    except Exception:  # an unreadable config: the store's feeds are named below
        configured = {}
    if name in configured:
        return False
    from monitor.errors import InputError

    names = list(dict.fromkeys([*configured, *store.feed_names()]))
    raise InputError(f"no feed named {printable(name)!r} (feeds: {', '.join(names) or 'none'})")


def _open_store(db: str | None, config: str | None = None) -> Any:
    from monitor.storage import open_store

    return open_store(db_path(db, config), readonly=True)


# ---------------------------------------------------------------- feeds


@click.command()
@config_option
@db_option
@json_option
def feeds(config: str | None, db: str | None, as_json: bool) -> int:
    """Show every feed's polling status: last poll, result, next poll, errors."""
    configured, secrets = _configured_feeds(config)
    path = db_path(db, config)
    stored: dict[str, dict[str, Any]] = {}
    if store_exists(path):
        with _open_store(db, config) as store:
            stored = {row["name"]: row for row in store.feeds()}
    names = list(configured) + [n for n in stored if n not in configured]
    rows = []
    rows = [feed_json(name, stored.get(name, {}), configured, secrets) for name in names]
    if as_json:
        echo_json(rows)
        return 0
    if not rows:
        echo("no feeds (add some to feeds.yaml)")
        return 0
    table = []
    show_pages = any(r["page_trouble"] for r in rows)
    for r in rows:
        waiting = relative(r["retry_after_until"])
        if r["last_polled_at"] is None:
            result = style("not polled yet", dim=True)
        elif waiting.startswith("in "):
            result = style(f"told to wait ({waiting})", fg="yellow")
        elif r["last_error"]:
            result = style(f"failing ×{r['consecutive_failures']}", fg="red")
        else:
            result = style("ok", fg="green")
        table.append([r["name"], relative(r["last_polled_at"]), r["last_status"] or "-",
                      result, relative(r["next_poll_at"]) if r["last_polled_at"] else "due",
                      r["stories"], _clip(r["last_error"], 60)])
        if show_pages:
            table[-1].insert(6, style(str(r["page_trouble"]), fg="yellow")
                             if r["page_trouble"] else "0")
    headers = ["FEED", "LAST POLL", "HTTP", "RESULT", "NEXT POLL", "STORIES", "LAST ERROR"]
    if show_pages:  # stories whose article page is in trouble (`monitor stories` says which)
        headers.insert(6, "PAGE TROUBLE")
    echo_table(headers, table)
    return 0


def _configured_feeds(config: str | None) -> tuple[dict[str, str], frozenset[str]]:
    """name -> URL from the config, when there is one (an invalid one is an error),
    and the config's secrets (to mask in URLs)."""
    path = config_path(config)
    if config is None and not path.exists():
        return {}, frozenset()
    from monitor.config import load_config

    loaded = load_config(path)
    return {f.name: f.url for f in loaded.feeds}, loaded.secrets


def feed_json(name: str, row: dict[str, Any], configured: dict[str, str],
              secrets: frozenset[str]) -> dict[str, Any]:
    """One row of `monitor feeds --json` (and of the web API's /api/v1/feeds)."""
    from monitor.redact import redact, redact_url

    return {
        "name": name,
        "url": redact(redact_url(configured.get(name) or row.get("url") or ""), secrets),
        "in_config": name in configured,
        "last_polled_at": row.get("last_polled_at"),
        "last_success_at": row.get("last_success_at"),
        "last_status": row.get("last_status"),
        "last_error": row.get("last_error"),
        "consecutive_failures": row.get("consecutive_failures") or 0,
        "next_poll_at": row.get("next_poll_at"),
        "retry_after_until": row.get("retry_after_until"),
        "stories": row.get("stories") or 0,
        # stories whose article page could not be used: their trouble, not the feed's
        "page_trouble": row.get("page_trouble") or 0,
    }


# ---------------------------------------------------------------- stories


def story_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "feed": row["feed"], "title": row["title"], "url": row["url"],
        "guid": row["guid"], "versions": row["version_count"], "changes": row.get("changes", 0),
        "published_at": row["published_at"], "first_seen_at": row["first_seen_at"],
        "last_seen_at": row["last_seen_at"], "last_changed_at": row["last_changed_at"],
        "page": _page_json(row),
        # a reused guid or URL: the story it replaced, the story that replaced it
        "replaces": row.get("replaces_story_id"), "replaced_by": row.get("replaced_by"),
        # muted (`monitor mute`): changes are stored, no alert sent until then
        "muted_until": _muted_until(row),
    }


def _muted_until(row: dict[str, Any]) -> str | None:
    from monitor.cli.manage import muted_until

    return muted_until(row)


def _page_json(row: dict[str, Any]) -> dict[str, Any] | None:
    """A full-text story's article page trouble (None when its page is fine)."""
    if not row.get("page_state"):
        return None
    return {"state": row["page_state"], "error": row.get("page_error"),
            "failures": row.get("page_failures") or 0,
            "next_try_at": row.get("next_check_at")}


def _replacement_note(row: dict[str, Any]) -> str:
    """'[replaced by 12] ' / '[replaces 9] ': a guid or URL reused for another story."""
    if row.get("replaced_by"):
        return f"[replaced by {row['replaced_by']}] "
    if row.get("replaces_story_id"):
        return f"[replaces {row['replaces_story_id']}] "
    return ""


def _page_cell(row: dict[str, Any]) -> str:
    from monitor.pages import RETRYING, describe

    text = describe(row.get("page_state"), row.get("page_failures") or 0)
    if not text:
        return "-"
    return style(text, fg="yellow" if row["page_state"] == RETRYING else "red")


TABLE_LIMIT = 50  # stories the table shows without --limit


@click.command()
@click.option("--feed", metavar="NAME", help="Only this feed's stories.")
@click.option("--changed", is_flag=True, help="Only stories with at least one fact change.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help=f"At most this many stories (0: all) [default: all; the table shows the "
                   f"newest {TABLE_LIMIT}].")
@db_option
@json_option
def stories(feed: str | None, changed: bool, limit: int | None, db: str | None,
            as_json: bool) -> int:
    """List stored stories, most recently changed first.

    The ID column is what `monitor history` and `monitor diff` accept; MUTED shows
    until when a muted story sends no alert (`monitor mute`).
    """
    shown = (TABLE_LIMIT if limit is None and not as_json else limit) or None
    with _open_store(db) as store:
        if feed and not known_feed(store, feed):
            echo(f"no stories yet: feed {printable(feed)} has not been polled")
            return 0
        rows = store.stories(feed=feed, changed=changed, limit=shown)
        total = (len(rows) if shown is None or len(rows) < shown
                 else store.count_stories(feed=feed, changed=changed))
    if as_json:
        echo_json([story_json(r) for r in rows])
        return 0
    if not rows:
        echo("no stories yet" + (" with a fact change" if changed else ""))
        return 0
    table = [[r["id"], r["feed"], r["version_count"],
              style(str(r["changes"]), fg="yellow") if r["changes"] else "0",
              relative(r["last_changed_at"] or r["first_seen_at"]),
              _replacement_note(r) + (r["title"] or "")] for r in rows]
    headers = ["ID", "FEED", "VERSIONS", "CHANGES", "CHANGED", "TITLE"]
    if any(r.get("page_state") for r in rows):  # full text: whose article page is in trouble
        headers.insert(5, "PAGE")
        for row, r in zip(table, rows, strict=True):
            row.insert(5, _page_cell(r))
    if any(_muted_until(r) for r in rows):
        headers.insert(len(headers) - 1, "MUTED")
        for row, r in zip(table, rows, strict=True):
            until = _muted_until(r)
            row.insert(len(row) - 1, "-" if until is None else
                       style("forever" if until.startswith("9999") else relative(until),
                             fg="yellow"))
    used = sum(max(len(str(row[i])) for row in table) + 2
               for i in range(len(headers) - 1)) + 30
    for row in table:
        row[-1] = _clip(row[-1], _title_width(used))
    echo_table(headers, table)
    if total > len(rows):
        echo(style(f"{len(rows)} of {total} shown; --limit 0 for all", dim=True))
    return 0


# ---------------------------------------------------------------- history


@click.command()
@click.argument("story")
@click.option("--text", "show_text", is_flag=True, help="Print each version's full text.")
@click.option("--facts", "show_facts", is_flag=True,
              help="Instead: each fact that changed, when it first appeared and each value "
                   "it took (with --json: every fact).")
@db_option
@json_option
def history(story: str, show_text: bool, show_facts: bool, db: str | None,
            as_json: bool) -> int:
    """Show a story's versions with their times, and the fact changes between them.

    STORY is an id as printed by `monitor stories`, or the story's guid or URL.
    """
    with _open_store(db) as store:
        found = store.resolve_story(story)
        replaced_by = store.replaced_by(found["id"])
        versions = store.versions(found["id"])
        if show_facts:
            from monitor.ingest import read_story_facts

            # Not store.story_facts: a story's lone first version is stored with its
            # facts not yet read, and they are read here.
            return _fact_history(found, versions, read_story_facts(store, found["id"]), as_json)
        changes = store.changes(found["id"])
    from monitor.timeline import REPEAT_CAUSE, repeated_versions

    if as_json:
        echo_json(history_json(found, versions, changes))
        return 0
    by_version = changes_by_version(changes)
    repeats = repeated_versions(versions)
    echo(style(f"story {found['id']}", bold=True) + f" · {printable(found['feed'])} · "
               f"{printable(found['title'])}")
    if found["url"]:
        echo(style(printable(found["url"]), dim=True))
    if found.get("replaces_story_id"):
        echo(f"replaces story {found['replaces_story_id']} (its guid or URL was reused; "
                   f"not compared with it)")
    if replaced_by:
        echo(f"replaced by story {replaced_by} (its guid or URL now names another story)")
    previous_source = None
    for v in versions:
        echo("")
        echo(style(f"v{v['number']}", bold=True) + f"  {v['seen_at']} "
                   f"({relative(v['seen_at'])})  {v['source']}  {_clip(v['title'], 80)}")
        if v["number"] in repeats:
            echo(style(f"    repeats v{repeats[v['number']]} word for word ({REPEAT_CAUSE})",
                       fg="yellow"))
        for c in by_version.get(v["id"], []):
            echo("    " + describe_change(c))
        if previous_source is not None and v["source"] != previous_source:
            echo(style(f"    now the {_SOURCE_NAMES.get(v['source'], v['source'])} "
                             f"(not compared with the {_SOURCE_NAMES.get(previous_source, '')})",
                             dim=True))
        elif v["number"] > 1 and not by_version.get(v["id"]):
            echo(style("    no fact changed (wording only)", dim=True))
        previous_source = v["source"]
        if show_text:
            echo("")
            for line in printable(v["text"]).splitlines():
                echo("    " + line)
    return 0


_SOURCE_NAMES = {"feed": "feed's text", "page": "article page's text"}


def _fact_history(story: dict[str, Any], versions: list[dict[str, Any]],
                  facts: list[dict[str, Any]], as_json: bool) -> int:
    from monitor.timeline import fact_timeline

    timeline = fact_timeline(facts, [v["number"] for v in versions])
    if as_json:
        echo_json([h.to_dict() for h in timeline])
        return 0
    seen_at = {v["number"]: v["seen_at"] for v in versions}
    changed = [h for h in timeline if h.changed or h.first_seen > 1]
    echo(style(f"story {story['id']}", bold=True) + f" · {printable(story['feed'])} · "
               f"{printable(story['title'])}")
    echo(f"{len(timeline)} facts over {len(versions)} versions; "
               f"{len(changed)} appeared later or changed (first seen in v1 unless said):")
    for h in changed:
        echo("")
        first = "" if h.first_seen == 1 else f"  (first seen in v{h.first_seen})"
        echo(style(h.kind, bold=True) + f"  {printable(_fact_label(h))}{first}")
        for state in h.states:
            shown = (style("(gone)", dim=True) if state.value is None
                     else repr(_clip(state.span or state.value or "", 80)))
            echo(f"    v{state.version}  {seen_at.get(state.version, '')}  {shown}")
    return 0


def _fact_label(history: Any) -> str:
    """What a person calls the fact: the words that first carried it ("1,000 days"), not
    its internal slot key ("number:conflict lasted _"), which `--json` still gives."""
    first = next((s.span or s.value for s in history.states if (s.span or s.value)), None)
    return repr(_clip(first, 60)) if first else history.key


def history_json(story: dict[str, Any], versions: list[dict[str, Any]],
                 changes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """`monitor history STORY --json` (and the web API's story history)."""
    from monitor.timeline import repeated_versions

    by_version = changes_by_version(changes)
    repeats = repeated_versions(versions)
    return [{
        "story_id": story["id"], "feed": story["feed"], "version": v["number"],
        "id": v["id"], "title": v["title"], "seen_at": v["seen_at"],
        "published_at": v["published"], "source": v["source"],
        "content_hash": v["content_hash"], "repeats_version": repeats.get(v["number"]),
        "text": v["text"],
        "changes": [_change_json(c) for c in by_version.get(v["id"], [])],
    } for v in versions]


def changes_by_version(changes: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """A story's change rows, by the version they lead to."""
    by_version: dict[int, list[dict[str, Any]]] = {}
    for change in changes:
        by_version.setdefault(change["version_id"], []).append(change)
    return by_version


# `monitor history --json`: the fields of each version's changes (the web API's too).
CHANGE_FIELDS = ("kind", "action", "old", "new", "old_sentence", "new_sentence", "severity",
                 "detected_at", "from_version_id")


def _change_json(c: dict[str, Any]) -> dict[str, Any]:
    return {k: c[k] for k in CHANGE_FIELDS}


def describe_change(c: dict[str, Any]) -> str:
    severity = style(c["severity"], fg=_SEVERITY_COLOUR.get(c["severity"], "white"))
    if c["action"] == "changed":
        what = f"{_clip(c['old'], 60)!r} → {_clip(c['new'], 60)!r}"
    elif c["action"] == "added":
        what = f"+ {_clip(c['new'], 100)!r}"
    else:
        what = f"- {_clip(c['old'], 100)!r}"
    return f"{c['kind']} {c['action']} [{severity}]: {what}"
