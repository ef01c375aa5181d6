"""Alert payloads and the messages rendered from them (pure: no I/O).

A delivery row stores a *payload*: plain JSON with everything a message needs,
so a message can be rendered (again) long after the story changed.  Payload types:

- ``fact.changed``: one story version's fact changes for one channel
- ``fact.digest``: several ``fact.changed`` payloads gathered over a period
- ``feed.failing`` / ``feed.recovered``: a feed's health changed
- ``test``: ``monitor alerts test CHANNEL``

Everything that came from a feed is untrusted: HTML output escapes all of it,
plain text drops control characters (terminal escapes), subjects drop line
breaks (header injection) and are length-bounded, and only http(s) links are
ever shown.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from monitor.models import SEVERITY_RANK, Change
from monitor.timeline import REPEAT_CAUSE

FACT_CHANGED = "fact.changed"
FACT_DIGEST = "fact.digest"
FEED_FAILING = "feed.failing"
FEED_RECOVERED = "feed.recovered"
TEST = "test"
TYPES = (FACT_CHANGED, FACT_DIGEST, FEED_FAILING, FEED_RECOVERED, TEST)

SUBJECT_MAX = 200  # characters; mail clients cut long subjects anyway
VALUE_MAX = 80  # one old/new value inside a subject


class RenderError(ValueError):
    """A payload that cannot be rendered: its delivery is poison (marked dead)."""


# ---------------------------------------------------------------- payloads


def scrub(value: Any) -> Any:
    """``value`` with lone surrogates (JSON feeds can carry "\\udc80") replaced by U+FFFD,
    in every string it holds: they cannot be stored, encoded in a mail or sent."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")  # fails exactly when a surrogate is there (and is quick)
        except UnicodeEncodeError:
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value  # (what the round trip through UTF-16 gives back)
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def _scrubbed(payload: dict[str, Any]) -> dict[str, Any]:
    """scrub() of a payload, its keys being ours."""
    return {key: scrub(value) for key, value in payload.items()}


def fact_payload(*, story: dict[str, Any], watches: Sequence[str], changes: Sequence[Change],
                 version_id: int | None, detected_at: str,
                 repeats_version: int | None = None) -> dict[str, Any]:
    """The stored payload of one ``fact.changed`` alert (``repeats_version``: the number of
    an earlier version this one repeats word for word)."""
    if not changes:
        raise RenderError("an alert needs at least one change")
    return _scrubbed({
        "type": FACT_CHANGED,
        "watch": watches[0] if watches else None,
        "watches": list(watches),
        "story": {"id": story.get("id"), "title": story.get("title") or "",
                  "url": story.get("url"), "feed": story.get("feed")},
        "version_id": version_id,
        "changes": [c.to_dict() for c in changes],
        "detected_at": detected_at,
        "repeats_version": repeats_version,
    })


def digest_payload(alerts: Sequence[dict[str, Any]], *, channel: str,
                   period_end: str) -> dict[str, Any]:
    return {"type": FACT_DIGEST, "channel": channel, "period_end": period_end,
            "alerts": list(alerts)}


def health_payload(*, feed: str, state: str, error: str | None,
                   detected_at: str) -> dict[str, Any]:
    kind = FEED_FAILING if state == "failing" else FEED_RECOVERED
    return _scrubbed({"type": kind, "feed": feed, "error": error, "detected_at": detected_at})


def test_payload(*, channel: str, detected_at: str) -> dict[str, Any]:
    return {"type": TEST, "channel": channel, "detected_at": detected_at}


# ---------------------------------------------------------------- cleaning

_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


def one_line(text: Any) -> str:
    """A single line: no line breaks or control characters, spaces collapsed."""
    cleaned = "".join(ch if unicodedata.category(ch)[0] != "C" else " "
                      for ch in _LINE_BREAKS.sub(" ", str(text or "")))
    return _SPACES.sub(" ", cleaned).strip()


