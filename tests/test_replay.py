"""`monitor replay`: archive readers, time order, and the replay through the real pipeline."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import InputError
from monitor.replay import (
    ReplayEvent,
    Skipped,
    find_snapshots,
    merge,
    open_sources,
    parse_snapshot_time,
    read_story_file,
    record_events,
    slugify,
)
from monitor.store import Store
from tests.support.inprocess import invoke_monitor
from tests.support.replay import ARCHIVE, REAL_FEEDS, WATCH_CONFIG, write_archive

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "stories.jsonl")


@pytest.fixture
def watch_config(tmp_path: Path) -> Path:
    path = tmp_path / "replay.yaml"
    path.write_text(WATCH_CONFIG, encoding="utf-8")
    return path

# --------------------------------------------------------------------------- pure readers


def test_slugify_makes_feed_names_from_outlets() -> None:
    assert slugify("BBC News") == "bbc-news"
    assert slugify("The Daily Telegraph (Australia)") == "the-daily-telegraph-australia"
    assert slugify("  ") == "archive"


def test_snapshot_times_come_from_file_names() -> None:
    assert parse_snapshot_time("20240501T120000Z.xml") == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert parse_snapshot_time("20211017T131840Z_EMPTY.xml") == datetime(
        2021, 10, 17, 13, 18, 40, tzinfo=UTC)
    assert parse_snapshot_time("feed.xml") is None
    assert parse_snapshot_time("20241399T000000Z.xml") is None


def test_a_record_becomes_one_event_per_version() -> None:
    events = record_events(ARCHIVE[0], "a.jsonl:1")
    assert [type(e) for e in events] == [ReplayEvent, ReplayEvent]
    first = events[0]
    assert first.feed == "test-wire"
    assert first.entry.guid == "t:ceasefire"
    assert first.entry.link == "https://news.example/ceasefire"
    assert first.entry.published == datetime(2024, 11, 19, 8, tzinfo=UTC)
    assert first.captured_at == datetime(2024, 11, 19, 9, tzinfo=UTC)
    assert "killed at least 12" in first.entry.text


def test_bad_records_and_versions_are_skipped_with_a_reason() -> None:
    assert isinstance(record_events([1, 2], "x:1")[0], Skipped)
    assert "story_id" in record_events({"versions": []}, "x:2")[0].reason
    items = record_events({"story_id": "s", "versions": [
        {"captured_at": "yesterday", "title": "t", "text": "x"},
        {"captured_at": "2024-01-01T00:00:00Z", "title": "t", "text": "x"}]}, "x:3")
    assert isinstance(items[0], Skipped) and "captured_at" in items[0].reason
    assert isinstance(items[1], ReplayEvent)


def test_story_file_reports_invalid_lines_and_keeps_going(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "a.jsonl", ARCHIVE[:1], extra_lines=["{not json", ""])
    items = read_story_file(path)
    assert sum(isinstance(i, ReplayEvent) for i in items) == 2
    [bad] = [i for i in items if isinstance(i, Skipped)]
    assert bad.origin == "a.jsonl:2" and "invalid JSON" in bad.reason


def test_events_merge_in_global_time_order_across_stories(archive: Path) -> None:
    source = open_sources([archive])
    items = list(merge(source.streams))
    assert source.total_steps == 5
    order = [(i.entry.guid, i.captured_at.hour) for i in items]
    assert order == [("t:vote", 7), ("t:ceasefire", 9), ("t:bridge", 10), ("t:bridge", 12),
                     ("t:ceasefire", 15)]


def test_a_file_without_stories_is_reported_once(tmp_path: Path, archive: Path) -> None:
    hints = tmp_path / "pair_hints.jsonl"
    hints.write_text('{"story_id": "x", "from": 0, "to": 1}\n' * 3)
    items = list(merge(open_sources([hints, archive]).streams))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(skipped) == 1 and skipped[0].origin == "pair_hints.jsonl"
    assert sum(isinstance(i, ReplayEvent) for i in items) == 5


def test_a_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        open_sources([tmp_path / "nope.jsonl"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no feed snapshots"):
        open_sources([tmp_path / "empty"])


@pytest.fixture
def snapshot_dir(tmp_path: Path) -> Path:
    """Two real consecutive WSJ snapshots plus a made-up feed with a 0-byte and a
    malformed snapshot."""
    if not REAL_FEEDS.is_dir():
        pytest.skip("shared corpus not present")
    root = tmp_path / "snapshots"
    (root / "wsj_world").mkdir(parents=True)
    for path in sorted((REAL_FEEDS / "wsj_world").glob("*.xml"))[:2]:
        shutil.copy(path, root / "wsj_world" / path.name)
    made_up = root / "made_up"
    made_up.mkdir()
    (made_up / "20200601T230000Z.xml").write_bytes(b"")
    (made_up / "20200602T000000Z.xml").write_bytes(b"<html><body>not a feed</body></html>")
    (made_up / "README.txt").write_text("not a snapshot")
    return root


def test_snapshot_folders_are_read_in_time_order(snapshot_dir: Path) -> None:
    snapshots = find_snapshots(snapshot_dir)
    assert [(s.feed, s.path.name) for s in snapshots] == [
        ("wsj-world", "20200601T224705Z.xml"), ("made-up", "20200601T230000Z.xml"),
        ("made-up", "20200602T000000Z.xml"), ("wsj-world", "20200602T052501Z.xml")]
    source = open_sources([snapshot_dir])
    assert source.total_steps == 4
    items = list(merge(source.streams))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.origin for s in skipped] == ["made_up/20200601T230000Z.xml",
                                           "made_up/20200602T000000Z.xml"]
    assert skipped[0].reason == "empty file"
    events = [i for i in items if isinstance(i, ReplayEvent)]
    assert events and all(e.feed == "wsj-world" and e.entry.title for e in events)
    assert [e.captured_at for e in events] == sorted(e.captured_at for e in events)
    # One progress step per snapshot, whatever its number of entries.
    assert sum(i.step for i in items) == 4


def test_a_single_feed_folder_is_its_own_feed(snapshot_dir: Path) -> None:
    snapshots = find_snapshots(snapshot_dir / "wsj_world")
    assert {s.feed for s in snapshots} == {"wsj-world"}


def test_json_lines_round_trip(archive: Path) -> None:
    # The archive the fixture wrote is what the corpus README describes.
    first = json.loads(archive.read_text().splitlines()[0])
    assert set(first) >= {"story_id", "source", "url", "versions"}


# --------------------------------------------------------------------------- the command


def run_monitor(*args: str, cwd: Path, env: dict[str, str] | None = None,
                timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`monitor replay ...` in this process (tests/support/inprocess.py): these tests are
    about what it prints, stores and sends; the terminal test below starts a process."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("MONITOR_CONFIG", "MONITOR_DB")}
    environment.update(NO_COLOR="1", PYTHONPATH=str(REPO), **(env or {}))
    return invoke_monitor(*args, cwd=cwd, env=environment, timeout=timeout)


def test_replay_prints_changes_summary_and_alerts_per_watch(
        tmp_path: Path, archive: Path, watch_config: Path) -> None:
    db = tmp_path / "out.db"
    result = run_monitor("replay", str(archive), "--config", str(watch_config),
                         "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Replayed 5 versions of 3 stories" in out
    assert "Version pairs diffed: 2; cosmetic only (no fact change): 1 (50%)" in out
    assert "Pairs with a change at min_severity: low 1, medium 1, high 1" in out
    assert re.search(r"^  number\s+[12]\b", out, re.M)  # headline and text: once or twice
    assert re.search(r"^  casualties\s+1$", out, re.M)
    assert f"replay store: {db}" in result.stderr

    # The same pipeline as polling, in global time order: stories were created in
    # capture order, each version seen at its capture time, and the outbox holds the alert.
    with Store.open(db, readonly=True) as store:
        stories = store.query("SELECT guid, feed, first_seen_at FROM stories ORDER BY id")
        assert [(s["guid"], s["feed"]) for s in stories] == [
            ("t:vote", "test-wire"), ("t:ceasefire", "test-wire"), ("t:bridge", "other-desk")]
        assert stories[0]["first_seen_at"] == "2024-11-19T07:00:00Z"
        seen = [r["seen_at"] for r in store.query("SELECT seen_at FROM versions ORDER BY id")]
        assert seen == sorted(seen)
        deliveries = store.query("SELECT status, watch FROM deliveries")
        assert deliveries == [{"status": "pending", "watch": "casualties"}]


def test_replay_json_lines(tmp_path: Path, archive: Path, watch_config: Path) -> None:
    result = run_monitor("replay", str(archive), "--config", str(watch_config), "--json",
                         "--db", str(tmp_path / "j.db"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    changes = [line for line in lines if line["type"] == "change"]
    summary = lines[-1]
    assert changes and all(c["story"] == "t:ceasefire" and c["feed"] == "test-wire"
                           and c["captured_at"] == "2024-11-19T15:00:00Z" for c in changes)
    assert any(c["kind"] == "number" and "12" in c["old"] and "19" in c["new"]
               for c in changes)
    assert all(c["watches"] == ["casualties"] and c["repeats_version"] is None
               for c in changes)
    assert summary["type"] == "summary"
    assert (summary["stories"], summary["versions"], summary["pairs"],
            summary["cosmetic_pairs"]) == (3, 5, 2, 1)
    assert summary["changes_by_kind"] == {"number": len(changes)}
    assert summary["pairs_by_min_severity"] == {"low": 1, "medium": 1, "high": 1}
    assert summary["by_feed"] == {
        "test-wire": {"pairs": 1, "cosmetic_pairs": 0, "changes": len(changes)},
        "other-desk": {"pairs": 1, "cosmetic_pairs": 1, "changes": 0}}
    assert summary["alerts"] == {"casualties": 1, "bridges": 0}


def test_replay_names_a_version_that_repeats_an_earlier_one(
        tmp_path: Path, watch_config: Path) -> None:
    """The 19 -> 12 of a stale copy served again is a change, named as a repeat of v1."""
    ceasefire = ARCHIVE[0]
    first, second = ceasefire["versions"]
    stale = {**first, "captured_at": "2024-11-19T18:00:00Z"}
    archive = write_archive(tmp_path / "a.jsonl",
                            [{**ceasefire, "versions": [first, second, stale]}])
    result = run_monitor("replay", str(archive), "--config", str(watch_config), "--json",
                         "--db", str(tmp_path / "r.db"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    changes = [json.loads(line) for line in result.stdout.splitlines()
               if json.loads(line)["type"] == "change"]
    by_time = {c["captured_at"]: c["repeats_version"] for c in changes}
    assert by_time == {"2024-11-19T15:00:00Z": None, "2024-11-19T18:00:00Z": 1}


def test_replay_defaults_to_a_fresh_store_outside_the_project(
        tmp_path: Path, archive: Path) -> None:
    # No config anywhere: every change is recorded for the console, nothing is sent.
    result = run_monitor("replay", str(archive), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "db").exists()
    store_path = Path(re.search(r"replay store: (\S+)", result.stderr).group(1))
    assert store_path.is_file() and tmp_path not in store_path.parents
    with Store.open(store_path, readonly=True) as store:
        assert store.query("SELECT DISTINCT status FROM deliveries") == [{"status": "pending"}]
    shutil.rmtree(store_path.parent)


def test_watch_filter_and_unknown_watch(tmp_path: Path, archive: Path,
                                        watch_config: Path) -> None:
    result = run_monitor("replay", str(archive), "--config", str(watch_config), "--json",
                         "--watch", "bridges", "--db", str(tmp_path / "w.db"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["alerts"] == {"bridges": 0}

    result = run_monitor("replay", str(archive), "--config", str(watch_config),
                         "--watch", "casualtys", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"monitor: error: no watch named 'casualtys' in {watch_config} "
        "(watches: 'casualties', 'bridges')")
    assert "Traceback" not in result.stderr


def test_replay_of_snapshot_folders_skips_bad_snapshots(tmp_path: Path,
                                                         snapshot_dir: Path) -> None:
    db = tmp_path / "snap.db"
    result = run_monitor("replay", str(snapshot_dir), "--json", "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "skipped made_up/20200601T230000Z.xml: empty file" in result.stderr
    assert "skipped made_up/20200602T000000Z.xml" in result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert len(summary["skipped"]) == 2
    with Store.open(db, readonly=True) as store:
        [feed] = store.query("SELECT DISTINCT feed FROM stories")
        assert feed["feed"] == "wsj-world"
        # Both snapshots were ingested at their own times.
        seen = {r["seen_at"] for r in store.query("SELECT seen_at FROM versions")}
        assert seen <= {"2020-06-01T22:47:05Z", "2020-06-02T05:25:01Z"}
        assert "2020-06-01T22:47:05Z" in seen
    assert summary["versions"] >= summary["stories"] > 0


def test_a_bad_path_is_one_clear_line(tmp_path: Path) -> None:
    result = run_monitor("replay", str(tmp_path / "missing.jsonl"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"monitor: error: {tmp_path / 'missing.jsonl'}: " \
                                    "no such file or folder"


def test_deliver_sends_the_recorded_alerts(tmp_path: Path, archive: Path,
                                           watch_config: Path) -> None:
    db = tmp_path / "d.db"
    result = run_monitor("replay", str(archive), "--config", str(watch_config), "--deliver",
                         "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("[log] ") == 1  # the console channel named "log"
    assert "deliveries: 1 sent" in result.stderr
    with Store.open(db, readonly=True) as store:
        assert store.query("SELECT status FROM deliveries") == [{"status": "sent"}]


def test_watch_filter_keeps_only_the_changes_it_fires_on(
        tmp_path: Path, archive: Path, watch_config: Path) -> None:
    def json_lines(*watches: str) -> list[dict]:
        args = [a for w in watches for a in ("--watch", w)]
        result = run_monitor("replay", str(archive), "--config", str(watch_config), "--json",
                             *args, "--db", str(tmp_path / f"{len(watches)}{watches}.db"),
                             cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    bridges = json_lines("bridges")
    assert [line["type"] for line in bridges] == ["summary"]
    assert bridges[0]["changes"] >= 1  # the counts stay those of the whole replay
    casualties = json_lines("casualties")
    assert casualties[0]["type"] == "change" and casualties[-1]["alerts"] == {"casualties": 1}


def test_replayed_feeds_join_the_config_with_their_tags() -> None:
    from monitor.config import parse_config
    from monitor.replay import replay_feeds

    config = parse_config("feeds:\n  - {name: test-wire, url: 'https://a.example/rss', "
                          "tags: [world]}\n", "t.yaml")
    merged = replay_feeds(config, {"test-wire", "other-desk"}, ("ukraine",))
    assert merged.feed("test-wire").tags == ("world", "ukraine")
    assert merged.feed("test-wire").url == "https://a.example/rss"
    assert merged.feed("other-desk").tags == ("ukraine",)
    assert replay_feeds(config, {"other-desk"}).feed("other-desk").tags == ()


def test_replaying_into_a_store_that_holds_stories_says_so(
        tmp_path: Path, archive: Path, watch_config: Path) -> None:
    # Replaying the same archive again feeds old versions after newer ones: the
    # pipeline rightly sees reverts, so the user is told the store was not fresh.
    db = tmp_path / "twice.db"
    notes = []
    for _ in range(2):
        result = run_monitor("replay", str(archive), "--config", str(watch_config), "--json",
                             "--db", str(db), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        notes.append("already holds 3 stories" in result.stderr)
    assert notes == [False, True]


def test_a_slice_of_the_real_corpus_replays_without_errors(tmp_path: Path) -> None:
    corpus = REAL_FEEDS.parent / "rss_jeffthomasweb_npr_ars_wgrz_2024-2026.jsonl"
    if not corpus.is_file():
        pytest.skip("shared corpus not present")
    with corpus.open(encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(150)]
    sliced = tmp_path / "slice.jsonl"
    sliced.write_text("".join(lines), encoding="utf-8")
    result = run_monitor("replay", str(sliced), "--json", "--db", str(tmp_path / "s.db"),
                         cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["skipped"] == []
    assert summary["versions"] > summary["stories"] > 100
    assert 0 < summary["cosmetic_pairs"] < summary["pairs"]


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import pty

    def town(i: int) -> str:  # a distinct word per story (digits alone would recur)
        return "".join(chr(97 + (i // 26**k) % 26) for k in range(3)).capitalize()

    records = [{"story_id": f"s{i}", "source": "Bulk", "url": f"https://bulk.example/{i}",
                "versions": [{"captured_at": f"2024-01-0{day}T{i % 24:02}:00:00Z",
                              "title": f"Fair in {town(i)}ville",
                              "text": f"The fair in {town(i)}ville drew {count} visitors."}
                             for day, count in ((1, 100 + i), (2, 200 + i))]}
               for i in range(120)]
    archive = write_archive(tmp_path / "bulk.jsonl", records)
    primary, secondary = pty.openpty()
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("MONITOR_CONFIG", "MONITOR_DB")}
    environment.update(PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "replay", str(archive), "--db", str(tmp_path / "b.db")],
        cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=secondary, text=True)
    os.close(secondary)
    out, _ = process.communicate(timeout=60)
    terminal = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the other end is closed: everything has been read
            break
        if not chunk:
            break
        terminal += chunk
    os.close(primary)
    assert process.returncode == 0
    assert b"Replaying" in terminal and b"100%" in terminal
    assert "Replayed 240 versions of 120 stories" in out


def test_trust_ids_keeps_near_duplicate_archive_stories_apart(tmp_path: Path) -> None:
    lede = ("Rescue teams searched collapsed buildings in the port city through the night "
            "after the earthquake, the regional governor told reporters on Wednesday, "
            "and hospitals asked for blood donations.")
    records = [
        {"story_id": "wire-a", "source": "Wire", "url": "https://wire.example/a",
         "versions": [{"captured_at": "2024-03-01T10:00:00Z", "title": "Quake kills 30",
                       "text": lede + " At least 30 people died."}]},
        {"story_id": "wire-b", "source": "Wire", "url": "https://wire.example/b",
         "versions": [{"captured_at": "2024-03-01T11:00:00Z", "title": "Quake kills 35",
                       "text": lede + " At least 35 people died."}]},
    ]
    archive = write_archive(tmp_path / "dupes.jsonl", records)

    def stories(*flags: str) -> int:
        result = run_monitor("replay", str(archive), "--json", *flags,
                             "--db", str(tmp_path / f"d{len(flags)}.db"), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.splitlines()[-1])["stories"]

    assert stories() == 1  # as when polling: a reissued near-duplicate joins the story
    assert stories("--trust-ids") == 2
