"""`monitor init` and `monitor add`: from nothing to a first feed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

STARTER = """\
# monitor configuration: what to poll, what to watch for, and whom to tell.
# Written by `monitor init`; `monitor check` validates it, `monitor add URL` adds a feed.
#
# Durations are written 30s, 15m, 1h, 2d (or plain seconds); sizes 10MB, 512KiB.
# ${VAR} (or ${VAR:-default}) in any string is replaced from the environment:
# keep secrets there, never in this file.

# Settings every feed inherits unless it says otherwise.
defaults:
  interval: 15m          # time between two polls of a feed
  full_text: false       # true: fetch each entry's page and extract the article text
  timeout: 20s           # total deadline of one HTTP request
  # proxy: http://proxy.example:3128   # default: HTTP_PROXY / HTTPS_PROXY / NO_PROXY; none: direct
  # user_agent: "NewsDesk monitor (desk@example.org)"

# The sources: `monitor add URL` (a feed, or a page announcing one) appends them here,
# `monitor opml import FILE` brings a feed reader's list.  Each feed needs a unique
# `name` and an http(s) `url`; `interval`, `full_text`, `tags` and the request settings
# of `defaults` may be set per feed.
feeds:
  # - name: example-world
  #   url: https://example.org/world/rss
  #   tags: [world]

# What matters.  A watch fires when a fact of one of `kinds` changes in a story that
# mentions any of `keywords`, from one of `feeds` or `tags` (all when omitted), at
# `min_severity` or above.  With no watches at all, every fact change goes to the console.
# watches:
#   - name: mine-use conditions
#     keywords: [mines, landmines, antipersonnel]
#     kinds: [condition, status, date]
#     min_severity: medium
#     notify: [log]

