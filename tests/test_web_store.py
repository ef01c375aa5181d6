"""What the web view added below it: story mute (store and outbox), the daemon heartbeat,
schema 3, the store's listing queries, and the side-by-side diff (issue 14)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from monitor.errors import NotFoundError
from monitor.facts import diff_documents
from monitor.models import Document
from monitor.notify.outbox import DeliveryWorker, enqueue_fact_alerts
from monitor.store import MUTED_FOREVER, SCHEMA_VERSION, Store, iso
from monitor.web import diffview
from tests.support.outbox import (
    T0,
    Clock,
    add_story,
    condition_change,
    deliveries,
    make_config,
)
from tests.support.polling import wait_for
from tests.support.schema import store_of_schema

CONSOLE = """
channels:
  desk: {type: console}
watches:
  - {name: mines, keywords: [mines], notify: [desk]}
"""


# ---------------------------------------------------------------- mute: store


def test_mute_and_unmute_a_story(store: Store):
    row, _ = add_story(store)
    store.mute_story(row["id"], "2026-11-21T12:00:00Z")
    assert store.muted_story_ids([row["id"]], "2026-11-21T11:59:59Z") == {row["id"]}
    assert store.muted_story_ids([row["id"]], "2026-11-21T12:00:00Z") == set()  # expired
    store.mute_story(row["id"], MUTED_FOREVER)
    assert store.muted_story_ids([row["id"], 999], "2999-01-01T00:00:00Z") == {row["id"]}
    store.unmute_story(row["id"])
    assert store.story(row["id"])["muted_until"] is None  # type: ignore[index]
    assert store.muted_story_ids([], "2026-01-01T00:00:00Z") == set()
    with pytest.raises(NotFoundError):
        store.mute_story(999, MUTED_FOREVER)
    with pytest.raises(NotFoundError):
        store.unmute_story(999)


# ---------------------------------------------------------------- mute: delivery


def test_a_muted_story_raises_no_alert(tmp_path, store: Store):
    config = make_config(tmp_path, CONSOLE)
    row, version_id = add_story(store)
    store.mute_story(row["id"], iso(T0.replace(day=21)) or "")
    with store.write():
        assert enqueue_fact_alerts(store, config, story=row, version_id=version_id,
                                   changes=[condition_change()], now=T0) == 0
    assert deliveries(store) == []
    # once the mute has ended, the next change alerts again
    later = T0.replace(day=22)
    with store.write():
        assert enqueue_fact_alerts(store, config, story=row, version_id=version_id,
                                   changes=[condition_change()], now=later) == 1


def test_alerts_queued_before_a_mute_are_not_sent(tmp_path, store: Store, capsys):
    config = make_config(tmp_path, CONSOLE)
    muted, muted_version = add_story(store)
    other, other_version = add_story(store, url="https://news.example.org/a/2")
    with store.write():
        for row, version in ((muted, muted_version), (other, other_version)):
            enqueue_fact_alerts(store, config, story=row, version_id=version,
                                changes=[condition_change()], now=T0)
    store.mute_story(muted["id"], MUTED_FOREVER)
    with DeliveryWorker(tmp_path / "monitor.db", config, clock=Clock(), paced=False) as worker:
        assert worker.run_once() == {"sent": 1, "retry": 0, "dead": 1}
    rows = {r["story_id"]: r for r in deliveries(store)}
    assert rows[muted["id"]]["status"] == "dead"
    assert rows[muted["id"]]["last_error"] == "not sent: the story is muted"
    assert rows[other["id"]]["status"] == "sent"
    assert capsys.readouterr().out.count("[desk]") == 1
    # unmuted, a retry sends it
    from monitor.notify import outbox

    store.unmute_story(muted["id"])
    outbox.retry(store, ids=[rows[muted["id"]]["id"]], now=T0)
    with DeliveryWorker(tmp_path / "monitor.db", config, clock=Clock(), paced=False) as worker:
        assert worker.run_once() == {"sent": 1, "retry": 0, "dead": 0}


def test_a_digest_leaves_out_only_the_muted_story(tmp_path, store: Store):
    config = make_config(tmp_path, """
