"""Issue 11, item 1: one article page never breaks its feed (full text).

Real loopback servers and a real SQLite file: a page answering 404, 410, 500, 402, a DNS
failure, an invalid link, a paywall; the story is stored from the feed's text at once, the
page is retried on the story's own schedule (or recorded as gone), and the feed is fine.
"""

from __future__ import annotations

import json
import socket
from datetime import timedelta
from typing import Any

import pytest

from monitor.config import parse_config
from monitor.pipeline import Pipeline
from monitor.store import Store, parse_iso
from tests.support.httpserver import HTTPTestServer
from tests.support.inprocess import invoke_monitor
from tests.support.polling import (
    HTML,
    MINES,
    RSS,
    Clock,
    Item,
    article_html,
    config_text,
    rss,
    run_monitor,
    write_config,
)
from tests.support.schema import store_of_schema

TITLE = "US authorises mines for Ukraine"
PARAGRAPHS = [
    "The United States has authorised the use of non-persistent antipersonnel mines by "
    "Ukraine, a U.S. official said on Tuesday, in a shift meant to slow Russian advances.",
    "Washington has stipulated that the mines be used only within Ukrainian territory and "
    "away from populated areas, the official said, speaking on condition of anonymity.",
    "The decision comes as the outgoing president's term ends in January, and aides said "
    "the policy had been under review for several months before it was approved.",
]


def serve_feed(server: HTTPTestServer, link: str | None = None, text: str = MINES) -> str:
    link = link or server.url("/news/mines")
    server.route("/feed.xml", body=rss([Item("m1", TITLE, text, link)]), headers=RSS)
    return link


def serve_page(server: HTTPTestServer) -> None:
    server.route("/news/mines", body=article_html(TITLE, PARAGRAPHS), headers=HTML)


def make_pipeline(store: Store, server: HTTPTestServer, clock: Clock, **defaults: Any) -> Pipeline:
    feeds = [{"name": "world", "url": server.url("/feed.xml"), "full_text": True}]
    config = parse_config(config_text(feeds, defaults=defaults or None), "test.yaml")
    return Pipeline(config, store, clock=clock)


def the_story(store: Store) -> dict[str, Any]:
    rows = store.query("SELECT * FROM stories")
    assert len(rows) == 1
    return rows[0]


def sources(store: Store) -> list[str]:
    return [v["source"] for v in store.query("SELECT source FROM versions ORDER BY id")]


def deliveries(store: Store, kind: str | None = None) -> int:
    sql = "SELECT count(*) AS n FROM deliveries" + (" WHERE type = ?" if kind else "")
    return store.query(sql, [kind] if kind else [])[0]["n"]


def assert_feed_fine(store: Store) -> None:
    feed = store.feed("world") or {}
    assert feed["last_error"] is None and feed["consecutive_failures"] == 0
    assert feed["health_alerted"] == 0 and deliveries(store, "feed.failing") == 0


@pytest.mark.parametrize("status", [404, 410])
def test_a_page_answering_404_or_410_is_recorded_and_never_fetched_again(
        http_server: HTTPTestServer, store: Store, status: int) -> None:
    serve_feed(http_server)
    http_server.route("/news/mines", status=status, body=b"not here")
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock, failure_alert_after=1)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1 and outcome.page_trouble == 1
    story = the_story(store)
    assert story["page_state"] == "gone" and f"HTTP {status}" in story["page_error"]
    assert story["next_check_at"] is None and sources(store) == ["feed"]
    assert "away from populated areas" in store.query("SELECT text FROM versions")[0]["text"]
    # later polls never ask for the page again; the story follows the feed's own text
    for _ in range(3):
        clock.advance(hours=2)
        assert pipeline.poll()[0].ok
    serve_feed(http_server, text=MINES.replace("away from populated areas", "near the front"))
    clock.advance(hours=2)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_versions == 1 and outcome.changes >= 1
    assert len(http_server.requests_to("/news/mines")) == 1
    assert sources(store) == ["feed", "feed"]
    assert_feed_fine(store)


