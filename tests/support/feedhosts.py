"""Many feeds on several hosts, on loopback: one HTTP server per host, each on its own
loopback address (127.0.0.2, 127.0.0.3, …; Linux routes all of 127/8 to lo) and an
ephemeral port, so the workers' per-host lock sees distinct hosts and parallel tests never
share a port.

    with FeedHosts(feeds=200, hosts=8, seed=13) as farm:
        farm.urls                # {feed name: url}
        farm.advance()           # the next generation: seeded edits and new stories
        farm.expected_versions() # what a store that missed nothing holds, per story guid
        farm.overlaps            # requests that reached a host while another was in flight

With ``pages_elsewhere=True`` each story's link is its article page on the *next* host
(feed on 127.0.0.2, its pages on 127.0.0.3, …), served as HTML with the story's text, so
full-text feeds make requests to hosts other than their own (``farm.page_requests``).

The truth is the server's schedule: generation 0 lists ``stories`` stories per feed; each
``advance()`` edits some stories (a number in their first sentence goes up: one amount
change, one alert) and adds a story to some feeds, chosen by a seeded random generator.
A story's revisions are never repeated (no A, B, A), and every story's words are its own
(made-up names), so no story is taken for a near-duplicate of another.

Each response holds the request for ``latency`` seconds inside the server's bookkeeping,
so two requests to one host at once (what the workers must never do) are seen as an
overlap rather than slipping through between two fast answers.  ETags make unchanged
feeds answer 304, as real servers do.
"""

from __future__ import annotations

import hashlib
import http.server
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

RSS_TYPE = "application/rss+xml; charset=utf-8"
_SYLLABLES = ("ka", "lo", "mi", "ra", "ten", "vor", "shi", "bel", "dun", "qua", "zor", "pim",
              "ta", "nek", "sol", "gar", "wen", "fiz", "mar", "ot", "lu", "dre", "hav", "ix")
_EVENTS = ("storm", "flood", "fire", "landslide", "blizzard", "heatwave", "earthquake",
           "tornado", "cyclone", "hailstorm")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class Story:
    guid: str
    host: str
    feed: str
    place: str
    event: str
    agency: str
    landmark: str
    district: str
    day: str
    base: int
    teams: int
    revision: int = 0

    @property
    def title(self) -> str:
        return f"{self.event.capitalize()} hits {self.place}"

    def text(self, revision: int | None = None) -> str:
        rev = self.revision if revision is None else revision
        hurt = self.base + 7 * rev
        return (f"{self.place} officials said {hurt} people were hurt when the {self.event} "
                f"struck the {self.district} district on {self.day}. "
                f"The {self.agency} agency of {self.place} sent {self.teams} teams to help "
                f"residents near {self.landmark}. "
                f"Roads around {self.landmark} stayed closed while {self.agency} engineers "
                f"checked every bridge in {self.district}.")

    def link(self) -> str:
        return f"http://{self.host}/news/{self.guid}"


@dataclass
class _Host:
    address: str
    server: http.server.ThreadingHTTPServer
    thread: threading.Thread
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False
    farm: FeedHosts
    address: str


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        farm, address = self.server.farm, self.server.address
        farm._enter(address)
        try:
            status, headers, body = farm._answer(self.path, self.headers.get("If-None-Match"))
            time.sleep(farm.latency)
        finally:
            # The request leaves the books before its answer goes out: once the client has
            # the answer it may let the host go, and the next request may arrive before
            # this thread runs again (seen on a loaded machine as an overlap that was not).
            farm._leave(address)
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:  # the client was killed mid-answer
            self.close_connection = True


