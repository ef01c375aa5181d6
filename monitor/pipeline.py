"""One poll of one feed, end to end: fetch, parse, identify, fingerprint, store.

    poll_feed(feed) = conditional GET ──► parse ──► for each entry:
        text (from the feed, or the article page when ``full_text``)
        ──► ingest: identity ──► content hash ──► unchanged? stop
                    ──► version ──► facts ──► diff ──► changes + outbox rows
                    (one transaction)
    then full-text pages due for a re-check, then the feed's poll state.

The pool's threads share one SQLite connection, so every use of the store
holds ``self._lock``; network I/O happens outside it.  A feed's problems never
escape ``poll_feed``: they become its ``last_error`` and a backoff.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
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
from monitor.models import Change, Document, Entry, FetchResult
from monitor.redact import redact, redact_url
from monitor.store import Store, iso, parse_iso, utcnow

if TYPE_CHECKING:
    from monitor.fetch import RequestOptions

log = logging.getLogger("monitor.poll")

# A line in at least this many stories of a feed is boilerplate for the diff.
BOILERPLATE_MIN_STORIES = 3
# How far back a story can be and still be found again under a new guid or URL.
NEAR_DUPLICATE_WINDOW = timedelta(days=7)
# A story's publish date counts for its re-check schedule only this long before
# it was first seen (older or future dates are taken for feed errors).
PLAUSIBLE_PUBLISH_LAG = timedelta(days=30)
# Closest SimHash candidates whose texts are compared, at most.
NEAR_DUPLICATE_CANDIDATES = 5
# Article pages re-checked per poll of a feed, at most (the rest wait their turn).
RECHECKS_PER_POLL = 50


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


class Pipeline:
    def __init__(self, config: Config, store: Store, fetcher: Any | None = None, *,
                 clock: Callable[[], datetime] = utcnow,
                 stop: threading.Event | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.stop = stop or threading.Event()  # set: finish the current write, then return
        self._fetcher = fetcher
        self._own_fetchers: dict[float, Any] = {}
        self._fetchers_lock = threading.Lock()
        self._lock = threading.RLock()  # one SQLite connection, many pool threads
        self._extract_guard: Any = None  # perf hook (issue 12): see _layout_guard

    @property
    def lock(self) -> threading.RLock:
        """Held around every use of the store's connection (and by whoever closes it)."""
        return self._lock

    def close(self) -> None:
        for fetcher in self._own_fetchers.values():
            fetcher.close()
        self._own_fetchers.clear()

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

    def _poll_started(self, feed: FeedConfig,
                      on_start: Callable[[str], None] | None) -> PollOutcome:
        if on_start is not None:
            on_start(feed.name)
        return self.poll_feed(feed)

    def select(self, names: Collection[str]) -> list[FeedConfig]:
        if not names:
            return list(self.config.feeds)
        unknown = [n for n in names if self.config.feed(n) is None]
        if unknown:
            known = ", ".join(f.name for f in self.config.feeds) or "none"
            raise NotFoundError(f"no feed named '{unknown[0]}' in {self.config.path} "
                                f"(feeds: {known})")
        return [f for f in self.config.feeds if f.name in set(names)]

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
            claimed = self._known_stories(feed.name, entries)  # listed here under their keys
            for index, entry in enumerate(entries):
                if self.stop.is_set():
                    break
                # A malformed document's last entry may be cut short (a truncated body
                # ends inside it): it may add a story but never edit one.  The entries
                # before it were read whole.
                trusted = parsed.error is None or index < len(entries) - 1
                problem = self._take_entry(feed, entry, outcome, trusted=trusted,
                                           claimed=claimed)
                if problem:
                    problems.append(problem)
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
            self._recheck_pages(feed, outcome)

    def _known_stories(self, feed_name: str, entries: list[Entry]) -> set[int]:
        """Stories the document's entries name by guid or link, whatever their order."""
        with self._lock:
            found = (self.store.story_by_keys(feed_name, fingerprint.identity_keys(entry))
                     for entry in entries)
            return {match[0]["id"] for match in found if match}

    def _take_entry(self, feed: FeedConfig, entry: Entry, outcome: PollOutcome, *,
                    trusted: bool, claimed: set[int] | None = None) -> str | None:
        """One feed entry into the store; returns a one-line problem or None.

        An untrusted entry (``trusted`` False) only adds new stories: a truncated
        entry must not become a new version of a good one.
        """
        now = self.clock()
        with self._lock:
            known = self.store.story_by_keys(feed.name, fingerprint.identity_keys(entry))
            # A story following its page: its page is re-checked on its own schedule.
            # One whose page could not be used (or is gone for good) goes on with the
            # feed's text below.
            from_page = bool(known) and known[0]["page_state"] in (None, pages.RETRYING) and any(
                v["source"] == "page" for v in self.store.latest_versions(known[0]["id"], 1))
        if known and (not trusted or (feed.full_text and entry.link and from_page)):
            with self._lock, self.store.write():
                self.store.update_story(known[0]["id"], last_seen_at=iso(now))
            return None
        source, page, trouble = "feed", None, None
        extracted: Any = None
        if feed.full_text and entry.link and not known:
            try:
                page, extracted = self._fetch_page(feed, entry.link)
            except Exception as exc:  # one article page never breaks its feed
                trouble = self._page_trouble(feed, exc)
            else:
                if extracted is not None:
                    trouble = pages.thinner_than_feed(extracted.text, entry.text or "")
                    if trouble is None:
                        entry = replace(entry, title=extracted.title or entry.title,
                                        text=extracted.text,
                                        published=entry.published or extracted.published)
                        source = "page"
            if trouble is not None:
                # The story is stored at once from the feed's own text; the page is the
                # story's trouble (retried on its own schedule, or recorded as gone).
                outcome.page_trouble += 1
                page = None
        try:
            result = self.ingest(feed.name, entry, now=now, source=source, page=page,
                                 claimed=claimed, page_trouble=trouble)
        except (sqlite3.Error, StoreError):
            raise  # the store itself is in trouble (disk full...): stop this poll
        except Exception as exc:  # one bad entry must not lose the others
            log.error("%s: entry %s failed: %s", feed.name, entry.guid or entry.link,
                      self._one_line(exc))
            log.debug("%s: traceback", feed.name, exc_info=True)
            return f"entry {entry.guid or entry.link or entry.title!r}: {self._one_line(exc)}"
        self._count(outcome, result)
        if source == "page":  # perf hook (issue 12): the page's article region fingerprint
            self._keep_page_fingerprint(result, entry, extracted)
        return None

    def _fetch_page(self, feed: FeedConfig, url: str, *, etag: str | None = None,
                    last_modified: str | None = None,
                    fingerprint: str | None = None) -> tuple[FetchResult, Any | None]:
        """An article page and its extracted text (None when the server said 304, or when
        the page's article region still has ``fingerprint``: then it is not extracted)."""
        from monitor.extract import extract_if_changed
        from monitor.fetch import HTML_ACCEPT

        result = self.fetcher(feed).get(url, etag=etag, last_modified=last_modified,
                                        allow_hosts=_hosts(feed.url), accept=HTML_ACCEPT,
                                        options=request_options(feed))
        if result.not_modified:
            return result, None
        return result, extract_if_changed(result.body, url=result.url, previous=fingerprint,
                                          guard=self._layout_guard())

    def _recheck_pages(self, feed: FeedConfig, outcome: PollOutcome) -> None:
        """Re-fetch the pages of this feed's stories whose re-check (or retry) has come."""
        now = self.clock()
        with self._lock:
            due = self.store.due_rechecks(feed.name, iso(now), RECHECKS_PER_POLL)
        for story in due:
            if self.stop.is_set():
                return
            now = self.clock()
            trouble: pages.PageTrouble | None = None
            page: FetchResult | None = None
            try:
                page, extracted = self._fetch_page(
                    feed, story["url"], etag=story["page_etag"],
                    last_modified=story["page_last_modified"],
                    fingerprint=self._page_fingerprint(story))  # perf hook (issue 12)
            except Exception as exc:  # one article page never breaks its feed
                trouble = self._page_trouble(feed, exc, story_id=story["id"])
            else:
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
                        result = self.ingest(feed.name, entry, now=now, source="page",
                                             page=page)
                        self._count(outcome, result)
                        self._keep_page_fingerprint(result, entry, extracted)  # perf hook
                        continue
            with self._lock, self.store.write():
                if trouble is not None:
                    outcome.page_trouble += 1
                    self.store.update_story(story["id"],
                                            **self._trouble_fields(story, trouble, now))
                else:  # 304, or its article region unchanged: the page is as it was
                    self.store.update_story(story["id"],
                                            next_check_at=iso(self._next_check(story, now)),
                                            page_state=None, page_error=None, page_failures=0,
                                            **_unextracted_page(page, now))  # perf hook

    # ---- perf hooks (issue 12): a re-checked page whose article region has the
    # fingerprint of the page the story's latest version came from is not extracted.

    def _layout_guard(self) -> Any:
        """Where the fast extractor may stand in for trafilatura, as this store has seen it
        (loaded on first use, so each `monitor poll` does not verify every layout again)."""
        with self._fetchers_lock:
            if self._extract_guard is None:
                from monitor.extract import FastPathGuard

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
            log.debug("%s: traceback", feed.name, exc_info=True)
        return pages.classify(exc, message)

    def _trouble_fields(self, story: dict[str, Any], trouble: pages.PageTrouble,
                        now: datetime) -> dict[str, Any]:
        """The story's columns after its page failed: state, error, and the next try."""
        defaults = self.config.defaults
        failures = int(story.get("page_failures") or 0) + 1
        state, retry_at = trouble.state, None
        if trouble.retried:
            retry_at = schedule.page_retry_at(
                now, self._born(story, now), failures, recheck_min=defaults.recheck_min,
                recheck_max=defaults.recheck_max, recheck_until=defaults.recheck_until,
                retry_after=trouble.retry_after)
            if retry_at is None:
                state = pages.GAVE_UP
        return {"page_state": state, "page_error": trouble.error, "page_failures": failures,
                "next_check_at": iso(retry_at)}

    def _born(self, story: dict[str, Any], now: datetime) -> datetime:
        first_seen = parse_iso(story.get("first_seen_at")) or now
        born = parse_iso(story.get("published_at")) or first_seen
        # Feeds carry dates in the future or in 1970: a publish date is believed only
        # when it lies shortly before the story was first seen.
        if not first_seen - PLAUSIBLE_PUBLISH_LAG <= born <= first_seen:
            born = first_seen
        return born

    def _next_check(self, story: dict[str, Any], now: datetime) -> datetime | None:
        defaults = self.config.defaults
        return schedule.next_recheck_at(now, self._born(story, now),
                                        recheck_min=defaults.recheck_min,
                                        recheck_max=defaults.recheck_max,
                                        recheck_until=defaults.recheck_until)

    @staticmethod
    def _count(outcome: PollOutcome, result: IngestResult | None) -> None:
        if result is None:
            return
        outcome.new_stories += result.is_new_story
        outcome.new_versions += result.version_id is not None
        outcome.changes += len(result.changes)

    # ------------------------------------------------------------ the feed's row

    def _record(self, feed: FeedConfig, outcome: PollOutcome, state: _PollState) -> None:
        from monitor.notify.outbox import enqueue_health_alert

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
            if not outcome.ok and not alerted and failures >= defaults.failure_alert_after:
                enqueue_health_alert(self.store, self.config, feed=feed.name, state="failing",
                                     error=outcome.error, now=now)
                fields["health_alerted"] = 1
            elif outcome.ok and alerted:
                enqueue_health_alert(self.store, self.config, feed=feed.name, state="recovered",
                                     error=None, now=now)
                fields["health_alerted"] = 0
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
        copied around, so credentials, tokens and ${VAR} values stay out of it."""
        return redact(redact_url(url), self.config.secrets)

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
                                  allow_private=defaults.allow_private_addresses)
                self._own_fetchers[feed.timeout] = fetcher
            return fetcher

    # ------------------------------------------------------------ one entry

    def ingest(self, feed_name: str, entry: Entry, *, now: datetime, source: str = "feed",
               page: FetchResult | None = None, claimed: set[int] | None = None,
               page_trouble: pages.PageTrouble | None = None) -> IngestResult | None:
        """One entry through identity, fingerprint, version, facts, diff, changes and
        outbox, in ONE transaction.  None when the entry has nothing to store.

        ``page_trouble``: a full-text entry whose article page could not be used; it
        is stored from the feed's text and the trouble is recorded on its story.

        ``claimed`` collects the stories other entries of the same document went to: a
        near-duplicate of one of those with other content is a second story listed beside
        it (two renderings of one wire story), not the same story under a new id, which
        would make the two alternate as versions on every poll."""
        title, text = (entry.title or "").strip(), (entry.text or "").strip()
        if not title and not text:
            return None
        stamp = iso(now)
        keys = fingerprint.identity_keys(entry)
        with self._lock, self.store.write():
            config_feed = self.config.feed(feed_name)
            self.store.ensure_feed(feed_name,
                                   self._shown_url(config_feed.url) if config_feed else "")
            story = self._identify(feed_name, keys, title, text, now, claimed or set())
            replaces, rekey = None, False
            latest: list[dict[str, Any]] = []
            if story is not None:
                latest = self.store.latest_versions(int(story["id"]), 3)
                found = story
                story, replaces, rekey = self._reused_key(feed_name, story, latest, title, text,
                                                          source)
                if story is None:
                    latest = []
                elif story["id"] != found["id"]:
                    latest = self.store.latest_versions(int(story["id"]), 3)
            is_new = story is None
            if story is None:
                story_id = self.store.create_story(
                    feed=feed_name, guid=entry.guid, title=title,
                    url=fingerprint.canonical_url(entry.link) if entry.link else None,
                    published_at=iso(entry.published), first_seen_at=stamp, last_seen_at=stamp,
                    replaces_story_id=replaces)
                story = self.store.story(story_id) or {}
            story_id = int(story["id"])
            if claimed is not None:
                claimed.add(story_id)
            if rekey:  # the guid / URL now names this story, no longer the one it named
                self.store.move_story_keys(feed_name, story_id, keys)
            else:
                self.store.add_story_keys(feed_name, story_id, keys)
            updates: dict[str, Any] = {"last_seen_at": stamp}
            if replaces is not None and source == "feed" and config_feed and config_feed.full_text:
                updates["next_check_at"] = stamp  # its own page: fetched by this very poll
            if entry.link and not story.get("url"):
                updates["url"] = fingerprint.canonical_url(entry.link)
            if page is not None:
                updates["page_etag"], updates["page_last_modified"] = (page.etag,
                                                                        page.last_modified)
            if source == "page":
                updates["next_check_at"] = iso(self._next_check({**story, **updates}, now))
                updates.update(page_state=None, page_error=None, page_failures=0)
            elif page_trouble is not None:
                updates.update(self._trouble_fields({**story, **updates}, page_trouble, now))
            # Most entries of a feed are byte-identical to their stored version: skip the
            # normalising hash for them (profiled: it was most of a 200 pass's time).
            digest = None
            if not (latest and latest[0]["title"] == title and latest[0]["text"] == text):
                digest = fingerprint.content_hash(title, text)
            if (digest is None or not is_new_content(digest, [v["content_hash"] for v in latest])
                    or self._only_boilerplate_changed(feed_name, title, text, latest)):
                self.store.update_story(story_id, **updates)
                return IngestResult(story_id, None, is_new, [])
            similarity = fingerprint.simhash(title, text)
            version_id, changes = self._store_version(
                feed_name, story_id, entry, title, text, digest, similarity, source, latest, now)
            updates.update(
                title=title, version_count=int(story.get("version_count") or 0) + 1,
                last_changed_at=stamp, simhash=fingerprint.simhash_hex(similarity))
            if entry.published and not story.get("published_at"):
                updates["published_at"] = iso(entry.published)
            self.store.update_story(story_id, **updates)
            if changes:
                from monitor.notify.outbox import enqueue_fact_alerts

                enqueue_fact_alerts(self.store, self.config, story=self.store.story(story_id),
                                    version_id=version_id, changes=changes, now=now)
            return IngestResult(story_id, version_id, is_new, changes)

    def _reused_key(self, feed_name: str, story: dict[str, Any], latest: list[dict[str, Any]],
                    title: str, text: str,
                    source: str) -> tuple[dict[str, Any] | None, int | None, bool]:
        """Does the entry's guid or URL still name ``story``, or has it been reused for
        another (a live page re-pointed to a new event, a collections page)?

        Returns (the story to add to, or None for a new one; the story a new one
        replaces; whether the entry's keys must be moved to the story).  A text with
        almost nothing in common with the story's latest version
        (``fingerprint.is_unrelated``) starts a new story replacing it, unless it is
        (again) the text of a story of the same replacement family: a page flipping
        between two events goes back and forth between two stories, not a new one per
        flip.  Texts from different sources (feed / article page) are not compared.
        ``latest``: the story's latest versions, newest first."""
        if not latest or latest[0]["source"] != source:
            return story, None, False
        previous = (latest[0]["title"], latest[0]["text"])
        if previous == (title, text) or not fingerprint.is_unrelated(previous, (title, text)):
            return story, None, False
        digest = fingerprint.content_hash(title, text)
        for family_id in self.store.replacement_family(int(story["id"])):
            recent = self.store.latest_versions(family_id, 3)
            if recent and (digest in {v["content_hash"] for v in recent}
                           or fingerprint.is_near_duplicate(
                               (title, text), (recent[0]["title"], recent[0]["text"]))):
                log.info("%s: story %s's guid/URL names story %s again", feed_name,
                         story["id"], family_id)
                return self.store.story(family_id), None, True
        log.info("%s: story %s's guid/URL now names another story: a new story replaces it",
                 feed_name, story["id"])
        # Its page (the same URL) is the new story's now: no more re-checks or trouble here.
        self.store.update_story(int(story["id"]), next_check_at=None, page_state=None,
                                page_error=None, page_failures=0)
        return None, int(story["id"]), True

    def _only_boilerplate_changed(self, feed_name: str, title: str, text: str,
                                  latest: list[dict[str, Any]]) -> bool:
        """Did only lines recurring across the feed's stories change (a rotating
        promo line the furniture rules do not know)?"""
        from monitor.text import line_key, split_paragraphs

        if not latest:
            return False
        previous = latest[0]
        lines = {line_key(p) for t in (text, previous["text"]) for p in split_paragraphs(t)}
        boilerplate = self._recurring_lines(feed_name, lines)
        return bool(boilerplate) and fingerprint.same_content_beside(
            frozenset(boilerplate), (title, text), (previous["title"], previous["text"]))

    def _recurring_lines(self, feed_name: str, keys: set[str]) -> set[str]:
        return feed_boilerplate(self.store, feed_name, keys)

    def _identify(self, feed_name: str, keys: list[str], title: str, text: str,
                  now: datetime, claimed: set[int]) -> dict[str, Any] | None:
        """The stored story this entry belongs to: by key, else by near-duplicate text."""
        found = self.store.story_by_keys(feed_name, keys)
        if found:
            return found[0]
        if not fingerprint.similarity_applies(title, text):
            return None
        similarity = fingerprint.simhash(title, text)
        candidates: list[tuple[int, int]] = []
        since = iso(now - NEAR_DUPLICATE_WINDOW)
        for story_id, hex_value in self.store.recent_fingerprints(feed_name, since):
            distance = fingerprint.hamming(similarity, fingerprint.from_hex(hex_value))
            if distance <= fingerprint.CANDIDATE_DISTANCE:
                candidates.append((distance, story_id))
        best = None
        for _distance, story_id in sorted(candidates)[:NEAR_DUPLICATE_CANDIDATES]:
            latest = self.store.latest_versions(story_id, 1)
            if latest and story_id in claimed and (
                    latest[0]["content_hash"] != fingerprint.content_hash(title, text)):
                continue
            if latest and fingerprint.is_near_duplicate(
                    (title, text), (latest[0]["title"], latest[0]["text"])):
                best = (_distance, story_id)
                break
        return self.store.story(best[1]) if best else None

    def _store_version(self, feed_name: str, story_id: int, entry: Entry, title: str, text: str,
                       digest: str, similarity: int, source: str, latest: list[dict[str, Any]],
                       now: datetime) -> tuple[int, list[Change]]:
        from monitor.facts import diff_documents, extract_facts
        from monitor.text import line_key, split_paragraphs

        number = (latest[0]["number"] + 1) if latest else 1
        version_id = self.store.add_version(
            story_id=story_id, number=number, title=title, text=text, content_hash=digest,
            simhash=fingerprint.simhash_hex(similarity), source=source,
            published_at=iso(entry.published), seen_at=iso(now))
        document = Document(title=title, text=text, published=entry.published)
        facts = extract_facts(document)
        # Attributes, not Fact.to_dict(): asdict() deep-copies and was a sixth of the
        # cost of storing a new version (profiled).
        self.store.add_facts(story_id, version_id, [
            {"kind": f.kind, "key": f.key, "value": f.value, "span": f.span,
             "sentence": f.sentence} for f in facts])

        lines = {line_key(p) for p in split_paragraphs(text)} - {""}
        changes: list[Change] = []
        if latest and latest[0]["source"] != source:
            # The feed's text gave way to the article page's (or back): two extents of
            # one story, not an edit.  Not compared, so the switch alerts nothing.
            pass
        elif latest:
            previous = latest[0]
            old = Document(title=previous["title"], text=previous["text"],
                           published=parse_iso(previous["published_at"]))
            old_lines = {line_key(p) for p in split_paragraphs(old.text)} - {""}
            boilerplate = self._recurring_lines(feed_name, lines | old_lines)
            changes = list(diff_documents(old, document, boilerplate=boilerplate).changes)
            self.store.add_changes(story_id, previous["id"], version_id,
                                   [c.to_dict() for c in changes], iso(now) or "")
        seen_before = {line_key(p) for earlier in self.store.version_texts(story_id)[:-1]
                       for p in split_paragraphs(earlier)}
        self.store.count_lines(feed_name, story_id, sorted(lines - seen_before))
        return version_id, changes


# ---------------------------------------------------------------- pure helpers


def is_new_content(digest: str, recent: list[str]) -> bool:
    """Should a version with this content hash be stored, given the latest hashes
    (newest first)?  Not when unchanged, nor when a page flip-flops: after
    A, B, A a further B is the same two renderings again (a single change and
    its later revert are real and are kept)."""
    if recent and digest == recent[0]:
        return False
    return not (len(recent) >= 3 and digest == recent[1] and recent[0] == recent[2])


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


def feed_boilerplate(store: Store, feed_name: str, keys: Iterable[str]) -> set[str]:
    """The line keys among ``keys`` that recur across the feed's stories and so are
    boilerplate: the one decision the pipeline, `monitor diff STORY` and the web view share.

    Only lines without numbers: a line_key zeroes digits, so a templated line ("The death
    toll stands at 12", "The fair drew 4,210 visitors") recurs across stories while its
    number is the very fact that changes.  Stamps and promos that carry numbers are caught
    by text.is_boilerplate.
    """
    candidates = {key for key in keys if key and not any(c.isdigit() for c in key)}
    return set(store.recurring_lines(feed_name, candidates, BOILERPLATE_MIN_STORIES))


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