def test_a_page_answering_500_is_retried_with_backoff_then_follows_without_an_alert(
        http_server: HTTPTestServer, store: Store) -> None:
    serve_feed(http_server)
    http_server.route("/news/mines", status=500, body=b"oops")
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock, failure_alert_after=2,
                             recheck_min="10m")
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1 and outcome.page_trouble == 1
    story = the_story(store)
    assert story["page_state"] == "retrying" and "HTTP 500" in story["page_error"]
    assert parse_iso(story["next_check_at"]) == clock.now + timedelta(minutes=10)
    # retried on the story's own schedule, the wait doubling per failure in a row
    waits = []
    for _ in range(3):
        clock.now = parse_iso(the_story(store)["next_check_at"])
        before = len(http_server.requests_to("/news/mines"))
        outcome = pipeline.poll()[0]
        assert outcome.ok and len(http_server.requests_to("/news/mines")) == before + 1
        story = the_story(store)
        waits.append(parse_iso(story["next_check_at"]) - clock.now)
    assert waits == [timedelta(minutes=20), timedelta(minutes=40), timedelta(minutes=80)]
    assert story["page_failures"] == 4
    # between two tries the page is left alone
    clock.advance(minutes=30)
    before = len(http_server.requests_to("/news/mines"))
    pipeline.poll()
    assert len(http_server.requests_to("/news/mines")) == before
    # the page works again: its text follows as a normal version, not compared with the
    # feed's text, so the switch alerts nothing
    serve_page(http_server)
    clock.now = parse_iso(the_story(store)["next_check_at"])
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.rechecked == 1 and outcome.new_versions == 1
    assert outcome.changes == 0 and sources(store) == ["feed", "page"]
    story = the_story(store)
    assert story["page_state"] is None and story["page_error"] is None
    assert story["page_failures"] == 0 and story["next_check_at"] is not None
    assert store.query("SELECT count(*) AS n FROM changes")[0]["n"] == 0
    assert deliveries(store) == 0
    assert_feed_fine(store)


def test_a_dns_failure_is_retried_and_never_fails_the_feed(
        http_server: HTTPTestServer, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def no_such_host(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "news.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    serve_feed(http_server, link=f"http://news.example:{http_server.port}/news/mines")
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock, failure_alert_after=1)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1 and outcome.page_trouble == 1
    story = the_story(store)
    assert story["page_state"] == "retrying" and "could not resolve host" in story["page_error"]
    clock.now = parse_iso(story["next_check_at"])
    assert pipeline.poll()[0].ok
    assert the_story(store)["page_failures"] == 2 and sources(store) == ["feed"]
    assert_feed_fine(store)


@pytest.mark.parametrize("host", ["0177.0.0.1", "%31%32%37.0.0.1", "xn--", "999.1.1.1"])
def test_an_invalid_link_is_recorded_and_never_fetched(
        http_server: HTTPTestServer, store: Store, host: str) -> None:
    serve_feed(http_server, link=f"http://{host}:{http_server.port}/news/mines")
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock, failure_alert_after=1)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1, outcome.error
    story = the_story(store)
    assert story["page_state"] == "invalid" and "invalid URL" in story["page_error"]
    assert story["next_check_at"] is None and sources(store) == ["feed"]
    clock.advance(hours=1)
    assert pipeline.poll()[0].ok
    assert http_server.requests_to("/news/mines") == []
    assert_feed_fine(store)


def test_a_paywall_keeps_the_feed_text_and_is_retried(
        http_server: HTTPTestServer, store: Store) -> None:
    # 402 Payment Required, then a page giving less of the story than the feed does
    serve_feed(http_server)
    http_server.route("/news/mines", status=402, body=b"subscribe")
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock, failure_alert_after=1)
    assert pipeline.poll()[0].ok
    story = the_story(store)
    assert story["page_state"] == "retrying" and "HTTP 402" in story["page_error"]
    http_server.route("/news/mines", headers=HTML, body=article_html(
        TITLE, ["The United States has authorised mines for Ukraine, officials said."]))
    clock.now = parse_iso(story["next_check_at"])
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_versions == 0 and outcome.page_trouble == 1
    story = the_story(store)
    assert story["page_state"] == "retrying" and "less text than the feed" in story["page_error"]
    assert sources(store) == ["feed"]
    assert_feed_fine(store)


