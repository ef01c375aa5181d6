"""A small store for the web view's tests, built through the real pipeline.

Three stories in two feeds: one edited twice (a condition, then a date and a cosmetic
edit), one never edited, and one whose title, text and URL are hostile (script tags,
``javascript:`` link, bidi override, control characters).  Alerts go to a webhook
channel whose URL carries a ${VAR} secret; one delivery is made dead for retry tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.config import Config, parse_config
from monitor.models import Entry
from monitor.pipeline import Pipeline
from monitor.store import Store, iso
from tests.support.polling import MINES, TERM

SECRET = "s3cr3t-hook-token-9b1f"
HOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # Standard Webhooks format
ENV = {"HOOK_TOKEN": SECRET, "HOOK_SECRET": HOOK_SECRET}
UI_TOKEN = "ui-token-for-tests-5c2e"

CONFIG = """\
feeds:
  - name: world
    url: http://127.0.0.1:9/world.xml
    tags: [world]
  - name: wire
    url: http://127.0.0.1:9/wire.xml?key=${HOOK_TOKEN}
watches:
  - name: mine-use conditions
    keywords: [mines]
    kinds: [condition, status]
    notify: [desk]
  - name: end of term
    keywords: [term]
    kinds: [date]
    notify: [desk]
  - name: numbers
    kinds: [number]
    notify: [desk]
channels:
  desk:
    type: webhook
    url: https://hooks.example.org/monitor/${HOOK_TOKEN}
    secret: "${HOOK_SECRET}"
"""

HOSTILE_TITLE = ("<script>alert('title')</script> Evil \u202eknil\u202c headline "
                 "<img src=x onerror=alert(1)>")
HOSTILE_TEXT = ("Officials said <script>alert('body')</script> that 12 people were hurt. "
                "Click <a href=\"javascript:alert(2)\">here</a>.\x07\x1b[2J"
                "\n\nThe \u2066isolated\u2069 note stays.")
HOSTILE_URL = "javascript:alert('url')"

START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


@dataclass
class WebStore:
    path: Path
    config: Config
    config_path: Path
    mines: int  # story id: 3 versions, changes in v2 and v3
    talks: int  # story id: 1 version
    hostile: int  # story id: 2 versions, a number change
    dead: int  # a dead delivery id


def load_config() -> Config:
    """The config, its ${VAR}s set in this process (constant values, harmless to leave)."""
    import os

    os.environ.update(ENV)
    return parse_config(CONFIG, "feeds.yaml")


def write_config(folder: Path) -> Path:
    path = folder / "feeds.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    path.chmod(0o600)
    return path


def build(path: Path) -> WebStore:
    config = load_config()
    mines_v2 = MINES.replace("away from populated areas", "near the front line")
    term_v3 = TERM.replace("in January", "on January 20")
    typo = "The move drew critcism from rights groups."
    fixed = typo.replace("critcism", "criticism")
    title = "US authorises mines for Ukraine"
    with Store.open(path) as store:
        pipeline = Pipeline(config, store)

        def put(feed: str, guid: str, title: str, text: str, at: datetime,
                link: str | None = None) -> int:
            result = pipeline.ingest(feed, Entry(guid=guid, link=link, title=title, text=text),
                                     now=at)
            assert result is not None
            return result.story_id

        mines = put("world", "mines-1", title, f"{MINES}\n\n{typo}\n\n{TERM}", START,
                    "https://news.example.org/mines")
        talks = put("wire", "talks-2", "Talks resume in Geneva",
                    "Negotiators met in Geneva on Monday for a third round of talks.",
                    START + timedelta(minutes=1))
        hostile = put("wire", "evil-3", HOSTILE_TITLE, HOSTILE_TEXT, START + timedelta(minutes=2))
        put("world", "mines-1", title, f"{mines_v2}\n\n{typo}\n\n{TERM}",
            START + timedelta(hours=1), "https://news.example.org/mines")
        put("wire", "evil-3", HOSTILE_TITLE, HOSTILE_TEXT.replace("12 people", "19 people"),
            START + timedelta(hours=1, minutes=5))
        put("world", "mines-1", title + ", Pentagon says",
            f"{mines_v2}\n\n{fixed}\n\n{term_v3}",
            START + timedelta(days=1))
        store.update_story(hostile, url=HOSTILE_URL)
        store.update_feed("wire", last_polled_at=iso(START), last_status=503,
                          last_error="HTTP 503 from <b>wire</b>", consecutive_failures=2)
        store.update_feed("world", last_polled_at=iso(START + timedelta(days=1)),
                          last_success_at=iso(START + timedelta(days=1)), last_status=200)
        dead = store.query("SELECT id FROM deliveries ORDER BY id LIMIT 1")[0]["id"]
        with store.write() as conn:
            conn.execute("UPDATE deliveries SET status = 'dead', attempts = 5, "
                         "last_error = 'HTTP 500 from https://hooks.example.org/…' "
                         "WHERE id = ?", [dead])
    return WebStore(path, config, write_config(path.parent), mines, talks, hostile, dead)
