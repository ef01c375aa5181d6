"""Alert destinations under hostile answers (issue 11, items 4 and 5), against real servers
on loopback: an Apprise json:// target that redirects, and an SMTP server (aiosmtpd) that
defers one recipient of two."""

from __future__ import annotations

import json

import pytest

from monitor.notify import render
from monitor.notify.apprise_channel import AppriseChannel
from monitor.notify.base import Message, SendFailure
from tests.support.httpserver import HTTPTestServer
from tests.support.outbox import condition_change

STORY = {"id": 7, "title": "Mines", "url": "https://news.example.org/a/1", "feed": "world"}


def message(key: str = "k" * 64) -> Message:
    payload = render.fact_payload(story=STORY, watches=["mines"], changes=[condition_change()],
                                  version_id=3, detected_at="2026-11-20T12:00:05Z")
    return Message(key=key, payload=payload)


# ---------------------------------------------------------------- item 4: Apprise redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_apprise_destination_redirecting_to_an_unspecified_address_is_not_followed(
        status: int) -> None:
    """A json:// destination (on loopback, allowed) answering a redirect to 0.0.0.0 (the
    unspecified address, which reaches this very host): the hop is never made, even with
    allow_private, and the failure names the redirect."""
    with HTTPTestServer(host="0.0.0.0") as target, HTTPTestServer() as destination:
        target.route("/steal", body=b"{}")
        destination.route("/notify", status=status,
                          headers={"Location": f"http://0.0.0.0:{target.port}/steal"})
        channel = AppriseChannel("chat", {"urls": [f"json://127.0.0.1:{destination.port}/notify"],
                                          "allow_private": True}, timeout=3.0)
        with pytest.raises(SendFailure) as caught:
            channel.send(message())
        assert len(destination.requests_to("/notify")) == 1
        assert not target.requests, "the redirect was followed"
    assert "redirect" in str(caught.value) and "\n" not in str(caught.value)
    assert not caught.value.retryable


def test_apprise_destination_redirecting_to_another_loopback_host_is_not_followed() -> None:
    """Redirects are never followed, even to a host the channel may reach: a signed or
    tokened alert goes to the configured URL only."""
    with HTTPTestServer() as other, HTTPTestServer() as destination:
        other.route("/steal", body=b"{}")
        destination.route("/notify", status=302,
                          headers={"Location": f"http://localhost:{other.port}/steal"})
        channel = AppriseChannel("chat", {"urls": [f"json://127.0.0.1:{destination.port}/notify"],
                                          "allow_private": True}, timeout=3.0)
        with pytest.raises(SendFailure):
            channel.send(message())
        assert not other.requests


def test_apprise_destination_answering_200_still_works() -> None:
    with HTTPTestServer() as destination:
        destination.route("/notify", body=b"{}")
        channel = AppriseChannel("chat", {"urls": [f"json://127.0.0.1:{destination.port}/notify"],
                                          "allow_private": True}, timeout=3.0)
        assert channel.send(message()) == "apprise: accepted by 1 service(s)"
        [request] = destination.requests
    assert json.loads(request.body)["title"]
