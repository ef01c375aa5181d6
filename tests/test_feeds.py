"""Tests for monitor.feeds.parse_feed on hand-made feeds, friendly and hostile."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.errors import FeedParseError
from monitor.feeds import MAX_ENTRIES, MAX_FIELD_CHARS, html_to_text, parse_feed

pytestmark = pytest.mark.timeout(30)

FEED_URL = "https://news.example/feeds/top.xml"


def rss(items: str, *, channel_extra: str = "", prolog: str = '<?xml version="1.0"?>',
        rss_attrs: str = "") -> bytes:
    return (f'{prolog}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            f' xmlns:dc="http://purl.org/dc/elements/1.1/" {rss_attrs}><channel>'
            f"<title>Top News</title><link>https://news.example/</link>{channel_extra}"
            f"{items}</channel></rss>").encode()


# -- well-formed formats ---------------------------------------------------------------------------
def test_rss20_entry_fields() -> None:
    feed = parse_feed(rss("""
      <item><title>Storm hits coast</title><link>https://news.example/a/1</link>
        <guid isPermaLink="false">story-1</guid><dc:creator>Jane Roe</dc:creator>
        <pubDate>Tue, 03 Mar 2026 10:00:00 +0200</pubDate>
        <description>Short teaser.</description>
        <content:encoded><![CDATA[<p>First paragraph.</p><p>Second <b>bold</b> one.</p>]]>
        </content:encoded>
      </item>"""), url=FEED_URL)
    assert (feed.format, feed.title, feed.error) == ("rss20", "Top News", None)
    [entry] = feed.entries
    assert entry.guid == "story-1" and entry.link == "https://news.example/a/1"
    assert entry.title == "Storm hits coast" and entry.author == "Jane Roe"
    assert entry.text == "First paragraph.\n\nSecond bold one."  # the longer of the two
    assert entry.published == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


def test_summary_is_used_when_longer_than_content() -> None:
    feed = parse_feed(rss("""<item><title>t</title><guid>g</guid>
        <description>&lt;p&gt;A full summary with details.&lt;/p&gt;</description>
        <content:encoded>Stub</content:encoded></item>"""))
    assert feed.entries[0].text == "A full summary with details."


def test_rss10() -> None:
    body = b"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
             xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://news.example/"><title>RDF News</title>
        <link>https://news.example/</link><description>d</description></channel>
      <item rdf:about="https://news.example/r/1"><title>First</title>
        <link>https://news.example/r/1</link><description>Body one.</description>
        <dc:date>2026-03-03T10:00:00Z</dc:date></item>
      <item rdf:about="https://news.example/r/2"><title>Second</title>
        <link>https://news.example/r/2</link></item>
    </rdf:RDF>"""
    feed = parse_feed(body)
    assert feed.format == "rss10" and feed.title == "RDF News"
    assert [e.title for e in feed.entries] == ["First", "Second"]
    assert feed.entries[0].published == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    assert feed.entries[0].text == "Body one."


