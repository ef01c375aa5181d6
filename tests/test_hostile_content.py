"""Hostile feed content found from outside (issue 11, items 6, 7, 8 and 12), polled from a
real feed server on 127.0.0.1 into a real SQLite store."""

from __future__ import annotations

import json

import pytest

from monitor.config import parse_config
from monitor.facts import extract_facts
from monitor.models import Document
from monitor.pipeline import Pipeline
from monitor.store import Store
from tests.support.httpserver import HTTPTestServer
from tests.support.polling import JSON_FEED, MINES, RSS, TERM, Clock, Item, config_text, rss

WATCH_ALL = """
watches:
  - {name: all, notify: [screen]}
channels:
  screen: {type: console, stream: stderr}
"""


def pipeline(store: Store, server: HTTPTestServer, path: str, clock: Clock | None = None,
             **feed: object) -> Pipeline:
    text = config_text([{"name": "world", "url": server.url(path), **feed}], extra=WATCH_ALL)
    return Pipeline(parse_config(text, "test.yaml"), store, clock=clock or Clock())


def count(store: Store, table: str) -> int:
    return store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"]


def json_feed_bytes(items: list[dict[str, object]], title: str = "Feed") -> bytes:
    # ensure_ascii: lone surrogates are written as "\ud800" escapes, as hostile feeds do
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title,
                       "items": items}, ensure_ascii=True).encode("ascii")


# ---------------------------------------------------------------- item 6: lone surrogates


def test_lone_surrogates_in_json_feed_fields_are_replaced_per_field_and_the_item_kept(
        http_server, store) -> None:
    """"\\ud800" in the title, "\\udc00" in the id, text, author and link: each field gets
    U+FFFD where the surrogate was, the item is stored, the feed polls clean every time,
    and the other item is untouched."""
    items = [
        {"id": "mines\udc00", "url": "http://news.example.org/a/\ud800", "title":
         "Mines \ud800 for Ukraine", "content_text": f"{MINES} \udfff\n\n{TERM}",
         "authors": [{"name": "Desk \ud800"}]},
        {"id": "other", "title": "Another story 😀", "content_text": TERM},
    ]
    http_server.route("/feed.json", body=json_feed_bytes(items, title="World \ud800"),
                      headers=JSON_FEED)
    poller = pipeline(store, http_server, "/feed.json")
    for _ in range(3):
        [outcome] = poller.poll()
        assert outcome.ok, outcome.error
    rows = store.query("SELECT guid, title, url FROM stories ORDER BY id")
    assert [r["guid"] for r in rows] == ["mines\ufffd", "other"]
    assert rows[0]["title"] == "Mines \ufffd for Ukraine"
    assert rows[1]["title"] == "Another story 😀"
    [text] = [r["text"] for r in store.query("SELECT text FROM versions WHERE story_id = 1")]
    assert "\ufffd" in text and MINES in text
    assert count(store, "versions") == 2  # three polls, one version each
    assert (store.feed("world") or {})["last_error"] is None


def test_character_references_to_surrogates_in_rss_are_replaced_not_fatal(
        http_server, store) -> None:
    body = rss([Item("mines", "Mines ZZZ row", MINES, "http://news.example.org/a"),
                Item("term", "Term", TERM, "http://news.example.org/b")])
    body = body.replace(b"ZZZ", b"&#xD800;&#55296;").replace(b"officials", b"&#xDFFF;officials")
    http_server.route("/feed.xml", body=body, headers=RSS)
    [outcome] = pipeline(store, http_server, "/feed.xml").poll()
    assert outcome.ok and outcome.new_stories == 2, outcome.error
    titles = [r["title"] for r in store.query("SELECT title FROM stories ORDER BY id")]
    assert titles == ["Mines \ufffd\ufffd row", "Term"]


# ---------------------------------------------------------------- item 7: huge numbers


HUGE = "7" * 100_000


def test_a_100000_digit_number_is_stored_and_the_feed_does_not_fail(http_server, store) -> None:
    """In the text, the title and the id of a JSON Feed item, and then edited: every entry
    is stored, no poll fails, and a real edit beside the number is still a fact change."""
    text = f"The fund now holds {HUGE} dollars, officials said.\n\n{MINES}"
    items: list[dict[str, object]] = [
        {"id": "HUGE-ID", "title": f"Fund at {HUGE[:5000]}", "content_text": text},
        {"id": "plain", "title": "Term", "content_text": TERM}]

    def body() -> bytes:  # the id as a bare JSON integer of 100,000 digits
        return json_feed_bytes(items).replace(b'"HUGE-ID"', HUGE.encode())

    http_server.route("/feed.json", body=body(), headers=JSON_FEED)
    clock = Clock()
    poller = pipeline(store, http_server, "/feed.json", clock)
    [outcome] = poller.poll()
    assert outcome.ok and outcome.new_stories == 2, outcome.error
    stored = store.query("SELECT text FROM versions ORDER BY id")[0]["text"]
    assert HUGE in stored  # the stored text is the feed's, untouched
    items[0]["content_text"] = text.replace("away from populated areas", "near the front line")
    http_server.route("/feed.json", body=body(), headers=JSON_FEED)
    clock.advance(minutes=20)
    [outcome] = poller.poll()
    assert outcome.ok and outcome.new_versions == 1 and outcome.changes >= 1, outcome.error
    assert (store.feed("world") or {})["consecutive_failures"] == 0


