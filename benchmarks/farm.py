"""The feed farm: a loopback news site whose stories evolve over "ticks".

Serves N RSS 2.0 feeds of M entries each (``/feed/<i>.xml``) and one article page per entry
(``/article/<feed>/<entry>.html``: nav, ads, related links around a ~800-word story). Every
story is a list of sentences built from templates with typed slots (numbers, dates,
conditions, statuses, attributions, quotes), so the farm knows exactly which edit changed a
fact and which did not.  At each tick a share of the stories changes one fact, another share
changes only cosmetically (ads rotate, a typo is fixed, paragraphs are swapped, the "Updated N
minutes ago" stamp moves) and the rest stay byte-identical; every edit is recorded as an
:class:`Event`, the ground truth benchmarks count alerts against.

Everything is deterministic from the seed (bodies, ETags, Last-Modified, the edits of every
tick).  Feeds and pages answer conditional GETs with 304; a share of feeds can be made slow,
failing (500) or throttled (429 + Retry-After); the farm counts what it served and records
POSTs to ``/_hook/...`` (a webhook sink with receive times, for latency runs).

    with Farm(feeds=10, entries=5, seed=1) as farm:
        farm.feed_url(0); farm.tick(); farm.truth(); farm.stats()

    python benchmarks/farm.py --feeds 1000 --entries 50 --port 8080 --seed 1 [--tick-every 30]
    python benchmarks/farm.py --self-bench        # how many requests/s the farm itself serves

Admin routes: ``/_tick`` (GET or POST; JSON of the tick's events), ``/_truth``, ``/_stats``,
``/_reset``, ``/_feeds`` (one feed URL per line), ``/_faults?fail=0.1&throttle=0.05&slow=0.1
&slow_seconds=2&retry_after=60``, ``/_hooks``.  Stdlib only, written by hand: the point is full
control over the content and the ground truth, which no fixture library gives.
"""

from __future__ import annotations

import argparse
import email.utils
import html
import http.client
import json
import random
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# Simulated publication clock: deterministic Last-Modified/pubDate (benchmarks pass epoch=now).
DEFAULT_EPOCH = 1_795_000_000.0  # 2026-11-18T08:53:20Z
LEAD_PARAGRAPHS = 2  # paragraphs shown in the feed's <description> (~1 KB of HTML)

# ---------------------------------------------------------------------------------------------
# Text generator: pure functions of integers.
# ---------------------------------------------------------------------------------------------
PLACES = ("Springfield", "Riverton", "the capital", "Lakeside County", "the northern province",
          "Port Elgin", "the coastal region", "Mill Valley", "the border town of Haverly",
          "Kharkiv", "the eastern districts", "Dunmore")
ORGS = ("the Ministry of Health", "the National Weather Service", "the city council",
        "the Geological Survey", "the Red Cross", "police", "the state emergency agency",
        "the aviation authority", "the company", "the World Health Organization",
        "the Pentagon", "the electoral commission", "the fire department")
PEOPLE = ("Daniel Ortiz", "Dr. Amara Singh", "Gov. Helen McCray", "Sgt. Paul Brenner",
          "Mayor Lisa Chen", "Prof. J. R. Whitfield", "Fatima Haddad", "Lt. Col. Ana Ruiz",
          "Oleksandr Kovalenko", "Senator Mark Ellison", "Judge Ruth Adebayo")
ROLES = ("a spokesperson for", "the head of", "a senior official at", "an analyst with",
         "the director of", "a press officer for")
EVENTS = ("flooding", "the wildfire", "the outbreak", "the strike", "the earthquake",
          "the power outage", "the storm", "the investigation", "the evacuation")
BODIES = ("The government", "The council", "The regulator", "The committee", "The ministry",
          "The administration", "The board")
PLANS = ("a plan to reopen schools", "the request for emergency funding",
         "a proposal to extend the curfew", "the deployment of additional troops",
         "the use of the disputed land", "a ban on public gatherings",
         "the transfer of the weapons")
STATUSES = ("has approved", "is still considering", "has rejected", "has suspended",
            "will not approve", "has postponed a decision on", "has authorised")
CONDITIONS = ("only within the city limits", "away from populated areas",
              "unless the ceasefire collapses", "provided the river stays below five metres",
              "only during daylight hours", "exclusively within national territory",
              "until further notice", "if no agreement is reached by the weekend")
QUOTES = ("We are doing everything we can", "The situation is under control",
          "This is far from over", "We will not stop until everyone is safe",
          "Nobody could have predicted this", "The numbers are still rising",
          "We expect the worst to be behind us", "There is no reason to panic")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FILLER = ("Residents were urged to stay indoors and follow official guidance.",
          "Emergency crews worked through the night to restore access to the area.",
          "The situation remained fluid and further updates were expected.",
          "Officials did not immediately respond to a request for comment.",
          "The cause of the incident is still under investigation.",
          "Aid groups said supplies of clean water were running low.",
          "Traffic on the main highway was diverted for several hours.",
          "Local businesses reported significant disruption to their operations.",
          "It was not immediately clear how many people had been affected.",
          "Volunteers handed out blankets and hot meals at the community centre.")
SPONSORED = ("Sponsored: The one kitchen gadget chefs swear by",
             "Sponsored: Retirees are switching to this savings account",
             "Sponsored: Compare this year's best travel insurance deals",
             "Sponsored: Why thousands are upgrading their mattress this winter",
             "Sponsored: A smarter way to learn a language in 10 minutes a day")

# slot kind -> fact kind (what a fact change of that slot is, in the ground truth)
FACT_KIND = {"count": "number", "money": "number", "percent": "number", "date": "date",
             "weekday": "date", "clock": "date", "year": "date", "condition": "condition",
             "status": "status", "person": "attribution", "org": "attribution", "quote": "quote"}