channels:
  daily: {type: console, digest: 1h}
watches:
  - {name: mines, keywords: [mines], notify: [daily]}
""")
    rows = [add_story(store, url=f"https://news.example.org/a/{n}") for n in range(3)]
    with store.write():
        for row, version in rows:
            enqueue_fact_alerts(store, config, story=row, version_id=version,
                                changes=[condition_change()], now=T0)
    store.mute_story(rows[1][0]["id"], MUTED_FOREVER)
    clock = Clock()
    clock.advance(3600)
    with DeliveryWorker(tmp_path / "monitor.db", config, clock=clock, paced=False) as worker:
        worker.run_once()
    status = {r["story_id"]: r["status"] for r in deliveries(store)}
    assert status == {rows[0][0]["id"]: "sent", rows[1][0]["id"]: "dead",
                      rows[2][0]["id"]: "sent"}


# ---------------------------------------------------------------- heartbeat


def test_the_daemon_beats_while_it_runs_and_notes_a_clean_stop(tmp_path):
    from monitor.config import parse_config
    from monitor.daemon import Daemon

    daemon = Daemon(parse_config("feeds: []\n", "t.yaml"), tmp_path / "monitor.db")
    def state() -> dict | None:
        with Store.open(tmp_path / "monitor.db", readonly=True) as store:
            return store.daemon_state()

    daemon.start()
    try:
        running = wait_for(state, timeout=10)
        assert running["stopped_at"] is None and running["beat_at"]
    finally:
        daemon.shutdown()
    stopped = state()
    assert stopped is not None and stopped["stopped_at"] is not None


def test_a_new_daemon_replaces_the_heartbeat_row(store: Store):
    store.beat(host="a", pid=1, started_at="2026-01-01T00:00:00Z", now="2026-01-01T00:00:00Z")
    store.daemon_stopped(host="a", pid=1, now="2026-01-01T00:01:00Z")
    store.beat(host="b", pid=2, started_at="2026-01-02T00:00:00Z", now="2026-01-02T00:00:05Z")
    assert store.daemon_state() == {"host": "b", "pid": 2, "started_at": "2026-01-02T00:00:00Z",
                                    "beat_at": "2026-01-02T00:00:05Z", "stopped_at": None}
    store.daemon_stopped(host="a", pid=1, now="2026-01-02T00:01:00Z")  # not the running one
    assert store.daemon_state()["stopped_at"] is None  # type: ignore[index]


# ---------------------------------------------------------------- schema 3


def test_a_schema_2_store_migrates_keeping_its_stories(tmp_path):
    path = tmp_path / "old.db"
    with store_of_schema(path, 2) as old:
        row, _ = add_story(old)
    with Store.open(path, readonly=True) as readonly:  # a reader cannot migrate: ok
        assert readonly.db.execute("PRAGMA user_version").fetchone()[0] == 2
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.story(row["id"])["muted_until"] is None  # type: ignore[index]
        assert store.daemon_state() is None
        indexes = {r["name"] for r in store.query(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"changes_detected", "deliveries_version", "deliveries_created"} <= indexes


def test_serving_an_older_store_brings_it_up_to_date(tmp_path):
    pytest.importorskip("starlette")
    from monitor.web.app import WebApp

    path = tmp_path / "old.db"
    with store_of_schema(path, 2):
        pass
    WebApp(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


# ---------------------------------------------------------------- listing queries


def test_web_changes_pages_by_keyset(store: Store, tmp_path):
    config = make_config(tmp_path, CONSOLE)
    for n in range(5):
        row, version = add_story(store, url=f"https://news.example.org/a/{n}")
        store.add_changes(row["id"], None, version, [{
            "kind": "number", "action": "changed", "old": str(n), "new": str(n + 1),
            "severity": "high"}], detected_at=f"2026-11-2{n}T00:00:00Z")
    del config
    everything = store.web_changes(limit=50)
    assert [r["old"] for r in everything] == ["4", "3", "2", "1", "0"]
    first = store.web_changes(limit=2)
    second = store.web_changes(limit=2, after=(first[-1]["detected_at"], first[-1]["id"]))
    assert [r["old"] for r in first + second] == ["4", "3", "2", "1"]
    assert [r["old"] for r in store.web_changes(since="2026-11-22T00:00:00Z",
                                                before="2026-11-24T00:00:00Z")] == ["3", "2"]
    assert store.web_changes(search="100%") == []
    assert len(store.web_changes(search="UKRAINE mines")) == 5


# ---------------------------------------------------------------- side by side


OLD = ("Updated 5 minutes ago\n\n"
       "The mines may be used only away from populated areas, officials said.\n\n"
       "The move drew critcism from rights groups. Talks continue.\n\n"
       "A third paragraph that stays.\n\nA fourth one.\n\nA fifth one.\n\nA sixth one.")
NEW = ("Updated 9 minutes ago\n\n"
       "The mines may be used near the front line, officials said.\n\n"
       "The move drew criticism from rights groups. Talks continue.\n\n"
       "A third paragraph that stays.\n\nA fourth one.\n\nA fifth one.\n\nA sixth one.")


def rows_of(old: str = OLD, new: str = NEW, title: str = "Mines") -> list[diffview.Row]:
    result = diff_documents(Document(title, old), Document(title, new))
    return diffview.side_by_side(title, old, title, new, result)


def text(segments: list[diffview.Segment], mark: str | None = None) -> str:
    return "".join(s.text for s in segments if mark is None or s.mark == mark)


def test_rows_are_classified_and_the_fact_spans_marked():
    rows = rows_of()
    kinds = [r.kind for r in rows]
    assert kinds[0] == "same" and rows[0].title  # the headline
    fact = next(r for r in rows if r.kind == "fact")
    assert "away from populated areas" in text(fact.old, "fact")
    assert "near the front line" in text(fact.new, "fact")
    assert fact.changes and fact.changes[0].kind == "condition"
    assert text(fact.old) == "The mines may be used only away from populated areas, officials said."
    cosmetic = next(r for r in rows if r.kind == "cosmetic")
    assert text(cosmetic.old, "del") == "critcism" and text(cosmetic.new, "ins") == "criticism"
    assert cosmetic.note
    stamp = next(r for r in rows if "Updated" in text(r.old))
    assert stamp.kind == "furniture" and stamp.note == "page furniture, ignored"
    talks = next(r for r in rows if text(r.old) == "Talks continue.")
    assert talks.kind == "same" and not talks.paragraph


def test_added_and_removed_sentences_sit_on_one_side():
    rows = rows_of(OLD, OLD.replace("A fourth one.", "A fourth one. Two people were hurt."))
    added = next(r for r in rows if "hurt" in text(r.new))
    assert added.old == [] and added.kind == "fact"
    removed = rows_of(OLD.replace("A fourth one.", "A fourth one. Two people were hurt."), OLD)
    gone = next(r for r in removed if "hurt" in text(r.old))
    assert gone.new == []


def test_long_unchanged_runs_are_folded():
    blocks = diffview.blocks(rows_of())
    folded = [b for b in blocks if b.folded]
    assert len(folded) == 1 and len(folded[0].rows) >= 2
    assert sum(len(b.rows) for b in blocks) == len(rows_of())


def test_identical_versions_give_only_same_rows():
    rows = rows_of(OLD, OLD)
    assert {r.kind for r in rows} == {"same"}


def test_segments_keep_every_character(tmp_path: Path):
    rows = rows_of()
    old_text = "".join(text(r.old) for r in rows[1:])
    assert old_text.replace(" ", "") == "".join(OLD.split()).replace(" ", "")
