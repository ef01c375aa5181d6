"""Article full text: the main text of a fetched page, without navigation, ads or promos.

trafilatura does the extraction. Around it:

* the page is bounded first: trafilatura takes about a minute on a 10 MB page, so script and
  style blocks (often most of a modern page's weight) are removed and the rest is cut at
  ``MAX_PAGE_BYTES`` (the article is near the top; what is cut is footers and comments);
* nav/aside/footer/form and elements whose class or id names them as promos, related
  links, newsletters, ads or share bars are pruned from the tree before extraction;
* above 512 KiB trafilatura's fallback extractors are skipped (they double its time; a
  2 MiB page still takes a few seconds);
* short promo lines that live inside article bodies ("Subscribe to our newsletter", "Read
  more: ...") are dropped afterwards: they change between versions and would look like edits;
* the headline, which trafilatura often repeats as the first line, is removed from the text;
* trafilatura is handed a redacted URL (it logs it) and its per-page log lines are silenced;
* the same extraction for less CPU (issue 12): of trafilatura's metadata only the steps the
  title and date depend on run (``_title_and_date``), and its boilerplate XPath expressions
  are answered by :mod:`monitor.extract_prune` (the same elements, without calling Python
  from XPath for every element).

Deeply nested pages: lxml stops descending at its depth limit and trafilatura drops what is
below it; that loses text but never crashes, and any library failure becomes ExtractError.

Not extracting what did not change (issue 12): trafilatura costs tens of milliseconds a page,
and on most re-checks only the boilerplate moved (ads, related links, comments).  Each
extraction also fingerprints the page's *article region* with lexbor (selectolax, ~2 ms a
100 KB page): the first of ``[itemprop=articleBody]``, ``<article>``, ``[role=main]``,
``<main>``, ``<body>`` whose text holds every paragraph trafilatura returned, in order, with
the same boilerplate blocks (and comments, scripts, styles) removed; the hash covers its
elements' names, classes and ids and its text, plus every source of the title (``<title>``,
title/headline meta tags, JSON-LD, the h1s).  The fingerprint is only given when that
containment holds, so a page whose fingerprint is unchanged holds the same article text where
trafilatura found it: :func:`extract_if_changed` then returns None after one parse.  Any
edit of the article's text, or of its title, changes the fingerprint.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html
from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor import extract_prune
from monitor.errors import ExtractError
from monitor.extract_fast import REGIONS as FAST_REGIONS
from monitor.extract_fast import FastResult, fast_extract, page_meta
from monitor.fastpath import FastPathGuard
from monitor.feeds import collapse_whitespace, html_to_line, parse_date
from monitor.redact import redact_url

# trafilatura logs every page it cannot use ("empty HTML tree" at ERROR, "discarding data")
# with its URL; that outcome already reaches the caller as one ExtractError line.
log = logging.getLogger("monitor.extract")
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

MAX_PAGE_BYTES = 2 * 2**20
MAX_PROMO_CHARS = 160  # promo lines are short; longer paragraphs are kept whatever they say

# Class/id tokens that mark boilerplate blocks, matched as whole tokens ("ad" must not hit
# "header" or "shadow"), and tags that are never the article.
_BOILERPLATE_TOKENS = frozenset({
    "related", "related-links", "related-articles", "promo", "newsletter", "newsletter-signup",
    "ad", "ads", "advert", "advertisement", "ad-banner", "ad-slot", "sponsored", "share",
    "share-bar", "social-share", "subscribe", "subscription", "recommended", "most-read",
    "more-stories", "read-more", "outbrain", "taboola", "paywall", "cookie-banner",
})
_BOILERPLATE_TAGS = frozenset({"aside", "nav", "footer", "form"})
# Above this size trafilatura's fallback extractors (which double its time) are skipped.
FAST_EXTRACTION_BYTES = 512 * 1024

_PROMO_LINE = re.compile(
    r"^(?:advertisement|sponsored(?: content)?|related(?: (?:stories|articles|coverage))?"
    r"|read (?:more|also|next)|see also|more from|most (?:read|popular)|recommended"
    r"|subscribe|sign up|already a subscriber|support (?:our|independent) journalism"
    r"|click here|follow us|download (?:our|the) app|share (?:this|on)|listen to"
    r"|get the latest|don't miss|copyright|©|all rights reserved)\b",
    re.IGNORECASE,
)
_INVISIBLE_OPEN = re.compile(rb"<(script|style|noscript|template|svg)\b")


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    title: str
    text: str  # plain text; paragraphs separated by "\n\n"
    published: datetime | None  # timezone-aware UTC, when the page states it
    # The article region's fingerprint (see the module's doc); None when no region holds
    # the whole text (then the page is always extracted in full).
    fingerprint: str | None = None


def extract_if_changed(html: bytes | str, url: str | None = None,
                       previous: str | None = None,
                       guard: FastPathGuard | None = None,
                       run: Runner | None = None) -> ExtractedPage | None:
    """The page's title, text and publication time with its article-region fingerprint, or
    None without extracting when that region still has the fingerprint ``previous``.

    One lexbor parse serves the fingerprint and the fast extractor; the text comes from
    trafilatura (``extract_article``) unless the fast extractor has given exactly
    trafilatura's result on this site's pages of the same layout (``guard``, by default
    the process-wide ``FAST_PATH``).

    ``run(function, *args)`` calls the two CPU-bound steps (``scan_page``, then
    ``extract_full`` when the fast result is not taken): the pipeline passes its process
    pool's, so that parsing and trafilatura run on every core while the guard, which
    holds this process's verdicts, decides here between them (issue 12)."""
    read = read_page(html, url, previous, guard=guard, run=run)
    return None if read is None else read.finish(guard, run)


