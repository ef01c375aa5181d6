"""Options and output helpers shared by the subcommands."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CONFIG = "feeds.yaml"
DEFAULT_DB = os.path.join("db", "monitor.db")


def config_path(cli_value: str | None) -> Path:
    """--config, then $MONITOR_CONFIG, then ./feeds.yaml."""
    return Path(cli_value or os.environ.get("MONITOR_CONFIG") or DEFAULT_CONFIG)


def db_path(cli_value: str | None) -> Path:
    """--db, then $MONITOR_DB, then db/monitor.db."""
    return Path(cli_value or os.environ.get("MONITOR_DB") or DEFAULT_DB)


def config_option(f: F) -> F:
    return click.option(
        "--config", "config", metavar="FILE", default=None,
        help="Configuration file [default: $MONITOR_CONFIG or ./feeds.yaml].",
    )(f)


def db_option(f: F) -> F:
    return click.option(
        "--db", "db", metavar="FILE", default=None,
        help="SQLite store [default: $MONITOR_DB or db/monitor.db].",
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


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def echo_json_lines(rows: Iterable[Any]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


def echo_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table (wide columns are left to wrap in the terminal)."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _visible_len(value))
    click.echo(style("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
                     bold=True).rstrip())
    for row in cells:
        click.echo("  ".join(v + " " * (w - _visible_len(v))
                             for v, w in zip(row, widths, strict=True)).rstrip())


def _visible_len(text: str) -> int:
    """Width on screen: colour codes (from style()) take no room."""
    return len(click.unstyle(text)) if "\x1b" in text else len(text)