class FeedHosts:
    def __init__(self, *, feeds: int = 200, hosts: int = 8, stories: int = 2, seed: int = 13,
                 edit_share: float = 0.3, new_story_share: float = 0.1,
                 latency: float = 0.003, pages_elsewhere: bool = False) -> None:
        self.rng = random.Random(seed)
        self.pages_elsewhere = pages_elsewhere
        self.latency = latency
        self.edit_share = edit_share
        self.new_story_share = new_story_share
        self.generation = 0
        self.addresses = [f"127.0.0.{2 + i}" for i in range(hosts)]
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self.ports: dict[str, int] = {}
        self.requests: Counter[str] = Counter()  # per host
        self.answers: Counter[int] = Counter()  # per status
        self.overlaps: list[tuple[str, float]] = []  # (host, when)
        self.page_requests: Counter[str] = Counter()  # article page requests, per host
        self._by_guid: dict[str, Story] = {}
        self.feed_hosts = {f"feed{i:03d}": self.addresses[i % hosts] for i in range(feeds)}
        self.stories: dict[str, list[Story]] = {name: [] for name in self.feed_hosts}
        self.history: dict[str, list[int]] = {}  # guid -> revisions, in order
        for name in self.feed_hosts:
            for _ in range(stories):
                self._new_story(name)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FeedHosts:
        for address in self.addresses:
            server = _Server((address, 0), _Handler)
            server.farm, server.address = self, address
            thread = threading.Thread(target=server.serve_forever,
                                      kwargs={"poll_interval": 0.05}, daemon=True)
            self._hosts[address] = _Host(address, server, thread)
            self.ports[address] = server.server_address[1]
            thread.start()
        return self

    def stop(self) -> None:
        for host in self._hosts.values():
            host.server.shutdown()
            host.server.server_close()

    def __enter__(self) -> FeedHosts:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the schedule ------------------------------------------------------------------------
    @property
    def urls(self) -> dict[str, str]:
        return {name: f"http://{host}:{self.ports[host]}/{name}.xml"
                for name, host in self.feed_hosts.items()}

    def advance(self) -> dict[str, int]:
        """The next generation: some stories edited, some feeds given a new story."""
        edits = added = 0
        with self._lock:
            self.generation += 1
            for name in sorted(self.stories):
                for story in self.stories[name]:
                    if self.rng.random() < self.edit_share:
                        story.revision += 1
                        self.history[story.guid].append(story.revision)
                        edits += 1
                if self.rng.random() < self.new_story_share:
                    self._new_story(name)
                    added += 1
        return {"generation": self.generation, "edits": edits, "new_stories": added}

    def _new_story(self, feed: str) -> None:
        number = len(self.stories[feed])
        guid = f"{feed}-s{number}-{_name(self.rng, 2).lower()}"
        story = Story(guid=guid, host=self.feed_hosts[feed], feed=feed, place=_name(self.rng),
                      event=self.rng.choice(_EVENTS), agency=_name(self.rng, 2),
                      landmark=f"{_name(self.rng)} {self.rng.choice(('Bridge', 'Square', 'Hall'))}",
                      district=_name(self.rng), day=self.rng.choice(_DAYS),
                      base=self.rng.randrange(3, 90), teams=self.rng.randrange(2, 30))
        self.stories[feed].append(story)
        self._by_guid[guid] = story
        self.history[guid] = [0]

    # -- the truth ---------------------------------------------------------------------------
    def expected_versions(self) -> dict[str, list[str]]:
        """Per story guid, the texts a store that missed nothing holds, in order."""
        with self._lock:
            return {story.guid: [story.text(rev) for rev in self.history[story.guid]]
                    for stories in self.stories.values() for story in stories}

    def expected_version_count(self) -> int:
        with self._lock:
            return sum(len(revisions) for revisions in self.history.values())

    def expected_edits(self) -> int:
        """Versions that follow another version of their story (each: changes, an alert)."""
        with self._lock:
            return sum(len(revisions) - 1 for revisions in self.history.values())

    # -- serving -----------------------------------------------------------------------------
    def document(self, feed: str) -> bytes:
        with self._lock:
            items = [
                f'<item><guid isPermaLink="false">{escape(s.guid)}</guid>'
                f"<title>{escape(s.title)}</title><link>{escape(self.link(s))}</link>"
                f"<description>{escape(s.text())}</description></item>"
                for s in self.stories[feed]]
        return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                f"<title>{feed}</title><link>http://example.org/</link>"
                "<description>feed hosts</description>" + "\n".join(items)
                + "</channel></rss>").encode("utf-8")

    def link(self, story: Story) -> str:
        """A story's link: its page on the next host with ``pages_elsewhere``."""
        if not self.pages_elsewhere:
            return story.link()
        host = self.addresses[(self.addresses.index(story.host) + 1) % len(self.addresses)]
        return f"http://{host}:{self.ports[host]}/news/{story.guid}"

    def page(self, guid: str) -> bytes | None:
        """A story's article page (HTML): its title and text as they are now."""
        with self._lock:
            story = self._by_guid.get(guid)
            if story is None:
                return None
            title, sentences = story.title, story.text().split(". ")
        paragraphs = "".join(f"<p>{escape(s.rstrip('.'))}.</p>" for s in sentences)
        return (f"<!doctype html><html><head><title>{escape(title)}</title></head><body>"
                f"<nav><a href='/'>Home</a></nav><main><article><h1>{escape(title)}</h1>"
                f"{paragraphs}</article></main><footer>Feed hosts</footer></body></html>"
                ).encode()

    def _answer(self, path: str, if_none_match: str | None) -> tuple[int, dict[str, str], bytes]:
        if path.startswith("/news/"):
            return self._page_answer(path.removeprefix("/news/"), if_none_match)
        name = path.lstrip("/").removesuffix(".xml")
        if name not in self.stories:
            self.answers[404] += 1
            return 404, {"Content-Type": "text/plain"}, b"no such feed"
        body = self.document(name)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if if_none_match == etag:
            self.answers[304] += 1
            return 304, {"ETag": etag}, b""
        self.answers[200] += 1
        return 200, {"Content-Type": RSS_TYPE, "ETag": etag}, body

    def _page_answer(self, guid: str, if_none_match: str | None,
                     ) -> tuple[int, dict[str, str], bytes]:
        body = self.page(guid)
        if body is None:
            self.answers[404] += 1
            return 404, {"Content-Type": "text/plain"}, b"no such story"
        story_host = self._by_guid[guid].host
        self.page_requests[self.addresses[(self.addresses.index(story_host) + 1)
                                          % len(self.addresses)]] += 1
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if if_none_match == etag:
            self.answers[304] += 1
            return 304, {"ETag": etag}, b""
        self.answers[200] += 1
        return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag}, body

    def _enter(self, address: str) -> None:
        host = self._hosts[address]
        with host.lock:
            host.in_flight += 1
            self.requests[address] += 1
            if host.in_flight > 1:
                self.overlaps.append((address, time.monotonic()))

    def _leave(self, address: str) -> None:
        host = self._hosts[address]
        with host.lock:
            host.in_flight -= 1
