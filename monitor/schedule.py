"""When to poll a feed next, and when to re-check an article page.  Pure functions.

A feed is polled every ``interval`` (spread by jitter so feeds of one site do
not fire together).  After failures the wait doubles per consecutive failure,
up to ``BACKOFF_CAP``.  A server's own word is a lower bound: ``Retry-After``
(429/503) and ``Cache-Control: max-age``.

Article pages change long after their feed item does, so a full-text story's
page is re-checked on its own schedule that decays with the story's age:
every ``recheck_min`` while young, slowing to ``recheck_max``, and never once
the story is older than ``recheck_until``.  A page that failed is tried again on the
same clock, backing off per failure in a row (``page_retry_at``).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

BACKOFF_CAP = 6 * 3600.0  # a broken feed is still tried every 6 hours (or its interval)
# Re-check period as a share of the story's age: a 1 h old story every 15 min, a
# day old one every 6 h (clamped to recheck_min .. recheck_max).
RECHECK_AGE_SHARE = 0.25


def backoff_delay(interval: float, failures: int, cap: float = BACKOFF_CAP) -> float:
    """Seconds to wait after ``failures`` consecutive failed polls (0: the interval)."""
    if failures <= 0:
        return interval
    return min(interval * 2.0 ** failures, max(cap, interval))


def jittered(seconds: float, jitter: float, rand: float | None = None) -> float:
    """``seconds`` stretched by up to ``jitter`` of itself (rand in [0, 1) for tests)."""
    share = random.random() if rand is None else rand
    return seconds * (1.0 + jitter * share)


def next_poll_at(started: datetime, *, interval: float, jitter: float = 0.0, failures: int = 0,
                 retry_after_until: datetime | None = None, max_age: float | None = None,
                 rand: float | None = None) -> datetime:
    """When to poll a feed again, given how the poll that began at ``started`` went."""
    wait = jittered(backoff_delay(interval, failures), jitter, rand)
    if max_age is not None and max_age > wait:
        wait = max_age
    moment = started + timedelta(seconds=wait)
    if retry_after_until is not None and retry_after_until > moment:
        moment = retry_after_until
    return moment


def retry_after_until(now: datetime, retry_after: float | None) -> datetime | None:
    """The moment a 429/503's Retry-After (seconds) lets us come back."""
    if retry_after is None or retry_after <= 0:
        return None
    return now + timedelta(seconds=retry_after)


def recheck_period(age: float, *, recheck_min: float, recheck_max: float) -> float:
    """Seconds between two checks of a page whose story is ``age`` seconds old."""
    return min(max(age * RECHECK_AGE_SHARE, recheck_min), max(recheck_max, recheck_min))


def next_recheck_at(now: datetime, born: datetime, *, recheck_min: float, recheck_max: float,
                    recheck_until: float) -> datetime | None:
    """When to fetch a full-text story's page again; None once it is too old to bother."""
    age = max((now - born).total_seconds(), 0.0)
    if age >= recheck_until:
        return None
    moment = now + timedelta(seconds=recheck_period(
        age, recheck_min=recheck_min, recheck_max=recheck_max))
    last = born + timedelta(seconds=recheck_until)
    return moment if moment <= last else last


def page_retry_at(now: datetime, born: datetime, failures: int, *, recheck_min: float,
                  recheck_max: float, recheck_until: float,
                  retry_after: float | None = None) -> datetime | None:
    """When to try an article page again after ``failures`` failures in a row: after
    ``recheck_min``, doubling per failure up to ``recheck_max`` (a server's Retry-After
    is a lower bound); None once the story is older than ``recheck_until``."""
    if (now - born).total_seconds() >= recheck_until:
        return None
    wait = min(recheck_min * 2.0 ** max(failures - 1, 0), max(recheck_max, recheck_min))
    if retry_after is not None and retry_after > wait:
        wait = retry_after
    moment = now + timedelta(seconds=wait)
    last = born + timedelta(seconds=recheck_until)
    return moment if moment <= last else last


def is_due(now: datetime, next_poll: datetime | None, *, tolerance: float = 0.0) -> bool:
    """Has the feed's next poll come (within ``tolerance`` seconds)?"""
    return next_poll is None or next_poll - timedelta(seconds=tolerance) <= now
