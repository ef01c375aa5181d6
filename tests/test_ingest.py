"""Decide + apply (monitor/ingest.py, Store.apply_ingest) and the worker processes
(monitor/cpu.py): the pure decision on a table of cases, a stale decision refused and made
again, two real processes on one SQLite file, the pool giving the in-process rows."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from monitor import fingerprint
from monitor.config import parse_config
from monitor.cpu import CpuPool
from monitor.ingest import (
    Intent,
    Job,
    NeedMore,
    Options,
    Snapshot,
    StoryExtra,
    StoryKnown,
    VersionRow,
    decide,
    decide_and_compute,
    read_snapshot,
)
from monitor.models import Entry
from monitor.pipeline import Pipeline
from monitor.store import Store
from tests.support.polling import MINES, TERM, config_text

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
OPTIONS = Options(full_text=False, recheck_min=600, recheck_max=86400, recheck_until=259200)
FEED = "world"

STORY = (f"{MINES}\n\n{TERM}\n\nThe Pentagon said 12 shipments were sent on Nov. 19, and a "
         "further 30 are due before the end of the year, according to two officials.")
EDITED = STORY.replace("12 shipments", "15 shipments")
OTHER = ("A powerful storm pushed ashore along the coastal region on Wednesday, cutting power "
         "to 40,000 homes and flooding roads, the state emergency agency said.\n\nSchools "
         "will stay closed until Friday while crews clear fallen trees and repair lines.")
FLIP = STORY.replace("30 are due", "31 are due")
STORM = "Storm hits the coast"


def version(id_: int, number: int, text: str, *, title: str = "Mines for Ukraine",
            source: str = "feed") -> VersionRow:
    return VersionRow(id_, number, title, text, fingerprint.content_hash(title, text), source,
                      "2026-11-19T10:00:00Z")


def known(story_id: int, *versions: VersionRow, family: tuple[StoryKnown, ...] | None = None,
          extra: StoryExtra | None = None) -> StoryKnown:
    row = {"id": story_id, "feed": FEED, "url": "http://127.0.0.1/a", "version_count":
           len(versions), "published_at": None, "first_seen_at": "2026-11-19T10:00:00Z"}
    return StoryKnown(story_id, row, versions, family, extra)


def extra(boilerplate: frozenset[str] = frozenset()) -> StoryExtra:
    return StoryExtra(frozenset(), boilerplate, (STORY,))


def job(text: str, *, found: StoryKnown | None = None, source: str = "feed",
        candidates: tuple[tuple[int, StoryKnown], ...] | None = None,
        claimed: frozenset[int] = frozenset(), title: str = "Mines for Ukraine") -> Job:
    entry = Entry(guid="g1", link="http://127.0.0.1/a", title=title, text=text)
    snapshot = Snapshot(FEED, tuple(fingerprint.identity_keys(entry)), "2026-11-13T08:00:00Z",
                        found, candidates, None, claimed)
    return Job(entry, snapshot, OPTIONS, NOW, source=source)


def kind_of(result: Intent | NeedMore | None) -> str | None:
    if result is None:
        return None
    if isinstance(result, NeedMore):
        return f"need story {result.story_id}"
    return result.kind


# ---------------------------------------------------------------- decide: a table of cases

V1 = version(11, 1, STORY)
CASES: list[tuple[str, Job, str | None]] = [
    ("no title, no text", job("", title=""), None),
    ("no story known: a new story", job(STORY), "new story"),
    ("byte-identical to the latest version", job(STORY, found=known(1, V1)), "touch"),
    ("re-rendered only (same normalised content)",
     job(STORY.replace(". ", ".  ", 1), found=known(1, V1, extra=extra())), "touch"),
    ("a fact edited", job(EDITED, found=known(1, V1, extra=extra())), "new version"),
    ("a fact edited, the story's extra not read", job(EDITED, found=known(1, V1)),
     "need story 1"),
    ("flip-flop: A, B, A then B again",
     job(FLIP, found=known(1, version(13, 3, STORY), version(12, 2, FLIP), V1, extra=extra())),
     "touch"),
    ("a revert after one change is real",
     job(STORY, found=known(1, version(12, 2, FLIP), V1, extra=extra())), "new version"),
    ("the feed's text gave way to the page's", job(EDITED, found=known(1, V1, extra=extra()),
                                                    source="page"), "new version"),
    ("a reused guid, the family not read",
     job(OTHER, title=STORM, found=known(1, V1, extra=extra())), "need story 1"),
    ("a reused guid naming an unrelated story: a new one replaces it",
     job(OTHER, title=STORM, found=known(1, V1, family=(), extra=extra())), "replace"),
    ("a reused guid naming a story of its family again",
     job(OTHER, title=STORM, found=known(1, V1, extra=extra(), family=(
         known(7, version(70, 1, OTHER, title=STORM)),))), "touch"),
    ("no key, a near-duplicate recent story", job(EDITED, candidates=(
        (3, known(5, V1, extra=extra())),)), "new version"),
    ("no key, near-duplicate of a story another entry of the document went to",
     job(EDITED, candidates=((3, known(5, V1, extra=extra())),), claimed=frozenset({5})),
     "new story"),
]


@pytest.mark.parametrize(("name", "case", "expected"), CASES, ids=[c[0] for c in CASES])
def test_decide(name: str, case: Job, expected: str | None) -> None:
    assert kind_of(decide(case)) == expected


def test_decide_is_pure_and_gives_what_to_write() -> None:
    case = job(EDITED, found=known(1, V1, extra=extra()))
    first, again = decide(case), decide(case)
    assert first == again
    assert isinstance(first, Intent) and first.version is not None
    assert (first.story_id, first.version.number, first.version.previous) == (1, 2, V1)
    assert first.basis.key_story == 1 and first.basis.latest == ((1, 11),)
    assert first.updates["version_count"] == 2 and first.updates["last_seen_at"]
    computed = decide_and_compute(case)
    assert isinstance(computed, Intent) and computed.version is not None
    changes = computed.version.changes or ()
    assert [(c.kind, c.old, c.new) for c in changes if c.kind == "number"]
    # the previous version's text does not go back to the writer (from a worker: pickled)
    assert computed.version.previous is not None and computed.version.previous.text == ""


def test_a_page_switch_is_not_compared() -> None:
    intent = decide(job(EDITED, found=known(1, V1, extra=extra()), source="page"))
    assert isinstance(intent, Intent) and intent.version is not None
    assert intent.version.previous is None and intent.version.source == "page"


def test_replacing_a_story_clears_the_old_ones_page() -> None:
    intent = decide(job(OTHER, title=STORM, found=known(1, V1, family=(), extra=extra())))
    assert isinstance(intent, Intent)
    assert intent.replaces == 1 and intent.rekey and intent.story_id is None
    assert intent.replaced_updates["next_check_at"] is None
    assert intent.new_story and intent.new_story["replaces_story_id"] == 1


# ---------------------------------------------------------------- apply: a stale decision


def make_pipeline(store: Store) -> Pipeline:
    config = parse_config(config_text([{"name": FEED, "url": "http://127.0.0.1:9/feed"}]),
                          "t.yaml")
    pipeline = Pipeline(config, store)
    pipeline._cpu = CpuPool(1)  # in-process
    return pipeline


def entry(text: str) -> Entry:
    return Entry(guid="g1", link="http://127.0.0.1/a",
                 title=STORM if text == OTHER else "Mines for Ukraine", text=text)


def test_apply_refuses_a_stale_decision_and_the_pipeline_decides_again(store: Store) -> None:
    pipeline = make_pipeline(store)
    pipeline.ingest(FEED, entry(STORY), now=NOW)
    later = NOW + timedelta(minutes=10)
    snapshot = read_snapshot(store, FEED, entry(EDITED), source="feed", now=later)
    stale = decide_and_compute(Job(entry(EDITED), snapshot, OPTIONS, later))
    assert isinstance(stale, Intent) and stale.version and stale.version.number == 2
    # Meanwhile another writer stores a version of the same story.
    pipeline.ingest(FEED, entry(FLIP), now=later)
    before = store.query("SELECT count(*) AS n FROM versions")[0]["n"]
    assert store.apply_ingest(stale) is None  # refused: the story has a new latest version
    assert store.query("SELECT count(*) AS n FROM versions")[0]["n"] == before
    job_ = Job(entry(EDITED), snapshot, OPTIONS, later)
    result = pipeline._apply(FEED, job_, stale, later, None)
    assert result is not None and result.version_id is not None
    rows = store.query("SELECT id, number, text FROM versions ORDER BY number")
    assert [r["number"] for r in rows] == [1, 2, 3]
    assert rows[2]["text"] == EDITED
    change_rows = store.query("SELECT from_version_id, version_id FROM changes")
    assert {(c["from_version_id"], c["version_id"]) for c in change_rows} <= {
        (rows[0]["id"], rows[1]["id"]), (rows[1]["id"], rows[2]["id"])}
    assert (rows[1]["id"], rows[2]["id"]) in {(c["from_version_id"], c["version_id"])
                                              for c in change_rows}


def test_a_new_story_decision_is_stale_once_its_key_names_a_story(store: Store) -> None:
    pipeline = make_pipeline(store)
    snapshot = read_snapshot(store, FEED, entry(STORY), source="feed", now=NOW)
    first = decide_and_compute(Job(entry(STORY), snapshot, OPTIONS, NOW))
    pipeline.ingest(FEED, entry(STORY), now=NOW)
    assert store.apply_ingest(first) is None  # would have made the story twice
    assert len(store.query("SELECT id FROM stories")) == 1


# ---------------------------------------------------------------- two processes, one file

SEQUENCE = [STORY, EDITED, FLIP, EDITED.replace("Nov. 19", "Nov. 18"), STORY, OTHER]


def _lockstep_worker(db: str, barrier: Any, results: Any) -> None:
    """Each step: read and decide, wait for the other process, then apply (and decide
    again when the other one's write made the decision stale)."""
    with Store.open(db) as store:
        pipeline = make_pipeline(store)
        stale = 0
        for step, text in enumerate(SEQUENCE):
            now = NOW + timedelta(minutes=10 * step)
            snapshot = read_snapshot(store, FEED, entry(text), source="feed", now=now)
            job_ = Job(entry(text), snapshot, OPTIONS, now)
            decided = decide_and_compute(job_)
            barrier.wait(timeout=60)
            if isinstance(decided, Intent) and decided.version is not None:
                applied = store.apply_ingest(decided)
                if applied is not None:
                    barrier.wait(timeout=60)
                    continue
                stale += 1
            pipeline._apply(FEED, job_, decided, now, None)
            barrier.wait(timeout=60)
        results.put(stale)


def _free_worker(db: str, start: Any) -> None:
    with Store.open(db) as store:
        pipeline = make_pipeline(store)
        start.wait(timeout=60)
        for step, text in enumerate(SEQUENCE):
            pipeline.ingest(FEED, entry(text), now=NOW + timedelta(minutes=10 * step))


def _assert_versions_in_order(db: Path) -> list[str]:
    """Per story: numbers 1..n with no gap or repeat, never the same content twice in a
    row, each version diffed against its predecessor; returns the texts in story order."""
    conn = sqlite3.connect(db)
    try:
        texts: list[str] = []
        stories = [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY id")]
        assert len(stories) <= 2  # the mines story, and the one replacing it (OTHER)
        for story_id in stories:
            rows = conn.execute("SELECT id, number, content_hash, text FROM versions "
                                "WHERE story_id = ? ORDER BY number", [story_id]).fetchall()
            assert [r[1] for r in rows] == list(range(1, len(rows) + 1))
            hashes = [r[2] for r in rows]
            assert all(a != b for a, b in pairwise(hashes))
            by_number = {r[1]: r[0] for r in rows}
            by_id = {r[0]: r[1] for r in rows}
            for from_id, to_id in conn.execute(
                    "SELECT DISTINCT from_version_id, version_id FROM changes "
                    "WHERE story_id = ?", [story_id]):
                assert from_id == by_number[by_id[to_id] - 1]
            texts += [r[3] for r in rows]
        return texts
    finally:
        conn.close()


def test_two_processes_in_lockstep_write_each_version_once_in_order(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    Store.open(db).close()
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_lockstep_worker, args=(str(db), barrier, results))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    stale = results.get(timeout=5) + results.get(timeout=5)
    texts = _assert_versions_in_order(db)
    assert texts == SEQUENCE  # each step's version once, in the order of the steps
    assert stale >= 4  # every step but the unrelated story's: one process decided again


def test_two_processes_racing_never_duplicate_or_reorder(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    Store.open(db).close()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(3)
    workers = [context.Process(target=_free_worker, args=(str(db), start)) for _ in range(2)]
    for worker in workers:
        worker.start()
    start.wait(timeout=60)
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    _assert_versions_in_order(db)


# ---------------------------------------------------------------- the pool


def _farm_rows(tmp: Path, pool: CpuPool) -> tuple[dict[str, list[tuple[Any, ...]]], int]:
    from benchmarks.farm import Farm
    from benchmarks.pipeline import farm_config
    from monitor.feeds import parse_feed
    from monitor.pipeline import distinct_entries

    farm = Farm(3, 8, seed=7, content="full", fact_rate=0.4, cosmetic_rate=0.2)
    config = parse_config(farm_config(farm) + "watches:\n  - name: all\n    min_severity: low"
                          "\n    notify: [log]\n", "bench.yaml")
    now = NOW
    with Store.open(tmp / "farm.db") as store, Pipeline(config, store) as pipeline:
        pipeline._cpu = pool
        if pool.workers > 1:  # the workers start in the background: have them up from the start
            pool.start()
            pool._warm.result(timeout=60)
        for round_ in range(3):
            if round_:
                farm.tick()
            now += timedelta(minutes=10)
            for f in range(3):
                parsed = parse_feed(farm.feed_body(f), url=farm.feed_url(f))
                for result in pipeline.ingest_many(f"farm-{f}", distinct_entries(
                        parsed.entries), now=now):
                    assert not isinstance(result, Exception)
        pooled = pool.pooled
        tables = {table: store.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                  for table in ("stories", "versions", "facts", "sentences", "changes",
                                "feed_lines", "story_keys")}
        tables["deliveries"] = store.db.execute(
            "SELECT idempotency_key, payload FROM deliveries ORDER BY id").fetchall()
    return tables, pooled


def test_the_pool_stores_the_rows_computing_in_process_stores(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    in_process, none = _farm_rows(tmp_path / "a", CpuPool(1))
    pooled_rows, pooled = _farm_rows(tmp_path / "b", CpuPool(2, start_after=0, min_batch=1))
    assert none == 0 and pooled > 0
    assert pooled_rows == in_process
    assert len(in_process["changes"]) > 0 and len(in_process["deliveries"]) > 0
    # Workers whose server did not preload the fact core load it when a job needs it.
    bare_rows, bare = _farm_rows(tmp_path / "c", CpuPool(2, start_after=0, min_batch=1,
                                                         fact_core=False))
    assert bare > 0 and bare_rows == in_process


def test_facts_are_read_from_each_versions_text_when_asked_for(tmp_path: Path) -> None:
    """No version's facts are read or stored at ingest (issue 12: nothing in a poll reads
    them); `history --facts` and the web view get every version's (read_story_facts) as
    reading that version whole gives them, first versions and edited ones alike."""
    from monitor.ingest import VersionRow, extract_rows, read_story_facts, version_document

    tables, _ = _farm_rows(tmp_path, CpuPool(1))
    assert tables["facts"] == [] and tables["sentences"] == []
    with Store.open(tmp_path / "farm.db") as store:
        stories = [int(r["id"]) for r in store.query("SELECT id FROM stories ORDER BY id")]
        later = store.query("SELECT count(*) AS n FROM versions WHERE number > 1")
        assert later[0]["n"] > 0 and not store.query(
            "SELECT id FROM versions WHERE facts_deferred = 0")
        for story_id in stories:
            versions = store.query("SELECT * FROM versions WHERE story_id = ? ORDER BY number",
                                   [story_id])
            whole = [{"version": int(v["number"]), "kind": kind, "key": key, "value": value,
                      "span": span}
                     for v in versions for kind, key, value, span, _ in extract_rows(
                         version_document(VersionRow.of(v)))]
            assert whole and read_story_facts(store, story_id) == whole


def test_a_text_close_in_print_to_the_stored_version_is_an_edit_without_reading_it() -> None:
    """A stored version's SimHash within fingerprint.SURELY_RELATED_BITS of the entry's
    says the guid still names the story (issue 12): its text is not read for
    is_unrelated.  (The stored text here is another story's, with the entry's print, to
    show it is not read; a real store's print is its own text's.)"""
    forged = replace(version(11, 1, OTHER, title=STORM),
                     simhash=fingerprint.simhash_hex(fingerprint.simhash("Mines for Ukraine",
                                                                    EDITED)))
    assert kind_of(decide(job(EDITED, found=known(1, forged, family=(), extra=extra())))) == (
        "new version")
    far = replace(forged, simhash=fingerprint.simhash_hex(
        fingerprint.simhash("Mines for Ukraine", EDITED) ^ 0x7F))  # 7 bits off
    assert kind_of(decide(job(EDITED, found=known(1, far, family=(), extra=extra())))) == (
        "replace")
    for unknown in (None, "", "not hex"):
        unread = replace(forged, simhash=unknown)
        assert kind_of(decide(job(EDITED, found=known(1, unread, family=(),
                                                      extra=extra())))) == "replace"


def test_small_work_stays_in_process() -> None:
    pool = CpuPool(2, start_after=4, min_batch=2)
    light = job(STORY, found=known(1, V1))
    assert pool.run([light] * 10) == [decide(light)] * 10  # byte-identical: no worker needed
    heavy = job(STORY)
    pool.run([heavy])  # one job, one thread: nothing to gain from a worker
    assert not pool.started and pool.pooled == 0
    pool.close()


def test_expected_work_starts_the_workers_and_a_waiting_call_waits_for_them() -> None:
    """A full-text feed's new entries start the workers before their pages are fetched
    (CpuPool.expect); trafilatura's call then waits for them instead of running here."""
    pool = CpuPool(2, start_after=4, start_method="fork")
    try:
        pool.expect(3)
        assert not pool.started  # a few new entries: not worth the workers
        pool.expect(2)
        assert pool.started
        pid = pool.call(os.getpid, wait=True)
        assert pid != os.getpid() and pool.ready and pool.pooled == 1
    finally:
        pool.close()


def _collector_state() -> tuple[bool, bool]:
    """In a worker: was the forkserver's preload made with the cyclic collector off
    (``monitor._forkserver_start`` imported), and is the collector on again?"""
    import gc
    import sys

    return "monitor._forkserver_start" in sys.modules, gc.isenabled()


def test_the_forkserver_preloads_without_the_cyclic_collector_and_its_workers_collect() -> None:
    """The server's preload runs with the collector off (~10 % of its CPU, issue 12),
    and the workers it forks have it on."""
    pool = CpuPool(2, start_after=0, preload=("monitor.extract",), fact_core=False)
    try:
        pool.start()
        assert pool.call(_collector_state, wait=True) == (True, True)
    finally:
        pool.close()


def test_the_forkserver_freezes_its_preload_before_the_collector_is_on_again() -> None:
    """What the server preloaded is frozen when the collector comes back on: else the first
    allocation after it set off a collection of all of it (still in the youngest
    generation), ~20-30 ms before the server's first fork (issue 12, session 17)."""
    import subprocess
    import sys

    code = ("import gc, sys\n"
            "import monitor._forkserver_start\n"
            "made = [[i] for i in range(100_000)]  # a preload's long-lived objects\n"
            "import monitor._forkserver\n"
            "print(gc.isenabled(), gc.get_freeze_count() >= 100_000)\n"
            "sys.stdout.flush()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    enabled, frozen = done.stdout.split()
    assert (enabled, frozen) == ("True", "True")


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs Linux /proc")
def test_forked_workers_hold_none_of_the_parents_sockets() -> None:
    """Workers forked from a poll process (MONITOR_WORKER_START=fork, for measurements)
    close its sockets (HTTP connections, a web server's listening socket), so those close
    when the parent closes them."""
    import os
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    inode = os.fstat(listener.fileno()).st_ino
    pool = CpuPool(2, start_after=0, min_batch=1, start_method="fork")
    try:
        pool.run([job(STORY), job(EDITED)])  # starts the workers
        pool._warm.result(timeout=60)
        before = pool.pooled
        results = pool.run([job(STORY), job(EDITED), job(STORY)])
        assert all(isinstance(r, Intent) for r in results) and pool.pooled - before == 3
        for pid in pool._executor._processes:
            held = {os.stat(f"/proc/{pid}/fd/{fd}").st_ino
                    for fd in os.listdir(f"/proc/{pid}/fd")
                    if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")}
            assert inode not in held
    finally:
        pool.close()
        listener.close()


def test_a_job_that_fails_gives_its_exception_not_the_batch() -> None:
    pool = CpuPool(1)
    broken = Options(full_text=False, recheck_min=None, recheck_max=None,  # type: ignore[arg-type]
                     recheck_until=None)
    bad = replace(job(STORY), source="page", options=broken)  # its page schedule raises
    results = pool.run([bad, job(STORY)])
    assert isinstance(results[0], Exception) and isinstance(results[1], Intent)


# ---------------------------------------------------------------- the daemon with workers


def _children(pid: int) -> set[int]:
    """Live descendants of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_monitor_run_with_worker_processes_stops_on_sigterm(http_server, tmp_path):
    """`monitor run` computing in worker processes: SIGTERM stops it cleanly (exit 0) and
    its workers go with it."""
    import signal

    from tests.support.polling import RSS, Item, db_rows, rss, start_monitor, wait_for, write_config

    items = [Item(f"s{i}", f"Shipment report {i}", f"{MINES}\n\nOfficials said {i * 7 + 3} "
                  f"shipments left the depot on Nov. {i % 28 + 1}, and {i + 2} more are due.")
             for i in range(40)]
    http_server.route("/feed.xml", body=rss(items), headers=RSS)
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "loop", "url": http_server.url("/feed.xml"), "interval": "1m"}])
    db = tmp_path / "monitor.db"
    proc = start_monitor("run", "--config", str(config), "--db", str(db), cwd=tmp_path)
    try:
        wait_for(lambda: db_rows(db, "SELECT count(*) FROM stories") == [(40,)], timeout=60)
        workers = wait_for(lambda: _children(proc.pid), timeout=30)
        assert proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert "monitor stopped" in stderr and "Traceback" not in stderr
    wait_for(lambda: not any(_alive(pid) for pid in workers), timeout=15)
