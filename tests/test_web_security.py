"""The web view under hostile feeds and hostile browsers: escaping, links, bidi, headers,
the UI token, sessions and CSRF, Host checks, secrets (issue 14)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette")

from starlette.testclient import TestClient

from monitor.store import Store
from monitor.web import safety
from monitor.web.app import WebApp
from monitor.web.server import allowed_hosts
from tests.support.web import SECRET, UI_TOKEN, WebStore, build

PAGES = ["/", "/stories", "/stories/1", "/stories/3", "/stories/3?from=1&to=2", "/feeds",
         "/alerts", "/alerts?status=dead", "/login", "/stories/999", "/?kind=bad"]
ALL_ROUTES = [*PAGES, "/changes.atom", "/metrics", "/healthz", "/api/openapi.json",
              "/api/v1/changes", "/api/v1/stories", "/api/v1/stories/3",
              "/api/v1/stories/3/diff", "/api/v1/feeds", "/api/v1/alerts", "/static/app.js"]


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    return build(tmp_path_factory.mktemp("sec") / "monitor.db")


@pytest.fixture(scope="module")
def client(web: WebStore) -> Iterator[TestClient]:
    with TestClient(WebApp(web.path, config=web.config).app) as test_client:
        yield test_client


@pytest.fixture
def fresh(tmp_path: Path) -> WebStore:
    """A store of its own, for tests that write."""
    return build(tmp_path / "monitor.db")


@pytest.fixture
def guarded(fresh: WebStore) -> Iterator[TestClient]:
    app = WebApp(fresh.path, config=fresh.config, token=UI_TOKEN)
    with TestClient(app.app, base_url="http://127.0.0.1:8080") as test_client:
        yield test_client


# ---------------------------------------------------------------- hostile feed text


@pytest.mark.parametrize("path", PAGES)
def test_hostile_titles_and_bodies_are_text_not_markup(client: TestClient, web: WebStore,
                                                       path: str):
    html = client.get(path).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "onerror=alert" not in html or "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "\u202e" not in html and "\u202c" not in html and "\u2066" not in html
    assert "\x07" not in html and "\x1b" not in html
    # the only scripts are our own file
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']


def test_hostile_story_is_shown_escaped_and_isolated(client: TestClient, web: WebStore):
    html = client.get(f"/stories/{web.hostile}?from=1&to=2").text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    assert "<bdi>&lt;script&gt;alert(&#39;title&#39;)" in html  # isolated from the page
    assert "Evil knil headline" in html  # the override is gone, the words stay
    assert '<mark class="fact">that 19 people</mark>' in html


@pytest.mark.parametrize("path", PAGES)
def test_no_javascript_link_ever_becomes_an_href(client: TestClient, path: str):
    html = client.get(path).text
    for href in re.findall(r'href="([^"]*)"', html):
        assert not href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")), href


def test_story_links_out_only_to_http_urls(client: TestClient, web: WebStore):
    mines = client.get(f"/stories/{web.mines}").text
    assert 'href="https://news.example.org/mines" rel="noopener noreferrer nofollow"' in mines
    hostile = client.get(f"/stories/{web.hostile}").text
    assert "original</a>" not in hostile


@pytest.mark.parametrize(("value", "shown"), [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
    ("javascript:alert(1)", None), (" javascript:alert(1)", None), ("JaVaScRiPt:x", None),
    ("data:text/html,<b>", None), ("//evil.example/x", None), ("/relative", None),
    ("https://exa\u202emple.org/", None), ("https://example.org/a b", None),
    ("http:///nohost", None), (None, None), (42, None),
])
def test_safe_url(value: object, shown: str | None):
    assert safety.safe_url(value) == shown


def test_untrusted_drops_controls_and_bidi_overrides_but_keeps_words():
    assert safety.untrusted("a\u202eb\u2067c\x00d\x1b[2Je\u200ff") == "abcd[2Je\u200ff"
    assert safety.untrusted("שלום world") == "שלום world"  # right-to-left text itself stays
    assert safety.untrusted(None) == ""
    assert safety.xml_text("a\x0cb\ufffec") == "abc"


def test_atom_feed_is_well_formed_xml_with_hostile_entries(client: TestClient, web: WebStore):
    response = client.get("/changes.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 4
    titles = [e.findtext("a:title", namespaces=ns) or "" for e in entries]
    hostile = next(t for t in titles if "Evil" in t)
    assert "<script>alert('title')</script>" in hostile  # text content, parsed back
    assert "\u202e" not in hostile
    links = [e.find("a:link", ns).get("href") for e in entries]  # type: ignore[union-attr]
    assert all(link.startswith("http://testserver/stories/") for link in links)
    import feedparser

    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and len(parsed.entries) == 4


def test_atom_feed_filters_by_watch(client: TestClient):
    root = ET.fromstring(client.get("/changes.atom?watch=end+of+term").content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    assert "date changed" in (entries[0].findtext("{http://www.w3.org/2005/Atom}title") or "")


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize("path", ALL_ROUTES)
def test_every_answer_carries_the_security_headers(client: TestClient, path: str):
    response = client.get(path)
    headers = response.headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["server-timing"].startswith("app;dur=")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_pages_have_no_inline_script_style_or_handler(client: TestClient):
    for path in PAGES:
        parser = _Tags()
        parser.feed(client.get(path).text)
        for tag, attrs in parser.tags:
            names = {name for name, _ in attrs}
            assert tag != "style" and "style" not in names, (path, tag)
            assert not any(name.startswith("on") for name in names), (path, tag, attrs)
            if tag == "script":
                assert dict(attrs).get("src") == "/static/app.js", path


# ---------------------------------------------------------------- read-only without a token


def test_without_a_token_nothing_can_be_written(client: TestClient, web: WebStore):
    story = client.get(f"/stories/{web.mines}").text
    assert "/mute" not in story and "Sign in" not in story and "read-only" in story
    for path in (f"/stories/{web.mines}/mute", f"/stories/{web.mines}/unmute",
                 f"/alerts/{web.dead}/retry", "/login", "/logout"):
        assert client.post(path, data={"csrf": "x", "token": "x"}).status_code == 403, path
    for path in (f"/api/v1/stories/{web.mines}/mute", f"/api/v1/alerts/{web.dead}/retry"):
        response = client.post(path, headers={"authorization": "Bearer anything"})
        assert response.status_code == 403 and "read-only" in response.json()["error"]
    with Store.open(web.path, readonly=True) as store:
        assert store.story(web.mines)["muted_until"] is None  # type: ignore[index]
        assert store.delivery(web.dead)["status"] == "dead"  # type: ignore[index]


# ---------------------------------------------------------------- the token, sessions, CSRF


def sign_in(client: TestClient, token: str = UI_TOKEN) -> None:
    response = client.post("/login", data={"token": token, "next": "/alerts"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/alerts?note=signed-in"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert token not in cookie


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found, "a CSRF token in the page"
    return found.group(1)


def test_a_wrong_token_does_not_sign_in(guarded: TestClient, fresh: WebStore):
    response = guarded.post("/login", data={"token": "guess"}, follow_redirects=False)
    assert response.status_code == 403 and "That is not the token." in response.text
    assert "set-cookie" not in response.headers
    assert guarded.post(f"/stories/{fresh.mines}/mute", data={"csrf": "0" * 64}).status_code == 403


def test_mute_and_unmute_from_the_page(guarded: TestClient, fresh: WebStore):
    page = guarded.get(f"/stories/{fresh.mines}").text
    assert "Sign in</a> to mute this story" in page
    sign_in(guarded)
    page = guarded.get(f"/stories/{fresh.mines}").text
    assert f'action="/stories/{fresh.mines}/mute"' in page
    response = guarded.post(f"/stories/{fresh.mines}/mute",
                            data={"csrf": csrf_of(page), "duration": "1d"},
                            follow_redirects=False)
    assert response.status_code == 303
    page = guarded.get(response.headers["location"]).text
    assert "Story muted" in page and '<span class="badge muted">muted</span>' in page
    with Store.open(fresh.path, readonly=True) as store:
        assert store.story(fresh.mines)["muted_until"] > "2026"  # type: ignore[index]
    guarded.post(f"/stories/{fresh.mines}/unmute", data={"csrf": csrf_of(page)})
    with Store.open(fresh.path, readonly=True) as store:
        assert store.story(fresh.mines)["muted_until"] is None  # type: ignore[index]


def test_retry_a_dead_alert_from_the_page(guarded: TestClient, fresh: WebStore):
    sign_in(guarded)
    page = guarded.get("/alerts?status=dead").text
    assert f'action="/alerts/{fresh.dead}/retry"' in page
    response = guarded.post(f"/alerts/{fresh.dead}/retry", data={"csrf": csrf_of(page)},
                            follow_redirects=False)
    assert response.status_code == 303
    with Store.open(fresh.path, readonly=True) as store:
        row = store.delivery(fresh.dead)
    assert row is not None and row["status"] == "pending" and row["attempts"] == 0


def test_writes_need_the_csrf_token_and_our_origin(guarded: TestClient, fresh: WebStore):
    sign_in(guarded)
    page = guarded.get(f"/stories/{fresh.mines}").text
    url = f"/stories/{fresh.mines}/mute"
    assert guarded.post(url, data={"duration": "1h"}).status_code == 403
    assert guarded.post(url, data={"csrf": "f" * 64, "duration": "1h"}).status_code == 403
    assert guarded.post(url, data={"csrf": csrf_of(page), "duration": "1h"},
                        headers={"origin": "https://evil.example"}).status_code == 403
    assert guarded.post(url, data={"csrf": csrf_of(page), "duration": "1h"},
                        headers={"origin": "null"}).status_code == 403
    assert guarded.post(url, data={"csrf": csrf_of(page), "duration": "ever"}).status_code == 400
    with Store.open(fresh.path, readonly=True) as store:
        assert store.story(fresh.mines)["muted_until"] is None  # type: ignore[index]
    ok = guarded.post(url, data={"csrf": csrf_of(page), "duration": "1h"},
                      headers={"origin": "http://127.0.0.1:8080"}, follow_redirects=False)
    assert ok.status_code == 303


def test_a_csrf_token_belongs_to_its_session(guarded: TestClient, fresh: WebStore):
    sign_in(guarded)
    token = csrf_of(guarded.get(f"/stories/{fresh.mines}").text)
    guarded.cookies.clear()
    sign_in(guarded)  # a new session: the old page's token no longer works
    assert guarded.post(f"/stories/{fresh.mines}/mute",
                        data={"csrf": token, "duration": "1h"}).status_code == 403


def test_sessions_expire_and_cannot_be_forged():
    guard = safety.Guard("token")
    cookie = guard.new_session(now=1000.0)
    assert guard.session_id(cookie, now=1000.0 + 60)
    assert guard.session_id(cookie, now=1000.0 + safety.SESSION_SECONDS + 1) is None
    sid, _, signature = cookie.rpartition(".")
    assert guard.session_id(f"{sid}.{'0' * len(signature)}", now=1001.0) is None
    assert safety.Guard("other").session_id(cookie, now=1001.0) is None
    assert safety.Guard(None).session_id(cookie, now=1001.0) is None
    assert not guard.check_csrf(None, guard.csrf_token(sid))


def test_api_writes_take_the_token_as_a_bearer(guarded: TestClient, fresh: WebStore):
    url = f"/api/v1/stories/{fresh.mines}/mute"
    assert guarded.post(url).status_code == 401
    assert guarded.post(url, headers={"authorization": "Bearer nope"}).status_code == 401
    bearer = {"authorization": f"Bearer {UI_TOKEN}"}
    muted = guarded.post(url, json={"hours": 2}, headers=bearer).json()
    assert muted["muted_until"] > "2026"
    forever = guarded.post(url, headers=bearer).json()
    assert forever["muted_until"].startswith("9999")
    assert guarded.get(f"/api/v1/stories/{fresh.mines}").json()["muted_until"].startswith("9999")
    assert guarded.post(f"/api/v1/stories/{fresh.mines}/unmute",
                        headers=bearer).json()["muted_until"] is None
    assert guarded.post("/api/v1/stories/999/mute", headers=bearer).status_code == 404
    assert guarded.post(url, json={"hours": "x"}, headers=bearer).status_code == 400
    retried = guarded.post(f"/api/v1/alerts/{fresh.dead}/retry", headers=bearer)
    assert retried.json() == {"delivery_id": fresh.dead, "status": "pending"}
    assert guarded.post("/api/v1/alerts/999/retry", headers=bearer).status_code == 404


def test_a_sent_alert_is_not_retried(guarded: TestClient, fresh: WebStore):
    with Store.open(fresh.path) as store, store.write() as conn:
        conn.execute("UPDATE deliveries SET status = 'sent' WHERE id = ?", [fresh.dead])
    response = guarded.post(f"/api/v1/alerts/{fresh.dead}/retry",
                            headers={"authorization": f"Bearer {UI_TOKEN}"})
    assert response.status_code == 400 and "duplicate" in response.json()["error"]


def test_sign_in_only_redirects_within_the_site(guarded: TestClient):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = guarded.post("/login", data={"token": UI_TOKEN, "next": target},
                                follow_redirects=False)
        assert response.headers["location"] == "/?note=signed-in", target


def test_no_secret_is_ever_rendered(guarded: TestClient, fresh: WebStore):
    sign_in(guarded)
    for path in [*ALL_ROUTES, "/alerts?status=pending"]:
        text = guarded.get(path).text
        assert UI_TOKEN not in text, path
        assert SECRET not in text and "whsec_" not in text, path


def test_notes_shown_after_a_redirect_are_ours_only(client: TestClient):
    assert "Story muted" in client.get("/?note=muted").text
    assert "<b>" not in client.get("/?note=%3Cb%3Ehi").text


# ---------------------------------------------------------------- binding and Host


def test_bound_to_loopback_it_answers_loopback_names_only(web: WebStore):
    hosts = allowed_hosts("127.0.0.1")
    assert hosts is not None and "localhost" in hosts and "evil.example" not in hosts
    app = WebApp(web.path, allowed_hosts=hosts).app
    with TestClient(app, base_url="http://127.0.0.1:8080") as local:
        assert local.get("/healthz").status_code == 200
    with TestClient(app, base_url="http://rebound.evil.example") as rebound:
        assert rebound.get("/api/v1/stories").status_code == 400
    assert allowed_hosts("0.0.0.0") is None
    assert allowed_hosts("0.0.0.0", ("news.example.org",)) == ["news.example.org"]
