"""From a URL a user pastes to a feed monitor can poll (`monitor add`).

The URL may be the feed itself or an ordinary web page.  A page is searched for the feeds
it announces (``<link rel="alternate">`` of an RSS, Atom or JSON Feed type, in document
order), then the usual places are tried on its site (``/feed``, ``/rss``, ``/feed.xml``,
``/rss.xml``, ``/atom.xml``, ``/index.xml``).  Every candidate is fetched with the
project's own ``Fetcher`` (address guard, deadline, size cap, proxies) and read with its
own parser (``monitor.feeds.parse_feed``); the first that parses is the feed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from monitor.errors import FeedParseError, FetchError, InputError, MonitorError
from monitor.models import FetchResult, ParsedFeed
from monitor.redact import redact_url

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/feed+json",
    "application/rdf+xml",
})
# Also announced as alternates, but as often something else (WordPress announces its REST
# API as application/json): tried after the feed types, never listed as other feeds.
GENERIC_TYPES = frozenset({"application/json", "application/xml", "text/xml"})
COMMON_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml")
MAX_LINKS = 10  # <link rel=alternate> candidates tried from one page


class DiscoveryError(InputError):
    """No feed could be found at or from the URL (one line, exit code 2)."""


@dataclass(slots=True)
class Found:
    """The feed found for a URL."""

    url: str  # the feed's URL as it will be written (the final one after redirects)
    feed: ParsedFeed
    page: str | None = None  # the page it was discovered from (None: the URL was a feed)
    how: str = "feed"  # "feed" | "link" (rel=alternate) | "path" (a usual place)
    candidates: list[str] = field(default_factory=list)  # other feeds the page announced

    @property
    def title(self) -> str:
        return self.feed.title

    @property
    def items(self) -> int:
        return len(self.feed.entries)


Get = Callable[[str], FetchResult]


def discover(url: str, get: Get) -> Found:
    """The feed at or announced by ``url``.  Raises DiscoveryError (or FetchError for the
    URL itself) with one line saying what was tried."""
    from monitor.feeds import parse_feed

    _check_url(url)
    result = get(url)
    shown = redact_url(url)
    try:
        feed = parse_feed(result.body, url=result.url,
                          content_type=result.headers.get("content-type"))
    except FeedParseError as exc:
        if not _looks_like_html(result):
            raise DiscoveryError(f"{shown} is neither a feed nor a web page: {exc}") from None
    else:
        _usable(feed, shown)
        return Found(url=_feed_url(url, result), feed=feed)
    announced = feed_links(result.body, result.url)
    links = [url for url, generic in announced if not generic]
    candidates_by_link = links + [url for url, generic in announced if generic]
    tried: list[str] = []
    for how, candidates in (("link", candidates_by_link),
                            ("path", _common_paths(result.url, candidates_by_link))):
        for candidate in candidates:
            found = _try(candidate, get, tried)
            if found is not None:
                others = [c for c in links if c != candidate] if how == "link" else []
                return Found(url=found[0], feed=found[1], page=result.url, how=how,
                             candidates=others)
    where = "; ".join(tried[:4]) + (f"; and {len(tried) - 4} more" if len(tried) > 4 else "")
    why = (f"the page announces {len(announced)} feed(s) but none works ({where})"
           if announced else f"the page announces no feed (<link rel=\"alternate\">) and "
                             f"none of {', '.join(COMMON_PATHS)} is a feed")
    raise DiscoveryError(f"no feed found at {shown}: {why}")


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise DiscoveryError(f"not an http:// or https:// URL: {redact_url(url)!r}")


def _usable(feed: ParsedFeed, shown: str) -> None:
    if feed.error and not feed.entries:
        raise DiscoveryError(f"{shown} is not a valid feed: {feed.error}")


def _feed_url(asked: str, result: FetchResult) -> str:
    """The URL to write: the one asked for, even when it redirected (a temporary redirect
    to a consent page or a CDN must not become the feed's address)."""
    return asked


def _try(candidate: str, get: Get, tried: list[str]) -> tuple[str, ParsedFeed] | None:
    from monitor.feeds import parse_feed

    shown = redact_url(candidate)
    try:
        result = get(candidate)
        feed = parse_feed(result.body, url=result.url,
                          content_type=result.headers.get("content-type"))
        _usable(feed, shown)
    except MonitorError as exc:
        reason = (f"HTTP {exc.status}" if isinstance(exc, FetchError) and exc.status
                  else str(exc).split(": ")[-1] if isinstance(exc, FeedParseError) else str(exc))
        tried.append(f"{shown}: {reason}")
        return None
    return _feed_url(candidate, result), feed


def _looks_like_html(result: FetchResult) -> bool:
    kind = result.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    head = result.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<!--", b"<meta"))


def feed_links(body: bytes, base: str) -> list[tuple[str, bool]]:
    """Absolute URLs of the feeds a page announces (``<link rel="alternate"
    type="application/rss+xml" href=...>`` and Atom, JSON Feed), in document order, each
    with whether its type is a generic one (``application/json``: maybe not a feed)."""
    from lxml import etree, html

    try:
        parser = html.HTMLParser(no_network=True, remove_comments=True, huge_tree=False)
        root = html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    base_href = root.xpath("string(//base/@href)") or ""
    page_base = urljoin(base, base_href.strip()) if base_href else base
    links: list[tuple[str, bool]] = []
    for link in root.iter("link"):
        rel = {r.lower() for r in (link.get("rel") or "").split()}
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES | GENERIC_TYPES or not href:
            continue
        url = urljoin(page_base, href)
        if urlsplit(url).scheme in ("http", "https") and url not in (u for u, _ in links):
            links.append((url, kind in GENERIC_TYPES))
        if len(links) >= MAX_LINKS:
            break
    return links


def _common_paths(page: str, already: list[str]) -> list[str]:
    parts = urlsplit(page)
    found = []
    for path in COMMON_PATHS:
        url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        if url not in already:
            found.append(url)
    return found
