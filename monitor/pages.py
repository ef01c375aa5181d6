"""Article pages (full text): what a page that cannot be used means for its story.  Pure.

One article page never breaks its feed.  When a full-text story's page fails, the story
is stored (or goes on) from the feed's own text, and the page's trouble is recorded on
the story (``stories.page_state``, ``page_error``, ``page_failures``):

* a page that may come back (a 5xx, a timeout, a DNS failure, 401/402/403, 429, a
  page giving under half the feed's text: a paywall or a consent wall) is ``retrying``:
  it is tried again on the story's own schedule, backing off per failure in a row
  (``schedule.page_retry_at``), until the story is older than ``recheck_until``
  (then ``gave up``);
* a page that will not come back is never fetched again: ``gone`` (404, 410),
  ``invalid`` (a link the HTTP client rejects: an octal or percent-encoded host, a
  broken IPv6 literal) and ``unusable`` (a refused address or scheme, a body over the
  size cap, a page with no article text).

The feed's poll is not failed by any of these: no "feed failing" alert, and `monitor
poll` exits 0 when the feed itself was fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from monitor.errors import (
    BlockedAddressError,
    BodyTooLargeError,
    ExtractError,
    FetchError,
    InvalidURLError,
)

RETRYING = "retrying"
GONE = "gone"
INVALID = "invalid"
UNUSABLE = "unusable"
GAVE_UP = "gave up"
STATES = (RETRYING, GONE, INVALID, UNUSABLE, GAVE_UP)

GONE_STATUSES = frozenset({404, 410})

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PageTrouble:
    """Why a story's article page could not be used this time."""

    state: str  # one of STATES
    error: str  # one line, secrets redacted
    retry_after: float | None = None  # a server's Retry-After, seconds

    @property
    def retried(self) -> bool:
        return self.state == RETRYING


def classify(exc: BaseException, message: str) -> PageTrouble:
    """The trouble a failed page fetch (or extraction) means; ``message`` is its line."""
    if isinstance(exc, InvalidURLError):
        return PageTrouble(INVALID, message)
    if isinstance(exc, BlockedAddressError | BodyTooLargeError | ExtractError):
        return PageTrouble(UNUSABLE, message)
    if isinstance(exc, FetchError):
        if exc.status in GONE_STATUSES:
            return PageTrouble(GONE, message)
        return PageTrouble(RETRYING, message, exc.retry_after)
    return PageTrouble(RETRYING, message)  # an unexpected failure: bounded by the backoff


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _has_words(text: str, wanted: int) -> bool:
    """Does ``text`` hold at least ``wanted`` words?  Counted only that far: a page's
    100 KB of article against a feed's teaser of ~100 words needs its first ~50 (the whole
    count was ~0.13 ms of the poll process's GIL per new full-text story, issue 12)."""
    return wanted <= 0 or next(islice(_WORD.finditer(text), wanted - 1, None), None) is not None


def thinner_than_feed(page_text: str, feed_text: str) -> PageTrouble | None:
    """A page giving much less of the story than the feed's own text (under half its
    words: a paywall, a consent wall, a teaser) is not used: the story keeps the feed's
    text and the page is tried again later.  (A feed carrying whole articles loses a
    few words to extraction: that page is still used.)"""
    feed_words = word_count(feed_text)
    if _has_words(page_text, (feed_words + 1) // 2):
        return None
    page_words = word_count(page_text)
    return PageTrouble(RETRYING, f"the page gives less text than the feed ({page_words} words, "
                                 f"the feed {feed_words}): a paywall or a consent page?")


def describe(state: str | None, failures: int = 0) -> str:
    """A story's page state as `monitor stories` shows it ('' when fine)."""
    if not state:
        return ""
    if state == RETRYING:
        return f"retrying ×{failures}" if failures > 1 else "retrying"
    return {GONE: "gone", INVALID: "invalid link", UNUSABLE: "unusable",
            GAVE_UP: "gave up"}.get(state, state)
