"""`monitor serve`: a web view of the store for editors, a JSON API, an Atom feed of fact
changes and Prometheus metrics (Starlette + Jinja2; needs the ``web`` extra).

- ``app.py``: the Starlette application (pages, API, Atom, /metrics, /healthz)
- ``shapes.py``: the JSON shapes, the same as the CLI's ``--json``
- ``diffview.py``: the side-by-side diff of two versions (pure)
- ``safety.py``: escaping helpers for feed-supplied strings, security headers, the
  UI token, sessions and CSRF
- ``metrics.py``: the Prometheus collector (store totals) and in-process poll/delivery
  counters
- ``openapi.py``: the OpenAPI document of ``/api/v1``
- ``server.py``: running it under uvicorn, alone or in a thread of the daemon

Every SQL query lives in ``monitor/store.py`` (its "web view" section).
"""

from __future__ import annotations

MISSING_EXTRA = ("the web view needs the 'web' extra: pip install 'monitor[web]' "
                 "(starlette, jinja2, uvicorn, prometheus-client)")
