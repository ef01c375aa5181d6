"""One poll of one feed, end to end: fetch, parse, identify, fingerprint, store.

    poll_feed(feed) = conditional GET ──► parse ──► entries, a batch per document:
        text (from the feed, or the article page when ``full_text``)
        ──► ingest_many: read what the store knows (monitor.ingest.read_snapshot)
                     ──► decide + compute on every core (monitor.cpu): identity, content
                         hash, unchanged? touch : version, fact diff
                     ──► apply, one short transaction per entry, re-checking what the
                         decision read (else decide again): version, changes,
                         outbox rows
    then full-text pages due for a re-check, then the feed's poll state.

The pool's threads share one SQLite connection, so every use of the store
holds ``self._lock``; network I/O and the CPU work happen outside it.  A feed's
problems never escape ``poll_feed``: they become its ``last_error`` and a backoff.
"""

from __future__ import annotations

import atexit
import gc
import logging
import random
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from monitor import events, fingerprint, pages, schedule
from monitor.config import Config, FeedConfig
from monitor.errors import (
    FetchError,
    MonitorError,
    NotFoundError,
    StoreError,
)
from monitor.ingest import feed_boilerplate as feed_boilerplate
from monitor.ingest import is_new_content as is_new_content
from monitor.ingest import page_entry
from monitor.models import Change, Entry, FetchResult
from monitor.redact import redact, redact_url
from monitor.storage import Storage
from monitor.store import iso, iso_not_before, parse_iso, utcnow

if TYPE_CHECKING:
    from monitor.fetch import HostGate, RequestOptions

log = logging.getLogger("monitor.poll")

# Decisions of one entry at most (each made stale by another writer in between).  Between
# two, a random pause of up to STALE_PAUSE seconds times the attempt: two processes racing
# on one story under a loaded CPU could otherwise each see the other's write land between
# its read and its write, time after time (seen in CI: 5 stale decisions in a row).
MAX_DECISIONS = 8
STALE_PAUSE = 0.005
# Article pages re-checked per poll of a feed, at most (the rest wait their turn).
RECHECKS_PER_POLL = 50
# A feed document's new articles whose pages are read (fetched and scanned) ahead of the
# one being stored: enough to go on reading while an early page waits for a verdict or
# for the workers, few enough that one feed's pages (~100 KB each, held until their
# turn) do not hold the others' up.  Re-checked pages are all read ahead (at most
# RECHECKS_PER_POLL): most are unchanged, and an unchanged one holds no body.
PAGES_AHEAD = 16


# A process that polls holds ~400 modules and what they made; when it exits, the
# interpreter's last collections walk all of it only to free memory the system takes back
# anyway: 35-65 ms of wall time at the end of every `monitor poll`, on one core, after the
# work (issue 12, session 17; ~27 ms with the modules alone).  Frozen at exit, they are
# not walked: everything is still released as the modules are torn down, and the exit
# handlers registered before this one (logging's flush and close among them) still run
# after it.  What is left unfreed is garbage in reference cycles (objects no longer used:
# the store, the files and the sockets are closed by their owners before the exit).
atexit.register(gc.freeze)


@dataclass
class PollOutcome:
    feed: str
    status: int | None = None  # HTTP status of the feed request (None: no answer)
    new_stories: int = 0
    new_versions: int = 0
    changes: int = 0
    error: str | None = None  # one line, secrets redacted
    skipped: bool = False  # not polled: a server asked us to wait (Retry-After)
    duration: float = 0.0  # seconds
    entries: int = 0  # entries read from the feed document
    rechecked: int = 0  # article pages re-checked
    page_trouble: int = 0  # article pages that could not be used (the stories' trouble)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Pending:
    """An entry waiting to be ingested: its text's source ("feed" or "page"), the page it
    was read from, or the trouble of a page that could not be used."""

    entry: Entry
    source: str = "feed"
    page: FetchResult | None = None
    trouble: pages.PageTrouble | None = None
    now: datetime | None = None  # when it was read (else the batch's time)


@dataclass
class _ArticleRead:
    """What reading a new entry's article page gave (in a page thread): the page and its
    read (``extract.PageRead``, None when the server said 304), or the error that made it
    unusable, and the SimHash work of the text it most likely gives, under way in a
    worker (a future of ``ingest.similarity_of``, or None)."""

    page: FetchResult | None = None
    read: Any = None
    error: Exception | None = None
    similarity: Any = None


@dataclass
class _Recheck:
    """A re-checked page as read (``Pipeline._settle_recheck``): its extraction when the
    article changed, or the trouble that made it unusable; ``now`` when it was taken up."""

    now: datetime
    page: FetchResult | None = None
    extracted: Any = None
    trouble: pages.PageTrouble | None = None


@dataclass
class _Slot:
    """An entry of a feed document on its way to the store, in document order: ready
    (``ready``), or waiting for its article page (``start`` reads it in a page thread)."""

    entry: Entry
    now: datetime
    ready: Pending | None = None
    start: Callable[[], Future[_ArticleRead]] | None = None
    article: Future[_ArticleRead] | None = None  # the page's read, once started


@dataclass
class IngestResult:
    story_id: int
    version_id: int | None  # None: the content was unchanged (or a flip-flop)
    is_new_story: bool
    changes: list[Change] = field(default_factory=list)


@dataclass
class _PollState:
    """What one poll learnt, for the feed's row."""

    started: datetime
    validators: tuple[str | None, str | None] | None = None  # (etag, last_modified) to keep
    max_age: float | None = None
    retry_after: float | None = None
    # New stories whose article page this poll read (not re-checked again by it).
    paged: set[int] = field(default_factory=set)


