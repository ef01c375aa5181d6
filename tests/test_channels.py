"""Channel types against real servers on 127.0.0.1: SMTP (aiosmtpd), a webhook receiver
that verifies signatures, Apprise's json:// to the same receiver; and the registry."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from monitor.config import parse_config
from monitor.errors import ConfigError
from monitor.notify import render
from monitor.notify.apprise_channel import AppriseChannel
from monitor.notify.base import Message, SendFailure
from monitor.notify.email import EmailChannel
from monitor.notify.registry import validate_options
from monitor.notify.verify import WebhookRejected, verify_webhook
from monitor.notify.webhook import WebhookChannel, encode_body, sign
from tests.support import smtp
from tests.support import webhook as webhook_support
from tests.support.httpserver import refused_port
from tests.support.outbox import FEEDS, MINE_TITLE, condition_change
from tests.support.smtp import SMTPTestServer, html_part, self_signed_cert, text_part
from tests.support.webhook import SECRET

smtp_server = smtp.smtp_server
webhook_receiver = webhook_support.webhook_receiver
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

STORY = {"id": 7, "title": MINE_TITLE, "url": "https://news.example.org/a/1", "feed": "world"}


def message(key: str = "k" * 64, **story: object) -> Message:
    payload = render.fact_payload(story={**STORY, **story}, watches=["mines"],
                                  changes=[condition_change()], version_id=3,
                                  detected_at="2026-11-20T12:00:05Z")
    return Message(key=key, payload=payload)


def email_channel(port: int, **options: object) -> EmailChannel:
    return EmailChannel("desk", {"host": "127.0.0.1", "port": port, "from": "monitor@example.org",
                                 "to": ["desk@example.org", "night@example.org"], **options},
                        timeout=3.0)


# ---------------------------------------------------------------- registry


@pytest.mark.parametrize(("kind", "options", "key", "words"), [
    ("email", {"host": "h", "from": "a@b", "to": "x@y", "smtp": 1}, "smtp", "unknown option"),
    ("email", {"host": "h", "from": "a@b"}, None, "needs 'to'"),
    ("email", {"host": "h", "from": "a@b", "to": ["x@y", "bad"]}, "to", "email addresses"),
    ("email", {"host": "h", "from": "a@b", "to": "x@y\r\nBcc: z@w"}, "to", "email address"),
    ("email", {"host": "h", "from": "a@b", "to": "x@y", "port": 0}, "port", "port number"),
    ("email", {"host": "h", "from": "a@b", "to": "x@y", "ssl": True, "starttls": True},
     "ssl", "not both"),
    ("email", {"host": "h", "from": "a@b", "to": "x@y", "username": "u"}, "password",
     "go together"),
    ("webhook", {"url": "ftp://x", "secret": SECRET}, "url", "http"),
    ("webhook", {"url": "https://x/h", "secret": "hunter2-not-whsec"}, "secret", "whsec_"),
    ("webhook", {"url": "https://x/h", "secret": SECRET, "allow_private": "yes"},
     "allow_private", "true or false"),
    ("apprise", {"urls": []}, "urls", "Apprise URLs"),
    ("apprise", {"urls": ["not a url"]}, "urls", "Apprise URLs"),
    ("console", {"stream": "printer"}, "stream", "stdout or stderr"),
    ("console", {"rate": 0}, "rate", "messages per second"),
    ("pager", {}, "type", "unknown channel type"),
])
def test_each_type_validates_its_own_options(kind, options, key, words) -> None:
    problem = validate_options(kind, options)
    assert problem is not None
    assert problem[0] == key and words in problem[1]


def test_valid_options_pass() -> None:
    assert validate_options("email", {"host": "smtp.example.org", "port": 587, "starttls": True,
                                      "username": "u", "password": "p", "from": "m@example.org",
                                      "to": ["d@example.org"], "rate": 2}) is None
    assert validate_options("webhook", {"url": "https://hooks.example.org/m", "secret": SECRET,
                                        "allow_private": False,
                                        "headers": {"X-Team": "desk"}}) is None
    assert validate_options("apprise", {"urls": ["ntfy://ntfy.sh/topic"]}) is None
    assert validate_options("console", {}) is None


def test_config_error_names_file_line_and_key_but_never_the_secret(monkeypatch) -> None:
    monkeypatch.setenv("HOOK_SECRET", "not-a-whsec-value-s3cr3t")
    text = FEEDS + ("channels:\n  ops-hook:\n    type: webhook\n"
                    "    url: https://hooks.example.org/m\n    secret: ${HOOK_SECRET}\n")
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "feeds.yaml")
    assert str(caught.value).startswith("feeds.yaml:8: channels.ops-hook.secret:")
    assert "s3cr3t" not in str(caught.value)


def test_digest_option_is_parsed_as_a_period() -> None:
    config = parse_config(FEEDS + "channels:\n  daily: {type: console, digest: 1h}\n")
    assert config.channels["daily"].digest == 3600


# ---------------------------------------------------------------- email


def test_email_has_plain_and_html_parts_and_a_message_id_from_the_key(smtp_server) -> None:
    answer = email_channel(smtp_server.port).send(message(key="ab" * 32))
    assert answer.startswith(f"SMTP 127.0.0.1:{smtp_server.port}: 250 2.0.0 Ok: queued as TEST1")
    [mail] = smtp_server.messages
    assert mail["Message-ID"] == f"<{'ab' * 32}@example.org>"
    assert mail["Subject"].startswith("Condition changed: 'exclusively within Ukrainian "
                                      "territory' -> 'within Ukrainian and Russian territory'")
    assert mail["To"] == "desk@example.org, night@example.org"
    assert smtp_server.envelopes == [("monitor@example.org",
                                      ["desk@example.org", "night@example.org"])]
    assert "before: The mines are to be used exclusively" in text_part(mail)
    assert "<ol>" in html_part(mail)


def test_html_injection_in_a_feed_title_arrives_escaped(smtp_server) -> None:
    hostile = '<img src=x onerror="alert(1)">Mines</a><script>steal()</script>'
    email_channel(smtp_server.port).send(message(title=hostile))
    [mail] = smtp_server.messages
    html = html_part(mail)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;steal()&lt;/script&gt;" in html


def test_email_authenticates() -> None:
    with SMTPTestServer(username="alerts", password="pa55-w0rd-secret") as server:
        email_channel(server.port, username="alerts", password="pa55-w0rd-secret").send(message())
        assert server.logins == [("alerts", "pa55-w0rd-secret")]
        with pytest.raises(SendFailure) as caught:
            email_channel(server.port, username="alerts", password="wrong").send(message())
        assert not caught.value.retryable  # 535: a configuration problem, not a blip
        assert "wrong" not in str(caught.value)


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_email_over_starttls_and_ssl_verifies_the_certificate(tmp_path, mode: str) -> None:
    cert = self_signed_cert(tmp_path)
    with SMTPTestServer(tls=mode, cert=cert, username="alerts", password="pa55-s3cret") as server:
        options = {mode: True, "username": "alerts", "password": "pa55-s3cret"}
        with pytest.raises(SendFailure) as untrusted:  # not in the system's trust store
            email_channel(server.port, **options).send(message())
        assert untrusted.value.retryable and "certificate" in str(untrusted.value).lower()
        answer = email_channel(server.port, ca_file=str(cert[0]), **options).send(message())
        assert ": 250 " in answer
        assert server.logins[-1] == ("alerts", "pa55-s3cret")
        assert len(server.messages) == 1


def test_smtp_4xx_is_retryable_and_5xx_is_not(smtp_server) -> None:
    smtp_server.refuse(451, 554)
    with pytest.raises(SendFailure) as temporary:
        email_channel(smtp_server.port).send(message())
    assert temporary.value.retryable and "451" in str(temporary.value)
    with pytest.raises(SendFailure) as permanent:
        email_channel(smtp_server.port).send(message())
    assert not permanent.value.retryable and "554" in str(permanent.value)
    email_channel(smtp_server.port).send(message())
    assert len(smtp_server.messages) == 1


def test_smtp_connection_refused_is_retryable() -> None:
    with pytest.raises(SendFailure) as caught:
        email_channel(refused_port()).send(message())
    assert caught.value.retryable and "refused" in str(caught.value).lower()


def test_silent_smtp_server_times_out() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
    try:
        started = time.monotonic()
        with pytest.raises(SendFailure) as caught:
            EmailChannel("desk", {"host": "127.0.0.1", "port": listener.getsockname()[1],
                                  "from": "m@example.org", "to": "d@example.org"},
                         timeout=0.5).send(message())
        assert time.monotonic() - started < 5
        assert caught.value.retryable and "timed out" in str(caught.value)
    finally:
        for conn in held:
            conn.close()
        listener.close()


# ---------------------------------------------------------------- webhook


def webhook(url: str, **options: object) -> WebhookChannel:
    return WebhookChannel("ops", {"url": url, "secret": SECRET, "allow_private": True,
                                  **options}, timeout=3.0)


def test_webhook_is_signed_and_verified_by_our_helper(webhook_receiver) -> None:
    answer = webhook(webhook_receiver.url).send(message(key="c" * 64))
    assert answer == f"webhook http://127.0.0.1:{webhook_receiver.port}/…: HTTP 200 ok cccccccccccc"
    [request] = webhook_receiver.requests
    assert request.verdict == "accepted"
    assert request.headers["webhook-id"] == "c" * 64
    assert request.headers["webhook-signature"].startswith("v1,")
    body = json.loads(request.body)
    assert body["id"] == "c" * 64 and body["type"] == "fact.changed"
    assert body["changes"][0]["old"] == "exclusively within Ukrainian territory"


def test_webhook_statuses_decide_retries(webhook_receiver) -> None:
    hook = webhook(webhook_receiver.url)
    for status, retryable in ((500, True), (503, True), (408, True), (429, True),
                              (404, False), (400, False), (410, False), (301, False)):
        webhook_receiver.fail_with(status)
        with pytest.raises(SendFailure) as caught:
            hook.send(message())
        assert caught.value.retryable is retryable, status
        assert f"HTTP {status}" in str(caught.value)


def test_webhook_retry_after_is_read() -> None:
    from tests.support.httpserver import HTTPTestServer

    with HTTPTestServer() as server:
        server.route("/h", status=429, headers={"Retry-After": "120"}, body=b"slow down")
        with pytest.raises(SendFailure) as caught:
            webhook(server.url("/h")).send(message())
    assert caught.value.retryable and caught.value.retry_after == 120


def test_webhook_to_loopback_is_refused_without_allow_private(webhook_receiver) -> None:
    with pytest.raises(SendFailure) as caught:
        webhook(webhook_receiver.url, allow_private=False).send(message())
    assert not caught.value.retryable and "loopback" in str(caught.value)
    assert webhook_receiver.requests == []


def test_webhook_down_and_tarpit_are_retryable() -> None:
    from tests.support.httpserver import Tarpit

    with pytest.raises(SendFailure) as refused:
        webhook(f"http://127.0.0.1:{refused_port()}/h").send(message())
    assert refused.value.retryable
    with Tarpit() as tarpit:
        started = time.monotonic()
        with pytest.raises(SendFailure) as slow:
            WebhookChannel("ops", {"url": tarpit.url("/h"), "secret": SECRET,
                                   "allow_private": True}, timeout=0.5).send(message())
        assert time.monotonic() - started < 5
    assert slow.value.retryable and "timed out" in str(slow.value)


def test_webhook_errors_never_show_url_tokens() -> None:
    url = f"http://127.0.0.1:{refused_port()}/h?token=sup3r-s3cret-t0ken"
    with pytest.raises(SendFailure) as caught:
        webhook(url).send(message())
    assert "sup3r-s3cret-t0ken" not in str(caught.value)


# ---------------------------------------------------------------- verification helper


def signed(body: str, *, when: datetime | None = None, msg_id: str = "msg_1") -> dict[str, str]:
    return sign(SECRET, msg_id, body, when or datetime.now(UTC))


def test_verifier_accepts_a_fresh_valid_signature() -> None:
    body = encode_body(message(key="msg_1"))
    assert verify_webhook(SECRET, body.encode(), signed(body))["id"] == "msg_1"


@pytest.mark.parametrize("tamper", ["stale", "future", "body", "secret", "id", "missing",
                                    "garbage"])
def test_verifier_rejects(tamper: str) -> None:
    body = encode_body(message(key="msg_1"))
    headers = signed(body)
    secret = SECRET
    if tamper == "stale":
        headers = signed(body, when=datetime.now(UTC) - timedelta(minutes=6))
    elif tamper == "future":
        headers = signed(body, when=datetime.now(UTC) + timedelta(minutes=6))
    elif tamper == "body":
        body = body.replace("Russian", "Belarusian")
    elif tamper == "secret":
        secret = "whsec_" + "A" * 32
    elif tamper == "id":
        headers["webhook-id"] = "msg_2"
    elif tamper == "missing":
        del headers["webhook-signature"]
    elif tamper == "garbage":
        headers["webhook-signature"] = "v1,!!!not-base64 v2 nonsense"
    with pytest.raises(WebhookRejected):
        verify_webhook(secret, body, headers)


def test_verifier_tolerance_is_configurable() -> None:
    body = encode_body(message(key="msg_1"))
    old = datetime.now(UTC) - timedelta(seconds=90)
    with pytest.raises(WebhookRejected, match="stale"):
        verify_webhook(SECRET, body, signed(body, when=old), tolerance=60)
    assert verify_webhook(SECRET, body, signed(body, when=old), tolerance=120)


# ---------------------------------------------------------------- apprise


def test_apprise_json_url_reaches_a_loopback_receiver() -> None:
    from tests.support.httpserver import HTTPTestServer

    with HTTPTestServer() as server:
        server.route("/notify", status=200, body=b"{}")
        channel = AppriseChannel("chat", {"urls": [f"json://127.0.0.1:{server.port}/notify"],
                                          "allow_private": True}, timeout=3.0)
        assert channel.send(message()) == "apprise: accepted by 1 service(s)"
        [request] = server.requests
    posted = json.loads(request.body)
    assert posted["title"].startswith("Condition changed: 'exclusively within Ukrainian")
    assert "before: The mines are to be used exclusively" in posted["message"]


def test_apprise_failure_is_retryable_and_names_the_answer() -> None:
    from tests.support.httpserver import HTTPTestServer

    with HTTPTestServer() as server:
        server.route("/notify", status=500, body=b"broken")
        channel = AppriseChannel("chat", {"urls": [f"json://127.0.0.1:{server.port}/notify"],
                                          "allow_private": True}, timeout=3.0)
        with pytest.raises(SendFailure) as caught:
            channel.send(message())
    assert caught.value.retryable and "500" in str(caught.value)


def test_apprise_to_loopback_is_refused_without_allow_private() -> None:
    channel = AppriseChannel("chat", {"urls": ["json://127.0.0.1:9/notify"]}, timeout=1.0)
    with pytest.raises(SendFailure) as caught:
        channel.send(message())
    assert not caught.value.retryable and "loopback" in str(caught.value)


# ---------------------------------------------------------------- console


def test_console_prints_to_stdout_or_the_chosen_stream(capsys) -> None:
    from monitor.notify import console

    console.ConsoleChannel("log", {}, timeout=1).send(message())
    out = capsys.readouterr()
    assert out.out.startswith("[log] Condition changed:") and out.err == ""
    console.use_stream("stderr")  # what `monitor poll --json` asks for
    try:
        console.ConsoleChannel("log", {}, timeout=1).send(message())
        console.ConsoleChannel("tty", {"stream": "stdout"}, timeout=1).send(message())
    finally:
        console.use_stream("stdout")
    out = capsys.readouterr()
    assert out.err.startswith("[log] ") and out.out.startswith("[tty] ")
