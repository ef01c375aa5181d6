"""The JSON shapes of /api/v1: the CLI's ``--json`` shapes, built from store rows.

``monitor stories --json`` rows are ``story_json`` (imported from the CLI, so they cannot
drift); the others are built the way the CLI builds them, and tests/test_web_api.py
checks each against the CLI's own output.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from monitor.cli.browse import CHANGE_FIELDS, feed_json, history_json, story_json
from monitor.redact import redact

__all__ = ["alert_json", "change_json", "cursor_decode", "cursor_encode", "feed_json",
           "history_json", "story_json"]



class CursorError(ValueError):
    """A cursor that this server did not hand out."""


def cursor_encode(*key: Any) -> str:
    """An opaque cursor for the sort key of the last row of a page."""
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str, types: tuple[type, ...]) -> tuple[Any, ...]:
    """The sort key in a cursor, checked against ``types``; CursorError otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (ValueError, TypeError):
        raise CursorError("not a cursor from this server") from None
    if (not isinstance(key, list) or len(key) != len(types)
            or not all(isinstance(v, t) and not isinstance(v, bool)
                       for v, t in zip(key, types, strict=True))):
        raise CursorError("not a cursor from this server")
    return tuple(key)


def change_json(row: dict[str, Any]) -> dict[str, Any]:
    """One fact change with its story (``/api/v1/changes``): the fields of a change in
    `monitor history --json`, plus where it happened."""
    return {
        "id": row["id"], "story_id": row["story_id"], "feed": row["feed"],
        "story_title": row["story_title"], "story_url": row["story_url"],
        "version": row["version"], "version_id": row["version_id"],
        "from_version": row["from_version"],
        **{k: row[k] for k in CHANGE_FIELDS},
    }


def alert_json(row: dict[str, Any], secrets: frozenset[str]) -> dict[str, Any]:
    """One row of `monitor alerts --json` (strings with secrets masked)."""
    return {k: (redact(v, secrets) if isinstance(v, str) else v) for k, v in row.items()}
