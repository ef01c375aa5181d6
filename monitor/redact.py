"""Keep secrets out of messages and logs.

Feed URLs carry credentials (``https://user:pass@host/``) and tokens (``?token=...``), and
both httpx's own log lines and ``raise_for_status()`` messages print URLs verbatim. Every URL
that reaches a message or a log line goes through ``redact_url`` first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit, urlunsplit

MASK = "***"

# Query keys whose values are secrets. Matched as whole words inside the key so that
# "api_key", "X-Amz-Signature" and "access_token" are caught but "keyword" or "monkey" are not.
_SECRET_WORDS = (
    "token", "key", "apikey", "secret", "password", "passwd", "pwd", "pass", "sig", "signature",
    "auth", "authorization", "credential", "credentials", "session", "sid", "code", "jwt",
    "bearer", "hash", "otp", "private",
)
_SECRET_KEY = re.compile(
    r"(?:^|[^a-z0-9])(?:" + "|".join(_SECRET_WORDS) + r")(?:$|[^a-z0-9])"
)
# Compound spellings without separators, e.g. "apiKey" lower-cased to "apikey", "accesstoken".
_SECRET_SUFFIX = re.compile(r"(?:token|key|secret|password|signature|sig)$")


_USERINFO = re.compile(r"//[^/?#@\s]*@")
_QUERY_PAIR = re.compile(r"([^&;=?#/\s]+)=([^&;=?#]*)")


def is_secret_key(name: str) -> bool:
    """True when a query parameter name looks like it holds a secret."""
    lowered = name.lower()
    return bool(_SECRET_KEY.search(lowered) or _SECRET_SUFFIX.search(lowered))


def redact_url(url: str) -> str:
    """``url`` without userinfo and with secret-looking query values masked.

    Never raises: text that does not parse as a URL is returned with anything that looks
    like ``user:pass@`` removed.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return _USERINFO.sub(f"//{MASK}@", url)
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    if parts.username is not None or parts.password is not None:
        netloc = f"{MASK}@{netloc}"
    shown = urlunsplit((parts.scheme, netloc, parts.path, _redact_query(parts.query),
                        _redact_query(parts.fragment) if "=" in parts.fragment else parts.fragment))
    # Userinfo the parser did not see as such (no scheme, or a URL nested in the path or
    # a query value) is still userinfo to a reader.
    return _USERINFO.sub(f"//{MASK}@", shown)


def _redact_query(query: str) -> str:
    """Secret-looking ``name=value`` values masked, the rest left byte-for-byte.

    A regex over the raw string rather than parse_qsl: a pair hidden behind odd separators
    (``?=?token=...``) is a pair to the reader, and to some servers.
    """
    def mask(match: re.Match[str]) -> str:
        name, value = match.group(1), match.group(2)
        return f"{name}={MASK}" if value and is_secret_key(unquote_plus(name)) else match.group(0)

    return _QUERY_PAIR.sub(mask, query)


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each known secret value replaced by ``***``.

    Percent-encoded spellings are masked too, since secrets often travel inside URLs.
    Longer secrets are replaced first so that a secret containing another is fully masked.
    Values shorter than 4 characters are skipped: masking "a" would shred the message.
    """
    variants: set[str] = set()
    for secret in secrets:
        if secret and len(secret) >= 4:
            variants.update((secret, quote(secret, safe=""), quote_plus(secret)))
    for variant in sorted(variants, key=len, reverse=True):
        text = text.replace(variant, MASK)
    return text
