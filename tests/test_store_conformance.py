"""One suite, both stores: every method of monitor.storage.Storage against a real SQLite
file and a real PostgreSQL schema (a fresh one per test: tests/support/pg.py).

Where PostgreSQL does not answer its half skips with one line; under CI=true that skip
is a failure when the server's port answers (tests/conftest.py).
"""

from __future__ import annotations

import inspect
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import NotFoundError, StoreError
from monitor.models import Entry
from monitor.storage import (
    COPIED_TABLES,
    Delivery,
    NewDelivery,
    Storage,
    is_server_url,
    open_store,
)
from monitor.store import MUTED_FOREVER
from tests.support import pg
from tests.support.stored_facts import store_facts

T = "2026-03-03T10:00:00Z"
NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
LATER = "2026-03-03T11:00:00Z"


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | Path]:
    if request.param == "sqlite":
        yield tmp_path / "monitor.db"
    else:
        with pg.fresh_schema() as url:
            yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL schema's store URL (PostgreSQL-only tests)."""
    with pg.fresh_schema() as url:
        yield url


@pytest.fixture
def store(location: str | Path) -> Iterator[Storage]:
    with open_store(location) as handle:
        yield handle


# ---------------------------------------------------------------- helpers


def add_story(store: Storage, feed: str = "world", guid: str = "g1", *, title: str = "Mines",
              seen: str = T, versions: int = 1, text: str = "Mines away from towns.") -> int:
    """A story with ``versions`` versions and a fact each, through the pipeline's methods."""
    with store.write():
        store.ensure_feed(feed, f"http://example.org/{feed}.xml")
        story_id = store.create_story(feed=feed, guid=guid, title=title, url=f"http://x/{guid}",
                                      first_seen_at=seen, last_seen_at=seen)
        store.add_story_keys(feed, story_id, [guid, f"http://x/{guid}"])
        previous = None
        for number in range(1, versions + 1):
            version_id = store.add_version(
                story_id=story_id, number=number, title=title, text=f"{text} ({number})",
                content_hash=f"h{story_id}-{number}", simhash="ff", source="feed", seen_at=seen)
            store_facts(store, story_id, version_id, [
                {"kind": "condition", "key": ["use"], "value": f"v{number}",
                 "span": "away", "sentence": "Mines away from towns."},
                {"kind": "amount", "key": "n", "value": str(number), "span": str(number),
                 "sentence": None}])
            if previous is not None:
                store.add_changes(story_id, previous, version_id, [
                    {"kind": "condition", "action": "changed", "old": "a", "new": "b",
                     "old_sentence": "A.", "new_sentence": "B.", "severity": "high"}], seen)
            previous = version_id
        store.update_story(story_id, version_count=versions, last_changed_at=seen,
                           simhash="ff", title=title)
    return story_id


def alert(key: str, *, channel: str = "desk", at: str = T, story_id: int | None = None,
          version_id: int | None = None, digest_key: str | None = None,
          type: str = "fact.changed", payload: dict[str, Any] | None = None,
          watch: str | None = "mines") -> NewDelivery:
    body = json.dumps(payload if payload is not None else {"type": type, "watches": [watch]})
    return NewDelivery(idempotency_key=key, type=type, channel=channel, payload=body,
                       next_attempt_at=at, created_at=at, watch=watch, story_id=story_id,
                       version_id=version_id, feed="world", digest_key=digest_key)


LEASED = "2026-03-04T00:00:00Z"


def lease(channel: str) -> str:
    return LEASED


# ---------------------------------------------------------------- the suite covers it all


def test_every_protocol_method_is_exercised_here() -> None:
    """A method added to Storage without a test here fails this test."""
    source = Path(__file__).read_text(encoding="utf-8")
    names = [n for n, _ in inspect.getmembers(Storage, inspect.isfunction)
             if not n.startswith("_")]
    assert len(names) > 60
    missing = [n for n in names if not re.search(rf"\.{n}\(", source)]
    assert not missing, missing


def test_both_stores_implement_the_protocol(store: Storage) -> None:
    assert isinstance(store, Storage)


# ---------------------------------------------------------------- lifecycle and schema


def test_a_new_store_is_current_and_answers(store: Storage, location: str | Path) -> None:
    assert store.schema_version() >= 1
    assert not store.outdated()
    store.ping()
    store.tune_for_reading()
    summary = store.summary()
    assert (summary.schema, summary.stories) == (store.schema_version(), 0)
    assert "secret" not in summary.location
    add_story(store)
    assert store.summary().stories == 1
    with open_store(location, readonly=True) as reader:
        assert reader.count_stories() == 1
        with pytest.raises((StoreError, Exception)):
            reader.ensure_feed("other")


def test_reopening_keeps_everything_and_migrates_nothing_twice(location: str | Path) -> None:
    with open_store(location) as first:
        add_story(first)
        version = first.schema_version()
    again = open_store(location)
    try:
        assert again.schema_version() == version
        assert again.count_stories() == 1
    finally:
        again.close()


def test_writes_in_one_transaction_roll_back_together(store: Storage) -> None:
    with pytest.raises(RuntimeError), store.write():
        store.ensure_feed("world", "http://example.org/world.xml")
        store.create_story(feed="world", guid="g", first_seen_at=T, last_seen_at=T)
        raise RuntimeError("a kill in the middle")
    assert store.count_stories() == 0
    assert store.feed("world") is None


def test_a_snapshot_reads_one_moment(location: str | Path) -> None:
    with open_store(location) as reader, open_store(location) as writer:
        add_story(writer, guid="first")
        with reader.snapshot():
            assert reader.count_stories() == 1
            add_story(writer, guid="second")  # another connection commits meanwhile
            assert reader.count_stories() == 1
            assert [s["guid"] for s in reader.stories()] == ["first"]
        assert reader.count_stories() == 2


