"""`monitor run`, `monitor poll` and `monitor check`."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from monitor.cli.common import (
    config_option,
    config_path,
    create_option,
    db_option,
    db_path,
    echo,
    echo_json,
    echo_table,
    exit_at_once,
    json_option,
    store_for_writing,
    style,
)
from monitor.errors import InputError

DRAIN_TIMEOUT = 60.0  # seconds `monitor poll` spends delivering alerts before it exits


def configure_logging(verbose: int, *, default: int = logging.INFO,
                      secrets: frozenset[str] = frozenset()) -> None:
    """One line per event on stderr, with every configured secret masked and no control
    character or bidirectional override from a feed."""
    level = logging.DEBUG if verbose > 1 else (logging.INFO if verbose else default)
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)-7s %(message)s",
                        datefmt="%Y-%m-%dT%H:%M:%S%z")
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
    for handler in logging.getLogger().handlers:
        handler.addFilter(_SecretFilter(secrets))


class _SecretFilter(logging.Filter):
    """Last line of defence: a ${VAR} value never reaches the log, whoever logged it
    (a library's URL in a debug line, a traceback at -vv), nor a terminal control."""

    def __init__(self, secrets: frozenset[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        from monitor.cli.common import printable
        from monitor.redact import redact

        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = record.exc_text = None
        lines = redact(message, self.secrets).split("\n")
        record.msg, record.args = "\n".join(printable(line) for line in lines), ()
        return True


def load(config: str | None) -> Any:
    from monitor.config import load_config

    return load_config(config_path(config))


verbose_option = click.option("-v", "--verbose", count=True,
                              help="More log lines on stderr (-vv: debug).")


# ---------------------------------------------------------------- run


@click.command()
@config_option
@db_option
@create_option
@click.option("--serve", "serve", is_flag=True,
              help="Also serve the web view, API and metrics (see `monitor serve`).")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: address.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="With --serve: port (0: any free port).")
@click.option("--role", "role", metavar="ROLES", default=None,
              help="On a postgresql:// store: what this worker does, a comma-separated "
                   "subset of poll,extract,deliver (default: all three).")
@click.option("--concurrency", type=click.IntRange(1, 64), default=None, metavar="N",
              help="On a postgresql:// store: jobs (hosts) this worker runs at once, one "
                   "thread and, while it fetches, one PostgreSQL connection each "
                   "(default: 8).")
@verbose_option
def run(config: str | None, db: str | None, create: bool, serve: bool, host: str, port: int,
        role: str | None, concurrency: int | None, verbose: int) -> int:
    """Run the daemon: poll every feed on its schedule and deliver alerts.

    Logs one line per poll on stderr.  SIGTERM or Ctrl-C stops it after the
    current write; starting it again resumes from the store (a feed polled a
    minute ago is not polled again at once).  With --serve it also serves the
    web view of `monitor serve` (MONITOR_UI_TOKEN enables mute and retry), and
    /metrics then counts this daemon's polls and sends too.

    On a postgresql:// store it is a worker: start as many as you like on as
    many machines (docs/scaling.md); one of them at a time dispatches due feeds
    and page re-checks, every one polls, extracts and delivers (--role to
    restrict), and no host gets two requests at once from all of them.
    """
    cfg = load(config)
    store_file = store_for_writing(db, create=create, config_file=config)
    if isinstance(store_file, str):
        return _run_worker(cfg, store_file, role, serve=serve, host=host, port=port,
                           verbose=verbose, concurrency=concurrency)
    for option, value in (("--role", role), ("--concurrency", concurrency)):
        if value is not None:
            raise InputError(f"{option} is for workers on a postgresql:// store "
                             "(docs/scaling.md)")
    configure_logging(verbose + 1, secrets=cfg.secrets)
    from monitor.daemon import Daemon

    daemon = Daemon(cfg, store_file)
    if not serve:
        return daemon.run()
    from monitor.cli.serve import build_app, describe

    try:  # the daemon has created and migrated the store by now
        app = build_app(store_file, cfg, host=host, allow_host=(), stale_after=60.0)
        from monitor.web.server import ServerThread

        web = ServerThread(app, host, port)
        url = web.start()
    except OSError as exc:
        daemon.shutdown()
        raise InputError(f"{exc}") from None
    except BaseException:
        daemon.shutdown()
        raise
    for line in describe(url, store_file, host):
        echo(line, err=True)
    try:
        return daemon.run()
    finally:
        web.stop()


def _run_worker(cfg: Any, url: str, role: str | None, *, serve: bool, host: str, port: int,
                verbose: int, concurrency: int | None = None) -> int:
    """`monitor run` on a postgresql:// store: one worker (monitor/workers.py)."""
    try:
        from monitor.workers import CONCURRENCY, Worker, parse_roles
    except ImportError as exc:
        if exc.name not in ("procrastinate", "psycopg", "psycopg_pool"):
            raise
        from monitor.errors import StoreError

        raise StoreError("monitor run on a postgresql:// store needs the server extra: "
                         "pip install 'monitor[server]'") from None
    roles = parse_roles(role)
    configure_logging(verbose + 1, secrets=cfg.secrets)
    logging.getLogger("procrastinate").setLevel(logging.DEBUG if verbose > 1
                                                else logging.WARNING)
    worker = Worker(cfg, url, roles=roles, concurrency=concurrency or CONCURRENCY)
    if not serve:
        return worker.run()
    from monitor.cli.serve import build_app, describe
    from monitor.redact import redact_url
    from monitor.web.server import ServerThread
    from monitor.workers import ensure_schema

    ensure_schema(url)
    location: Any = url  # serve.py's helpers take a path or a URL (typed as a Path)
    try:
        web = ServerThread(build_app(location, cfg, host=host, allow_host=(),
                                     stale_after=60.0), host, port)
        address = web.start()
    except OSError as exc:
        raise InputError(f"{exc}") from None
    shown: Any = redact_url(url)
    for line in describe(address, shown, host):
        echo(line, err=True)
    try:
        return worker.run()
    finally:
        web.stop()


# ---------------------------------------------------------------- poll


@click.command()
@click.option("--feed", "feeds", multiple=True, metavar="NAME",
              help="Poll only this feed (repeatable).")
@click.option("--due", is_flag=True, help="Only feeds whose next poll has come (for cron).")
@click.option("--no-deliver", is_flag=True, help="Store alerts but do not send them now.")
@config_option
@db_option
@create_option
@json_option
@verbose_option
@click.option("-q", "--quiet", is_flag=True,
              help="No progress and no table: only failures (on stderr) and the exit code.")
def poll(feeds: tuple[str, ...], due: bool, no_deliver: bool, config: str | None,
         db: str | None, create: bool, as_json: bool, verbose: int, quiet: bool) -> int:
    """Poll feeds once, deliver the alerts, then exit.

    Every feed is polled now, except those a server told to wait (Retry-After),
    which are reported as skipped.  On a terminal a live line shows the progress
    (feeds done, the feed being polled, new versions, changes); otherwise each feed
    gets a plain line on stderr as it ends.  Exit code 0 when every feed was polled,
    1 when some feed failed (what the others gave is stored all the same).
    """
    cfg = load(config)
    store_file = store_for_writing(db, create=create, config_file=config)
    configure_logging(verbose, default=logging.ERROR, secrets=cfg.secrets)
    from monitor.pipeline import Pipeline
    from monitor.storage import host_gate, open_store

    if as_json:  # stdout carries the JSON: console alerts go to stderr
        from monitor.notify.console import use_stream

        use_stream("stderr")
    # On PostgreSQL the workers' per-host locks hold for this poll's requests too.
    with open_store(store_file) as store, \
            host_gate(store_file, cfg.defaults.concurrency) as gate, \
            Pipeline(cfg, store, host_gate=gate) as pipeline:
        selected = pipeline.select(feeds)
        outcomes = _poll_with_progress(pipeline, selected, due, quiet=as_json or quiet)
        with _closing_beside(pipeline):
            delivered = None if no_deliver else _drain(store, store_file, cfg)
            store.close()  # its checkpoint beside the pool's shutdown too (closed again by
            # its `with`, which does nothing then)
    if as_json:
        echo_json([o.to_dict() for o in outcomes])
    elif quiet:
        for o in outcomes:
            if not o.ok:
                echo(f"monitor: {o.feed}: {_clip(o.error or '', 200)}", err=True)
    else:
        _print_outcomes(outcomes, delivered)
    exit_at_once()  # everything is written, delivered and closed (see monitor.cli.main)
    return 1 if any(not o.ok for o in outcomes) else 0


def _poll_with_progress(pipeline: Any, feeds: list[Any], due: bool, *, quiet: bool) -> list[Any]:
    from monitor.cli.progress import Progress, mode_for

    names = [f.name for f in feeds]
    with Progress(len(names), sys.stderr, mode_for(sys.stderr, quiet=quiet)) as progress:
        outcomes: list[Any] = pipeline.poll(names, due_only=due, on_done=progress.finished,
                                            on_start=progress.started)
        return outcomes


@contextlib.contextmanager
def _closing_beside(pipeline: Any) -> Iterator[None]:
    """``pipeline.close()`` (its page threads ended, its workers joined and their server
    reaped: 5-10 ms at the end of a poll that used workers) in a thread while the body
    runs (the outbox drained, the store closed), rather than before it (issue 12, session
    18); what the close raised is raised here once both are done."""
    closing = _Closing(pipeline)
    closing.start()
    try:
        yield
    finally:
        closing.join()
        if closing.failure is not None:
            raise closing.failure


class _Closing(threading.Thread):
    """``pipeline.close()`` in a thread; what it raised, for the one that joins it."""

    def __init__(self, pipeline: Any) -> None:
        super().__init__(name="pipeline-close", daemon=True)
        self.pipeline = pipeline
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            self.pipeline.close()
        except BaseException as exc:  # raised in the thread that joins this one
            self.failure = exc


def _drain(store: Any, store_file: Path | str, cfg: Any) -> dict[str, int]:
    """Send what the outbox holds that is due.  With nothing pending (no alert from this
    poll, none left by an earlier one, none claimed by a sender that died: ``store``, the
    poll's own, says so), the delivery worker would open the store four times to find
    nothing: it is not started, and the counts are its counts for nothing."""
    if store.next_delivery_due() is None:
        return {"sent": 0, "retry": 0, "dead": 0}
    from monitor.notify.outbox import DeliveryWorker

    with DeliveryWorker(store_file, cfg) as worker:
        return worker.drain(DRAIN_TIMEOUT)


def _print_outcomes(outcomes: list[Any], delivered: dict[str, int] | None) -> None:
    rows = []
    for o in outcomes:
        if o.skipped:
            result = style("skipped (Retry-After)", fg="yellow")
        elif o.ok:
            result = style("ok", fg="green")
        else:
            result = style(_clip(o.error or "", 70), fg="red")
        rows.append([o.feed, o.status or "-", o.new_stories, o.new_versions, o.changes,
                     "-" if o.skipped else f"{o.duration:.1f}s", result])
    if rows:
        echo_table(["FEED", "HTTP", "NEW", "VERSIONS", "CHANGES", "TIME", "RESULT"], rows)
    failed = sum(not o.ok for o in outcomes)
    skipped = sum(o.skipped for o in outcomes)
    line = (f"{len(outcomes)} feeds: {len(outcomes) - failed - skipped} ok, {failed} failed, "
            f"{skipped} skipped; {sum(o.new_stories for o in outcomes)} new stories, "
            f"{sum(o.new_versions for o in outcomes)} new versions, "
            f"{sum(o.changes for o in outcomes)} fact changes")
    if delivered is not None:
        line += (f"; alerts: {delivered.get('sent', 0)} sent, {delivered.get('retry', 0)} "
                 f"to retry, {delivered.get('dead', 0)} dead")
    echo(line)


def _clip(text: str, width: int) -> str:
    from monitor.cli.common import printable

    text = " ".join(printable(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


# ---------------------------------------------------------------- check


@click.command()
@config_option
@db_option
@json_option
def check(config: str | None, db: str | None, as_json: bool) -> int:
    """Validate the configuration (and that the store can be opened), then exit.

    Every error is one line naming file:line: key, and all of them are listed (exit
    code 2); so are alert destinations the address guard would refuse on every send.
    Warnings (no feeds, a watch no feed can match, a channel no watch uses) do not
    change the exit code.  Prints a short summary with secrets masked.
    """
    from monitor.config import config_warnings, destination_errors, load_config
    from monitor.errors import ConfigErrors, StoreError

    try:
        cfg = load_config(config_path(config))
    except ConfigErrors as exc:
        for error in exc.errors:
            echo(f"monitor: error: {error}", err=True)
        return 2
    errors: list[Exception] = list(destination_errors(cfg))
    store_note = ""
    try:
        store_note = _check_store(db_path(db, config))
    except StoreError as exc:
        errors.append(exc)
    for problem in errors:
        echo(f"monitor: error: {problem}", err=True)
    warnings = config_warnings(cfg)
    for warning in warnings:
        echo(f"monitor: warning: {warning}", err=True)
    if errors:
        return 2
    summary = _summary(cfg, store_note)
    summary["warnings"] = [str(w) for w in warnings]
    if as_json:
        echo_json(summary)
        return 0
    echo(f"{style('ok', fg='green')}: {cfg.path}: {len(cfg.feeds)} feeds, "
         f"{len(cfg.watches)} watches, {len(cfg.channels)} channels"
         + (f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings
            else ""))
    echo(f"store: {store_note}")
    if cfg.feeds:
        echo_table(["FEED", "INTERVAL", "FULL TEXT", "TAGS", "URL"], [
            [f["name"], f["interval"], "yes" if f["full_text"] else "no", ", ".join(f["tags"]),
             f["url"]] for f in summary["feeds"]])
        requests = [f for f in summary["feeds"]
                    if f["proxy"] != "environment" or f["headers"] or f["user_agent"]]
        if requests:  # only when some feed sets them
            click.echo("")
            echo_table(["FEED", "PROXY", "USER AGENT", "HEADERS"], [
                [f["name"], f["proxy"], f["user_agent"] or "-",
                 ", ".join(f"{k}: {v}" for k, v in f["headers"].items()) or "-"]
                for f in requests])
    if cfg.watches:
        echo("")
        echo_table(["WATCH", "KINDS", "MIN SEVERITY", "NOTIFY"], [
            [w["name"], ", ".join(w["kinds"]) or "all", w["min_severity"],
             ", ".join(w["notify"])] for w in summary["watches"]])
    if cfg.channels:
        echo("")
        echo_table(["CHANNEL", "TYPE", "OPTIONS"], [
            [c["name"], c["type"], ", ".join(f"{k}={v}" for k, v in c["options"].items())]
            for c in summary["channels"]])
    return 0


def _check_store(path: Path | str) -> str:
    """Open the store read-only when it exists: refuses a newer or foreign database."""
    from monitor.cli.common import is_default_db
    from monitor.errors import StoreError
    from monitor.storage import open_store

    if isinstance(path, Path) and not path.exists():
        if not path.parent.is_dir() and not is_default_db(path):
            raise StoreError(f"{path}: no such folder {path.parent} (mistyped --db or "
                             "$MONITOR_DB? `monitor poll --create` makes it)")
        return f"{path} (will be created)"
    with open_store(path, readonly=True) as store:
        summary = store.summary()
    return f"{summary.location} (schema {summary.schema}, {summary.stories} stories)"


def _summary(cfg: Any, store_note: str) -> dict[str, Any]:
    from monitor.cli.browse import human_duration
    from monitor.redact import redact, redact_url

    return {
        "config": cfg.path,
        "store": store_note,
        "feeds": [{"name": f.name, "url": redact(redact_url(f.url), cfg.secrets),
                   "interval": human_duration(f.interval), "full_text": f.full_text,
                   "tags": list(f.tags), **_request_settings(f, cfg.secrets)}
                  for f in cfg.feeds],
        "watches": [{"name": w.name, "keywords": list(w.keywords), "kinds": list(w.kinds),
                     "feeds": list(w.feeds), "tags": list(w.tags),
                     "min_severity": w.min_severity, "notify": list(w.notify)}
                    for w in cfg.watches],
        "channels": [{"name": c.name, "type": c.type,
                      "options": {k: _mask(k, v, cfg.secrets) for k, v in c.options.items()},
                      "digest": human_duration(c.digest) if c.digest else None}
                     for c in cfg.channels.values()],
    }


def _request_settings(feed: Any, secrets: frozenset[str]) -> dict[str, Any]:
    """A feed's proxy, headers and User-Agent as shown: credentials in the proxy URL,
    ${VAR} values and the values of credential headers (Authorization, Cookie, keys,
    tokens) masked."""
    from monitor.config import is_secret_header
    from monitor.proxies import DIRECT
    from monitor.redact import MASK, redact, redact_url

    proxy = ("environment" if feed.proxy is None else "none" if feed.proxy == DIRECT
             else redact(redact_url(feed.proxy), secrets))
    return {"proxy": proxy,
            "headers": {name: MASK if is_secret_header(name) else redact(value, secrets)
                        for name, value in feed.headers},
            "user_agent": redact(feed.user_agent, secrets) if feed.user_agent else None}


def _mask(key: str, value: Any, secrets: frozenset[str]) -> Any:
    """A channel option as shown to the user: secret keys and ${VAR} values masked."""
    import re

    from monitor.redact import MASK, redact, redact_url

    if isinstance(value, list | tuple):
        return [_mask(key, v, secrets) for v in value]
    if not isinstance(value, str):
        return value
    if re.search(r"pass|secret|token|key|auth", key, re.I) and value:
        return MASK
    if value.startswith(("http://", "https://")):
        value = redact_url(value)
    elif "://" in value:  # an Apprise URL: its tokens sit anywhere (slack://T0/B0/XXXX)
        return value.split("://", 1)[0] + "://" + MASK
    return redact(value, secrets)
