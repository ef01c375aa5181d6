"""The OpenAPI 3.1 document of /api/v1 (served at /api/openapi.json).

Written by hand beside the routes in monitor/web/app.py; tests/test_web_api.py checks that
every API route is documented and that answers carry the documented fields.
"""

from __future__ import annotations

from typing import Any

from monitor.models import FACT_KINDS, SEVERITIES
from monitor.timeline import REPEAT_CAUSE

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_INT = {"type": "integer"}
_NINT = {"type": ["integer", "null"]}
_TIME = {"type": ["string", "null"], "format": "date-time"}


def _obj(props: dict[str, Any], required: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = list(props)
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(item: str) -> dict[str, Any]:
    return _obj({"items": {"type": "array", "items": _ref(item)},
                 "next_cursor": {**_NSTR, "description": "pass as ?cursor= for the next page; "
                                 "null on the last page"}})


_CHANGE_FIELDS = {
    "kind": {"type": "string", "enum": list(FACT_KINDS)},
    "action": {"type": "string", "enum": ["changed", "added", "removed"]},
    "old": _NSTR, "new": _NSTR, "old_sentence": _NSTR, "new_sentence": _NSTR,
    "severity": {"type": "string", "enum": list(SEVERITIES)},
}

SCHEMAS: dict[str, Any] = {
    "Change": _obj({
        "id": _INT, "story_id": _INT, "feed": _STR, "story_title": _STR, "story_url": _NSTR,
        "version": _INT, "version_id": _INT, "from_version": _NINT,
        **_CHANGE_FIELDS, "detected_at": _TIME, "from_version_id": _NINT,
    }),
    "Story": _obj({
        "id": _INT, "feed": _STR, "title": _STR, "url": _NSTR, "guid": _NSTR,
        "versions": _INT, "changes": _INT, "published_at": _TIME, "first_seen_at": _TIME,
        "last_seen_at": _TIME, "last_changed_at": _TIME,
        "page": {"type": ["object", "null"], "description": "a full-text story's article page "
                 "trouble (state, error, failures, next_try_at); null when the page is fine"},
        "replaces": _NINT, "replaced_by": _NINT,
        "muted_until": {"type": ["string", "null"], "format": "date-time",
                        "description": "muted (`monitor mute`): no alerts until then"},
    }),
    "HistoryChange": _obj({**_CHANGE_FIELDS, "detected_at": _TIME, "from_version_id": _NINT}),
    "Version": _obj({
        "story_id": _INT, "feed": _STR, "version": _INT, "id": _INT, "title": _STR,
        "seen_at": _TIME, "published_at": _TIME, "source": _STR, "content_hash": _STR,
        "repeats_version": {**_NINT, "description": "the earlier version this one repeats "
                            f"word for word ({REPEAT_CAUSE})"},
        "text": _STR, "changes": {"type": "array", "items": _ref("HistoryChange")},
    }),
    "FactHistory": _obj({
        "kind": _STR, "key": _STR, "first_seen": _INT,
        "states": {"type": "array", "items": _obj({"version": _INT, "value": _NSTR,
                                                   "span": _NSTR})},
    }),
    "StoryDetail": _obj({
        "story": _ref("Story"),
        "muted_until": {**_TIME, "description": "no alerts for this story until then"},
        "history": {"type": "array", "items": _ref("Version"),
                    "description": "as `monitor history STORY --json`"},
        "facts": {"type": "array", "items": _ref("FactHistory"),
                  "description": "as `monitor history STORY --facts --json`"},
    }),
    "Diff": _obj({
        "changes": {"type": "array", "items": _obj(_CHANGE_FIELDS)},
        "cosmetic": {**_INT, "description": "edits judged cosmetic"},
        "from_version": _INT, "to_version": _INT,
    }),
    "Feed": _obj({
        "name": _STR, "url": _STR, "in_config": {"type": "boolean"},
        "last_polled_at": _TIME, "last_success_at": _TIME, "last_status": _NINT,
        "last_error": _NSTR, "consecutive_failures": _INT, "next_poll_at": _TIME,
        "retry_after_until": _TIME, "stories": _INT, "page_trouble": _INT,
    }),
    "Alert": _obj({
        "id": _INT, "status": {"type": "string", "enum": ["pending", "sent", "dead"]},
        "type": _STR, "channel": _STR, "watch": _NSTR, "story_id": _NINT, "feed": _NSTR,
        "story_title": _NSTR, "attempts": _INT, "next_attempt_at": _TIME,
        "created_at": _TIME, "sent_at": _TIME, "last_error": _NSTR, "response": _NSTR,
        "idempotency_key": _STR,
    }),
    "Error": _obj({"error": _STR}),
}

_LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                     "maximum": 500, "default": 50}}
_CURSOR = {"name": "cursor", "in": "query", "schema": _STR,
           "description": "next_cursor of the previous page"}
