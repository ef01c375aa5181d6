"""`monitor demo`: the bundled story, its server, and the whole tour as a subprocess."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.demo import MINE_WATCH, TERM_WATCH, load_story, render_feed, render_page
from monitor.demo.server import DemoServer
from monitor.feeds import parse_feed

REPO = Path(__file__).resolve().parents[1]


def test_the_bundled_story_has_fact_and_cosmetic_versions() -> None:
    story = load_story()
    assert 6 <= len(story.versions) <= 8
    expected = [set(v.expect) for v in story.versions]
    assert {MINE_WATCH} in expected and {TERM_WATCH} in expected
    assert expected[0] == set() and expected[-1] == set()
    assert sum(1 for e in expected if not e) >= 3  # cosmetic versions must stay silent
    # Every version changes something (a stamp at least), so every poll is news.
    texts = [render_feed(story, i, "http://x") for i in range(len(story.versions))]
    assert len(set(texts)) == len(texts)


def test_feed_carries_the_story_with_its_furniture() -> None:
    story = load_story()
    parsed = parse_feed(render_feed(story, 2, "http://127.0.0.1:9"), url="http://127.0.0.1:9/")
    assert parsed.error is None and len(parsed.entries) == 1 + len(story.others)
    entry = parsed.entries[0]
    assert entry.guid == story.guid
    assert entry.link == "http://127.0.0.1:9/news/us-mines-ukraine.html"
    assert "contested border regions" in entry.text
    assert story.versions[2].stamp in entry.text and "{ad}" not in entry.text
    # The rotating ad line recurs in every story of the feed, as furniture does.
    assert all(story.versions[2].ad in e.text for e in parsed.entries)


def test_page_renders_the_current_version_or_none() -> None:
    story = load_story()
    page = render_page(story, 5, story.versions[5].article.path)
    assert page is not None and b"Whitcombe" in page
    assert render_page(story, 0, "/nope") is None


def _get(url: str, etag: str | None = None) -> tuple[int, str | None, bytes]:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers.get("ETag"), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("ETag"), b""


def test_server_advances_one_version_per_feed_request_then_answers_304() -> None:
    published: list[int] = []
    with DemoServer(on_publish=published.append) as server:
        n = len(server.story.versions)
        etag = None
        titles = []
        for _ in range(n):
            status, etag, body = _get(server.feed_url, etag)
            assert status == 200
            titles.append(parse_feed(body).entries[0].text)
        assert published == list(range(n))
        assert len(set(titles)) == n
        assert _get(server.feed_url, etag)[0] == 304
        assert _get(server.feed_url)[0] == 200  # no validator: the last version again
        assert server.published == n - 1 and server.feed_requests == n + 2
        status, _, page = _get(server.base_url + server.story.versions[-1].article.path)
        assert status == 200 and b"January 21" in page
        assert _get(server.base_url + "/missing")[0] == 404


def test_demo_runs_the_daemon_and_stops_by_itself(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MONITOR_CONFIG", "MONITOR_DB")}
    env.update(NO_COLOR="1", PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "monitor", "demo", "--interval", "0.5"],
                            cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=90, check=False)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    story = load_story()
    # Each alert is printed by the console channel as it fires: one per fact version.
    assert out.count("[console] ") == sum(1 for v in story.versions if v.expect)
    report = out[out.index("What happened to each version:"):]
    for version in story.versions:
        line = next(li for li in report.splitlines() if li.startswith(f"  v{version.number}:"))
        if version.expect:
            assert f"alerts: {', '.join(version.expect)} (as expected)" in line, line
        else:
            assert "alerts: no alert (as expected)" in line, line
    assert "Tour over: 8 of 8 versions published" in out
    # Its own config and store: nothing in the working directory.
    assert list(tmp_path.iterdir()) == []


@contextlib.contextmanager
def _ctrl_c_catchable() -> Iterator[None]:
    """Processes started meanwhile take Ctrl-C as Python's KeyboardInterrupt.  A shell runs
    a background job with SIGINT ignored (`make test &`, nohup, CI runners), a child
    inherits an ignored signal across exec, and Python installs its handler only where
    SIGINT is not ignored: the tour started under such a suite never saw the test's
    Ctrl-C (the failures of sessions 4, 10 and 20; its SIGINT was SIG_IGN from its first
    line).  A handled signal is reset to the default at exec, so the child starts as from
    an interactive shell."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def test_demo_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MONITOR_CONFIG", "MONITOR_DB")}
    # PYTHONFAULTHANDLER: a tour that ignores the Ctrl-C is aborted with every thread's
    # stack on stderr, so the failure says where it was.
    env.update(NO_COLOR="1", PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1", PYTHONFAULTHANDLER="1")
    with _ctrl_c_catchable():
        process = subprocess.Popen([sys.executable, "-m", "monitor", "demo", "--interval", "5"],
                                   cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        # Wait for the first version to be published, then interrupt.
        for line in process.stdout:
            if line.startswith("[v1/"):
                break
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            out, err = process.communicate(timeout=30)
            pytest.fail(f"the tour ignored Ctrl-C for 30 s; its threads:\n{err[-6000:]}")
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "Interrupted: stopping the tour." in err
    assert "Tour over: 1 of 8 versions published" in out
    assert "Traceback" not in err


def test_tour_gives_up_when_the_feed_is_no_longer_polled() -> None:
    from monitor.demo.tour import _wait_for_last_poll

    with DemoServer() as server:
        assert _get(server.feed_url)[0] == 200
        assert _wait_for_last_poll(server, 1, stall=0.5)
        assert not _wait_for_last_poll(server, 3, stall=0.5)  # nobody polls: bounded wait
