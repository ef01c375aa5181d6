"""`monitor opml import FILE` and `monitor opml export [-o FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from monitor.cli.common import (
    config_option,
    config_path,
    echo,
    echo_json,
    json_option,
    printable,
    style,
)
from monitor.errors import InputError


@click.group(invoke_without_command=True)
@click.pass_context
def opml(ctx: click.Context) -> None:
    """Import or export the feed list as OPML (what every feed reader reads and writes)."""
    if ctx.invoked_subcommand is None:  # bare `monitor opml`: its help, exit 0
        echo(ctx.get_help())


@opml.command("import")
@click.argument("file", metavar="FILE")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Also give every imported feed this tag (repeatable).")
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
@config_option
@json_option
def import_(file: str, tags: tuple[str, ...], dry_run: bool, config: str | None,
            as_json: bool) -> int:
    """Add the feeds of an OPML file (FILE, or - for stdin) to feeds.yaml.

    Folders become tags; names come from the outlines' titles.  Feeds already
    listed (same URL) are skipped, as are repeats inside the file (their
    folders are merged).  Nothing is fetched.  The file's comments and layout
    are kept; the new entries go at the end of the feeds: list.
    """
    from monitor.cli.setup import existing_config
    from monitor.config import load_config
    from monitor.feedlist import (
        NewFeed,
        add_feeds,
        listed_feeds,
        name_from,
        read_config_text,
        unique_name,
        url_key,
    )
    from monitor.opml import parse_opml

    data = _read(file)
    document = parse_opml(data, source=file if file != "-" else "stdin")
    path = config_path(config)
    load_config(existing_config(path))  # valid before anything is added to it
    listed = listed_feeds(read_config_text(path), path)
    known = {url_key(url): name for name, url, _ in listed if url}
    taken = {name for name, _, _ in listed}
    extra = [t.strip() for t in tags if t.strip()]
    added: list[NewFeed] = []
    skipped: list[dict[str, str]] = []
    for feed in document.feeds:
        key = url_key(feed.url)
        if key in known:
            skipped.append({"url": feed.url, "listed_as": known[key]})
            continue
        name = unique_name(name_from(feed.title, feed.url), taken)
        taken.add(name)
        known[key] = name
        added.append(NewFeed(name=name, url=feed.url,
                             tags=tuple(dict.fromkeys([*feed.tags, *extra]))))
    insertion = add_feeds(path, added, dry_run=dry_run) if added else None
    result = {
        "file": file, "config": str(path), "found": len(document.feeds),
        "added": [{"name": f.name, "url": f.url, "tags": list(f.tags)} for f in added],
        "already_listed": skipped, "duplicates_in_file": document.duplicates,
        "not_http": document.invalid, "written": bool(insertion) and not dry_run,
        "line": insertion.line if insertion else None,
    }
    if as_json:
        echo_json(result)
        return 0
    for entry in added:
        echo(f"  + {entry.name:<28} {printable(entry.url)}"
             + (f"  [{printable(', '.join(entry.tags))}]" if entry.tags else ""))
    verb = "would add" if dry_run else "added"
    echo(f"{style(verb, fg='green')} {len(added)} feed{'s' if len(added) != 1 else ''} to "
         f"{path}; skipped {len(skipped)} already listed, {document.duplicates} repeated "
         f"in the file" + (f", {len(document.invalid)} not http(s)" if document.invalid
                           else ""))
    if dry_run and insertion:
        echo(f"(dry run, nothing written; the entries would go at line {insertion.line})")
    return 0


def _read(file: str) -> bytes:
    from monitor.opml import MAX_BYTES

    try:
        if file == "-":
            return sys.stdin.buffer.read(MAX_BYTES + 1)
        with open(file, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{file}: {exc.strerror}") from None


@opml.command("export")
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE instead of standard output.")
@click.option("--title", default="monitor feeds", show_default=True,
              help="The OPML document's title.")
@config_option
def export(output: str | None, title: str, config: str | None) -> int:
    """Write the feed list as OPML 2.0 (a folder per tag) for a feed reader.

    URLs are written as feeds.yaml has them: a ${VAR} stays a ${VAR}, so no
    secret from the environment ends up in the file.
    """
    from monitor.config import load_config
    from monitor.feedlist import listed_feeds, read_config_text
    from monitor.opml import write_opml

    path = config_path(config)
    load_config(path)
    feeds = listed_feeds(read_config_text(path), path)
    data = write_opml([(name, url, tags) for name, url, tags in feeds], title=title)
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    from monitor.feedlist import write_atomically

    target = Path(output)
    if target.is_dir():
        raise InputError(f"{output}: is a folder")
    write_atomically(target, data.decode("utf-8"))
    echo(f"{style('wrote', fg='green')} {len(feeds)} feed{'s' if len(feeds) != 1 else ''} "
         f"to {printable(output)}", err=True)
    return 0

