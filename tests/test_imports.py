"""What a monitor process imports, and what it does not need to (issue 12: every `monitor
poll` and each of its worker processes pays for its imports)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(statement: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``statement``."""
    script = (f"import sys\n{statement}\n"
              "print('\\n'.join(name for name, module in sys.modules.items() if module))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=True)
    return set(done.stdout.split())


def test_the_page_extraction_does_not_import_the_feed_parser() -> None:
    """The workers' server preloads the page extraction, which uses monitor.feeds' text
    helpers; feedparser itself is imported when a feed is parsed (~30 ms)."""
    loaded = _modules_after("import monitor.extract, monitor.ingest")
    assert "monitor.feeds" in loaded and "feedparser" not in loaded


def test_feeds_still_parse_and_refuse_with_feedparser_imported_on_use() -> None:
    from monitor.errors import FeedParseError
    from monitor.feeds import parse_feed

    atom = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            b"<title>T</title><entry><id>urn:1</id><title>A</title>"
            b'<link href="https://example.com/a"/><summary>Hello.</summary></entry></feed>')
    parsed = parse_feed(atom, url="https://example.com/feed")
    assert [entry.guid for entry in parsed.entries] == ["urn:1"] and parsed.error is None
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
            b"<rss version='2.0'><channel><title>&a;</title></channel></rss>")
    with pytest.raises(FeedParseError, match="entities"):
        parse_feed(bomb, url="https://example.com/feed")