@pytest.mark.parametrize("number", [
    HUGE, "9" * 400, ",".join(["1000"] * 300), "1" + "0" * 5000, f"{HUGE}.5", f"{HUGE}/12/2024",
    "٣" * 10_000,  # Arabic-Indic digits: int() reads them too
])
def test_fact_extraction_and_diff_bound_every_number(number: str) -> None:
    from monitor.facts import diff_documents

    old = Document("Fund", f"On Tuesday the fund held {number} dollars in March {number}.")
    new = Document("Fund", f"On Friday the fund held {number} euros in March {number}.")
    assert extract_facts(old)
    assert diff_documents(old, new).changes


def test_a_spelled_out_number_past_float_range_does_not_crash_extraction() -> None:
    extract_facts(Document("Count", "They counted one " + "hundred " * 200 + "people."))


def test_a_story_id_too_long_for_sqlite_is_not_found_rather_than_a_crash(store) -> None:
    from monitor.errors import NotFoundError

    for ref in ("9" * 30, "9" * 5000):
        with pytest.raises(NotFoundError):
            store.resolve_story(ref)


# ---------------------------------------------------------------- item 8: zero-width characters

ZERO_WIDTH = {"ZWSP": "\u200b", "ZWNJ": "\u200c", "ZWJ": "\u200d", "soft hyphen": "\u00ad",
              "word joiner": "\u2060", "BOM": "\ufeff"}
FUND = ("The ministry said on Tuesday that $12 million was allocated to the Kharkiv "
        "reconstruction fund, to be spent only within the city and away from the front line.")


def _sprinkle(text: str, mark: str) -> str:
    return (text.replace("$12", f"$1{mark}2").replace("million", f"mil{mark}lion")
            .replace("Kharkiv", f"{mark}Khar{mark}kiv").replace("only within", f"only{mark} within")
            .replace("front", f"fr{mark}{mark}ont"))


@pytest.mark.parametrize("name", list(ZERO_WIDTH))
@pytest.mark.parametrize("kind", ["rss", "rss-html", "json"])
def test_zero_width_characters_added_to_an_unchanged_story_make_no_version_or_alert(
        http_server, store, name: str, kind: str) -> None:
    mark = ZERO_WIDTH[name]
    title = "Kharkiv fund gets $12 million"

    def publish(story_title: str, text: str) -> None:
        if kind == "json":
            http_server.route("/feed", headers=JSON_FEED, body=json_feed_bytes(
                [{"id": "fund", "title": story_title, "content_text": text}]))
        else:
            body = f"<p>{text}</p>" if kind == "rss-html" else text
            http_server.route("/feed", headers=RSS,
                              body=rss([Item("fund", story_title, body)]))

    publish(title, f"{FUND}\n\n{TERM}")
    clock = Clock()
    poller = pipeline(store, http_server, "/feed", clock)
    assert poller.poll()[0].new_stories == 1
    publish(_sprinkle(title, mark), f"{_sprinkle(FUND, mark)}\n\n{_sprinkle(TERM, mark)}")
    clock.advance(minutes=20)
    [outcome] = poller.poll()
    assert outcome.ok, outcome.error
    assert (outcome.new_versions, outcome.changes) == (0, 0)
    assert count(store, "versions") == 1 and count(store, "deliveries") == 0


def test_zero_width_characters_are_not_read_as_a_fact_change_beside_a_real_one() -> None:
    """When a real edit makes a version, invisible characters elsewhere change nothing:
    '$1<ZWSP>2 mil<SHY>lion' is still '$12 million' to the fact core."""
    from monitor.facts import diff_documents

    old = Document("Kharkiv fund gets $12 million", FUND)
    new = Document(_sprinkle("Kharkiv fund gets $12 million", "\u200b"),
                   _sprinkle(FUND, "\u00ad").replace("on Tuesday", "on Friday"))
    changes = diff_documents(old, new).changes
    assert [(c.kind, c.old, c.new) for c in changes] == [
        ("date", "said on Tuesday", "said on Friday")]  # the date with what happened then


# ---------------------------------------------------------------- item 12: IPv6 links


def test_an_ipv6_article_url_keeps_its_brackets(http_server, store) -> None:
    from tests.support.polling import run_monitor

    link = "http://[2001:db8::1]:8080/news/mines?utm_source=rss&id=7"
    http_server.route("/feed.xml", headers=RSS, body=rss([
        Item("mines", "Mines", MINES, link),
        Item(None, "Term", TERM, "https://[2001:db8::2]/news/term"),
    ]))
    [outcome] = pipeline(store, http_server, "/feed.xml").poll()
    assert outcome.ok, outcome.error
    urls = [r["url"] for r in store.query("SELECT url FROM stories ORDER BY id")]
    assert urls == ["http://[2001:db8::1]:8080/news/mines?id=7",
                    "https://[2001:db8::2]/news/term"]
    keys = {r["key"] for r in store.query("SELECT key FROM story_keys")}
    assert "https://[2001:db8::2]/news/term" in keys
    assert store.resolve_story("https://[2001:db8::2]/news/term?utm_medium=x")["title"] == "Term"
    shown = run_monitor("stories", "--json", "--db", str(store.path))
    assert shown.returncode == 0, shown.stderr
    assert {s["url"] for s in json.loads(shown.stdout)} == set(urls)
