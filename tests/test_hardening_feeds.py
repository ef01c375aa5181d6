"""Hardening (issue 7, section 1) through the pipeline: after a good poll, a feed turns
hostile (entity bombs, XXE, bodies that name files, HTML, empty, truncated, garbage); each
poll ends as one line, in bounded time and memory, and the stored state is kept: no story,
version or alert is added, changed or lost."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from monitor.config import parse_config
from monitor.pipeline import Pipeline
from monitor.store import Store
from tests.support.polling import RSS, TERM, Clock, Item, config_text, rss

MiB = 1024 * 1024
ITEMS = [Item("a", "Bridge reopens in Lviv", "The bridge in Lviv reopens on Friday after "
              "three months of repairs, the mayor said."),
         Item("b", "Talks resume in Geneva", "Negotiators met in Geneva on Monday for a "
              "third round of talks on grain exports."),
         Item("c", "Term ends in January", TERM)]
GOOD = rss(ITEMS)
LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<rss version="2.0"><channel><title>&e;</title><item><guid>a</guid><title>&e;&e;&e;</title>
</item></channel></rss>"""
HOSTILE = {
    "billion-laughs": LAUGHS,
    "wide-entity": (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY w "' + b"W" * 10_000
                    + b'">]><rss version="2.0"><channel><title>x</title><item><guid>a</guid>'
                    b"<title>" + b"&w;" * 30_000 + b"</title></item></channel></rss>"),
    "xxe": (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><title>x</title><item><guid>a</guid>'
            b"<title>&x;</title></item></channel></rss>"),
    "path-etc-passwd": b"/etc/passwd",
    "path-dev-zero": b"/dev/zero",
    "path-proc-environ": b"/proc/self/environ",
    "file-url": b"file:///etc/passwd",
    "html-error-page": (b"<!DOCTYPE html><html><head><title>Error</title></head><body>"
                        b"<h1>502 Bad Gateway</h1></body></html>"),
    "empty": b"",
    "plain-text": b"Service temporarily unavailable, please try again later.",
    "json-garbage": b'{"version": "https://jsonfeed.org/version/1.1", "items": [1, null, "x"',
    "truncated": GOOD[: GOOD.rindex(b"aides said") + 5],
    "binary": bytes(range(256)) * 64,
}


def _counts(store: Store) -> tuple[int, int, int, int]:
    return tuple(store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"]
                 for table in ("stories", "versions", "changes", "deliveries"))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_feed_turning_hostile_after_a_good_poll_keeps_the_stored_state(
        http_server, store, name):
    http_server.route("/feed.xml", body=GOOD, headers=RSS)
    config = parse_config(config_text([{"name": "world", "url": http_server.url("/feed.xml")}]),
                          "t.yaml")
    clock = Clock()
    with Pipeline(config, store, clock=clock) as pipeline:
        assert pipeline.poll()[0].new_stories == 3
        stored = _counts(store)
        texts = store.query("SELECT story_id, text FROM versions ORDER BY id")
        http_server.route("/feed.xml", body=HOSTILE[name], headers=RSS)
        clock.advance(minutes=15)
        tracemalloc.start()
        started = time.monotonic()
        try:
            [outcome] = pipeline.poll()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        elapsed = time.monotonic() - started
        assert elapsed < 5, elapsed
        assert peak < 64 * MiB, peak
        assert _counts(store) == stored, name
        assert store.query("SELECT story_id, text FROM versions ORDER BY id") == texts
        if outcome.error:
            assert "\n" not in outcome.error and "Traceback" not in outcome.error
            assert (store.feed("world") or {}).get("last_error")
        if name in ("xxe", "path-etc-passwd", "path-proc-environ", "file-url"):
            everything = " ".join(str(v) for row in store.query("SELECT * FROM versions")
                                  for v in row.values())
            assert "root:" not in everything and "PATH=" not in everything
        # and the feed comes back: the good document again changes nothing either
        http_server.route("/feed.xml", body=GOOD, headers=RSS)
        clock.advance(minutes=15)
        assert pipeline.poll()[0].ok
        assert _counts(store) == stored