def read_page(html: bytes | str, url: str | None = None, previous: str | None = None, *,
              guard: FastPathGuard | None = None, run: Runner | None = None,
              wait: bool = True) -> PageRead | None:
    """``extract_if_changed`` up to the guard's verdict: None when the article region still
    has the fingerprint ``previous``, else the page scanned and, unless ``wait`` is False
    and its layout's first comparisons with trafilatura are still under way elsewhere,
    extracted.  A page read with ``wait`` False may be left for ``PageRead.finish``, so
    that the caller goes on to its next pages meanwhile instead of waiting for a verdict
    that other pages are being compared for (issue 12: every poll thread of a first
    pass waited ~0.4 s for the first three pages of the one layout)."""
    guard = FAST_PATH if guard is None else guard
    call: Runner = _direct if run is None else run
    page = html.encode("utf-8") if isinstance(html, str) else html
    scan: PageScan | None = call(scan_page, page, url, previous)
    if scan is None:
        return None
    read = PageRead(page, url, scan)
    if scan.layout is None:
        taken: bool | None = False
    else:
        taken = guard.take(scan.layout) if wait else guard.try_take(scan.layout)
    if taken is None:
        return read  # the verdict is being worked out: finish() takes it
    return replace(read, extracted=_settled(read, taken, guard, call))


def _settled(read: PageRead, taken: bool, guard: FastPathGuard, call: Runner) -> ExtractedPage:
    """The page's extraction once the guard has answered ``taken``: the fast result, or
    trafilatura's (compared with the fast one and the comparison recorded)."""
    scan = read.scan
    layout = scan.layout
    extracted = scan.fast if taken else None
    if extracted is not None:
        return extracted
    try:
        full: ExtractedPage = call(extract_full, read.page, read.url)
    except BaseException:
        if layout is not None and not taken:
            guard.abandon(layout)
        raise
    if layout is not None:
        guard.record(layout, scan.fast is not None
                     and _unprinted(scan.fast) == _unprinted(full))
    return full


Runner = Callable[..., Any]


def _direct(function: Callable[..., Any], *args: Any) -> Any:
    return function(*args)


@dataclass(frozen=True, slots=True)
class PageScan:
    """What one lexbor parse of a page says (``scan_page``): the fast extractor's result
    as ``extract_article`` would give it, with its fingerprint (None: no text), and the
    page's layout key for the guard (None: the fast extractor found nothing)."""

    fast: ExtractedPage | None
    layout: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class PageRead:
    """A page scanned by ``read_page``: its extraction (``extracted``), or None while the
    guard's verdict on its layout is awaited (``finish`` then waits for it)."""

    page: bytes
    url: str | None
    scan: PageScan
    extracted: ExtractedPage | None = None

    def finish(self, guard: FastPathGuard | None = None,
               run: Runner | None = None) -> ExtractedPage:
        """The page's extraction, the guard's verdict waited for when it was not known."""
        if self.extracted is not None:
            return self.extracted
        guard = FAST_PATH if guard is None else guard
        assert self.scan.layout is not None  # a page without one is settled at once
        return _settled(self, guard.take(self.scan.layout), guard,
                        _direct if run is None else run)


