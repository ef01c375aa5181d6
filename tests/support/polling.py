"""Helpers for pipeline, daemon and CLI tests: feed documents, configs, a settable clock,
and running `monitor` as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[2]

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM = {"Content-Type": "application/atom+xml; charset=utf-8"}
JSON_FEED = {"Content-Type": "application/feed+json"}
HTML = {"Content-Type": "text/html; charset=utf-8"}

MINES = ("The United States has authorised the use of non-persistent antipersonnel mines by "
         "Ukraine, to be used only within Ukrainian territory and away from populated areas, "
         "officials said on Tuesday.")
TERM = "The outgoing president's term ends in January, and aides said the decision is final."


@dataclass
class Item:
    guid: str | None
    title: str
    text: str
    link: str | None = None


def rss(items: Iterable[Item], title: str = "Test feed") -> bytes:
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
             f"<title>{escape(title)}</title><link>http://127.0.0.1/</link>"
             f"<description>test</description>"]
    for item in items:
        parts.append("<item>")
        if item.guid is not None:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        parts.append(f"<title>{escape(item.title)}</title>")
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        parts.append(f"<description>{escape(item.text)}</description></item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def json_feed(items: Iterable[Item], title: str = "Test JSON feed") -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": title,
        "items": [{"id": i.guid, "title": i.title, "url": i.link, "content_text": i.text}
                  for i in items],
    }).encode("utf-8")


def article_html(title: str, paragraphs: Iterable[str], *, promo: Iterable[str] = ()) -> bytes:
    """An article page with navigation, promo lines and related links around the story."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    extra = "\n".join(f"<p>{escape(p)}</p>" for p in promo)
    return f"""<!doctype html><html><head><title>{escape(title)} | Example News</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<main><article><h1>{escape(title)}</h1>
{body}
{extra}
</article></main>
<aside><h2>Related stories</h2><ul><li><a href="/r1">Another story entirely</a></li>
<li><a href="/r2">Something else that happened</a></li></ul></aside>
<footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>""".encode()


def config_text(feeds: Iterable[dict[str, Any]], *, defaults: dict[str, Any] | None = None,
                extra: str = "") -> str:
    lines = []
    if defaults:
        lines.append("defaults:")
        lines += [f"  {k}: {_yaml(v)}" for k, v in defaults.items()]
    lines.append("feeds:")
    for feed in feeds:
        first = True
        for key, value in feed.items():
            lines.append(f"  {'- ' if first else '  '}{key}: {_yaml(value)}")
            first = False
    return "\n".join(lines) + "\n" + extra


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def write_config(path: Path, feeds: Iterable[dict[str, Any]], **kwargs: Any) -> Path:
    path.write_text(config_text(feeds, **kwargs), encoding="utf-8")
    path.chmod(0o600)
    return path


class Clock:
    """A settable clock for the pipeline (timezone-aware UTC)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def monitor_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(NO_COLOR="1", PYTHONPATH=str(REPO), **extra)
    return env


def run_monitor(*args: str, cwd: Path | None = None, timeout: float = 60,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=timeout,
                          env=env or monitor_env(), stdin=subprocess.DEVNULL)


def start_monitor(*args: str, cwd: Path | None = None,
                  env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "monitor", *args], cwd=cwd or REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env or monitor_env(), stdin=subprocess.DEVNULL)


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, interval: float = 0.05) -> Any:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


def db_rows(path: Path, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    """Read the store with a plain read-only sqlite3 connection (as an outsider would)."""
    import sqlite3

    if not path.exists():
        return []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute(sql, list(params)).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()
