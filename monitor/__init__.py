"""monitor: change-detection for evolving news stories."""

import sys

__version__ = "0.1.0"
USER_AGENT = f"monitor/{__version__} (news fact-change monitor; +https://github.com/monitor-news/monitor)"

# httpx imports its command-line client (httpx._main) whenever it can: click, pygments and
# rich when they are installed, ~40-100 ms of every monitor process's start (issue 12: the
# poll's processes), for a `httpx` command monitor never runs.  A None in sys.modules makes
# that import fail as if they were missing, which httpx expects (its `main` then only says
# so).  Nothing else of httpx changes.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: see above
