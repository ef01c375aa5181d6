"""The Atom feed of fact changes: one builder for `monitor changes --format atom` and the
web view's /changes.atom.

Standard library only (xml.etree), so the CLI writes it without the ``web`` extra.  Every
feed-supplied string goes through ``safety.xml_text`` (no control character, bidi override
or code point XML 1.0 cannot carry); ElementTree escapes the markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from monitor.web.safety import safe_url, xml_text

NS = "http://www.w3.org/2005/Atom"


def entry_text(c: dict[str, Any]) -> str:
    """The text of one change's entry: what changed, then the sentences around it."""
    if c["action"] == "changed":
        what = f"{xml_text(c['old'])} → {xml_text(c['new'])}"
    elif c["action"] == "added":
        what = f"+ {xml_text(c['new'])}"
    else:
        what = f"- {xml_text(c['old'])}"
    lines = [what]
    if c.get("old_sentence"):
        lines.append(f"Before: {xml_text(c['old_sentence'])}")
    if c.get("new_sentence"):
        lines.append(f"After: {xml_text(c['new_sentence'])}")
    return "\n".join(lines) + "\n"


def changes_feed(rows: Sequence[dict[str, Any]], *, updated: str, version: str,
                 base: str | None = None, self_link: str | None = None,
                 alternate: str | None = None, watch: str | None = None,
                 params: Iterable[tuple[str, str]] = ()) -> bytes:
    """An Atom 1.0 document of ``rows`` (``Store.web_changes`` rows, newest first).

    ``base``: the web view's address; each entry then links to the story's diff there.
    Without it (the CLI) an entry links to the story's own article URL, when it is an
    http(s) URL.
    """
    ET.register_namespace("", NS)
    feed = ET.Element(f"{{{NS}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None,
            **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "title", "monitor: fact changes" + (f" ({xml_text(watch)})" if watch else ""))
    sub(feed, "id", "urn:monitor:changes" + "".join(
        f":{xml_text(k)}={quote(xml_text(v), safe='')}" for k, v in params))
    sub(feed, "updated", updated)
    if self_link:
        sub(feed, "link", rel="self", type="application/atom+xml", href=self_link)
    if alternate:
        sub(feed, "link", rel="alternate", type="text/html", href=alternate)
    sub(feed, "generator", "monitor", version=version)
    for c in rows:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:monitor:change:{c['id']}")
        sub(entry, "title", f"{c['kind']} {c['action']} ({c['severity']}): "
                            f"{xml_text(c.get('story_title'))}")
        sub(entry, "updated", c["detected_at"])
        author = sub(entry, "author")
        sub(author, "name", xml_text(c.get("feed")))
        if base:
            frm = f"from={c['from_version']}&" if c.get("from_version") else ""
            href: str | None = f"{base}/stories/{c['story_id']}?{frm}to={c['version']}#diff"
        else:
            href = safe_url(c.get("story_url"))
        if href:
            sub(entry, "link", rel="alternate", type="text/html", href=href)
        sub(entry, "category", term=str(c["kind"]))
        sub(entry, "category", term=f"severity:{c['severity']}")
        sub(entry, "content", entry_text(c), type="text")
    # typeshed types tostring() with an encoding other than "unicode" as Any: it is bytes
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body