def test_an_unexpected_error_extracting_a_page_never_breaks_the_feed(
        http_server: HTTPTestServer, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import monitor.extract

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(monitor.extract, "extract_article", broken)
    serve_feed(http_server)
    serve_page(http_server)
    pipeline = make_pipeline(store, http_server, Clock(), failure_alert_after=1)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1
    assert the_story(store)["page_state"] == "retrying" and sources(store) == ["feed"]
    assert_feed_fine(store)


def test_page_trouble_is_shown_per_story_and_counted_per_feed_and_poll_exits_0(
        http_server: HTTPTestServer, tmp_path: Any) -> None:
    serve_feed(http_server)
    http_server.route("/other.xml", body=rss([
        Item("o1", "A story whose page fails for now", MINES, http_server.url("/news/down"))]),
        headers=RSS)
    http_server.route("/news/mines", status=404)
    http_server.route("/news/down", status=503)
    config = write_config(tmp_path / "feeds.yaml", [
        {"name": "world", "url": http_server.url("/feed.xml"), "full_text": True},
        {"name": "other", "url": http_server.url("/other.xml"), "full_text": True}],
        defaults={"failure_alert_after": 1})
    db = str(tmp_path / "m.db")
    for _ in range(2):
        done = run_monitor("poll", "--config", str(config), "--db", db)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "2 ok, 0 failed" in done.stdout and "failing" not in done.stdout
    listed = invoke_monitor("stories", "--db", db)
    assert listed.returncode == 0 and "PAGE" in listed.stdout
    assert "gone" in listed.stdout and "retrying" in listed.stdout
    rows = {r["feed"]: r for r in json.loads(invoke_monitor("stories", "--db", db,
                                                            "--json").stdout)}
    assert rows["world"]["page"]["state"] == "gone" and "404" in rows["world"]["page"]["error"]
    assert rows["other"]["page"]["state"] == "retrying" and rows["other"]["page"]["next_try_at"]
    feeds = invoke_monitor("feeds", "--config", str(config), "--db", db)
    assert "PAGE TROUBLE" in feeds.stdout and "failing" not in feeds.stdout
    status = {r["name"]: r for r in json.loads(invoke_monitor(
        "feeds", "--config", str(config), "--db", db, "--json").stdout)}
    assert status["world"]["page_trouble"] == 1 and status["world"]["last_error"] is None
    assert status["other"]["page_trouble"] == 1 and status["other"]["consecutive_failures"] == 0


def test_a_version_2_store_migrates_keeping_its_stories(tmp_path: Any) -> None:
    # migrations 3 (page trouble per story) and 4 (replaced stories) on a store of before
    import monitor.store as store_module

    path = tmp_path / "v2.db"
    with store_of_schema(path, 2) as old:
        old.ensure_feed("world", "http://127.0.0.1/")
        story = old.create_story(feed="world", title="Mines", url="http://127.0.0.1/a",
                                 first_seen_at="2026-03-03T10:00:00Z",
                                 last_seen_at="2026-03-03T10:00:00Z",
                                 next_check_at="2026-03-03T10:10:00Z")
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION
        row = store.story(story) or {}
        assert row["title"] == "Mines" and row["next_check_at"] == "2026-03-03T10:10:00Z"
        assert row["page_state"] is None and row["page_failures"] == 0
        assert row["replaces_story_id"] is None
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.feeds()[0]["page_trouble"] == 0
        names = [r["name"] for r in store.query(
            "SELECT name FROM schema_migrations ORDER BY version")]
        assert names[2:4] == ["article page trouble per story",
                              "stories replaced under a reused guid or URL"]


def test_only_a_page_under_half_the_feeds_text_counts_as_a_paywall() -> None:
    from monitor.pages import RETRYING, thinner_than_feed

    feed = " ".join(["word"] * 100)
    trouble = thinner_than_feed(" ".join(["word"] * 49), feed)
    assert trouble is not None and trouble.state == RETRYING
    assert thinner_than_feed(" ".join(["word"] * 90), feed) is None  # extraction lost a few
    assert thinner_than_feed("", "") is None


# ---------------------------------------------------------------- new articles' pages read
# ahead of their turn (issue 12): a document's entries are stored as their pages arrive,
# each exactly once and in the document's order.


def stored_stories(path: Any) -> int:
    """Stories in the store's file, read on a connection of its own (as another process)."""
    import sqlite3

    with sqlite3.connect(path, timeout=5) as connection:
        return int(connection.execute("SELECT count(*) FROM stories").fetchone()[0])


def test_entries_are_stored_while_a_later_page_is_still_on_its_way(
        http_server: HTTPTestServer, store: Store, tmp_path: Any) -> None:
    import time

    links = [http_server.url(f"/news/{n}") for n in range(4)]
    items = [Item(f"s{n}", f"{TITLE} ({n})", MINES, link) for n, link in enumerate(links)]
    http_server.route("/feed.xml", body=rss(items), headers=RSS)
    for n in range(3):
        http_server.route(f"/news/{n}", body=article_html(f"{TITLE} ({n})", PARAGRAPHS),
                          headers=HTML)
    seen_before_answer: list[int] = []

    def last_page(request: Any) -> tuple[int, dict[str, str], bytes]:
        # Answer only once the three entries before it are in the store (or after 10 s,
        # which fails the test): they must not wait for this page.
        deadline = time.monotonic() + 10
        while stored_stories(tmp_path / "monitor.db") < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        seen_before_answer.append(stored_stories(tmp_path / "monitor.db"))
        return 200, HTML, article_html(f"{TITLE} (3)", PARAGRAPHS)

    http_server.route("/news/3", last_page)
    with make_pipeline(store, http_server, Clock()) as pipeline:
        outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 4 and outcome.page_trouble == 0
    assert seen_before_answer == [3]
    rows = store.query("SELECT guid, url FROM stories ORDER BY id")
    assert [row["guid"] for row in rows] == ["s0", "s1", "s2", "s3"]  # in order, once each
    assert sources(store) == ["page"] * 4
    assert [len(http_server.requests_to(f"/news/{n}")) for n in range(4)] == [1, 1, 1, 1]


def test_a_page_that_fails_while_later_ones_are_read_ahead_is_its_story_s_trouble(
        http_server: HTTPTestServer, store: Store) -> None:
    links = [http_server.url(f"/news/{n}") for n in range(12)]
    items = [Item(f"s{n}", f"{TITLE} ({n})", MINES, link) for n, link in enumerate(links)]
    http_server.route("/feed.xml", body=rss(items), headers=RSS)
    for n in range(12):
        if n != 5:
            http_server.route(f"/news/{n}", body=article_html(f"{TITLE} ({n})", PARAGRAPHS),
                              headers=HTML)
    with make_pipeline(store, http_server, Clock()) as pipeline:
        outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 12 and outcome.page_trouble == 1
    rows = store.query("SELECT guid, page_state FROM stories ORDER BY id")
    assert [row["guid"] for row in rows] == [f"s{n}" for n in range(12)]
    assert [row["page_state"] for row in rows] == [None] * 5 + ["gone"] + [None] * 6
    assert sources(store) == ["page"] * 5 + ["feed"] + ["page"] * 6


def test_due_pages_are_read_ahead_and_each_story_is_rechecked_once(
        http_server: HTTPTestServer, store: Store) -> None:
    """A feed's due re-checks are read at once: a slow first page does not hold up the
    others' requests, and each story still gets exactly one re-check (an edited one
    one new version, the others their next check)."""
    import threading

    links = [http_server.url(f"/news/{n}") for n in range(3)]
    items = [Item(f"s{n}", f"{TITLE} ({n})", MINES, link) for n, link in enumerate(links)]
    http_server.route("/feed.xml", body=rss(items), headers=RSS, etag=True)
    for n in range(3):
        http_server.route(f"/news/{n}", body=article_html(f"{TITLE} ({n})", PARAGRAPHS),
                          headers=HTML)
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock, recheck_min="10m")
    assert pipeline.poll()[0].new_stories == 3
    http_server.clear()
    others_asked = threading.Event()
    seen: list[bool] = []

    def slow_first(request: Any) -> tuple[int, dict[str, str], bytes]:
        seen.append(others_asked.wait(10))  # answered once both others were asked for
        return 200, HTML, article_html(f"{TITLE} (0)", PARAGRAPHS)

    def asked(n: int, body: bytes) -> Any:
        def answer(request: Any) -> tuple[int, dict[str, str], bytes]:
            if all(http_server.requests_to(f"/news/{m}") for m in (1, 2)):
                others_asked.set()
            return 200, HTML, body
        return answer

    edited = [PARAGRAPHS[0].replace("Tuesday", "Wednesday"), *PARAGRAPHS[1:]]
    http_server.route("/news/0", slow_first)
    http_server.route("/news/1", asked(1, article_html(f"{TITLE} (1)", edited)))
    http_server.route("/news/2", asked(2, article_html(f"{TITLE} (2)", PARAGRAPHS)))
    clock.advance(minutes=11)
    outcome = pipeline.poll()[0]
    pipeline.close()
    assert outcome.ok and outcome.rechecked == 3 and outcome.new_versions == 1
    assert seen == [True]
    assert [len(http_server.requests_to(f"/news/{n}")) for n in range(3)] == [1, 1, 1]
    rows = store.query("SELECT s.guid, count(v.id) AS n, s.next_check_at FROM stories s "
                       "JOIN versions v ON v.story_id = s.id GROUP BY s.id ORDER BY s.id")
    assert [(row["guid"], row["n"]) for row in rows] == [("s0", 1), ("s1", 2), ("s2", 1)]
    assert all(parse_iso(row["next_check_at"]) > clock.now for row in rows)


