"""Article-region fingerprints (issue 12): a re-checked page whose article did not change is
parsed, not extracted, and no edit of the article's text or title ever hides behind one.

Pages are served by a real loopback server; their boilerplate (navigation, an ad slot and a
"Read more" aside inside the article, related links, readers' comments) rotates on demand.
"""

from __future__ import annotations

import random
import subprocess
import sys
from html import escape
from typing import Any

import pytest

import monitor.extract as extract_module
from monitor.extract import extract_if_changed, fingerprint_for, page_fingerprint
from monitor.models import Entry
from monitor.store import Store
from tests.support.httpserver import HTTPTestServer
from tests.support.polling import HTML, RSS, Clock, Item, rss
from tests.test_pipeline import make_pipeline, one_feed, stories, versions

TITLE = "Flooding closes the coastal highway"
PARAGRAPHS = [
    "Flooding closed the coastal highway on Tuesday after 120 millimetres of rain fell "
    "overnight, the state emergency agency said.",
    "About 340 homes were without power in Lakeside County, and crews expected to restore "
    "most of them by Wednesday evening.",
    "The agency advised residents to avoid travel unless it was essential, and said the road "
    "would stay closed until the water level dropped below two metres.",
    "Schools in the area will remain closed on Wednesday, the education department said in "
    "a statement.",
    "Officials did not immediately respond to a request for comment on the cost of the "
    "repairs.",
    "Volunteers handed out blankets and hot meals at the community centre in Port Elgin.",
]
COMMENTS = [
    "The death toll rose to 14 on Monday, police said.",
    "Turnout stood at 61.5 percent, the electoral commission said.",
    "The council has rejected the plan to reopen schools.",
    "We are doing everything we can, the mayor told reporters.",
]


def news_page(title: str, paragraphs: list[str], rotation: int) -> bytes:
    """A news page whose boilerplate depends on ``rotation`` alone."""
    r = random.Random(rotation)
    body = []
    for i, p in enumerate(paragraphs):
        body.append(f"<p>{escape(p)}</p>")
        if i == 1:
            body.append(f'<div class="ad-slot" id="ad-{r.randint(1, 10**9)}"><span>'
                        f"Advertisement</span><p>Sponsored: offer {r.randint(1, 999)}</p></div>")
        if i == 3:
            body.append(f'<aside class="read-more"><a href="/s/{r.randint(1, 10**6)}">Read '
                        f"more: Story number {r.randint(1, 10**6)}</a></aside>")
    comments = "".join(
        f'<li class="comment"><span class="user">reader{r.randint(1, 9999)}</span>'
        f"<p>{escape(r.choice(COMMENTS))}</p><button>Like ({r.randint(0, 99)})</button></li>"
        for _ in range(8))
    related = "".join(f'<li><a href="/r/{r.randint(1, 10**6)}">Related story '
                      f"{r.randint(1, 10**6)} about the weather</a></li>" for _ in range(6))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | Example News</title>
<meta property="og:title" content="{escape(title)}">
<script>window.adConfig = {{id: {r.randint(1, 10**9)}}};</script></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/topic/{r.randint(1, 999)}">Trending topic {r.randint(1, 999)}</a></nav></header>
<main><article><h1>{escape(title)}</h1>
<div class="byline">By Dana Reyes</div>
<div class="story-body">{"".join(body)}</div></article>
<section class="related"><h2>Related stories</h2><ul>{related}</ul></section>
<section class="comments"><h2>Comments ({r.randint(5, 50)})</h2><ul>{comments}</ul></section>
</main><footer>Copyright 2026 Example News.</footer></body></html>""".encode()


@pytest.fixture(autouse=True)
def trafilatura_only(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Most tests here count trafilatura's extractions: the fast path stays off for them
    (its own tests are named test_fast_path_*)."""
    if not request.node.name.startswith("test_fast_path"):
        monkeypatch.setattr(extract_module.FastPathGuard, "take", lambda self, layout: False)
        monkeypatch.setattr(extract_module.FastPathGuard, "try_take",
                            lambda self, layout: False)


def edited(paragraphs: list[str], old: str, new: str) -> list[str]:
    out = [p.replace(old, new) for p in paragraphs]
    assert out != paragraphs
    return out


