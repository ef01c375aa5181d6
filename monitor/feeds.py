"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom via feedparser, JSON Feed 1.0/1.1 by hand.

feedparser is run defensively, because of facts measured with 6.0.14:

* a string argument that looks like a path or URL is OPENED (a body of ``/etc/passwd``
  is read from our disk), so it only ever gets an ``io.BytesIO``;
* its fallback parser expands entities declared in a DOCTYPE (a 124 KB billion-laughs feed
  took 1.5 GB and 20 s), so documents declaring entities are refused before it sees them;
* it reports an HTML page or an empty body as a clean parse, so ``version`` is checked;
* it sanitises only what it considers HTML: titles keep ``<script>``, links keep
  ``javascript:``, ``xml:base`` yields ``file://`` links. We do our own cleaning (titles and
  texts become plain text, links must be absolute http(s)) and switch its sanitiser and URI
  resolution off, which also makes it ~3x faster;
* it parses every entry however many there are (50,000 entries: 7.7 s, 170 MB), so the
  input is cut after ``MAX_ENTRIES`` entries (the newest, in practice) and the count of the
  others goes in ``ParsedFeed.skipped_entries``, not in ``error``: a long feed is not a
  malformed one, and callers treat a malformed feed's entries as untrusted;
* it crashes on some hostile input (``&#xD800;``): any exception becomes FeedParseError,
  and character references to lone surrogates are replaced by U+FFFD before it (or lxml)
  sees them, so one such title does not make the whole feed unreadable.

Every string taken from a feed is repaired (``text.repair_unicode``): a lone surrogate in a
JSON Feed field ("\\ud800") becomes U+FFFD in that field, the item is kept.  Integers in
JSON are read as text when too long for Python's int conversion (a 100,000-digit id).
Zero-width characters are kept in the text as given: normalisation (``monitor.text``)
drops them where texts are compared.

GUIDs are kept exactly as given (feedparser is not told the feed URL, which it would use to
"resolve" permalink GUIDs); links are resolved against the feed URL here, without its
credentials or query. Dates become aware UTC datetimes; implausible ones (1970, 2100) are
kept as given, not clamped: judging them is the caller's business.
"""

from __future__ import annotations

import email.utils
import io
import json
import logging
import re
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.sax import SAXParseException

from lxml import etree

from monitor.errors import FeedParseError
from monitor.models import Entry, ParsedFeed
from monitor.redact import redact_url
from monitor.text import INVISIBLE, repair_unicode

log = logging.getLogger(__name__)

MAX_ENTRIES = 2000  # entries kept per feed; more is an abuse or an accumulating archive
MAX_TITLE_CHARS = 1000
MAX_URL_CHARS = 4096  # longer "links" are junk or abuse; they become None
# Markup per summary/content field considered; beyond it a "summary" is abuse, and libxml2
# silently drops text nodes over 10 MB anyway.
MAX_FIELD_CHARS = 1_000_000



# -- plain text from HTML ------------------------------------------------------------------------
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "table", "tr", "section", "article", "header", "footer", "aside", "figure",
    "figcaption", "dl", "dt", "dd", "hr", "address", "main", "nav", "details", "summary",
})
_SKIPPED_TAGS = frozenset({
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
    "head", "title", "select", "textarea", "button",
})
# Whitespace and control characters (NULs, \x0b and friends turn up in real feeds) collapse
# to one space.  Zero-width characters do not: "$1<U+200B>2" is "$12", not "$1 2", and
# monitor.text drops them wherever texts are compared.
# Control characters that are not white space (str.split() takes the rest: \x1c-\x1f
# are white space to it, as to the regular expressions' \s).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\ufffe\uffff]")


def _squeeze(text: str) -> str:
    """Runs of whitespace and control characters as one space; no whitespace or invisible
    character at either end (a title ending in U+200B ends where it is seen to).  Split
    and joined, not substituted: a substitution replaced each single space by a space
    (a tenth of a million calls per feed pass of the pipeline benchmark, most with no
    run to squeeze)."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split()).strip(INVISIBLE).strip()


_BLOCK_MARKUP = re.compile(
    r"<(?:" + "|".join(sorted(_BLOCK_TAGS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


_HTML_PARSER = etree.HTMLParser(encoding="utf-8", recover=True, no_network=True,
                                remove_comments=True, remove_pis=True)


def _html_root(document: bytes) -> etree._Element | None:
    """lxml's recovering HTML parser gives None for a document without an element (its
    stubs say it never does)."""
    return etree.fromstring(document, _HTML_PARSER)


def _collect(markup: str) -> str:
    """Visible text of HTML, one paragraph per block element.

    lxml (libxml2) rather than html.parser: the latter is quadratic on unclosed tags
    (200,000 ``<a `` took minutes) and summaries come from strangers. Elements nested
    deeper than libxml2's limit (256) are dropped by it, without error.
    """
    try:
        root = _html_root(markup.encode("utf-8", errors="replace"))
    except (etree.XMLSyntaxError, ValueError):
        return ""
    if root is None:
        return ""
    paragraphs: list[str] = []
    current: list[str] = []

    def end_paragraph() -> None:
        text = _squeeze("".join(current))
        if text:
            paragraphs.append(text)
        current.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED_TAGS:
                walker.skip_subtree()  # no "end" event follows: handle the tail here
                current.append(element.tail or "")
                continue
            if tag in _BLOCK_TAGS:
                end_paragraph()
            current.append(element.text or "")
        else:
            if tag in _BLOCK_TAGS:
                end_paragraph()
            current.append(element.tail or "")
    end_paragraph()
    return "\n\n".join(paragraphs)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment: paragraphs joined by a blank line, no markup."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return plain_to_text(markup)
    if not _BLOCK_MARKUP.search(markup):
        # Many feeds send plain text with blank lines in a field declared as HTML; keep
        # those paragraph breaks, which an HTML reading would collapse into spaces.
        parts = (_collect(part) for part in re.split(r"\n\s*\n", markup))
        return "\n\n".join(p for p in parts if p)
    return _collect(markup)


def html_to_line(markup: str, limit: int = MAX_TITLE_CHARS) -> str:
    """One line of plain text (titles, names): tags stripped, entities unescaped, cut."""
    return " ".join(html_to_text(markup).split("\n\n"))[:limit]


def collapse_whitespace(text: str) -> str:
    """``text`` on one line: whitespace, control and zero-width runs become one space."""
    return _squeeze(text)


def plain_to_text(text: str) -> str:
    """Plain text normalised like html_to_text: paragraphs at blank lines, spaces collapsed."""
    paragraphs = (_squeeze(part) for part in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


# -- small value helpers -----------------------------------------------------------------------
# Characters no URL may carry (C0 controls and DEL): one search, where a generator over the
# characters took ~2 us a link (one or two a feed entry; issue 12).
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def http_url(value: Any, base: str = "") -> str | None:
    """``value`` as an absolute http(s) URL (resolved against ``base``), else None.

    Userinfo is dropped: credentials must not travel into stored links, and in
    ``http://bank.example@evil.example/`` the host that counts is evil.example.
    """
    if not isinstance(value, str):
        return None
    url = repair_unicode(value).strip().replace(" ", "%20")
    if not url or len(url) > MAX_URL_CHARS or _URL_CONTROL.search(url):
        return None
    try:
        if base and not urlsplit(url).scheme:
            url = urljoin(base, url)
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # .port raises on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if "@" in parts.netloc:
        url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return url


def _link_base(url: str) -> str:
    """The feed URL as a base for relative links: no credentials, query or fragment
    (``urljoin(base, "#x")`` would otherwise copy a ``?token=`` into the link)."""
    absolute = http_url(url)
    if not absolute:
        return ""
    parts = urlsplit(absolute)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _datetime_from_struct(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time | tuple) or len(value) < 6:
        return None
    year, month, day, hour, minute, second = value[:6]
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (ValueError, TypeError, OverflowError):
        return None


def parse_date(value: Any) -> datetime | None:
    """An aware UTC datetime from an RFC 822 or ISO 8601 string, else None (never raises).

    Implausible dates (1970, far future) are kept as given: whether to trust them is the
    caller's decision, not the parser's.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


# -- refusing dangerous or non-feed input ------------------------------------------------------
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


def _ascii_view(body: bytes) -> bytes:
    """The body with NUL bytes removed, so UTF-16/32 markup can be searched as ASCII."""
    head = body[:4]
    if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.replace(b"\x00", b"")
    return body


def _refuse_entity_declarations(body: bytes, shown: str, content_type: str | None) -> None:
    """Entity declarations have no place in a feed and are how entity bombs and XXE work.

    Looked for everywhere outside CDATA (not just in the prolog) because feedparser's loose
    fallback parser also acts on declarations it meets later in a broken document, and in
    the text as feedparser will decode it: a declaration in EBCDIC or UTF-7 is invisible to
    a byte search but not to feedparser, which honours those encodings.
    """
    views = [_ascii_view(body)]
    for declared in {content_type, None}:  # parse_feed may retry without the HTTP charset
        views.append(_as_feedparser_decodes(body, declared))
    for view in views:
        if _ENTITY_DECL.search(view) and _ENTITY_DECL.search(_without_cdata(view)):
            raise FeedParseError(f"refused feed {shown}: it declares XML entities (DOCTYPE)")


def _without_cdata(view: bytes) -> bytes:
    """``view`` minus CDATA sections, in one linear pass (a lazy regex is quadratic on
    unclosed sections); an unclosed section runs to the end, as it does for a parser."""
    kept: list[bytes] = []
    position = 0
    while True:
        start = view.find(b"<![CDATA[", position)
        if start == -1:
            kept.append(view[position:])
            break
        kept.append(view[position:start])
        end = view.find(b"]]>", start + 9)
        if end == -1:
            break
        position = end + 3
    return b"".join(kept)


def _as_feedparser_decodes(body: bytes, content_type: str | None) -> bytes:
    """The document re-encoded as UTF-8 the way feedparser does before parsing it."""
    import feedparser  # here: see _feedparser
    from feedparser.encodings import convert_to_utf8

    headers = {"content-type": content_type} if content_type else {}
    try:
        return convert_to_utf8(headers, body, feedparser.FeedParserDict(bozo=False))
    except Exception:  # its detection failing is not our problem; the byte view remains
        return body


# -- entry cap -----------------------------------------------------------------------------------
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)
_ROOT = re.compile(rb"<((?:[\w.-]+:)?(?:rss|RDF|feed))[\s>]", re.IGNORECASE)


def _truncate_entries(body: bytes, limit: int) -> tuple[bytes, int]:
    """The body cut after its ``limit``-th entry, with the root re-closed, and how many
    entries were cut off (0, and the body untouched, when there are not more than limit)."""
    ends = _ENTRY_END.finditer(body)
    cut = None
    for count, match in enumerate(ends, start=1):
        if count == limit:
            cut = match.end()
            break
    if cut is None:
        return body, 0
    skipped = sum(1 for _ in _ENTRY_END.finditer(body, cut))
    if not skipped:
        return body, 0
    root = _ROOT.search(body, 0, cut)
    closers = b""
    if root is not None:
        name = root.group(1)
        if name.lower().endswith(b"rss") and body.rfind(b"</channel", 0, cut) == -1:
            closers = b"</channel>"
        closers += b"</" + name + b">"
    return body[:cut] + closers, skipped


# -- public entry point --------------------------------------------------------------------------
def parse_feed(body: bytes | str, *, url: str = "", content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes. Raises FeedParseError when nothing usable can be read.

    A malformed feed whose entries are partly readable returns them, with ``error`` set.
    """
    shown = redact_url(url) if url else "(no URL)"
    if isinstance(body, str):  # tolerated: callers holding text rather than bytes
        body = body.encode("utf-8")
    if not body or not body.strip():
        raise FeedParseError(f"empty feed body from {shown}")
    body, content_type = _bom_decoded(body, content_type)
    if _looks_like_json(body, content_type):
        return _parse_json_feed(body, url, shown)
    _refuse_entity_declarations(body, shown, content_type)
    return _parse_xml_feed(body, url, shown, content_type)


_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def _bom_decoded(body: bytes, content_type: str | None) -> tuple[bytes, str | None]:
    """A document starting with a byte-order mark, as UTF-8 without it.

    The mark is the one reliable statement of an encoding (XML 1.0 appendix F, WHATWG):
    an XML declaration or HTTP charset saying otherwise is wrong, and feedparser, trusting
    them, fails on the whole document.  So the body is decoded by its mark, its declaration
    rewritten to UTF-8 and the HTTP charset dropped."""
    found = next(((mark, enc) for mark, enc in _BOMS if body.startswith(mark)), None)
    if found is None:
        return body, content_type
    mark, encoding = found
    text = body[len(mark):].decode(encoding, errors="replace")
    text = _DECLARED_ENCODING.sub(r'\1"utf-8"', text, count=1)
    media_type = content_type.split(";", 1)[0].strip() if content_type else None
    return text.encode("utf-8"), media_type or None


def _looks_like_json(body: bytes, content_type: str | None) -> bool:
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":
        return True
    return bool(content_type and "json" in content_type.lower() and start != b"<")


def _parse_xml_feed(body: bytes, url: str, shown: str, content_type: str | None) -> ParsedFeed:
    body = _without_surrogate_references(body)
    body, skipped = _truncate_entries(body, MAX_ENTRIES)
    if skipped:
        log.warning("feed %s: read the first %d entries, skipped %d more", shown, MAX_ENTRIES,
                    skipped)
    from monitor.feeds_fast import parse_rss20

    fast = parse_rss20(body, url, content_type, skipped)  # plain RSS 2.0: same entries, 20x
    if fast is not None:  # faster (profiled); None: feedparser reads it
        return fast
    return _parse_with_feedparser(body, url, shown, content_type, skipped)


# A character reference to a UTF-16 surrogate (&#xD800; &#55296;): not a character at all.
_SURROGATE_REF = re.compile(rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*(5[5-7]\d{3}));")


def _without_surrogate_references(body: bytes) -> bytes:
    """``body`` with references to surrogates replaced by U+FFFD's: feedparser crashes on
    them and lxml refuses the document, so one bad title would fail the whole feed."""
    if b"&#" not in body:
        return body

    def replace(match: re.Match[bytes]) -> bytes:
        decimal = match.group(1)
        if decimal is not None and not 0xD800 <= int(decimal) <= 0xDFFF:
            return match.group(0)
        return b"&#xFFFD;"

    return _SURROGATE_REF.sub(replace, body)


def _parse_with_feedparser(body: bytes, url: str, shown: str, content_type: str | None,
                           skipped: int) -> ParsedFeed:
    parsed = _feedparser(body, content_type, shown)
    if content_type and not parsed.get("version") and not parsed.get("entries"):
        # feedparser lets an HTTP charset override even a BOM; servers get charsets wrong
        # more often than documents do, so retry trusting the document alone.
        parsed = _feedparser(body, None, shown)
    version = parsed.get("version", "") or ""
    entries = parsed.get("entries", [])
    if not version and not entries:
        raise FeedParseError(f"not a feed: {shown} {_why_not_a_feed(body, parsed)}")
    base = _link_base(url)
    return ParsedFeed(
        format=version,
        title=html_to_line(_feed_title(parsed)),
        entries=_dedupe(_entry_from_feedparser(e, base) for e in entries[:MAX_ENTRIES]),
        error=_bozo_message(parsed),  # our cut re-closes the root: no error of its own
        skipped_entries=skipped,
    )


def _feedparser(body: bytes, content_type: str | None, shown: str) -> Any:
    # Imported on first use, not with this module: the page extraction imports it for
    # its text helpers, and the worker processes that extract pages never parse a feed
    # (feedparser is ~30 ms of each forkserver's preload, issue 12).
    import feedparser

    # No Content-Location on purpose: feedparser would resolve permalink GUIDs against it,
    # so an entry's identity would change with the feed's URL. Links are resolved later.
    headers = {"content-type": content_type} if content_type else {}
    try:
        return feedparser.parse(io.BytesIO(body), response_headers=headers,
                                sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # it crashes on some hostile input (e.g. &#xD800;): not a feed
        raise FeedParseError(f"not a feed: {shown} crashed the feed parser "
                             f"({type(exc).__name__})") from None


def _why_not_a_feed(body: bytes, parsed: Mapping[str, Any]) -> str:
    if _HTML_START.match(_ascii_view(body[:4096])):
        return "is an HTML page"
    problem = _bozo_message(parsed)
    return f"could not be parsed ({problem})" if problem else "has no RSS or Atom root element"


def _bozo_message(parsed: Mapping[str, Any]) -> str | None:
    """What made the document malformed, in one line (None when it was not)."""
    if not parsed.get("bozo"):
        return None
    import feedparser  # here: see _feedparser

    exc = parsed.get("bozo_exception")
    # feedparser "bozo" reasons that describe a well-formed feed served or declared
    # slightly wrong; they do not make the feed malformed.
    if isinstance(exc, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        return None
    if isinstance(exc, SAXParseException):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return str(exc).splitlines()[0][:200] if exc else "not well-formed"


def _feed_title(parsed: Mapping[str, Any]) -> str:
    feed = parsed.get("feed") or {}
    title = feed.get("title", "")
    return title if isinstance(title, str) else ""


def _entry_from_feedparser(e: Mapping[str, Any], base: str) -> Entry:
    published = _entry_date(e, "published")
    updated = _entry_date(e, "updated")
    return Entry(
        guid=_clean_guid(e.get("id")),
        link=_entry_link(e, base),
        title=html_to_line(_str(e.get("title"))),
        text=_longest_text([_str(e.get("summary")),
                            *(_str(c.get("value")) for c in e.get("content") or [])]),
        published=published or updated,  # RSS 1.0 dc:date and many Atom feeds give only one
        updated=updated,
        author=html_to_line(_str(e.get("author")), 300) or None,
    )


def _entry_date(e: Mapping[str, Any], name: str) -> datetime | None:
    # dict.get, not FeedParserDict.get: the latter silently maps "updated" to "published"
    # (with a DeprecationWarning) and we want each field for what it is.
    return _datetime_from_struct(_own(e, f"{name}_parsed")) or parse_date(_own(e, name))


def _own(e: Mapping[str, Any], key: str) -> Any:
    return dict.get(e, key) if isinstance(e, dict) else e.get(key)


def _entry_link(e: Mapping[str, Any], base: str) -> str | None:
    if e.get("guidislink"):
        # feedparser copied a permalink GUID into link; a GUID like "1234" is no URL, so
        # only an absolute one counts.
        return http_url(e.get("link"))
    link = http_url(e.get("link"), base)
    if link:
        return link
    for candidate in e.get("links") or []:
        if candidate.get("rel", "alternate") == "alternate":
            link = http_url(candidate.get("href"), base)
            if link:
                return link
    return None


def _str(value: Any) -> str:
    return repair_unicode(value) if isinstance(value, str) else ""


def _clean_guid(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = repair_unicode(value).strip()
    return value[:2000] or None


def _longest_text(candidates: Iterable[str], plain: str = "") -> str:
    """Plain text of the longest HTML candidate, or of ``plain`` if that is longer.

    content:encoded is often the full text and the summary a teaser, but some feeds put a
    stub in content; taking the longer covers both.
    """
    best = plain_to_text(plain[:MAX_FIELD_CHARS]) if plain else ""
    for markup in candidates:
        if markup and len(markup) > len(best) // 2:  # cheap pre-filter before converting
            text = html_to_text(markup[:MAX_FIELD_CHARS])
            if len(text) > len(best):
                best = text
    return best


def _dedupe(entries: Iterable[Entry]) -> list[Entry]:
    """First occurrence wins: by GUID, or by (link, title) for entries without one."""
    seen: set[tuple[str | None, ...]] = set()
    kept: list[Entry] = []
    for entry in entries:
        key = ("guid", entry.guid) if entry.guid else ("link", entry.link, entry.title)
        if key in seen:
            continue
        seen.add(key)
        kept.append(entry)
    return kept


# -- JSON Feed -----------------------------------------------------------------------------------
def _parse_json_feed(body: bytes, url: str, shown: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), which feedparser does not read."""
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        data = json.loads(text, parse_int=_json_int)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"not a feed: {shown} is not valid JSON "
                             f"({str(exc).splitlines()[0][:120]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedParseError(f"not a feed: {shown} is JSON but not a JSON Feed (no items)")
    items = data["items"]
    skipped = max(0, len(items) - MAX_ENTRIES)
    if skipped:
        log.warning("feed %s: read the first %d entries, skipped %d more", shown, MAX_ENTRIES,
                    skipped)
    base = _link_base(_str(data.get("feed_url"))) or _link_base(url)
    entries = [_entry_from_json(item, base) for item in items[:MAX_ENTRIES]
               if isinstance(item, dict)]
    return ParsedFeed(
        format="json1",  # 1.0 and 1.1 alike; an unknown version string is read the same way
        title=html_to_line(_str(data.get("title"))),
        entries=_dedupe(entries),
        skipped_entries=skipped,
    )


def _json_int(digits: str) -> int | str:
    """An integer as JSON wrote it, kept as its text when Python would refuse to convert it
    (over 4,300 digits): an absurd id must not make the whole feed unreadable."""
    return int(digits) if len(digits) <= 4000 else digits


def _entry_from_json(item: Mapping[str, Any], base: str) -> Entry:
    return Entry(
        guid=_clean_guid(item.get("id")),
        link=http_url(item.get("url"), base) or http_url(item.get("external_url"), base),
        title=html_to_line(_str(item.get("title"))),
        text=_longest_text([_str(item.get("content_html")), _str(item.get("summary"))],
                           plain=_str(item.get("content_text"))),
        published=parse_date(item.get("date_published")),
        updated=parse_date(item.get("date_modified")),
        author=_json_author(item),
    )


def _json_author(item: Mapping[str, Any]) -> str | None:
    authors = item.get("authors")
    author = authors[0] if isinstance(authors, list) and authors else item.get("author")
    if isinstance(author, dict):
        return html_to_line(_str(author.get("name")), 300) or None
    return None