def scan_page(page: bytes, url: str | None, previous: str | None) -> PageScan | None:
    """Step one of ``extract_if_changed``, pure (any process): None when the article region
    still has the fingerprint ``previous``, else the fast extractor's result.  Its
    fingerprint is computed now, from the same parse: it is what is kept whenever the
    guard takes the result, most pages of a verified layout."""
    if previous is not None and _optional(_quick_fingerprint, page, previous) == previous:
        return None
    parsed = _optional(_parse, page)
    fast = _optional(_fast_of, parsed) if parsed is not None else None
    if fast is None:
        return PageScan(None, None)
    extracted = _from_fast(fast)
    if extracted is not None and parsed is not None:
        extracted = replace(extracted,
                            fingerprint=_optional(_fingerprint_of, parsed, extracted.text))
    return PageScan(extracted, (_host(url), fast.shape))


def extract_full(page: bytes, url: str | None) -> ExtractedPage:
    """Step two of ``extract_if_changed``, pure: trafilatura's result with its fingerprint
    (the page parsed again by lexbor: ~2 ms against trafilatura's tens)."""
    extracted = extract_article(page, url=url)
    parsed = _optional(_parse, page)
    if parsed is None:
        return extracted
    return replace(extracted, fingerprint=_optional(_fingerprint_of, parsed, extracted.text))


def _unprinted(page: ExtractedPage) -> ExtractedPage:
    """The page without its fingerprint: what the guard compares."""
    return replace(page, fingerprint=None)


_T = TypeVar("_T")


def _optional(step: Callable[..., _T | None], *args: Any) -> _T | None:
    """A shortcut's step (fingerprint, fast extractor): any failure of it only means the
    full extraction runs, as it would without the shortcut."""
    try:
        return step(*args)
    except Exception:  # lexbor on a pathological page: never worse than no shortcut
        log.debug("extraction shortcut failed", exc_info=True)
        return None


def _from_fast(fast: FastResult) -> ExtractedPage | None:
    """The fast extractor's result as ``extract_article`` would give it (None: no text)."""
    title = html_to_line(fast.title.replace("<", "&lt;"))
    text = clean_text(fast.text, title)
    if not text:
        return None
    return ExtractedPage(title=title, text=text, published=_published(fast.published))


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "") if url else ""


FAST_PATH = FastPathGuard()


def extract_article(html: bytes | str, url: str | None = None, *,
                    fast: bool | None = None) -> ExtractedPage:
    """Main text, title and publication time of an article page. Raises ExtractError.

    ``fast``: skip trafilatura's fallback comparison (default: only above
    ``FAST_EXTRACTION_BYTES``)."""
    shown = redact_url(url) if url else "page"
    page = bound_page(html.encode("utf-8") if isinstance(html, str) else html)
    if not page.strip():
        raise ExtractError(f"no article text in {shown}: empty page")
    import trafilatura  # here: ~0.3 s to import, and pages on the fast path never need it

    extract_prune.install()  # its boilerplate expressions answered without Python callbacks
    # trafilatura logs the URL it is given (warnings, errors): give it the redacted one
    given = redact_url(url) if url else None
    try:
        tree = _pruned_tree(page)
        if tree is None:
            raise ExtractError(f"no article text in {shown}: not an HTML page")
        heading = _title_and_date(tree, given)
        document = None if heading is None else trafilatura.bare_extraction(
            tree, url=given, with_metadata=False,
            include_comments=False, include_tables=False, include_images=False,
            favor_precision=True,
            fast=len(page) > FAST_EXTRACTION_BYTES if fast is None else fast,
        )
    except (ValueError, TypeError, RecursionError, MemoryError, LookupError,
            etree.LxmlError) as exc:
        raise ExtractError(f"could not extract {shown}: {type(exc).__name__}") from None
    found_title, found_date = heading if heading is not None and document is not None else ("", "")
    title = html_to_line(found_title) or _title_from_markup(page)
    text = clean_text(_field(document, "text"), title)
    if not text:
        raise ExtractError(f"no article text found in {shown}")
    return ExtractedPage(title=title, text=text, published=_published(found_date))