# ---------------------------------------------------------------- the fingerprint itself


def test_rotated_boilerplate_keeps_the_fingerprint() -> None:
    page = news_page(TITLE, PARAGRAPHS, rotation=1)
    extracted = extract_if_changed(page)
    assert extracted is not None and extracted.fingerprint
    for rotation in range(2, 12):
        rotated = news_page(TITLE, PARAGRAPHS, rotation=rotation)
        assert rotated != page
        assert page_fingerprint(rotated, extracted.fingerprint) == extracted.fingerprint
        assert extract_if_changed(rotated, previous=extracted.fingerprint) is None
        # and the full extraction of the rotated page agrees: nothing was hidden
        assert extract_module.extract_article(rotated).text == extracted.text


@pytest.mark.parametrize(("old", "new"), [
    ("120 millimetres", "150 millimetres"),  # a number
    ("340 homes", "34 homes"),  # one digit dropped
    ("Tuesday", "Monday"),  # a date
    ("below two metres", "below one metre"),  # a condition
    ("the education department said", "the mayor said"),  # an attribution
    ("Port Elgin.", "Port Elgin. Two shelters opened."),  # a sentence added
    ("will remain closed", "will reopen"),  # a status
    ("closed", "clsoed"),  # even a typo: the extraction decides what it is worth
])
@pytest.mark.parametrize("rotate", [False, True])
def test_any_article_edit_changes_the_fingerprint(old: str, new: str, rotate: bool) -> None:
    page = news_page(TITLE, PARAGRAPHS, rotation=1)
    before = extract_if_changed(page)
    assert before is not None and before.fingerprint
    changed = news_page(TITLE, edited(PARAGRAPHS, old, new), rotation=2 if rotate else 1)
    assert page_fingerprint(changed, before.fingerprint) != before.fingerprint
    after = extract_if_changed(changed, previous=before.fingerprint)
    assert after is not None and new in after.text


def test_a_paragraph_dropped_or_reordered_changes_the_fingerprint() -> None:
    before = extract_if_changed(news_page(TITLE, PARAGRAPHS, rotation=1))
    assert before is not None and before.fingerprint
    for paragraphs in (PARAGRAPHS[:-1], [PARAGRAPHS[1], PARAGRAPHS[0], *PARAGRAPHS[2:]]):
        page = news_page(TITLE, paragraphs, rotation=3)
        assert extract_if_changed(page, previous=before.fingerprint) is not None


@pytest.mark.parametrize("rotate", [False, True])
def test_a_title_edit_changes_the_fingerprint(rotate: bool) -> None:
    before = extract_if_changed(news_page(TITLE, PARAGRAPHS, rotation=1))
    assert before is not None and before.fingerprint
    page = news_page(TITLE.replace("coastal", "northern"), PARAGRAPHS, rotation=2 if rotate else 1)
    after = extract_if_changed(page, previous=before.fingerprint)
    assert after is not None and "northern" in after.title


def test_no_fingerprint_when_no_region_holds_the_text() -> None:
    page = news_page(TITLE, PARAGRAPHS, rotation=1)
    assert fingerprint_for(page, "A paragraph that is nowhere on the page.") is None
    assert fingerprint_for(page, "") is None
    assert fingerprint_for(b"", PARAGRAPHS[0]) is None


def test_the_tightest_region_holding_the_text_is_used() -> None:
    page = news_page(TITLE, PARAGRAPHS, rotation=1)
    text = "\n\n".join(PARAGRAPHS)
    assert (fingerprint_for(page, text) or "").startswith("r1:1:0:")  # <article>
    # text found only outside <article> (a comment): the whole <body>, comments kept out of
    # it, cannot hold it either
    assert fingerprint_for(page, COMMENTS[0]) is None


def test_malformed_or_foreign_fingerprints_never_match() -> None:
    page = news_page(TITLE, PARAGRAPHS, rotation=1)
    for previous in ("", "r1", "r0:1:0:abc", "r1:9:0:abc", "r1:1:5:abc", "r1:x:0:abc",
                     "r1:1:0:abc"):
        assert page_fingerprint(page, previous) != previous
        assert extract_if_changed(page, previous=previous) is not None


