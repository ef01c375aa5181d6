"""Issue 11, item 2: a reused guid or URL never glues two unrelated stories together.

A live page re-pointed to a new event, a collections page, a recurring notice: when the
text under a known guid or URL has almost nothing in common with the story
(``fingerprint.is_unrelated``, threshold measured by benchmarks/reuse.py), a new story
starts, linked to the old one as "replaced", and no change is reported across the two.
"""

from __future__ import annotations

import json
from typing import Any

from monitor import fingerprint
from monitor.config import parse_config
from monitor.pipeline import Pipeline
from monitor.store import Store
from tests.support.httpserver import HTTPTestServer
from tests.support.inprocess import invoke_monitor
from tests.support.polling import MINES, RSS, TERM, Clock, Item, config_text, rss

LINK = "http://127.0.0.1/live/today?utm_source=rss"
MINES_TITLE = "US authorises mines for Ukraine"
SNOW_TITLE = "Snow closes schools"
SNOW = ("Heavy snow closes schools across the region; forecasters expect twelve inches "
        "overnight and travel is discouraged until Thursday morning.")


def make_pipeline(store: Store, server: HTTPTestServer, clock: Clock) -> Pipeline:
    config = parse_config(config_text([{"name": "world", "url": server.url("/feed.xml")}]),
                          "test.yaml")
    return Pipeline(config, store, clock=clock)


def publish(server: HTTPTestServer, *items: Item) -> None:
    server.route("/feed.xml", body=rss(list(items)), headers=RSS)


def stories(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM stories ORDER BY id")


def count(store: Store, table: str) -> int:
    return store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"]


def test_a_reused_guid_starts_a_story_that_replaces_the_old_one_without_an_alert(
        http_server: HTTPTestServer, store: Store, tmp_path: Any) -> None:
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock)
    publish(http_server, Item("live-1", MINES_TITLE, f"{MINES}\n\n{TERM}", LINK))
    assert pipeline.poll()[0].new_stories == 1
    # the same guid and link now carry another event
    publish(http_server, Item("live-1", SNOW_TITLE, SNOW, LINK))
    clock.advance(hours=1)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1 and outcome.changes == 0
    old, new = stories(store)
    assert new["replaces_story_id"] == old["id"] and new["title"] == SNOW_TITLE
    assert new["guid"] == "live-1" and new["url"] == fingerprint.canonical_url(LINK)
    assert old["title"] == MINES_TITLE and old["version_count"] == 1
    assert count(store, "changes") == 0 and count(store, "deliveries") == 0
    # the guid and URL now name the new story: found by either
    assert store.resolve_story("live-1")["id"] == new["id"]
    assert store.resolve_story(LINK)["id"] == new["id"]
    # unchanged next poll: nothing; an edit of the new story is a normal change
    clock.advance(hours=1)
    assert pipeline.poll()[0].new_versions == 0
    publish(http_server, Item("live-1", SNOW_TITLE, SNOW.replace("twelve", "twenty"), LINK))
    clock.advance(hours=1)
    outcome = pipeline.poll()[0]
    assert outcome.new_stories == 0 and outcome.new_versions == 1 and outcome.changes >= 1
    assert {c["story_id"] for c in store.query("SELECT story_id FROM changes")} == {new["id"]}
    assert count(store, "stories") == 2
    # shown both ways by the CLI
    db = str(tmp_path / "monitor.db")
    listed = {r["id"]: r for r in json.loads(invoke_monitor("stories", "--db", db,
                                                            "--json").stdout)}
    assert listed[old["id"]]["replaced_by"] == new["id"]
    assert listed[new["id"]]["replaces"] == old["id"]
    assert f"[replaced by {new['id']}]" in invoke_monitor("stories", "--db", db).stdout
    history = invoke_monitor("history", str(old["id"]), "--db", db).stdout
    assert f"replaced by story {new['id']}" in history
    assert f"replaces story {old['id']}" in invoke_monitor("history", str(new["id"]),
                                                           "--db", db).stdout


def test_a_reused_url_without_a_guid_is_replaced_too(
        http_server: HTTPTestServer, store: Store) -> None:
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock)
    publish(http_server, Item(None, MINES_TITLE, MINES, LINK))
    pipeline.poll()
    publish(http_server, Item(None, SNOW_TITLE, SNOW, LINK))
    clock.advance(hours=1)
    assert pipeline.poll()[0].changes == 0
    old, new = stories(store)
    assert new["replaces_story_id"] == old["id"] and count(store, "deliveries") == 0


def test_a_developing_story_sharing_a_word_stays_one_story_and_alerts(
        http_server: HTTPTestServer, store: Store) -> None:
    # "Skyway closed" -> "Skyway reopens": one shared word is already the same story
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock)
    publish(http_server, Item("wx-1", "Skyway closed due to severe weather",
                              "Police closed the route on Monday evening as gusts reached "
                              "sixty miles an hour along the lakefront.", LINK))
    pipeline.poll()
    publish(http_server, Item("wx-1", "Skyway reopens",
                              "Drivers can use the Skyway again after crews cleared debris "
                              "left behind by the storm overnight.", LINK))
    clock.advance(hours=1)
    outcome = pipeline.poll()[0]
    assert outcome.new_stories == 0 and outcome.new_versions == 1
    assert count(store, "stories") == 1