def test_atom() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/">
      <title type="html">Atom &amp;lt;News&amp;gt;</title><id>urn:feed</id>
      <updated>2026-03-03T10:00:00Z</updated>
      <entry><title>Entry one</title><id>urn:uuid:1</id>
        <link rel="alternate" href="/stories/1"/><link rel="enclosure" href="/media/1.mp3"/>
        <published>2026-03-02T09:30:00-05:00</published><updated>2026-03-03T10:00:00Z</updated>
        <author><name>Ann Author</name></author>
        <summary>Sum.</summary>
        <content type="html">&lt;p&gt;Para A.&lt;/p&gt;&lt;p&gt;Para B.&lt;/p&gt;</content></entry>
    </feed>"""
    feed = parse_feed(body, url=FEED_URL)
    assert feed.format == "atom10" and feed.title == "Atom <News>"
    [entry] = feed.entries
    assert entry.guid == "urn:uuid:1" and entry.link == "https://news.example/stories/1"
    assert entry.text == "Para A.\n\nPara B." and entry.author == "Ann Author"
    assert entry.published == datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    assert entry.updated == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def test_json_feed_11() -> None:
    body = json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "JSON News",
        "home_page_url": "https://news.example/", "feed_url": "https://news.example/feed.json",
        "items": [
            {"id": "1", "url": "https://news.example/j/1", "title": "Hello <em>JSON</em>",
             "content_html": "<p>One.</p><p>Two.</p>", "summary": "S",
             "date_published": "2026-03-03T10:00:00+01:00",
             "date_modified": "2026-03-03T11:00:00Z", "authors": [{"name": "Jo"}]},
            {"id": 2, "url": "/j/2", "title": "Plain", "content_text": "Line one.\n\nLine two."},
            {"id": "3", "url": "javascript:alert(1)", "title": "Bad link"},
            "not an item",
        ],
    }).encode()
    feed = parse_feed(body, content_type="application/feed+json")
    assert feed.format == "json1" and feed.title == "JSON News" and feed.error is None
    first, second, third = feed.entries
    assert first.title == "Hello JSON" and first.text == "One.\n\nTwo." and first.author == "Jo"
    assert first.published == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert first.updated == datetime(2026, 3, 3, 11, 0, tzinfo=UTC)
    assert second.guid == "2" and second.link == "https://news.example/j/2"
    assert second.text == "Line one.\n\nLine two."
    assert third.link is None


def test_json_feed_10_author_and_detection_by_leading_brace() -> None:
    body = b'\xef\xbb\xbf  {"version": "https://jsonfeed.org/version/1", "title": "Old",' \
           b' "items": [{"id": "a", "title": "T", "author": {"name": "Al"}}]}'
    feed = parse_feed(body)
    assert feed.format == "json1" and feed.entries[0].author == "Al"


@pytest.mark.parametrize("body, match", [
    (b"{not json", "not valid JSON"),
    (b'{"version": "x", "title": "no items"}', "not a JSON Feed"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),  # recursion bomb
])
def test_bad_json_is_refused(body: bytes, match: str) -> None:
    with pytest.raises(FeedParseError, match=match):
        parse_feed(body, content_type="application/json")


def test_json_feed_with_invalid_utf8_is_decoded_with_replacement() -> None:
    body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "Caf\xe9", "items": []}'
    assert parse_feed(body).title == "Caf\ufffd"


# -- not feeds -------------------------------------------------------------------------------------
@pytest.mark.parametrize("body", [b"", b"   \n\t ", b"\n"])
def test_empty_body_is_refused(body: bytes) -> None:
    with pytest.raises(FeedParseError, match="empty"):
        parse_feed(body)


def test_html_page_is_refused() -> None:
    page = b"<!DOCTYPE html><html><head><title>404</title></head><body><p>Gone</p></body></html>"
    with pytest.raises(FeedParseError, match="HTML page"):
        parse_feed(page, url=FEED_URL, content_type="application/rss+xml")


def test_plain_text_is_refused() -> None:
    with pytest.raises(FeedParseError, match="not a feed"):
        parse_feed(b"Service temporarily unavailable")


def test_body_that_is_a_path_is_not_read(tmp_path: Path) -> None:
    # feedparser opens a string that names a file; parse_feed must never do that.
    secret_feed = tmp_path / "secret.xml"
    secret_feed.write_bytes(rss("<item><title>LEAKED</title><guid>x</guid></item>"))
    for body in (str(secret_feed).encode(), b"/etc/passwd", b"file:///etc/passwd"):
        with pytest.raises(FeedParseError):
            parse_feed(body)


# -- hostile XML -----------------------------------------------------------------------------------
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title></item></channel></rss>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<rss version="2.0"><channel><title>x</title></channel></rss>"""

# One entity, referenced thousands of times: the shape that took feedparser 1.5 GB.
WIDE_ENTITY = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"A" * 10_000 + b'">]>'
               b'<rss version="2.0"><channel><title>x</title><item><title>'
               + b"&a;" * 30_000 + b"</title></item></channel></rss>")


