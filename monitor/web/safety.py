"""What keeps the web view safe: feed-supplied strings made harmless before they are
escaped, security headers, the UI token, browser sessions and CSRF tokens.

Everything a feed supplies (titles, texts, URLs, error messages) is untrusted.  Jinja2
autoescaping turns markup into text; on top of that ``untrusted`` drops control characters
and the bidi embedding, override and isolate controls (a title carrying U+202E would
otherwise display reversed and could spoof what a reader sees), and templates wrap feed
strings in ``<bdi>`` so right-to-left text never reorders the page around it.  Only
http(s) URLs ever become links.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

# C0 and C1 controls except tab and newline; DEL; bidi embeddings, overrides and isolates
# (LRE RLE PDF LRO RLO, LRI RLI FSI PDI); lone surrogates (cannot be encoded).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# XML 1.0 forbids these even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def untrusted(value: Any) -> str:
    """A feed-supplied string as the page may show it (to be escaped by the template)."""
    if value is None:
        return ""
    return _UNSAFE.sub("", str(value))


def xml_text(value: Any) -> str:
    """``untrusted`` and also without what XML 1.0 cannot carry (for the Atom feed)."""
    return _NOT_XML.sub("", untrusted(value))


def safe_url(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) URL without controls or spaces, else None:
    ``javascript:``, ``data:`` and relative links never become an href."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or _UNSAFE.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


# ---------------------------------------------------------------- headers

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # Not "no-referrer": with it a browser sends "Origin: null" on form posts, which the
    # CSRF check needs.  Links out to a story's site carry rel=noreferrer.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """ASGI middleware: the headers above on every response, and ``Server-Timing`` with the
    time the application spent on the request (what benchmarks/web.py reads)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in present]
                elapsed = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={elapsed:.1f}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, wrapped)


# ---------------------------------------------------------------- token, sessions, CSRF

SESSION_COOKIE = "monitor_session"
SESSION_SECONDS = 12 * 3600


class Guard:
    """The UI token (``MONITOR_UI_TOKEN``) and what is derived from it.

    Without a token the view is read-only: no write route answers.  With one, a browser
    signs in once by typing it (``/login``); the cookie then holds a random session id and
    its HMAC, never the token.  Each form carries a CSRF token, the HMAC of the session id,
    and a write is accepted only with the session cookie, that CSRF token and, when the
    browser sends one, an Origin naming this server.  API clients send the token itself
    as ``Authorization: Bearer``.
    """

    def __init__(self, token: str | None) -> None:
        self.token = token or None
        self._key = (hmac.new(self.token.encode(), b"monitor-ui-session", hashlib.sha256)
                     .digest() if self.token else b"")

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def _sign(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()

    def check_token(self, candidate: str | None) -> bool:
        if not self.token or not candidate:
            return False
        return hmac.compare_digest(candidate.encode(), self.token.encode())

    def check_bearer(self, header: str | None) -> bool:
        scheme, _, value = (header or "").partition(" ")
        return scheme.lower() == "bearer" and self.check_token(value.strip())

    def new_session(self, now: float | None = None) -> str:
        sid = f"{int(now if now is not None else time.time())}.{secrets.token_hex(16)}"
        return f"{sid}.{self._sign(sid)}"

    def session_id(self, cookie: str | None, now: float | None = None) -> str | None:
        """The session id of a valid, unexpired cookie, else None."""
        if not self.enabled or not cookie or cookie.count(".") != 2:
            return None
        sid, _, signature = cookie.rpartition(".")
        if not hmac.compare_digest(signature, self._sign(sid)):
            return None
        issued = sid.partition(".")[0]
        if not issued.isdecimal():
            return None
        age = (now if now is not None else time.time()) - int(issued)
        return sid if 0 <= age <= SESSION_SECONDS else None

    def csrf_token(self, sid: str) -> str:
        return self._sign("csrf:" + sid)

    def check_csrf(self, sid: str | None, candidate: str | None) -> bool:
        if not sid or not candidate:
            return False
        return hmac.compare_digest(candidate, self.csrf_token(sid))


def same_origin(origin: str | None, host: str | None) -> bool:
    """True when there is no Origin header (older browsers, same-origin GET-made forms) or
    it names the host the request was sent to."""
    if origin is None:
        return True
    if not host or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == host.lower()