def plain(text: Any) -> str:
    """Multi-line text with control characters (ANSI escapes, NUL, ...) removed."""
    lines = [
        "".join(ch for ch in line if ch == "\t" or unicodedata.category(ch)[0] != "C")
        for line in _LINE_BREAKS.split(str(text or ""))
    ]
    return "\n".join(lines).strip()


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def safe_link(url: Any) -> str | None:
    """The URL when it is http(s) and free of whitespace, else None."""
    text = str(url or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https") or any(ch.isspace() or ord(ch) < 32 for ch in text):
        return None
    return text


# ---------------------------------------------------------------- change wording


def _changes(payload: dict[str, Any]) -> list[dict[str, Any]]:
    changes = payload.get("changes")
    if not isinstance(changes, list) or not changes:
        raise RenderError("fact alert without changes")
    for change in changes:
        if not isinstance(change, dict) or "kind" not in change or "action" not in change:
            raise RenderError("malformed change in payload")
    return changes


def lead_change(changes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The change a subject names: the most severe, the first among equals."""
    return max(enumerate(changes),
               key=lambda ic: (SEVERITY_RANK.get(str(ic[1].get("severity")), 0), -ic[0]))[1]


def _quoted(value: Any) -> str:
    return "'" + shorten(one_line(value), VALUE_MAX) + "'"


def summarise(change: dict[str, Any]) -> str:
    """"Condition changed: 'old' -> 'new'" (one line, values bounded)."""
    kind = one_line(change.get("kind")).capitalize() or "Fact"
    action = one_line(change.get("action"))
    old, new = change.get("old"), change.get("new")
    if action == "added" or (old is None and new is not None):
        return f"{kind} added: {_quoted(new)}"
    if action == "removed" or new is None:
        return f"{kind} removed: {_quoted(old)}"
    return f"{kind} changed: {_quoted(old)} -> {_quoted(new)}"


# ---------------------------------------------------------------- subjects


def subject(payload: dict[str, Any]) -> str:
    """One line, no CR/LF, at most SUBJECT_MAX characters."""
    kind = payload.get("type")
    if kind == FACT_CHANGED:
        changes = _changes(payload)
        text = summarise(lead_change(changes))
        if len(changes) > 1:
            text += f" (+{len(changes) - 1} more)"
        title = one_line((payload.get("story") or {}).get("title"))
        if title:
            text += f" — {title}"
    elif kind == FACT_DIGEST:
        alerts = payload.get("alerts") or []
        count = sum(len(_changes(a)) for a in alerts)
        text = (f"Digest: {count} fact change{'s' * (count != 1)} in "
                f"{len(alerts)} stor{'ies' if len(alerts) != 1 else 'y'}")
    elif kind == FEED_FAILING:
        text = f"Feed failing: {one_line(payload.get('feed'))}"
        if payload.get("error"):
            text += f" — {one_line(payload.get('error'))}"
    elif kind == FEED_RECOVERED:
        text = f"Feed recovered: {one_line(payload.get('feed'))}"
    elif kind == TEST:
        text = f"monitor test message for channel {one_line(payload.get('channel'))}"
    else:
        raise RenderError(f"unknown alert type {kind!r}")
    return shorten(one_line(text), SUBJECT_MAX)


def repeat_note(payload: dict[str, Any]) -> str | None:
    """What an editor should know of a version that repeats an earlier one word for word:
    its changes are real (the page said this again), but may be a stale copy."""
    number = payload.get("repeats_version")
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    return f"this version repeats version {number} word for word: {REPEAT_CAUSE}"


# ---------------------------------------------------------------- plain text


def _change_lines(index: int, change: dict[str, Any]) -> list[str]:
    severity = one_line(change.get("severity")) or "low"
    lines = [f"{index}. {summarise(change)} [{severity}]"]
    if change.get("old_sentence"):
        lines.append(f"   before: {plain(change['old_sentence'])}")
    if change.get("new_sentence"):
        lines.append(f"   after:  {plain(change['new_sentence'])}")
    return lines


def _fact_text(payload: dict[str, Any]) -> list[str]:
    story = payload.get("story") or {}
    lines = [f"Story:    {one_line(story.get('title'))}"]
    link = safe_link(story.get("url"))
    if link:
        lines.append(f"Link:     {link}")
    lines.append(f"Feed:     {one_line(story.get('feed'))}")
    if payload.get("watches"):
        lines.append(f"Watch:    {one_line(', '.join(payload['watches']))}")
    lines.append(f"Detected: {one_line(payload.get('detected_at'))}")
    note = repeat_note(payload)
    if note:
        lines.append(f"Note:     {note}")
    lines.append("")
    for i, change in enumerate(_changes(payload), start=1):
        lines.extend(_change_lines(i, change))
    return lines


def text_body(payload: dict[str, Any]) -> str:
    kind = payload.get("type")
    if kind == FACT_CHANGED:
        lines = _fact_text(payload)
    elif kind == FACT_DIGEST:
        lines = [subject(payload), f"Period ending {one_line(payload.get('period_end'))}", ""]
        for alert in payload.get("alerts") or []:
            lines.extend(["-" * 60, *_fact_text(alert), ""])
    elif kind in (FEED_FAILING, FEED_RECOVERED):
        lines = [subject(payload), f"Detected: {one_line(payload.get('detected_at'))}"]
        if payload.get("error"):
            lines.append(f"Last error: {plain(payload['error'])}")
    elif kind == TEST:
        lines = [subject(payload), "If you can read this, the channel works."]
    else:
        raise RenderError(f"unknown alert type {kind!r}")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- HTML

_e = html.escape  # quote=True: safe in text and in attribute values


def _fact_html(payload: dict[str, Any]) -> str:
    story = payload.get("story") or {}
    title = _e(one_line(story.get("title")) or "(untitled)")
    link = safe_link(story.get("url"))
    heading = f'<a href="{_e(link)}">{title}</a>' if link else title
    meta = [f"Feed: {_e(one_line(story.get('feed')))}"]
    if payload.get("watches"):
        meta.append(f"Watch: {_e(one_line(', '.join(payload['watches'])))}")
    meta.append(f"Detected: {_e(one_line(payload.get('detected_at')))}")
    items = []
    for change in _changes(payload):
        parts = [f"<strong>{_e(summarise(change))}</strong> "
                 f"<em>[{_e(one_line(change.get('severity')) or 'low')}]</em>"]
        if change.get("old_sentence"):
            parts.append(f"<br>before: <del>{_e(one_line(change['old_sentence']))}</del>")
        if change.get("new_sentence"):
            parts.append(f"<br>after: <ins>{_e(one_line(change['new_sentence']))}</ins>")
        items.append(f"<li>{''.join(parts)}</li>")
    note = repeat_note(payload)
    note_html = f"<p><em>Note: {_e(note)}</em></p>" if note else ""
    return (f"<h2>{heading}</h2><p>{' &middot; '.join(meta)}</p>{note_html}"
            f"<ol>{''.join(items)}</ol>")


def html_body(payload: dict[str, Any]) -> str:
    kind = payload.get("type")
    if kind == FACT_CHANGED:
        inner = _fact_html(payload)
    elif kind == FACT_DIGEST:
        inner = f"<h1>{_e(subject(payload))}</h1>" + "<hr>".join(
            _fact_html(alert) for alert in payload.get("alerts") or [])
    elif kind in (FEED_FAILING, FEED_RECOVERED, TEST):
        inner = "".join(f"<p>{_e(line)}</p>" for line in text_body(payload).splitlines() if line)
    else:
        raise RenderError(f"unknown alert type {kind!r}")
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
            f"<body>{inner}</body></html>")


# ---------------------------------------------------------------- JSON (webhooks)

CHANGE_FIELDS = ("kind", "action", "old", "new", "old_sentence", "new_sentence", "severity")


def _fact_json(payload: dict[str, Any]) -> dict[str, Any]:
    story = payload.get("story") or {}
    return {
        "watch": payload.get("watch"),
        "watches": list(payload.get("watches") or []),
        "story": {"id": story.get("id"), "title": story.get("title") or "",
                  "url": safe_link(story.get("url")), "feed": story.get("feed")},
        "changes": [{k: c.get(k) for k in CHANGE_FIELDS} for c in _changes(payload)],
        "detected_at": payload.get("detected_at"),
        "repeats_version": payload.get("repeats_version"),
    }


def json_body(message_id: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The webhook body (documented in docs/alerts.md). Feed text stays as given:
    JSON is escaped by its encoder, and receivers must escape on display."""
    kind = payload.get("type")
    if kind == FACT_CHANGED:
        return {"id": message_id, "type": kind, **_fact_json(payload)}
    if kind == FACT_DIGEST:
        return {"id": message_id, "type": kind, "period_end": payload.get("period_end"),
                "alerts": [_fact_json(a) for a in payload.get("alerts") or []]}
    if kind in (FEED_FAILING, FEED_RECOVERED):
        return {"id": message_id, "type": kind, "feed": payload.get("feed"),
                "error": payload.get("error"), "detected_at": payload.get("detected_at")}
    if kind == TEST:
        return {"id": message_id, "type": kind, "channel": payload.get("channel"),
                "detected_at": payload.get("detected_at")}
    raise RenderError(f"unknown alert type {kind!r}")


def change_count(payload: dict[str, Any]) -> int:
    if payload.get("type") == FACT_CHANGED:
        return len(payload.get("changes") or [])
    if payload.get("type") == FACT_DIGEST:
        return sum(change_count(a) for a in payload.get("alerts") or [])
    return 0