@pytest.mark.parametrize("body", [
    BILLION_LAUGHS, XXE, PARAMETER_ENTITY, WIDE_ENTITY,
    BILLION_LAUGHS.decode().encode("utf-16"),  # hidden from a naive byte search
    BILLION_LAUGHS.replace(b"<!ENTITY", b"<!entity"),
    b"<!-- a comment first -->" + XXE.split(b"?>", 1)[1],  # no XML declaration
    # encodings feedparser honours in which "<!ENTITY" is not ASCII bytes
    BILLION_LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="cp037"')
    .decode().encode("cp037"),
    BILLION_LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="utf-7"')
    .replace(b"<!ENTITY", b"+ADw-!ENTITY"),
], ids=["billion-laughs", "xxe", "parameter-entity", "wide-entity", "utf16", "lowercase",
        "no-declaration", "ebcdic", "utf7"])
def test_entity_declarations_are_refused_fast(body: bytes) -> None:
    started = time.process_time()  # CPU seconds: what the bound is about, whatever the load
    with pytest.raises(FeedParseError, match="declares XML entities"):
        parse_feed(body, url=FEED_URL)
    assert time.process_time() - started < 0.5


def test_unclosed_cdata_sections_do_not_make_the_check_quadratic() -> None:
    body = rss("<item><title>x</title></item>" + "<![CDATA[" * 200_000,
               prolog='<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]>')
    started = time.process_time()
    with pytest.raises(FeedParseError):  # the unclosed section hides nothing: still refused
        parse_feed(body)
    assert time.process_time() - started < 2.0


def test_entity_text_inside_cdata_is_not_a_declaration() -> None:
    body = rss("<item><title>XML tips</title><guid>1</guid><description><![CDATA["
               "<p>Never accept <!ENTITY declarations from strangers.</p>]]></description></item>")
    assert parse_feed(body).entries[0].text == "Never accept"  # the markup-like rest is a tag


def test_external_dtd_without_entities_is_accepted_and_not_fetched() -> None:
    body = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS'
            b' 0.91//EN" "http://127.0.0.1:9/rss-0.91.dtd"><rss version="0.91"><channel>'
            b"<title>Old</title><link>http://old.example/</link><description>d</description>"
            b"<item><title>One</title><link>http://old.example/1</link></item></channel></rss>")
    feed = parse_feed(body)
    assert feed.format.startswith("rss09") and feed.entries[0].link == "http://old.example/1"


def test_markup_in_titles_and_hostile_links_are_neutralised() -> None:
    body = rss("""
      <item><title>&lt;script&gt;alert(1)&lt;/script&gt;Hello &lt;b&gt;world&lt;/b&gt;
        &amp;amp; co</title>
        <link>javascript:alert(1)</link><guid isPermaLink="false">1</guid>
        <description>&lt;p onclick="steal()"&gt;Para one&lt;/p&gt;
          &lt;script&gt;evil()&lt;/script&gt;
          &lt;style&gt;p{}&lt;/style&gt;&lt;iframe src="https://evil.example/"&gt;x&lt;/iframe&gt;
          &lt;p&gt;Para &lt;a href="javascript:x()"&gt;two&lt;/a&gt;&lt;/p&gt;</description></item>
      <item><title>Data link</title><link>data:text/html,&lt;script&gt;x&lt;/script&gt;</link>
        <guid isPermaLink="false">2</guid></item>
      <item><title>Ftp link</title><link>ftp://files.example/x</link>
        <guid isPermaLink="false">3</guid></item>
    """, channel_extra="")
    feed = parse_feed(body, url=FEED_URL)
    first, second, third = feed.entries
    assert first.title == "Hello world & co"
    assert first.text == "Para one\n\nPara two"
    assert first.link is second.link is third.link is None
    for entry in feed.entries:
        assert "<" not in entry.title and "script" not in entry.text


def test_xml_base_file_scheme_links_are_dropped() -> None:
    body = rss("""<item><title>a</title><link>passwd</link><guid>1</guid></item>
                  <item><title>b</title><link>https://news.example/ok</link><guid>2</guid></item>""",
               rss_attrs='xml:base="file:///etc/"')
    feed = parse_feed(body, url=FEED_URL)
    assert [e.link for e in feed.entries] == [None, "https://news.example/ok"]