def test_writers_of_one_feed_take_turns(location: str | Path) -> None:
    """Two writers (two store handles, as two processes have) each look a story up by its
    key and create it when it is missing: one story, because the second writer's lookup
    waits for the first writer's commit (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
    feed's row lock taken by ensure_feed)."""
    with open_store(location) as setup:
        setup.ensure_feed("world", "http://example.org/world.xml")
    created: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def writer() -> None:
        try:
            with open_store(location) as store:
                barrier.wait()
                with store.write():
                    store.ensure_feed("world", "http://example.org/world.xml")
                    if store.story_by_keys("world", ["same-guid"]) is None:
                        time.sleep(0.3)  # the other writer would decide the same here
                        story_id = store.create_story(feed="world", guid="same-guid",
                                                      first_seen_at=T, last_seen_at=T)
                        store.add_story_keys("world", story_id, ["same-guid"])
                        created.append(story_id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    with open_store(location) as store:
        assert len(created) == 1
        assert store.count_stories() == 1


def test_lock_feed_holds_the_feeds_writers(location: str | Path) -> None:
    with open_store(location) as setup:
        setup.ensure_feed("world")
    order: list[str] = []
    locked = threading.Event()

    def first() -> None:
        with open_store(location) as store, store.write():
            store.lock_feed("world")
            locked.set()
            time.sleep(0.4)
            order.append("first done")

    def second() -> None:
        locked.wait(10)
        with open_store(location) as store, store.write():
            store.lock_feed("world")
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert order == ["first done", "second in"]


# ---------------------------------------------------------------- feeds


def test_feeds(store: Storage) -> None:
    store.ensure_feed("world", "http://a/feed.xml")
    store.update_feed("world", etag='"x"', last_modified="then", health_alerted=True,
                      consecutive_failures=2, last_status=200)
    store.ensure_feed("world", "http://a/feed.xml")  # same URL: validators kept
    assert store.feed("world")["etag"] == '"x"'
    store.ensure_feed("world", "http://b/feed.xml")  # moved: validators mean nothing now
    row = store.feed("world")
    assert (row["url"], row["etag"], row["health_alerted"]) == ("http://b/feed.xml", None, 1)
    store.ensure_feed("africa")
    add_story(store, "world")
    assert store.feed_names() == ["africa", "world"]
    listed = {r["name"]: r for r in store.feeds()}
    assert listed["world"]["stories"] == 1 and listed["world"]["page_trouble"] == 0
    assert store.feed("nowhere") is None
    with pytest.raises(ValueError):
        store.update_feed("world", **{"name = 'x'; --": 1})


# ---------------------------------------------------------------- stories (pipeline)


def test_story_identity_and_keys(store: Storage) -> None:
    first = add_story(store, guid="a")
    found = store.story_by_keys("world", ["nope", "http://x/a"])
    assert found is not None and found[0]["id"] == first and found[1] == "http://x/a"
    assert store.story_by_keys("other", ["a"]) is None
    second = add_story(store, guid="b")
    store.add_story_keys("world", second, ["a"])  # known already: stays with the first
    assert store.story_by_keys("world", ["a"])[0]["id"] == first
    store.move_story_keys("world", second, ["a"])  # reused: now names the second
    assert store.story_by_keys("world", ["a"])[0]["id"] == second
    assert store.story(first)["guid"] == "a" and store.story(999) is None
    # the id alone, as story_by_keys finds it: the first known key decides
    assert store.story_id_by_keys("world", ["nope", "a", "http://x/a"]) == second
    assert store.story_id_by_keys("world", ["http://x/a", "a"]) == first
    assert store.story_id_by_keys("world", ["nope"]) is None
    assert store.story_id_by_keys("other", ["a"]) is None
    assert store.story_id_by_keys("world", []) is None


def test_recent_fingerprints_and_replacements(store: Storage) -> None:
    old = add_story(store, guid="old", seen="2026-01-01T00:00:00Z")
    new = add_story(store, guid="new", seen=T)
    assert store.recent_fingerprints("world", "2026-02-01T00:00:00Z") == [(new, "ff")]
    assert [i for i, _ in store.recent_fingerprints("world", "2025-01-01T00:00:00Z")] \
        == [new, old]
    third = store.create_story(feed="world", guid="third", first_seen_at=T, last_seen_at=T,
                               replaces_story_id=new)
    store.update_story(new, replaces_story_id=old)
    assert store.replacement_family(old) == [third, new]
    assert store.replacement_family(third) == [new, old]
    assert store.replaced_by(old) == new and store.replaced_by(third) is None
    assert store.stories(limit=None)[0]["replaced_by"] in (None, new, third)


def test_versions_facts_and_changes(store: Storage) -> None:
    story_id = add_story(store, versions=3)
    latest = store.latest_versions(story_id, 2)
    assert [v["number"] for v in latest] == [3, 2] and latest[0]["content_hash"]
    assert store.latest_version_id(story_id) == latest[0]["id"]
    assert store.latest_version_id(999) is None
    versions = store.versions(story_id)
    assert [v["number"] for v in versions] == [1, 2, 3] and "published" in versions[0]
    assert store.version_by_number(story_id, 2)["id"] == versions[1]["id"]
    assert store.version_by_number(story_id, 9) is None
    facts = store.story_facts(story_id)
    assert [(f["version"], f["kind"]) for f in facts][:2] == [(1, "condition"), (1, "amount")]
    assert facts[0]["key"] == '["use"]'  # a structured key is stored as JSON text
    changes = store.changes(story_id)
    assert [(c["from_version_id"], c["version_id"]) for c in changes] == [
        (versions[0]["id"], versions[1]["id"]), (versions[1]["id"], versions[2]["id"])]
    with pytest.raises((StoreError, Exception)):  # numbers are unique per story
        store.add_version(story_id=story_id, number=3, title="t", text="x",
                          content_hash="h", simhash="0", seen_at=T)
    assert len(store.versions(story_id)) == 3


def test_extract_layouts_keep_the_larger_counts(store: Storage) -> None:
    store.save_extract_layouts([("example.org", "L1", 5, 0), ("example.org", "L2", 1, 1)])
    store.save_extract_layouts([("example.org", "L1", 3, 2)])
    assert sorted(store.extract_layouts()) == [("example.org", "L1", 5, 2),
                                               ("example.org", "L2", 1, 1)]


def test_recurring_lines(store: Storage) -> None:
    for story in (1, 2, 3):
        store.count_lines("world", story, ["promo", f"own-{story}"])
    assert store.recurring_lines("world", ["promo", "own-1", "unknown"], 3) == {"promo"}
    assert store.recurring_lines("world", ["own-1"], 1) == {"own-1"}
    assert store.recurring_lines("other", ["promo"], 1) == set()
    assert store.recurring_lines("world", [], 1) == set()
    many = [f"k{i}" for i in range(1200)]  # more than SQLite's variables per statement
    assert store.recurring_lines("world", [*many, "promo"], 3) == {"promo"}


def test_a_storys_lines_are_those_counted_for_it(store: Storage) -> None:
    store.count_lines("world", 1, ["promo", "own line"])
    store.count_lines("world", 2, ["promo"])
    store.count_lines("world", 1, ["later line"])
    assert store.story_lines(1, ["promo", "later line", "unknown"]) == {"promo", "later line"}
    assert store.story_lines(2, ["promo", "own line"]) == {"promo"}
    assert store.story_lines(3, ["promo"]) == set() and store.story_lines(1, []) == set()
    many = [f"k{i}" for i in range(1200)]  # more than SQLite's variables per statement
    assert store.story_lines(1, [*many, "own line"]) == {"own line"}
    store.count_lines("world", 4, many)  # a long-lived story: more lines than are asked about
    assert store.story_lines(4, ["k7", "k1199", "nope"]) == {"k7", "k1199"}
    assert store.story_lines(4, many[:30]) == set(many[:30])


def test_due_rechecks(store: Storage) -> None:
    due = add_story(store, guid="due")
    later = add_story(store, guid="later")
    store.update_story(due, next_check_at="2026-03-03T09:00:00Z")
    store.update_story(later, next_check_at="2026-03-03T12:00:00Z")
    assert [s["id"] for s in store.due_rechecks("world", T)] == [due]


# ---------------------------------------------------------------- browsing


def test_resolve_and_list_stories(store: Storage) -> None:
    first = add_story(store, guid="alpha", seen="2026-03-01T00:00:00Z", versions=2)
    second = add_story(store, feed="africa", guid="beta", seen=T)
    assert store.resolve_story(str(first))["id"] == first
    assert store.resolve_story("beta")["id"] == second
    assert store.resolve_story("http://x/alpha?utm_source=rss")["id"] == first
    with pytest.raises(NotFoundError):
        store.resolve_story("nothing")
    assert [s["id"] for s in store.stories()] == [second, first]
    assert [s["id"] for s in store.stories(changed=True)] == [first]
    assert store.stories(changed=True)[0]["changes"] == 1
    assert [s["id"] for s in store.stories(feed="africa")] == [second]
    assert len(store.stories(limit=1)) == 1 and len(store.stories(limit=None)) == 2
    assert store.count_stories() == 2
    assert store.count_stories(changed=True) == 1
    assert store.count_stories(feed="world") == 1


# ---------------------------------------------------------------- web view


def test_web_listings(store: Storage) -> None:
    first = add_story(store, guid="a", title="Mines 100% away_x", versions=3)
    second = add_story(store, guid="b", title="Talks", versions=2, seen=LATER)
    store.add_delivery(alert("k1", story_id=second, version_id=store.versions(second)[1]["id"],
                             payload={"type": "fact.changed", "watches": ["w1", "w2"]},
                             watch="w1"))
    store.add_delivery(alert("k2", payload=None, watch=None, type="feed.failing"))
    store.add_delivery(NewDelivery(idempotency_key="k3", type="fact.changed", channel="desk",
                                   payload="not json", next_attempt_at=T, created_at=T,
                                   story_id=first, version_id=store.versions(first)[2]["id"]))
    rows = store.web_changes()
    assert [r["story_id"] for r in rows] == [second, first, first]
    assert rows[0]["version"] == 2 and rows[0]["from_version"] == 1
    assert store.web_changes(count=True) == 3
    assert [r["story_id"] for r in store.web_changes(watch="w2")] == [second]
    assert store.web_changes(watch="w1", count=True) == 1
    assert store.web_changes(watch="nobody") == []
    assert store.web_changes(search="100%", count=True) == 2
    assert store.web_changes(search="away_x") != [] and store.web_changes(search="aw_y") == []
    assert store.web_changes(kinds=["condition"], severities=["high"], count=True) == 3
    assert store.web_changes(kinds=["amount"]) == []
    assert store.web_changes(feed="world", story_id=first, since=T, before=LATER,
                             count=True) == 2
    page = store.web_changes(limit=1)
    assert [r["id"] for r in store.web_changes(
        after=(page[0]["detected_at"], page[0]["id"]), limit=None)] == [
        r["id"] for r in rows[1:]]
    stories = store.web_stories()
    assert [s["id"] for s in stories] == [second, first] and stories[0]["changes"] == 1
    assert [s["id"] for s in store.web_stories(search="talks")] in ([second], [])
    assert [s["id"] for s in store.web_stories(search="Talks", changed=True,
                                               feed="world")] == [second]
    assert [s["id"] for s in store.web_stories(
        after=(stories[0]["sort_at"], stories[0]["id"]), limit=5)] == [first]
    listed = store.web_deliveries()
    assert [d["idempotency_key"] for d in listed] == ["k3", "k2", "k1"]
    assert listed[2]["story_title"] == "Talks"
    assert [d["idempotency_key"] for d in store.web_deliveries(
        status="pending", after=(listed[0]["created_at"], listed[0]["id"]), limit=None)] \
        == ["k2", "k1"]
    assert store.delivery(listed[0]["id"])["payload"] == "not json"
    assert store.delivery(9999) is None
    assert store.delivery_counts() == {"pending": 3}
    assert store.watch_names() == ["w1"]


def test_metrics_snapshot(store: Storage) -> None:
    story_id = add_story(store, versions=2)
    store.add_delivery(alert("k1", story_id=story_id))
    store.mute_story(story_id, MUTED_FOREVER)
    store.beat(host="h", pid=1, started_at=T, now=T)
    snapshot = store.metrics_snapshot()
    assert (snapshot["stories"], snapshot["versions"], snapshot["muted"]) == (1, 2, 1)
    assert snapshot["changes"] == [("condition", "changed", 1)]
    assert snapshot["deliveries"] == [("pending", "fact.changed", 1)]
    assert snapshot["oldest_pending"] == T and snapshot["retries"] == 0
    assert snapshot["feeds"][0]["name"] == "world"
    assert snapshot["daemon"]["host"] == "h"


# ---------------------------------------------------------------- mute, prune, heartbeat


def test_mute_and_unmute(store: Storage) -> None:
    story_id = add_story(store)
    store.mute_story(story_id, "2026-03-04T00:00:00Z")
    assert store.muted_story_ids([story_id, 77], T) == {story_id}
    assert store.muted_story_ids([story_id], "2026-03-05T00:00:00Z") == set()
    assert store.muted_story_ids([], T) == set()
    store.unmute_story(story_id)
    assert store.muted_story_ids([story_id], T) == set()
    with pytest.raises(NotFoundError):
        store.mute_story(999, MUTED_FOREVER)
    with pytest.raises(NotFoundError):
        store.unmute_story(999)


OLD_LINE = "a line only the first versions had"
KEPT_LINES = ["mines away from towns 0"]  # line_key("Mines away from towns. (3)")


def test_prune(store: Storage) -> None:
    kept = add_story(store, guid="old-live", seen="2025-01-01T00:00:00Z", versions=3)
    gone = add_story(store, feed="dropped", guid="old-dropped", seen="2025-01-01T00:00:00Z",
                     versions=2)
    unsent = add_story(store, guid="old-unsent", seen="2025-01-01T00:00:00Z", versions=2)
    fresh = add_story(store, guid="fresh", seen=T, versions=2)
    store.add_delivery(alert("pending", story_id=unsent))
    sent = store.add_delivery(alert("sent", story_id=kept,
                                    version_id=store.versions(kept)[2]["id"]))
    assert sent is not None
    store.mark_sent([sent], sent_at=T, response="ok")
    for story in (kept, gone, unsent):  # a line of an old version, counted then
        store.count_lines("world", story, [OLD_LINE])
    before = store.row_counts()
    dry = store.prune("2026-01-01T00:00:00Z", live_feeds=["world"], dry_run=True)
    assert store.row_counts() == before
    counts = store.prune("2026-01-01T00:00:00Z", live_feeds=["world"])
    assert counts == dry
    assert counts["stories"] == 1 and counts["skipped_unsent"] == 1
    assert counts["versions"] == 2 + 2 and counts["deliveries"] == 1
    assert store.story(gone) is None
    assert [v["number"] for v in store.versions(kept)] == [3]
    assert store.story(kept)["version_count"] == 1
    assert len(store.versions(unsent)) == 2 and len(store.versions(fresh)) == 2
    # a kept story's lines are its kept version's, a removed story's are gone
    assert store.story_lines(kept, [OLD_LINE, *KEPT_LINES]) == set(KEPT_LINES)
    assert store.story_lines(gone, [OLD_LINE]) == set()
    assert store.story_lines(unsent, [OLD_LINE]) == {OLD_LINE}  # not pruned: as it was
    assert store.reclaim_space() >= 0


def test_daemon_heartbeat(store: Storage) -> None:
    assert store.daemon_state() is None
    store.beat(host="h", pid=7, started_at=T, now=T)
    store.beat(host="h", pid=7, started_at=T, now=LATER)
    assert store.daemon_state() == {"host": "h", "pid": 7, "started_at": T, "beat_at": LATER,
                                    "stopped_at": None}
    store.daemon_stopped(host="h", pid=7, now="2026-03-03T12:00:00Z")
    assert store.daemon_state()["stopped_at"] == "2026-03-03T12:00:00Z"


# ---------------------------------------------------------------- the outbox


def test_an_earlier_twin_is_an_earlier_version_with_the_same_content(store: Storage) -> None:
    story_id = add_story(store, versions=2)
    with store.write():
        repeat = store.add_version(story_id=story_id, number=3, title="Mines",
                                   text="Mines away from towns. (1)",
                                   content_hash=f"h{story_id}-1", simhash="ff", source="feed",
                                   seen_at=LATER)
    first, second = (v["id"] for v in sorted(store.versions(story_id),
                                             key=lambda v: v["number"])[:2])
    assert store.earlier_twin(repeat) == 1
    assert store.earlier_twin(second) is None and store.earlier_twin(first) is None
    other = add_story(store, guid="g2")
    with store.write():  # the first story's content in another story: no twin of its own
        borrowed = store.add_version(story_id=other, number=2, title="Mines",
                                     text="Mines away from towns. (1)",
                                     content_hash=f"h{story_id}-1", simhash="ff",
                                     source="feed", seen_at=LATER)
    assert store.earlier_twin(borrowed) is None
    assert store.earlier_twin(999_999) is None


def test_enqueue_is_idempotent(store: Storage) -> None:
    story_id = add_story(store)
    version_id = store.latest_versions(story_id, 1)[0]["id"]
    assert store.version_title_text(version_id) == ("Mines", "Mines away from towns. (1)")
    assert store.version_title_text(999) is None
    first = store.add_delivery(alert("k", story_id=story_id, version_id=version_id))
    assert isinstance(first, int)
    assert store.add_delivery(alert("k")) is None
    assert store.delivery_counts() == {"pending": 1}
    assert store.fact_alerts(version_id)[0].status == "pending"
    assert [a.version_id for a in store.fact_alerts()] == [version_id]
    assert store.fact_alerts(version_id + 1) == []


def test_send_slots_are_shared_by_every_process_of_a_server_store(
        location: str | Path) -> None:
    """A channel's ``rate`` across workers: PostgreSQL hands out consecutive slots to
    whichever process asks (here two stores, as two workers); SQLite keeps none (its one
    process paces itself)."""
    with open_store(location) as first, open_store(location) as second:
        if not is_server_url(location):
            assert first.reserve_send("desk", 0.5) is None
            return
        assert first.reserve_send("desk", 0.5) == pytest.approx(0.0, abs=0.05)
        assert second.reserve_send("desk", 0.5) == pytest.approx(0.5, abs=0.1)
        assert first.reserve_send("desk", 0.5) == pytest.approx(1.0, abs=0.15)
        assert second.reserve_send("ops", 0.5) == pytest.approx(0.0, abs=0.05)  # its own
        time.sleep(0.3)  # the slots are time: waiting brings the next one closer
        assert first.reserve_send("desk", 0.5) == pytest.approx(1.2, abs=0.15)


def test_claims_go_in_order_per_channel(store: Storage) -> None:
    ids = [store.add_delivery(alert(f"k{i}", at=f"2026-03-03T10:00:0{i}Z")) for i in range(3)]
    other = store.add_delivery(alert("o", channel="ops", at="2026-03-03T10:00:09Z"))
    assert store.next_delivery_due() == "2026-03-03T10:00:00Z"
    first = store.claim_deliveries(LATER, "host:1:a", lease)
    assert [d.id for d in first] == [ids[0]]
    assert (first[0].attempts, first[0].claimed_by, first[0].next_attempt_at) == (
        1, "host:1:a", LEASED)
    # desk's next row waits behind its claimed head; ops goes on
    second = store.claim_deliveries(LATER, "host:1:a", lease)
    assert [d.id for d in second] == [other]
    assert store.claim_deliveries(LATER, "host:1:a", lease) == []
    assert store.delivery_claimants() == ["host:1:a"]
    assert store.release_claims("host:1:a", T) == 2
    assert store.delivery_claimants() == []
    assert [d.id for d in store.claim_deliveries(T, "w", lease, skip=[ids[0], other])] == []
    assert [d.id for d in store.claim_deliveries(T, "w", lease, only=[other])] == [other]
    assert store.claim_deliveries(T, "w", lease, only=[]) == []
    many = list(range(10**6, 10**6 + 40_000))  # more ids than SQLite takes variables
    assert store.claim_deliveries(T, "w", lease, only=many, skip=many) == []
    store.mark_sent([ids[0]], sent_at=T, response="250 ok")
    store.mark_sent([ids[0]], sent_at=LATER, response="again")  # sent stays sent
    sent = store.deliveries([ids[0]])[0]
    assert (sent.status, sent.response, sent.sent_at, sent.claimed_by) == (
        "sent", "250 ok", T, None)
    assert [d.id for d in store.claim_deliveries(LATER, "w", lease)] == [ids[1]]


def test_digest_rows_are_claimed_together(store: Storage) -> None:
    a = store.add_delivery(alert("a", digest_key="desk@P1"))
    b = store.add_delivery(alert("b", digest_key="desk@P1", at="2026-03-03T10:00:05Z"))
    store.add_delivery(alert("c", digest_key="desk@P2", at="2026-03-03T10:00:06Z"))
    claimed = store.claim_deliveries(LATER, "w", lease)
    assert [d.id for d in claimed] == [a, b]
    assert all(isinstance(d, Delivery) and d.attempts == 1 for d in claimed)


def test_failures_retries_and_test_messages(store: Storage) -> None:
    story_id = add_story(store)
    first = store.add_delivery(alert("k1", story_id=story_id))
    second = store.add_delivery(alert("k2", story_id=story_id, at="2026-03-03T10:00:01Z"))
    assert first is not None and second is not None
    store.claim_deliveries(T, "w", lease)
    store.mark_failed([first], status="pending", next_attempt_at=LATER, error="refused",
                      progress='{"done": [0]}')
    row = store.deliveries([first])[0]
    assert (row.status, row.last_error, row.response, row.claimed_by) == (
        "pending", "refused", '{"done": [0]}', None)
    store.mark_failed([first], status="dead", next_attempt_at=LATER, error="gave up",
                      progress=None)
    store.mark_muted([second], now=T)
    assert [d.status for d in store.deliveries([second, first, 999])] == ["dead", "dead"]
    assert store.deliveries([second])[0].last_error == "not sent: the story is muted"
    assert store.dead_delivery_ids() == [first, second]
    assert store.retry_deliveries([first], now=LATER) == 1
    assert store.deliveries([first])[0].attempts == 0
    assert store.retry_deliveries(dead=True, now=LATER) == 1
    assert store.retry_deliveries([], now=LATER) == 0
    assert store.delivery_counts() == {"pending": 2}
    test_id = store.add_delivery(alert("t", type="test", watch=None))
    assert test_id is not None
    store.abandon_delivery(test_id)
    assert store.deliveries([test_id])[0].status == "dead"


def test_concurrent_claimers_never_share_a_row(location: str | Path) -> None:
    """Four workers (each its own store handle, as processes have) drain 60 rows of 20
    channels: every row is claimed exactly once."""
    with open_store(location) as setup:
        for i in range(60):
            setup.add_delivery(alert(f"k{i}", channel=f"c{i % 20}",
                                     at=f"2026-03-03T10:{i // 60:02d}:{i % 60:02d}Z"))
    claims: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            with open_store(location) as store:
                while True:
                    rows = store.claim_deliveries(LATER, name, lease)
                    if not rows:
                        if not store.delivery_counts().get("pending"):
                            return
                        time.sleep(0.01)
                        continue
                    with lock:
                        claims.extend(r.id for r in rows)
                    store.mark_sent([r.id for r in rows], sent_at=LATER, response="ok")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert len(claims) == 60 and len(set(claims)) == 60


# ---------------------------------------------------------------- copying


def test_export_and_import_rows(store: Storage, tmp_path: Path) -> None:
    story_id = add_story(store, versions=2)
    store.add_delivery(alert("k", story_id=story_id))
    store.count_lines("world", story_id, ["line"])
    store.save_extract_layouts([("h", "l", 1, 0)])
    counts = store.row_counts()
    assert set(counts) == set(COPIED_TABLES) and counts["versions"] == 2
    first = store.export_rows("versions", None, 1)
    rest = store.export_rows("versions", (first[0]["id"],), 10)
    assert [r["number"] for r in first + rest] == [1, 2]
    keys = store.export_rows("story_keys", None, 10)
    assert store.export_rows("story_keys", (keys[0]["feed"], keys[0]["key"]), 10) == keys[1:]
    with pytest.raises(ValueError):
        store.export_rows("schema_migrations", None, 1)
    with open_store(tmp_path / "copy.db") as target:
        for table in COPIED_TABLES:
            target.import_rows(table, store.export_rows(table, None, 1000))
        target.import_rows("feeds", [])
        target.finish_import()
        assert target.row_counts() == counts
        assert target.story(story_id) == store.story(story_id)
        new = target.create_story(feed="world", first_seen_at=T, last_seen_at=T)
        assert new > story_id
    store.finish_import()
    assert store.create_story(feed="world", first_seen_at=T, last_seen_at=T) > story_id


# ---------------------------------------------------------------- opening


def test_open_store_picks_the_store_from_the_location(tmp_path: Path) -> None:
    from monitor.store import SqliteStore, Store

    assert Store is SqliteStore
    assert is_server_url("postgresql://u@h/db") and is_server_url("postgres://h/db")
    assert not is_server_url(tmp_path / "postgresql:" / "x.db")
    assert not is_server_url("db/monitor.db")
    with open_store(tmp_path / "x.db") as store:
        assert isinstance(store, SqliteStore)
    with pytest.raises(StoreError, match="PostgreSQL URL, not a file"):
        SqliteStore.open(Path("postgresql://root@127.0.0.1/test"))
    assert not (Path.cwd() / "postgresql:").exists()


def test_a_server_that_does_not_answer_is_one_line() -> None:
    pytest.importorskip("psycopg", reason=f"{pg.SKIP_PREFIX} tests need psycopg")
    from tests.support.httpserver import refused_port

    url = f"postgresql://nobody:secret@127.0.0.1:{refused_port()}/none"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert "\n" not in message and "secret" not in message
    assert "cannot connect to PostgreSQL" in message


def test_a_foreign_schema_is_never_touched(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="not a monitor store"):
        open_store(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('feeds')").fetchone() == (None,)


def test_migrations_are_safe_when_several_processes_start_at_once(pg_url: str) -> None:
    """Eight handles open a brand-new schema at the same moment: one migrates (under the
    advisory lock), the others wait and find it done."""
    import psycopg

    from monitor.postgres import SCHEMA_VERSION

    barrier = threading.Barrier(8)
    errors: list[BaseException] = []
    versions: list[int] = []

    def start() -> None:
        try:
            barrier.wait()
            with open_store(pg_url) as store:
                versions.append(store.schema_version())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert versions == [SCHEMA_VERSION] * 8
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone() == (
            SCHEMA_VERSION,)


def test_server_urls_are_postgres_only(location: str | Path) -> None:
    assert is_server_url(location) == (not isinstance(location, Path))


# ---------------------------------------------------------------- ingest: decide + apply


def _decided(store: Storage, text: str, now: datetime) -> Any:
    from monitor.ingest import Intent, Job, Options, decide_and_compute, read_snapshot

    entry = Entry(guid="g1", link="http://x/g1", title="Mines for Ukraine", text=text)
    options = Options(full_text=False, recheck_min=600, recheck_max=86400,
                      recheck_until=259200)
    snapshot = read_snapshot(store, "world", entry, source="feed", now=now)
    intent = decide_and_compute(Job(entry, snapshot, options, now))
    assert isinstance(intent, Intent)
    return intent


INGESTED = ("The mines will be used only inside Ukraine, officials said. The Pentagon said "
            "12 shipments were sent on Nov. 19.")


def _read_whole(title: str, text: str, seen: datetime) -> list[tuple[Any, ...]]:
    """A version's facts read from its text, (kind, key, value, span)."""
    from monitor.ingest import extract_rows
    from monitor.models import Document

    return [row[:4] for row in extract_rows(Document(title=title, text=text, captured=seen))]


def test_ingested_versions_store_no_facts_and_read_them_from_their_text(
        store: Storage) -> None:
    """Issue 12: nothing at ingest reads a version's facts; `history --facts` and the web
    view read every version's from its text (read_story_facts), writing nothing."""
    from monitor.ingest import read_story_facts

    story_id, _ = store.apply_ingest(_decided(store, INGESTED, NOW)) or (0, 0)
    later = NOW + timedelta(minutes=10)
    edited = INGESTED.replace("12 shipments", "15 shipments")
    intent = _decided(store, edited, later)
    assert [(c.kind, c.old, c.new) for c in intent.version.changes] == [
        ("number", "12 shipments", "15 shipments")]
    store.apply_ingest(intent)
    assert store.story_facts(story_id) == []  # no rows: nothing was stored
    assert [row["number"] for row in store.deferred_fact_versions(story_id)] == [1, 2]
    expected = [(1, *row) for row in _read_whole("Mines for Ukraine", INGESTED, NOW)] + [
        (2, *row) for row in _read_whole("Mines for Ukraine", edited, later)]
    assert len(expected) > 4
    assert [(f["version"], f["kind"], f["key"], f["value"], f["span"])
            for f in read_story_facts(store, story_id)] == expected
    assert store.story_facts(story_id) == []  # reading them wrote nothing


def test_facts_an_older_monitor_stored_are_served_beside_those_read_now(
        store: Storage) -> None:
    from monitor.ingest import read_story_facts

    story_id = add_story(store)  # version 1: two facts stored, as an older monitor did
    with store.write():
        store.add_version(story_id=story_id, number=2, title="Mines",
                          text="Five mines were sent.", content_hash="h2", simhash="ff",
                          source="feed", seen_at=T, facts_deferred=1)
    assert [row["number"] for row in store.deferred_fact_versions(story_id)] == [2]
    facts = read_story_facts(store, story_id)
    assert [(f["version"], f["kind"], f["value"]) for f in facts][:2] == [
        (1, "condition", "v1"), (1, "amount", "1")]  # the stored rows, as they were
    assert [(f["version"], f["value"], f["span"]) for f in facts[2:]] == [
        (2, *row[2:4]) for row in _read_whole("Mines", "Five mines were sent.",
                                              datetime.fromisoformat(T))]
    assert len(facts) > 2


def test_apply_ingest_writes_a_decided_version_once_and_refuses_a_stale_one(
        store: Storage) -> None:
    first = _decided(store, INGESTED, NOW)
    story_id, version_id = store.apply_ingest(first, feed_url="http://x/world.xml") or (0, 0)
    assert story_id and version_id
    assert store.apply_ingest(first) is None  # its key names a story now: stale
    later = NOW + timedelta(minutes=10)
    edited = _decided(store, INGESTED.replace("12 shipments", "15 shipments"), later)
    seen: list[tuple[int, int, int]] = []
    result = store.apply_ingest(edited, on_changes=lambda s, v, changes: seen.append(
        (s, v, len(changes))))
    assert result is not None and result[0] == story_id and result[1] != version_id
    assert seen == [(story_id, result[1], 1)]
    assert [v["number"] for v in store.versions(story_id)] == [1, 2]
    assert [(c["kind"], c["old"], c["new"]) for c in store.changes(story_id)] == [
        ("number", "12 shipments", "15 shipments")]
    assert store.apply_ingest(edited) is None  # the story has a new latest version


# ---------------------------------------------------------------- workers (issue 13)


def test_due_feeds_are_the_named_feeds_whose_poll_has_come(store: Storage) -> None:
    for name in ("due", "later", "waiting", "unnamed"):
        store.ensure_feed(name, f"http://example.org/{name}.xml")
    store.update_feed("due", next_poll_at="2026-03-03T09:59:59Z")
    store.update_feed("later", next_poll_at="2026-03-03T10:00:01Z")
    store.update_feed("waiting", next_poll_at="2026-03-03T09:00:00Z",
                      retry_after_until="2026-03-03T10:30:00Z")  # Retry-After still runs
    store.update_feed("unnamed", next_poll_at="2026-03-03T09:00:00Z")  # not configured
    names = ["due", "later", "waiting", "never-polled", "due"]
    assert store.due_feeds(names, T) == ["due", "never-polled"]
    assert store.due_feeds([], T) == []
    assert store.due_feeds(["later"], LATER) == ["later"]
    many = [f"f{i:04d}" for i in range(1500)]  # more than SQLite's variables per statement
    assert len(store.due_feeds(many, T)) == 1500


def test_feeds_with_due_rechecks(store: Storage) -> None:
    due = add_story(store, "world", guid="due")
    later = add_story(store, "africa", guid="later")
    add_story(store, "asia", guid="never")
    store.update_story(due, next_check_at="2026-03-03T09:00:00Z")
    store.update_story(later, next_check_at="2026-03-03T12:00:00Z")
    assert store.feeds_with_due_rechecks(T) == ["world"]
    assert store.feeds_with_due_rechecks("2026-03-03T12:00:00Z") == ["africa", "world"]


def test_a_new_story_stays_decided_when_its_documents_other_stories_join_its_candidates(
        store: Storage) -> None:
    """Entries of one document are decided ahead of their turn: a new story's
    near-duplicate search may miss the stories of the entries written before it.  Those
    the search would pass over (another entry of the document went to them, with other
    content) leave the decision as it was; any other newcomer makes it stale."""
    from monitor.ingest import Intent, Job, Options, decide_and_compute, read_snapshot

    options = Options(full_text=False, recheck_min=600, recheck_max=86400,
                      recheck_until=259200)
    first = Entry(guid="a", link="http://x/a", title="Mines for Ukraine", text=INGESTED)
    second = Entry(guid="b", link="http://x/b", title="Mines for Ukraine",
                   text=INGESTED.replace("12 shipments", "14 shipments"))
    decided = [decide_and_compute(Job(e, read_snapshot(store, "world", e, source="feed",
                                                       now=NOW), options, NOW))
               for e in (first, second)]
    assert all(isinstance(d, Intent) and d.basis.candidates == () for d in decided)
    story_a, _ = store.apply_ingest(decided[0]) or (0, 0)
    # A near-duplicate of the story just written: deciding again would make it a version
    # of that story, unless another entry of the document went there (then it is passed
    # over, and the decision stands).
    assert store.apply_ingest(decided[1]) is None
    assert store.apply_ingest(replace(decided[1], claimed=frozenset({story_a + 1}))) is None
    story_b, _ = store.apply_ingest(replace(decided[1], claimed=frozenset({story_a}))) or (0, 0)
    assert story_b and story_b != story_a
    assert {s["guid"] for s in store.stories(limit=None)} == {"a", "b"}


def _fact_index_columns(location: str | Path) -> list[str]:
    """The columns of the facts_story index, read from the store's own catalogue."""
    if isinstance(location, Path):
        import sqlite3

        with sqlite3.connect(location) as conn:
            return [row[2] for row in conn.execute("PRAGMA index_info(facts_story)")]
    import psycopg

    with psycopg.connect(location) as conn:
        row = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'facts_story' "
                           "AND schemaname = current_schema()").fetchone()
    assert row is not None
    return [c.strip() for c in re.search(r"\((.*)\)", row[0]).group(1).split(",")]


def test_facts_are_indexed_by_their_story_alone(location: str | Path) -> None:
    """Every reader asks for a story's facts by the story or the version: the index on
    (story_id, kind, key) cost every fact written and a fifth of the store for nothing."""
    with open_store(location) as store:
        story_id = add_story(store, versions=2)
        assert store.story_facts(story_id)
    assert _fact_index_columns(location) == ["story_id"]


def test_a_store_of_schema_7_gets_the_story_index(tmp_path: Path) -> None:
    from monitor import store as store_module
    from tests.support.schema import store_of_schema

    path = tmp_path / "monitor.db"
    with store_of_schema(path, 7) as old:
        add_story(old, versions=2)
    assert _fact_index_columns(path) == ["story_id", "kind", "key"]
    with open_store(path) as store:
        assert store.schema_version() == store_module.SCHEMA_VERSION
        assert store.story_facts(1)
    assert _fact_index_columns(path) == ["story_id"]


STORY_TEXTS = ["Mines were laid.\n\n* * *\n\nThe toll is 12.",
               "Mines were laid.\n\nThe toll is 14.",
               "Mines were laid again.\n\nA promo line."]


def _story_written_before_story_lines(store: Storage) -> int:
    """A story whose versions an older monitor stored (no story_lines rows for them)."""
    with store.write():
        store.ensure_feed("world", "http://example.org/world.xml")
        story_id = store.create_story(feed="world", guid="g", title="Mines", url="http://x/g",
                                      first_seen_at=T, last_seen_at=T)
        store.add_story_keys("world", story_id, ["g", "http://x/g"])
        for number, text in enumerate(STORY_TEXTS, start=1):
            store.add_version(story_id=story_id, number=number, title="Mines", text=text,
                              content_hash=f"h{number}", simhash="ff", source="feed",
                              seen_at=T)
        store.update_story(story_id, version_count=len(STORY_TEXTS), simhash="ff")
    return story_id


def _lines_of_every_version() -> set[str]:
    from monitor.ingest import line_keys

    return {key for text in STORY_TEXTS for key in line_keys(text)} - {""}


def test_a_store_of_schema_8_gets_each_storys_lines_from_its_texts(tmp_path: Path) -> None:
    from monitor import store as store_module
    from tests.support.schema import store_of_schema

    path = tmp_path / "monitor.db"
    with store_of_schema(path, 8) as old:
        story_id = _story_written_before_story_lines(old)
        assert "story_lines" not in old.db.table_names()
    with open_store(path) as store:
        assert store.schema_version() == store_module.SCHEMA_VERSION
        _a_new_version_counts_only_the_lines_new_to_the_story(store, story_id)


def test_a_postgres_store_of_schema_4_gets_each_storys_lines_from_its_texts(
        pg_url: str) -> None:
    import psycopg

    with open_store(pg_url) as store:
        story_id = _story_written_before_story_lines(store)
    with psycopg.connect(pg_url, autocommit=True) as conn:  # as a monitor of 2026-12-05 left it
        conn.execute("DROP TABLE story_lines")
        conn.execute("DELETE FROM schema_migrations WHERE version = 5")
    with open_store(pg_url) as store:
        assert store.schema_version() == 5
        _a_new_version_counts_only_the_lines_new_to_the_story(store, story_id)


def _a_new_version_counts_only_the_lines_new_to_the_story(store: Storage,
                                                          story_id: int) -> None:
    """What the decision made from the versions' texts before story_lines existed."""
    from monitor.config import parse_config
    from monitor.pipeline import Pipeline

    every = _lines_of_every_version()
    assert store.story_lines(story_id, [*every, "", "other"]) == every
    config = parse_config("feeds:\n  - name: world\n    url: http://example.org/world.xml\n",
                          "test.yaml")
    entry = Entry(guid="g", link="http://x/g", title="Mines",
                  text="Mines were laid.\n\nThe toll is 12.\n\nA new line.\n\nA promo line.")
    pipeline = Pipeline(config, store)  # type: ignore[arg-type]
    try:
        result = pipeline.ingest("world", entry, now=datetime(2026, 12, 6, tzinfo=UTC))
    finally:
        pipeline.close()
    assert result is not None and result.version_id
    # "the toll is 0" (versions 1 and 2) and "a promo line" (version 3) were the story's
    # already: only the new line is counted
    assert store.recurring_lines("world", [*every, "a new line"], 1) == {"a new line"}
    assert store.story_lines(story_id, ["a new line"]) == {"a new line"}
