"""`monitor migrate-store FROM TO`: copy a store into another (SQLite <-> PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.common import echo, echo_json, json_option


@click.command("migrate-store")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--batch", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Rows read and written at a time.")
@json_option
def migrate_store(source: str, target: str, batch: int, as_json: bool) -> int:
    """Copy every story, version, fact, change and alert of FROM into TO.

    Each is a SQLite file or a postgresql:// URL: an embedded store moves to a
    server (and back).  TO must be empty (a new file, or a schema without monitor's
    tables); it is written in one transaction, so a copy that fails leaves nothing
    behind.  FROM is read in one snapshot and never changed.

    \b
    Example:
      monitor migrate-store db/monitor.db postgresql://monitor@db.example.org/monitor
    """
    from monitor.errors import StoreError
    from monitor.storage import copy_store, is_server_url, open_store, refuse_unless_empty

    if not is_server_url(source) and not Path(source).is_file():
        raise StoreError(f"{source}: no such store")
    if not is_server_url(target) and not Path(target).parent.is_dir():
        raise StoreError(f"{target}: no such folder {Path(target).parent}")
    with open_store(source, readonly=True) as reader, open_store(target) as writer:
        refuse_unless_empty(writer)
        if not as_json:
            echo(f"copying {reader.location} -> {writer.location}", err=True)
        copied = copy_store(reader, writer, batch=batch, on_table=None if as_json else (
            lambda table, rows: echo(f"  {table}: {rows:,}", err=True)))
    if as_json:
        echo_json({"from": reader.location, "to": writer.location, "rows": copied})
    else:
        echo(f"copied {sum(copied.values()):,} rows ({copied['stories']:,} stories, "
             f"{copied['versions']:,} versions) into {writer.location}")
    return 0