# Where alerts go (console, email, webhook, apprise); see docs/alerts.md.
# channels:
#   log: {type: console}
"""


# ---------------------------------------------------------------- init


@click.command()
@click.argument("directory", metavar="[DIR]", default=".",
                type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> int:
    """Start a new monitor folder: a commented feeds.yaml and db/.

    DIR (default: the current folder) is created if needed.  An existing
    feeds.yaml is never overwritten.  Prints the next commands to run.
    """
    config = directory / "feeds.yaml"
    if config.exists() or config.is_symlink():
        raise InputError(f"{config}: already exists (not overwritten); "
                         "edit it, or `monitor add URL` to add a feed")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with open(config, "x", encoding="utf-8") as handle:
            handle.write(STARTER)
        (directory / "db").mkdir(exist_ok=True)
    except FileExistsError:
        raise InputError(f"{config}: already exists (not overwritten)") from None
    except OSError as exc:
        raise InputError(f"{exc.filename or directory}: {exc.strerror}") from None
    echo(f"{style('created', fg='green')} {config} and {directory / 'db'}/")
    here = Path.cwd().resolve() == directory.resolve()
    echo("Next:")
    if not here:
        echo(f"  cd {_quoted(str(directory))}")
    echo("  monitor add https://www.example.org/news   # a page or feed: finds and adds its feed")
    echo("  monitor check                              # validate feeds.yaml")
    echo("  monitor run                                # poll and alert (Ctrl-C stops)")
    return 0


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


# ---------------------------------------------------------------- add


def _interval(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from monitor.config import parse_duration

    try:
        parse_duration(value)
    except ValueError as exc:
        raise InputError(f"--interval: {exc}") from None
    return value.strip()


def _tag(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    tags: list[str] = []
    for tag in value:
        for part in tag.split(","):
            if part.strip() and part.strip() not in tags:
                tags.append(part.strip())
    return tuple(tags)


@click.command()
@click.argument("url")
@click.option("--name", metavar="NAME", help="Feed name [default: from the feed's title].")
@click.option("--tag", "tags", multiple=True, metavar="TAG", callback=_tag,
              help="A tag for watches to select by (repeatable, or comma-separated).")
@click.option("--full-text", is_flag=True, help="Fetch each entry's page for its full text.")
@click.option("--interval", metavar="DURATION", callback=_interval,
              help="Time between polls, e.g. 10m [default: the defaults' interval].")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@config_option
@json_option
def add(url: str, name: str | None, tags: tuple[str, ...], full_text: bool,
        interval: str | None, dry_run: bool, config: str | None, as_json: bool) -> int:
    """Add a feed to feeds.yaml, found from a feed or a web page URL.

    From a page, the feeds it announces (<link rel="alternate">) are tried,
    then /feed, /rss, /feed.xml, /rss.xml, /atom.xml and /index.xml on its site.
    The feed is fetched and parsed as a poll would, its title and item count
    shown, and an entry appended to the feeds: list; the file's comments and
    layout are kept as they are.  A URL or name already listed is refused.
    """
    from monitor.config import load_config
    from monitor.discover import discover
    from monitor.feedlist import (
        NewFeed,
        add_feeds,
        existing_feeds,
        name_from,
        read_config_text,
        same_url,
    )

    path = config_path(config)
    cfg = load_config(existing_config(path))  # valid before anything is added to it
    listed = existing_feeds(read_config_text(path), path)
    if name is not None:
        name = name.strip()
        if not name:
            raise InputError("--name: must not be empty")
        _refuse_name(name, listed, path)
    _refuse_url(url, listed, path, same_url)
    found = _discover(url, cfg, discover)
    if found.url != url:
        _refuse_url(found.url, listed, path, same_url)
    if name is None:
        name = name_from(found.title, found.url)
        _refuse_name(name, listed, path, hint=True)
    entry = NewFeed(name=name, url=found.url, tags=tags, full_text=full_text,
                    interval=interval)
    insertion = add_feeds(path, [entry], dry_run=dry_run)
    result = _result(found, entry, insertion, dry_run)
    if as_json:
        echo_json(result)
        return 0
    _print(result, found, insertion.snippet)
    return 0


def existing_config(path: Path) -> Path:
    """``path``, or an error saying how to make one (`monitor init`)."""
    from monitor.errors import ConfigError

    if not path.exists():
        raise ConfigError("no such config file (`monitor init` writes a starter one; or use "
                          "--config or $MONITOR_CONFIG)", path=str(path))
    return path


def _refuse_name(name: str, listed: list[tuple[str, str]], path: Path,
                 hint: bool = False) -> None:
    if any(name == n for n, _ in listed):
        more = " (give another with --name)" if hint else ""
        raise InputError(f"{path}: a feed named {printable(name)!r} is already listed{more}")


def _refuse_url(url: str, listed: list[tuple[str, str]], path: Path, same: Any) -> None:
    from monitor.redact import redact_url

    for n, u in listed:
        if u and same(u, url):
            raise InputError(f"{path}: {redact_url(url)} is already listed as feed "
                             f"{printable(n)!r}")


def _discover(url: str, cfg: Any, discover: Any) -> Any:
    from urllib.parse import urlsplit

    from monitor.fetch import FEED_ACCEPT, Fetcher, RequestOptions
    from monitor.netguard import normalise_host

    defaults = cfg.defaults
    host = urlsplit(url).hostname or ""
    options = RequestOptions(proxy=defaults.proxy, headers=defaults.headers,
                             header_hosts=frozenset({normalise_host(host)} if host else ()),
                             user_agent=defaults.user_agent)
    # The host the user typed may be on the LAN or this machine, as a feed's own host may
    # (monitor.pipeline allows it the same way); links a page points to elsewhere may not.
    with Fetcher(timeout=defaults.timeout, max_bytes=defaults.max_bytes,
                 per_host=defaults.per_host,
                 allow_private=defaults.allow_private_addresses) as fetcher:
        return discover(url, lambda target: fetcher.get(
            target, accept=FEED_ACCEPT, allow_hosts=[host] if host else [], options=options))


def _result(found: Any, entry: Any, insertion: Any, dry_run: bool) -> dict[str, Any]:
    return {
        "name": entry.name, "url": entry.url, "title": found.title,
        "format": found.feed.format, "items": found.items, "tags": list(entry.tags),
        "full_text": entry.full_text, "interval": entry.interval,
        "discovered_from": found.page, "discovered_by": found.how,
        "other_feeds": found.candidates, "config": str(insertion.path),
        "line": insertion.line, "yaml": insertion.snippet, "written": not dry_run,
        "warning": (f"the feed is malformed ({found.feed.error}); its readable items were "
                    "read" if found.feed.error else None),
    }


def _print(result: dict[str, Any], found: Any, snippet: str) -> None:
    if found.page:
        how = ("announced by the page" if found.how == "link"
               else "a usual feed address on the site of")
        echo(f"{style('found', fg='green')} {result['url']} ({how} {found.page})")
    title = printable(found.title) or "(untitled)"
    echo(f"feed: {title} - {found.items} item{'s' if found.items != 1 else ''}"
         f" ({found.feed.format or 'unknown format'})")
    if result["warning"]:
        echo(f"{style('warning', fg='yellow')}: {printable(result['warning'])}", err=True)
    for other in found.candidates:
        echo(f"  the page also announces {other} (`monitor add` it too if wanted)")
    if not result["written"]:
        echo(f"would add to {result['config']} at line {result['line']} (dry run, nothing "
             "written):")
        echo(snippet.rstrip("\n"))
        return
    echo(f"{style('added', fg='green')} {result['name']!r} to {result['config']} "
         f"(line {result['line']}); `monitor poll --feed {result['name']}` polls it now")