def mix(*parts: int) -> int:
    """A deterministic 63-bit seed from integers (Python's hash() is salted for strings)."""
    h = 0x9E3779B97F4A7C15
    for p in parts:
        h = ((h ^ (p & 0xFFFFFFFFFFFFFFFF)) * 0x100000001B3) & 0x7FFFFFFFFFFFFFFF
        h ^= h >> 29
    return h


def slot_value(kind: str, r: random.Random, old: str | None = None) -> str:
    """A value for a slot of ``kind``; with ``old``, a different, plausible new value."""
    for _ in range(20):
        if kind == "count":
            if old is not None:
                n = int(old.replace(",", ""))
                value = max(2, n + r.choice((-1, 1)) * r.randint(1, max(2, n // 4)))
            else:
                value = r.randint(2, 950)
            text = f"{value:,}"
        elif kind == "money":
            text = f"${r.randint(2, 900)} million"
        elif kind == "percent":
            text = f"{r.randint(1, 60)}.{r.randint(1, 9)} percent"
        elif kind == "date":
            text = f"{r.choice(MONTHS)} {r.randint(1, 28)}"
        elif kind == "weekday":
            text = r.choice(WEEKDAYS)
        elif kind == "clock":
            minutes, half = r.choice(("00", "15", "30", "45")), r.choice(("a.m.", "p.m."))
            text = f"{r.randint(1, 11)}:{minutes} {half}"
        elif kind == "year":
            text = str(r.randint(2015, 2024))
        elif kind == "condition":
            text = r.choice(CONDITIONS)
        elif kind == "status":
            text = r.choice(STATUSES)
        elif kind == "person":
            text = r.choice(PEOPLE)
        elif kind == "org":
            text = r.choice(ORGS)
        elif kind == "quote":
            text = r.choice(QUOTES)
        else:
            raise ValueError(f"unknown slot kind {kind!r}")
        if text != old:
            return text
    raise RuntimeError(f"no new value for {kind} {old!r}")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence template ({0}, {1} ... are slots) with its slot kinds and initial values."""

    template: str
    kinds: tuple[str, ...]
    values: tuple[str, ...]
    typo: tuple[str, str] | None = None  # (word, misspelling) in the template's fixed text

    def render(self, values: tuple[str, ...] | None = None, typo: bool = True) -> str:
        template = self.template
        if typo and self.typo:
            template = template.replace(self.typo[0], self.typo[1], 1)
        return template.format(*(values or self.values))


def _sentence(r: random.Random, used: set[str]) -> Sentence:
    """One news-like sentence: fixed words drawn now, facts left as typed slots.
    ``used``: filler sentences already in the paragraph (a paragraph never repeats one)."""
    k = r.random()
    ev, place = r.choice(EVENTS), r.choice(PLACES)
    if k < 0.12:
        t, kinds = (f"The death toll from {ev} in {place} rose to {{0}} on {{1}}, {{2}} said.",
                    ("count", "weekday", "org"))
    elif k < 0.22:
        t, kinds = (f"According to {{0}}, {{1}} people had been displaced by {ev} as of {{2}}.",
                    ("org", "count", "date"))
    elif k < 0.31:
        role = r.choice(ROLES)
        t, kinds = (f"\u201c{{0}},\u201d {{1}}, {role} {{2}}, told reporters.",
                    ("quote", "person", "org"))
    elif k < 0.39:
        t, kinds = (f"Authorities may order a full evacuation of {place} by {{0}} evening, "
                    f"{{1}}.", ("weekday", "condition"))
    elif k < 0.46:
        t, kinds = (f"Damage from {ev} was estimated at {{0}}, up from an earlier estimate "
                    f"of {{1}}, {{2}} said.", ("money", "money", "person"))
    elif k < 0.54:
        plan = r.choice(PLANS)
        t, kinds = (f"{r.choice(BODIES)} {{0}} {plan} {{1}}, {{2}} said in a statement.",
                    ("status", "condition", "person"))
    elif k < 0.60:
        t, kinds = (f"The embassy in {place} advised citizens to avoid travel until at least "
                    f"{{0}}.", ("date",))
    elif k < 0.67:
        t, kinds = ("At least {0} flights were cancelled on {1} and about {2} homes were "
                    "without power, {3} said.", ("count", "weekday", "count", "org"))
    elif k < 0.72:
        t, kinds = ("Turnout in the regional vote stood at {0}, {1} said.", ("percent", "org"))
    elif k < 0.77:
        t, kinds = (f"The curfew in {place} will remain in force until {{0}} each day "
                    f"{{1}}.", ("clock", "condition"))
    elif k < 0.81:
        t, kinds = ("{0} will leave office on {1}, ending a term that began in {2}.",
                    ("person", "date", "year"))
    elif k < 0.86:
        t, kinds = (f"Rescuers have reached {{0}} of the {{1}} villages cut off by {ev}, "
                    f"{{2}} said.", ("count", "count", "org"))
    else:
        t, kinds = r.choice([f for f in FILLER if f not in used]), ()
        used.add(t)
    values = tuple(slot_value(kind, r) for kind in kinds)
    if kinds and kinds.count("count") == 2 and kinds[0] == "count" and "villages" in t:
        a, b = sorted(int(v.replace(",", "")) for v in values[:2])  # "reached 12 of the 40"
        values = (f"{a:,}", f"{b + 1:,}", *values[2:])
    typo = _typo(t, r) if r.random() < 0.08 else None
    return Sentence(t, kinds, values, typo)


def _typo(template: str, r: random.Random) -> tuple[str, str] | None:
    words = [w for w in template.split() if w.isalpha() and len(w) >= 6 and "{" not in w]
    if not words:
        return None
    word = r.choice(words)
    i = r.randint(1, len(word) - 3)
    return word, word[:i] + word[i + 1] + word[i] + word[i + 2:]


@lru_cache(maxsize=65536)
def paragraph(seed: int, feed: int, entry: int, p: int) -> tuple[Sentence, ...]:
    r = random.Random(mix(seed, feed, entry, p, 1))
    used: set[str] = set()
    return tuple(_sentence(r, used) for _ in range(r.randint(3, 5)))


@lru_cache(maxsize=65536)
def paragraph_count(seed: int, feed: int, entry: int, words: int = 800) -> int:
    """As many paragraphs as it takes to reach ``words`` words (a news story's length)."""
    total = count = 0
    while total < words:
        total += sum(len(s.render().split()) for s in paragraph(seed, feed, entry, count))
        count += 1
    return count


def headline(seed: int, feed: int, entry: int) -> str:
    r = random.Random(mix(seed, feed, entry, 3))
    prefix, event = r.choice(("Live:", "Update:", "")), r.choice(EVENTS).replace("the ", "")
    angle = r.choice(("what we know", "officials respond", "latest"))
    return f"{prefix} {event.capitalize()} in {r.choice(PLACES)}: {angle}".strip()


# ---------------------------------------------------------------------------------------------
# Story state and ground truth.
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Event:
    """One edit of one story at one tick: the ground truth benchmarks score alerts against."""

    tick: int
    feed: int
    entry: int
    change: str  # "fact" or "cosmetic"
    kind: str  # fact: number/date/condition/status/attribution/quote; cosmetic: ads/typo/...
    in_feed: bool  # visible in the feed's <description> (else only on the article page)
    old: str | None = None
    new: str | None = None
    sentence: str | None = None  # the new sentence (fact changes and typo fixes)
    version: int = 0  # the story version that carries the edit
    feed_rev: int = 0  # the feed revision that carries it (when in_feed)
    published_at: float = 0.0  # wall clock when the tick was applied

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Story:
    """What changed in a story since its generated base (sparse: most stories never change)."""

    version: int = 0
    modified: float = 0.0  # simulated time of the last edit
    values: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    fixed_typos: set[tuple[int, int]] = field(default_factory=set)
    order: list[int] | None = None
    ad_epoch: int = 0
    updated_minutes: int = 0


@dataclass
class Stats:
    requests: int = 0
    bytes: int = 0
    status: dict[int, int] = field(default_factory=dict)
    routes: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"requests": self.requests, "bytes": self.bytes,
                "status": {str(k): v for k, v in sorted(self.status.items())},
                "routes": dict(sorted(self.routes.items()))}


@dataclass(slots=True)
class Hook:
    received_at: float
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


# ---------------------------------------------------------------------------------------------
# The farm.
# ---------------------------------------------------------------------------------------------
class Farm:
    """N feeds x M entries on loopback; a context manager (start/stop) for tests and scripts.

    ``fact_rate``/``cosmetic_rate``: share of all entries edited per tick (defaults 1 % / 3 %).
    ``lead_bias``: share of fact changes placed in the lead (so visible in the feed).
    ``content``: "summary" (lead paragraphs in <description>) or "full" (whole story too, in
    <content:encoded>).  ``hosts``: spread feeds over 127.0.0.1 .. 127.0.0.<hosts>, one listener
    each on the same port, to exercise per-host politeness.  ``rotating``: every tick also
    rotates the boilerplate of *every* page (ad ids, related links, readers' comments, the
    "Read more" aside inside the story body), as news sites do, so every page answers 200
    with new bytes while only the edited stories changed; pages then carry a comments section
    and JSON-LD too (``page_kb`` 100 is the size such runs use).
    """

    def __init__(self, feeds: int = 10, entries: int = 10, *, seed: int = 1, port: int = 0,
                 hosts: int = 1, fact_rate: float = 0.01, cosmetic_rate: float = 0.03,
                 lead_bias: float = 0.5, content: str = "summary", page_kb: int = 60,
                 epoch: float = DEFAULT_EPOCH, tick_seconds: float = 600.0,
                 rotating: bool = False) -> None:
        if content not in ("summary", "full"):
            raise ValueError("content must be 'summary' or 'full'")
        self.n_feeds, self.n_entries, self.seed = feeds, entries, seed
        self.fact_rate, self.cosmetic_rate, self.lead_bias = fact_rate, cosmetic_rate, lead_bias
        self.content, self.page_kb = content, page_kb
        self.epoch, self.tick_seconds = epoch, tick_seconds
        self.ticks = 0
        self.rotating = rotating
        self.boiler_epoch = 0  # rotating mode: bumped by every tick, for every page
        self.boiler_modified = epoch
        self.events: list[Event] = []
        self.hooks: list[Hook] = []
        self.stats = Stats()
        self._stories: dict[tuple[int, int], Story] = {}
        self._feed_rev = [0] * feeds
        self._feed_modified = [epoch] * feeds
        self._feed_cache: dict[int, tuple[int, bytes]] = {}  # feed -> (rev, body)
        self._served: dict[tuple[str, int, int, int], float] = {}  # first 200 of a revision
        self._faults = {"fail": 0.0, "throttle": 0.0, "slow": 0.0}
        self.slow_seconds, self.retry_after = 2.0, 60
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._chrome = _Chrome(seed, page_kb, rotating=rotating)
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []
        self.port = port
        self.hosts = [f"127.0.0.{i + 1}" for i in range(hosts)]

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> Farm:
        handler = _handler_for(self)
        for i, host in enumerate(self.hosts):
            server = _Server((host, self.port), handler)  # the others share the first's port
            if i == 0:
                self.port = server.server_address[1]
            self._servers.append(server)
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                      name=f"farm-{host}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(2)

    def __enter__(self) -> Farm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------------------------
    def host_of(self, feed: int) -> str:
        return self.hosts[feed % len(self.hosts)]

    @property
    def base_url(self) -> str:
        return f"http://{self.hosts[0]}:{self.port}"

    def feed_url(self, feed: int) -> str:
        return f"http://{self.host_of(feed)}:{self.port}/feed/{feed}.xml"

    def article_url(self, feed: int, entry: int) -> str:
        return f"http://{self.host_of(feed)}:{self.port}/article/{feed}/{entry}.html"

    def feed_urls(self) -> list[str]:
        return [self.feed_url(i) for i in range(self.n_feeds)]

    def guid(self, feed: int, entry: int) -> str:
        return f"farm-{self.seed}-{feed}-{entry}"

    # -- content -----------------------------------------------------------------------------
    def story_text(self, feed: int, entry: int) -> str:
        """The story's current plain text (paragraphs separated by blank lines)."""
        return "\n\n".join(" ".join(p) for p in self._paragraphs(feed, entry))

    def title(self, feed: int, entry: int) -> str:
        return headline(self.seed, feed, entry)

    def _story(self, feed: int, entry: int) -> Story | None:
        return self._stories.get((feed, entry))

    def _paragraphs(self, feed: int, entry: int, limit: int | None = None) -> list[list[str]]:
        story = self._story(feed, entry)
        if story and story.order:
            order = story.order[:limit] if limit is not None else story.order
        else:  # the lead alone needs no paragraph count (feeds render fast)
            order = range(limit if limit is not None else paragraph_count(self.seed, feed, entry))
        out = []
        for p in order:
            sentences = paragraph(self.seed, feed, entry, p)
            out.append([self._render(story, p, s, sentence)
                        for s, sentence in enumerate(sentences)])
        return out

    @staticmethod
    def _render(story: Story | None, p: int, s: int, sentence: Sentence) -> str:
        if story is None:
            return sentence.render()
        return sentence.render(story.values.get((p, s)), typo=(p, s) not in story.fixed_typos)

    def feed_body(self, feed: int) -> bytes:
        """The feed's current RSS 2.0 document, rendered once per revision."""
        with self._lock:
            rev = self._feed_rev[feed]
            cached = self._feed_cache.get(feed)
        if cached and cached[0] == rev:
            return cached[1]
        body = self._render_feed(feed, rev)
        with self._lock:
            self._feed_cache[feed] = (rev, body)
        return body

    def prerender(self) -> float:
        """Render every feed now (so the first pass measures the client, not the farm)."""
        t0 = time.perf_counter()
        for feed in range(self.n_feeds):
            self.feed_body(feed)
        return time.perf_counter() - t0

    def _render_feed(self, feed: int, rev: int) -> bytes:
        host = f"http://{self.host_of(feed)}:{self.port}"
        esc = html.escape
        items = []
        for entry in range(self.n_entries):
            paragraphs = self._paragraphs(feed, entry, None if self.content == "full" else
                                          LEAD_PARAGRAPHS)
            lead = "".join(f"<p>{' '.join(p)}</p>" for p in paragraphs[:LEAD_PARAGRAPHS])
            full = ""
            if self.content == "full":
                full = ("<content:encoded>" + esc("".join(f"<p>{' '.join(p)}</p>"
                                                            for p in paragraphs))
                        + "</content:encoded>")
            published = email.utils.formatdate(self.epoch - 1020 * entry - 86400, usegmt=True)
            items.append(
                f"<item><title>{esc(self.title(feed, entry))}</title>"
                f"<link>{host}/article/{feed}/{entry}.html</link>"
                f'<guid isPermaLink="false">{self.guid(feed, entry)}</guid>'
                f"<pubDate>{published}</pubDate><dc:creator>{esc(_author(self.seed, feed, entry))}"
                f"</dc:creator><category>World</category>"
                f"<description>{esc(lead)}</description>{full}</item>\n")
        built = email.utils.formatdate(self._feed_modified[feed], usegmt=True)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>'
            f"<title>Farm feed {feed}</title><link>{host}/</link>"
            f"<description>Loopback news feed {feed} (seed {self.seed})</description>"
            f"<language>en</language><lastBuildDate>{built}</lastBuildDate><ttl>10</ttl>\n"
            + "".join(items) + "</channel></rss>\n").encode()

    def page_body(self, feed: int, entry: int) -> bytes:
        story = self._story(feed, entry)
        return self._chrome.page(
            title=self.title(feed, entry), author=_author(self.seed, feed, entry),
            paragraphs=[" ".join(p) for p in self._paragraphs(feed, entry)],
            published=self.epoch - 1020 * entry - 86400,
            ad_seed=mix(self.seed, feed, entry, 4, story.ad_epoch if story else 0,
                        *((self.boiler_epoch,) if self.rotating else ())),
            updated_minutes=story.updated_minutes if story else 0,
            url=self.article_url(feed, entry)).encode()

    def page_state(self, feed: int, entry: int) -> tuple[int, float]:
        story = self._story(feed, entry)
        version, modified = (story.version, story.modified) if story else (0, self.epoch)
        return version, max(modified, self.boiler_modified)

    def page_etag(self, feed: int, entry: int) -> str:
        """The page's ETag: its story version, and in rotating mode the boilerplate's epoch."""
        version, _ = self.page_state(feed, entry)
        rotation = f"-b{self.boiler_epoch}" if self.rotating else ""
        return f'"{self.seed:x}-{feed}-{entry}-{version}{rotation}"'

    # -- ticks -------------------------------------------------------------------------------
    def tick(self, *, fact_rate: float | None = None, cosmetic_rate: float | None = None,
             lead_bias: float | None = None, rebuild_all: bool = False) -> list[Event]:
        """Advance the stories one tick; returns (and records) the edits made.

        ``rebuild_all`` also moves every feed's lastBuildDate, so every feed answers 200.
        """
        fact_rate = self.fact_rate if fact_rate is None else fact_rate
        cosmetic_rate = self.cosmetic_rate if cosmetic_rate is None else cosmetic_rate
        lead_bias = self.lead_bias if lead_bias is None else lead_bias
        with self._lock:
            self.ticks += 1
            tick = self.ticks
            r = random.Random(mix(self.seed, 5, tick))
            if self.rotating:
                self.boiler_epoch += 1
                self.boiler_modified = self.epoch + tick * self.tick_seconds
            total = self.n_feeds * self.n_entries
            n_fact = round(total * fact_rate)
            n_cosmetic = min(total - n_fact, round(total * cosmetic_rate))
            picked = r.sample(range(total), n_fact + n_cosmetic)
            now_sim = self.epoch + tick * self.tick_seconds
            wall = time.time()
            events = []
            for i, index in enumerate(picked):
                feed, entry = divmod(index, self.n_entries)
                story = self._stories.setdefault((feed, entry), Story(modified=self.epoch))
                if i < n_fact:
                    event = self._change_fact(r, tick, feed, entry, story, lead_bias)
                else:
                    event = self._change_cosmetic(r, tick, feed, entry, story)
                story.version += 1
                story.modified = now_sim
                event.version = story.version
                event.published_at = wall
                if event.in_feed:
                    self._bump_feed(feed, now_sim)
                    event.feed_rev = self._feed_rev[feed]
                events.append(event)
            if rebuild_all:
                touched = {e.feed for e in events if e.in_feed}
                for feed in range(self.n_feeds):
                    if feed not in touched:
                        self._bump_feed(feed, now_sim)
            events.sort(key=lambda e: (e.feed, e.entry))
            self.events.extend(events)
            return events

    def _bump_feed(self, feed: int, now_sim: float) -> None:
        self._feed_rev[feed] += 1
        self._feed_modified[feed] = now_sim

    def _change_fact(self, r: random.Random, tick: int, feed: int, entry: int, story: Story,
                     lead_bias: float) -> Event:
        count = paragraph_count(self.seed, feed, entry)
        order = story.order or list(range(count))
        for _ in range(50):
            position = (r.randrange(LEAD_PARAGRAPHS) if r.random() < lead_bias
                        else r.randrange(count))
            p = order[position]
            sentences = paragraph(self.seed, feed, entry, p)
            s = r.randrange(len(sentences))
            if sentences[s].kinds:
                break
        else:  # pragma: no cover - 50 slot-less draws in a row
            raise RuntimeError("no sentence with a fact found")
        sentence = sentences[s]
        values = list(story.values.get((p, s), sentence.values))
        slot = r.randrange(len(values))
        kind = sentence.kinds[slot]
        old, values[slot] = values[slot], slot_value(kind, r, values[slot])
        story.values[(p, s)] = tuple(values)
        return Event(tick, feed, entry, "fact", FACT_KIND[kind],
                     in_feed=self.content == "full" or position < LEAD_PARAGRAPHS,
                     old=old, new=values[slot],
                     sentence=self._render(story, p, s, sentence))

    def _change_cosmetic(self, r: random.Random, tick: int, feed: int, entry: int,
                         story: Story) -> Event:
        kind = r.choices(("ads", "stamp", "typo", "reorder"), (3, 3, 2, 2))[0]
        count = paragraph_count(self.seed, feed, entry)
        order = story.order or list(range(count))
        if kind == "typo":
            typos = [(position, p, s) for position, p in enumerate(order)
                     for s, sentence in enumerate(paragraph(self.seed, feed, entry, p))
                     if sentence.typo and (p, s) not in story.fixed_typos]
            if typos:
                position, p, s = r.choice(typos)
                sentence = paragraph(self.seed, feed, entry, p)[s]
                story.fixed_typos.add((p, s))
                in_feed = self.content == "full" or position < LEAD_PARAGRAPHS
                return Event(tick, feed, entry, "cosmetic", "typo", in_feed,
                             old=sentence.typo[1] if sentence.typo else None,
                             new=sentence.typo[0] if sentence.typo else None,
                             sentence=self._render(story, p, s, sentence))
            kind = "stamp"
        if kind == "reorder":  # swap two adjacent body paragraphs (the lead stays put)
            i = r.randrange(LEAD_PARAGRAPHS, count - 1)
            order[i], order[i + 1] = order[i + 1], order[i]
            story.order = order
            return Event(tick, feed, entry, "cosmetic", "reorder", self.content == "full")
        if kind == "ads":
            story.ad_epoch += 1
            return Event(tick, feed, entry, "cosmetic", "ads", False)
        old = story.updated_minutes
        story.updated_minutes = old + r.randint(1, 59)
        return Event(tick, feed, entry, "cosmetic", "stamp", False,
                     old=str(old), new=str(story.updated_minutes))

    # -- ground truth ------------------------------------------------------------------------
    def truth(self, since_tick: int = 0, *, change: str | None = None,
              in_feed: bool | None = None) -> list[Event]:
        """Recorded edits after ``since_tick``, optionally only facts/cosmetics, feed-visible."""
        with self._lock:
            return [e for e in self.events if e.tick > since_tick
                    and (change is None or e.change == change)
                    and (in_feed is None or e.in_feed == in_feed)]

    def served_at(self, event: Event) -> float | None:
        """Wall time the farm first served a body carrying ``event`` (None: not yet)."""
        with self._lock:
            key = (("feed", event.feed, 0, event.feed_rev) if event.in_feed
                   else ("page", event.feed, event.entry, event.version))
            times = [t for k, t in self._served.items() if k[:3] == key[:3] and k[3] >= key[3]]
        return min(times) if times else None

    # -- faults and stats ----------------------------------------------------------------------
    def set_faults(self, *, fail: float | None = None, throttle: float | None = None,
                   slow: float | None = None, slow_seconds: float | None = None,
                   retry_after: int | None = None) -> None:
        """Make a deterministic share of feeds (and their pages) fail, throttle or crawl."""
        with self._lock:
            for name, value in (("fail", fail), ("throttle", throttle), ("slow", slow)):
                if value is not None:
                    self._faults[name] = value
            if slow_seconds is not None:
                self.slow_seconds = slow_seconds
            if retry_after is not None:
                self.retry_after = retry_after

    def fault_of(self, feed: int) -> str | None:
        """"fail", "throttle", "slow" or None for this feed under the current shares."""
        u = random.Random(mix(self.seed, 6, feed)).random()
        edge = 0.0
        for name in ("fail", "throttle", "slow"):
            edge += self._faults[name]
            if u < edge:
                return name
        return None

    def reset_stats(self) -> Stats:
        with self._lock:
            old, self.stats = self.stats, Stats()
        return old

    def count(self, route: str, status: int, nbytes: int) -> None:
        with self._lock:
            st = self.stats
            st.requests += 1
            st.bytes += nbytes
            st.status[status] = st.status.get(status, 0) + 1
            st.routes[route] = st.routes.get(route, 0) + 1

    def mark_served(self, key: tuple[str, int, int, int]) -> None:
        if key not in self._served:
            with self._lock:
                self._served.setdefault(key, time.time())

    def wait_hooks(self, count: int, timeout: float) -> list[Hook]:
        """Block until ``count`` webhook POSTs arrived (or the timeout); returns them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.hooks) < count:
            time.sleep(0.02)
        with self._lock:
            return list(self.hooks)


def _author(seed: int, feed: int, entry: int) -> str:
    return random.Random(mix(seed, feed, entry, 7)).choice(PEOPLE)


# ---------------------------------------------------------------------------------------------
# Page chrome: the parts of an article page that are not the story, built once per farm.
# ---------------------------------------------------------------------------------------------
class _Chrome:
    def __init__(self, seed: int, page_kb: int, *, rotating: bool = False) -> None:
        r = random.Random(mix(seed, 8))
        self.page_kb = page_kb
        self.rotating = rotating
        sections = ("world", "politics", "business", "tech", "science", "health", "sport",
                    "culture", "opinion", "climate", "travel", "video", "podcasts")
        self.nav = "".join(f'<li><a href="/section/{s}">{s.capitalize()}</a></li>'
                           for s in sections)
        self.mega = "".join(f'<li><a href="/topic/{r.randint(1, 99999)}">Topic '
                            f"{r.randint(1, 999)} {r.choice(PLACES)}</a></li>" for _ in range(80))
        self.css = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#"
                           f"{r.randint(0, 0xFFFFFF):06x}}}" for i in range(250))
        self.footer = "".join(f'<a href="/legal/{i}">Footer link {i}</a> ' for i in range(60))
        self.related = [f'<li class="card"><a href="/story/{r.randint(1, 10**6)}">'
                        f'<h3>{html.escape(FILLER[i % len(FILLER)][:40])}</h3></a></li>'
                        for i in range(60)]
        self.pad_unit = ('<div class="tracking"><img src="/px/{}.gif" width="1" height="1" '
                         'alt=""/></div>')

    def page(self, *, title: str, author: str, paragraphs: list[str], published: float,
             ad_seed: int, updated_minutes: int, url: str) -> str:
        r = random.Random(ad_seed)
        esc = html.escape
        body = []
        for i, p in enumerate(paragraphs):
            body.append(f"<p>{esc(p)}</p>")
            if i % 4 == 2:
                body.append(f'<div class="ad-slot" id="ad-{r.randint(1, 10**9)}">'
                            '<span class="ad-label">Advertisement</span>'
                            f'<p class="sponsored">{esc(r.choice(SPONSORED))}</p></div>')
            if self.rotating and i == 5:  # inside the story body, as on real sites
                body.append(f'<aside class="read-more"><a href="/story/{r.randint(1, 10**6)}">'
                            f"Read more: {esc(headline(r.randint(1, 10**6), 0, 0))}</a></aside>")
        stamp = (f'<p class="updated">Updated {updated_minutes} minutes ago</p>'
                 if updated_minutes else "")
        start = r.randrange(len(self.related) - 12)
        related = "".join(self.related[start:start + 12])
        iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(published))
        js = "".join(f"window.__ad{i}={{id:{r.randint(1, 10**9)},slot:'ad-{i}'}};"
                     for i in range(20))
        extra_head = extra_main = ""
        if self.rotating:
            extra_head, extra_main = self._rotating_parts(r, title, author, iso)
        page = (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
            f"<title>{esc(title)} | Farm News</title>"
            f'<meta name="description" content="{esc(paragraphs[0][:150])}"/>'
            f'<meta property="og:title" content="{esc(title)}"/>'
            f'<meta property="article:published_time" content="{iso}"/>'
            f'<link rel="canonical" href="{url}"/><style>{self.css}</style><script>{js}</script>'
            f'{extra_head}</head><body><header class="site-header">'
            f'<a class="logo" href="/">Farm News</a>'
            f'<nav class="main-nav"><ul>{self.nav}</ul></nav><div class="mega-menu"><ul>'
            f'{self.mega}</ul></div><div class="ad-slot leaderboard"><span>Advertisement</span>'
            f'</div><div class="cookie-banner"><p>We use cookies to improve your experience.</p>'
            f'<button>Accept</button></div></header><main><article class="story">'
            f'<nav class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/world">World</a>'
            f'</nav><h1 class="headline">{esc(title)}</h1><div class="byline">By '
            f'<a href="/by/x">{esc(author)}</a> &middot; <time datetime="{iso}">{iso}</time>'
            f'</div>{stamp}<div class="story-body">{"".join(body)}</div></article>'
            f'<aside class="sidebar"><h2>Most read</h2><ol>{related}</ol></aside>'
            f'<section class="related"><h2>Related stories</h2><ul>{related}</ul></section>'
            f"{extra_main}</main><footer>{self.footer}<p>&copy; 2026 Farm News</p></footer>")
        pad = []
        size = len(page)
        while size < self.page_kb * 1024:
            unit = self.pad_unit.format(r.randint(1, 10**9))
            pad.append(unit)
            size += len(unit)
        return page + "".join(pad) + "</body></html>\n"

    @staticmethod
    def _rotating_parts(r: random.Random, title: str, author: str, iso: str) -> tuple[str, str]:
        """JSON-LD for the head, and readers' comments (40, news-like sentences: the hard
        kind of boilerplate) with a rotating topic menu for the end of <main>."""
        esc = html.escape
        ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                         "headline": title, "datePublished": iso,
                         "author": [{"@type": "Person", "name": author}]})
        head = f'<script type="application/ld+json">{ld}</script>'
        comments = "".join(
            f'<li class="comment"><div class="meta"><span class="user">reader'
            f"{r.randint(1, 9999)}</span><time>{r.randint(1, 59)} minutes ago</time></div>"
            f"<p>{esc(_sentence(r, set()).render())} {esc(r.choice(FILLER))}</p>"
            f"<button>Reply</button><button>Like ({r.randint(0, 300)})</button></li>"
            for _ in range(40))
        topics = "".join(f'<li><a href="/topic/{r.randint(1, 99999)}">Topic '
                         f"{r.randint(1, 999)} {r.choice(PLACES)}</a></li>" for _ in range(60))
        main = (f'<section class="comments"><h2>Comments (40)</h2><ul>{comments}</ul>'
                f'</section><div class="topic-menu"><ul>{topics}</ul></div>')
        return head, main


# ---------------------------------------------------------------------------------------------
# HTTP.
# ---------------------------------------------------------------------------------------------
class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 1024  # 1,000 clients may connect at once


def _handler_for(farm: Farm) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes
        server_version = "FeedFarm/1"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            try:
                self._route()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        do_HEAD = do_GET

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = urlsplit(self.path).path
            if path.startswith("/_hook"):
                hook = Hook(time.time(), path, {k.lower(): v for k, v in self.headers.items()},
                            body)
                with farm._lock:
                    farm.hooks.append(hook)
                return self._send(200, b"ok", route="hook")
            if path == "/_tick":
                return self._route()
            return self._send(404, b"not found", route="other")

        # -- routing ---------------------------------------------------------------------
        def _route(self) -> None:
            parts = urlsplit(self.path)
            path = parts.path
            if path.startswith("/feed/") and path.endswith(".xml"):
                feed = _int(path[6:-4])
                if feed is not None and 0 <= feed < farm.n_feeds:
                    return self._feed(feed)
            elif path.startswith("/article/") and path.endswith(".html"):
                bits = path[9:-5].split("/")
                if len(bits) == 2:
                    feed, entry = _int(bits[0]), _int(bits[1])
                    if (feed is not None and entry is not None and 0 <= feed < farm.n_feeds
                            and 0 <= entry < farm.n_entries):
                        return self._page(feed, entry)
            elif path.startswith("/_"):
                return self._admin(path, parse_qs(parts.query))
            return self._send(404, b"not found", route="other")

        def _fault(self, feed: int, route: str) -> bool:
            """Apply the feed's injected fault; True when the request was answered."""
            fault = farm.fault_of(feed)
            if fault == "fail":
                self._send(500, b"internal error", route=route)
                return True
            if fault == "throttle":
                self._send(429, b"slow down", route=route,
                           headers={"Retry-After": str(farm.retry_after)})
                return True
            if fault == "slow" and farm._stopping.wait(farm.slow_seconds):
                self.close_connection = True
                return True
            return False

        def _feed(self, feed: int) -> None:
            if self._fault(feed, "feed"):
                return
            body = farm.feed_body(feed)
            with farm._lock:
                rev, modified = farm._feed_rev[feed], farm._feed_modified[feed]
            etag = f'"{farm.seed:x}-{feed}-{rev}"'
            self._conditional("feed", ("feed", feed, 0, rev), body, etag, modified,
                              "application/rss+xml; charset=utf-8")

        def _page(self, feed: int, entry: int) -> None:
            if self._fault(feed, "page"):
                return
            version, modified = farm.page_state(feed, entry)
            etag = farm.page_etag(feed, entry)
            if self._not_modified(etag, modified):
                return self._send(304, b"", route="page", headers=_validators(etag, modified))
            body = farm.page_body(feed, entry)
            farm.mark_served(("page", feed, entry, version))
            self._send(200, body, route="page", ctype="text/html; charset=utf-8",
                       headers=_validators(etag, modified))

        def _conditional(self, route: str, key: tuple[str, int, int, int], body: bytes,
                         etag: str, modified: float, ctype: str) -> None:
            headers = _validators(etag, modified)
            if self._not_modified(etag, modified):
                return self._send(304, b"", route=route, headers=headers)
            farm.mark_served(key)
            self._send(200, body, route=route, ctype=ctype, headers=headers)

        def _not_modified(self, etag: str, modified: float) -> bool:
            inm = self.headers.get("If-None-Match")
            if inm is not None:
                return inm.strip() == "*" or etag in (t.strip() for t in inm.split(","))
            ims = self.headers.get("If-Modified-Since")
            if ims:
                try:
                    return email.utils.parsedate_to_datetime(ims).timestamp() >= int(modified)
                except (TypeError, ValueError, IndexError):
                    return False
            return False

        def _admin(self, path: str, query: dict[str, list[str]]) -> None:
            def q(name: str, cast: Any) -> Any:
                return cast(query[name][0]) if name in query else None

            if path == "/_tick":
                events = farm.tick(fact_rate=q("fact", float), cosmetic_rate=q("cosmetic", float),
                                   rebuild_all=q("rebuild_all", int) == 1)
                return self._json({"tick": farm.ticks, "events": [e.to_dict() for e in events]})
            if path == "/_truth":
                since = q("since", int) or 0
                return self._json([e.to_dict() for e in farm.truth(since)])
            if path == "/_stats":
                return self._json(farm.stats.to_dict())
            if path == "/_reset":
                return self._json(farm.reset_stats().to_dict())
            if path == "/_feeds":
                text = "".join(url + "\n" for url in farm.feed_urls())
                return self._send(200, text.encode(), route="admin")
            if path == "/_faults":
                farm.set_faults(fail=q("fail", float), throttle=q("throttle", float),
                                slow=q("slow", float), slow_seconds=q("slow_seconds", float),
                                retry_after=q("retry_after", int))
                return self._json(dict(farm._faults))
            if path == "/_hooks":
                with farm._lock:
                    hooks = [{"received_at": h.received_at, "path": h.path,
                              "body": h.body.decode("utf-8", "replace")} for h in farm.hooks]
                return self._json(hooks)
            return self._send(404, b"not found", route="other")

        def _json(self, data: Any) -> None:
            self._send(200, json.dumps(data).encode(), route="admin", ctype="application/json")

        def _send(self, status: int, body: bytes, *, route: str,
                  ctype: str = "text/plain; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
            with_body = status != 304 and self.command != "HEAD"
            # Counted before the first byte goes out: a client that has its answer finds
            # it in /_stats (counting after the write raced with the client's next request).
            farm.count(route, status, len(body) if with_body else 0)
            self.end_headers()
            if with_body:
                self.wfile.write(body)

    return Handler


def _validators(etag: str, modified: float) -> dict[str, str]:
    return {"ETag": etag, "Last-Modified": email.utils.formatdate(modified, usegmt=True),
            "Cache-Control": "max-age=0"}


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


# ---------------------------------------------------------------------------------------------
# Self-benchmark and CLI.
# ---------------------------------------------------------------------------------------------
def self_bench(farm: Farm, *, threads: int = 8, conditional: bool = True) -> dict[str, float]:
    """Requests/s the farm serves to keep-alive clients fetching every feed once."""
    urls = [urlsplit(u) for u in farm.feed_urls()]
    etags: dict[int, str] = {}
    if conditional:  # learn the validators first, untimed
        for i, u in enumerate(urls):
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
            conn.request("GET", u.path)
            response = conn.getresponse()
            response.read()
            etags[i] = response.getheader("ETag") or ""
            conn.close()
    chunks = [list(range(t, len(urls), threads)) for t in range(threads)]
    statuses: list[int] = []

    def worker(indices: list[int]) -> None:
        conns: dict[tuple[str, int], http.client.HTTPConnection] = {}
        for i in indices:
            u = urls[i]
            conn = conns.setdefault((u.hostname or "", u.port or 80),
                                    http.client.HTTPConnection(u.hostname, u.port, timeout=10))
            conn.request("GET", u.path, headers={"If-None-Match": etags[i]} if conditional else {})
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
        for conn in conns.values():
            conn.close()

    t0 = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    return {"requests": len(statuses), "seconds": elapsed, "req_per_s": len(statuses) / elapsed,
            "ok": sum(1 for s in statuses if s in (200, 304))}


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Serve a deterministic, evolving news feed farm "
                                             "on loopback.")
    ap.add_argument("--feeds", type=int, default=100)
    ap.add_argument("--entries", type=int, default=50)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hosts", type=int, default=1, help="spread feeds over 127.0.0.1..N")
    ap.add_argument("--content", choices=("summary", "full"), default="summary")
    ap.add_argument("--fact-rate", type=float, default=0.01)
    ap.add_argument("--cosmetic-rate", type=float, default=0.03)
    ap.add_argument("--tick-every", type=float, default=0, help="seconds between ticks (0: only "
                                                                "on /_tick)")
    ap.add_argument("--fail", type=float, default=0.0, help="share of feeds answering 500")
    ap.add_argument("--throttle", type=float, default=0.0, help="share answering 429")
    ap.add_argument("--slow", type=float, default=0.0, help="share answering after --slow-seconds")
    ap.add_argument("--slow-seconds", type=float, default=2.0)
    ap.add_argument("--self-bench", action="store_true", help="measure the farm's own req/s, exit")
    return ap.parse_args(argv)


def _ticker(farm: Farm, every: float) -> Iterator[None]:  # pragma: no cover - CLI loop
    while not farm._stopping.wait(every):
        events = farm.tick()
        facts = sum(1 for e in events if e.change == "fact")
        print(f"tick {farm.ticks}: {facts} fact changes, {len(events) - facts} cosmetic",
              flush=True)
        yield


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    farm = Farm(args.feeds, args.entries, seed=args.seed, port=args.port, hosts=args.hosts,
                fact_rate=args.fact_rate, cosmetic_rate=args.cosmetic_rate, content=args.content,
                epoch=DEFAULT_EPOCH if args.self_bench else float(int(time.time())))
    farm.set_faults(fail=args.fail, throttle=args.throttle, slow=args.slow,
                    slow_seconds=args.slow_seconds)
    with farm:
        rendered = farm.prerender()
        if args.self_bench:
            print(f"prerender {args.feeds} feeds x {args.entries} entries: {rendered:.2f} s")
            for conditional in (True, False):
                result = self_bench(farm, conditional=conditional)
                label = "304s" if conditional else "200s"
                print(f"{label}: {result['requests']} requests in {result['seconds']:.2f} s = "
                      f"{result['req_per_s']:.0f} req/s")
            return 0
        print(f"feed farm: {args.feeds} feeds x {args.entries} entries on {farm.base_url} "
              f"(feed URLs at {farm.base_url}/_feeds; rendered in {rendered:.1f} s)", flush=True)
        try:
            if args.tick_every > 0:
                for _ in _ticker(farm, args.tick_every):
                    pass
            else:
                farm._stopping.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
