"""The Starlette application of `monitor serve`: pages, /api/v1, /changes.atom, /metrics,
/healthz.

Reads go through read-only store connections, one per server thread (SQLite connections
are not shared between threads; WAL lets them read while the daemon writes).  The two
write actions (mute/unmute a story, retry a dead alert) open a writable connection for
that one request, and exist only when a UI token is configured (see safety.Guard).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from monitor.cli.browse import changes_by_version, relative, story_json
from monitor.config import Config
from monitor.errors import MonitorError, NotFoundError, StoreError
from monitor.models import FACT_KINDS, SEVERITIES, DiffResult, Document
from monitor.storage import Location, Storage, is_server_url, open_store
from monitor.store import MUTED_FOREVER, iso, parse_iso, utcnow
from monitor.web import atom, diffview, openapi, safety, shapes
from monitor.web.metrics import CONTENT_TYPE as METRICS_TYPE
from monitor.web.metrics import Metrics

PAGE_SIZE = 50
MAX_LIMIT = 500
DEFAULT_STALE_AFTER = 60.0  # seconds without a heartbeat after which a daemon is "stale"
MUTE_DURATIONS = {"1h": timedelta(hours=1), "1d": timedelta(days=1),
                  "7d": timedelta(days=7), "forever": None}
NOTES = {  # the only messages a redirect can ask a page to show (nothing is reflected)
    "muted": "Story muted: its changes are still recorded, no alert will be sent.",
    "unmuted": "Story unmuted: alerts are on again.",
    "retried": "Alert made due again: the daemon (or the next `monitor poll`) sends it.",
    "signed-in": "Signed in.",
    "signed-out": "Signed out.",
}
STATUSES = ("pending", "sent", "dead")


class BadRequest(ValueError):
    """A parameter the user can fix; a 400 with this message."""


# ---------------------------------------------------------------- store handles


class Stores:
    """Read-only store connections, one per thread, plus short-lived writers."""

    def __init__(self, path: Location) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[Storage] = []
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Refuse a missing or foreign store; bring an older schema up to date once, since
        the read-only connections cannot (what any other command would do)."""
        with open_store(self.path, readonly=True) as store:
            outdated = store.outdated()
        if outdated:
            open_store(self.path).close()

    def get(self) -> Storage:
        store: Storage | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.path, readonly=True)
            store.tune_for_reading()
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    @contextlib.contextmanager
    def writer(self) -> Iterator[Storage]:
        with open_store(self.path) as store:
            yield store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                with contextlib.suppress(Exception):
                    store.close()
            self._opened.clear()


# ---------------------------------------------------------------- parameters


def _limit(request: Request) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return PAGE_SIZE
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def _cursor(request: Request, types: tuple[type, ...]) -> tuple[Any, ...] | None:
    raw = request.query_params.get("cursor")
    if not raw:
        return None
    try:
        return shapes.cursor_decode(raw, types)
    except shapes.CursorError as exc:
        raise BadRequest(f"cursor: {exc}") from None


def _keyset(request: Request) -> tuple[str, int] | None:
    """The (time, id) sort key in ?cursor= of the newest-first listings."""
    key = _cursor(request, (str, int))
    return (str(key[0]), int(key[1])) if key else None


