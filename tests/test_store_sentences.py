"""Schema migration 2: each fact's sentence stored once per story (``sentences``)."""

from __future__ import annotations

import sqlite3

import pytest

import monitor.store as store_module
from monitor.errors import StoreError
from monitor.store import SCHEMA_VERSION, Store
from tests.support.stored_facts import store_facts

V1_FACTS = [  # (story, kind, key, value, span, sentence): sentences repeat within a story
    (0, "number", "number:mines", "5", "five", "Five mines were sent."),
    (0, "date", "date:sent", "2024-11-19", "Tuesday", "Five mines were sent."),
    (0, "status", "status:use", "restricted", "only", "They may be used only in Ukraine."),
    (0, "entity", None, None, None, None),
    (1, "number", "number:mines", "5", "five", "Five mines were sent."),  # same text, other story
]


def build_v1_store(path) -> list[int]:
    """A version-1 file holding two stories, a version each, and V1_FACTS; the story ids."""
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == 1
        store.ensure_feed("w", "http://127.0.0.1/")
        stories = [store.create_story(feed="w", title=f"s{n}", first_seen_at="2026-03-03T10:00:00Z",
                                      last_seen_at="2026-03-03T10:00:00Z") for n in range(2)]
        versions = [store.add_version(story_id=s, number=1, title="t", text="x", content_hash="h",
                                      simhash="0", seen_at="2026-03-03T10:00:00Z")
                    for s in stories]
        with store.write() as conn:
            conn.executemany(
                "INSERT INTO facts (version_id, story_id, kind, key, value, span, sentence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(versions[n], stories[n], *rest) for n, *rest in V1_FACTS])
    return stories


def test_a_version_1_store_with_facts_migrates_without_losing_a_sentence(tmp_path, monkeypatch):
    path = tmp_path / "v1.db"
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
        patch.setattr(store_module, "SCHEMA_VERSION", 1)
        stories = build_v1_store(path)
    with Store.open(path) as store:  # the current code migrates it
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        columns = {c.name for c in store.db["facts"].columns}
        assert "sentence" not in columns and "sentence_id" in columns
        rows = store.query(
            "SELECT f.story_id, f.kind, f.key, f.value, f.span, s.text FROM facts f "
            "LEFT JOIN sentences s ON s.id = f.sentence_id ORDER BY f.id")
        assert [tuple(r.values()) for r in rows] == [
            (stories[n], *rest) for n, *rest in V1_FACTS]
        # each sentence once per story: the repeated one is a single row in story 0
        assert store.query("SELECT story_id, text FROM sentences ORDER BY id") == [
            {"story_id": stories[0], "text": "Five mines were sent."},
            {"story_id": stories[0], "text": "They may be used only in Ukraine."},
            {"story_id": stories[1], "text": "Five mines were sent."}]
        view = store.query("SELECT kind, sentence FROM facts_with_sentences ORDER BY id")
        assert [r["sentence"] for r in view] == [f[-1] for f in V1_FACTS]
        names = [r["name"] for r in store.query(
            "SELECT name FROM schema_migrations ORDER BY version")]
        assert names[:2] == ["initial schema", "each sentence once per story"]


def test_a_fresh_store_keeps_the_sentences_schema_for_stored_facts(tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {"sentences", "facts_with_sentences"} <= set(
            store.db.table_names() + store.db.view_names())
        store.ensure_feed("w", "http://127.0.0.1/")
        story = store.create_story(feed="w", title="s", first_seen_at="2026-03-03T10:00:00Z",
                                   last_seen_at="2026-03-03T10:00:00Z")
        for number, count in ((1, "5"), (2, "7")):
            version = store.add_version(story_id=story, number=number, title="t", text=count,
                                        content_hash=count, simhash="0",
                                        seen_at="2026-03-03T10:00:00Z")
            store_facts(store, story, version, [  # as monitors before 2026-12 did
                {"kind": "number", "key": "number:mines", "value": count, "span": count,
                 "sentence": f"{count} mines were sent."},
                {"kind": "status", "key": "status:use", "value": "restricted", "span": "only",
                 "sentence": "They may be used only in Ukraine."},
                {"kind": "status", "key": "status:area", "value": "away", "span": "away",
                 "sentence": "They may be used only in Ukraine."},
                {"kind": "entity", "key": None, "value": None, "span": None, "sentence": None}])
        assert [r["text"] for r in store.query("SELECT text FROM sentences ORDER BY id")] == [
            "5 mines were sent.", "They may be used only in Ukraine.", "7 mines were sent."]
        facts = store.query("SELECT v.number, f.value, f.sentence FROM facts_with_sentences f "
                            "JOIN versions v ON v.id = f.version_id ORDER BY f.id")
        assert [tuple(f.values()) for f in facts] == [
            (1, "5", "5 mines were sent."), (1, "restricted", "They may be used only in Ukraine."),
            (1, "away", "They may be used only in Ukraine."), (1, None, None),
            (2, "7", "7 mines were sent."), (2, "restricted", "They may be used only in Ukraine."),
            (2, "away", "They may be used only in Ukraine."), (2, None, None)]


def test_a_store_newer_than_schema_2_is_still_refused(tmp_path):
    path = tmp_path / "newer.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match=rf"schema version {SCHEMA_VERSION + 1} is newer"):
        Store.open(path)