@pytest.mark.parametrize(("body", "content_type"), [
    ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
     '<item><guid>k</guid><title>Kyiv caf\xe9 reopens</title><description>The caf\xe9 in '
     "Kyiv reopens on Friday, its owner said.</description></item></channel></rss>"
     .encode("latin-1"), "application/rss+xml; charset=utf-8"),
    ('<rss version="2.0"><channel><title>t</title><item><guid>k</guid><title>Kyiv caf\xe9 '
     "reopens</title><description>The caf\xe9 in Kyiv reopens on Friday, its owner said."
     "</description></item></channel></rss>".encode("cp1252"), "text/xml"),
    ('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>t'
     '</title><item><guid>k</guid><title>Kyiv caf\xe9 reopens</title><description>The '
     "caf\xe9 in Kyiv reopens on Friday, its owner said.</description></item></channel>"
     "</rss>".encode("utf-16"), "application/xml; charset=bogus-charset"),
], ids=["latin1-declared-utf8", "cp1252-undeclared", "utf16-declared-cyrillic"])
def test_wrong_or_missing_encodings_are_stored_as_readable_text(http_server, store, body,
                                                                content_type):
    http_server.route("/feed.xml", body=body, headers={"Content-Type": content_type})
    config = parse_config(config_text([{"name": "world", "url": http_server.url("/feed.xml")}]),
                          "t.yaml")
    with Pipeline(config, store, clock=Clock()) as pipeline:
        [outcome] = pipeline.poll()
    assert outcome.new_stories == 1, outcome
    [story] = store.query("SELECT title FROM stories")
    assert story["title"].startswith("Kyiv caf") and story["title"].endswith("reopens")
    [version] = store.query("SELECT text FROM versions")
    assert "Kyiv reopens on Friday" in version["text"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_a_byte_order_mark_wins_over_a_wrong_declaration_and_http_charset(encoding):
    """Found by the test above: a UTF-16 document declaring windows-1251 was 'not a feed'."""
    from monitor.errors import FeedParseError
    from monitor.feeds import parse_feed

    doc = ('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
           "<title>t</title><item><guid>k</guid><title>Kyiv caf\xe9 \u2014 \u0410</title>"
           "</item></channel></rss>")
    body = doc.encode(encoding)
    if encoding in ("utf-16-be",):
        body = b"\xfe\xff" + body
    feed = parse_feed(body, content_type="application/rss+xml; charset=iso-8859-1")
    assert [e.title for e in feed.entries] == ["Kyiv caf\xe9 \u2014 \u0410"]
    bomb = LAUGHS.decode().encode(encoding)
    if encoding == "utf-16-be":
        bomb = b"\xfe\xff" + bomb
    with pytest.raises(FeedParseError, match="declares XML entities"):
        parse_feed(bomb, content_type="text/xml; charset=utf-8")


PAGE_PARAGRAPHS = [
    "The United States has authorised the use of non-persistent antipersonnel mines by "
    "Ukraine, a U.S. official said on Tuesday, in a shift meant to slow Russian advances.",
    "Washington has stipulated that the mines be used only within Ukrainian territory and "
    "away from populated areas, the official said, speaking on condition of anonymity.",
    "The decision comes as the outgoing president's term ends in January, and aides said "
    "the policy had been under review for several months before it was approved.",
]
MOST_READ = ["Ten things to know today", "Markets rally after rate cut", "Storm hits coast",
             "Election: what we know", "Five recipes for autumn"]


def _noisy_page(n: int) -> bytes:
    """The same story with what changes on every request of a real news page: update
    stamps, view and comment counters, reading time, a rotating most-read list, a
    cache-busting query in links, an ad slot id."""
    from xml.sax.saxutils import escape

    body = "".join(f"<p>{escape(p)}</p>" for p in PAGE_PARAGRAPHS)
    rotating = "".join(f'<li><a href="/r/{(n + k) % 5}?v={n}">{MOST_READ[(n + k) % 5]}</a></li>'
                       for k in range(3))
    return f"""<!doctype html><html><head><title>US authorises mines | News</title></head>
<body><nav><a href="/?cb={n}">Home</a></nav><main><article>
<h1>US authorises mines for Ukraine</h1>
<p class="meta">Updated {n % 50 + 2} minutes ago · {1200 + 37 * n:,} views · {n} comments ·
{n % 4 + 3} min read</p>
{body}
<p>Most read: {MOST_READ[n % 5]}</p>
<div id="ad-{n * 7919}">Advertisement</div>
</article></main><aside><h2>Most read</h2><ol>{rotating}</ol></aside>
<footer>© 2026 Example News · request {n}</footer></body></html>""".encode()


def test_a_page_that_changes_on_every_request_makes_no_version_or_alert_storm(
        http_server, store):
    requests = {"page": 0}

    def page(_request):
        requests["page"] += 1
        return 200, {"Content-Type": "text/html; charset=utf-8"}, _noisy_page(requests["page"])

    feed = rss([Item("m1", "US authorises mines for Ukraine", "Teaser.",
                     http_server.url("/news/mines"))])
    http_server.route("/feed.xml", body=feed, headers=RSS)
    http_server.route("/news/mines", page)
    config = parse_config(config_text(
        [{"name": "world", "url": http_server.url("/feed.xml"), "full_text": True}],
        defaults={"allow_private_addresses": True, "recheck_min": "1m"},
        extra="watches:\n  - {name: mines, keywords: [mines], notify: [screen]}\n"
              "channels:\n  screen: {type: console}\n"), "t.yaml")
    clock = Clock()
    with Pipeline(config, store, clock=clock) as pipeline:
        for _ in range(20):
            pipeline.poll()
            clock.advance(minutes=10)
    assert requests["page"] >= 10  # the page really was read again and again
    [story] = store.query("SELECT version_count FROM stories")
    assert story["version_count"] <= 2, story
    assert _counts(store)[3] == 0  # no alert
