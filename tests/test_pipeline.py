"""The pipeline against real loopback servers and a real SQLite file."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta

from monitor.config import parse_config
from monitor.ingest import read_story_facts
from monitor.models import Entry
from monitor.pipeline import Pipeline, distinct_entries, is_new_content
from monitor.store import Store, iso, parse_iso
from tests.support.httpserver import HTTPTestServer, Tarpit, endless
from tests.support.polling import (
    HTML,
    JSON_FEED,
    MINES,
    RSS,
    TERM,
    Clock,
    Item,
    article_html,
    config_text,
    json_feed,
    rss,
)


def make_pipeline(store: Store, feeds: list[dict], clock: Clock | None = None,
                  **defaults) -> Pipeline:
    config = parse_config(config_text(feeds, defaults=defaults or None), "test.yaml")
    return Pipeline(config, store, clock=clock or Clock())


def one_feed(server: HTTPTestServer, path: str = "/feed.xml", **extra) -> dict:
    return {"name": "world", "url": server.url(path), **extra}


def stories(store: Store) -> list[dict]:
    return store.query("SELECT * FROM stories ORDER BY id")


def versions(store: Store) -> list[dict]:
    return store.query("SELECT * FROM versions ORDER BY id")


def feed_row(store: Store, name: str = "world") -> dict:
    return store.feed(name) or {}


MINES_ITEM = Item("mines-1", "US authorises mines for Ukraine", f"{MINES}\n\n{TERM}",
                  "http://127.0.0.1/news/mines?utm_source=rss")


# ---------------------------------------------------------------- polite polling


def test_conditional_get_answers_304_and_costs_nothing(http_server, store):
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS, etag=True,
                      last_modified=True)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    first = pipeline.poll()[0]
    second = pipeline.poll()[0]
    assert (first.status, first.new_stories, first.new_versions) == (200, 1, 1)
    assert (second.status, second.new_stories, second.new_versions) == (304, 0, 0)
    sent = http_server.requests_to("/feed.xml")[-1].headers
    assert sent["if-none-match"] == feed_row(store)["etag"]
    assert sent["if-modified-since"] == "Tue, 03 Mar 2026 10:00:00 GMT"
    assert "monitor/" in sent["user-agent"]
    assert feed_row(store)["last_status"] == 304 and feed_row(store)["last_error"] is None


def test_new_entry_then_edited_entry_stores_a_version_and_a_fact_change(http_server, store):
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS)
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server)], clock)
    assert pipeline.poll()[0].new_stories == 1
    edited = Item(MINES_ITEM.guid, MINES_ITEM.title,
                  MINES_ITEM.text.replace("away from populated areas", "near the front line"),
                  MINES_ITEM.link)
    second_item = Item("other-2", "Talks resume in Geneva",
                       "Negotiators met in Geneva on Monday for a third round of talks.")
    http_server.route("/feed.xml", body=rss([edited, second_item]), headers=RSS)
    clock.advance(minutes=15)
    outcome = pipeline.poll()[0]
    assert (outcome.new_stories, outcome.new_versions) == (1, 2)
    assert outcome.changes >= 1
    story = stories(store)[0]
    assert story["version_count"] == 2 and story["url"] == "http://127.0.0.1/news/mines"
    changes = store.changes(story["id"])
    assert any(c["kind"] == "condition" and "populated" in (c["old"] or "")
               for c in changes), changes
    # facts are read from the versions' texts when asked for, never stored (issue 12)
    assert store.query("SELECT count(*) AS n FROM facts")[0]["n"] == 0
    assert len({f["version"] for f in read_story_facts(store, story["id"])}) == 2
    # the change went to the outbox in the same transaction (console, no watches here)
    assert store.query("SELECT count(*) AS n FROM deliveries WHERE story_id = ?",
                       [story["id"]])[0]["n"] >= 1


def test_cosmetic_rerender_makes_no_version(http_server, store):
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    pipeline.poll()
    cosmetic = Item(MINES_ITEM.guid, "US  authorises   mines for Ukraine",
                    "<p>" + MINES.replace("  ", " ").replace("Ukraine,", "Ukraine ,")
                    .replace("'", "\u2019") + "</p>\n\n\n  " + TERM + "  ", MINES_ITEM.link)
    http_server.route("/feed.xml", body=rss([cosmetic]), headers=RSS)
    outcome = pipeline.poll()[0]
    assert outcome.new_versions == 0 and outcome.error is None
    assert len(versions(store)) == 1


def test_guid_change_with_the_same_text_is_the_same_story(http_server, store):
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    pipeline.poll()
    reissued = Item("mines-1-v2", MINES_ITEM.title, MINES_ITEM.text,
                    "http://127.0.0.1/news/2026/mines-ukraine")
    http_server.route("/feed.xml", body=rss([reissued]), headers=RSS)
    outcome = pipeline.poll()[0]
    assert (outcome.new_stories, outcome.new_versions) == (0, 0)
    assert len(stories(store)) == 1
    keys = {r["key"] for r in store.query("SELECT key FROM story_keys")}
    assert {"mines-1", "mines-1-v2", "http://127.0.0.1/news/2026/mines-ukraine"} <= keys
    # found again by its new key later
    assert store.resolve_story("mines-1-v2")["id"] == stories(store)[0]["id"]


def test_story_reissued_under_new_id_with_an_edit_is_one_story_with_two_versions(
        http_server, store):
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    pipeline.poll()
    reissued = Item("mines-XYZ", MINES_ITEM.title,
                    MINES_ITEM.text.replace("on Tuesday", "on Wednesday"),
                    "http://127.0.0.1/news/mines-updated")
    http_server.route("/feed.xml", body=rss([reissued]), headers=RSS)
    outcome = pipeline.poll()[0]
    assert (outcome.new_stories, outcome.new_versions) == (0, 1)
    assert stories(store)[0]["version_count"] == 2


def test_unrelated_short_items_are_never_merged(http_server, store):
    items = [Item(f"g{i}", f"Headline {i}", f"Short summary number {i}.") for i in range(5)]
    http_server.route("/feed.xml", body=rss(items), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    assert pipeline.poll()[0].new_stories == 5


def test_duplicate_and_missing_guids(http_server, store):
    items = [
        Item("dup", "First story", "Alpha text about a bridge that collapsed in the night.",
             "http://127.0.0.1/a"),
        Item("dup", "Second story", "Beta text about an election held in a mountain state.",
             "http://127.0.0.1/b"),
        Item(None, "No guid story", "Gamma text about the harvest and the price of grain.",
             "http://127.0.0.1/c?utm_campaign=x"),
        Item(None, "No guid, no link", "Delta text about a museum that reopened its doors."),
        Item("same", "Repeated entry", "Epsilon text on the weather.", "http://127.0.0.1/e"),
        Item("same", "Repeated entry", "Epsilon text on the weather.", "http://127.0.0.1/e"),
    ]
    http_server.route("/feed.xml", body=rss(items), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    first = pipeline.poll()[0]
    # parse_feed keeps the first of two entries sharing a guid; the pipeline would
    # otherwise key them by link (test_distinct_entries_unties_shared_guids)
    assert first.new_stories >= 4 and first.error is None
    again = pipeline.poll()[0]  # no etag: the same document again
    assert (again.new_stories, again.new_versions) == (0, 0)
    urls = {s["url"] for s in stories(store)}
    assert "http://127.0.0.1/c" in urls


def test_json_feed(http_server, store):
    http_server.route("/feed.json", body=json_feed([MINES_ITEM]), headers=JSON_FEED)
    pipeline = make_pipeline(store, [one_feed(http_server, "/feed.json")])
    outcome = pipeline.poll()[0]
    assert (outcome.status, outcome.new_stories, outcome.error) == (200, 1, None)
    assert stories(store)[0]["guid"] == "mines-1"


# ---------------------------------------------------------------- failures


def test_malformed_feed_beside_a_good_one(http_server, store):
    http_server.route("/good.xml", body=rss([MINES_ITEM]), headers=RSS)
    broken = rss([Item("b1", "Readable entry", "Some readable text about a port.")])
    broken = broken.replace(b"</channel></rss>", b"<item><title>cut &bogus; <b></item>")
    http_server.route("/bad.xml", body=broken, headers=RSS)
    pipeline = make_pipeline(store, [{"name": "good", "url": http_server.url("/good.xml")},
                                     {"name": "bad", "url": http_server.url("/bad.xml")}])
    good, bad = pipeline.poll()
    assert good.ok and good.new_stories == 1
    assert not bad.ok and "malformed" in (bad.error or "")
    assert bad.new_stories >= 1  # the readable entry is kept
    assert feed_row(store, "bad")["last_error"] and feed_row(store, "bad")[
        "consecutive_failures"] == 1


def test_html_page_served_as_a_feed_is_an_error(http_server, store):
    http_server.route("/feed.xml", body=b"<html><body>Not a feed</body></html>",
                      headers={"Content-Type": "text/html"})
    pipeline = make_pipeline(store, [one_feed(http_server)])
    outcome = pipeline.poll()[0]
    assert not outcome.ok and outcome.new_stories == 0


def test_server_error_backs_off_exponentially_and_recovers(http_server, store):
    http_server.route("/feed.xml", status=500, body=b"oops")
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server, interval="10m")], clock, jitter=0)
    waits = []
    for _ in range(3):
        outcome = pipeline.poll()[0]
        assert outcome.status == 500 and "500" in (outcome.error or "")
        row = feed_row(store)
        waits.append((parse_iso(row["next_poll_at"]) - clock.now).total_seconds())
        clock.advance(hours=1)
    assert waits == [1200, 2400, 4800]
    assert feed_row(store)["consecutive_failures"] == 3
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS)
    assert pipeline.poll()[0].ok
    row = feed_row(store)
    assert row["consecutive_failures"] == 0 and row["last_error"] is None


def test_429_with_retry_after_is_skipped_until_then_and_persisted(http_server, store):
    http_server.route("/feed.xml", status=429, body=b"slow down",
                      headers={"Retry-After": "3600"})
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server)], clock)
    outcome = pipeline.poll()[0]
    assert outcome.status == 429 and not outcome.ok
    until = parse_iso(feed_row(store)["retry_after_until"])
    assert until == clock.now.replace(microsecond=0) + (until - clock.now)
    assert 3599 <= (until - clock.now).total_seconds() <= 3601
    requests = len(http_server.requests_to("/feed.xml"))
    # a fresh pipeline on the same file (a restart) still waits
    later = Pipeline(pipeline.config, store, clock=clock)
    clock.advance(minutes=30)
    skipped = later.poll()[0]
    assert skipped.skipped and skipped.ok
    assert len(http_server.requests_to("/feed.xml")) == requests
    clock.advance(minutes=31)
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS)
    assert later.poll()[0].new_stories == 1


def test_503_with_retry_after_as_a_date(http_server, store):
    http_server.route("/feed.xml", status=503, body=b"",
                      headers={"Retry-After": "Wed, 01 Jan 2099 00:00:00 GMT"})
    pipeline = make_pipeline(store, [one_feed(http_server)])
    pipeline.poll()
    assert feed_row(store)["retry_after_until"] is not None
    assert pipeline.poll()[0].skipped


def test_slow_server_times_out(http_server, store):
    def slow(request):
        request.wait(10)
        return 200, RSS, rss([MINES_ITEM])

    http_server.route("/feed.xml", slow)
    pipeline = make_pipeline(store, [one_feed(http_server, timeout="1s")])
    started = time.monotonic()
    outcome = pipeline.poll()[0]
    assert time.monotonic() - started < 5
    assert not outcome.ok and outcome.status is None
    assert "timed out" in (outcome.error or "").lower() or "deadline" in (outcome.error or "")


def test_oversized_body_is_cut_off_and_recorded(http_server, store):
    http_server.route("/feed.xml", body=endless(), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)], max_bytes="256KB")
    outcome = pipeline.poll()[0]
    assert not outcome.ok and feed_row(store)["last_error"]
    assert "256" in outcome.error or "large" in outcome.error.lower()


def test_redirect_loop(http_server, store):
    http_server.route("/a", status=302, headers={"Location": "/b"})
    http_server.route("/b", status=302, headers={"Location": "/a"})
    pipeline = make_pipeline(store, [one_feed(http_server, "/a")])
    outcome = pipeline.poll()[0]
    assert not outcome.ok and "redirect" in (outcome.error or "")


def test_truncated_xml_after_a_good_poll_keeps_the_stored_state(http_server, store):
    body = rss([MINES_ITEM, Item("t2", "Talks", "Talks resumed in Geneva on Monday.")])
    http_server.route("/feed.xml", body=body, headers=RSS, etag=True)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    pipeline.poll()
    before = (versions(store), feed_row(store)["etag"])
    cut = body[: body.index(b"populated") + 4]
    http_server.route("/feed.xml", body=cut, headers=RSS, etag=True)
    outcome = pipeline.poll()[0]
    assert not outcome.ok
    assert versions(store) == before[0]  # no truncated version of a good story
    assert feed_row(store)["etag"] == before[1]  # the next poll refetches the document
    http_server.route("/feed.xml", body=body, headers=RSS, etag=True)
    assert pipeline.poll()[0].ok and versions(store) == before[0]


def test_content_changing_on_every_poll_makes_no_version_storm(http_server, store):
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server)], clock)
    for n in range(12):
        promo = "Most read: Ten things to know" if n % 2 else "Most read: Markets rally"
        text = f"{MINES}\n\nUpdated {n + 2} minutes ago\n\n{TERM}\n\n{promo}"
        http_server.route("/feed.xml", headers=RSS,
                          body=rss([Item("mines-1", MINES_ITEM.title, text)]))
        pipeline.poll()
        clock.advance(minutes=5)
    assert len(versions(store)) <= 3
    assert store.query("SELECT count(*) AS n FROM deliveries")[0]["n"] == 0


def _five_stories_then_one_edited(http_server, store, edited=2):
    """A pipeline whose store has five stories, and their document served again with the
    ``edited``-th one edited."""
    items = [Item(f"g{n}", f"Story {n}", f"Text of story {n}, told on Tuesday.")
             for n in range(5)]
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server)], clock)
    http_server.route("/feed.xml", body=rss(items), headers=RSS)
    pipeline.poll()
    items[edited] = Item(f"g{edited}", f"Story {edited}",
                         f"Text of story {edited}, told on Wednesday.")
    http_server.route("/feed.xml", body=rss(items), headers=RSS)
    clock.advance(minutes=15)
    return pipeline, clock


def _seen(store):
    return {row["guid"]: row["last_seen_at"] for row in stories(store)}


def test_an_unchanged_entry_of_a_feed_only_document_has_its_story_read_once(http_server, store):
    """By its own snapshot: the document's claimed stories are looked up by id only, and
    the entry's start does not look (only a full-text or untrusted entry needs that: its
    page, or the story it must not edit); the entries are stored all the same."""
    pipeline, clock = _five_stories_then_one_edited(http_server, store, edited=4)
    looked_up = []
    story_by_keys = store.story_by_keys

    def counting(feed, keys):
        looked_up.append(tuple(keys))
        return story_by_keys(feed, keys)

    store.story_by_keys = counting
    outcome = pipeline.poll()[0]
    assert (outcome.new_stories, outcome.new_versions) == (0, 1)
    assert len(looked_up) == 5
    assert set(_seen(store).values()) == {iso(clock())}  # every story touched by this poll


def test_unchanged_entries_in_a_row_are_written_in_one_transaction(http_server, store):
    pipeline, clock = _five_stories_then_one_edited(http_server, store)
    opened_by_caller = []
    apply_ingest = store.apply_ingest

    def watching(intent, **kwargs):
        opened_by_caller.append((intent.version is not None, store.db.conn.in_transaction))
        return apply_ingest(intent, **kwargs)

    store.apply_ingest = watching
    outcome = pipeline.poll()[0]
    assert (outcome.new_stories, outcome.new_versions) == (0, 1)
    # the two touches before the edit share a transaction, the edit has its own, and so
    # do the two touches after it (one transaction for the pair)
    assert opened_by_caller == [(False, True), (False, True), (True, False),
                                (False, True), (False, True)]
    assert set(_seen(store).values()) == {iso(clock())}


def test_a_touch_whose_story_moved_on_meanwhile_is_decided_again(http_server, store,
                                                                 monkeypatch):
    import monitor.ingest

    pipeline, clock = _five_stories_then_one_edited(http_server, store)
    basis_holds = monitor.ingest.basis_holds
    refused = []

    def stale_once(store_, basis, claimed=frozenset()):
        if not refused and basis.key_story is not None:
            refused.append(basis.key_story)
            return False
        return basis_holds(store_, basis, claimed)

    monkeypatch.setattr(monitor.ingest, "basis_holds", stale_once)
    outcome = pipeline.poll()[0]
    assert refused and outcome.ok and (outcome.new_stories, outcome.new_versions) == (0, 1)
    assert set(_seen(store).values()) == {iso(clock())}


def test_one_bad_touch_in_a_batch_loses_none_of_the_others(http_server, store):
    pipeline, clock = _five_stories_then_one_edited(http_server, store)
    before = _seen(store)
    bad = store.story_by_keys("world", ["g1"])[0]["id"]
    apply_ingest = store.apply_ingest

    def failing(intent, **kwargs):
        if intent.story_id == bad:
            raise ValueError("a bad row")
        return apply_ingest(intent, **kwargs)

    store.apply_ingest = failing
    outcome = pipeline.poll()[0]
    assert outcome.new_versions == 1 and "a bad row" in (outcome.error or "")
    seen = _seen(store)
    assert seen["g1"] == before["g1"]  # not written
    assert {guid: at for guid, at in seen.items() if guid != "g1"} == {
        guid: iso(clock()) for guid in ("g0", "g2", "g3", "g4")}


def test_flip_flop_between_two_renderings_stops_after_a_change_and_its_revert(
        http_server, store):
    a = Item("g", "Mines", MINES)
    b = Item("g", "Mines", MINES.replace("on Tuesday", "on Wednesday"))
    pipeline = make_pipeline(store, [one_feed(http_server)])
    for item in [a, b, a, b, a, b, a]:
        http_server.route("/feed.xml", body=rss([item]), headers=RSS)
        pipeline.poll()
    assert len(versions(store)) == 3  # A, B, A (a change and its revert are real)


def test_is_new_content_rules():
    assert is_new_content("a", [])
    assert not is_new_content("a", ["a"])
    assert is_new_content("a", ["b"])
    assert is_new_content("a", ["b", "a"])  # the revert of a single change
    assert not is_new_content("b", ["a", "b", "a"])  # A, B, A, then B again
    assert is_new_content("c", ["a", "b", "a"])


def test_distinct_entries_unties_shared_guids():
    entries = [Entry("x", "http://h/1", "a", "t"), Entry("x", "http://h/2", "b", "t"),
               Entry("y", "http://h/3", "c", "t"), Entry("y", "http://h/3", "c", "t")]
    result = distinct_entries(entries)
    assert [e.guid for e in result] == [None, None, "y"]


def test_one_hanging_feed_among_many_does_not_hold_up_the_others(http_server, store):
    with Tarpit() as tarpit:
        feeds = [{"name": f"f{i:03d}", "url": http_server.url(f"/f{i}.xml")}
                 for i in range(200)]
        feeds.insert(100, {"name": "hanging", "url": tarpit.url("/feed.xml"), "timeout": "3s"})
        for i in range(200):
            http_server.route(f"/f{i}.xml", headers=RSS,
                              body=rss([Item(f"s{i}", f"Story {i}", f"Text of story {i}.")]))
        pipeline = make_pipeline(store, feeds, concurrency=16)
        finished: dict[str, float] = {}
        started = time.monotonic()
        outcomes = pipeline.poll(on_done=lambda o: finished.setdefault(
            o.feed, time.monotonic() - started))
    others = [o for o in outcomes if o.feed != "hanging"]
    assert all(o.ok and o.new_stories == 1 for o in others)
    hanging = next(o for o in outcomes if o.feed == "hanging")
    assert not hanging.ok
    assert max(t for name, t in finished.items() if name != "hanging") < 20


def test_a_feed_with_many_entries_is_bounded(http_server, store):
    items = [Item(f"n{i}", f"Item {i}", f"Body number {i} of many.") for i in range(5000)]
    http_server.route("/feed.xml", body=rss(items), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    started = time.monotonic()
    outcome = pipeline.poll()[0]
    assert 0 < outcome.new_stories <= 5000  # the parser caps the entries it reads
    assert time.monotonic() - started < 60


# ---------------------------------------------------------------- health alerts


def test_health_alert_once_per_transition(http_server, store):
    http_server.route("/feed.xml", status=500)
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server)], clock, failure_alert_after=2)

    def alerts(kind: str) -> int:
        return store.query("SELECT count(*) AS n FROM deliveries WHERE type = ?",
                           [kind])[0]["n"]

    for _ in range(5):
        pipeline.poll()
        clock.advance(hours=7)
    assert alerts("feed.failing") == 1 and feed_row(store)["health_alerted"] == 1
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS)
    pipeline.poll()
    pipeline.poll()
    assert alerts("feed.recovered") == 1 and feed_row(store)["health_alerted"] == 0


# ---------------------------------------------------------------- store trouble


def test_full_disk_fails_the_write_cleanly_and_recovers(http_server, tmp_path):
    path = tmp_path / "full.db"
    store = Store.open(path)
    http_server.route("/feed.xml", body=rss([MINES_ITEM]), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    pipeline.poll()
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now reports SQLITE_FULL
    big = [Item(f"big{i}", f"Big story {i}", " ".join(
        f"Sentence {j} of story {i} tells of event {i * 1000 + j}." for j in range(150)))
           for i in range(20)]
    http_server.route("/feed.xml", body=rss([MINES_ITEM, *big]), headers=RSS)
    outcome = pipeline.poll()[0]
    assert not outcome.ok and "full" in (outcome.error or "")
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(stories(store)) == 1
    store.db.execute("PRAGMA max_page_count = 1073741823")  # space returns
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 20
    store.close()


def test_ingest_creates_the_feed_row_for_a_feed_not_in_config(store):
    pipeline = make_pipeline(store, [])
    clock = Clock()
    result = pipeline.ingest("archive", Entry("g1", "http://example.org/a", "T", MINES),
                             now=clock.now)
    assert result and result.is_new_story and result.version_id
    assert store.feed("archive")["url"] == ""
    again = pipeline.ingest("archive", Entry("g1", "http://example.org/a", "T", MINES),
                            now=clock.now)
    assert again and again.version_id is None and not again.is_new_story


def test_concurrent_polls_share_the_store_safely(store):
    servers = [HTTPTestServer().start() for _ in range(3)]
    try:
        feeds = []
        for n, server in enumerate(servers):
            for i in range(10):
                server.route(f"/f{i}.xml", headers=RSS, body=rss(
                    [Item(f"{n}-{i}-{j}", f"S {n} {i} {j}", f"Text {n} {i} {j} here.")
                     for j in range(5)]))
                feeds.append({"name": f"s{n}f{i}", "url": server.url(f"/f{i}.xml")})
        pipeline = make_pipeline(store, feeds, concurrency=8)
        threads = [threading.Thread(target=pipeline.poll) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(stories(store)) == 150
    finally:
        for server in servers:
            server.stop()


# ---------------------------------------------------------------- full text

PARAGRAPHS = [
    "The United States has authorised the use of non-persistent antipersonnel mines by "
    "Ukraine, a U.S. official said on Tuesday, in a shift meant to slow Russian advances.",
    "Washington has stipulated that the mines be used only within Ukrainian territory and "
    "away from populated areas, the official said, speaking on condition of anonymity.",
    "The decision comes as the outgoing president's term ends in January, and aides said "
    "the policy had been under review for several months before it was approved.",
]
PROMO = ["Sign up for our free daily newsletter", "Read more: Ten things to know today"]


def full_text_setup(server: HTTPTestServer, paragraphs: list[str]) -> None:
    feed = rss([Item("m1", "US authorises mines for Ukraine", "Short teaser.",
                     server.url("/news/mines?utm_source=rss"))])
    server.route("/feed.xml", body=feed, headers=RSS, etag=True)
    server.route("/news/mines", body=article_html("US authorises mines for Ukraine",
                                                  paragraphs, promo=PROMO),
                 headers=HTML, etag=True)


def test_full_text_page_with_boilerplate_is_extracted_and_rechecked(http_server, store):
    full_text_setup(http_server, PARAGRAPHS)
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server, full_text=True)], clock)
    first = pipeline.poll()[0]
    assert first.ok and first.new_stories == 1
    version = versions(store)[0]
    assert version["source"] == "page"
    assert "away from populated areas" in version["text"] and "teaser" not in version["text"]
    for furniture in ("Home", "Related stories", "Another story entirely", "Copyright",
                      "newsletter"):
        assert furniture not in version["text"]
    story = stories(store)[0]
    assert story["page_etag"] and story["next_check_at"]
    assert parse_iso(story["next_check_at"]) > clock.now

    # the feed does not change (304), the page is edited later: the re-check finds it
    clock.advance(minutes=5)
    assert pipeline.poll()[0].rechecked == 0  # not due yet
    edited = [PARAGRAPHS[0], PARAGRAPHS[1].replace("away from populated areas",
                                                    "near the front line"), PARAGRAPHS[2]]
    http_server.route("/news/mines", body=article_html("US authorises mines for Ukraine",
                                                       edited, promo=PROMO[::-1]),
                      headers=HTML, etag=True)
    clock.advance(minutes=6)
    outcome = pipeline.poll()[0]
    assert outcome.status == 304 and outcome.rechecked == 1
    assert outcome.new_versions == 1 and outcome.changes >= 1
    assert http_server.requests_to("/news/mines")[-1].headers.get("if-none-match")
    # an unchanged page answers 304 and only moves the schedule on
    clock.advance(hours=1)
    outcome = pipeline.poll()[0]
    assert outcome.rechecked == 1 and outcome.new_versions == 0
    # never re-checked once the story is older than recheck_until
    clock.advance(days=4)
    pipeline.poll()
    requests = len(http_server.requests_to("/news/mines"))
    clock.advance(days=1)
    pipeline.poll()
    assert len(http_server.requests_to("/news/mines")) == requests
    assert stories(store)[0]["next_check_at"] is None


def test_article_link_on_another_private_host_is_refused(http_server, store):
    feed = rss([Item("m1", "US authorises mines for Ukraine", MINES,
                     f"http://localhost:{http_server.port}/news/mines")])
    http_server.route("/feed.xml", body=feed, headers=RSS)
    http_server.route("/news/mines", body=b"<html><body><p>secret intranet</p></body></html>",
                      headers={"Content-Type": "text/html"})
    pipeline = make_pipeline(store, [one_feed(http_server, full_text=True)])
    outcome = pipeline.poll()[0]
    assert outcome.new_stories == 1
    assert versions(store)[0]["source"] == "feed"  # the feed's own text, page refused
    assert not http_server.requests_to("/news/mines")


def test_article_link_on_a_private_host_allowed_by_config(http_server, store):
    feed = rss([Item("m1", "US authorises mines for Ukraine", "Teaser.",
                     f"http://localhost:{http_server.port}/news/mines")])
    http_server.route("/feed.xml", body=feed, headers=RSS)
    http_server.route("/news/mines", body=article_html("Mines", PARAGRAPHS), headers=HTML)
    pipeline = make_pipeline(store, [one_feed(http_server, full_text=True)],
                             allow_private_addresses=True)
    assert pipeline.poll()[0].new_stories == 1
    assert versions(store)[0]["source"] == "page"


def test_article_page_failing_for_now_is_retried_on_the_storys_schedule(http_server, store):
    # The story is stored from the feed's text at once; the page follows when it works.
    full_text_setup(http_server, PARAGRAPHS)
    http_server.route("/news/mines", status=503)
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server, full_text=True)], clock)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1 and outcome.page_trouble == 1
    assert [v["source"] for v in versions(store)] == ["feed"]
    full_text_setup(http_server, PARAGRAPHS)
    clock.advance(minutes=11)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.rechecked == 1 and outcome.changes == 0
    assert [v["source"] for v in versions(store)] == ["feed", "page"]


def test_publish_dates_in_the_future_or_1970_do_not_break_rechecks(http_server, store):
    from datetime import UTC, datetime

    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server, full_text=True)], clock)
    for guid, published in (("old", datetime(1970, 1, 1, tzinfo=UTC)),
                            ("future", datetime(2099, 1, 1, tzinfo=UTC))):
        entry = Entry(guid, http_server.url(f"/{guid}"), "Mines", MINES, published=published)
        pipeline.ingest("world", entry, now=clock.now, source="page")
    for story in stories(store):
        due = parse_iso(story["next_check_at"])
        assert due is not None and (due - clock.now).total_seconds() == 600


def test_two_near_identical_entries_listed_together_do_not_alternate(http_server, store):
    wire = Item("sec-a", MINES_ITEM.title, MINES_ITEM.text, "http://127.0.0.1/world/mines")
    copy = Item("sec-b", MINES_ITEM.title, MINES_ITEM.text.replace("on Tuesday", "on Tuesday "
                "evening"), "http://127.0.0.1/us/mines")
    identical = Item("sec-c", MINES_ITEM.title, MINES_ITEM.text, "http://127.0.0.1/eu/mines")
    http_server.route("/feed.xml", body=rss([wire, copy, identical]), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    for _ in range(4):
        pipeline.poll()
    # the slightly different copy is its own story; the identical one joins the first
    assert len(stories(store)) == 2
    assert len(versions(store)) == 2


def test_full_text_story_whose_page_is_refused_follows_the_feed_text(http_server, store):
    link = f"http://localhost:{http_server.port}/news/mines"  # another host, loopback: refused
    http_server.route("/feed.xml", body=rss([Item("m1", "Mines", MINES, link)]), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server, full_text=True)])
    pipeline.poll()
    edited = MINES.replace("away from populated areas", "near the front line")
    http_server.route("/feed.xml", body=rss([Item("m1", "Mines", edited, link)]), headers=RSS)
    outcome = pipeline.poll()[0]
    assert outcome.new_versions == 1 and [v["source"] for v in versions(store)] == ["feed"] * 2


def test_a_near_duplicate_listed_before_its_original_does_not_alternate(http_server, store):
    original = Item("orig", MINES_ITEM.title, MINES_ITEM.text, "http://127.0.0.1/a")
    http_server.route("/feed.xml", body=rss([original]), headers=RSS)
    pipeline = make_pipeline(store, [one_feed(http_server)])
    pipeline.poll()
    variant = Item("variant", MINES_ITEM.title, MINES_ITEM.text.replace("on Tuesday", "today"),
                   "http://127.0.0.1/b")
    http_server.route("/feed.xml", body=rss([variant, original]), headers=RSS)
    for _ in range(3):
        pipeline.poll()
    assert len(stories(store)) == 2 and len(versions(store)) == 2


def test_rotating_lines_shared_by_the_feeds_stories_stop_making_versions(http_server, store):
    # rotating lines that share the stories' words, so no rule about the line itself fires
    footers = ["The city council publishes its repairs schedule for engineers every Monday.",
               "Engineers from the city council answer questions about repairs each week.",
               "The council said repairs schedules are reviewed by engineers on Mondays."]
    topics = ["the bridge", "the harbour", "the railway", "the power plant", "the airport"]
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server)], clock)
    for poll in range(12):
        items = [Item(f"s{i}", f"Repairs at {topic}",
                      f"Engineers said on Monday that repairs at {topic} would take about "
                      f"{i + 2} weeks, according to the city council.\n\n"
                      f"{footers[(poll + i) % len(footers)]}")
                 for i, topic in enumerate(topics)]
        http_server.route("/feed.xml", body=rss(items), headers=RSS)
        pipeline.poll()
        clock.advance(minutes=10)
    counts = [s["version_count"] for s in stories(store)]
    # until a line has been seen in 3 stories it is news; after that rotations are silent
    assert len(counts) == 5 and max(counts) <= 3, counts
    late = store.query("SELECT count(*) AS n FROM versions WHERE seen_at > ?",
                       [iso(clock.now - timedelta(minutes=60))])[0]["n"]
    assert late == 0


def test_a_feed_malformed_for_good_still_follows_its_stories(http_server, store):
    other = Item("t2", "Talks resume", "Negotiators met in Geneva on Monday for more talks.")
    last = Item("t3", "Harbour", "The harbour reopened on Friday after the storm, officials said.")

    def broken(items: list[Item]) -> bytes:  # an unescaped ampersand: readable, not well-formed
        return rss(items).replace(b"<title>Talks resume", b"<title>Talks & resume")

    http_server.route("/feed.xml", body=broken([MINES_ITEM, other, last]), headers=RSS)
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server, interval="10m")], clock, jitter=0)
    first = pipeline.poll()[0]
    assert first.new_stories == 3 and "malformed" in (first.error or "")
    edited = Item(MINES_ITEM.guid, MINES_ITEM.title,
                  MINES_ITEM.text.replace("away from populated areas", "near the front line"),
                  MINES_ITEM.link)
    http_server.route("/feed.xml", body=broken([edited, other, last]), headers=RSS)
    clock.advance(minutes=10)
    second = pipeline.poll()[0]
    assert second.new_versions == 1 and second.changes >= 1
    row = feed_row(store)
    assert row["consecutive_failures"] == 2 and "malformed" in row["last_error"]
    # still polled at its interval, not backed off
    assert (parse_iso(row["next_poll_at"]) - clock.now).total_seconds() == 600


def _fair_count_edited(store):
    """Four fairs whose stories share a line differing only by its count, then one count
    edited: the ingest result of that edit."""
    pipeline = make_pipeline(store, [])
    clock = Clock()
    for i, county in enumerate(["Erie County", "Niagara", "Chautauqua", "Genesee"]):
        text = (f"The {county} fair opened its gates for the season on Saturday.\n\n"
                f"The fair drew {1000 + 137 * i:,} visitors on its first day, organisers said.")
        pipeline.ingest("local", Entry(f"fair-{i}", f"http://example.org/{i}",
                                       f"{county} fair opens", text), now=clock.now)
    edited = ("The Genesee fair opened its gates for the season on Saturday.\n\n"
              "The fair drew 2,950 visitors on its first day, organisers said.")
    return pipeline.ingest("local", Entry("fair-3", "http://example.org/3",
                                          "Genesee fair opens", edited), now=clock.now)


def test_a_templated_line_recurring_across_stories_still_carries_its_number(store):
    """Daily items share a line that differs only by its number: that number is the
    fact, so the line is not boilerplate even once it recurs across the feed."""
    result = _fair_count_edited(store)
    assert result and result.version_id, "the new count must make a version"
    assert any(c.kind == "number" and "2,950" in (c.new or "") for c in result.changes)


def test_monitor_diff_story_decides_boilerplate_as_the_pipeline_does(tmp_path):
    """The templated line with a number is a fact for the pipeline, and so for `monitor
    diff STORY` (one function, pipeline.feed_boilerplate, decides for both)."""
    from click.testing import CliRunner

    from monitor.cli import cli

    path = tmp_path / "monitor.db"
    with Store.open(path) as store:
        result = _fair_count_edited(store)
        assert result is not None
        from_pipeline = [(c.kind, c.old, c.new) for c in result.changes]
    shown = CliRunner().invoke(cli, ["diff", str(result.story_id), "--db", str(path), "--json"],
                               env={"NO_COLOR": "1"})
    assert shown.exit_code in (0, 1), shown.output
    from_cli = [(c["kind"], c["old"], c["new"]) for c in json.loads(shown.output)["changes"]]
    assert from_cli == from_pipeline and from_cli


def test_a_relative_day_told_a_day_later_is_no_date_change(http_server, store):
    # "tomorrow" in the version seen on Tuesday is "today" in the one seen on Wednesday;
    # seen the same day, the same edit moves the meeting
    def item(guid: str, when: str) -> Item:
        return Item(guid, f"Union talks {guid}", "Union leaders will meet the minister "
                    f"{when} to discuss the pay offer, officials said.")

    http_server.route("/feed.xml", body=rss([item("a", "tomorrow")]), headers=RSS)
    # noon: the two polls half an hour apart below stay on one day (from 23:30 UTC on, the
    # second fell on the next day, and "tomorrow" -> "today" was rightly no change)
    clock = Clock(datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0))
    pipeline = make_pipeline(store, [one_feed(http_server)], clock)
    pipeline.poll()
    http_server.route("/feed.xml", body=rss([item("a", "today")]), headers=RSS)
    clock.advance(days=1)
    assert pipeline.poll()[0].new_versions == 1
    http_server.route("/feed.xml", body=rss([item("a", "today"), item("b", "tomorrow")]),
                      headers=RSS)
    clock.advance(minutes=15)
    pipeline.poll()
    http_server.route("/feed.xml", body=rss([item("a", "today"), item("b", "today")]),
                      headers=RSS)
    clock.advance(minutes=15)
    pipeline.poll()
    by_title = {s["title"]: s["id"] for s in stories(store)}
    assert store.changes(by_title["Union talks a"]) == []
    assert [c["kind"] for c in store.changes(by_title["Union talks b"])] == ["date"]


def test_a_process_that_polls_leaves_its_objects_frozen_at_exit() -> None:
    """At the exit of a process that imported the pipeline, its objects are frozen before
    the interpreter's last collections (which walked them all: 35-50 ms at the end of every
    `monitor poll`, issue 12), and the exit handlers registered before it still run."""
    import subprocess
    import sys

    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
            "import monitor.pipeline\n"
            "print('frozen before:', gc.get_freeze_count() > 0)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.splitlines() == ["frozen before: False", "frozen at exit: True"]
