"""The delivery outbox: alerts enqueued with the change that caused them, sent by a worker.

Guarantees (see docs/alerts.md):

- Enqueueing happens inside the pipeline's write transaction, so a stored change
  always has its delivery rows and a rolled-back one has none.
- Each row has a stable idempotency key (per story version and channel); it is the
  webhook-id and the root of the email Message-ID, so a receiver can drop retries.
- A worker *claims* a row before sending (``Storage.claim_deliveries``: attempts + 1,
  ``next_attempt_at`` pushed out by a lease, ``claimed_by`` set; SQLite under
  ``BEGIN IMMEDIATE``, PostgreSQL with ``FOR UPDATE SKIP LOCKED``), so two workers,
  in any processes, never send one row at once; it marks the row sent in its own transaction as
  soon as the server acknowledged.  A worker killed mid-send leaves a claimed
  row that is sent again once the lease ends, or at once when a worker on the
  same host sees that the claiming process is gone: at-least-once, never lost.
- Per channel, rows go out in order (created_at, id): a channel's next row waits
  while an older one is pending (test messages excepted), so a backlog arrives in
  order and a down receiver is probed by one row per backoff, not hammered by all
  of them.  Sends per channel are paced at the channel's ``rate``: by a slot in the
  store shared by every worker on PostgreSQL (``Storage.reserve_send``), by the
  process's ``Pacer`` on SQLite.
- Channels are served in parallel (``DeliveryWorker(parallel=N)`` runs N claimers, each
  with its own connection): a hanging SMTP server delays only the email channel.
- Failures back off exponentially with jitter, persisted in ``next_attempt_at``;
  after ``delivery.max_attempts`` the row is dead with its last error.  A
  permanent refusal (webhook 4xx, SMTP 5xx) or an alert that cannot be rendered
  (poison) is dead at once, and the rest go on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from monitor import events
from monitor.config import ChannelConfig, Config
from monitor.errors import DeliveryError
from monitor.models import Change
from monitor.notify import registry, render
from monitor.notify.base import Message, SendFailure
from monitor.redact import redact
from monitor.storage import Delivery, Location, NewDelivery, Storage, open_store
from monitor.store import iso, parse_iso, utcnow
from monitor.watches import DEFAULT_CHANNEL, StoryContext, route_changes

log = logging.getLogger("monitor.notify")

Clock = Callable[[], datetime]

# Claimants (host:pid:nonce) of the workers alive in this process: a claim carrying our
# pid but another nonce was left by an earlier process that had the same pid (containers
# restart with the same small pids), so it is an orphan too.
_LIVE_CLAIMANTS: set[str] = set()


# ---------------------------------------------------------------- keys and periods


def idempotency_key(*parts: Any) -> str:
    """A stable key for a message: the same parts always give the same key."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def period_end(now: datetime, seconds: float) -> datetime:
    """The end of the digest period containing ``now`` (periods aligned to the epoch, UTC)."""
    stamp = now.timestamp()
    return datetime.fromtimestamp((stamp // seconds + 1) * seconds, tz=now.tzinfo or None)


def backoff_delay(attempts: int, base: float, cap: float, *,
                  rng: Callable[[float, float], float] = random.uniform) -> float:
    """Exponential backoff with "equal jitter": half fixed, half random, capped."""
    delay = min(cap, base * 2.0 ** max(attempts - 1, 0))
    return delay / 2 + rng(0, delay / 2)


def iso_ceil(moment: datetime) -> str:
    """``iso()`` rounded up to the whole second: the store keeps seconds, and a retry
    stored rounded down could fall due before its backoff has passed."""
    if moment.microsecond:
        moment += timedelta(microseconds=1_000_000 - moment.microsecond)
    return iso(moment) or ""


def channel_config(config: Config, name: str) -> ChannelConfig | None:
    """A configured channel, or the built-in console that takes alerts when no watch exists."""
    channel = config.channels.get(name)
    if channel is None and name == DEFAULT_CHANNEL:
        return ChannelConfig(name=DEFAULT_CHANNEL, type="console", options={})
    return channel


# ---------------------------------------------------------------- enqueueing


def enqueue_fact_alerts(store: Storage, config: Config, *, story: dict[str, Any],
                        version_id: int, changes: list[Change], now: datetime) -> int:
    """Insert one delivery per channel that must hear about ``changes``; returns rows inserted.

    Call it inside the transaction that stores the version and its changes.
    ``story`` is the stories row (id, feed, title, url).  Idempotent: enqueueing
    the same version twice inserts nothing the second time.
    """
    if not changes:
        return 0
    with store.write():  # nests inside the caller's transaction
        if story.get("id") is not None and store.muted_story_ids([story["id"]], iso(now) or ""):
            return 0  # muted: the changes are stored, no alert goes out
        row = store.version_title_text(version_id)
        title = (row[0] if row else None) or story.get("title") or ""
        text = row[1] if row else ""
        feed = str(story.get("feed") or "")
        feed_config = config.feed(feed)
        context = StoryContext(feed=feed, title=title, text=text,
                               tags=feed_config.tags if feed_config else ())
        repeats = store.earlier_twin(version_id)  # a stale copy or an edit undone
        inserted = 0
        for route in route_changes(config.watches, context, changes):
            if not route.changes:
                continue
            channel = channel_config(config, route.channel)
            payload = render.fact_payload(
                story={**story, "title": title}, watches=route.watches, changes=route.changes,
                version_id=version_id, detected_at=iso(now) or "", repeats_version=repeats)
            due, digest_key = now, None
            if channel is not None and channel.digest:
                due = period_end(now, channel.digest)
                digest_key = f"{route.channel}@{iso(due)}"
            key = idempotency_key(render.FACT_CHANGED, story.get("id"), version_id,
                                  route.channel)
            inserted += store.add_delivery(NewDelivery(
                idempotency_key=key, type=render.FACT_CHANGED, channel=route.channel,
                watch=route.watches[0] if route.watches else None, story_id=story.get("id"),
                version_id=version_id, feed=feed,
                payload=json.dumps(payload, ensure_ascii=False), next_attempt_at=iso(due) or "",
                created_at=iso(now) or "", digest_key=digest_key)) is not None
    return inserted


def health_channels(config: Config) -> list[str]:
    """Every configured channel hears about feed health (the console when none is)."""
    return list(config.channels) or [DEFAULT_CHANNEL]


def enqueue_health_alert(store: Storage, config: Config, *, feed: str, state: str,
                         error: str | None, now: datetime) -> int:
    """One ``feed.failing`` / ``feed.recovered`` alert per channel; returns rows inserted.

    The caller (the pipeline) calls it once per transition, not once per poll.
    """
    if state not in ("failing", "recovered"):
        raise ValueError(f"health state must be failing or recovered, not {state!r}")
    payload = render.health_payload(feed=feed, state=state,
                                    error=redact(error, config.secrets) if error else None,
                                    detected_at=iso(now) or "")
    inserted = 0
    with store.write():
        for name in health_channels(config):
            key = idempotency_key(payload["type"], feed, iso(now), name)
            inserted += store.add_delivery(NewDelivery(
                idempotency_key=key, type=str(payload["type"]), channel=name, feed=feed,
                payload=json.dumps(payload, ensure_ascii=False),
                next_attempt_at=iso(now) or "", created_at=iso(now) or "")) is not None
    return inserted


def enqueue_test(store: Storage, config: Config, *, channel: str, now: datetime) -> int:
    """A test message for ``channel``; returns the delivery id."""
    payload = render.test_payload(channel=channel, detected_at=iso(now) or "")
    key = idempotency_key(render.TEST, channel, iso(now), uuid.uuid4().hex)
    return store.add_delivery(NewDelivery(
        idempotency_key=key, type=render.TEST, channel=channel,
        payload=json.dumps(payload, ensure_ascii=False), next_attempt_at=iso(now) or "",
        created_at=iso(now) or "")) or 0


# ---------------------------------------------------------------- the worker


class Pacer:
    """Per-channel send slots shared by the claimers of one worker (thread-safe)."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, channel: str, interval: float) -> float:
        """Seconds to wait before this send may start."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(channel, 0.0))
            self._next[channel] = slot + interval
            return slot - now


class DeliveryWorker:
    """Sends due deliveries. Opens its own store (a sqlite connection is not shared
    between threads); use one worker per thread.  ``drain`` and ``run`` add
    ``parallel - 1`` sibling claimers in threads, so channels are served in parallel
    (each channel still one message at a time, in order)."""

    def __init__(self, store_path: Location, config: Config, *, clock: Clock = utcnow,
                 paced: bool = True, parallel: int = 4, pacer: Pacer | None = None) -> None:
        self.store_path = store_path  # a path or a postgresql:// URL (open_store)
        self.store = open_store(store_path)
        self.config = config
        self.clock = clock
        self.paced = paced
        self.parallel = max(1, parallel)
        self.pacer = pacer or Pacer()
        self.host = socket.gethostname()
        self.claimant = f"{self.host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._senders: dict[str, Any] = {}
        self._stop = threading.Event()
        _LIVE_CLAIMANTS.add(self.claimant)

    # ------------------------------------------------------------ lifecycle

    def close(self) -> None:
        for sender in self._senders.values():
            close = getattr(sender, "close", None)
            if close is not None:
                close()
        self._senders.clear()
        _LIVE_CLAIMANTS.discard(self.claimant)
        self.store.close()

    def __enter__(self) -> DeliveryWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lease(self, channel_name: str) -> timedelta:
        """How long a claim holds: longer than any one send can take (an SMTP send is
        several timed steps; an Apprise channel sends to each of its URLs in turn)."""
        channel = channel_config(self.config, channel_name)
        urls = channel.options.get("urls") if channel and channel.type == "apprise" else None
        destinations = len(urls) if isinstance(urls, list) else 1
        return timedelta(seconds=self.config.delivery.timeout * 4 * destinations + 30)

    # ------------------------------------------------------------ public loop API

    def run_once(self, *, deadline: float | None = None,
                 only: Iterable[int] | None = None) -> dict[str, int]:
        """Send every due delivery once; returns counts {"sent", "retry", "dead"}."""
        counts = {"sent": 0, "retry": 0, "dead": 0}
        self.release_orphans()
        ids = list(only) if only is not None else None
        retried: list[int] = []  # tried once already in this run: not again
        while not self._stop.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                break
            rows = self._claim(ids, retried)
            if not rows:
                break
            started = time.monotonic()
            outcome = self._deliver(rows)
            events.emit(events.DELIVERY_DONE, channel=rows[0].channel, outcome=outcome,
                        seconds=time.monotonic() - started)
            counts[outcome] += 1
            if outcome == "retry":
                retried.extend(r.id for r in rows)
        return counts

    def drain(self, timeout: float) -> dict[str, int]:
        """Keep sending until nothing is due or ``timeout`` seconds have passed."""
        deadline = time.monotonic() + timeout
        totals = {"sent": 0, "retry": 0, "dead": 0}
        lock = threading.Lock()

        def claimer(worker: DeliveryWorker) -> None:
            try:
                counts = worker.run_once(deadline=deadline)
            except Exception as exc:  # e.g. the store stayed locked: the rows wait
                log.error("delivery: %s", self._redact(f"{type(exc).__name__}: {exc}"))
                return
            with lock:
                for key, value in counts.items():
                    totals[key] += value

        self._with_siblings(claimer)
        return totals

    def run(self, stop: threading.Event) -> None:
        """The daemon's loop: send what is due, sleep briefly, wake promptly on ``stop``."""
        self._with_siblings(lambda worker: worker._loop(stop))

    def _with_siblings(self, job: Callable[[DeliveryWorker], None]) -> None:
        """Run ``job`` on this worker and on ``parallel - 1`` siblings in threads."""
        siblings = [DeliveryWorker(self.store_path, self.config, clock=self.clock,
                                   paced=self.paced, parallel=1, pacer=self.pacer)
                    for _ in range(self.parallel - 1)]
        for sibling in siblings:
            sibling._stop = self._stop
        threads = [threading.Thread(target=job, args=(s,), name=f"delivery-{i + 2}",
                                    daemon=True) for i, s in enumerate(siblings)]
        try:
            for thread in threads:
                thread.start()
            job(self)
        finally:
            for thread in threads:
                thread.join()
            for sibling in siblings:
                sibling.close()

    def _loop(self, stop: threading.Event) -> None:
        self._stop = stop
        while not stop.is_set():
            try:
                self.run_once()
            except Exception as exc:  # keep the loop alive; the next round retries
                log.error("delivery worker: %s", self._redact(f"{type(exc).__name__}: {exc}"))
                stop.wait(5.0)
                continue
            # New alerts come from other connections: look again within a second.
            stop.wait(self.seconds_until_due(cap=1.0))

    def seconds_until_due(self, *, cap: float) -> float:
        moment = parse_iso(self.store.next_delivery_due())
        if moment is None:
            return cap
        return max(0.05, min(cap, (moment - self.clock()).total_seconds()))

    # ------------------------------------------------------------ claiming

    def release_orphans(self) -> int:
        """Make rows claimed by a process that died on this host due again now."""
        released = 0
        for claimant in self.store.delivery_claimants():
            host, _, rest = claimant.partition(":")
            pid_text = rest.partition(":")[0]
            if host != self.host or not pid_text.isdecimal() or claimant in _LIVE_CLAIMANTS:
                continue
            if int(pid_text) != os.getpid() and _process_alive(int(pid_text)):
                continue
            released += self.store.release_claims(claimant, iso(self.clock()) or "")
        if released:
            log.info("delivery: %d alert(s) left mid-send by a stopped worker are due again",
                     released)
        return released

    def _claim(self, only: list[int] | None, skip: list[int]) -> list[Delivery]:
        now = self.clock()
        return self.store.claim_deliveries(
            iso(now) or "", self.claimant,
            lambda channel: iso_ceil(now + self.lease(channel)), only=only, skip=skip)

    # ------------------------------------------------------------ sending

    def _deliver(self, rows: list[Delivery]) -> str:
        rows = self._drop_muted(rows)
        if not rows:
            return "dead"
        if rows[0].digest_key:
            rows = self._drop_poison(rows)
            if not rows:
                return "dead"
        name = rows[0].channel
        # Before the try: a store that fails to give a slot is not the alert's fault (the
        # claim's lease brings the row back), and must not make it poison.
        self._pace(name)
        try:
            message = self._message(rows)
            sender = self._sender(name)
            response = sender.send(message)
        except SendFailure as exc:
            return self._failed(rows, str(exc), retryable=exc.retryable,
                                retry_after=exc.retry_after, done=exc.done)
        except DeliveryError as exc:
            return self._failed(rows, str(exc), retryable=exc.retryable)
        except (OSError, TimeoutError) as exc:
            return self._failed(rows, f"{type(exc).__name__}: {exc}", retryable=True)
        except Exception as exc:
            # Poison: the payload cannot be rendered, a header is refused, ... Retrying
            # cannot help, and this row must not hold up the rest of the outbox.
            return self._failed(rows, f"cannot send this alert: {type(exc).__name__}: {exc}",
                                retryable=False)
        return self._sent(rows, response)

    def _drop_muted(self, rows: list[Delivery]) -> list[Delivery]:
        """Alerts queued before their story was muted are not sent: marked dead with the
        reason (``monitor alerts retry`` sends one anyway once the story is unmuted)."""
        stories = {r.story_id for r in rows
                   if r.type == render.FACT_CHANGED and r.story_id is not None}
        muted = self.store.muted_story_ids(stories, iso(self.clock()) or "") if stories else set()
        if not muted:
            return rows
        dropped = [r for r in rows if r.type == render.FACT_CHANGED and r.story_id in muted]
        ids = [r.id for r in dropped]
        self.store.mark_muted(ids, now=iso(self.clock()) or "")
        log.info("alert not sent, story muted: %s via %s", _describe(dropped),
                 dropped[0].channel)
        return [r for r in rows if r.id not in set(ids)]

    def _drop_poison(self, rows: list[Delivery]) -> list[Delivery]:
        """Mark a digest's unrenderable rows dead on their own, so the rest still go out."""
        good = []
        for row in rows:
            try:
                render.text_body(json.loads(row.payload))
            except Exception as exc:
                self._failed([row], f"cannot send this alert: {type(exc).__name__}: {exc}",
                             retryable=False)
            else:
                good.append(row)
        return good

    def _message(self, rows: list[Delivery]) -> Message:
        first = rows[0]
        if first.digest_key:
            alerts = [json.loads(r.payload) for r in rows]
            payload = render.digest_payload(
                alerts, channel=first.channel, period_end=first.digest_key.rpartition("@")[2])
            key = idempotency_key(render.FACT_DIGEST, first.digest_key,
                                  *sorted(r.id for r in rows))
            return Message(key=key, payload=payload, done=_done(first))
        payload = json.loads(first.payload)
        if not isinstance(payload, dict):
            raise render.RenderError("payload is not a JSON object")
        if payload.get("type") == render.FACT_CHANGED and not payload.get("changes"):
            raise render.RenderError("an alert is never sent without changes")
        return Message(key=first.idempotency_key, payload=payload, done=_done(first))

    def _sender(self, name: str) -> Any:
        if name not in self._senders:
            channel = channel_config(self.config, name)
            if channel is None:
                raise DeliveryError(f"no channel named '{name}' in the configuration",
                                    retryable=False)
            cls = registry.sender_class(channel.type)
            self._senders[name] = cls(name, channel.options,
                                      timeout=self.config.delivery.timeout)
        return self._senders[name]

    def _pace(self, name: str) -> None:
        """Wait for the channel's next send slot: the store's when it keeps one for every
        process (PostgreSQL: the rate holds across workers), else this process's."""
        if not self.paced:
            return
        channel = channel_config(self.config, name)
        interval = 1.0 / registry.rate(channel.options if channel else {})
        wait = self.store.reserve_send(name, interval)
        if wait is None:
            wait = self.pacer.reserve(name, interval)
        if wait > 0:
            self._stop.wait(wait)

    # ------------------------------------------------------------ recording

    def _redact(self, text: str) -> str:
        return redact(text, self.config.secrets)

    def _sent(self, rows: list[Delivery], response: str) -> str:
        self.store.mark_sent([r.id for r in rows], sent_at=iso(self.clock()) or "",
                             response=self._redact(response)[:500])
        log.info("alert sent: %s via %s (%s)", _describe(rows), rows[0].channel,
                 self._redact(response))
        return "sent"

    def _failed(self, rows: list[Delivery], error: str, *, retryable: bool,
                retry_after: float | None = None, done: frozenset[int] = frozenset()) -> str:
        error = render.shorten(render.one_line(self._redact(error)), 500)
        attempts = max(r.attempts for r in rows)
        delivery = self.config.delivery
        dead = not retryable or attempts >= delivery.max_attempts
        now = self.clock()
        if dead:
            status, due = "dead", iso(now)
        else:
            delay = backoff_delay(attempts, delivery.backoff, delivery.backoff_max)
            if retry_after:
                delay = max(delay, min(retry_after, delivery.backoff_max))
            status, due = "pending", iso_ceil(now + timedelta(seconds=delay))
        # While pending, `response` remembers which destinations already accepted (an
        # attempt that failed before reaching any, e.g. refused connection, forgets none).
        done = done | _done(rows[0])
        progress = json.dumps({"done": sorted(done)}) if done else None
        self.store.mark_failed([r.id for r in rows], status=status, next_attempt_at=due or "",
                               error=error, progress=progress)
        if dead:
            log.warning("alert dead after %d attempt(s): %s via %s: %s", attempts,
                        _describe(rows), rows[0].channel, error)
            return "dead"
        log.info("alert retry %d/%d at %s: %s via %s: %s", attempts, delivery.max_attempts,
                 due, _describe(rows), rows[0].channel, error)
        return "retry"


def _describe(rows: list[Delivery]) -> str:
    ids = ", ".join(f"#{r.id}" for r in rows[:5]) + (" ..." if len(rows) > 5 else "")
    return f"{rows[0].type} {ids}"


def _done(row: Delivery) -> frozenset[int]:
    """Destinations that accepted on an earlier attempt (see ``_failed``)."""
    text = row.response or ""
    if not text.startswith("{"):
        return frozenset()
    try:
        return frozenset(int(i) for i in json.loads(text).get("done", []))
    except (ValueError, TypeError, AttributeError):
        return frozenset()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def retry(store: Storage, *, ids: Iterable[int] = (), dead: bool = False,
          now: datetime | None = None) -> int:
    """Make dead (or pending) deliveries due again now, with a fresh attempt count."""
    selected: Sequence[int] = list(ids)
    return store.retry_deliveries(selected, dead=dead, now=iso(now or utcnow()) or "")