def test_a_page_flipping_between_two_events_goes_back_and_forth_between_two_stories(
        http_server: HTTPTestServer, store: Store) -> None:
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock)
    mines = Item("live-1", MINES_TITLE, f"{MINES}\n\n{TERM}", LINK)
    snow = Item("live-1", SNOW_TITLE, SNOW, LINK)
    for item in (mines, snow, mines, snow, mines):
        publish(http_server, item)
        clock.advance(hours=1)
        assert pipeline.poll()[0].ok
    assert count(store, "stories") == 2 and count(store, "versions") == 2
    assert count(store, "changes") == 0 and count(store, "deliveries") == 0
    assert store.resolve_story("live-1")["title"] == MINES_TITLE


def test_a_headline_only_slot_re_pointed_to_another_story_starts_one(
        http_server: HTTPTestServer, store: Store) -> None:
    """CNN's `collections/` slots carry a headline and no text, and another story every
    few hours: one sharing no content word with the last is a new story, not an edit (a
    story that keeps a word, "Skyway closed" -> "Skyway reopens", is still one)."""
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock)
    link = "http://127.0.0.1/collections/virus-today"
    for title in ("Nearly all patients put on ventilators in the largest health system died",
                  "The dangerous morality behind the reopening movement",
                  "The dangerous morality behind the reopening push"):
        publish(http_server, Item("slot-1", title, "", link))
        clock.advance(hours=1)
        assert pipeline.poll()[0].ok
    first, second = stories(store)
    assert second["replaces_story_id"] == first["id"]
    assert first["version_count"] == 1 and second["version_count"] == 2
    assert count(store, "changes") == 0 or all(
        c["story_id"] == second["id"] for c in store.query("SELECT story_id FROM changes"))


def test_unrelated_means_almost_nothing_in_common() -> None:
    mines = (MINES_TITLE, f"{MINES}\n\n{TERM}")
    snow = (SNOW_TITLE, SNOW)
    assert fingerprint.is_unrelated(mines, snow)
    # an edit, a rewrite sharing a content word, or texts too short to judge: never
    edited = (MINES_TITLE, mines[1].replace("away from populated areas", "near the front"))
    assert not fingerprint.is_unrelated(mines, edited)
    assert not fingerprint.is_unrelated(snow, ("Ukraine closes schools", SNOW.replace(
        "Heavy snow closes schools", "Ukraine shuts classrooms")))
    assert not fingerprint.is_unrelated(("Skyway closed", ""), ("Skyway reopens", ""))
    assert not fingerprint.is_unrelated(("Code Blue Monday", ""), ("Budget vote", ""))
    # a headline-only slot re-pointed to another story (CNN's collections pages): no
    # content word in common, four words or more each
    assert fingerprint.is_unrelated(
        ("UK testing website crashes | Germany's virus reproduction rate is up", ""),
        ("London police arrest more than 4,000 people for domestic abuse", ""))
    assert not fingerprint.is_unrelated(
        ("Light aircraft crashes near Carterton", ""),
        ("Pilot dies after light aircraft crashes near Carterton", ""))
    # long texts share common words by chance: there the shingle resemblance decides
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = [f"q{letters[i // 26 % 26]}{letters[i % 26]}x" for i in range(400)]
    common = ["council", "people", "government", "officials", "city", "week", "report",
              "police", "public", "country", "minister", "plan"]

    def text(own: list[str]) -> str:  # own words with the common ones in between
        return " ".join(w for pair in zip(own, common * 20, strict=False) for w in pair)

    first, second = ("A", text(words[:200])), ("B", text(words[200:]))
    assert fingerprint.word_overlap(first, second) >= fingerprint.REPLACED_MAX_OVERLAP
    assert fingerprint.is_unrelated(first, second)
    assert not fingerprint.is_unrelated(first, ("A", text(words[24:224])))


def test_full_text_a_replacing_story_gets_its_own_page_in_the_same_poll(
        http_server: HTTPTestServer, store: Store) -> None:
    from tests.support.polling import HTML, article_html

    link = http_server.url("/live/today")
    feeds = [{"name": "world", "url": http_server.url("/feed.xml"), "full_text": True}]
    pipeline = Pipeline(parse_config(config_text(feeds), "test.yaml"), store, clock=Clock())
    publish(http_server, Item("live-1", MINES_TITLE, f"{MINES}\n\n{TERM}", link))
    http_server.route("/live/today", status=404)
    assert pipeline.poll()[0].ok
    assert stories(store)[0]["page_state"] == "gone"
    # the live page now covers another event, and answers
    publish(http_server, Item("live-1", SNOW_TITLE, SNOW, link))
    http_server.route("/live/today", headers=HTML, body=article_html(SNOW_TITLE, [
        SNOW, "Crews worked through the night to clear the main roads, the county said, and "
              "buses will run on a reduced timetable until the weekend."]))
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1 and outcome.rechecked == 1
    old, new = stories(store)
    assert new["replaces_story_id"] == old["id"] and new["page_state"] is None
    assert old["page_state"] is None and old["next_check_at"] is None
    assert [v["source"] for v in store.query(
        "SELECT source FROM versions WHERE story_id = ? ORDER BY number", [new["id"]])] == [
        "feed", "page"]
    assert count(store, "changes") == 0 and count(store, "deliveries") == 0
