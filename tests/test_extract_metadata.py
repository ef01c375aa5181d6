"""extract_article reads only the title and date of trafilatura's metadata, by the steps of
``extract_metadata`` they depend on (monitor.extract._title_and_date; issue 12, session 20):
the same title, date and text as ``bare_extraction(with_metadata=True)`` gives, on varied pages.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
from copy import copy
from html import escape

import htmldate
import pytest
import trafilatura
from trafilatura import core, metadata

from benchmarks.farm import Farm
from monitor.errors import ExtractError
from monitor.extract import (
    _DATE_PARAMS,
    ExtractedPage,
    _field,
    _pruned_tree,
    _published,
    _title_and_date,
    _title_from_markup,
    bound_page,
    clean_text,
    extract_article,
)
from monitor.feeds import html_to_line

pytestmark = pytest.mark.timeout(120)

# trafilatura's functions that _title_and_date repeats in part.  When an upgrade changes one,
# these fail: read the new code, make _title_and_date take the title and date as it does
# (same steps, same order, nothing left out that changes the tree or what they read), then
# update the digests.
STOCK_DIGESTS = {
    "extract_metadata": "40ba8cda7a32c71ad31032d5838af1122b04112ca5fd0f6ebab68af9b75532f9",
    "bare_extraction": "2e57adb3062086f9695046cf58b1a8825143322fe74e74739791dff6d8da9fea",
}


@pytest.mark.parametrize("name", sorted(STOCK_DIGESTS))
def test_trafilaturas_metadata_step_is_the_one_repeated(name: str) -> None:
    function = metadata.extract_metadata if name == "extract_metadata" else core.bare_extraction
    source = inspect.getsource(function)
    assert hashlib.sha256(source.encode()).hexdigest() == STOCK_DIGESTS[name], \
        trafilatura.__version__


TEXT = ("Flood waters in the river town of Exampleton rose by two metres overnight, forcing "
        "at least 340 residents to leave their homes, officials said on Tuesday. ")
TITLE = "Flood waters rise in river town"

HEADS = [
    f"<title>{TITLE} | The Daily Example</title>",
    f'<title>{TITLE} - example.com</title><meta property="og:title" content="{TITLE}">'
    '<meta property="article:published_time" content="2026-03-03T10:15:00+01:00">',
    f'<meta name="twitter:title" content="{TITLE}"><title>Home</title>',
    f'<meta itemprop="headline" content="{TITLE} &amp; more">',
    '<script type="application/ld+json">' + json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE,
        "datePublished": "2024-03-05T10:00:00Z",
        "author": {"@type": "Person", "name": "Jane Doe"}}) + "</script>",
    '<script type="application/ld+json">{broken, "headline": "Broken JSON-LD"}</script>',
    "",
    f'<title>{TITLE}</title><meta name="author" content="Smith">'
    '<link rel="canonical" href="/2020/04/21/relative-story">'
    '<meta property="og:image" content="https://cdn.example.net/i.jpg">',
    f'<title>{TITLE}</title><meta name="author" content="John Smith">'
    '<meta property="og:url" content="https://www.example.org/2021/05/17/story-x">',
    f'<title>{"x" * 30} {TITLE * 3}</title><meta name="dc.date" content="2022-07-04">',
]
BODIES = [
    "<article><h1>{title}</h1>{byline}{date}{paragraphs}{extra}</article>",
    '<main><h2>{title}</h2><div class="entry-content">{byline}{paragraphs}</div>{date}{extra}'
    "</main>",
    '<div id="content"><h1>{title}</h1><h1>Other</h1><div itemprop="articleBody">{extra}'
    "{paragraphs}</div>{byline}{date}</div>",
]
BYLINES = ["", '<div class="byline">By Maria Lopez and Tom Baker</div>',
           '<p class="author"><a rel="author" href="/a/x">Kim Lee</a></p>']
DATES = ["", '<time datetime="2024-02-11T08:00:00Z">Feb 11</time>',
         '<p class="date">Published 12 March 2024</p>']
EXTRAS = ["", '<div class="tags"><a href="/tag/floods">floods</a></div>'
              '<div class="post-categories"><a href="/category/world/">World</a></div>',
          '<a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">CC</a>'
          '<div class="footer"><a href="https://creativecommons.org/licenses/by/3.0/">cc</a></div>']
URLS = [None, "https://news.example.com/2025/06/30/flood.html"]


def varied_pages() -> list[tuple[bytes, str | None]]:
    """Pages whose titles, dates, authors and URLs come from every source trafilatura reads
    (meta tags, JSON-LD, broken JSON-LD, h1/h2, <title>, canonical and og:url, <time>, text,
    the URL), with the parts it reads for nothing else here (categories, tags, license)."""
    pages = []
    combos = itertools.product(HEADS, BODIES, BYLINES, DATES, EXTRAS, URLS)
    for n, (head, body, byline, date, extra, url) in enumerate(combos):
        if n % 7:
            continue  # a spread of the 1,620 combinations
        paragraphs = "".join(f"<p>{escape(TEXT * (1 + k % 3))}</p>" for k in range(5))
        html = (f"<!DOCTYPE html><html><head>{head}</head><body><nav><a href='/'>Home</a></nav>"
                + body.format(title=escape(TITLE), byline=byline, date=date,
                              paragraphs=paragraphs, extra=extra)
                + "<footer>(c) 2026 Example</footer></body></html>")
        pages.append((html.encode(), url))
    farm = Farm(2, 2, seed=31, rotating=True, page_kb=100)
    pages += [(farm.page_body(f, 0), f"http://127.0.0.1:8080/article/{f}/0.html")
              for f in range(2)]
    return pages


PAGES = varied_pages()


def with_trafilaturas_metadata(html: bytes, url: str | None) -> ExtractedPage:
    """extract_article as it was: the title and date from bare_extraction's own metadata."""
    page = bound_page(html)
    tree = _pruned_tree(page)
    assert tree is not None
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, favor_precision=True, date_extraction_params=_DATE_PARAMS)
    title = html_to_line(_field(document, "title")) or _title_from_markup(page)
    text = clean_text(_field(document, "text"), title)
    if not text:
        raise ExtractError("no article text")
    return ExtractedPage(title=title, text=text, published=_published(_field(document, "date")))


def test_the_date_is_htmldates() -> None:
    assert metadata.find_date is htmldate.find_date


@pytest.mark.parametrize(("html", "url"), PAGES)
def test_title_and_date_are_trafilaturas(html: bytes, url: str | None) -> None:
    tree = _pruned_tree(bound_page(html))
    assert tree is not None
    document = trafilatura.bare_extraction(copy(tree), url=url, with_metadata=True,
                                           date_extraction_params=_DATE_PARAMS)
    assert document is not None
    assert _title_and_date(tree, url) == (_field(document, "title"), _field(document, "date"))


def test_the_pages_vary_in_what_trafilatura_finds() -> None:
    found = [_title_and_date(_pruned_tree(bound_page(html)), url) for html, url in PAGES]
    assert len({title for title, _ in found}) >= 4 and len({date for _, date in found}) >= 6


@pytest.mark.parametrize(("html", "url"), PAGES)
def test_extraction_is_the_same_as_with_trafilaturas_metadata(
        html: bytes, url: str | None) -> None:
    assert extract_article(html, url) == with_trafilaturas_metadata(html, url)
