"""When the fast extractor may stand in for trafilatura: ``FastPathGuard``, the verdicts per
site and layout (monitor.extract uses it; the store keeps its counts).

Its own module, with nothing but the standard library (issue 12): ``monitor poll`` asks
the store's layouts whether its workers' server must warm trafilatura up before it starts
that server, and importing the whole extraction for that (~24 ms: lxml, selectolax, the
fast extractor) kept the other core idle on the way to the first page.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict


class FastPathGuard:
    """When the fast extractor may stand in for trafilatura: per (site, layout), only after
    its title, text and publication time equalled trafilatura's on ``verify_first`` pages
    of that layout, never again once they differed, and even then one page in
    ``recheck_every`` is still compared.  In memory, bounded (least recently used layouts
    are forgotten); thread-safe.  A page of a layout that already has ``verify_first``
    comparisons under way (or done) waits (up to ``wait_seconds``) for their verdict instead
    of running one more: the pool's threads share one core's worth of Python anyway."""

    def __init__(self, *, verify_first: int = 3, recheck_every: int = 50,
                 max_layouts: int = 4096, wait_seconds: float = 10.0) -> None:
        self.verify_first, self.recheck_every = verify_first, recheck_every
        self.max_layouts, self.wait_seconds = max_layouts, wait_seconds
        self.enabled = True
        self._layouts: OrderedDict[tuple[str, str], list[int]] = OrderedDict()
        self._dirty: set[tuple[str, str]] = set()
        self._pending: Counter[tuple[str, str]] = Counter()  # comparisons under way
        self._changed = threading.Condition(threading.Lock())

    def take(self, layout: tuple[str, str]) -> bool:
        """Use the fast extractor alone for this page?  False: the caller extracts with
        trafilatura and then calls ``record`` (or ``abandon`` when that failed)."""
        answer = self._answer(layout, time.monotonic() + self.wait_seconds)
        assert answer is not None  # waited for the verdict (or for the time it may take)
        return answer

    def try_take(self, layout: tuple[str, str]) -> bool | None:
        """``take`` without waiting: None while ``verify_first`` comparisons of this layout
        are under way (ask ``take`` later), else ``take``'s answer, counted as it counts."""
        return self._answer(layout, None)

    def _answer(self, layout: tuple[str, str], deadline: float | None) -> bool | None:
        """``take``'s answer; while the verdict is pending, wait until ``deadline`` (None:
        answer None at once instead)."""
        with self._changed:
            while True:
                state = self._layouts.get(layout)  # [agreements, disagreements, fast pages]
                if not self.enabled or (state is not None and state[1]):
                    break
                if state is not None and state[0] >= self.verify_first:
                    self._layouts.move_to_end(layout)
                    state[2] += 1
                    if state[2] % self.recheck_every != 0:
                        return True
                    break
                agreed = state[0] if state is not None else 0
                if agreed + self._pending[layout] < self.verify_first:
                    break
                if deadline is None:
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            self._pending[layout] += 1
            return False

    def record(self, layout: tuple[str, str], agreed: bool) -> None:
        """The fast extractor's result was compared with trafilatura's on a page."""
        with self._changed:
            state = self._layouts.setdefault(layout, [0, 0, 0])
            state[0 if agreed else 1] += 1
            self._layouts.move_to_end(layout)
            self._dirty.add(layout)
            while len(self._layouts) > self.max_layouts:
                self._layouts.popitem(last=False)
            self._done(layout)

    def abandon(self, layout: tuple[str, str]) -> None:
        """The comparison ``take`` asked for did not happen (the extraction failed)."""
        with self._changed:
            self._done(layout)

    def _done(self, layout: tuple[str, str]) -> None:
        if self._pending[layout] > 1:
            self._pending[layout] -= 1
        else:
            self._pending.pop(layout, None)
        self._changed.notify_all()

    def reset(self) -> None:
        with self._changed:
            self._layouts.clear()
            self._dirty.clear()

    def load(self, rows: list[tuple[str, str, int, int]]) -> None:
        """Counts kept from earlier runs: (host, layout, agreements, disagreements)."""
        with self._changed:
            for host, layout, agreed, disagreed in rows:
                state = self._layouts.setdefault((host, layout), [0, 0, 0])
                state[0], state[1] = max(state[0], agreed), max(state[1], disagreed)

    def settled(self) -> bool:
        """Does every layout known take the fast path (verified, never disagreed), and is
        there one?  Then trafilatura is needed for one page in ``recheck_every`` only."""
        with self._changed:
            return bool(self._layouts) and all(
                agreed >= self.verify_first and not disagreed
                for agreed, disagreed, _ in self._layouts.values())

    def changed(self) -> list[tuple[str, str, int, int]]:
        """Layouts compared since the last call, with their counts (to keep them)."""
        with self._changed:
            rows = [(host, layout, self._layouts[(host, layout)][0],
                     self._layouts[(host, layout)][1])
                    for host, layout in self._dirty if (host, layout) in self._layouts]
            self._dirty.clear()
        return rows