# What htmldate is asked for (through trafilatura's metadata step): the original publication
# time, with its time of day and zone, from the page's markup and URL, not its free text.
_DATE_PARAMS: dict[str, Any] = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True,
                                "extensive_search": False}


def _title_and_date(tree: lxml_html.HtmlElement, url: str | None) -> tuple[str, str] | None:
    """The title and publication date that ``bare_extraction(tree, url=url,
    with_metadata=True, date_extraction_params=_DATE_PARAMS)`` gives (empty when none), or
    None where it would give no document at all (a step raising ValueError or TypeError).

    trafilatura's ``extract_metadata`` (2.3.1) run by the steps title and date depend on, in
    its order, with its own functions: the author, site name, categories, tags and license
    it also reads are never used here and cost ~8 ms of its ~9 on a 100 KB page (their XPath
    expressions walk the whole tree; the author search copies it first, another ~14 ms when
    no meta tag names one).  None of the steps left out changes the tree (the text is
    extracted from it next) or what the kept ones read: tests/test_extract_metadata.py
    pins trafilatura's function and compares the two on varied pages."""
    from htmldate import find_date  # the one trafilatura.metadata calls (a test checks)
    from trafilatura import metadata as steps

    try:
        found = steps.examine_meta(tree)
        if found.author and " " not in found.author:
            found.author = None  # as extract_metadata does before JSON-LD, which reads it
        try:
            found = steps.extract_meta_json(tree, found)
        except Exception:  # trafilatura's own guard around its JSON-LD reader
            log.debug("JSON-LD metadata unreadable", exc_info=True)
        if not found.title:
            found.title = steps.extract_title(tree)
        if not found.url:
            found.url = steps.extract_url(tree, url)
        found.date = find_date(tree, **_DATE_PARAMS, url=found.url)
        found.clean_and_trim()  # unescaped, whitespace and control characters cleaned
    except (ValueError, TypeError):
        return None
    return _text_or_empty(found.title), _text_or_empty(found.date)


def _text_or_empty(value: object) -> str:
    return value if isinstance(value, str) else ""


def _pruned_tree(page: bytes) -> lxml_html.HtmlElement | None:
    """The page parsed by trafilatura's own loader (its charset detection and repairs),
    minus boilerplate blocks.

    Pruned here in one pass rather than through trafilatura's ``prune_xpath``: 50-odd XPath
    expressions each walk the whole tree, seconds on a large page.
    """
    import trafilatura

    tree = trafilatura.load_html(page)
    if tree is None:
        return None
    # elements only: comments and processing instructions are never boilerplate blocks
    doomed = [element for element in tree.iter(etree.Element) if _is_boilerplate(element)]
    for element in doomed:
        if element.getparent() is not None:  # not already gone with an ancestor
            element.drop_tree()  # keeps the tail text that follows it
    return tree


def _is_boilerplate(element: etree._Element) -> bool:
    tag = element.tag
    if tag in _BOILERPLATE_TAGS:
        return True
    if tag in ("html", "body"):  # <body class="article share">: never the whole page
        return False
    ident, names = element.get("id"), element.get("class")
    return bool((ident and ident.lower() in _BOILERPLATE_TOKENS)
                or (names and not _BOILERPLATE_TOKENS.isdisjoint(names.lower().split())))


def _field(document: object, name: str) -> str:
    """A metadata field of trafilatura's result: a Document in 2.x, a dict in 1.x."""
    value = document.get(name) if isinstance(document, dict) else getattr(document, name, None)
    return value if isinstance(value, str) else ""


def bound_page(page: bytes) -> bytes:
    """The page without script/style blocks, cut to ``MAX_PAGE_BYTES`` at a tag boundary."""
    if len(page) <= MAX_PAGE_BYTES:
        return page
    page = _without_invisible_blocks(page)
    if len(page) <= MAX_PAGE_BYTES:
        return page
    cut = page.rfind(b"<", 0, MAX_PAGE_BYTES)
    return page[: cut if cut > 0 else MAX_PAGE_BYTES]


