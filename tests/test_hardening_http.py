"""Hardening (issue 7, section 2): hostile HTTP servers on 127.0.0.1 against the whole
pass, not only the fetcher: one tarpit among a thousand feeds, a self-signed certificate
seen by `monitor poll`, an article page redirecting into the LAN, a webhook redirecting
elsewhere."""

from __future__ import annotations

import json
import ssl
import time

import pytest

from monitor.config import parse_config
from monitor.pipeline import Pipeline
from tests.support.httpserver import HTTPTestServer, Tarpit
from tests.support.inprocess import invoke_monitor
from tests.support.polling import (
    MINES,
    RSS,
    Clock,
    Item,
    config_text,
    rss,
    run_monitor,
    write_config,
)
from tests.support.smtp import self_signed_cert


@pytest.mark.slow
def test_one_tarpit_among_a_thousand_feeds_does_not_hold_up_the_pass(http_server, store):
    """999 good feeds and one that accepts and never answers (a 5 s deadline), at the
    default concurrency: every good feed is stored and the pass ends soon after the tarpit's
    deadline, not after a thousand deadlines."""
    with Tarpit() as tarpit:
        feeds = [{"name": f"f{i:04d}", "url": http_server.url(f"/f{i}.xml")}
                 for i in range(999)]
        feeds.insert(500, {"name": "tarpit", "url": tarpit.url("/feed.xml"), "timeout": "5s"})
        for i in range(999):
            http_server.route(f"/f{i}.xml", headers=RSS,
                              body=rss([Item(f"s{i}", f"Story {i}", f"Text of story {i}.")]))
        config = parse_config(config_text(feeds), "thousand.yaml")
        assert config.defaults.concurrency <= 32
        with Pipeline(config, store, clock=Clock()) as pipeline:
            started = time.monotonic()
            outcomes = pipeline.poll()
            elapsed = time.monotonic() - started
    assert len(outcomes) == 1000
    good = [o for o in outcomes if o.feed != "tarpit"]
    assert all(o.ok and o.new_stories == 1 for o in good), [o for o in good if not o.ok][:3]
    [bad] = [o for o in outcomes if o.feed == "tarpit"]
    assert not bad.ok and "\n" not in (bad.error or "")
    assert elapsed < 100, elapsed  # one deadline (5 s) on one of 16 workers, not 1000
    assert store.query("SELECT count(*) AS n FROM stories")[0]["n"] == 999
    assert (store.feed("tarpit") or {}).get("last_error")


@pytest.fixture(scope="module")
def self_signed_server(tmp_path_factory: pytest.TempPathFactory):
    cert, key = self_signed_cert(tmp_path_factory.mktemp("tls"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with HTTPTestServer(tls=context) as server:
        yield server


def test_tls_failure_reaches_the_user_as_one_clear_line(tmp_path, self_signed_server):
    """A feed behind a self-signed certificate: `monitor poll` exits 1 with one line naming
    the certificate problem, no traceback; `monitor feeds` shows the same error."""
    self_signed_server.route("/feed.xml", body=rss([Item("m1", "Mines", MINES)]), headers=RSS)
    url = self_signed_server.url("/feed.xml")
    assert url.startswith("https://")
    config = write_config(tmp_path / "feeds.yaml", [{"name": "secure", "url": url}])
    db = tmp_path / "monitor.db"
    done = run_monitor("poll", "--config", str(config), "--db", str(db))
    assert done.returncode == 1, (done.stdout, done.stderr)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    [line] = [line for line in output.splitlines() if "TLS handshake" in line]
    assert line.startswith("secure") and "(certificate verify failed" in line, output
    assert self_signed_server.requests == []  # the handshake failed: nothing was sent
    [polled] = json.loads(run_monitor("poll", "--json", "--config", str(config),
                                      "--db", str(db)).stdout)
    assert "failed (certificate verify failed: self-signed certificate) for https://" in (
        polled["error"]), polled
    assert "\n" not in polled["error"] and "_ssl.c" not in polled["error"]
    [row] = json.loads(invoke_monitor("feeds", "--json", "--config", str(config),
                                      "--db", str(db)).stdout)
    assert "self-signed certificate" in json.dumps(row)


def test_article_page_redirecting_to_another_private_host_is_refused(http_server, store):
    """The feed's own host is allowed (the config names it); its article page redirects to
    another private name, which is checked on the redirect and refused: the story keeps
    the feed's text and the intranet page is never requested."""
    port = http_server.port
    http_server.route("/feed.xml", headers=RSS, body=rss([Item(
        "m1", "US authorises mines for Ukraine", MINES, http_server.url("/news/mines"))]))
    http_server.route("/news/mines", status=302,
                      headers={"Location": f"http://localhost:{port}/intranet"})
    http_server.route("/intranet", body=b"<html><body><p>Secret intranet page with a long "
                                        b"paragraph of text.</p></body></html>",
                      headers={"Content-Type": "text/html"})
    config = parse_config(config_text([{"name": "world", "url": http_server.url("/feed.xml"),
                                        "full_text": True}]), "t.yaml")
    with Pipeline(config, store, clock=Clock()) as pipeline:
        [outcome] = pipeline.poll()
    assert outcome.new_stories == 1
    assert http_server.requests_to("/news/mines")
    assert not http_server.requests_to("/intranet")
    [version] = store.query("SELECT source, text FROM versions")
    assert version["source"] == "feed" and "intranet" not in version["text"]


def test_webhook_redirect_is_not_followed(tmp_path):
    """A signed alert goes to the configured URL only: a 307 to elsewhere is not followed,
    and the failure says so."""
    from monitor.notify import render
    from monitor.notify.base import Message, SendFailure
    from monitor.notify.webhook import WebhookChannel
    from tests.support.outbox import condition_change
    from tests.support.webhook import SECRET

    payload = render.fact_payload(
        story={"id": 1, "title": "Mines", "url": "https://news.example.org/a", "feed": "world"},
        watches=["mines"], changes=[condition_change()], version_id=1,
        detected_at="2026-11-20T12:00:05Z")
    with HTTPTestServer() as server:
        server.route("/hook", status=307,
                     headers={"Location": f"http://localhost:{server.port}/other"})
        server.route("/other", body=b"ok")
        hook = WebhookChannel("ops", {"url": server.url("/hook"), "secret": SECRET,
                                      "allow_private": True}, timeout=3.0)
        with pytest.raises(SendFailure) as caught:
            hook.send(Message(key="k" * 64, payload=payload))
        assert not server.requests_to("/other")
    assert "redirects are not followed" in str(caught.value)
    assert "\n" not in str(caught.value)