class Pipeline:
    def __init__(self, config: Config, store: Storage, fetcher: Any | None = None, *,
                 clock: Callable[[], datetime] = utcnow,
                 stop: threading.Event | None = None,
                 host_gate: HostGate | None = None, long_lived: bool = False) -> None:
        self.config = config
        # A daemon's pipeline (``monitor run``, a scale-out worker): its later passes diff
        # stories, so its workers' server preloads the fact core from the start (see
        # _facts_expected)
        self.long_lived = long_lived
        self.store = store
        self.clock = clock
        self.stop = stop or threading.Event()  # set: finish the current write, then return
        self._fetcher = fetcher
        # Workers (monitor/workers.py): each request also holds its host's lock shared by
        # every worker, article pages on other hosts than their feed's included.
        self._host_gate = host_gate
        self._own_fetchers: dict[float, Any] = {}
        self._fetchers_lock = threading.Lock()
        self._lock = threading.RLock()  # one SQLite connection, many pool threads
        self._extract_guard: Any = None  # perf hook (issue 12): see _layout_guard
        self._cpu: Any = None  # monitor.cpu.CpuPool, made on first use
        self._page_threads: ThreadPoolExecutor | None = None  # new articles' pages, on use
        self._shown_urls: dict[str, str] = {}  # feed URL -> as stored (see _shown_url)

    @property
    def lock(self) -> threading.RLock:
        """Held around every use of the store's connection (and by whoever closes it)."""
        return self._lock

    def close(self) -> None:
        for fetcher in self._own_fetchers.values():
            fetcher.close()
        self._own_fetchers.clear()
        if self._page_threads is not None:
            self._page_threads.shutdown(wait=True, cancel_futures=True)
        if self._cpu is not None:
            self._cpu.close()

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def feed_states(self) -> dict[str, dict[str, Any]]:
        """Every feed's stored poll state by name (safe from any thread)."""
        with self._lock:
            return {row["name"]: row for row in self.store.feeds()}

    def feed_state(self, name: str) -> dict[str, Any]:
        with self._lock:
            return self.store.feed(name) or {}

    # ------------------------------------------------------------ many feeds

    def poll(self, names: Collection[str] = (), *, due_only: bool = False,
             on_done: Callable[[PollOutcome], None] | None = None,
             on_start: Callable[[str], None] | None = None) -> list[PollOutcome]:
        """Poll the named feeds (all when empty) at once, at most ``concurrency`` at a time.

        ``on_start(name)`` is called (from a worker thread) as a feed's poll begins,
        ``on_done(outcome)`` (from this thread) as it ends: `monitor poll`'s progress.

        Feeds a server told to wait (Retry-After) are reported as skipped; with
        ``due_only`` feeds whose next poll has not come are left out.
        """
        feeds = self.select(names)
        now = self.clock()
        outcomes: dict[str, PollOutcome] = {}
        to_poll: list[FeedConfig] = []
        states = self.feed_states()
        for feed in feeds:
            state = states.get(feed.name) or {}
            wait_until = parse_iso(state.get("retry_after_until"))
            if wait_until and wait_until > now:
                outcomes[feed.name] = PollOutcome(
                    feed=feed.name, skipped=True, status=state.get("last_status"),
                    error=None)
                if on_done:
                    on_done(outcomes[feed.name])
            elif due_only and not schedule.is_due(now, parse_iso(state.get("next_poll_at"))):
                continue
            else:
                to_poll.append(feed)
        if to_poll:
            self._expect_first_pass(to_poll)
            workers = max(1, min(self.config.defaults.concurrency, len(to_poll)))
            with ThreadPoolExecutor(workers, thread_name_prefix="poll") as pool:
                futures = {pool.submit(self._poll_started, feed, on_start): feed
                           for feed in to_poll}
                try:
                    for future in as_completed(futures):
                        outcome = future.result()
                        outcomes[outcome.feed] = outcome
                        if on_done:
                            on_done(outcome)
                except KeyboardInterrupt:  # Ctrl-C: polls in flight stop after their write
                    self.stop.set()
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
        return [outcomes[f.name] for f in feeds if f.name in outcomes]

    def _expect_first_pass(self, feeds: Sequence[FeedConfig]) -> None:
        """Start the workers at once for a first pass of many full-text feeds into an empty
        store: each feed brings at least one new article (a page to scan, a story to
        decide), so they will be needed, and starting them before the first feed is even
        fetched has them warm ~0.15 s sooner (issue 12, pass 1: the pages' layout is
        verified in them, and every new story waits for that verdict)."""
        from monitor.cpu import START_AFTER

        full_text = sum(feed.full_text for feed in feeds)
        if full_text < START_AFTER or self._cpu is not None:
            return
        with self._lock:
            empty = self.store.summary().stories == 0
        if empty:
            self.cpu.expect(full_text)

    def _poll_started(self, feed: FeedConfig,
                      on_start: Callable[[str], None] | None) -> PollOutcome:
        if on_start is not None:
            on_start(feed.name)
        return self.poll_feed(feed)

    def select(self, names: Collection[str]) -> list[FeedConfig]:
        if not names:
            return list(self.config.feeds)
        # (sets made once: `monitor poll` names every feed, 1,000 of them)
        configured = {f.name for f in self.config.feeds}
        unknown = [n for n in names if n not in configured]
        wanted = set(names)
        if unknown:
            known = ", ".join(f.name for f in self.config.feeds) or "none"
            raise NotFoundError(f"no feed named '{unknown[0]}' in {self.config.path} "
                                f"(feeds: {known})")
        return [f for f in self.config.feeds if f.name in wanted]

    # ------------------------------------------------------------ one feed

    def poll_feed(self, feed: FeedConfig) -> PollOutcome:
        """Poll one feed now. Never raises for the feed's problems: they are recorded."""
        started = self.clock()
        clock_start = time.monotonic()
        outcome = PollOutcome(feed=feed.name)
        state = _PollState(started=started)
        try:
            self._poll(feed, outcome, state)
        except Exception as exc:  # one feed's trouble must never stop the others
            outcome.error = self._one_line(exc)
            if not isinstance(exc, MonitorError | sqlite3.Error):
                # One line for the user; the traceback only with -vv (a bug, not the feed).
                log.error("%s: unexpected error: %s", feed.name, outcome.error)
                log.debug("%s: traceback", feed.name, exc_info=True)
        outcome.duration = time.monotonic() - clock_start
        self._save_layout_guard()  # perf hook (issue 12)
        if self.stop.is_set() and not outcome.ok:
            log.info("%s: poll interrupted by shutdown", feed.name)
            return outcome  # cut short, not the feed's fault: nothing to record
        try:
            self._record(feed, outcome, state)
        except (sqlite3.Error, StoreError) as exc:  # e.g. a full disk: try again next poll
            outcome.error = outcome.error or self._one_line(exc)
            log.error("%s: cannot record the poll: %s", feed.name, self._one_line(exc))
        self._log(outcome)
        events.emit(events.POLL_DONE, outcome=outcome)  # /metrics under `monitor run --serve`
        return outcome

    def recheck_feed(self, feed: FeedConfig) -> PollOutcome:
        """Re-check the feed's article pages whose time has come, without polling the feed
        (the workers' extract jobs, issue 13).  Never raises for a page's problems."""
        outcome = PollOutcome(feed=feed.name)
        clock_start = time.monotonic()
        try:
            self._recheck_pages(feed, outcome)
        except (sqlite3.Error, StoreError, MonitorError) as exc:
            outcome.error = self._one_line(exc)
            log.error("%s: page re-check failed: %s", feed.name, outcome.error)
        outcome.duration = time.monotonic() - clock_start
        self._save_layout_guard()
        return outcome

    def _poll(self, feed: FeedConfig, outcome: PollOutcome, state: _PollState) -> None:
        from monitor.feeds import parse_feed
        from monitor.fetch import FEED_ACCEPT

        with self._lock:
            self.store.ensure_feed(feed.name, self._shown_url(feed.url))
            row = self.store.feed(feed.name) or {}
        try:
            result = self.fetcher(feed).get(
                feed.url, etag=row.get("etag"), last_modified=row.get("last_modified"),
                allow_hosts=_hosts(feed.url), accept=FEED_ACCEPT,
                options=request_options(feed))
        except FetchError as exc:
            outcome.status = exc.status
            state.retry_after = exc.retry_after
            raise
        outcome.status = result.status
        state.max_age = result.max_age
        if not result.not_modified:
            parsed = parse_feed(result.body, url=result.url,
                                content_type=result.headers.get("content-type"))
            entries = distinct_entries(parsed.entries)
            outcome.entries = len(entries)
            problems: list[str] = []
            claimed, unknown = self._known_stories(feed.name, entries)  # under their keys
            self.cpu.expect(unknown)  # the workers start while pages are fetched
            batch: list[_Slot] = []
            batch_keys: set[str] = set()
            for index, entry in enumerate(entries):
                if self.stop.is_set():
                    break
                keys = set(fingerprint.identity_keys(entry))
                if keys & batch_keys:  # it may be one of the batch's stories: store those first
                    problems += self._take_batch(feed, batch, outcome, claimed, state.paged)
                    batch, batch_keys = [], set()
                # A malformed document's last entry may be cut short (a truncated body
                # ends inside it): it may add a story but never edit one.  The entries
                # before it were read whole.
                trusted = parsed.error is None or index < len(entries) - 1
                slot = self._start_entry(feed, entry, trusted=trusted)
                if slot is not None:
                    batch.append(slot)
                    batch_keys |= keys
            problems += self._take_batch(feed, batch, outcome, claimed, state.paged)
            if parsed.error:
                # Keep what could be read, but not the validators: the next poll must
                # fetch the document again rather than be told "304, nothing new".
                outcome.error = f"malformed feed: {parsed.error}"
            elif problems:
                outcome.error = problems[0] + (f" (and {len(problems) - 1} more)"
                                               if len(problems) > 1 else "")
            elif not self.stop.is_set():
                state.validators = (result.etag, result.last_modified)
        else:
            state.validators = (result.etag, result.last_modified)
        if feed.full_text and not self.stop.is_set():
            self._recheck_pages(feed, outcome, skip=state.paged)

    def _known_stories(self, feed_name: str, entries: list[Entry]) -> tuple[set[int], int]:
        """Stories the document's entries name by guid or link, whatever their order, and
        how many entries name none."""
        # (ids only: the stories' rows are read at each entry's turn, read_snapshot)
        with self._lock:
            found = [self.store.story_id_by_keys(feed_name, fingerprint.identity_keys(entry))
                     for entry in entries]
        return {story_id for story_id in found if story_id is not None}, found.count(None)

    def _start_entry(self, feed: FeedConfig, entry: Entry, *,
                     trusted: bool) -> _Slot | None:
        """An entry on its way to the store: ready, or waiting for its article page (read
        when ``_take_batch`` comes to it); None when it only touched its story.

        An untrusted entry (``trusted`` False) only adds new stories: a truncated
        entry must not become a new version of a good one.
        """
        now = self.clock()
        if trusted and not feed.full_text:
            # No page to follow and nothing to hold back: the entry goes to the store as
            # it is, and what the store knows of it is read at its turn (read_snapshot).
            # Looking its story up here as well cost every entry of a feed-only document
            # a turn of the store's lock: ~14 % of a poll's busy threads waited here in
            # benchmarks/poll.py's pass 3 (issue 12).
            return _Slot(entry, now, ready=Pending(entry, "feed", None, None, now))
        with self._lock:
            known = self.store.story_by_keys(feed.name, fingerprint.identity_keys(entry))
            # A story following its page: its page is re-checked on its own schedule.
            # One whose page could not be used (or is gone for good) goes on with the
            # feed's text below.
            from_page = known is not None and known[0]["page_state"] in (
                None, pages.RETRYING) and any(
                v["source"] == "page" for v in self.store.latest_versions(known[0]["id"], 1))
        if known is not None and (not trusted or (feed.full_text and entry.link and from_page)):
            with self._lock, self.store.write():
                self.store.update_story(known[0]["id"], last_seen_at=iso(now))
            return None
        if feed.full_text and entry.link and not known:
            link = entry.link

            def start() -> Future[_ArticleRead]:
                return self.page_threads.submit(self._read_article, feed, entry, link)

            return _Slot(entry, now, start=start)
        return _Slot(entry, now, ready=Pending(entry, "feed", None, None, now))

    @property
    def page_threads(self) -> ThreadPoolExecutor:
        """The threads that read new articles' pages ahead of their turn (issue 12): as
        many as feeds are polled at once (the fetcher's per-host limit still holds)."""
        with self._fetchers_lock:
            if self._page_threads is None:
                self._page_threads = ThreadPoolExecutor(
                    max(1, self.config.defaults.concurrency), thread_name_prefix="page")
            return self._page_threads

    def _read_article(self, feed: FeedConfig, entry: Entry, link: str) -> _ArticleRead:
        """A new entry's article page fetched and scanned (in a page thread), without
        waiting for the guard's verdict on its layout (``_resolved`` waits, at its turn),
        and the SimHash of the story it most likely makes started in a worker."""
        if self.stop.is_set():  # not read: _take_batch stops before its turn
            return _ArticleRead()
        known: list[Any] = []  # the SimHash work a worker did with the page's scan
        try:
            page, read = _lean(*self._fetch_page(feed, link, wait=False, new=(entry, known)))
        except Exception as exc:  # one article page never breaks its feed
            return _ArticleRead(error=exc)
        likely = (read.extracted or read.scan.fast) if read is not None else None
        return _ArticleRead(page, read, similarity=self._similarity_ahead(
            entry, likely, known[0] if known else None))

    def _similarity_ahead(self, entry: Entry, extracted: Any, known: Any = None) -> Any:
        """``ingest.similarity_of`` of the story the page's text makes, in a worker when
        they are up: the poll process's GIL is what pass 1 waits for (read_snapshot checks
        the texts, so a guess that misses costs nothing but the worker's ~2 ms).  ``known``:
        the one a worker worked out with the page's scan (``ingest.scan_with_similarity``),
        taken when it is of these texts."""
        from monitor.ingest import similarity_of, snapshot_texts

        if extracted is None:
            return None
        texts = snapshot_texts(_page_entry(entry, extracted))
        if known is not None and tuple(known[:2]) == texts:
            done: Future[tuple[bool, Any]] = Future()
            done.set_result((True, known))
            return done
        return self.cpu.submit(similarity_of, *texts)

    def _resolved(self, feed: FeedConfig, slot: _Slot,
                  outcome: PollOutcome) -> tuple[Pending, Any, Any]:
        """The slot's entry ready to ingest, with its page's extraction and the SimHash
        work under way: the page's read waited for, and its layout's verdict."""
        if slot.ready is not None:
            return slot.ready, None, None
        assert slot.article is not None
        article = slot.article.result()
        entry, source, page, trouble = slot.entry, "feed", article.page, None
        extracted: Any = None
        try:
            if article.error is not None:
                raise article.error
            if article.read is not None:
                extracted = article.read.finish(self._layout_guard(), self._page_runner())
        except Exception as exc:  # one article page never breaks its feed
            trouble = self._page_trouble(feed, exc)
        else:
            if extracted is not None:
                trouble = pages.thinner_than_feed(extracted.text, entry.text or "")
                if trouble is None:
                    entry, source = _page_entry(entry, extracted), "page"
        if trouble is not None:
            # The story is stored at once from the feed's own text; the page is the
            # story's trouble (retried on its own schedule, or recorded as gone).
            outcome.page_trouble += 1
            page = None
        similarity = article.similarity
        if similarity is None and source == "page":  # read before the workers were up
            similarity = self._similarity_ahead(slot.entry, extracted)
        return Pending(entry, source, page, trouble, slot.now), extracted, similarity

    def _take_batch(self, feed: FeedConfig, batch: list[_Slot],
                    outcome: PollOutcome, claimed: set[int], paged: set[int]) -> list[str]:
        """Ingest a feed document's entries in order, each as soon as it is ready (its
        article page read up to ``PAGES_AHEAD`` entries ahead); returns one-line problems.
        The new stories whose page was read for them are added to ``paged``."""
        if not batch:
            return []
        resolved: list[tuple[Pending, Any]] = []

        def ready() -> Iterator[tuple[Pending, Any]]:
            for index, slot in enumerate(batch):
                if self.stop.is_set():
                    return  # what is left is neither read nor stored
                for ahead in batch[index:index + PAGES_AHEAD]:
                    if ahead.start is not None and ahead.article is None:
                        ahead.article = ahead.start()
                pending, extracted, similarity = self._resolved(feed, slot, outcome)
                resolved.append((pending, extracted))
                yield pending, similarity

        try:
            results = self._ingest(feed.name, ready(), len(batch), now=batch[0].now,
                                   claimed=claimed)
        finally:
            for slot in batch:  # not reached (a shutdown): not read either
                if slot.article is not None:
                    slot.article.cancel()
        problems = []
        for (pending, extracted), result in zip(resolved, results, strict=False):
            entry = pending.entry
            if isinstance(result, Exception):
                log.error("%s: entry %s failed: %s", feed.name, entry.guid or entry.link,
                          self._one_line(result))
                log.debug("%s: traceback", feed.name, exc_info=result)
                problems.append(f"entry {entry.guid or entry.link or entry.title!r}: "
                                f"{self._one_line(result)}")
                continue
            self._count(outcome, result)
            if result is not None and result.is_new_story and (
                    pending.page is not None or pending.trouble is not None):
                paged.add(result.story_id)  # a story this poll made from its page (or tried)
            if pending.source == "page":  # perf hook (issue 12): the article region's print
                self._keep_page_fingerprint(result, entry, extracted)
        return problems

    def _fetch_page(self, feed: FeedConfig, url: str, *, etag: str | None = None,
                    last_modified: str | None = None, fingerprint: str | None = None,
                    more: bool = False, wait: bool = True,
                    new: tuple[Entry, list[Any]] | None = None,
                    ) -> tuple[FetchResult, Any | None]:
        """An article page and its read (``extract.PageRead``: None when the server said
        304, or when the page's article region still has ``fingerprint``: then it is not
        extracted).  ``wait`` False: a page whose layout's verdict is still being worked
        out is left for ``PageRead.finish``.  ``more``: other pages are still to be
        re-checked after this one (see _page_step).  ``new``: a new entry's page, and the
        list that receives the SimHash work a worker does with its scan (or None)."""
        from monitor.extract import read_page
        from monitor.fetch import HTML_ACCEPT

        result = self.fetcher(feed).get(url, etag=etag, last_modified=last_modified,
                                        allow_hosts=_hosts(feed.url), accept=HTML_ACCEPT,
                                        options=request_options(feed))
        if result.not_modified:
            return result, None
        return result, read_page(result.body, url=result.url, previous=fingerprint,
                                 guard=self._layout_guard(), run=self._page_runner(more, new),
                                 wait=wait)

    def _page_runner(self, more: bool = False,
                     new: tuple[Entry, list[Any]] | None = None) -> Callable[..., Any]:
        """How a page's extraction runs its CPU-bound steps (see _page_step).  A new
        entry's page (``new``) is scanned with the SimHash work of the story it makes when
        the scan goes to a worker (``ingest.scan_with_similarity``), put in ``new[1]``."""
        def run(step: Callable[..., Any], *args: Any) -> Any:
            from monitor.extract import scan_page
            from monitor.ingest import scan_alone, scan_with_similarity

            if new is not None and step is scan_page and args[2] is None:
                scan, similarity = self.cpu.call(scan_alone, new[0], *args,
                                                 pooled=scan_with_similarity)
                new[1].append(similarity)
                return scan
            return self._page_step(step, *args, more=more)

        return run

    def _page_step(self, step: Callable[..., Any], *args: Any, more: bool = False) -> Any:
        """A step of a page's extraction, in the process pool (issue 12).  trafilatura's
        (``extract_full``: ~80 ms, and ~0.4 s more for its first call in a process) waits
        for workers that are starting rather than run here; the lexbor parse does not.  A
        re-checked page's scan (``scan_page`` given the stored fingerprint: mostly a quick
        check, ~1.5 ms) does not count towards starting the workers: 16 of them are not
        worth a forkserver (~1 s of CPU with its preloads).  One that finds the article
        changed while ``more`` pages are to be re-checked starts them: its story's facts
        are then read in a worker, not here (loading the fact core costs ~0.3 s of the
        GIL the poll threads share), and the other pages are parsed there too."""
        from monitor.extract import extract_full, scan_page

        quick = step is scan_page and args[2] is not None
        result = self.cpu.call(step, *args, wait=step is extract_full, counted=not quick)
        if quick and more and result is not None:
            self.cpu.start()
        return result

    def _recheck_pages(self, feed: FeedConfig, outcome: PollOutcome,
                       skip: Collection[int] = ()) -> None:
        """Re-fetch the pages of this feed's stories whose re-check (or retry) has come: all
        read in the page threads at once, taken here in order (a story edited on its page
        waits for the workers without holding up the reading of the others).  The stories
        in ``skip`` had their page read by this poll already: a re-check falling due while
        the poll still runs (a schedule shorter than the poll, as under load with
        ``recheck_min: 1s``) waits for the next poll rather than fetch the page again."""
        now = self.clock()
        with self._lock:
            due = self.store.due_rechecks(feed.name, iso(now) or "",
                                          RECHECKS_PER_POLL + len(skip))
        due = [story for story in due if story["id"] not in skip][:RECHECKS_PER_POLL]
        reads: list[Future[tuple[FetchResult, Any]]] = []
        # Pages whose article changed while the workers were starting (their new version
        # would wait for them): taken after the feed's other pages, in order, so that this
        # thread does not sit idle with the rest of the feed read (issue 12, pass 3).
        later: list[tuple[dict[str, Any], _Recheck]] = []
        try:
            for index, story in enumerate(due):
                if self.stop.is_set():
                    return
                while len(reads) < len(due):
                    reads.append(self._start_recheck(feed, due[len(reads)],
                                                     more=len(reads) < len(due) - 1))
                checked = self._settle_recheck(feed, story, reads[index],
                                               more=index < len(due) - 1)
                if checked.extracted is not None and self.cpu.started and not self.cpu.ready:
                    later.append((story, checked))
                else:
                    self._recheck(feed, story, checked, outcome)
            for story, checked in later:
                if self.stop.is_set():
                    return
                self._recheck(feed, story, checked, outcome)
        finally:
            for read in reads:  # not reached (a shutdown): not read either
                read.cancel()

    def _start_recheck(self, feed: FeedConfig, story: dict[str, Any], *,
                       more: bool) -> Future[tuple[FetchResult, Any]]:
        """A story's page fetched and scanned in a page thread (see _fetch_page)."""
        previous = self._page_fingerprint(story)  # perf hook (issue 12)

        def read() -> tuple[FetchResult, Any]:
            return _lean(*self._fetch_page(
                feed, story["url"], etag=story["page_etag"],
                last_modified=story["page_last_modified"], fingerprint=previous, more=more,
                wait=False))

        return self.page_threads.submit(read)

    def _settle_recheck(self, feed: FeedConfig, story: dict[str, Any],
                        reading: Future[tuple[FetchResult, Any]], *, more: bool) -> _Recheck:
        """One re-checked page read and, when its article changed, extracted."""
        now = self.clock()
        try:
            page, read = reading.result()
            extracted = read.finish(self._layout_guard(), self._page_runner(more)) if (
                read is not None) else None
        except Exception as exc:  # one article page never breaks its feed
            return _Recheck(now, trouble=self._page_trouble(feed, exc, story_id=story["id"]))
        return _Recheck(now, page, extracted)

    def _recheck(self, feed: FeedConfig, story: dict[str, Any], checked: _Recheck,
                 outcome: PollOutcome) -> None:
        """One re-checked page, read: a new version of its story, or the story updated."""
        now, page, extracted, trouble = (checked.now, checked.page, checked.extracted,
                                         checked.trouble)
        if trouble is None:
            outcome.rechecked += 1
            if extracted is not None:
                with self._lock:
                    latest = self.store.latest_versions(story["id"], 1)
                if latest and latest[0]["source"] == "feed":
                    trouble = pages.thinner_than_feed(extracted.text, latest[0]["text"])
                if trouble is None:
                    entry = Entry(guid=story["guid"], link=story["url"],
                                  title=extracted.title or story["title"],
                                  text=extracted.text,
                                  published=parse_iso(story["published_at"]))
                    result = self.ingest(feed.name, entry, now=now, source="page", page=page)
                    self._count(outcome, result)
                    self._keep_page_fingerprint(result, entry, extracted)  # perf hook
                    return
        with self._lock, self.store.write():
            if trouble is not None:
                outcome.page_trouble += 1
                self.store.update_story(story["id"], **self._trouble_fields(story, trouble, now))
            else:  # 304, or its article region unchanged: the page is as it was
                self.store.update_story(story["id"],
                                        next_check_at=iso_not_before(self._next_check(story, now)),
                                        page_state=None, page_error=None, page_failures=0,
                                        **_unextracted_page(page, now))  # perf hook

    # ---- perf hooks (issue 12): a re-checked page whose article region has the
    # fingerprint of the page the story's latest version came from is not extracted.

    def _layout_guard(self) -> Any:
        """Where the fast extractor may stand in for trafilatura, as this store has seen it
        (loaded on first use, so each `monitor poll` does not verify every layout again)."""
        with self._fetchers_lock:
            if self._extract_guard is None:
                from monitor.fastpath import FastPathGuard

                guard = FastPathGuard()
                with self._lock:
                    guard.load(self.store.extract_layouts())
                self._extract_guard = guard
            return self._extract_guard

    def _save_layout_guard(self) -> None:
        """Keep the layouts compared during a poll (a failure only loses counts)."""
        rows = self._extract_guard.changed() if self._extract_guard is not None else []
        if rows:
            try:
                with self._lock, self.store.write():
                    self.store.save_extract_layouts(rows)
            except (sqlite3.Error, StoreError) as exc:
                log.warning("cannot keep the extraction layouts: %s", self._one_line(exc))

    def _page_fingerprint(self, story: dict[str, Any]) -> str | None:
        """The story's stored page fingerprint, while its latest version is still the one
        extracted from that page (any later version, page or feed, voids it)."""
        stored = (story.get("page_fingerprint") or "").split(" ")
        if len(stored) != 2:
            return None
        with self._lock:
            latest = self.store.latest_versions(int(story["id"]), 1)
        return stored[0] if latest and str(latest[0]["id"]) == stored[1] else None

    def _keep_page_fingerprint(self, result: IngestResult | None, entry: Entry,
                               extracted: Any) -> None:
        """Store the fingerprint of the page just extracted when the story's latest version
        is exactly that extraction (else clear it: the next re-check extracts again)."""
        if result is None:
            return
        with self._lock, self.store.write():
            latest = self.store.latest_versions(result.story_id, 1)
            same = bool(latest) and (latest[0]["source"] == "page"
                    and latest[0]["title"] == (entry.title or "").strip()
                    and latest[0]["text"] == (entry.text or "").strip())
            fingerprint = getattr(extracted, "fingerprint", None)
            self.store.update_story(
                result.story_id,
                page_fingerprint=f"{fingerprint} {latest[0]['id']}" if same and fingerprint
                else None)

    def _page_trouble(self, feed: FeedConfig, exc: Exception, *,
                      story_id: int | None = None) -> pages.PageTrouble:
        message = self._one_line(exc)
        where = f"story {story_id}: " if story_id is not None else ""
        if isinstance(exc, MonitorError):
            log.info("%s: %sarticle page: %s (the story follows the feed's text)", feed.name,
                     where, message)
        else:  # a bug, not the page: one line, the traceback with -vv
            log.warning("%s: %sarticle page: unexpected error: %s", feed.name, where, message)
            log.debug("%s: traceback", feed.name, exc_info=exc)
        return pages.classify(exc, message)

    def _trouble_fields(self, story: dict[str, Any], trouble: pages.PageTrouble,
                        now: datetime) -> dict[str, Any]:
        """The story's columns after its page failed: state, error, and the next try."""
        from monitor.ingest import trouble_fields

        return trouble_fields(story, trouble, now, self._options(str(story.get("feed") or "")))

    def _next_check(self, story: dict[str, Any], now: datetime) -> datetime | None:
        from monitor.ingest import next_check

        return next_check(story, now, self._options(str(story.get("feed") or "")))

    @staticmethod
    def _count(outcome: PollOutcome, result: IngestResult | None) -> None:
        if result is None:
            return
        outcome.new_stories += result.is_new_story
        outcome.new_versions += result.version_id is not None
        outcome.changes += len(result.changes)

    # ------------------------------------------------------------ the feed's row

    def _record(self, feed: FeedConfig, outcome: PollOutcome, state: _PollState) -> None:
        now = self.clock()
        defaults = self.config.defaults
        with self._lock, self.store.write():
            self.store.ensure_feed(feed.name, self._shown_url(feed.url))
            row = self.store.feed(feed.name) or {}
            failures = 0 if outcome.ok else int(row.get("consecutive_failures") or 0) + 1
            # A feed that still gave entries (malformed, or one article page failing) is
            # shown as failing but not polled less often: it is still useful.
            backoff = failures if outcome.entries == 0 else 0
            retry_until = schedule.retry_after_until(now, state.retry_after)
            fields: dict[str, Any] = {
                "last_polled_at": iso(state.started),
                "last_status": outcome.status,
                "last_error": outcome.error,
                "consecutive_failures": failures,
                "retry_after_until": iso(retry_until),
                "next_poll_at": iso(schedule.next_poll_at(
                    state.started, interval=feed.interval, jitter=defaults.jitter,
                    failures=backoff, retry_after_until=retry_until, max_age=state.max_age)),
            }
            if outcome.ok:
                fields["last_success_at"] = iso(now)
            if state.validators is not None:
                fields["etag"], fields["last_modified"] = state.validators
            alerted = bool(row.get("health_alerted"))
            failing = not outcome.ok and not alerted and failures >= defaults.failure_alert_after
            if failing or (outcome.ok and alerted):  # the feed's health turned
                # Imported here: the outbox and its channels' modules (~4 ms) are wanted only
                # when a feed's health turns, not for every feed's row (issue 12).
                from monitor.notify.outbox import enqueue_health_alert

                enqueue_health_alert(self.store, self.config, feed=feed.name,
                                     state="failing" if failing else "recovered",
                                     error=outcome.error if failing else None, now=now)
                fields["health_alerted"] = int(failing)
            self.store.update_feed(feed.name, **fields)

    def _log(self, outcome: PollOutcome) -> None:
        counts = (f"{outcome.new_stories} new stories, {outcome.new_versions} new versions, "
                  f"{outcome.changes} changes")
        status = f"HTTP {outcome.status}" if outcome.status else "no answer"
        if outcome.error:
            log.warning("%s: poll failed (%s, %s, %.2fs): %s", outcome.feed, status, counts,
                        outcome.duration, outcome.error)
        else:
            log.info("%s: %s, %s, %.2fs", outcome.feed, status, counts, outcome.duration)

    def _shown_url(self, url: str) -> str:
        """A feed URL as the store keeps it: the file is browsed (Datasette) and
        copied around, so credentials, tokens and ${VAR} values stay out of it.  Kept
        per URL: every entry's write passes it (profiled: a quarter of an unchanged
        entry's CPU went to parsing the URL again)."""
        shown = self._shown_urls.get(url)
        if shown is None:
            shown = self._shown_urls[url] = redact(redact_url(url), self.config.secrets)
        return shown

    def _one_line(self, exc: BaseException) -> str:
        text = str(exc) if isinstance(exc, MonitorError) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, sqlite3.Error):
            text = f"store: {exc}"
        first = (text.strip().splitlines() or [type(exc).__name__])[0]
        return redact(first, self.config.secrets)[:500]

    # ------------------------------------------------------------ fetchers

    def fetcher(self, feed: FeedConfig) -> Any:
        """The given fetcher, else one per distinct feed timeout (made on first use)."""
        if self._fetcher is not None:
            return self._fetcher
        with self._fetchers_lock:
            fetcher = self._own_fetchers.get(feed.timeout)
            if fetcher is None:
                from monitor.fetch import Fetcher

                defaults = self.config.defaults
                fetcher = Fetcher(timeout=feed.timeout, max_bytes=defaults.max_bytes,
                                  per_host=defaults.per_host,
                                  allow_private=defaults.allow_private_addresses,
                                  host_gate=self._host_gate)
                self._own_fetchers[feed.timeout] = fetcher
            return fetcher

    # ------------------------------------------------------------ one entry

    def ingest(self, feed_name: str, entry: Entry, *, now: datetime, source: str = "feed",
               page: FetchResult | None = None, claimed: set[int] | None = None,
               page_trouble: pages.PageTrouble | None = None) -> IngestResult | None:
        """One entry through identity, fingerprint, version, fact diff, changes and
        outbox: decided outside any transaction, written in ONE.  None when the entry has
        nothing to store.

        ``page_trouble``: a full-text entry whose article page could not be used; it
        is stored from the feed's text and the trouble is recorded on its story.

        ``claimed`` collects the stories other entries of the same document went to: a
        near-duplicate of one of those with other content is a second story listed beside
        it (two renderings of one wire story), not the same story under a new id, which
        would make the two alternate as versions on every poll."""
        result = self.ingest_many(feed_name, [Pending(entry, source, page, page_trouble, now)],
                                  now=now, claimed=claimed)[0]
        if isinstance(result, Exception):
            raise result
        return result

    def ingest_many(self, feed_name: str, entries: Sequence[Entry | Pending], *,
                    now: datetime, claimed: set[int] | None = None,
                    ) -> list[IngestResult | Exception | None]:
        """Entries of one feed document, in order, as ``ingest`` would store them one by
        one: what the store knows is read for each, the decisions and fact diffs are
        computed for the whole batch (on every core: monitor.cpu), then each is applied
        in its own short transaction that re-checks what its decision read; a decision
        made stale by an entry applied before it (or by another process) is made again.

        An entry that failed gives its exception as its result; the entries not reached
        when ``self.stop`` is set give None."""
        items = [e if isinstance(e, Pending) else Pending(e) for e in entries]
        similarities = self._similarities(feed_name, items)
        return self._ingest(feed_name, ((item, similarities.get(index))
                                        for index, item in enumerate(items)),
                            len(items), now=now, claimed=claimed)

    def _ingest(self, feed_name: str, items: Iterable[tuple[Pending, Any]], count: int, *,
                now: datetime, claimed: set[int] | None,
                ) -> list[IngestResult | Exception | None]:
        """``ingest_many`` of ``count`` entries, each with the future of its
        ``similarity_of`` (or None), taken from ``items`` only as the pool comes to them."""
        from monitor.ingest import Job

        options = self._options(feed_name)
        jobs: list[Job] = []

        def job_of(item: Pending, similarity: Any) -> Job:
            # Read when the pool takes it (monitor.cpu: a few jobs ahead of the one being
            # written), so the entries before it are mostly written already.
            when = item.now or now
            frozen = frozenset(claimed or ())
            jobs.append(Job(
                entry=item.entry, options=options, now=when, source=item.source,
                snapshot=self._snapshot(feed_name, item.entry, item.source, when, frozen,
                                        similarity=_worked_out(similarity)),
                page_validators=(item.page.etag, item.page.last_modified)
                if item.page is not None else None, trouble=item.trouble))
            return jobs[-1]

        results: list[IngestResult | Exception | None] = []
        # Unchanged entries decided in a row, written together before the next entry.
        touches: list[tuple[Job, Any]] = []
        decided = self.cpu.results((job_of(*item) for item in items), count)
        try:
            for index, first in enumerate(decided):
                job = jobs[index]
                if self.stop.is_set():
                    break
                if _plain_touch(first, claimed):
                    touches.append((job, first))
                    continue
                results += self._write_touches(feed_name, touches, claimed)
                touches = []
                results.append(self._apply_alone(feed_name, job, first, claimed))
            results += self._write_touches(feed_name, touches, claimed)
        finally:
            decided.close()
        return results + [None] * (count - len(results))

    def _write_touches(self, feed_name: str, touches: Sequence[tuple[Any, Any]],
                       claimed: set[int] | None) -> list[IngestResult | Exception | None]:
        """The results of consecutive entries decided as plain touches (``_plain_touch``),
        written in one transaction, each as ``_apply`` writes it (its basis re-checked):
        most of a changed feed document is its unchanged entries, and a transaction of its
        own for each was most of what such an entry cost the poll process (issue 12).  An
        entry whose basis no longer holds, or a batch that failed other than in the store,
        goes through ``_apply`` on its own."""
        if not touches:
            return []
        frozen = frozenset(claimed or ())
        try:
            with self._lock, self.store.write():
                written = [self._write(feed_name, replace(intent, claimed=frozen), job.now)
                           for job, intent in touches]
        except (sqlite3.Error, StoreError):
            raise  # the store itself is in trouble (disk full...)
        except Exception:  # nothing of the batch was kept: each entry on its own below
            written = [None] * len(touches)
        results: list[IngestResult | Exception | None] = []
        for (job, intent), applied in zip(touches, written, strict=True):
            if applied is None:
                results.append(self._apply_alone(feed_name, job, intent, claimed))
                continue
            story_id, _ = applied
            if claimed is not None:
                claimed.add(story_id)
            results.append(IngestResult(story_id, None, False, []))
        return results

    @property
    def cpu(self) -> Any:
        """The process pool computing decisions and fact diffs (started when there is
        work)."""
        if self._cpu is None:
            from monitor.cpu import CpuPool

            preload = self._page_preload()  # outside the lock: it takes it for the guard
            fact_core = self._facts_expected()
            with self._fetchers_lock:
                if self._cpu is None:
                    self._cpu = CpuPool(preload=preload, fact_core=fact_core)
        return self._cpu

    def _facts_expected(self) -> bool:
        """Will the workers read facts?  Only a new version of a story that has one does
        (for its diff: ingest.compute), so a ``monitor poll`` of a store with no story
        does not preload the fact core in the workers' server (~0.3 s of CPU in a first
        pass of new stories, issue 12).  A daemon always does: its workers live on into
        the passes that diff, and a worker that loads the fact core itself holds a private
        copy of it (~45 MiB each), where workers forked from a server that preloaded it
        share the server's pages (~6 MiB private each; benchmarks/memory.py)."""
        if self.long_lived:
            return True
        with self._lock:
            return self.store.summary().stories > 0

    def _page_preload(self) -> tuple[str, ...]:
        """What the workers' server imports for full-text feeds' pages, which are extracted
        in the workers too: the extraction, and trafilatura warmed up (~0.5 s: its first
        call in a process) unless this store's layouts all take the fast path, when only
        one page in ``FastPathGuard.recheck_every`` needs it (a worker then loads it)."""
        if not any(feed.full_text for feed in self.config.feeds):
            return ()
        settled = self._layout_guard().settled()
        return ("monitor.extract",) if settled else ("monitor._worker_pages",)

    def _options(self, feed_name: str) -> Any:
        from monitor.ingest import Options

        feed = self.config.feed(feed_name)
        defaults = self.config.defaults
        return Options(full_text=bool(feed and feed.full_text),
                       recheck_min=defaults.recheck_min, recheck_max=defaults.recheck_max,
                       recheck_until=defaults.recheck_until)

    def _snapshot(self, feed_name: str, entry: Entry, source: str, now: datetime,
                  claimed: frozenset[int], more: Sequence[int] = (),
                  similarity: Any = None) -> Any:
        from monitor.ingest import read_snapshot

        with self._lock:
            return read_snapshot(self.store, feed_name, entry, source=source, now=now,
                                 claimed=claimed, more=more, similarity=similarity)

    def _similarities(self, feed_name: str, items: Sequence[Pending]) -> dict[int, Any]:
        """Futures of ``ingest.similarity_of`` for the entries no story has under their
        keys (new stories, whose snapshot searches near-duplicates by SimHash), when the
        workers are up: ~2 ms each of this process's CPU otherwise (issue 12)."""
        from monitor.ingest import similarity_of, snapshot_texts

        if not self.cpu.ready:
            return {}
        with self._lock:
            new = [index for index, item in enumerate(items)
                   if self.store.story_id_by_keys(
                       feed_name, list(fingerprint.identity_keys(item.entry))) is None]
        futures = {}
        for index in new:
            future = self.cpu.submit(similarity_of, *snapshot_texts(items[index].entry))
            if future is not None:
                futures[index] = future
        return futures

    def _apply_alone(self, feed_name: str, job: Any, decided: Any,
                     claimed: set[int] | None) -> IngestResult | Exception | None:
        """``_apply`` of one entry, its own failure given as its result (one bad entry must
        not lose the others); the store's own trouble (disk full...) is raised."""
        try:
            return self._apply(feed_name, job, decided, job.now, claimed)
        except (sqlite3.Error, StoreError):
            raise
        except Exception as exc:
            return exc

    def _apply(self, feed_name: str, job: Any, decided: Any, now: datetime,
               claimed: set[int] | None) -> IngestResult | None:
        """Apply a decision; decide again (in-process) while it is stale."""
        from monitor.ingest import Intent, NeedMore, decide_and_compute

        more: list[int] = []
        stale = 0  # decisions the store changed under
        for _attempt in range(MAX_DECISIONS):
            if isinstance(decided, Exception):
                raise decided
            if decided is None:
                return None
            if isinstance(decided, NeedMore):
                more.append(decided.story_id)
            else:
                if isinstance(decided, Intent) and _claims_hold(decided, claimed):
                    applied = self._write(feed_name, replace(
                        decided, claimed=frozenset(claimed or ())), now)
                    if applied is not None:
                        story_id, version_id = applied
                        if claimed is not None:
                            claimed.add(story_id)
                        version = decided.version
                        return IngestResult(story_id, version_id, decided.is_new_story,
                                            list(version.changes or ()) if version else [])
                stale += 1
                time.sleep(random.uniform(0, STALE_PAUSE * stale))  # let the other through
            job = replace(job, snapshot=self._snapshot(
                feed_name, job.entry, job.source, now, frozenset(claimed or ()), more,
                similarity=_known_similarity(job)))
            # Here, not in a worker: it would queue behind every thread's look-ahead jobs
            # while this thread's writes wait (measured: a 2,000-story first pass 1.8x
            # longer).  With the SimHash reused it is ~1 ms, and the diff's when the
            # version has a predecessor.
            decided = decide_and_compute(job)
        raise StoreError(f"{feed_name}: entry {job.entry.guid or job.entry.link!r}: the store "
                         f"kept changing under {MAX_DECISIONS} decisions")

    def _write(self, feed_name: str, intent: Any, now: datetime) -> tuple[int, int | None] | None:
        def alert(story_id: int, version_id: int, changes: Sequence[Change]) -> None:
            from monitor.notify.outbox import enqueue_fact_alerts

            enqueue_fact_alerts(self.store, self.config, story=self.store.story(story_id) or {},
                                version_id=version_id, changes=list(changes), now=now)

        config_feed = self.config.feed(feed_name)
        with self._lock:
            applied: tuple[int, int | None] | None = self.store.apply_ingest(
                intent, feed_url=self._shown_url(config_feed.url) if config_feed else "",
                on_changes=alert)
            return applied


