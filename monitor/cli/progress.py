"""`monitor poll`'s progress: one live line on a terminal, plain lines otherwise.

On a terminal the line is rewritten in place (feeds done/total, the feed being polled,
new versions and fact changes so far) and erased at the end, so the table that follows
stands alone.  Elsewhere (a log file, cron mail, a pipe) each feed gets one plain line
when its poll ends.  Both go to stderr: stdout keeps the table or the JSON.
"""

from __future__ import annotations

import shutil
import threading
from typing import Any, TextIO

from monitor.cli.common import printable

LIVE, PLAIN, QUIET = "live", "plain", "quiet"


def mode_for(stream: TextIO, *, quiet: bool) -> str:
    if quiet:
        return QUIET
    return LIVE if getattr(stream, "isatty", lambda: False)() else PLAIN


class Progress:
    def __init__(self, total: int, stream: TextIO, mode: str) -> None:
        self.total = total
        self.stream = stream
        self.mode = mode
        self.done = 0
        self.versions = 0
        self.changes = 0
        self.failed = 0
        self._running: list[str] = []
        self._lock = threading.Lock()
        self._width = 0

    # called from the pipeline's worker threads
    def started(self, name: str) -> None:
        with self._lock:
            self._running.append(name)
            self._draw()

    def finished(self, outcome: Any) -> None:
        with self._lock:
            if outcome.feed in self._running:
                self._running.remove(outcome.feed)
            self.done += 1
            self.versions += outcome.new_versions
            self.changes += outcome.changes
            self.failed += not outcome.ok
            if self.mode == PLAIN:
                self._write(self._plain_line(outcome) + "\n")
            self._draw()

    def close(self) -> None:
        with self._lock:
            if self.mode == LIVE and self._width:
                self._write("\r" + " " * self._width + "\r")
                self._width = 0

    def __enter__(self) -> Progress:
        self._draw()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def live_line(self) -> str:
        current = printable(self._running[-1]) if self._running else ""
        more = f" (+{len(self._running) - 1})" if len(self._running) > 1 else ""
        line = (f"polling {self.done}/{self.total} feeds"
                + (f" · {current}{more}" if current else "")
                + f" · {self.versions} new versions · {self.changes} changes")
        if self.failed:
            line += f" · {self.failed} failed"
        return line

    def _plain_line(self, o: Any) -> str:
        if o.skipped:
            result = "skipped (Retry-After)"
        elif o.ok:
            result = (f"ok, {o.new_stories} new stories, {o.new_versions} new versions, "
                      f"{o.changes} changes ({o.duration:.1f}s)")
        else:
            # the reason is in the table (or the JSON) that follows: said once, not twice
            result = "failed" + (f" (HTTP {o.status})" if o.status else "")
        return f"[{self.done}/{self.total}] {printable(o.feed)}: {result}"

    def _draw(self) -> None:
        if self.mode != LIVE:
            return
        columns = shutil.get_terminal_size((80, 24)).columns - 1
        line = self.live_line()
        if len(line) > columns:  # a wrapped line could not be rewritten in place
            line = line[:max(columns - 1, 0)] + "…"
        pad = max(self._width - len(line), 0)
        self._write("\r" + line + " " * pad)
        self._width = len(line)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal must not stop the poll
            pass