def _day_or_time(value: str, name: str, *, end: bool = False) -> str:
    """An ISO bound on a timestamp column: a date is the start of that day, or (``end``)
    the start of the next; a full timestamp is taken as given."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
            return iso(day + timedelta(days=1) if end else day) or ""
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{name}: expected a date (YYYY-MM-DD) or an ISO 8601 time") from None
    return iso(moment) or ""


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not raw.isdecimal():
        raise BadRequest(f"{name} must be a whole number")
    return int(raw)


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes", "on")


@dataclass(slots=True)
class ChangeFilter:
    feed: str = ""
    watch: str = ""
    kinds: list[str] = field(default_factory=list)
    severities: list[str] = field(default_factory=list)
    since: str = ""
    until: str = ""
    q: str = ""
    story: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.feed or self.watch or self.kinds or self.severities or self.since
                    or self.until or self.q or self.story is not None)

    def params(self) -> list[tuple[str, str]]:
        """As query parameters (for links that keep the filter)."""
        pairs = [(k, v) for k, v in (("feed", self.feed), ("watch", self.watch),
                                     ("since", self.since), ("until", self.until),
                                     ("q", self.q)) if v]
        pairs += [("kind", k) for k in self.kinds] + [("severity", s) for s in self.severities]
        if self.story is not None:
            pairs.append(("story", str(self.story)))
        return pairs


def change_filter(request: Request) -> ChangeFilter:
    params = request.query_params
    kinds = [k for k in params.getlist("kind") if k]
    severities = [s for s in params.getlist("severity") if s]
    for kind in kinds:
        if kind not in FACT_KINDS:
            raise BadRequest(f"kind must be one of {', '.join(FACT_KINDS)}")
    for severity in severities:
        if severity not in SEVERITIES:
            raise BadRequest(f"severity must be one of {', '.join(SEVERITIES)}")
    found = ChangeFilter(feed=params.get("feed", "").strip(), watch=params.get("watch", "").strip(),
                         kinds=kinds, severities=severities,
                         since=params.get("since", "").strip(),
                         until=params.get("until", "").strip(),
                         q=params.get("q", "").strip()[:200], story=_int_param(request, "story"))
    for name in ("since", "until"):
        if getattr(found, name):
            _day_or_time(getattr(found, name), name)  # validate early
    return found


# ---------------------------------------------------------------- the application


class WebApp:
    """State and handlers; ``app`` is the Starlette application."""

    def __init__(self, db_path: str | Path, *, config: Config | None = None,
                 token: str | None = None, stale_after: float = DEFAULT_STALE_AFTER,
                 allowed_hosts: Sequence[str] | None = None) -> None:
        self.db_path: Location = db_path if is_server_url(db_path) else Path(db_path)
        self.config = config
        self.secrets: frozenset[str] = config.secrets if config else frozenset()
        self.guard = safety.Guard(token)
        self.stale_after = stale_after
        self.stores = Stores(self.db_path)
        self.stores.prepare()
        self.metrics = Metrics(self.stores.get)
        self.env = self._environment()
        self._diffs: OrderedDict[tuple[int, int], tuple[DiffResult, list[diffview.Row]]] = (
            OrderedDict())
        self._diffs_lock = threading.Lock()
        from importlib.metadata import PackageNotFoundError, version

        try:
            self.version = version("monitor")
        except PackageNotFoundError:
            self.version = "0"
        self.app = self._starlette(allowed_hosts)

    # ------------------------------------------------------------ set-up

    def _environment(self) -> Environment:
        env = Environment(loader=PackageLoader("monitor.web", "templates"),
                          autoescape=select_autoescape(["html", "xml"]),
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters["u"] = safety.untrusted
        env.filters["x"] = safety.xml_text
        env.filters["safe_url"] = safety.safe_url
        env.filters["relative"] = relative
        env.filters["clip"] = _clip
        env.globals["FACT_KINDS"] = FACT_KINDS
        env.globals["SEVERITIES"] = SEVERITIES
        return env

    def _starlette(self, allowed_hosts: Sequence[str] | None) -> Starlette:
        static = Path(__file__).parent / "static"
        routes = [
            Route("/", self.page_changes, name="changes"),
            Route("/stories", self.page_stories, name="stories"),
            Route("/stories/{story_id:int}", self.page_story, name="story"),
            Route("/stories/{story_id:int}/mute", self.form_mute, methods=["POST"]),
            Route("/stories/{story_id:int}/unmute", self.form_unmute, methods=["POST"]),
            Route("/feeds", self.page_feeds, name="feeds"),
            Route("/alerts", self.page_alerts, name="alerts"),
            Route("/alerts/{delivery_id:int}/retry", self.form_retry, methods=["POST"]),
            Route("/login", self.page_login, methods=["GET", "POST"], name="login"),
            Route("/logout", self.form_logout, methods=["POST"]),
            Route("/changes.atom", self.atom, name="atom"),
            Route("/metrics", self.metrics_route),
            Route("/healthz", self.healthz),
            Route("/api/openapi.json", self.openapi_route),
            Route("/api/v1/changes", self.api_changes),
            Route("/api/v1/stories", self.api_stories),
            Route("/api/v1/stories/{story_id:int}", self.api_story),
            Route("/api/v1/stories/{story_id:int}/diff", self.api_diff),
            Route("/api/v1/stories/{story_id:int}/mute", self.api_mute, methods=["POST"]),
            Route("/api/v1/stories/{story_id:int}/unmute", self.api_unmute, methods=["POST"]),
            Route("/api/v1/feeds", self.api_feeds),
            Route("/api/v1/alerts", self.api_alerts),
            Route("/api/v1/alerts/{delivery_id:int}/retry", self.api_retry, methods=["POST"]),
            Mount("/static", app=StaticFiles(directory=static), name="static"),
        ]
        middleware = [Middleware(safety.SecurityHeaders)]
        if allowed_hosts:
            middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts),
                                         www_redirect=False))

        @contextlib.asynccontextmanager
        async def lifespan(_app: Starlette) -> AsyncIterator[None]:
            self.metrics.process.start()
            await run_in_threadpool(self._warm_up)
            try:
                yield
            finally:
                self.metrics.process.stop()
                self.stores.close()

        return Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                         exception_handlers={HTTPException: self._http_error,
                                             BadRequest: self._bad_request,
                                             MonitorError: self._monitor_error})

    def _warm_up(self) -> None:
        """Load the fact core's word lists and compile the templates before the first
        request, not during it (the English lexicon alone takes ~100 ms)."""
        from monitor.facts import diff_documents, is_common_word

        is_common_word("human")
        diff_documents(Document("Warm", "Human rights groups said the plan starts on Monday."),
                       Document("Warm", "Human rights groups said the plan starts on Friday."))
        for name in self.env.list_templates():
            self.env.get_template(name)

    # ------------------------------------------------------------ rendering helpers

    def _api(self, request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def render(self, request: Request, name: str, code: int = 200,
               **context: Any) -> HTMLResponse:
        sid = self.guard.session_id(request.cookies.get(safety.SESSION_COOKIE))
        note = NOTES.get(request.query_params.get("note", ""))
        html = self.env.get_template(name).render(
            request=request, path=request.url.path, guard=self.guard, signed_in=sid is not None,
            csrf=self.guard.csrf_token(sid) if sid else "", note=note,
            link=_link, **context)
        return HTMLResponse(html, status_code=code, headers={"cache-control": "no-store"})

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if self._api(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code,
                                headers=exc.headers)
        return self.render(request, "error.html", exc.status_code, title=str(exc.status_code),
                           message=exc.detail)

    async def _bad_request(self, request: Request, exc: Exception) -> Response:
        if self._api(request):
            return JSONResponse({"error": str(exc)}, status_code=400)
        return self.render(request, "error.html", 400, title="Bad request", message=str(exc))

    async def _monitor_error(self, request: Request, exc: Exception) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else (
            503 if isinstance(exc, StoreError) else 400)
        if self._api(request):
            return JSONResponse({"error": str(exc)}, status_code=status)
        return self.render(request, "error.html", status, title=str(status), message=str(exc))

    # ------------------------------------------------------------ shared queries

    def _watch_names(self, store: Storage) -> list[str]:
        names = [w.name for w in self.config.watches] if self.config else []
        return names + [n for n in store.watch_names() if n not in names]

    def _changes(self, store: Storage, found: ChangeFilter, after: tuple[str, int] | None,
                 limit: int) -> list[dict[str, Any]]:
        from monitor.watches import change_scope

        kinds, severities = list(found.kinds), list(found.severities)
        watch = None
        if self.config and found.watch:
            watch = next((w for w in self.config.watches if w.name == found.watch), None)
        if watch is not None:  # what that watch fires on, within what was asked
            kinds, severities = change_scope(watch, kinds, severities)
            if not kinds or not severities:
                return []
        rows: list[dict[str, Any]] = store.web_changes(
            feed=found.feed or None, story_id=found.story, kinds=kinds, severities=severities,
            watch=found.watch or None,
            since=_day_or_time(found.since, "since") if found.since else None,
            before=_day_or_time(found.until, "until", end=True) if found.until else None,
            search=found.q or None, after=after, limit=limit)
        return rows

    def _configured(self) -> dict[str, str]:
        return {f.name: f.url for f in self.config.feeds} if self.config else {}

    def _feed_rows(self, store: Storage) -> list[dict[str, Any]]:
        configured = self._configured()
        stored = {row["name"]: row for row in store.feeds()}
        names = list(configured) + [n for n in stored if n not in configured]
        return [shapes.feed_json(n, stored.get(n, {}), configured, self.secrets) for n in names]

    def _story(self, store: Storage, story_id: int) -> dict[str, Any]:
        story = store.story(story_id)
        if story is None:
            raise NotFoundError(f"no story {story_id}")
        return story

    def _pair(self, request: Request, versions: list[dict[str, Any]]) -> tuple[int, int] | None:
        """The version numbers to compare: ?from= and ?to=, by default the last two."""
        numbers = [v["number"] for v in versions]
        if len(numbers) < 2:
            return None
        to_number = _int_param(request, "to") or numbers[-1]
        from_number = _int_param(request, "from")
        if from_number is None:
            from_number = max((n for n in numbers if n < to_number), default=numbers[0])
        for n in (from_number, to_number):
            if n not in numbers:
                raise NotFoundError(f"no version {n} (versions {numbers[0]}-{numbers[-1]})")
        if from_number == to_number:
            raise BadRequest("choose two different versions")
        return (from_number, to_number) if from_number < to_number else (to_number, from_number)

    def _diff(self, store: Storage, story: dict[str, Any], old: dict[str, Any],
              new: dict[str, Any]) -> tuple[DiffResult, list[diffview.Row]]:
        """The fact diff and side-by-side rows of two versions (kept for the last 256
        pairs asked for: a version never changes)."""
        key = (old["id"], new["id"])
        with self._diffs_lock:
            if key in self._diffs:
                self._diffs.move_to_end(key)
                return self._diffs[key]
        from monitor.facts import diff_documents

        boilerplate = _feed_boilerplate(store, story, [old, new])

        def document(version: dict[str, Any]) -> Document:
            return Document(title=version.get("title") or "", text=version.get("text") or "",
                            published=parse_iso(version.get("published"))
                            or parse_iso(story.get("published_at")))

        result = diff_documents(document(old), document(new), boilerplate=boilerplate)
        rows = diffview.side_by_side(old["title"], old["text"], new["title"], new["text"],
                                     result, boilerplate=boilerplate)
        with self._diffs_lock:
            self._diffs[key] = (result, rows)
            while len(self._diffs) > 256:
                self._diffs.popitem(last=False)
        return result, rows

    def _muted(self, story: dict[str, Any]) -> str | None:
        until = story.get("muted_until")
        return until if until and until > (iso(utcnow()) or "") else None

    # ------------------------------------------------------------ pages

    def page_changes(self, request: Request) -> Response:
        store = self.stores.get()
        found = change_filter(request)
        limit = _limit(request)
        rows = self._changes(store, found, _keyset(request), limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        next_link = (_link("/", *found.params(), cursor=shapes.cursor_encode(
            rows[-1]["detected_at"], rows[-1]["id"])) if more else None)
        return self.render(request, "changes.html", rows=rows, filter=found,
                           feeds=store.feed_names(), watches=self._watch_names(store),
                           next_link=next_link, first_page=not request.query_params.get("cursor"),
                           atom_link=_link("/changes.atom", *found.params()))

    def page_stories(self, request: Request) -> Response:
        store = self.stores.get()
        feed = request.query_params.get("feed", "").strip()
        q = request.query_params.get("q", "").strip()[:200]
        changed = _flag(request, "changed")
        limit = _limit(request)
        rows = store.web_stories(feed=feed or None, changed=changed, search=q or None,
                                 after=_keyset(request),
                                 limit=limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        keep = [(k, v) for k, v in (("feed", feed), ("q", q), ("changed", "1" if changed else ""))
                if v]
        next_link = (_link("/stories", *keep, cursor=shapes.cursor_encode(
            rows[-1]["sort_at"], rows[-1]["id"])) if more else None)
        return self.render(request, "stories.html", rows=rows, feed=feed, q=q, changed=changed,
                           feeds=store.feed_names(), next_link=next_link)

    def page_story(self, request: Request) -> Response:
        from monitor.ingest import read_story_facts
        from monitor.timeline import REPEAT_CAUSE, fact_timeline, repeated_versions

        store = self.stores.get()
        story = self._story(store, request.path_params["story_id"])
        versions = store.versions(story["id"])
        changes = store.changes(story["id"])
        by_version = changes_by_version(changes)
        pair = self._pair(request, versions)
        diff = rows = None
        old = new = None
        if pair:
            by_number = {v["number"]: v for v in versions}
            old, new = by_number[pair[0]], by_number[pair[1]]
            diff, rows = self._diff(store, story, old, new)
        all_facts = _flag(request, "facts")
        timeline = fact_timeline(read_story_facts(store, story["id"]),
                                 [v["number"] for v in versions])
        shown = timeline if all_facts else [h for h in timeline
                                            if h.changed or h.first_seen > 1]
        return self.render(
            request, "story.html", story=story, versions=versions, by_version=by_version,
            repeats=repeated_versions(versions), repeat_cause=REPEAT_CAUSE, pair=pair,
            old=old, new=new, diff=diff,
            blocks=diffview.blocks(rows) if rows else [],
            facts=shown, fact_total=len(timeline), all_facts=all_facts,
            seen_at={v["number"]: v["seen_at"] for v in versions},
            muted_until=self._muted(story), forever=MUTED_FOREVER,
            durations=list(MUTE_DURATIONS))

    def page_feeds(self, request: Request) -> Response:
        store = self.stores.get()
        rows = self._feed_rows(store)
        for row in rows:
            row["state"] = _feed_state(row)
        return self.render(request, "feeds.html", rows=rows)

    def _alert_rows(self, request: Request) -> tuple[str, int, list[dict[str, Any]], bool]:
        """The outbox rows a page or API call asks for: (status filter, limit, rows, more)."""
        store = self.stores.get()
        status = request.query_params.get("status", "")
        if status and status not in STATUSES:
            raise BadRequest(f"status must be one of {', '.join(STATUSES)}")
        limit = _limit(request)
        rows = store.web_deliveries(status=status or None, after=_keyset(request),
                                    limit=limit + 1)
        return status, limit, rows, len(rows) > limit

    def page_alerts(self, request: Request) -> Response:
        status, limit, rows, more = self._alert_rows(request)
        rows = [shapes.alert_json(r, self.secrets) for r in rows[:limit]]
        next_link = (_link("/alerts", *([("status", status)] if status else []),
                           cursor=shapes.cursor_encode(rows[-1]["created_at"], rows[-1]["id"]))
                     if more else None)
        return self.render(request, "alerts.html", rows=rows, status=status,
                           counts=self.stores.get().delivery_counts(), statuses=STATUSES,
                           next_link=next_link)

    async def page_login(self, request: Request) -> Response:
        if request.method == "GET":
            return self.render(request, "login.html", next=_next(request.query_params.get("next")),
                               failed=False)
        if not self.guard.enabled:
            raise HTTPException(403, "read-only: no MONITOR_UI_TOKEN is configured")
        form = await _form(request)
        if not safety.same_origin(request.headers.get("origin"), request.headers.get("host")):
            raise HTTPException(403, "this form must be sent from this site")
        if not self.guard.check_token(form.get("token")):
            await run_in_threadpool(time.sleep, 0.3)  # slows down guessing
            return self.render(request, "login.html", 403, next=_next(form.get("next")),
                               failed=True)
        response = RedirectResponse(_link(_next(form.get("next")), note="signed-in"), 303)
        response.set_cookie(safety.SESSION_COOKIE, self.guard.new_session(),
                            max_age=int(safety.SESSION_SECONDS), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return response

    async def form_logout(self, request: Request) -> Response:
        await self._authorised_form(request)
        response = RedirectResponse("/?note=signed-out", 303)
        response.delete_cookie(safety.SESSION_COOKIE, path="/")
        return response

    # ------------------------------------------------------------ write actions (forms)

    async def _authorised_form(self, request: Request) -> dict[str, str]:
        """The form of a write action from a signed-in browser, or a 403."""
        if not self.guard.enabled:
            raise HTTPException(403, "read-only: no MONITOR_UI_TOKEN is configured")
        form = await _form(request)
        sid = self.guard.session_id(request.cookies.get(safety.SESSION_COOKIE))
        if sid is None:
            raise HTTPException(403, "sign in first")
        if not safety.same_origin(request.headers.get("origin"), request.headers.get("host")):
            raise HTTPException(403, "this form must be sent from this site")
        if not self.guard.check_csrf(sid, form.get("csrf")):
            raise HTTPException(403, "the form has expired: reload the page and try again")
        return form

    async def form_mute(self, request: Request) -> Response:
        form = await self._authorised_form(request)
        story_id = request.path_params["story_id"]
        duration = form.get("duration", "forever")
        if duration not in MUTE_DURATIONS:
            raise BadRequest(f"duration must be one of {', '.join(MUTE_DURATIONS)}")
        span = MUTE_DURATIONS[duration]
        until = iso(utcnow() + span) if span else MUTED_FOREVER
        await run_in_threadpool(self._write, lambda s: s.mute_story(story_id, until or ""))
        return RedirectResponse(f"/stories/{story_id}?note=muted", 303)

    async def form_unmute(self, request: Request) -> Response:
        await self._authorised_form(request)
        story_id = request.path_params["story_id"]
        await run_in_threadpool(self._write, lambda s: s.unmute_story(story_id))
        return RedirectResponse(f"/stories/{story_id}?note=unmuted", 303)

    async def form_retry(self, request: Request) -> Response:
        await self._authorised_form(request)
        delivery_id = request.path_params["delivery_id"]
        await run_in_threadpool(self._retry, delivery_id)
        return RedirectResponse("/alerts?status=pending&note=retried", 303)

    def _write(self, action: Any) -> None:
        with self.stores.writer() as store:
            action(store)

    def _retry(self, delivery_id: int) -> None:
        from monitor.notify import outbox

        with self.stores.writer() as store:
            row = store.delivery(delivery_id)
            if row is None:
                raise NotFoundError(f"no delivery {delivery_id}")
            if row["status"] == "sent":
                raise BadRequest(f"delivery {delivery_id} was already sent; retrying it "
                                 "would send a duplicate")
            outbox.retry(store, ids=[delivery_id], now=utcnow())

    # ------------------------------------------------------------ API

    def _bearer(self, request: Request) -> None:
        if not self.guard.enabled:
            raise HTTPException(403, "read-only: no MONITOR_UI_TOKEN is configured")
        if not self.guard.check_bearer(request.headers.get("authorization")):
            raise HTTPException(401, "send the UI token as Authorization: Bearer",
                                headers={"www-authenticate": "Bearer"})

    def _page(self, items: list[dict[str, Any]], more: bool, cursor: str | None,
              request: Request) -> JSONResponse:
        headers = {}
        if more and cursor:
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
            headers["link"] = f'<{_link(request.url.path, *query, cursor=cursor)}>; rel="next"'
        return JSONResponse({"items": items, "next_cursor": cursor if more else None},
                            headers=headers)

    def api_changes(self, request: Request) -> Response:
        store = self.stores.get()
        limit = _limit(request)
        rows = self._changes(store, change_filter(request), _keyset(request), limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = shapes.cursor_encode(rows[-1]["detected_at"], rows[-1]["id"]) if rows else None
        return self._page([shapes.change_json(r) for r in rows], more, cursor, request)

    def api_stories(self, request: Request) -> Response:
        store = self.stores.get()
        limit = _limit(request)
        rows = store.web_stories(
            feed=request.query_params.get("feed") or None, changed=_flag(request, "changed"),
            search=request.query_params.get("q") or None,
            after=_keyset(request), limit=limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = shapes.cursor_encode(rows[-1]["sort_at"], rows[-1]["id"]) if rows else None
        return self._page([story_json(r) for r in rows], more, cursor, request)

    def api_story(self, request: Request) -> Response:
        from monitor.ingest import read_story_facts
        from monitor.timeline import fact_timeline

        store = self.stores.get()
        story = self._story(store, request.path_params["story_id"])
        versions = store.versions(story["id"])
        story["changes"] = len(changes := store.changes(story["id"]))
        timeline = fact_timeline(read_story_facts(store, story["id"]),
                                 [v["number"] for v in versions])
        return JSONResponse({"story": story_json(story), "muted_until": self._muted(story),
                             "history": shapes.history_json(story, versions, changes),
                             "facts": [h.to_dict() for h in timeline]})

    def api_diff(self, request: Request) -> Response:
        store = self.stores.get()
        story = self._story(store, request.path_params["story_id"])
        versions = store.versions(story["id"])
        pair = self._pair(request, versions)
        if pair is None:
            raise NotFoundError(f"story {story['id']} has only {len(versions)} version(s): "
                                "nothing to diff")
        by_number = {v["number"]: v for v in versions}
        result, _rows = self._diff(store, story, by_number[pair[0]], by_number[pair[1]])
        data: dict[str, Any] = result.to_json()
        if _flag(request, "all"):
            data["cosmetic_edits"] = [{"old": c.old, "new": c.new, "reason": c.reason}
                                      for c in result.cosmetic]
        data["from_version"], data["to_version"] = pair
        return JSONResponse(data)

    def api_feeds(self, request: Request) -> Response:
        store = self.stores.get()
        limit = _limit(request)
        after = _cursor(request, (str,))
        rows = self._feed_rows(store)
        if after:
            rows = [r for r in rows if r["name"] > after[0]]
        rows.sort(key=lambda r: r["name"])
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = shapes.cursor_encode(rows[-1]["name"]) if rows else None
        return self._page(rows, more, cursor, request)

    def api_alerts(self, request: Request) -> Response:
        _status, limit, rows, more = self._alert_rows(request)
        rows = rows[:limit]
        cursor = shapes.cursor_encode(rows[-1]["created_at"], rows[-1]["id"]) if rows else None
        return self._page([shapes.alert_json(r, self.secrets) for r in rows], more, cursor,
                          request)

    async def api_mute(self, request: Request) -> Response:
        self._bearer(request)
        story_id = request.path_params["story_id"]
        body = await _json_body(request)
        until: str | None
        if body.get("until"):
            until = _day_or_time(str(body["until"]), "until")
        elif body.get("hours") is not None:
            try:
                hours = float(body["hours"])
            except (TypeError, ValueError):
                raise BadRequest("hours must be a number") from None
            if not 0 < hours <= 24 * 366:
                raise BadRequest("hours must be more than 0 and at most a year")
            until = iso(utcnow() + timedelta(hours=hours))
        else:
            until = MUTED_FOREVER
        await run_in_threadpool(self._write, lambda s: s.mute_story(story_id, until or ""))
        return JSONResponse({"story_id": story_id, "muted_until": until})

    async def api_unmute(self, request: Request) -> Response:
        self._bearer(request)
        story_id = request.path_params["story_id"]
        await run_in_threadpool(self._write, lambda s: s.unmute_story(story_id))
        return JSONResponse({"story_id": story_id, "muted_until": None})

    async def api_retry(self, request: Request) -> Response:
        self._bearer(request)
        delivery_id = request.path_params["delivery_id"]
        await run_in_threadpool(self._retry, delivery_id)
        return JSONResponse({"delivery_id": delivery_id, "status": "pending"})

    def openapi_route(self, request: Request) -> Response:
        return JSONResponse(openapi.document(self.version))

    # ------------------------------------------------------------ feeds for machines

    def atom(self, request: Request) -> Response:
        store = self.stores.get()
        found = change_filter(request)
        rows = self._changes(store, found, None, _limit(request))
        base = str(request.base_url).rstrip("/")
        updated = rows[0]["detected_at"] if rows else iso(utcnow())
        body = atom.changes_feed(
            rows, base=base, updated=updated or "", watch=found.watch, params=found.params(),
            self_link=base + _link("/changes.atom", *found.params()),
            alternate=base + _link("/", *found.params()), version=self.version)
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    def metrics_route(self, request: Request) -> Response:
        return Response(self.metrics.render(), media_type=METRICS_TYPE)

    def healthz(self, request: Request) -> Response:
        """200 when the store answers and, if a daemon runs on it, its heartbeat is fresh."""
        body: dict[str, Any] = {"status": "ok"}
        try:
            store = self.stores.get()
            body["schema"] = store.schema_version()
            store.ping()
            daemon = store.daemon_state()
        except Exception as exc:
            return JSONResponse({"status": "unavailable",
                                 "error": f"store: {type(exc).__name__}: {exc}"}, 503)
        body["daemon"] = _daemon_health(daemon, self.stale_after)
        if body["daemon"]["state"] == "stale":
            body["status"] = "unavailable"
            body["error"] = (f"the daemon's last heartbeat is {body['daemon']['age_seconds']:.0f}"
                             f" s old (more than {self.stale_after:g} s)")
            return JSONResponse(body, 503)
        return JSONResponse(body)


def create_app(db_path: str | Path, **options: Any) -> Starlette:
    """The ASGI application serving the store at ``db_path`` (see WebApp for options)."""
    return WebApp(db_path, **options).app


# ---------------------------------------------------------------- helpers




def _daemon_health(state: dict[str, Any] | None, stale_after: float) -> dict[str, Any]:
    if state is None:
        return {"state": "none"}
    beat = parse_iso(state["beat_at"])
    age = (utcnow() - beat).total_seconds() if beat else None
    info = {"pid": state["pid"], "host": state["host"], "started_at": state["started_at"],
            "beat_at": state["beat_at"], "age_seconds": round(age, 1) if age is not None else None}
    if state["stopped_at"]:
        return {"state": "stopped", **info, "stopped_at": state["stopped_at"]}
    if age is None or age > stale_after:
        return {"state": "stale", **info}
    return {"state": "running", **info}


def _feed_state(row: dict[str, Any]) -> tuple[str, str]:
    """(css class, words) for a feed's last result, as `monitor feeds` says it."""
    waiting = relative(row["retry_after_until"])
    if row["last_polled_at"] is None:
        return "never", "not polled yet"
    if waiting.startswith("in "):
        return "waiting", f"told to wait ({waiting})"
    if row["last_error"]:
        return "failing", f"failing ×{row['consecutive_failures']}"
    return "ok", "ok"


