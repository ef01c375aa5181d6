"""The feed farm (benchmarks/farm.py): determinism, conditional GET, ticks, faults, hooks."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import httpx
import pytest

from benchmarks.farm import Farm


@pytest.fixture
def farm():
    with Farm(feeds=4, entries=5, seed=7, fact_rate=0.2, cosmetic_rate=0.3) as f:
        yield f


@pytest.fixture
def client():
    with httpx.Client(timeout=5) as c:
        yield c


def test_same_seed_same_site_and_same_edits():
    a, b = Farm(3, 4, seed=11), Farm(3, 4, seed=11)
    assert a.feed_body(1) == b.feed_body(1)
    assert a.page_body(2, 3) == b.page_body(2, 3)
    for _ in range(3):
        assert [e.to_dict() | {"published_at": 0} for e in a.tick(fact_rate=0.3)] == \
               [e.to_dict() | {"published_at": 0} for e in b.tick(fact_rate=0.3)]
    assert a.story_text(0, 0) == b.story_text(0, 0)
    assert a.feed_body(1) == b.feed_body(1)
    assert Farm(3, 4, seed=12).feed_body(1) != a.feed_body(1)


def test_stories_are_news_length_and_feeds_are_valid_rss(farm, client):
    assert 750 <= len(farm.story_text(0, 0).split()) <= 1100
    response = client.get(farm.feed_url(2))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    items = ET.fromstring(response.content).findall("./channel/item")
    assert len(items) == 5
    assert items[3].findtext("link") == farm.article_url(2, 3)
    assert items[3].findtext("guid") == farm.guid(2, 3)
    page = client.get(farm.article_url(2, 3))
    assert page.status_code == 200 and b"Advertisement" in page.content
    assert farm.story_text(2, 3).split("\n\n")[0][:60].encode() in page.content.replace(
        b"&#x27;", b"'")


def test_conditional_get_answers_304_until_the_feed_changes(farm, client):
    first = client.get(farm.feed_url(0))
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(farm.feed_url(0), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    by_date = client.get(farm.feed_url(0), headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    farm.tick(rebuild_all=True)  # every feed's lastBuildDate moves
    changed = client.get(farm.feed_url(0), headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert client.get(farm.feed_url(0), headers={"If-Modified-Since": modified}).status_code == 200
    # The farm counts a request after its answer is written: the client can be faster.
    deadline = time.monotonic() + 2
    while sum(farm.stats.to_dict()["status"].values()) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    stats = farm.stats.to_dict()
    assert stats["status"] == {"200": 3, "304": 2}
    assert stats["bytes"] == len(first.content) + 2 * len(changed.content)


def test_a_tick_records_fact_and_cosmetic_edits_as_ground_truth(farm, client):
    before = {(f, e): farm.story_text(f, e) for f in range(4) for e in range(5)}
    pages = {(f, e): client.get(farm.article_url(f, e)) for f in range(4) for e in range(5)}
    events = farm.tick()
    assert len([e for e in events if e.change == "fact"]) == 4  # 20 % of 20 entries
    assert len([e for e in events if e.change == "cosmetic"]) == 6
    assert farm.truth(0) == events and farm.truth(1) == []
    edited = {(e.feed, e.entry) for e in events}
    for key, text in before.items():
        page = pages[key]
        again = client.get(farm.article_url(*key), headers={"If-None-Match": page.headers["etag"]})
        assert again.status_code == (200 if key in edited else 304)
        if key not in edited:
            assert farm.story_text(*key) == text
    for event in events:
        after = farm.story_text(event.feed, event.entry)
        if event.change == "fact":
            assert event.old != event.new and event.sentence in after
            assert event.kind in ("number", "date", "condition", "status", "attribution", "quote")
        elif event.kind in ("ads", "stamp"):
            assert after == before[(event.feed, event.entry)]  # the story text is untouched
        else:  # typo fixed, paragraphs swapped: same words, same facts
            assert sorted(after.split()) != [] and after != before[(event.feed, event.entry)]


def test_feed_visible_edits_change_the_feed_and_others_do_not(farm, client):
    etags = {f: client.get(farm.feed_url(f)).headers["etag"] for f in range(4)}
    events = farm.tick(fact_rate=0.25, cosmetic_rate=0.25, lead_bias=1.0)
    visible = {e.feed for e in events if e.in_feed}
    assert visible  # lead_bias=1 puts every fact change in the lead
    for f in range(4):
        status = client.get(farm.feed_url(f), headers={"If-None-Match": etags[f]}).status_code
        assert status == (200 if f in visible else 304)
    fact = next(e for e in events if e.change == "fact")
    assert fact.sentence in farm.feed_body(fact.feed).decode().replace("&amp;#x27;", "'") or \
        fact.new in farm.feed_body(fact.feed).decode()
    assert farm.served_at(fact) is not None


def test_fault_injection_fails_throttles_and_slows_a_share_of_feeds(client):
    with Farm(feeds=40, entries=2, seed=3) as farm:
        farm.set_faults(fail=0.25, throttle=0.25, slow=0.1, slow_seconds=0.2, retry_after=42)
        faults = {f: farm.fault_of(f) for f in range(40)}
        assert 5 <= list(faults.values()).count("fail") <= 15
        assert 5 <= list(faults.values()).count("throttle") <= 15
        for f, fault in faults.items():
            response = client.get(farm.feed_url(f))
            expected = {"fail": 500, "throttle": 429}.get(fault, 200)
            assert response.status_code == expected, (f, fault)
            if fault == "throttle":
                assert response.headers["retry-after"] == "42"
        slow = next(f for f, fault in faults.items() if fault == "slow")
        assert client.get(farm.feed_url(slow)).elapsed.total_seconds() >= 0.2
        throttled = next(f for f, fault in faults.items() if fault == "throttle")
        assert client.get(farm.article_url(throttled, 0)).status_code == 429
        farm.set_faults(fail=0, throttle=0, slow=0)
        assert client.get(farm.feed_url(throttled)).status_code == 200


def test_admin_routes_tick_count_and_record_webhooks(farm, client):
    tick = client.post(farm.base_url + "/_tick?fact=0.1&cosmetic=0").json()
    assert tick["tick"] == 1 and len(tick["events"]) == 2
    assert all(e["change"] == "fact" for e in tick["events"])
    assert len(client.get(farm.base_url + "/_truth").json()) == 2
    feeds = client.get(farm.base_url + "/_feeds").text.split()
    assert feeds == farm.feed_urls()
    client.post(farm.base_url + "/_hook/test", json={"alert": 1})
    assert farm.wait_hooks(1, timeout=2)[0].json() == {"alert": 1}
    stats = client.get(farm.base_url + "/_stats").json()
    assert stats["routes"]["hook"] == 1 and stats["requests"] >= 4
    client.get(farm.base_url + "/_reset")
    assert farm.stats.requests == 1  # the reset's own answer is counted afresh
    assert client.get(farm.base_url + "/nope").status_code == 404


def test_feeds_spread_over_several_loopback_hosts(client):
    with Farm(feeds=4, entries=1, hosts=2) as farm:
        assert farm.feed_url(0).startswith("http://127.0.0.1:")
        assert farm.feed_url(1).startswith(f"http://127.0.0.2:{farm.port}/")
        assert client.get(farm.feed_url(1)).status_code == 200
        assert client.get(farm.article_url(1, 0)).status_code == 200
