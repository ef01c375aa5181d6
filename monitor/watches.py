"""Which fact changes matter to which watch, and so to which channel (pure).

A watch selects changes by keyword (any of them, in the story's title or text),
fact kind, source (feeds and tags) and minimum severity, and names the channels
to notify.  With no watches configured at all, every change goes to the console.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from monitor.config import WatchConfig
from monitor.models import SEVERITY_RANK, Change

# The channel that receives everything when no watch is configured.  A configured
# channel of that name wins; otherwise the worker uses a built-in console channel.
DEFAULT_CHANNEL = "console"


@dataclass(frozen=True, slots=True)
class StoryContext:
    """What a watch can look at besides the changes themselves."""

    feed: str
    title: str
    text: str
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Route:
    """The changes one channel must hear about for one story version."""

    channel: str
    watches: list[str] = field(default_factory=list)  # in config order
    changes: list[Change] = field(default_factory=list)  # in the order given, no repeats


@lru_cache(maxsize=1024)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    # Word boundaries that also work for keywords starting or ending in non-word
    # characters ("U.S.", "F-16"); inner whitespace matches any run of whitespace.
    words = [re.escape(part) for part in keyword.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


# Curly quotes and apostrophes match their plain forms ("president’s term").
_PLAIN_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def mentions_any(keywords: Iterable[str], *texts: str | None) -> bool:
    """True when any keyword occurs as a whole word in any of ``texts``."""
    patterns = [_keyword_pattern(k.translate(_PLAIN_QUOTES)) for k in keywords if k.strip()]
    return any(p.search(t.translate(_PLAIN_QUOTES)) for p in patterns for t in texts if t)


def source_matches(watch: WatchConfig, story: StoryContext) -> bool:
    """``feeds`` and ``tags`` both name sources: a story matches either (their union)."""
    if not watch.feeds and not watch.tags:
        return True
    return story.feed in watch.feeds or bool(set(watch.tags) & set(story.tags))


def change_matches(watch: WatchConfig, change: Change) -> bool:
    if watch.kinds and change.kind not in watch.kinds:
        return False
    return SEVERITY_RANK.get(change.severity, 0) >= SEVERITY_RANK.get(watch.min_severity, 0)


def change_scope(watch: WatchConfig | None, kinds: Sequence[str] = (),
                 severities: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """The fact kinds and severities a listing of ``watch``'s changes covers, within
    ``kinds``/``severities`` asked for (empty: all); an empty list: nothing can match.
    `monitor changes --watch` and the web view's ?watch= both narrow by it."""
    from monitor.models import FACT_KINDS, SEVERITIES

    kinds, severities = list(kinds or FACT_KINDS), list(severities or SEVERITIES)
    if watch is None:
        return kinds, severities
    if watch.kinds:
        kinds = [k for k in kinds if k in watch.kinds]
    floor = SEVERITY_RANK.get(watch.min_severity, 0)
    return kinds, [s for s in severities if SEVERITY_RANK.get(s, 0) >= floor]


def watch_changes(watch: WatchConfig, story: StoryContext,
                  changes: Sequence[Change]) -> list[Change]:
    """The changes of one story version that ``watch`` fires on (maybe none)."""
    if not changes or not source_matches(watch, story):
        return []
    if watch.keywords:
        # The old sentences count too: a change that removes the keyword still matters.
        sentences = [s for c in changes for s in (c.old_sentence, c.new_sentence) if s]
        if not mentions_any(watch.keywords, story.title, story.text, *sentences):
            return []
    return [c for c in changes if change_matches(watch, c)]


def route_changes(watches: Sequence[WatchConfig], story: StoryContext,
                  changes: Sequence[Change]) -> list[Route]:
    """One route per channel that must hear about ``changes``; never an empty one.

    Several watches notifying one channel make one route whose changes are the
    union of theirs, so a story version yields at most one alert per channel.
    """
    if not changes:
        return []
    if not watches:
        return [Route(DEFAULT_CHANNEL, [], list(changes))]
    routes: dict[str, Route] = {}
    for watch in watches:
        matched = watch_changes(watch, story, changes)
        if not matched:
            continue
        for channel in watch.notify:
            route = routes.setdefault(channel, Route(channel))
            if watch.name not in route.watches:
                route.watches.append(watch.name)
            for change in matched:
                if change not in route.changes:
                    route.changes.append(change)
    # Keep each route's changes in the order the diff gave them.
    order = {id(c): i for i, c in enumerate(changes)}
    for route in routes.values():
        route.changes.sort(key=lambda c: order.get(id(c), len(order)))
    return list(routes.values())

