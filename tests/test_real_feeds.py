"""Every real feed snapshot in the shared corpus parses (skipped when /work/shared is absent)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from monitor.errors import FeedParseError
from monitor.feeds import parse_feed

pytestmark = pytest.mark.timeout(60)

FEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "feeds"
SNAPSHOTS = sorted(FEEDS_DIR.rglob("*.xml")) if FEEDS_DIR.is_dir() else []


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.skipif(not SNAPSHOTS, reason="shared corpus not present")
@pytest.mark.parametrize("path", SNAPSHOTS, ids=_id)
def test_real_snapshot_parses(path: Path) -> None:
    body = path.read_bytes()
    if not body:  # dailytelegraph_au/*_EMPTY.xml: a real 0-byte snapshot
        with pytest.raises(FeedParseError, match="empty"):
            parse_feed(body)
        return
    started = time.process_time()  # CPU seconds: what the bound is about, whatever the load
    feed = parse_feed(body, url=f"https://feeds.example/{path.parent.name}.xml")
    elapsed = time.process_time() - started
    assert feed.entries, feed.error
    assert feed.error is None, feed.error
    assert feed.format and feed.title
    assert elapsed < 5.0
    for entry in feed.entries:
        assert entry.title or entry.text
        assert entry.link is None or entry.link.startswith(("http://", "https://"))
        assert entry.published is None or entry.published.tzinfo is not None
        assert "<" not in entry.title or ">" not in entry.title
    guids = [e.guid for e in feed.entries if e.guid]
    assert len(guids) == len(set(guids))


@pytest.mark.skipif(not SNAPSHOTS, reason="shared corpus not present")
def test_corpus_has_the_documented_snapshots() -> None:
    assert len(SNAPSHOTS) == 42
    assert sum(1 for p in SNAPSHOTS if p.stat().st_size == 0) == 1


@pytest.mark.skipif(not SNAPSHOTS, reason="shared corpus not present")
@pytest.mark.parametrize("feed_name, expected", [
    ("arstechnica_all", "content"), ("npr_news", "author"), ("straitstimes", "xml:base"),
    ("aljazeera_youtube_atom", "atom"), ("nzherald_top", "links"), ("dailymail_articles", "ns"),
])
def test_documented_quirks(feed_name: str, expected: str) -> None:
    path = sorted((FEEDS_DIR / feed_name).glob("*.xml"))[0]
    feed = parse_feed(path.read_bytes(), url="https://feeds.example/x.xml")
    entries = feed.entries
    if expected == "content":  # long content:encoded wins over the short description
        assert max(len(e.text) for e in entries) > 1000 and "\n\n" in entries[0].text
    elif expected == "author":  # dc:creator
        assert all(e.author for e in entries)
    elif expected == "xml:base":
        assert all(e.link and e.link.startswith("http") for e in entries)
    elif expected == "atom":
        assert feed.format == "atom10" and all(e.link for e in entries)
    elif expected == "links":  # double-escaped &amp;amp; in links must not leave "&amp;"
        assert all(e.link and "&amp;" not in e.link for e in entries)
    elif expected == "ns":  # no XML declaration, protocol-relative namespace URIs
        assert feed.format == "rss20" and len(entries) > 100