def _without_invisible_blocks(page: bytes) -> bytes:
    """``page`` minus <script>, <style>, ... blocks, in one linear pass.

    Hand-written because a regex with a lazy ``.*?`` up to the closing tag rescans the rest
    of the page for every unclosed opening tag (quadratic: 400,000 ``<style>`` never ended).
    An unclosed block swallows the rest of the page, as it would in a browser.
    """
    lowered = page.lower()
    kept: list[bytes] = []
    position = 0
    while True:
        match = _INVISIBLE_OPEN.search(lowered, position)
        if match is None:
            kept.append(page[position:])
            break
        kept.append(page[position:match.start()])
        closing = lowered.find(b"</" + match.group(1), match.end())
        if closing == -1:
            break
        end = lowered.find(b">", closing)
        position = len(page) if end == -1 else end + 1
    return b"".join(kept)


# ---------------------------------------------------------------- article region fingerprint

FINGERPRINT_VERSION = "r1"
# Candidate article regions, tightest first; the fingerprint names the one it used.
_REGIONS = ('[itemprop="articleBody" i]', "article", '[role="main" i]', "main", "body")
# Removed from the region before hashing (their changes are not the article's): the blocks
# the extraction prunes, readers' comments, and what never shows as text.
_UNSEEN_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "button", "input",
                "select", "textarea", "object", "embed", "canvas")
_COMMENT_TOKENS = ("comment", "comments", "comment-list", "comments-section", "disqus",
                   "discussion", "user-comments")
_PRUNED_TAG_SET = frozenset(_BOILERPLATE_TAGS) | frozenset(_UNSEEN_TAGS)
_PRUNED_TAGS = ", ".join(sorted(_PRUNED_TAG_SET))
_PRUNED_TOKENS = _BOILERPLATE_TOKENS | frozenset(_COMMENT_TOKENS)
_TITLE_META = re.compile(r"title|headline", re.IGNORECASE)


@dataclass(slots=True)
class _Parsed:
    """A page parsed by lexbor, its boilerplate removed where it is read (``regions``,
    ``body``): the regions read are pruned as pruning the whole body would leave them,
    and the body is pruned whole only when it is read itself (issue 12: pruning a 100 KB
    page's body costs ~0.8 ms, most of a scan's work outside the parse, and its article
    region is a fraction of it)."""

    tree: LexborHTMLParser  # boilerplate removed from ``body`` and the regions read
    title_parts: list[str]  # every source of the title, read before the removal
    title: str  # the fast extractor's title and publication time, read before it too
    published: str
    whole: bool = False  # the whole body pruned
    done: set[int] = field(default_factory=set)  # the regions pruned (their mem_id)

    def body(self) -> LexborNode:
        """The body, pruned whole."""
        body = self.tree.body
        assert body is not None  # _parse gives no page without one
        if not self.whole:
            _prune(body)
            self.whole = True
        return body

    def regions(self, selector: str, root: LexborNode | None = None) -> list[LexborNode]:
        """The elements matching ``selector`` (in ``root``, else the whole document) that
        pruning the body leaves, in order, as ``css(selector)`` gives them once the body is
        pruned; each is pruned when ``pruned`` is asked for it."""
        found = (self.tree if root is None else root).css(selector)
        if self.whole:
            return found
        body = self.tree.body
        assert body is not None
        return [node for node in found if not _pruned_away(node, body.mem_id)]

    def pruned(self, region: LexborNode) -> LexborNode:
        """``region`` (one of ``regions``) as pruning the body leaves it: the boilerplate
        below it removed when it is in the body (once: a region inside one pruned before
        is pruned again, finding nothing left to remove), the whole body pruned when it
        holds the body (``<html>``); nothing removed from an element outside the body (in
        ``<head>``)."""
        if self.whole or region.mem_id in self.done:
            return region
        body = self.tree.body
        assert body is not None
        current: LexborNode | None = region
        while current is not None:
            if current.mem_id == body.mem_id:
                if region.mem_id == body.mem_id:
                    self.body()
                else:
                    _prune(region)
                    self.done.add(region.mem_id)  # a region is never pruned away itself
                return region
            current = current.parent
        current = body.parent
        while current is not None:
            if current.mem_id == region.mem_id:  # an ancestor of the body
                self.body()
                break
            current = current.parent
        return region