def _feed_boilerplate(store: Storage, story: dict[str, Any],
                      versions: list[dict[str, Any]]) -> set[str]:
    """Lines of these versions recurring across the feed's stories (as `monitor diff`)."""
    from monitor.pipeline import feed_boilerplate
    from monitor.text import line_key, split_paragraphs

    keys = {line_key(p) for v in versions for p in split_paragraphs(v.get("text") or "")}
    return feed_boilerplate(store, story["feed"], keys)


def _link(path: str, *pairs: tuple[str, str], **params: Any) -> str:
    items = list(pairs) + [(k, str(v)) for k, v in params.items() if v not in (None, "")]
    return path + ("?" + urlencode(items) if items else "")


def _next(value: str | None) -> str:
    """Where to go after signing in: a path on this site only."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/"


def _clip(text: Any, width: int = 120) -> str:
    value = " ".join(safety.untrusted(text).split())
    return value if len(value) <= width else value[:width - 1] + "…"


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form body (at most 64 KiB), first value of each field."""
    body = await request.body()
    if len(body) > 65536:
        raise HTTPException(413, "form too large")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise BadRequest("the form is not UTF-8") from None
    return {k: v[0] for k, v in fields.items()}


async def _json_body(request: Request) -> dict[str, Any]:
    body = await request.body()
    if not body.strip():
        return {}
    if len(body) > 65536:
        raise HTTPException(413, "body too large")
    try:
        data = json.loads(body)
    except ValueError:
        raise BadRequest("the body is not JSON") from None
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    return data