_STORY_ID = {"name": "story_id", "in": "path", "required": True, "schema": _INT}


def _q(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema or _STR}


_CHANGE_FILTERS = [
    _q("feed", "only this feed's stories"),
    _q("watch", "only changes of versions that raised an alert naming this watch"),
    _q("kind", "fact kind (repeatable)", {"type": "string", "enum": list(FACT_KINDS)}),
    _q("severity", "severity (repeatable)", {"type": "string", "enum": list(SEVERITIES)}),
    _q("since", "detected on or after (YYYY-MM-DD or ISO 8601)"),
    _q("until", "detected on or before (YYYY-MM-DD: that whole day)"),
    _q("q", "words in the story's title"),
    _q("story", "only this story's changes", _INT),
]


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"200": {"description": description,
                    "content": {"application/json": {"schema": schema}}},
            "400": {"description": "a bad parameter or cursor",
                    "content": {"application/json": {"schema": _ref("Error")}}}}


def _write(summary: str, params: list[dict[str, Any]],
           body: dict[str, Any] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary, "security": [{"token": []}], "parameters": params,
        "responses": {"200": {"description": "done"},
                      "401": {"description": "no or wrong token"},
                      "403": {"description": "no MONITOR_UI_TOKEN configured: read-only"},
                      "404": {"description": "no such story or delivery"}}}
    if body:
        op["requestBody"] = {"required": False,
                             "content": {"application/json": {"schema": body}}}
    return op


def document(version: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "monitor", "version": version,
                 "description": "Fact changes in evolving news stories.  Shapes are those "
                                "of the CLI's --json; lists page with cursors."},
        "paths": {
            "/api/v1/changes": {"get": {
                "summary": "Fact changes, newest first",
                "parameters": [*_CHANGE_FILTERS, _LIMIT, _CURSOR],
                "responses": _ok(_page("Change"))}},
            "/api/v1/stories": {"get": {
                "summary": "Stories, most recently changed first (`monitor stories --json`)",
                "parameters": [_q("feed", "only this feed's stories"),
                               _q("changed", "only stories with more than one version",
                                  {"type": "boolean"}),
                               _q("q", "words in the title"), _LIMIT, _CURSOR],
                "responses": _ok(_page("Story"))}},
            "/api/v1/stories/{story_id}": {"get": {
                "summary": "A story, its versions with their changes, and each fact's history",
                "parameters": [_STORY_ID],
                "responses": {**_ok(_ref("StoryDetail")),
                              "404": {"description": "no such story"}}}},
            "/api/v1/stories/{story_id}/diff": {"get": {
                "summary": "The fact changes between two versions (`monitor diff --json`)",
                "parameters": [_STORY_ID,
                               _q("from", "older version number (default: the one before "
                                  "`to`)", _INT),
                               _q("to", "newer version number (default: the last)", _INT),
                               _q("all", "also list the cosmetic edits", {"type": "boolean"})],
                "responses": {**_ok(_ref("Diff")), "404": {"description": "no such story or "
                                                                           "version"}}}},
            "/api/v1/stories/{story_id}/mute": {"post": _write(
                "Mute a story: its changes are stored, no alert is sent",
                [_STORY_ID], _obj({"until": {**_TIME, "description": "default: no end"},
                                   "hours": {"type": "number"}}, required=False))},
            "/api/v1/stories/{story_id}/unmute": {"post": _write("Unmute a story",
                                                                 [_STORY_ID])},
            "/api/v1/feeds": {"get": {
                "summary": "Every feed's poll state (`monitor feeds --json`)",
                "parameters": [_LIMIT, _CURSOR], "responses": _ok(_page("Feed"))}},
            "/api/v1/alerts": {"get": {
                "summary": "The delivery outbox, newest first (`monitor alerts --json`)",
                "parameters": [_q("status", "pending, sent or dead",
                                  {"type": "string", "enum": ["pending", "sent", "dead"]}),
                               _LIMIT, _CURSOR],
                "responses": _ok(_page("Alert"))}},
            "/api/v1/alerts/{delivery_id}/retry": {"post": _write(
                "Make a dead or pending delivery due again (the daemon sends it)",
                [{"name": "delivery_id", "in": "path", "required": True, "schema": _INT}])},
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "the MONITOR_UI_TOKEN value"}},
        },
    }
