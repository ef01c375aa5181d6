"""`monitor mute` / `unmute`, `monitor changes`, `monitor prune` and the `retention:` key,
on real SQLite files built through the pipeline (tests/support/web.py)."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.models import Entry
from monitor.pipeline import Pipeline
from monitor.store import MUTED_FOREVER, Store, iso, utcnow
from tests.support.inprocess import invoke_monitor
from tests.support.polling import db_rows, monitor_env
from tests.support.web import ENV, WebStore, build

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def web(tmp_path: Path) -> WebStore:
    return build(tmp_path / "m.db")


def mon(web: WebStore, *args: str, code: int = 0) -> str:
    done = invoke_monitor(*args, "--db", str(web.path), cwd=web.path.parent,
                          env=monitor_env(**ENV))
    assert done.returncode == code, (done.stdout, done.stderr)
    return done.stdout if code == 0 else done.stderr


# ---------------------------------------------------------------- mute / unmute


def test_mute_for_a_while_shows_in_stories_and_unmute_clears_it(web: WebStore):
    out = mon(web, "mute", str(web.mines), "--for", "7d")
    assert f"story {web.mines} muted until" in out
    until = db_rows(web.path, "SELECT muted_until FROM stories WHERE id = ?", [web.mines])[0][0]
    expected = utcnow() + timedelta(days=7)
    assert abs((expected - datetime_of(until)).total_seconds()) < 120
    rows = {r["id"]: r for r in json.loads(mon(web, "stories", "--json"))}
    assert rows[web.mines]["muted_until"] == until
    assert rows[web.talks]["muted_until"] is None
    table = mon(web, "stories")
    # 7 days less the seconds the commands took: shown as 'in 7d' or, a slower run, 'in 6d'
    assert "MUTED" in table and ("in 7d" in table or "in 6d" in table)
    mon(web, "unmute", str(web.mines))
    assert db_rows(web.path, "SELECT muted_until FROM stories WHERE id = ?",
                   [web.mines])[0][0] is None
    assert "MUTED" not in mon(web, "stories")


def test_mute_without_for_is_forever_and_by_url(web: WebStore):
    mon(web, "mute", "https://news.example.org/mines")
    assert db_rows(web.path, "SELECT muted_until FROM stories WHERE id = ?",
                   [web.mines])[0][0] == MUTED_FOREVER
    assert "forever" in mon(web, "stories")


def test_a_muted_story_sends_no_alert_but_its_changes_are_stored(web: WebStore):
    mon(web, "mute", str(web.talks))
    before = db_rows(web.path, "SELECT count(*) FROM deliveries WHERE story_id = ?",
                     [web.talks])[0][0]
    with Store.open(web.path) as store:
        pipeline = Pipeline(web.config, store)
        pipeline.ingest("wire", Entry(
            guid="talks-2", link=None, title="Talks resume in Geneva",
            text="Negotiators met in Geneva on Tuesday for a fourth round of talks."),
            now=utcnow())
    assert db_rows(web.path, "SELECT count(*) FROM changes WHERE story_id = ?",
                   [web.talks])[0][0] >= 1
    assert db_rows(web.path, "SELECT count(*) FROM deliveries WHERE story_id = ?",
                   [web.talks])[0][0] == before


def test_mute_errors(web: WebStore):
    assert "no story '999'" in mon(web, "mute", "999", code=2)
    err = mon(web, "mute", str(web.mines), "--for", "soon", code=2)
    assert "--for" in err and "duration" in err


def datetime_of(value: str):  # type: ignore[no-untyped-def]
    from monitor.store import parse_iso

    moment = parse_iso(value)
    assert moment is not None
    return moment


# ---------------------------------------------------------------- changes


def test_changes_newest_first_json_complete(web: WebStore):
    rows = json.loads(mon(web, "changes", "--json"))
    total = db_rows(web.path, "SELECT count(*) FROM changes")[0][0]
    assert len(rows) == total >= 3
    stamps = [r["detected_at"] for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    assert {"story_id", "kind", "action", "old", "new", "severity", "muted"} <= rows[0].keys()
    assert len(json.loads(mon(web, "changes", "--json", "--limit", "1"))) == 1


def test_changes_since_and_watch(web: WebStore):
    assert json.loads(mon(web, "changes", "--json", "--since", "24h")) == []
    assert "no fact changes in the last 24h" in mon(web, "changes", "--since", "24h")
    dated = json.loads(mon(web, "changes", "--json", "--watch", "end of term"))
    assert [r["kind"] for r in dated] == ["date"]


def test_changes_table_says_how_many_are_shown(web: WebStore):
    out = mon(web, "changes", "--limit", "1")
    assert "DETECTED" in out and "CHANGE" in out
    total = db_rows(web.path, "SELECT count(*) FROM changes")[0][0]
    assert f"1 of {total} shown; --limit 0 for all" in out


def test_changes_as_atom_parses_with_feedparser(web: WebStore, tmp_path: Path):
    body = mon(web, "changes", "--format", "atom").encode()
    root = ET.fromstring(body)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == db_rows(web.path, "SELECT count(*) FROM changes")[0][0]
    titles = [e.findtext(f"{ATOM}title") or "" for e in entries]
    assert all("\u202e" not in t for t in titles)
    links = [link.get("href") for e in entries for link in e.findall(f"{ATOM}link")]
    assert "https://news.example.org/mines" in links
    assert not any((link or "").startswith("javascript") for link in links)
    import feedparser

    parsed = feedparser.parse(body)
    assert not parsed.bozo and len(parsed.entries) == len(entries)
    out = tmp_path / "changes.atom"
    mon(web, "changes", "--format", "atom", "--watch", "end of term", "-o", str(out))
    assert len(ET.parse(out).getroot().findall(f"{ATOM}entry")) == 1


def test_changes_unknown_feed_is_an_error(web: WebStore):
    err = mon(web, "changes", "--feed", "nosuch", code=2)
    assert "nosuch" in err and "world" in err


# ---------------------------------------------------------------- prune


def _sent(web: WebStore) -> None:
    with sqlite3.connect(web.path) as conn:
        conn.execute("UPDATE deliveries SET status = 'sent', sent_at = created_at")


def _counts(path: Path) -> dict[str, int]:
    return {t: db_rows(path, f"SELECT count(*) FROM {t}")[0][0]
            for t in ("stories", "versions", "facts", "changes", "deliveries", "sentences")}


def _facts_as_stored_before(web: WebStore) -> None:
    """Facts rows on each of the mines story's versions, as a store written by a monitor
    before December 2026 holds them (monitor now reads facts from the text when asked)."""
    from monitor.store import Store
    from tests.support.stored_facts import store_facts

    with Store.open(web.path) as store:
        for version in store.versions(web.mines):
            store_facts(store, web.mines, version["id"], [
                {"kind": "number", "key": "number:mines", "value": str(version["number"]),
                 "span": "mines", "sentence": f"Version {version['number']} of the mines."}])


def test_prune_keeps_the_latest_version_of_a_story_still_in_a_feed(web: WebStore):
    _sent(web)
    _facts_as_stored_before(web)
    before = _counts(web.path)
    dry = json.loads(mon(web, "prune", "--older-than", "90d", "--dry-run", "--json",
                         "--config", str(web.config_path)))
    assert dry["dry_run"] and dry["versions"] == 3  # mines v1, v2; hostile v1
    assert _counts(web.path) == before  # a dry run changes nothing
    out = mon(web, "prune", "--older-than", "90d", "--config", str(web.config_path))
    assert "removed 0 stories, 3 versions" in out and "bytes reclaimed" in out
    after = _counts(web.path)
    assert after["stories"] == 3 and after["versions"] == 3  # one (the latest) per story
    assert after["deliveries"] == 0 and after["changes"] < before["changes"]
    assert before["facts"] == 3 and after["facts"] == 1  # the latest version's
    assert before["sentences"] == 3 and after["sentences"] == 1
    latest = db_rows(web.path, "SELECT number, story_id FROM versions WHERE story_id = ?",
                     [web.mines])
    assert latest == [(3, web.mines)]
    assert db_rows(web.path, "SELECT version_count FROM stories WHERE id = ?",
                   [web.mines])[0][0] == 1
    # the store is still whole: history reads, integrity and foreign keys hold
    assert json.loads(mon(web, "history", str(web.mines), "--json"))[0]["version"] == 3
    assert db_rows(web.path, "PRAGMA integrity_check")[0][0] == "ok"
    assert db_rows(web.path, "PRAGMA foreign_key_check") == []
    assert db_rows(web.path, "PRAGMA auto_vacuum")[0][0] == 2  # incremental from now on


def test_prune_removes_whole_stories_of_feeds_no_longer_configured(web: WebStore,
                                                                   tmp_path: Path):
    _sent(web)
    config = tmp_path / "only-world.yaml"
    config.write_text("feeds:\n  - name: world\n    url: http://127.0.0.1:9/w.xml\n")
    config.chmod(0o600)
    counts = json.loads(mon(web, "prune", "--older-than", "90d", "--json",
                            "--config", str(config)))
    assert counts["stories"] == 2  # talks and the hostile story (feed "wire")
    ids = [r[0] for r in db_rows(web.path, "SELECT id FROM stories")]
    assert ids == [web.mines]
    assert db_rows(web.path, "SELECT count(*) FROM story_keys WHERE story_id != ?",
                   [web.mines])[0][0] == 0
    assert db_rows(web.path, "PRAGMA foreign_key_check") == []


def test_prune_never_touches_a_story_with_an_unsent_alert_or_seen_recently(web: WebStore):
    # as built: alerts pending (and one dead) for the edited stories
    counts = json.loads(mon(web, "prune", "--older-than", "90d", "--json"))
    assert counts["skipped_unsent"] == 2 and counts["versions"] == 0
    _sent(web)
    with sqlite3.connect(web.path) as conn:
        conn.execute("UPDATE stories SET last_seen_at = ?", [iso(utcnow())])
    counts = json.loads(mon(web, "prune", "--older-than", "90d", "--json"))
    assert counts["versions"] == 0 and counts["stories"] == 0


def test_prune_shrinks_the_file(tmp_path: Path):
    web = build(tmp_path / "big.db")
    old = iso(utcnow() - timedelta(days=400))
    with Store.open(web.path) as store:
        pipeline = Pipeline(web.config, store)
        text = "Negotiators met in Geneva on Monday. " * 200
        for i in range(60):
            pipeline.ingest("wire", Entry(guid="bulk", link=None, title="Bulk",
                                          text=f"{text} Round {i} drew {i * 7} delegates."),
                            now=utcnow() - timedelta(days=400 - i / 100))
        with store.write() as conn:
            conn.execute("UPDATE stories SET last_seen_at = ?", [old])
            conn.execute("UPDATE deliveries SET status = 'sent'")
    size = web.path.stat().st_size
    counts = json.loads(mon(web, "prune", "--older-than", "90d", "--json"))
    assert counts["versions"] >= 59 and counts["bytes_reclaimed"] > 0
    assert web.path.stat().st_size < size / 2


def test_prune_usage_errors(web: WebStore):
    assert "--older-than" in mon(web, "prune", code=2)
    assert "at least 1d" in mon(web, "prune", "--older-than", "2h", code=2)


# ---------------------------------------------------------------- retention


def test_retention_key_is_validated_with_file_line_and_key():
    from monitor.config import parse_config

    config = parse_config("feeds: []\nretention: 90d\n", "f.yaml")
    assert config.retention == 90 * 86400
    assert parse_config("feeds: []\n", "f.yaml").retention is None
    with pytest.raises(ConfigError) as bad:
        parse_config("feeds: []\n\nretention: 3h\n", "f.yaml")
    assert str(bad.value).startswith("f.yaml:3: retention:") and "at least 1d" in str(bad.value)
    with pytest.raises(ConfigError) as bad:
        parse_config("feeds: []\nretention: often\n", "f.yaml")
    assert str(bad.value).startswith("f.yaml:2: retention:")


def test_the_daemon_prunes_daily_when_retention_is_set(web: WebStore):
    from monitor.config import parse_config
    from monitor.daemon import RETENTION_JOB, Daemon
    from tests.support.web import CONFIG

    _sent(web)
    config = parse_config(CONFIG + "retention: 90d\n", str(web.config_path))
    daemon = Daemon(config, web.path, deliver=False)
    try:
        counts = daemon.run_retention()
        assert counts is not None and counts["versions"] == 3
        daemon.start()
        job = daemon._scheduler.get_job(RETENTION_JOB)
        assert job is not None and job.trigger.interval.total_seconds() == 86400
    finally:
        daemon.shutdown()
    assert db_rows(web.path, "SELECT count(*) FROM versions")[0][0] == 3
    without = Daemon(web.config, web.path, deliver=False)
    try:
        assert without.run_retention() is None
    finally:
        without.shutdown()
