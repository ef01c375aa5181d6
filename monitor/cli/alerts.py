"""`monitor alerts`: list deliveries, retry dead ones, send a test message."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

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
    store_for_writing,
    style,
)

if TYPE_CHECKING:
    from monitor.storage import Storage

STATUSES = ("pending", "sent", "dead")
_STATUS_COLOUR = {"pending": "yellow", "sent": "green", "dead": "red"}


def _secrets(config_file: str | None) -> frozenset[str]:
    """Secret values to mask in output; listing works without a readable config."""
    from monitor.config import load_config
    from monitor.errors import ConfigError

    try:
        return load_config(config_path(config_file)).secrets
    except ConfigError:
        return frozenset()


def _rows(db: str | None, config: str | None, status: str | None,
          limit: int | None) -> list[dict[str, Any]]:
    from monitor.storage import open_store

    with open_store(db_path(db, config), readonly=True) as store:
        return store.web_deliveries(status=status, limit=limit)


def _clean(row: dict[str, Any], secrets: frozenset[str]) -> dict[str, Any]:
    from monitor.redact import redact

    return {k: (redact(v, secrets) if isinstance(v, str) else v) for k, v in row.items()}


TABLE_LIMIT = 50  # deliveries the table shows without --limit


@click.group(invoke_without_command=True)
@click.option("--status", type=click.Choice(STATUSES), help="Only deliveries in this state.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help=f"Newest deliveries shown (0: all) [default: all; the table shows the "
                   f"newest {TABLE_LIMIT}].")
@json_option
@config_option
@db_option
@click.pass_context
def alerts(ctx: click.Context, status: str | None, limit: int | None, as_json: bool,
           config: str | None, db: str | None) -> None:
    """List alert deliveries (newest first), or retry / test them.

    \b
    Examples:
      monitor alerts --status dead      what could not be delivered, and why
      monitor alerts retry --dead       send every dead delivery again
      monitor alerts test desk-email    send a test message and show the answer
      monitor alerts show 12            one delivery and the message it carries
    """
    ctx.ensure_object(dict)
    ctx.obj.update(config=config, db=db)
    if ctx.invoked_subcommand is not None:
        return
    secrets = _secrets(config)
    shown = (TABLE_LIMIT if limit is None and not as_json else limit) or None
    rows = [_clean(r, secrets) for r in _rows(db, config, status, shown)]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        echo("No deliveries" + (f" with status {status}." if status else " yet."))
        return
    table = []
    for r in rows:
        what = r["story_title"] or r["feed"] or ""
        when = r["sent_at"] if r["status"] == "sent" else r["next_attempt_at"]
        detail = r["last_error"] if r["status"] != "sent" else r["response"]
        table.append([r["id"], style(r["status"], fg=_STATUS_COLOUR[r["status"]]), r["type"],
                      r["channel"], r["watch"] or "", _cut(what, 40), r["attempts"], when,
                      _cut(detail or "", 60)])
    echo_table(["ID", "STATUS", "TYPE", "CHANNEL", "WATCH", "STORY", "TRIES", "WHEN",
                "DETAIL"], table)
    totals = _totals(db, config)
    total = totals.get(status, 0) if status else sum(totals.values())
    if total > len(rows):
        echo(style(f"{len(rows)} of {total} shown; --limit 0 for all", dim=True))
    echo("\n" + ", ".join(
        style(f"{totals.get(s, 0)} {s}", fg=_STATUS_COLOUR[s]) for s in STATUSES) + " in all")


def _totals(db: str | None, config: str | None) -> dict[str, int]:
    from monitor.storage import open_store

    with open_store(db_path(db, config), readonly=True) as store:
        return store.delivery_counts()


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _worker(ctx: click.Context) -> Any:
    from monitor.config import load_config
    from monitor.notify.outbox import DeliveryWorker

    config = load_config(config_path(ctx.obj.get("config")))
    store_file = store_for_writing(ctx.obj.get("db"), config_file=ctx.obj.get("config"))
    return config, DeliveryWorker(store_file, config, paced=False)


@alerts.command()
@click.argument("ids", nargs=-1, type=int, metavar="[ID]...")
@click.option("--dead", is_flag=True, help="Retry every dead delivery.")
@click.option("--no-send", is_flag=True,
              help="Only make them due again; the daemon or next poll sends them.")
@json_option
@click.pass_context
def retry(ctx: click.Context, ids: tuple[int, ...], dead: bool, no_send: bool,
          as_json: bool) -> None:
    """Make deliveries due again (attempts reset) and send them now.

    Give delivery IDs (from `monitor alerts`) or --dead for all dead ones.
    Exits 1 when any of them still could not be delivered.
    """
    from monitor.errors import InputError, NotFoundError
    from monitor.notify import outbox

    if not ids and not dead:
        raise InputError("give delivery IDs or --dead (see `monitor alerts --status dead`)")
    config, worker = _worker(ctx)
    with worker:
        store = worker.store
        if dead:
            ids = tuple(store.dead_delivery_ids())
        else:
            known = {d.id: d.status for d in store.deliveries(ids)}
            missing = [i for i in ids if i not in known]
            if missing:
                raise NotFoundError(f"no delivery {missing[0]} (see `monitor alerts`)")
            already = [i for i in ids if known[i] == "sent"]
            if already:
                raise InputError(f"delivery {already[0]} was already sent; "
                                 "retrying it would send a duplicate")
        count = outbox.retry(store, ids=ids, now=worker.clock())
        counts = {"sent": 0, "retry": 0, "dead": 0}
        if count and not no_send:
            counts = worker.run_once(only=ids)
        rows = _clean_rows(store, ids, config.secrets)
    if as_json:
        echo_json({"retried": count, **counts, "deliveries": rows})
    else:
        echo(f"{count} deliver{'y' if count == 1 else 'ies'} made due again.")
        for r in rows:
            detail = r["response"] if r["status"] == "sent" else r["last_error"]
            echo(f"  #{r['id']} {style(r['status'], fg=_STATUS_COLOUR[r['status']])}"
                       f" via {r['channel']}" + (f": {detail}" if detail else ""))
    ctx.exit(1 if any(r["status"] != "sent" for r in rows) and not no_send else 0)


_RESULT_COLUMNS = ("id", "status", "channel", "type", "attempts", "last_error", "response")


def _clean_rows(store: Storage, ids: tuple[int, ...],
                secrets: frozenset[str]) -> list[dict[str, Any]]:
    return [_clean({name: getattr(d, name) for name in _RESULT_COLUMNS}, secrets)
            for d in store.deliveries(ids)]


@alerts.command()
@click.argument("channel")
@json_option
@click.pass_context
def test(ctx: click.Context, channel: str, as_json: bool) -> None:
    """Send a test message through CHANNEL and show the server's answer.

    Exits 1 when the channel did not accept it (the message is not retried).
    """
    from monitor.errors import NotFoundError
    from monitor.notify import outbox

    config, worker = _worker(ctx)
    if outbox.channel_config(config, channel) is None:
        names = ", ".join(config.channels) or "none configured"
        raise NotFoundError(f"no channel named '{channel}' (channels: {names})")
    with worker:
        delivery_id = outbox.enqueue_test(worker.store, config, channel=channel,
                                          now=worker.clock())
        worker.run_once(only=[delivery_id])
        worker.store.abandon_delivery(delivery_id)  # a test is one attempt, never retried
        row = _clean_rows(worker.store, (delivery_id,), config.secrets)[0]
    ok = row["status"] == "sent"
    if as_json:
        echo_json({"channel": channel, "ok": ok, "delivery": delivery_id,
                   "answer": row["response"] if ok else row["last_error"]})
    elif ok:
        echo(f"{style('sent', fg='green')} via {channel}: {row['response']}")
    else:
        echo(f"{style('failed', fg='red')} via {channel}: {row['last_error']}", err=True)
    ctx.exit(0 if ok else 1)


@alerts.command()
@click.argument("delivery_id", type=int, metavar="ID")
@json_option
@click.pass_context
def show(ctx: click.Context, delivery_id: int, as_json: bool) -> None:
    """Show one delivery: its state and the message as it is (or was) sent.

    With --json, the webhook body that carries it.
    """
    from monitor.errors import NotFoundError
    from monitor.notify import render
    from monitor.storage import open_store

    secrets = _secrets(ctx.obj.get("config"))
    with open_store(db_path(ctx.obj.get("db"), ctx.obj.get("config")), readonly=True) as store:
        found = store.deliveries([delivery_id])
    if not found:
        raise NotFoundError(f"no delivery {delivery_id} (see `monitor alerts`)")
    row = _clean(dataclasses.asdict(found[0]), secrets)
    try:
        payload = json.loads(found[0].payload)
        body, subject, text = (render.json_body(row["idempotency_key"], payload),
                               render.subject(payload), render.text_body(payload))
    except (ValueError, TypeError, AttributeError) as exc:
        body, subject, text = None, "(cannot be rendered)", f"{type(exc).__name__}: {exc}\n"
    if as_json:
        echo_json({**{k: v for k, v in row.items() if k != "payload"}, "message": body})
        return
    echo(f"#{row['id']} {style(row['status'], fg=_STATUS_COLOUR[row['status']])} "
               f"{row['type']} via {row['channel']}, {row['attempts']} attempt(s)")
    if row["last_error"]:
        echo(f"last error: {row['last_error']}")
    if row["status"] == "sent" and row["response"]:
        echo(f"answer: {row['response']}")
    echo(f"\nSubject: {subject}\n\n{text}", nl=False)
