"""A loopback HTTP server publishing the demo story, one version per poll of its feed.

``GET /feed.xml`` answers with the next version each time (so every poll of the
daemon sees the story move on), then keeps answering the last one, with ETag/304
as a real server would.  Article pages (``/news/...html``) show the version most
recently published.  The standard library's server is enough: one feed, a handful
of requests, loopback only.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Callable
from typing import Any

from monitor.demo import DemoStory, load_story, render_feed, render_page

FEED_PATH = "/feed.xml"
REQUEST_POLL = 0.02  # seconds between two looks at the request count while waiting


class DemoServer:
    """``with DemoServer() as server: server.feed_url ...``; binds 127.0.0.1, port 0."""

    def __init__(self, story: DemoStory | None = None, *,
                 on_publish: Callable[[int], None] | None = None) -> None:
        self.story = story or load_story()
        self.on_publish = on_publish  # called with the 0-based index of a new version
        self.feed_requests = 0
        self.published = -1  # index of the version last served (-1: none yet)
        self._lock = threading.Lock()
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host  # bytes only for AF_UNIX
        return f"http://{shown}:{port}"

    @property
    def feed_url(self) -> str:
        return self.base_url + FEED_PATH

    @property
    def last_index(self) -> int:
        return len(self.story.versions) - 1

    def start(self) -> DemoServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name="demo-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ state

    def next_feed(self, if_none_match: str | None) -> tuple[int, dict[str, str], bytes]:
        """Answer one feed request: advance a version, or 304 when the client has it."""
        with self._lock:
            self.feed_requests += 1
            index = min(self.published + 1, self.last_index)
            etag = f'"v{index + 1}"'
            if if_none_match and etag in if_none_match:
                return 304, {"ETag": etag}, b""
            new = index != self.published
            self.published = index
        if new and self.on_publish:
            # The commentary must never cost the client its answer (a closed stdout,
            # say): a failed poll would put the feed into backoff.
            with contextlib.suppress(Exception):
                self.on_publish(index)
        body = render_feed(self.story, index, self.base_url)
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag,
                     "Cache-Control": "no-cache"}, body

    def page(self, path: str) -> tuple[int, dict[str, str], bytes]:
        body = render_page(self.story, max(self.published, 0), path)
        if body is None:
            return 404, {"Content-Type": "text/plain"}, b"not found\n"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    def wait_for_requests(self, count: int, timeout: float) -> bool:
        """Block until the feed has been requested ``count`` times (or the timeout).

        Polled, not a ``Condition.wait``: the tour's main thread waits here, and a Ctrl-C
        landing while ``Condition.wait`` re-takes its lock leaves the lock released, so
        leaving the ``with`` raised "RuntimeError: release unlocked lock" over the
        KeyboardInterrupt (the tour exited 1 with a traceback instead of stopping)."""
        deadline = time.monotonic() + timeout
        while self.feed_requests < count:  # (an int the handlers bump under the lock)
            if time.monotonic() >= deadline:
                return False
            time.sleep(REQUEST_POLL)
        return True


def _handler_for(server: DemoServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # the tour prints its own
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == FEED_PATH:
                status, headers, body = server.next_feed(self.headers.get("If-None-Match"))
            else:
                status, headers, body = server.page(path)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET

    return Handler