def test_a_page_read_by_a_poll_is_not_rechecked_by_the_same_poll(
        http_server: HTTPTestServer, store: Store) -> None:
    """Issue 12: a new story's page is read once per poll, even when its first re-check
    falls due before the poll ends (a schedule shorter than the poll: the peer benchmark's
    ``recheck_min: 1s`` under load fetched 50-80 of pass 1's 200 pages twice).  The
    re-check is left for the next poll."""
    serve_feed(http_server)
    clock = Clock()
    page = article_html(TITLE, PARAGRAPHS)

    def slow_page(request: Any) -> tuple[int, dict[str, str], bytes]:
        clock.advance(hours=2)  # the poll outlives the page's first re-check
        return 200, dict(HTML), page

    http_server.route("/news/mines", slow_page)
    pipeline = make_pipeline(store, http_server, clock, recheck_min="10m")
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1 and outcome.rechecked == 0
    assert len(http_server.requests_to("/news/mines")) == 1
    assert sources(store) == ["page"]
    story = the_story(store)
    assert parse_iso(story["next_check_at"]) < clock.now  # due: the next poll re-checks it
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.rechecked == 1 and outcome.new_versions == 0
    assert len(http_server.requests_to("/news/mines")) == 2


def test_an_edited_page_waiting_for_the_starting_workers_lets_the_feeds_other_pages_go_first(
        http_server: HTTPTestServer, store: Store) -> None:
    """Issue 12, pass 3: a re-checked page whose article changed while the workers are
    still starting (its new version would wait for them) is taken after the feed's other
    re-checked pages, which are stored meanwhile; then it is stored as before."""
    from monitor.cpu import CpuPool

    titles = [TITLE, "Storm closes the coastal road", "Council approves the budget",
              "Port reopens after the strike"]
    words = ["mines", "barriers", "funds", "cranes"]

    def paragraphs(n: int) -> list[str]:
        return [p.replace("mines", words[n]) for p in PARAGRAPHS]

    http_server.route("/feed.xml", headers=RSS, body=rss([
        Item(f"m{n}", title, "Short teaser.", http_server.url(f"/news/{n}"))
        for n, title in enumerate(titles)]))
    for n, title in enumerate(titles):
        http_server.route(f"/news/{n}", headers=HTML, etag=True,
                          body=article_html(title, paragraphs(n)))
    clock = Clock()
    pipeline = make_pipeline(store, http_server, clock, recheck_min="10m")
    first = pipeline.poll()[0]
    assert first.ok and first.new_stories == 4
    assert pipeline._layout_guard().settled()  # the layout's pages take the fast path
    ids = {row["title"]: row["id"] for row in store.query("SELECT id, title FROM stories")}
    edited = [paragraphs(0)[0].replace("on Tuesday", "on Wednesday"), *paragraphs(0)[1:]]
    http_server.route("/news/0", body=article_html(TITLE, edited), headers=HTML)
    clock.advance(hours=2)
    pipeline._cpu = CpuPool(2, preload=("monitor.extract",))
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        pipeline.cpu.start()  # starting (the fact core's preload takes a while): not ready
        outcome = pipeline.poll()[0]
    finally:
        store.db.conn.set_trace_callback(None)
        pipeline.close()
    assert outcome.ok and outcome.rechecked == 4 and outcome.new_versions == 1

    def at(table: str, story: int | None = None) -> int:
        return next(i for i, sql in enumerate(statements) if " ".join(sql.split()).startswith(
            "UPDATE stories SET next_check_at" if story else f"INSERT INTO {table}")
            and (story is None or sql.rstrip().endswith(f"WHERE id = {story}")))

    assert all(at("stories", ids[title]) < at("versions") for title in titles[1:]), [
        " ".join(sql.split())[:70] for sql in statements]
    assert len(store.query("SELECT id FROM versions WHERE story_id = ?", [ids[TITLE]])) == 2