# ---------------------------------------------------------------- pure helpers


def _plain_touch(decided: Any, claimed: set[int] | None) -> bool:
    """A decision that only touches a story found by the entry's keys (its content
    unchanged: no version, no new story, no key moved, nothing replaced) and that ``_apply``
    would write as it is: what ``Pipeline._write_touches`` writes in a batch."""
    from monitor.ingest import Intent

    return (isinstance(decided, Intent) and decided.version is None
            and decided.story_id is not None and decided.new_story is None
            and not decided.rekey and decided.replaces is None
            and _claims_hold(decided, claimed))


def _claims_hold(intent: Any, claimed: set[int] | None) -> bool:
    """The near-duplicate candidates the decision saw claimed by the document's other
    entries are those claimed now (else it is decided again)."""
    return bool(intent.candidates_claimed == frozenset(intent.basis.candidates or ())
                & frozenset(claimed or ()))


def _known_similarity(job: Any) -> Any:
    """The near-duplicate search's SimHash a job's snapshot already worked out (it found
    no story under the entry's keys), so a decision made again does not work it out here."""
    from monitor.ingest import snapshot_texts

    if job.snapshot.found is not None:
        return None
    return (*snapshot_texts(job.entry), job.snapshot.simhash)


def _worked_out(future: Any) -> Any:
    """A worker's ``similarity_of`` (None: none asked, or the pool failed: the snapshot
    works it out)."""
    if future is None:
        return None
    try:
        done, value = future.result()
    except Exception:  # a broken pool, a cancelled future: read_snapshot computes it
        return None
    return value if done else None