def fingerprint_for(page: bytes, text: str) -> str | None:
    """The fingerprint of the tightest article region of ``page`` holding every paragraph
    of ``text`` (extracted from that page) in order; None when no region holds them."""
    parsed = _parse(page)
    return _fingerprint_of(parsed, text) if parsed is not None else None


def _fingerprint_of(parsed: _Parsed, text: str) -> str | None:
    title = parsed.title_parts
    wanted = ["".join(p.split()) for p in text.split("\n\n")]
    wanted = [p for p in wanted if p]
    for index, selector in enumerate(_REGIONS):
        for nth, region in enumerate(parsed.regions(selector)):
            shape, flat = _region_parts(parsed.pruned(region))
            if _holds_in_order(flat, wanted):
                return _fingerprint(title, index, nth, shape)
    return None


def page_fingerprint(page: bytes, like: str) -> str | None:
    """The fingerprint of ``page``'s region chosen as in the fingerprint ``like`` (same
    selector, same position); None when the page has no such region."""
    parsed = _parse(page)
    return _fingerprint_like(parsed, like) if parsed is not None else None


def _region_of(like: str) -> tuple[int, int] | None:
    """(region selector index, position) that a stored fingerprint names, or None when it
    is of another version or malformed."""
    try:
        version, index_text, nth_text, _ = like.split(":", 3)
        index, nth = int(index_text), int(nth_text)
    except ValueError:
        return None
    if version != FINGERPRINT_VERSION or not 0 <= index < len(_REGIONS):
        return None
    return index, nth


def _fingerprint_like(parsed: _Parsed, like: str) -> str | None:
    region = _region_of(like)
    if region is None:
        return None
    index, nth = region
    regions = parsed.regions(_REGIONS[index])
    if nth >= len(regions):
        return None
    return _fingerprint(parsed.title_parts, index, nth,
                        _region_parts(parsed.pruned(regions[nth]))[0])


def _parse(page: bytes, *, whole: bool = False) -> _Parsed | None:
    """``page`` parsed by lexbor, its boilerplate removed as it is read (``whole``: from
    the whole body at once); the title's sources are read first (a title can sit in a
    pruned header)."""
    try:
        tree = LexborHTMLParser(bound_page(page))
    except (ValueError, TypeError, MemoryError):
        return None
    if tree.body is None:
        return None
    title_parts = _title_parts(tree)
    title, published = page_meta(tree)
    parsed = _Parsed(tree, title_parts, title, published)
    if whole:
        parsed.body()
    return parsed


def _fast_of(parsed: _Parsed) -> FastResult | None:
    """``fast_extract`` on the pruned page: in the article region it would choose
    (``extract_fast.REGIONS``: the first element of them that pruning leaves, pruned
    alone) when the page has one, else on the body pruned whole."""
    body = parsed.tree.body
    assert body is not None  # _parse gives no page without one
    if not parsed.whole:
        for selector in FAST_REGIONS:
            kept = parsed.regions(selector, body)
            if kept:
                return fast_extract(body, parsed.title, parsed.published,
                                    region=parsed.pruned(kept[0]))
    return fast_extract(parsed.body(), parsed.title, parsed.published)


def _prune(root: LexborNode) -> None:
    """Remove the boilerplate blocks below ``root``.  Tags by lexbor's selector engine,
    class and id tokens here (an attribute selector per token costs ~7 ms a page, this
    loop ~0.4 ms)."""
    doomed = root.css(_PRUNED_TAGS)
    doomed += [node for node in root.css("[class], [id]") if _pruned_by_name(node)]
    for node in doomed:
        if node.mem_id != root.mem_id:  # css() matches the root itself too
            node.decompose()


def _pruned_by_name(node: LexborNode) -> bool:
    attrs = node.attributes
    names, ident = attrs.get("class"), attrs.get("id")
    return bool((ident and ident.lower() in _PRUNED_TOKENS)
                or (names and not _PRUNED_TOKENS.isdisjoint(names.lower().split())))


def _quick_fingerprint(page: bytes, like: str) -> str | None:
    """``page_fingerprint`` without pruning the whole page: only the region named by
    ``like`` is pruned (the same subtree, so the same fingerprint; ~1.5 ms instead of ~3)."""
    region = _region_of(like)
    if region is None:
        return None
    index, nth = region
    tree = LexborHTMLParser(bound_page(page))
    if tree.body is None:
        return None
    title_parts = _title_parts(tree)
    regions = [node for node in tree.css(_REGIONS[index]) if not _inside_pruned(node)]
    if nth >= len(regions):
        return None
    _prune(regions[nth])
    return _fingerprint(title_parts, index, nth, _region_parts(regions[nth])[0])