def test_relative_links_are_resolved_against_the_feed_url_but_guids_are_kept() -> None:
    body = rss("""<item><title>a</title><link>/stories/7</link><guid>7</guid></item>
                  <item><title>b</title><guid>1234</guid></item>""")
    first, second = parse_feed(body, url=FEED_URL).entries
    assert first.link == "https://news.example/stories/7" and first.guid == "7"
    assert second.guid == "1234" and second.link is None  # a bare number is not a URL


def test_credentials_and_tokens_in_the_feed_url_do_not_leak_into_links() -> None:
    body = rss("""<item><title>a</title><link>/stories/7</link><guid>7</guid></item>
                  <item><title>b</title><link>#top</link><guid>8</guid></item>
                  <item><title>c</title><link>http://bank.example@evil.example/x</link>
                    <guid>9</guid></item>""")
    links = [e.link for e in parse_feed(
        body, url="https://user:pw@news.example/feeds/top.xml?token=sekrit").entries]
    assert links == ["https://news.example/stories/7", "https://news.example/feeds/top.xml#top",
                     "http://evil.example/x"]


@pytest.mark.parametrize("link", ["http://[::1", "http://host:99999/", "http://:80/", "http://"])
def test_malformed_links_become_none(link: str) -> None:
    body = rss(f"<item><title>a</title><link>{link}</link><guid>1</guid></item>")
    assert parse_feed(body, url=FEED_URL).entries[0].link is None


# -- malformed and odd input -----------------------------------------------------------------------
def test_malformed_feed_keeps_readable_entries_and_reports_error() -> None:
    body = rss("""<item><title>One</title><guid>1</guid></item>
                  <item><title>Two &nbsp; x</title><guid>2</guid></item>
                  <item><title>Three <b>bold</title><guid>3</guid></item>""")
    feed = parse_feed(body)
    assert feed.error == "undefined entity at line 2, column 35"
    assert [e.guid for e in feed.entries] == ["1", "2", "3"]


def test_truncated_document_keeps_what_was_read() -> None:
    body = rss("<item><title>One</title><guid>1</guid></item>"
               "<item><title>Two</title><guid>2</guid></item>")[:-40]
    feed = parse_feed(body)
    assert feed.error and [e.guid for e in feed.entries][:1] == ["1"]


@pytest.mark.parametrize("body", [
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9</title>'
    '<item><title>Na\xefve</title><guid>1</guid></item></channel></rss>'.encode("latin-1"),
    '<?xml version="1.0" encoding="us-ascii"?><rss version="2.0"><channel><title>Café</title>'
    '<item><title>Naïve</title><guid>1</guid></item></channel></rss>'.encode(),
    '<rss version="2.0"><channel><title>Caf\xe9</title>'
    '<item><title>Na\xefve</title><guid>1</guid></item></channel></rss>'.encode("latin-1"),
    '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Café</title>'
    '<item><title>Naïve</title><guid>1</guid></item></channel></rss>'.encode("utf-16"),
    '<?xml version="1.0" encoding="x-no-such-charset"?><rss version="2.0"><channel>'
    '<title>Café</title><item><title>Naïve</title><guid>1</guid></item></channel></rss>'.encode(),
], ids=["latin1-declared-utf8", "utf8-declared-ascii", "latin1-undeclared", "utf16", "bogus"])
def test_wrong_or_missing_encoding_does_not_crash(body: bytes) -> None:
    feed = parse_feed(body, content_type="text/xml; charset=iso-8859-1")
    assert len(feed.entries) == 1 and feed.entries[0].title.startswith("Na")


