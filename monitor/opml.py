"""OPML 2.0 feed lists, as feed readers write them (`monitor opml import` / `export`).

Reading: an ``<outline>`` with an ``xmlUrl`` is a feed (its name from ``title``, else
``text``, else the host); an outline without one is a folder, and the folders a feed sits in
become its tags (Feedly, Inoreader, NetNewsWire, Miniflux and FreshRSS all write categories
that way).  A feed listed twice (in two folders) is one feed with both tags.  The file is
parsed with defusedxml: no DTD entities (billion laughs), no external entities, no network;
its declared encoding is honoured (ISO-8859-1, windows-1252, UTF-16) and a byte-order mark
wins; an undeclared file that is not UTF-8 is read as windows-1252, as browsers do.

Writing: one ``<outline type="rss">`` per feed, inside one folder per tag (a feed with two
tags appears in both, as readers do), untagged feeds at the top level.  Reading what was
written gives back the same names, URLs and tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import InputError

MAX_BYTES = 20 * 2**20  # an OPML file of 50,000 feeds is ~10 MB
MAX_OUTLINES = 100_000
MAX_DEPTH = 32


@dataclass(slots=True)
class OpmlFeed:
    url: str
    title: str  # title, else text, else ""
    tags: list[str] = field(default_factory=list)
    html_url: str | None = None


@dataclass(slots=True)
class OpmlDocument:
    title: str
    feeds: list[OpmlFeed]
    duplicates: int = 0  # outlines naming a feed already read (merged: tags joined)
    invalid: list[str] = field(default_factory=list)  # xmlUrls that are not http(s)


class OpmlError(InputError):
    """A file that is not OPML monitor can read (one line, exit code 2)."""


def parse_opml(data: bytes, source: str = "OPML") -> OpmlDocument:
    """The feeds of an OPML document.  Raises OpmlError."""
    if len(data) > MAX_BYTES:
        raise OpmlError(f"{source}: larger than {MAX_BYTES // 2**20} MB")
    root = _parse(data, source)
    if _local(root.tag) != "opml":
        raise OpmlError(f"{source}: not OPML (the root element is <{_local(root.tag)}>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError(f"{source}: not OPML (no <body>)")
    head = next((child for child in root if _local(child.tag) == "head"), None)
    title = ""
    if head is not None:
        title_node = next((c for c in head if _local(c.tag) == "title"), None)
        title = _clean(title_node.text if title_node is not None else "")
    document = OpmlDocument(title=title, feeds=[])
    by_url: dict[str, OpmlFeed] = {}
    count = 0

    def walk(node: Any, folders: list[str], depth: int) -> None:
        nonlocal count
        if depth > MAX_DEPTH:
            raise OpmlError(f"{source}: outlines nested deeper than {MAX_DEPTH} levels")
        for outline in node:
            if _local(outline.tag) != "outline":
                continue
            count += 1
            if count > MAX_OUTLINES:
                raise OpmlError(f"{source}: more than {MAX_OUTLINES:,} outlines")
            attributes = {_local(k).lower(): v for k, v in outline.attrib.items()}
            label = _clean(attributes.get("title") or attributes.get("text") or "")
            xml_url = (attributes.get("xmlurl") or "").strip()
            if xml_url:
                _add(xml_url, label, folders, attributes.get("htmlurl"))
            elif len(outline):
                walk(outline, [*folders, label] if label else folders, depth + 1)

    def _add(url: str, label: str, folders: list[str], html_url: str | None) -> None:
        from monitor.feedlist import url_key

        if not _is_http(url):
            document.invalid.append(url)
            return
        key = url_key(url)
        known = by_url.get(key)
        if known is not None:
            document.duplicates += 1
            for tag in folders:
                if tag not in known.tags:
                    known.tags.append(tag)
            known.title = known.title or label
            return
        feed = OpmlFeed(url=url, title=label, tags=list(dict.fromkeys(folders)),
                        html_url=(html_url or "").strip() or None)
        by_url[key] = feed
        document.feeds.append(feed)

    walk(body, [], 0)
    return document


def _parse(data: bytes, source: str) -> Any:
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException:
        raise OpmlError(f"{source}: refused: the file declares entities") from None
    except ParseError as exc:
        retry = _as_windows_1252(data)
        if retry is not None:
            try:
                return SafeET.fromstring(retry, forbid_dtd=False, forbid_entities=True,
                                         forbid_external=True)
            except (DefusedXmlException, ParseError):
                pass
        raise OpmlError(f"{source}: not well-formed XML ({exc})") from None


_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def _as_windows_1252(data: bytes) -> bytes | None:
    """An undeclared, non-UTF-8 file (old exports) re-read as windows-1252 (None when it
    declares an encoding or is valid UTF-8: then the parse error was something else)."""
    head = _DECLARATION.match(data)
    if head and b"encoding" in head.group(0):
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return text.encode("utf-8")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _clean(text: str | None) -> str:
    from monitor.cli.common import printable

    return " ".join(printable(text or "").split())


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


# ---------------------------------------------------------------- writing


def write_opml(feeds: Sequence[tuple[str, str, Iterable[str]]], *, title: str = "monitor feeds",
               now: datetime | None = None) -> bytes:
    """OPML 2.0 for (name, url, tags) feeds: a folder per tag, untagged feeds at the top."""
    from xml.etree.ElementTree import Element, SubElement, indent, tostring

    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = SubElement(root, "body")
    folders: dict[str, Any] = {}
    for name, url, tags in feeds:
        tag_list = list(tags)
        for tag in tag_list:
            if tag not in folders:
                folders[tag] = SubElement(body, "outline", text=tag, title=tag)
        parents = [folders[tag] for tag in tag_list] or [body]
        for parent in parents:
            SubElement(parent, "outline", type="rss", text=name, title=name, xmlUrl=url)
    indent(root, space="  ")
    text = tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")