# ---------------------------------------------------------------- through the pipeline


class Counter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = extract_module.extract_article

        def counting(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(extract_module, "extract_article", counting)


def serve(server: HTTPTestServer, title: str, paragraphs: list[str], rotation: int) -> None:
    server.route("/news/flood", body=news_page(title, paragraphs, rotation), headers=HTML,
                 etag=True)


@pytest.fixture
def flood(http_server: HTTPTestServer, store: Store,
          monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Clock, Counter]:
    http_server.route("/feed.xml", body=rss([Item("f1", TITLE, "Short teaser.",
                                                  http_server.url("/news/flood"))]),
                      headers=RSS, etag=True)
    serve(http_server, TITLE, PARAGRAPHS, rotation=1)
    clock = Clock()
    pipeline = make_pipeline(store, [one_feed(http_server, full_text=True)], clock)
    counter = Counter(monkeypatch)
    first = pipeline.poll()[0]
    assert first.ok and first.new_stories == 1 and counter.calls == 1
    assert (stories(store)[0]["page_fingerprint"] or "").startswith("r1:1:0:")
    return pipeline, clock, counter


def recheck(pipeline: Any, clock: Clock) -> Any:
    clock.advance(hours=2)
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.rechecked == 1
    return outcome


def test_rotated_boilerplate_costs_a_parse_not_an_extraction(
        flood: tuple[Any, Clock, Counter], http_server: HTTPTestServer, store: Store) -> None:
    pipeline, clock, counter = flood
    for rotation in (2, 3, 4):
        serve(http_server, TITLE, PARAGRAPHS, rotation)
        outcome = recheck(pipeline, clock)
        assert outcome.new_versions == 0 and outcome.changes == 0
        assert counter.calls == 1  # never extracted again
    # the rotated page's validators were kept: the next re-check of the same page is a 304
    before = len(http_server.requests_to("/news/flood"))
    outcome = recheck(pipeline, clock)
    assert outcome.new_versions == 0 and counter.calls == 1
    assert http_server.requests_to("/news/flood")[before].headers.get("if-none-match") == (
        stories(store)[0]["page_etag"])
    assert len(versions(store)) == 1


@pytest.mark.parametrize("rotate", [False, True])
def test_an_article_edit_is_extracted_and_alerted_with_or_without_rotation(
        flood: tuple[Any, Clock, Counter], http_server: HTTPTestServer, store: Store,
        rotate: bool) -> None:
    pipeline, clock, counter = flood
    serve(http_server, TITLE, edited(PARAGRAPHS, "340 homes", "3,400 homes"),
          rotation=2 if rotate else 1)
    outcome = recheck(pipeline, clock)
    assert counter.calls == 2
    assert outcome.new_versions == 1 and outcome.changes >= 1
    assert "3,400 homes" in versions(store)[-1]["text"]
    changes = store.query("SELECT * FROM changes")
    assert any("3,400" in (c["new"] or "") for c in changes)
    # the new version's page is fingerprinted in turn: rotating it again costs a parse
    serve(http_server, TITLE, edited(PARAGRAPHS, "340 homes", "3,400 homes"), rotation=7)
    outcome = recheck(pipeline, clock)
    assert outcome.new_versions == 0 and counter.calls == 2
    # and a second edit is found again
    serve(http_server, TITLE, edited(PARAGRAPHS, "340 homes", "2,900 homes"), rotation=8)
    outcome = recheck(pipeline, clock)
    assert outcome.new_versions == 1 and counter.calls == 3


def test_a_title_edit_alone_is_extracted(flood: tuple[Any, Clock, Counter],
                                        http_server: HTTPTestServer, store: Store) -> None:
    pipeline, clock, counter = flood
    serve(http_server, "Flooding closes the northern highway", PARAGRAPHS, rotation=5)
    outcome = recheck(pipeline, clock)
    assert counter.calls == 2 and outcome.new_versions == 1
    assert versions(store)[-1]["title"] == "Flooding closes the northern highway"


def test_a_version_stored_since_voids_the_fingerprint(
        flood: tuple[Any, Clock, Counter], http_server: HTTPTestServer, store: Store) -> None:
    """The story moved on without its page (here: a version from the feed's text): the same
    page seen again is extracted, as it would have been without fingerprints."""
    pipeline, clock, counter = flood
    pipeline.ingest("world", Entry(guid="f1", link=http_server.url("/news/flood"), title=TITLE,
                                   text="A different text from the feed alone."),
                    now=clock.now, source="feed")
    assert len(versions(store)) == 2
    serve(http_server, TITLE, PARAGRAPHS, rotation=9)
    outcome = recheck(pipeline, clock)
    assert counter.calls == 2 and outcome.new_versions == 1
    assert versions(store)[-1]["text"] == versions(store)[0]["text"]


def test_farm_pages_ground_truth_no_edit_hidden() -> None:
    """The benchmark farm's rotating pages: every page whose story text changed in a tick
    (fact edits, typo fixes, reordered paragraphs) is extracted again; the others are not."""
    from benchmarks.farm import Farm

    farm = Farm(3, 6, seed=5, rotating=True, page_kb=100)
    pages = [(f, e) for f in range(3) for e in range(6)]
    fingerprints: dict[tuple[int, int], str] = {}
    for key in pages:
        extracted = extract_if_changed(farm.page_body(*key))
        assert extracted is not None and extracted.fingerprint
        fingerprints[key] = extracted.fingerprint
    skipped = 0
    for _ in range(3):
        texts = {key: farm.story_text(*key) for key in pages}
        farm.tick(fact_rate=0.2, cosmetic_rate=0.3)
        for key in pages:
            body = farm.page_body(*key)
            after = extract_if_changed(body, previous=fingerprints[key])
            if farm.story_text(*key) != texts[key]:
                assert after is not None, key  # an edit of the story is never hidden
            if after is None:
                skipped += 1
                assert farm.story_text(*key) == texts[key]
            else:
                assert after.fingerprint
                fingerprints[key] = after.fingerprint
    assert skipped >= 20  # most pages only had their boilerplate rotated


# ---------------------------------------------------------------- the fast path's guard


def test_fast_path_guard_trusts_a_layout_only_after_agreements_never_after_a_disagreement() -> None:
    guard = extract_module.FastPathGuard(verify_first=3, recheck_every=4, max_layouts=2)
    site = ("example.org", "article")
    assert not guard.take(site)
    for _ in range(2):
        guard.record(site, True)
        assert not guard.take(site)
    guard.record(site, True)
    taken = [guard.take(site) for _ in range(8)]
    assert taken == [True, True, True, False, True, True, True, False]  # 1 in 4 compared
    guard.record(site, False)
    assert not any(guard.take(site) for _ in range(10))
    other = ("example.org", "div.story")
    for _ in range(3):
        guard.record(other, True)
    assert guard.take(other)
    guard.enabled = False
    assert not guard.take(other)
    guard.enabled = True
    guard.record(("a", "b"), True)  # a third layout: the least recently used is forgotten
    assert len(guard._layouts) == 2
    # counts are kept by the store and loaded by the next process
    rows = guard.changed()
    assert sorted(rows) == [("a", "b", 1, 0), ("example.org", "div.story", 3, 0)]
    assert guard.changed() == []
    fresh = extract_module.FastPathGuard(verify_first=3)
    fresh.load(rows)
    assert fresh.take(("example.org", "div.story")) and not fresh.take(("a", "b"))


def test_fast_path_gives_trafilaturas_result_on_the_farm(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the farm's pages the fast extractor agrees with trafilatura, so after a few pages
    it stands in; every page's result is still exactly trafilatura's."""
    from benchmarks.farm import Farm

    guard = extract_module.FastPathGuard()
    farm = Farm(2, 10, seed=8, rotating=True, page_kb=100)
    farm.tick(fact_rate=0.2, cosmetic_rate=0.4)
    url = "http://news.example/article/{}/{}.html"
    expected = {(f, e): replace_fingerprint(extract_module.extract_article(farm.page_body(f, e)))
                for f in range(2) for e in range(10)}
    counter = Counter(monkeypatch)
    for (f, e), want in expected.items():
        got = extract_if_changed(farm.page_body(f, e), url=url.format(f, e), guard=guard)
        assert got is not None and got.fingerprint
        assert replace_fingerprint(got) == want
    assert counter.calls < 8  # 3 to verify, then one page in 50


def test_fast_path_never_stands_in_where_it_disagrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """A layout where the fast extractor's text differs from trafilatura's (a paragraph in
    a table, which trafilatura leaves out with tables off) is always extracted by
    trafilatura, however many pages of it are seen."""
    guard = extract_module.FastPathGuard()
    pages = []
    for i in range(12):
        paragraphs = [f"{p} Item {i}." for p in PARAGRAPHS]
        pages.append(news_page(TITLE, paragraphs, rotation=i).replace(
            b'<div class="story-body">', b'<div class="story-body"><table><tr><td><p>Rainfall '
            b"at the airport station reached 120 millimetres in the night.</p></td></tr></table>"))
    expected = [extract_module.extract_article(page) for page in pages]
    assert extract_module._from_fast(extract_module.fast_extract_page(pages[0])) != expected[0]
    counter = Counter(monkeypatch)
    for page, want in zip(pages, expected, strict=True):
        got = extract_if_changed(page, url="http://news.example/a.html", guard=guard)
        assert got is not None and replace_fingerprint(got) == want
    assert counter.calls == 12


def replace_fingerprint(page: Any) -> Any:
    from dataclasses import replace

    return replace(page, fingerprint=None)


def test_fast_path_remembered_by_the_store(http_server: HTTPTestServer, store: Store,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A second pipeline on the same store (the next `monitor poll`) takes the fast path at
    once on a layout the first one verified, and its results are still trafilatura's."""
    from benchmarks.farm import Farm

    farm = Farm(1, 8, seed=4, rotating=True, page_kb=60)
    items = []
    for e in range(8):
        path = f"/a/{e}.html"
        http_server.route(path, body=farm.page_body(0, e), headers=HTML, etag=True)
        items.append(Item(f"g{e}", farm.title(0, e), "Teaser.", http_server.url(path)))
    http_server.route("/feed.xml", body=rss(items[:4]), headers=RSS, etag=True)
    clock = Clock()
    first = make_pipeline(store, [one_feed(http_server, full_text=True)], clock)
    assert first.poll()[0].new_stories == 4
    assert [r[2:] for r in store.extract_layouts()] == [(3, 0)]  # the 4th was fast
    counter = Counter(monkeypatch)
    http_server.route("/feed.xml", body=rss(items), headers=RSS, etag=True)
    second = make_pipeline(store, [one_feed(http_server, full_text=True)], clock)
    assert second.poll()[0].new_stories == 4
    assert counter.calls == 0  # no page of a verified layout needs trafilatura
    for story in stories(store)[4:]:
        text = versions(store)[story["id"] - 1]["text"]
        e = int(story["guid"][1:])
        assert text == extract_module.extract_article(farm.page_body(0, e)).text


def test_fast_path_concurrent_pages_wait_for_the_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight threads on pages of one new layout: three are compared, the others wait for
    that verdict instead of each running trafilatura too."""
    from concurrent.futures import ThreadPoolExecutor

    from benchmarks.farm import Farm

    farm = Farm(1, 16, seed=6, rotating=True, page_kb=100)
    pages = [farm.page_body(0, e) for e in range(16)]
    expected = [replace_fingerprint(extract_module.extract_article(p)) for p in pages]
    guard = extract_module.FastPathGuard()
    counter = Counter(monkeypatch)
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda p: extract_if_changed(p, url="http://n.example/a",
                                                         guard=guard), pages))
    assert [replace_fingerprint(g) for g in got] == expected
    assert counter.calls == 3
    assert guard._pending == {}


def test_fast_path_failed_comparison_releases_its_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = extract_module.FastPathGuard(verify_first=1, wait_seconds=0.5)
    layout = ("h", "l")
    assert not guard.take(layout)
    guard.abandon(layout)
    assert guard._pending == {}
    assert not guard.take(layout)  # no wait: the earlier comparison is not under way
    guard.record(layout, True)
    assert guard.take(layout)


def test_fast_path_try_take_answers_none_while_the_verdict_is_worked_out() -> None:
    guard = extract_module.FastPathGuard(verify_first=2, recheck_every=3)
    layout = ("h", "l")
    assert guard.try_take(layout) is False and guard.try_take(layout) is False  # compare
    assert guard.try_take(layout) is None  # two comparisons under way: ask later
    assert guard._pending == {layout: 2}
    guard.record(layout, True)
    assert guard.try_take(layout) is None
    guard.record(layout, True)
    assert [guard.try_take(layout) for _ in range(3)] == [True, True, False]  # 1 in 3
    guard.record(layout, True)
    other = ("h", "other")
    assert guard.try_take(other) is False
    guard.record(other, False)
    assert guard.try_take(other) is False  # disagreed once: trafilatura for good


def test_fast_path_a_page_read_without_waiting_is_finished_with_the_verdict(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``read_page(wait=False)`` leaves a page whose layout is being compared unextracted;
    ``finish`` waits for the verdict and gives what ``extract_if_changed`` gives."""
    from benchmarks.farm import Farm

    farm = Farm(1, 3, seed=6, rotating=True, page_kb=100)
    pages = [farm.page_body(0, e) for e in range(3)]
    expected = [replace_fingerprint(extract_module.extract_article(p)) for p in pages]
    guard = extract_module.FastPathGuard(verify_first=1)
    url = "http://n.example/a"
    scan = extract_module.scan_page(pages[0], url, None)
    assert scan is not None and scan.layout is not None
    assert guard.try_take(scan.layout) is False  # another thread compares a page
    counter = Counter(monkeypatch)
    parked = extract_module.read_page(pages[1], url, guard=guard, wait=False)
    assert parked is not None and parked.extracted is None and parked.scan.fast is not None
    assert counter.calls == 0
    guard.record(scan.layout, True)  # ... and the fast extractor agreed
    assert replace_fingerprint(parked.finish(guard)) == expected[1]
    assert parked.finish(guard).fingerprint == extract_module.extract_if_changed(
        pages[1], url, guard=guard).fingerprint
    assert counter.calls == 0  # the fast path, verified elsewhere
    other = extract_module.FastPathGuard(verify_first=1)
    compared = extract_module.read_page(pages[2], url, guard=other, wait=False)
    assert compared is not None and compared.extracted is not None  # compared at once
    assert counter.calls == 1 and replace_fingerprint(compared.extracted) == expected[2]


def test_quick_check_gives_the_full_fingerprint() -> None:
    """The re-check's quick fingerprint (only the region pruned) equals the one computed on
    the fully pruned page, also when teaser <article>s sit in pruned blocks before it."""
    from benchmarks.farm import Farm

    farm = Farm(1, 6, seed=2, rotating=True, page_kb=100)
    pages = [farm.page_body(0, e) for e in range(6)]
    teaser = b'<aside class="promo"><article><p>A teaser.</p></article></aside>'
    pages += [news_page(TITLE, PARAGRAPHS, rotation=r) for r in range(3)]
    pages += [p.replace(b"<main>", b"<main>" + teaser) for p in pages[-3:]]
    pages.append(news_page(TITLE, PARAGRAPHS, 1).replace(b"<body>", b'<body class="share">'))
    for page in pages:
        extracted = extract_if_changed(page)
        assert extracted is not None and extracted.fingerprint, page[:80]
        assert extract_module._quick_fingerprint(page, extracted.fingerprint) == (
            page_fingerprint(page, extracted.fingerprint) == extracted.fingerprint
            and extracted.fingerprint)


def test_pages_extracted_in_worker_processes_give_what_this_process_gives() -> None:
    """The pipeline hands a page's parse and trafilatura to its process pool (issue 12):
    same text, title, time and fingerprint, the same verdicts of the fast-path guard, and an
    extraction error comes back as itself."""
    from monitor.cpu import CpuPool
    from monitor.errors import ExtractError

    pages = [news_page(TITLE, PARAGRAPHS, rotation=r) for r in range(6)]
    here, there = extract_module.FastPathGuard(), extract_module.FastPathGuard()
    pool = CpuPool(2, start_after=0, start_method="fork")
    try:
        pool.call(len, b"")  # starts the workers
        pool._warm.result(timeout=60)
        for page in pages:
            expected = extract_if_changed(page, url="http://a.test/1", guard=here)
            got = extract_if_changed(page, url="http://a.test/1", guard=there, run=pool.call)
            assert got == expected and got is not None and got.fingerprint
            assert extract_if_changed(page, previous=got.fingerprint, run=pool.call) is None
        assert here.changed() == there.changed() and pool.pooled >= 2 * len(pages)
        with pytest.raises(ExtractError):
            extract_if_changed(b"<html><body></body></html>", guard=there, run=pool.call)
    finally:
        pool.close()


def test_a_new_page_is_scanned_and_its_simhash_worked_out_in_one_worker_call(
        http_server: HTTPTestServer, store: Store) -> None:
    """Issue 12: with the workers up, a new entry's page goes to them once for its scan and
    the SimHash work of the story it makes (``ingest.scan_with_similarity``), not once for
    each; the SimHash is the one ``similarity_of`` gives for the page's texts."""
    from monitor.cpu import CpuPool
    from monitor.ingest import page_entry, similarity_of, snapshot_texts
    from monitor.pipeline import _worked_out

    http_server.route("/news/flood", body=news_page(TITLE, PARAGRAPHS, 1), headers=HTML)
    pipeline = make_pipeline(store, [one_feed(http_server, full_text=True)], Clock())
    pool = CpuPool(2, start_after=0, start_method="fork")
    pipeline._cpu = pool
    try:
        pool.call(len, b"")  # starts the workers
        pool._warm.result(timeout=60)
        sent: list[str] = []
        submit = pool._executor.submit

        def counted(function: Any, *args: Any) -> Any:
            sent.append(getattr(args[0], "__name__", "?"))  # call_pooled's function
            return submit(function, *args)

        pool._executor.submit = counted
        entry = Entry(guid="f1", link=http_server.url("/news/flood"), title=TITLE,
                      text="Short teaser.")
        article = pipeline._read_article(pipeline.config.feeds[0], entry, entry.link or "")
        assert article.error is None and article.read is not None
        extracted = article.read.extracted or article.read.scan.fast
        assert _worked_out(article.similarity) == similarity_of(
            *snapshot_texts(page_entry(entry, extracted)))
        assert sent[0] == "scan_with_similarity" and "similarity_of" not in sent, sent
    finally:
        pool.close()
        pipeline.close()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/news/flood",
                                 "https://www.npr.org/2026/01/05/flood",
                                 "https://www.bbc.co.uk/news/flood-123"])
