"""A fast main-text extractor on lexbor (selectolax): ~2-4 ms for a 100 KB page, against
tens of milliseconds for trafilatura.

It is deliberately plain: the page's boilerplate blocks are removed (the same tags and
class/id tokens as :mod:`monitor.extract`, plus readers' comments), the article region is
``[itemprop=articleBody]``, else the first ``<article>``, else the element whose paragraphs
hold the most text; its text blocks (paragraphs, subheadings, list items, quotes) are read in
document order, one line each (``<br>`` splits a line), list items prefixed with "- " as
trafilatura writes them.  The title is the single ``<h1>``, else ``og:title``, else
``<title>``; the publication time comes from ``article:published_time``, JSON-LD
``datePublished`` or the first ``<time datetime>``.

It is never trusted on its own: :mod:`monitor.extract` uses it only for pages of a site and
layout on which it has given exactly trafilatura's result (see ``FastPathGuard`` there).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})
_CONTAINERS = frozenset({"article", "div", "main", "section", "td", "body"})
_SPACES = re.compile(r"\s+")
# The article region when the page marks one: the first element of the first of these.
REGIONS = ('[itemprop="articleBody"]', "article")


@dataclass(frozen=True, slots=True)
class FastResult:
    title: str
    text: str  # one line per block, like trafilatura's text before monitor's clean_text
    published: str  # as found on the page ("" when none)
    shape: str  # the region's place in the page: which template this page uses


def page_meta(tree: LexborHTMLParser) -> tuple[str, str]:
    """Title and publication time, read before any boilerplate is removed."""
    return _title(tree), _published(tree)


def fast_extract(body: LexborNode, title: str, published: str, *,
                 region: LexborNode | None = None) -> FastResult | None:
    """The main text and layout key of a page whose boilerplate has been removed from
    ``body``; None when no text block is found.  ``region``: the article region, when the
    caller found it as ``_region`` would (the first element of ``REGIONS`` that pruning
    leaves) and removed the boilerplate below it only."""
    region = _region(body) if region is None else region
    if region is None:
        return None
    lines: list[str] = []
    broken = _holding_br(region)
    for node in region.traverse():
        if node.tag in _BLOCKS and not _inside_block(node, region):
            lines.extend(_block_lines(node) if node.mem_id in broken else _block_line(node))
    if not lines:
        lines = _block_lines(region)  # a "div soup": paragraphs as <br>-separated text
    if not lines:
        return None
    return FastResult(title=title, text="\n".join(lines), published=published,
                      shape=_shape(region))


def _region(body: LexborNode) -> LexborNode | None:
    for selector in REGIONS:
        found = body.css_first(selector)
        if found is not None:
            return found
    # The deepest container holding at least 80 % of the paragraph text of the best one
    # (paragraphs split over several columns belong to their common container).
    totals: dict[int, tuple[int, int, LexborNode]] = {}  # id -> (text, depth, node)
    paragraphs = body.css("p")
    for paragraph in paragraphs:
        length = len(paragraph.text(deep=True).strip())
        chain = []
        parent = paragraph.parent
        while parent is not None:
            if parent.tag in _CONTAINERS:
                chain.append(parent)
            parent = parent.parent
        for depth, node in enumerate(reversed(chain)):
            total, _, _ = totals.get(node.mem_id, (0, depth, node))
            totals[node.mem_id] = (total + length, depth, node)
    if not paragraphs:  # no <p> at all: the container with the most direct text
        best, best_length = None, 0
        for node in body.css("div, td, article, section, main"):
            length = sum(len((child.text_content or "").strip())
                         for child in node.iter(include_text=True) if child.tag == "-text")
            if length > best_length:
                best, best_length = node, length
        return best
    if not totals:
        return None
    top = max(total for total, _, _ in totals.values())
    candidates = [(depth, node) for total, depth, node in totals.values()
                  if total >= 0.8 * top and node.tag != "body"]
    if not candidates:
        return body
    return max(candidates, key=lambda pair: pair[0])[1]


def _inside_block(node: LexborNode, region: LexborNode) -> bool:
    """Is ``node`` nested in another text block (a <p> inside a <li>: read once)?"""
    parent = node.parent
    while parent is not None and parent.mem_id != region.mem_id:
        if parent.tag in _BLOCKS:
            return True
        parent = parent.parent
    return False


def _holding_br(region: LexborNode) -> set[int]:
    """The ``mem_id`` of every element of ``region`` (itself included) that holds a
    ``<br>``: the blocks whose text ``_block_lines`` must split."""
    holding: set[int] = set()
    for br in region.css("br"):
        node = br.parent
        while node is not None and node.mem_id not in holding:
            holding.add(node.mem_id)
            if node.mem_id == region.mem_id:
                break
            node = node.parent
    return holding


def _block_line(node: LexborNode) -> list[str]:
    """``_block_lines`` of a block holding no ``<br>``: its whole text on one line, read by
    lexbor at once (issue 12: ~2.5x faster than gathering its text nodes here)."""
    line = " ".join(node.text(deep=True).split())  # what _SPACES.sub and strip() give
    if not line:
        return []
    return [f"- {line}"] if node.tag == "li" else [line]


def _block_lines(node: LexborNode) -> list[str]:
    """The block's text, one line per <br>-separated piece, whitespace collapsed."""
    pieces: list[str] = [""]
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            pieces[-1] += child.text_content or ""
        elif child.tag == "br":
            pieces.append("")
    lines = [_SPACES.sub(" ", piece).strip() for piece in pieces]
    lines = [line for line in lines if line]
    if node.tag == "li":
        lines = [f"- {line}" for line in lines]
    return lines


def _shape(region: LexborNode) -> str:
    """The region's tag, class and id and those of its ancestors: a page template's key."""
    parts = []
    node: LexborNode | None = region
    while node is not None and node.tag not in ("html", "-undef"):
        attrs = node.attributes
        parts.append(f"{node.tag}.{attrs.get('class') or ''}#{attrs.get('id') or ''}")
        node = node.parent
    return "/".join(reversed(parts))


def _title(tree: LexborHTMLParser) -> str:
    h1s = tree.css("h1")
    if len(h1s) == 1:
        text = _SPACES.sub(" ", h1s[0].text(deep=True)).strip()
        if text:
            return text
    meta = tree.css_first('meta[property="og:title"]')
    if meta is not None and (meta.attributes.get("content") or "").strip():
        return _SPACES.sub(" ", meta.attributes.get("content") or "").strip()
    node = tree.css_first("title")
    return _SPACES.sub(" ", node.text()).strip() if node is not None else ""


def _published(tree: LexborHTMLParser) -> str:
    meta = tree.css_first('meta[property="article:published_time"]')
    if meta is not None and meta.attributes.get("content"):
        return str(meta.attributes.get("content"))
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text() or "")
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("datePublished"), str):
            return str(data["datePublished"])
    node = tree.css_first("time[datetime]")
    return str(node.attributes.get("datetime") or "") if node is not None else ""
