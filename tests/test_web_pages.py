"""The web view's pages through Starlette's test client (monitor/web, issue 14)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

pytest.importorskip("starlette")

from starlette.testclient import TestClient

from monitor.web.app import WebApp
from tests.support.web import WebStore, build


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    return build(tmp_path_factory.mktemp("web") / "monitor.db")


@pytest.fixture(scope="module")
def client(web: WebStore) -> Iterator[TestClient]:
    with TestClient(WebApp(web.path, config=web.config).app) as test_client:
        yield test_client


class _Rows(HTMLParser):
    """The text of each <tr> of the changes table, and every href."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.hrefs: list[str] = []
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr" and any(k == "class" and (v or "").startswith("change ")
                               for k, v in attrs):
            self._row = []
        if tag == "a":
            self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append(" ".join(" ".join(self._row).split()))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row.append(data)


def change_rows(html: str) -> list[str]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def hrefs(html: str) -> list[str]:
    parser = _Rows()
    parser.feed(html)
    return parser.hrefs


def test_index_lists_fact_changes_newest_first_with_before_and_after(client: TestClient):
    response = client.get("/")
    assert response.status_code == 200
    rows = change_rows(response.text)
    assert len(rows) == 4
    assert "in January" in rows[0] and "on January 20" in rows[0] and "date" in rows[0]
    assert "away from populated areas" in rows[-1] and "near the front line" in rows[-1]
    assert "condition" in rows[-1] and "high" in rows[-1] and "world" in rows[-1]
    # each change links to its story, at the two versions it lies between
    assert "/stories/1?from=2&to=3#diff" in hrefs(response.text)


@pytest.mark.parametrize(("query", "expected"), [
    ("feed=world", 3),
    ("feed=wire", 1),
    ("kind=date", 1),
    ("kind=date&kind=condition", 2),
    ("severity=high", 3),
    ("severity=medium&feed=world", 1),
    ("watch=end+of+term", 1),
    ("watch=mine-use+conditions", 1),
    ("watch=numbers", 1),
    ("since=2026-03-04", 2),
    ("until=2026-03-03", 2),
    ("since=2026-03-03&until=2026-03-03", 2),
    ("since=2026-03-03T10:01:00Z", 3),
    ("q=geneva", 0),
    ("q=authorises+ukraine", 3),
    ("q=100%25", 0),  # LIKE wildcards in a search are plain characters
])
def test_index_filters(client: TestClient, query: str, expected: int):
    response = client.get("/?" + query)
    assert response.status_code == 200
    assert len(change_rows(response.text)) == expected, query


def test_a_filtered_index_says_so_when_nothing_matches(client: TestClient):
    text = client.get("/?kind=quote").text
    assert "No fact change matches these filters." in text and 'href="/">Clear' in text


@pytest.mark.parametrize("query", ["kind=colour", "severity=urgent", "since=yesterday",
                                   "limit=0", "limit=9999", "cursor=not-ours", "story=x"])
def test_index_refuses_bad_parameters_with_a_400_page(client: TestClient, query: str):
    response = client.get("/?" + query)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.text


def test_index_pages_with_a_cursor_that_keeps_the_filter(client: TestClient):
    first = client.get("/?feed=world&limit=2")
    assert len(change_rows(first.text)) == 2
    older = re.search(r'href="([^"]+)" rel="next"', first.text)
    assert older, "an Older link"
    link = older.group(1).replace("&amp;", "&")
    assert "feed=world" in link and "cursor=" in link
    second = client.get(link)
    rows = change_rows(second.text)
    assert len(rows) == 1 and "near the front line" in rows[0]
    assert 'rel="next"' not in second.text


def test_story_page_shows_timeline_diff_and_fact_history(client: TestClient, web: WebStore):
    response = client.get(f"/stories/{web.mines}")
    assert response.status_code == 200
    text = response.text
    # the timeline: every version, with its changes counted
    assert all(f'<span class="vnum">v{n}</span>' in text for n in (1, 2, 3))
    assert "2 fact changes" in text and "1 fact change" in text
    # by default the last two versions, side by side, the changed facts highlighted
    assert "v2 → v3" in text
    assert '<mark class="fact">ends in January</mark>' in text  # with what happens then
    assert '<mark class="fact">ends on January 20</mark>' in text
    # the typo fix is shown, quietly
    assert re.search(r'class="row k-cosmetic[^"]*"', text)
    assert "critcism" in text and "criticism" in text
    # fact history: the date's values in order
    history = text[text.index("Fact history"):]
    assert history.index("January") < history.index("January 20")


def test_story_page_compares_any_two_versions(client: TestClient, web: WebStore):
    text = client.get(f"/stories/{web.mines}?from=1&to=3").text
    assert "v1 → v3" in text
    assert '<mark class="fact">away from populated areas</mark>' in text
    assert '<mark class="fact">near the front line</mark>' in text
    assert '<mark class="fact">ends on January 20</mark>' in text
    reversed_order = client.get(f"/stories/{web.mines}?from=3&to=1").text
    assert "v1 → v3" in reversed_order


def test_story_page_errors(client: TestClient, web: WebStore):
    assert client.get("/stories/999").status_code == 404
    assert "no version 9" in client.get(f"/stories/{web.mines}?from=1&to=9").text
    assert client.get(f"/stories/{web.mines}?from=2&to=2").status_code == 400
    single = client.get(f"/stories/{web.talks}")
    assert single.status_code == 200 and "Only one version so far" in single.text


def test_all_facts_of_a_story_on_request(client: TestClient, web: WebStore):
    changed = client.get(f"/stories/{web.mines}").text
    every = client.get(f"/stories/{web.mines}?facts=1").text
    assert every.count("<dt>") > changed.count("<dt>") > 0


def test_stories_page_lists_and_filters(client: TestClient, web: WebStore):
    text = client.get("/stories").text
    assert "Talks resume in Geneva" in text and "US authorises mines" in text
    assert "Talks resume" not in client.get("/stories?changed=1").text
    assert "US authorises" not in client.get("/stories?feed=wire").text
    assert "Talks resume" in client.get("/stories?q=geneva").text


def test_feeds_page_shows_health(client: TestClient):
    text = client.get("/feeds").text
    assert "failing ×2" in text and "503" in text
    assert "HTTP 503 from &lt;b&gt;wire&lt;/b&gt;" in text
    row = text[text.index("world"):]
    assert ">ok<" in row


def test_alerts_page_lists_the_outbox_by_status(client: TestClient, web: WebStore):
    text = client.get("/alerts").text
    assert "mine-use conditions" in text and "end of term" in text
    assert re.search(r"dead <span class=\"count\">1</span>", text)
    dead = client.get("/alerts?status=dead").text
    assert "HTTP 500" in dead and "end of term" not in dead
    # read-only: no retry button without a token
    assert "/retry" not in dead
    assert client.get("/alerts?status=lost").status_code == 400


def test_static_assets_ship_inside_the_package(client: TestClient):
    for name, kind in (("style.css", "text/css"), ("app.js", "javascript"),
                       ("favicon.svg", "image/svg")):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and kind in response.headers["content-type"]
    assert client.get("/static/../app.py").status_code == 404


def test_pages_need_no_javascript(client: TestClient, web: WebStore):
    """Filters are plain GET forms and every action a plain link or form."""
    text = client.get("/").text
    assert '<form method="get" action="/"' in text and '<button type="submit">Apply' in text
    story = client.get(f"/stories/{web.mines}").text
    assert f'<form method="get" action="/stories/{web.mines}#diff"' in story
    assert "onclick" not in text + story and "<script>" not in text + story
