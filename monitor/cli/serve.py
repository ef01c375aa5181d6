"""`monitor serve`: the web view, JSON API, Atom feed and metrics of a store (monitor/web)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from monitor.cli.common import config_option, config_path, db_option, db_path, style
from monitor.errors import ConfigError, InputError, MonitorError

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from monitor.config import Config

_Command = TypeVar("_Command", bound=Callable[..., Any])

TOKEN_ENV = "MONITOR_UI_TOKEN"
DEFAULT_PORT = 8080


def host_option(f: _Command) -> _Command:
    return click.option("--host", default="127.0.0.1", show_default=True,
                        help="Address to listen on (another than loopback exposes the store "
                             "to the network).")(f)


def port_option(f: _Command) -> _Command:
    return click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT,
                        show_default=True, help="Port to listen on (0: any free port).")(f)


def ui_token() -> str | None:
    """MONITOR_UI_TOKEN, when set and not blank."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


def optional_config(cli_value: str | None) -> Config | None:
    """The configuration, if there is one: it names the watches and feeds and the secrets
    to mask.  An explicit --config must load; an implicit ./feeds.yaml that does not (a
    ${VAR} unset in this shell, say) is skipped with a warning, since the store alone is
    enough to serve."""
    from monitor.config import load_config

    path = config_path(cli_value)
    explicit = cli_value is not None or bool(os.environ.get("MONITOR_CONFIG"))
    if not path.exists():
        if explicit:
            raise ConfigError("no such file", path=str(path))
        return None
    try:
        return load_config(path)
    except ConfigError as exc:
        if explicit:
            raise
        click.echo(f"monitor: warning: {exc} (serving without the configuration)", err=True)
        return None


def build_app(db: Path | str, config: Config | None, *, host: str,
              allow_host: tuple[str, ...], stale_after: float) -> Starlette:
    try:
        from monitor.web.app import WebApp
        from monitor.web.server import allowed_hosts
    except ImportError as exc:
        from monitor.web import MISSING_EXTRA

        raise InputError(f"{MISSING_EXTRA} ({exc.name} is missing)") from None
    return WebApp(db, config=config, token=ui_token(), stale_after=stale_after,
                  allowed_hosts=allowed_hosts(host, allow_host)).app


def describe(url: str, db: Path | str, host: str) -> list[str]:
    """What `monitor serve` and `monitor run --serve` print once listening."""
    from monitor.web.server import is_loopback

    writes = (f"mute and retry enabled ({TOKEN_ENV} is set)" if ui_token()
              else f"read-only (set {TOKEN_ENV} to allow mute and retry)")
    from monitor.redact import redact_url

    store = redact_url(str(db)) if "://" in str(db) else db  # never a password on screen
    lines = [f"monitor: web view at {style(url, bold=True)}  (store {store}; {writes})"]
    if not is_loopback(host):
        lines.append(style(f"monitor: warning: listening on {host}: anyone who can reach this "
                           "machine can read the store", fg="yellow"))
    return lines


@click.command()
@host_option
@port_option
@click.option("--allow-host", "allow_host", multiple=True, metavar="NAME",
              help="Also answer requests whose Host is NAME (behind a reverse proxy; "
                   "repeatable).")
@click.option("--stale-after", type=click.FloatRange(min=1), default=60.0, show_default=True,
              metavar="SECONDS",
              help="/healthz fails when a running daemon's heartbeat is older than this.")
@config_option
@db_option
def serve(host: str, port: int, allow_host: tuple[str, ...], stale_after: float,
          config: str | None, db: str | None) -> int:
    """Serve a web view of the store: changes, stories, feeds, alerts.

    \b
    Pages: /  /stories/ID  /feeds  /alerts      (usable without JavaScript)
    API:   /api/v1/...  described at /api/openapi.json
    Also:  /changes.atom[?watch=NAME]  /metrics (Prometheus)  /healthz

    Reads the store through a read-only connection, so it runs beside `monitor run`
    (or use `monitor run --serve`).  Listens on 127.0.0.1 unless --host says otherwise.
    With MONITOR_UI_TOKEN set, a browser that signs in with it can mute a story and
    retry a dead alert; without it the view is read-only.
    """
    path = db_path(db, config)
    cfg = optional_config(config)
    app = build_app(path, cfg, host=host, allow_host=allow_host, stale_after=stale_after)
    from monitor.web.server import foreground, port_free
    if port and not port_free(host, port):
        raise InputError(f"{host}:{port} is in use (choose another with --port)")

    def ready(server: Any) -> None:
        for line in describe(server.url(), path, host):
            click.echo(line)
        click.echo("Ctrl-C stops it.")

    try:
        foreground(app, host, port, on_ready=ready)
    except SystemExit as exc:  # uvicorn exits 1 when it cannot start
        raise MonitorError(f"the web view could not start on {host}:{port}") from exc
    return 0