def _inside_pruned(node: LexborNode) -> bool:
    """Would ``node`` be gone after pruning the body (it or an ancestor in it pruned)?"""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html", "-undef"):
        if current.tag in _PRUNED_TAG_SET or _pruned_by_name(current):
            return True
        current = current.parent
    return current is None or current.tag != "body"


def _pruned_away(node: LexborNode, body: int) -> bool:
    """Does pruning the body (``mem_id`` ``body``) remove ``node``: is it, or an ancestor
    of it below the body, a boilerplate block?  What is outside the body is never pruned."""
    doomed = False
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == body:
            return doomed
        if not doomed and (current.tag in _PRUNED_TAG_SET or _pruned_by_name(current)):
            doomed = True
        current = current.parent
    return False


def _title_parts(tree: LexborHTMLParser) -> list[str]:
    """Everything trafilatura may take the title from: <title>, title/headline meta tags,
    JSON-LD, every h1, and the h2s (all of them when there is no h1)."""
    parts = ["T" + (node.text() or "") for node in tree.css("title")]
    for node in tree.css("meta"):
        attrs = node.attributes
        names = " ".join(str(attrs.get(k) or "") for k in ("name", "property", "itemprop"))
        if _TITLE_META.search(names):
            parts.append(f"M{names}={attrs.get('content') or ''}")
    parts += ["J" + (node.text() or "")
              for node in tree.css('script[type="application/ld+json" i]')]
    h1s = tree.css("h1")
    parts += ["H" + (node.text() or "") for node in h1s]
    for node in tree.css("h2"):
        attrs = node.attributes
        names = " ".join(str(attrs.get(k) or "") for k in ("class", "id", "itemprop"))
        if not h1s or _TITLE_META.search(names):
            parts.append("h" + (node.text() or ""))
    return parts


def _region_parts(region: LexborNode) -> tuple[list[str], str]:
    """The region as hashed (each element's name, class and id, each text) and its text
    without any whitespace (for the containment check)."""
    shape: list[str] = []
    texts: list[str] = []
    for node in region.traverse(include_text=True):
        if node.tag == "-text":
            value = node.text_content or ""
            shape.append(value)
            texts.append(value)
        else:
            attrs = node.attributes
            shape.append(f"\x00{node.tag}\x01{attrs.get('class') or ''}\x01"
                         f"{attrs.get('id') or ''}\x00")
    return shape, "".join("".join(texts).split())


def _holds_in_order(haystack: str, needles: list[str]) -> bool:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return bool(needles)


def _fingerprint(title: list[str], index: int, nth: int, shape: list[str]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (*title, "\x02", *shape):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x03")
    return f"{FINGERPRINT_VERSION}:{index}:{nth}:{digest.hexdigest()}"


def fast_extract_page(page: bytes) -> FastResult | None:
    """The selectolax extractor (monitor.extract_fast) alone on the bounded page, with the
    same boilerplate removed as for fingerprints."""
    parsed = _parse(page)
    if parsed is None:
        return None
    return _fast_of(parsed)


def clean_text(text: str, title: str = "") -> str:
    """trafilatura's line-per-paragraph text as "\\n\\n"-joined paragraphs, promos removed."""
    paragraphs = [collapse_whitespace(line) for line in text.splitlines()]
    paragraphs = [p for p in paragraphs if p and not _is_promo(p)]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]  # the headline repeated as the first line
    return "\n\n".join(paragraphs)


def _is_promo(paragraph: str) -> bool:
    return len(paragraph) <= MAX_PROMO_CHARS and bool(_PROMO_LINE.match(paragraph))


def _title_from_markup(page: bytes) -> str:
    """og:title or <title>, for pages where trafilatura found no title."""
    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return ""
    for candidate in (*root.xpath("//meta[@property='og:title']/@content"),
                      *root.xpath("//title//text()")):
        title = html_to_line(str(candidate).replace("<", "&lt;"))
        if title:
            return title
    return ""


def _published(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return parse_date(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)  # a date without zone: taken as UTC
    return parsed.astimezone(UTC)