def distinct_entries(entries: list[Entry]) -> list[Entry]:
    """Entries of one document, each story once.

    A guid shared by entries with different links identifies none of them
    (a broken feed): those entries are known by their links instead.
    """
    links_per_guid: dict[str, set[str | None]] = {}
    for entry in entries:
        if entry.guid:
            links_per_guid.setdefault(entry.guid, set()).add(entry.link)
    seen: set[str] = set()
    result: list[Entry] = []
    for entry in entries:
        if entry.guid and len(links_per_guid[entry.guid]) > 1:
            entry = replace(entry, guid=None)
        key = fingerprint.identity_keys(entry)[0]
        if key not in seen:
            seen.add(key)
            result.append(entry)
    return result


def _lean(page: FetchResult, read: Any) -> tuple[FetchResult, Any]:
    """A page read ahead of its turn without the bytes its turn no longer needs: the body
    (the page's validators are what is stored) and, once extracted, the page in the read."""
    if read is not None and read.extracted is not None:
        read = replace(read, page=b"")
    return replace(page, body=b""), read


_page_entry = page_entry  # the entry with its article page's title, text and time


def _unextracted_page(page: FetchResult | None, now: datetime) -> dict[str, Any]:
    """Perf hook (issue 12): a page that answered 200 but was not extracted (its article
    region unchanged) updates what ingesting its unchanged text would have."""
    if page is None or page.not_modified:
        return {}
    return {"page_etag": page.etag, "page_last_modified": page.last_modified,
            "last_seen_at": iso(now)}


def _hosts(url: str) -> list[str]:
    host = urlsplit(url).hostname
    return [host] if host else []


def request_options(feed: FeedConfig) -> RequestOptions:
    """The feed's proxy, headers and User-Agent for the fetcher.  Its headers go only to
    the feed's own host (its article pages there included), never to other hosts."""
    from monitor.fetch import RequestOptions
    from monitor.netguard import normalise_host

    return RequestOptions(proxy=feed.proxy, headers=feed.headers,
                          header_hosts=frozenset(normalise_host(h) for h in _hosts(feed.url)),
                          user_agent=feed.user_agent)


def summarise(outcomes: list[PollOutcome]) -> Counter[str]:
    """Totals over a pass, for the CLI's last line."""
    totals: Counter[str] = Counter()
    for o in outcomes:
        totals["feeds"] += 1
        totals["failed"] += not o.ok
        totals["skipped"] += o.skipped
        totals["new_stories"] += o.new_stories
        totals["new_versions"] += o.new_versions
        totals["changes"] += o.changes
    return totals
