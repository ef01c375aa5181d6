"""Alert rendering: subjects, plain text, HTML and webhook JSON (pure)."""

from __future__ import annotations

import json

import pytest

from monitor.notify import render
from tests.support.outbox import MINE_TITLE, condition_change

STORY = {"id": 7, "title": MINE_TITLE, "url": "https://news.example.org/a/1", "feed": "world"}


def payload(*changes, story=None, watches=("mine-use conditions",)):
    return render.fact_payload(story=story or STORY, watches=list(watches),
                               changes=list(changes or [condition_change()]), version_id=3,
                               detected_at="2026-11-20T12:00:05Z")


def test_subject_says_what_changed() -> None:
    assert render.subject(payload()) == (
        "Condition changed: 'exclusively within Ukrainian territory' -> "
        f"'within Ukrainian and Russian territory' — {MINE_TITLE}")


def test_subject_names_the_most_severe_change_and_counts_the_rest() -> None:
    low = condition_change(kind="number", old="5", new="6", severity="low")
    added = condition_change(kind="date", action="added", old=None, new="in January",
                             severity="medium")
    subject = render.subject(payload(low, added))
    assert subject.startswith("Date added: 'in January' (+1 more)")


def test_subject_has_no_line_breaks_and_is_bounded() -> None:
    hostile = condition_change(old="a\r\nBcc: victim@example.org", new="x" * 5000)
    story = {**STORY, "title": "Title\r\nX-Injected: yes\u2028" + "y" * 1000}
    subject = render.subject(payload(hostile, story=story))
    assert "\r" not in subject and "\n" not in subject and "\u2028" not in subject
    assert len(subject) <= render.SUBJECT_MAX
    assert "Bcc: victim" in subject  # kept as harmless text on the same line


def test_html_escapes_everything_from_the_feed() -> None:
    story = {**STORY, "title": '<script>alert(1)</script><img src=x onerror="steal()">',
             "url": "javascript:alert(1)"}
    change = condition_change(new="<b>bold</b>", new_sentence='He said "<iframe src=evil>"')
    body = render.html_body(payload(change, story=story))
    assert "<script>" not in body and "<img" not in body and "<iframe" not in body
    assert "<b>bold" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "javascript:" not in body  # only http(s) links are shown


def test_html_links_the_story_when_the_url_is_http() -> None:
    body = render.html_body(payload())
    assert '<a href="https://news.example.org/a/1">' in body


def test_plain_text_lists_each_change_with_its_sentences_and_strips_control_codes() -> None:
    change = condition_change(new_sentence="Used \x1b[31mwithin\x1b[0m Russian territory.")
    text = render.text_body(payload(change))
    assert f"Story:    {MINE_TITLE}" in text
    assert "Link:     https://news.example.org/a/1" in text
    assert "Watch:    mine-use conditions" in text
    assert "1. Condition changed: 'exclusively within Ukrainian territory' -> " in text
    assert "before: The mines are to be used exclusively within Ukrainian territory." in text
    assert "\x1b" not in text


def test_json_body_has_the_documented_shape() -> None:
    body = render.json_body("abc123", payload())
    assert set(body) == {"id", "type", "watch", "watches", "story", "changes", "detected_at",
                         "repeats_version"}
    assert body["repeats_version"] is None
    assert body["id"] == "abc123" and body["type"] == "fact.changed"
    assert body["watch"] == "mine-use conditions"
    assert body["story"] == STORY
    assert body["changes"] == [condition_change().to_dict()]
    assert set(body["changes"][0]) == {"kind", "action", "old", "new", "old_sentence",
                                       "new_sentence", "severity"}
    json.dumps(body)  # serialisable


def test_an_alert_without_changes_cannot_be_made_or_rendered() -> None:
    with pytest.raises(render.RenderError):
        render.fact_payload(story=STORY, watches=[], changes=[], version_id=1,
                            detected_at="x")
    broken = {**payload(), "changes": []}
    for fn in (render.subject, render.text_body, render.html_body):
        with pytest.raises(render.RenderError):
            fn(broken)


def test_digest_renders_every_story() -> None:
    other = payload(story={**STORY, "id": 8, "title": "Second <story>"})
    digest = render.digest_payload([payload(), other], channel="daily",
                                   period_end="2026-11-20T13:00:00Z")
    assert render.subject(digest) == "Digest: 2 fact changes in 2 stories"
    text = render.text_body(digest)
    assert MINE_TITLE in text and "Second <story>" in text
    assert "Second &lt;story&gt;" in render.html_body(digest)
    assert [a["story"]["id"] for a in render.json_body("k", digest)["alerts"]] == [7, 8]


def test_health_and_test_messages() -> None:
    failing = render.health_payload(feed="world", state="failing", error="HTTP 503\r\nx",
                                    detected_at="t")
    assert render.subject(failing) == "Feed failing: world — HTTP 503 x"
    recovered = render.health_payload(feed="world", state="recovered", error=None,
                                      detected_at="t")
    assert render.subject(recovered) == "Feed recovered: world"
    assert render.json_body("k", recovered)["type"] == "feed.recovered"
    assert "channel works" in render.text_body(render.test_payload(channel="c", detected_at="t"))


def test_unknown_payload_type_is_a_render_error() -> None:
    with pytest.raises(render.RenderError):
        render.subject({"type": "nope"})


def test_lone_surrogates_from_json_feeds_are_replaced() -> None:
    story = {**STORY, "title": "Mines \udc80 for Ukraine"}
    built = payload(condition_change(new="\ud83d within"), story=story)
    json.dumps(built, ensure_ascii=False).encode("utf-8")  # storable and sendable
    assert built["story"]["title"] == "Mines \ufffd for Ukraine"
    assert render.scrub("paired \U0001f600 kept") == "paired \U0001f600 kept"
