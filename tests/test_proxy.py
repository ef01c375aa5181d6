"""Issue 11, item 3: proxies (environment and feeds.yaml), request headers, User-Agent,
and the SSRF guard behind a proxy, against a real forwarding proxy on 127.0.0.1
(tests/support/proxy.py) and real loopback servers."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest

from monitor.config import parse_config
from monitor.errors import BlockedAddressError, ConfigError, FetchError
from monitor.fetch import Fetcher, RequestOptions
from monitor.pipeline import Pipeline
from monitor.proxies import DIRECT, ProxyEnvironment, bypasses_proxy, choose_proxy
from monitor.store import Store
from tests.support.httpserver import HTTPTestServer, refused_port
from tests.support.inprocess import invoke_monitor
from tests.support.polling import (
    HTML,
    MINES,
    RSS,
    Clock,
    Item,
    article_html,
    config_text,
    monitor_env,
    rss,
    run_monitor,
    write_config,
)
from tests.support.proxy import ForwardingProxy

LOCAL = {"127.0.0.1"}
PARAGRAPHS = [
    "The United States has authorised the use of non-persistent antipersonnel mines by "
    "Ukraine, a U.S. official said on Tuesday, in a shift meant to slow Russian advances.",
    "Washington has stipulated that the mines be used only within Ukrainian territory and "
    "away from populated areas, the official said, speaking on condition of anonymity.",
]


@pytest.fixture
def proxy() -> Any:
    with ForwardingProxy() as running:
        yield running


def serve_news(server: HTTPTestServer, link: str | None = None) -> None:
    link = link or server.url("/news/mines")
    server.route("/feed.xml", body=rss([Item("m1", "Mines", MINES, link)]), headers=RSS)
    server.route("/news/mines", body=article_html("Mines", PARAGRAPHS), headers=HTML)


def pipeline_for(store: Store, feed: dict[str, Any], **defaults: Any) -> Pipeline:
    config = parse_config(config_text([feed], defaults=defaults or None), "test.yaml")
    return Pipeline(config, store, clock=Clock())


# ---------------------------------------------------------------- which proxy


def test_the_environment_is_read_like_curl() -> None:
    env = ProxyEnvironment.of({"HTTP_PROXY": "http://upper:1", "http_proxy": "lower:3128",
                               "HTTPS_PROXY": "http://tls:8080", "NO_PROXY": "intranet"})
    assert env.http == "http://lower:3128" and env.https == "http://tls:8080"
    assert choose_proxy("http", "news.example", 80, None, env) == "http://lower:3128"
    assert choose_proxy("https", "news.example", 443, None, env) == "http://tls:8080"
    assert choose_proxy("http", "a.intranet", 80, None, env) is None
    assert choose_proxy("http", "news.example", 80, DIRECT, env) is None
    assert choose_proxy("http", "news.example", 80, "http://cfg:1", env) == "http://cfg:1"
    assert choose_proxy("http", "x", 80, None, ProxyEnvironment.of({"ALL_PROXY": "p:1"})) \
        == "http://p:1"


@pytest.mark.parametrize(("host", "port", "no_proxy", "bypassed"), [
    ("news.example.org", 80, "example.org", True),
    ("news.example.org", 80, ".example.org", True),
    ("news.example.org", 80, "*.example.org", True),
    ("example.org", 80, "example.org", True),
    ("badexample.org", 80, "example.org", False),
    ("10.1.2.3", 80, "10.0.0.0/8", True),
    ("192.168.1.1", 80, "10.0.0.0/8", False),
    ("::1", 80, "::1", True),
    ("[::1]", 8080, "[::1]:8080", True),
    ("example.org", 8080, "example.org:80", False),
    ("example.org", 8080, "example.org:8080", True),
    ("anything", 80, "*", True),
    ("Example.ORG.", 80, " foo , EXAMPLE.org ", True),
])
def test_no_proxy_matching(host: str, port: int, no_proxy: str, bypassed: bool) -> None:
    assert bypasses_proxy(host, port, no_proxy) is bypassed


# ---------------------------------------------------------------- through a real proxy


def test_feed_and_article_page_go_through_the_environment_proxy(
        http_server: HTTPTestServer, store: Store, proxy: ForwardingProxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    serve_news(http_server)
    pipeline = pipeline_for(store, {"name": "world", "url": http_server.url("/feed.xml"),
                                    "full_text": True})
    outcome = pipeline.poll()[0]
    assert outcome.ok and outcome.new_stories == 1
    assert store.query("SELECT source FROM versions")[0]["source"] == "page"
    assert proxy.targets("GET") == [http_server.url("/feed.xml"),
                                    http_server.url("/news/mines")]
    # the origin saw the proxy's connections, the requests in origin form
    assert [r.path for r in http_server.requests] == ["/feed.xml", "/news/mines"]


def test_no_proxy_and_proxy_none_go_direct(
        http_server: HTTPTestServer, store: Store, proxy: ForwardingProxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", proxy.url)
    monkeypatch.setenv("no_proxy", "localhost,127.0.0.0/8")
    serve_news(http_server)
    pipeline_for(store, {"name": "world", "url": http_server.url("/feed.xml")}).poll()
    monkeypatch.delenv("no_proxy")
    pipeline_for(store, {"name": "world", "url": http_server.url("/feed.xml"),
                         "proxy": "none"}).poll()
    assert proxy.requests == [] and len(http_server.requests_to("/feed.xml")) == 2


def test_a_configured_proxy_is_used_without_any_environment(
        http_server: HTTPTestServer, store: Store, proxy: ForwardingProxy) -> None:
    serve_news(http_server)
    outcome = pipeline_for(store, {"name": "world", "url": http_server.url("/feed.xml")},
                           proxy=proxy.url).poll()[0]
    assert outcome.ok and proxy.targets() == [http_server.url("/feed.xml")]


def test_https_goes_through_a_connect_tunnel(proxy: ForwardingProxy,
                                             tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=30)
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    trusting = ssl.create_default_context(cafile=str(cert))
    with HTTPTestServer(tls=server_side) as server:
        server.route("/feed.xml", body=rss([Item("m1", "Mines", MINES)]), headers=RSS)
        environment = ProxyEnvironment.of({"HTTPS_PROXY": proxy.url})
        with Fetcher(proxy_environment=environment, verify=trusting) as fetcher:
            result = fetcher.get(server.url("/feed.xml"), allow_hosts=LOCAL)
    assert result.status == 200 and b"Mines" in result.body
    assert proxy.targets() == [f"127.0.0.1:{server.port}"]
    assert proxy.requests[0].method == "CONNECT"
    assert [r.path for r in server.requests] == ["/feed.xml"]  # inside the tunnel


def test_proxy_credentials_are_sent_to_the_proxy_and_never_shown(
        http_server: HTTPTestServer) -> None:
    http_server.route("/feed.xml", body=b"<rss/>")
    with ForwardingProxy(auth=("desk", "pr0xy-s3cret")) as proxy:
        wrong = RequestOptions(proxy=proxy.url)
        with Fetcher() as fetcher, pytest.raises(FetchError, match="407") as caught:
            fetcher.get(http_server.url("/feed.xml"), allow_hosts=LOCAL, options=wrong)
        assert "proxy" in str(caught.value)
        right = RequestOptions(proxy=proxy.url_with("desk", "pr0xy-s3cret"))
        with Fetcher() as fetcher:
            assert fetcher.get(http_server.url("/feed.xml"), allow_hosts=LOCAL,
                               options=right).status == 200
        # the credentials went to the proxy as Proxy-Authorization, not to the site
        assert proxy.requests[-1].headers["proxy-authorization"].startswith("Basic ")
        assert "proxy-authorization" not in http_server.requests[-1].headers
    # a proxy that is down: one line naming the proxy, credentials masked
    down = RequestOptions(proxy=f"http://desk:pr0xy-s3cret@127.0.0.1:{refused_port()}")
    with Fetcher() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/feed.xml"), allow_hosts=LOCAL, options=down)
    message = str(caught.value)
    assert "proxy" in message and "pr0xy-s3cret" not in message and "\n" not in message


# ---------------------------------------------------------------- headers and User-Agent


def test_headers_and_user_agent_go_to_the_feed_host_only(
        http_server: HTTPTestServer, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWS_API_KEY", "k3y-from-env-1234")
    # an article page on another host (localhost, allowed by allow_private_addresses)
    serve_news(http_server, link=f"http://localhost:{http_server.port}/news/mines")
    feed = {"name": "world", "url": http_server.url("/feed.xml"), "full_text": True,
            "user_agent": "NewsDesk/2.0 (desk@example.org)",
            "headers": "{Cookie: 'session=subscriber', X-Client: monitor}"}
    pipeline = pipeline_for(store, feed, allow_private_addresses=True,
                            headers="{X-Api-Key: '${NEWS_API_KEY}', X-Client: default}")
    assert pipeline.config.feeds[0].headers == (
        ("X-Api-Key", "k3y-from-env-1234"), ("Cookie", "session=subscriber"),
        ("X-Client", "monitor"))
    assert pipeline.poll()[0].ok
    feed_request = http_server.requests_to("/feed.xml")[0].headers
    assert feed_request["x-api-key"] == "k3y-from-env-1234"
    assert feed_request["cookie"] == "session=subscriber"
    assert feed_request["x-client"] == "monitor"
    assert feed_request["user-agent"] == "NewsDesk/2.0 (desk@example.org)"
    page_request = http_server.requests_to("/news/mines")[0].headers
    assert page_request["user-agent"] == "NewsDesk/2.0 (desk@example.org)"
    assert not {"x-api-key", "cookie", "x-client"} & set(page_request)
    # and nothing of them in the store
    dump = "\n".join(str(row) for table in ("feeds", "stories", "versions")
                     for row in store.query(f"SELECT * FROM {table}"))
    assert "k3y-from-env-1234" not in dump and "subscriber" not in dump


def test_headers_are_not_carried_across_a_redirect_to_another_host(
        http_server: HTTPTestServer) -> None:
    http_server.route("/feed.xml", status=302,
                      headers={"Location": f"http://localhost:{http_server.port}/moved.xml"})
    http_server.route("/moved.xml", body=b"<rss/>")
    options = RequestOptions(headers=(("Authorization", "Bearer t0ken-abcdef"),),
                             header_hosts=frozenset(LOCAL))
    with Fetcher(allow_private=True) as fetcher:
        fetcher.get(http_server.url("/feed.xml"), options=options)
    first, second = http_server.requests
    assert first.headers["authorization"] == "Bearer t0ken-abcdef"
    assert "authorization" not in second.headers


# ---------------------------------------------------------------- the SSRF guard with a proxy


def test_the_address_guard_still_refuses_private_targets_through_a_proxy(
        http_server: HTTPTestServer, proxy: ForwardingProxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolver(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "intranet.example":  # a name pointing inside the network
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port))]
        if host == "only-the-proxy-knows.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    http_server.route("/feed.xml", body=b"<rss/>")
    options = RequestOptions(proxy=proxy.url)
    with Fetcher() as fetcher:
        # the feed's own host (loopback, allowed for it) goes through the proxy
        assert fetcher.get(http_server.url("/feed.xml"), allow_hosts=LOCAL,
                           options=options).status == 200
        # another loopback host, a private name, cloud metadata: refused before the proxy
        for url, reason in ((f"http://localhost:{http_server.port}/x", "loopback"),
                            ("http://intranet.example/x", "private"),
                            ("http://169.254.169.254/latest/meta-data/", "link-local"),
                            ("http://[::ffff:127.0.0.1]:80/", "loopback")):
            with pytest.raises(BlockedAddressError, match=reason):
                fetcher.get(url, allow_hosts=LOCAL, options=options)
        # a name that does not resolve here cannot be checked: not handed to the proxy
        with pytest.raises(FetchError, match="must resolve here"):
            fetcher.get("http://only-the-proxy-knows.example/x", allow_hosts=LOCAL,
                        options=options)
    with Fetcher(allow_private=True) as fetcher, pytest.raises(BlockedAddressError,
                                                               match="link-local"):
        fetcher.get("http://169.254.169.254/", options=options)
    assert proxy.targets() == [http_server.url("/feed.xml")]


# ---------------------------------------------------------------- configuration and check


def test_proxy_headers_and_user_agent_are_validated_with_file_line_and_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAD_HEADER", "value\r\nX-Injected: yes")
    cases = [
        ("defaults:\n  proxy: socks5://proxy:1080\n", "defaults.proxy", "http or https"),
        ("defaults:\n  headers: {User-Agent: x}\n", "defaults.headers.User-Agent",
         "user_agent"),
        ("defaults:\n  headers: {Proxy-Authorization: x}\n",
         "defaults.headers.Proxy-Authorization", "proxy URL"),
        ("defaults:\n  headers: {'Bad Name': x}\n", "defaults.headers.Bad Name",
         "header name"),
        ("defaults:\n  headers: {X-Token: '${BAD_HEADER}'}\n", "defaults.headers.X-Token",
         "printable"),
        ("defaults:\n  user_agent: ''\n", "defaults.user_agent", "non-empty"),
        ("feeds:\n  - name: a\n    url: http://example.org/\n    headers: [x]\n",
         "feeds[0].headers", "mapping"),
    ]
    for text, key, message in cases:
        with pytest.raises(ConfigError) as caught:
            parse_config(text, "feeds.yaml")
        error = str(caught.value)
        assert error.startswith("feeds.yaml:") and f": {key}: " in error and message in error
        assert "X-Injected" not in error


def test_check_masks_header_secrets_and_proxy_credentials(http_server: HTTPTestServer,
                                                          tmp_path: Path) -> None:
    secrets = {"NEWS_TOKEN": "t0ken-from-env-987", "PROXY_PASSWORD": "pr0xy-pass-654"}
    config = write_config(tmp_path / "feeds.yaml", [{
        "name": "world", "url": http_server.url("/feed.xml"),
        "proxy": "http://desk:${PROXY_PASSWORD}@proxy.example:3128",
        "user_agent": "NewsDesk/2.0",
        "headers": "{Authorization: 'Bearer ${NEWS_TOKEN}', X-Api-Key: literal-k3y-321, "
                   "X-Edition: europe}"}])
    env = monitor_env(**secrets)
    shown = invoke_monitor("check", "--config", str(config), "--db", str(tmp_path / "m.db"),
                           env=env)
    as_json = invoke_monitor("check", "--config", str(config), "--db", str(tmp_path / "m.db"),
                             "--json", env=env)
    assert shown.returncode == 0 and as_json.returncode == 0, shown.stderr
    for output in (shown.stdout, as_json.stdout):
        for secret in (*secrets.values(), "literal-k3y-321"):
            assert secret not in output
        assert "X-Edition" in output and "europe" in output and "NewsDesk/2.0" in output
        assert "proxy.example:3128" in output
    feed = json.loads(as_json.stdout)["feeds"][0]
    assert feed["headers"] == {"Authorization": "***", "X-Api-Key": "***",
                               "X-Edition": "europe"}
    assert feed["proxy"] == "http://***@proxy.example:3128"
    # a literal credential header makes the file one others must not be able to write
    literal = write_config(tmp_path / "literal.yaml", [{
        "name": "world", "url": http_server.url("/feed.xml"),
        "headers": "{X-Api-Key: literal-k3y-321}"}])
    literal.chmod(0o666)
    refused = invoke_monitor("check", "--config", str(literal), "--db", str(tmp_path / "m.db"))
    assert refused.returncode == 2 and "other users can write" in refused.stderr


def test_monitor_poll_honours_the_environment_proxy_and_never_logs_a_header_secret(
        http_server: HTTPTestServer, proxy: ForwardingProxy, tmp_path: Path) -> None:
    serve_news(http_server)
    config = write_config(tmp_path / "feeds.yaml", [{
        "name": "world", "url": http_server.url("/feed.xml"), "full_text": True,
        "headers": "{Authorization: 'Bearer ${NEWS_TOKEN}'}"}])
    env = monitor_env(HTTP_PROXY=proxy.url, NEWS_TOKEN="t0ken-from-env-987")
    done = run_monitor("poll", "-vv", "--config", str(config), "--db", str(tmp_path / "m.db"),
                       env=env)
    assert done.returncode == 0, done.stderr
    assert proxy.targets() == [http_server.url("/feed.xml"), http_server.url("/news/mines")]
    assert proxy.requests[0].headers["authorization"] == "Bearer t0ken-from-env-987"
    assert "t0ken-from-env-987" not in done.stdout + done.stderr
