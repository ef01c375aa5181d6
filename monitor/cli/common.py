"""Options and output helpers shared by the subcommands."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CONFIG = "feeds.yaml"
DEFAULT_DB = os.path.join("db", "monitor.db")


class AtExit:
    """``at_once``: set by a command whose output, writes and deliveries are all done and
    closed when it returns (`monitor poll`, ``exit_at_once``); `monitor.cli.main` then
    ends a process it runs as the program without tearing the interpreter down."""

    at_once = False


def exit_at_once() -> None:
    """What this command leaves when it returns is nothing the interpreter's teardown
    would finish (see ``monitor.cli.main``)."""
    AtExit.at_once = True


def config_path(cli_value: str | None) -> Path:
    """--config, then $MONITOR_CONFIG, then ./feeds.yaml."""
    return Path(cli_value or os.environ.get("MONITOR_CONFIG") or DEFAULT_CONFIG)


def db_path(cli_value: str | None, config_file: str | None = None) -> Path | str:
    """--db, then $MONITOR_DB, then ``store:`` in the configuration (``config_file`` or
    the one ``config_path`` finds), then db/monitor.db.  A ``postgresql://`` URL comes
    back as it is (a str), anything else as the Path of a SQLite file."""
    from monitor.storage import is_server_url

    value = cli_value or os.environ.get("MONITOR_DB") or _configured_store(config_file) \
        or DEFAULT_DB
    return value if is_server_url(value) else Path(value)


def _configured_store(config_file: str | None) -> str | None:
    from monitor.config import store_setting

    path = config_path(config_file)
    return store_setting(path) if path.is_file() else None


def store_exists(location: Path | str) -> bool:
    """Whether there is a store to read there (a server is asked when it is opened)."""
    return not isinstance(location, Path) or location.exists()


def store_for_writing(cli_value: str | None, *, create: bool = False,
                      config_file: str | None = None) -> Path | str:
    """The store a writing command opens (``db_path``).  Only the default ``db/`` folder is
    created when missing: a --db or $MONITOR_DB in a folder that does not exist is a typo
    until proven otherwise (``--create`` makes the folders), so no store is made there."""
    from monitor.errors import StoreError

    path = db_path(cli_value, config_file)
    if not isinstance(path, Path) or path.exists() or path.parent.is_dir():
        return path
    if create or is_default_db(path):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create folder: {exc.strerror}") from None
        return path
    raise StoreError(f"{path}: no such folder {path.parent} (mistyped --db or $MONITOR_DB? "
                     "pass --create to make it)")


def is_default_db(path: Path) -> bool:
    """Whether ``path`` is db/monitor.db of the current folder, however it is written."""
    return os.path.abspath(path) == os.path.abspath(DEFAULT_DB)


def create_option(f: F) -> F:
    return click.option(
        "--create", is_flag=True,
        help="Create the folders of a new --db store (only db/ is created by itself).",
    )(f)


def config_option(f: F) -> F:
    return click.option(
        "--config", "config", metavar="FILE", default=None,
        help="Configuration file [default: $MONITOR_CONFIG or ./feeds.yaml].",
    )(f)


def db_option(f: F) -> F:
    return click.option(
        "--db", "db", metavar="FILE|URL", default=None,
        help="Store: a SQLite file or a postgresql:// URL [default: $MONITOR_DB, store: "
             "in the configuration, or db/monitor.db].",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(f)


def color_enabled(stream: Any = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def style(text: str, **styles: Any) -> str:
    return click.style(text, **styles) if color_enabled() else text


# ---------------------------------------------------------------- terminal safety

# Never shown from stored text: C0 controls but tab and line feed (ESC starts terminal
# commands), DEL, C1 controls (U+009B is a one-character CSI to many terminals), and the
# bidirectional overrides and isolates U+202A-U+202E and U+2066-U+2069, which reorder
# what is displayed ("Trojan Source": a title can show another text than it holds).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What echo() removes from any line: the same, except ESC opening a colour (SGR) sequence,
# which style() writes; feed text reaching echo() went through printable() already.
_NOT_FOR_TERMINAL = re.compile(
    "\x1b(?!\\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Escaped in JSON output (json.dumps escapes C0 itself, with or without ensure_ascii).
_JSON_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str | None) -> str:
    """Text from feeds as it may reach a terminal: no escape sequences, control characters
    or bidirectional overrides (a title carrying ESC[2J or U+009B must not drive the
    user's terminal, nor U+202E reverse what it shows)."""
    return _UNPRINTABLE.sub("", text or "")


def echo(message: Any = None, **kwargs: Any) -> None:
    """click.echo for every human line of the CLI: whatever a call site forgot to clean,
    no control character but colour codes, and no bidirectional override, is written."""
    if isinstance(message, str):
        message = _NOT_FOR_TERMINAL.sub("", message)
    click.echo(message, **kwargs)


def json_text(data: Any, *, indent: int | None = None) -> str:
    """JSON for scripts, non-ASCII text kept readable, but DEL, C1 controls, line and
    paragraph separators and bidirectional overrides written as \\u escapes: the data
    is unchanged for a JSON reader and inert on a terminal."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def echo_json(data: Any) -> None:
    click.echo(json_text(data, indent=2))


def echo_json_lines(rows: Iterable[Any]) -> None:
    for row in rows:
        click.echo(json_text(row))


def echo_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table (wide columns are left to wrap in the terminal)."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _visible_len(value))
    lines = [style("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
                   bold=True).rstrip()]
    lines += ["  ".join(v + " " * (w - _visible_len(v))
                        for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    echo("\n".join(lines))  # one write: `monitor poll` prints a row for each of 1,000 feeds


def _visible_len(text: str) -> int:
    """Width on screen: colour codes (from style()) take no room."""
    return len(click.unstyle(text)) if "\x1b" in text else len(text)