def test_huge_feed_is_capped_in_time_and_entries() -> None:
    items = "".join(f"<item><title>Item {i}</title><link>https://news.example/{i}</link>"
                    f"<guid>g{i}</guid><description>Text {i}.</description></item>"
                    for i in range(50_000))
    body = rss(items)
    started = time.process_time()
    feed = parse_feed(body)
    assert time.process_time() - started < 3.0  # uncapped: ~8 s and 170 MB
    assert len(feed.entries) == MAX_ENTRIES
    assert feed.entries[-1].guid == f"g{MAX_ENTRIES - 1}"
    assert feed.skipped_entries == 50_000 - MAX_ENTRIES
    assert feed.error is None  # a long feed is not a malformed one


def test_huge_atom_and_rss10_feeds_are_capped_cleanly() -> None:
    entries = "".join(f"<entry><title>E{i}</title><id>urn:{i}</id></entry>" for i in range(5000))
    atom = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>{entries}</feed>'.encode()
    items = "".join(f'<item rdf:about="https://x.example/{i}"><title>I{i}</title>'
                    f"<link>https://x.example/{i}</link></item>" for i in range(5000))
    rdf = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.example/">'
           f"<title>R</title><link>https://x.example/</link></channel>{items}</rdf:RDF>").encode()
    for body, kind in ((atom, "atom10"), (rdf, "rss10")):
        feed = parse_feed(body)
        assert (len(feed.entries), feed.format, feed.error) == (MAX_ENTRIES, kind, None)
        assert feed.skipped_entries == 5000 - MAX_ENTRIES


def test_huge_json_feed_is_capped() -> None:
    items = [{"id": str(i), "title": f"T{i}"} for i in range(MAX_ENTRIES + 10)]
    feed = parse_feed(json.dumps({"version": "https://jsonfeed.org/version/1.1",
                                  "items": items}).encode())
    assert len(feed.entries) == MAX_ENTRIES and feed.skipped_entries == 10
    assert feed.error is None


def test_duplicate_guids_keep_the_first_and_missing_guids_are_kept() -> None:
    body = rss("""<item><title>First</title><guid>dup</guid></item>
                  <item><title>Second</title><guid>dup</guid></item>
                  <item><title>No guid A</title><link>https://news.example/a</link></item>
                  <item><title>No guid B</title><link>https://news.example/b</link></item>
                  <item><title>No guid A</title><link>https://news.example/a</link></item>""")
    entries = parse_feed(body).entries
    assert [(e.guid, e.title) for e in entries] == [
        ("dup", "First"), (None, "No guid A"), (None, "No guid B")]


def test_odd_dates_are_kept_and_never_crash() -> None:
    dates_given = ["Fri, 01 Jan 2100 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
                   "yesterday-ish", "2026-03-03T10:00:00", "Mon, 99 Feb 2026 99:99:99 GMT"]
    body = rss("".join(f"<item><title>t{i}</title><guid>{i}</guid><pubDate>{d}</pubDate></item>"
                       for i, d in enumerate(dates_given)))
    dates = [e.published for e in parse_feed(body).entries]
    assert dates[0] == datetime(2100, 1, 1, tzinfo=UTC)
    assert dates[1] == datetime(1970, 1, 1, tzinfo=UTC)
    assert dates[2] is None and dates[4] is None
    assert dates[3] == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    assert all(d is None or d.tzinfo is not None for d in dates)


def test_plain_text_description_keeps_blank_line_paragraphs() -> None:
    body = rss("<item><title>t</title><guid>1</guid>"
               "<description>Para one.\n\nPara two &amp; more.</description></item>")
    assert parse_feed(body).entries[0].text == "Para one.\n\nPara two & more."


def test_html_to_text_blocks_and_skipped_elements() -> None:
    markup = ("<div><h2>Head</h2><p>One<br>Two</p><ul><li>A</li><li>B</li></ul>"
              "<script>x()</script><style>p{}</style><p>  spaced\n  out  </p></div>")
    assert html_to_text(markup) == "Head\n\nOne\n\nTwo\n\nA\n\nB\n\nspaced out"