def test_extracting_a_page_never_reads_the_public_suffix_list(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: trafilatura read the public-suffix list (~25 ms, line by line) for the host
    name of its metadata, when courlan's quick pattern does not take the URL's host (an
    address, ``www.npr.org``); extract_article no longer runs that step, so no worker (and
    not the workers' server, ``_worker_pages``) reads it."""
    import tld.utils
    from courlan.urlutils import DOMAIN_REGEX

    assert not DOMAIN_REGEX.match(url)  # the hosts that would need the list
    reads: list[object] = []
    real = tld.utils.get_tld_names
    monkeypatch.setattr(tld.utils, "get_tld_names",
                        lambda *args, **kwargs: reads.append(args) or real(*args, **kwargs))
    head = (f'<link rel="canonical" href="{url}">'
            '<meta property="og:url" content="https://www.ft.com/content/flood">')
    page = news_page(TITLE, PARAGRAPHS, 1).replace(b"</title>", b"</title>" + head.encode())
    extracted = extract_module.extract_full(page, url)
    assert extracted.text and not reads


def test_the_guard_loads_without_the_extraction() -> None:
    """``monitor poll`` asks the guard whether its workers' server must warm trafilatura
    up before starting that server: the guard's module must not bring in the extraction
    (lxml, selectolax, trafilatura), whose import would keep the other core idle."""
    probe = ("import sys, monitor.fastpath; "
             "print(sorted(m for m in ('monitor.extract', 'lxml', 'selectolax', 'trafilatura')"
             " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "[]"