@pytest.mark.parametrize("markup", [
    "<p>" + "<a " * 200_000, "<p>" + "<" * 1_000_000, "<div>" * 200_000 + "x",
    "<p>x</p><!--" + "a" * 1_000_000, "<p a=\"" + "a" * 1_000_000,
], ids=["unclosed-tags", "lt-run", "deep", "open-comment", "open-attribute"])
def test_html_to_text_is_linear_on_pathological_markup(markup: str) -> None:
    started = time.process_time()
    html_to_text(markup)
    assert time.process_time() - started < 1.0  # html.parser took minutes on unclosed tags


def test_oversized_summary_is_cut_not_dropped() -> None:
    words = "word " * 2_100_000  # 10.5 MB: libxml2 alone would silently drop all of it
    body = rss(f"<item><title>Big</title><guid>1</guid><description><![CDATA[<p>{words}</p>]]>"
               "</description></item>")
    text = parse_feed(body).entries[0].text
    assert 0.9 * MAX_FIELD_CHARS < len(text) <= MAX_FIELD_CHARS



# -- fuzzing: whatever the bytes, only ParsedFeed or FeedParseError ----------------------------
_FEED_ALPHABET = st.sampled_from([
    b"<", b">", b"/", b"<rss version='2.0'>", b"<channel>", b"<item>", b"</item>", b"<title>",
    b"</title>", b"<guid>", b"<link>", b"javascript:x", b"&amp;", b"&#0;", b"&#xD800;", b"&bad;",
    b"<![CDATA[", b"]]>", b"<!--", b"-->", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"{", b"}",
    b'"items": [', b"]", b"<?xml version='1.0' encoding='utf-16'?>", b"<feed>", b"<entry>",
    b"x", b" ", b"\n", b"<pubDate>Mon, 99 Foo</pubDate>",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FEED_ALPHABET, max_size=60).map(b"".join), st.sampled_from(
    [None, "application/rss+xml", "application/json", "text/html; charset=utf-16"]))
def test_parse_feed_never_raises_anything_but_feed_parse_error(body: bytes,
                                                               content_type: str | None) -> None:
    try:
        feed = parse_feed(body, url="https://news.example/f", content_type=content_type)
    except FeedParseError as exc:
        assert "\n" not in str(exc)
        return
    for entry in feed.entries:
        assert entry.link is None or entry.link.startswith(("http://", "https://"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_html_to_text_never_raises(markup: str) -> None:
    assert "<script" not in html_to_text(markup + "<script>x()</script>")


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["name", "url", "id", "x"]), children, max_size=3),
    max_leaves=10)
_ITEM_KEYS = st.sampled_from(["id", "url", "external_url", "title", "content_html",
                              "content_text", "summary", "date_published", "date_modified",
                              "author", "authors"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(_ITEM_KEYS, _JSON_VALUES, max_size=8) | _JSON_VALUES,
                max_size=5), _JSON_VALUES)
def test_json_feed_with_odd_value_types_never_crashes(items: list, title: object) -> None:
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title,
                       "feed_url": title, "items": items}).encode()
    feed = parse_feed(body)
    assert len(feed.entries) <= len(items)
    for entry in feed.entries:
        assert isinstance(entry.title, str) and isinstance(entry.text, str)


def test_control_characters_and_overlong_links_are_cleaned() -> None:
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "title": "Nul\u0000in\u000btitle\u200b", "content_text": "a\u0000b\n\nc\u007fd",
         "url": "https://news.example/" + "x" * 5000}]}).encode()
    [entry] = parse_feed(body).entries
    assert entry.title == "Nul in title" and entry.text == "a b\n\nc d"
    assert entry.link is None



def test_whitespace_is_squeezed_as_the_substitution_did() -> None:
    """feeds._squeeze splits and joins; it must give what the substitution of runs of
    white space and control characters gave, for every code point."""
    import re

    from monitor.feeds import _squeeze
    from monitor.text import INVISIBLE

    runs = re.compile(r"[\s\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]+")

    def substituted(text: str) -> str:
        return runs.sub(" ", text).strip().strip(INVISIBLE).strip()

    for code in range(0x110000):
        char = chr(code)  # at the start, inside a word, beside a space, at the end
        text = f"{char}a{char}b {char}\x07 x{char}\u200b"
        assert _squeeze(text) == substituted(text), hex(code)
