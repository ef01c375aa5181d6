"""Which proxy a request goes through.  Pure functions over the environment's values.

By default monitor honours the environment as curl and Python's ``requests`` do:
``http_proxy`` for http URLs, ``https_proxy`` for https URLs, ``all_proxy`` for either
when the scheme's own is not set (lower-case names win over upper-case ones), and
``no_proxy`` lists the hosts reached directly.  ``feeds.yaml`` may set ``proxy:`` in
``defaults`` or per feed: a URL (used for every request of that feed, ``no_proxy``
still honoured), or ``none`` to ignore the environment.

``no_proxy`` entries are separated by commas or spaces: ``*`` (everything), a host name
(``example.org`` also covers ``news.example.org``; a leading ``.`` or ``*.`` is the same),
an IP address, a CIDR range (``10.0.0.0/8``), and any of these with ``:port``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

from monitor.netguard import normalise_host

DIRECT = ""  # FeedConfig.proxy for "no proxy, whatever the environment says"


@dataclass(frozen=True, slots=True)
class ProxyEnvironment:
    http: str | None = None
    https: str | None = None
    all: str | None = None
    no_proxy: str = ""

    @classmethod
    def of(cls, environ: Mapping[str, str]) -> ProxyEnvironment:
        def read(name: str) -> str | None:
            for key in (name, name.upper()):  # lower-case wins, as in curl and urllib
                value = environ.get(key)
                if value is not None:
                    return value.strip() or None
            return None

        return cls(http=_with_scheme(read("http_proxy")), https=_with_scheme(read("https_proxy")),
                   all=_with_scheme(read("all_proxy")), no_proxy=read("no_proxy") or "")

    def for_scheme(self, scheme: str) -> str | None:
        return (self.https if scheme == "https" else self.http) or self.all


def _with_scheme(value: str | None) -> str | None:
    """``proxy:3128`` means ``http://proxy:3128``, as curl reads it."""
    if value and "://" not in value:
        return "http://" + value
    return value


def choose_proxy(scheme: str, host: str, port: int | None, configured: str | None,
                 environment: ProxyEnvironment) -> str | None:
    """The proxy URL for one request, or None to connect directly.

    ``configured`` is the feed's ``proxy:``: None (take the environment's), ``DIRECT``,
    or a URL.  ``no_proxy`` applies to both."""
    if configured == DIRECT:
        return None
    proxy = configured if configured is not None else environment.for_scheme(scheme)
    if proxy is None or bypasses_proxy(host, port, environment.no_proxy):
        return None
    return proxy


def bypasses_proxy(host: str, port: int | None, no_proxy: str) -> bool:
    """Is ``host`` (with ``port``) listed in a ``no_proxy`` value?"""
    host = normalise_host(host)
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = (
            ipaddress.ip_address(host))
    except ValueError:
        address = None
    for raw in no_proxy.replace(",", " ").split():
        entry, entry_port = _split_port(raw.strip().lower())
        if entry_port is not None and entry_port != port:
            continue
        if entry == "*":
            return True
        if address is not None:
            try:
                if address in ipaddress.ip_network(entry.strip("[]"), strict=False):
                    return True
            except ValueError:
                pass
            continue
        name = normalise_host(entry.removeprefix("*").lstrip("."))
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def _split_port(entry: str) -> tuple[str, int | None]:
    """'example.org:8080' -> ('example.org', 8080); '[::1]:80' -> ('[::1]', 80); IPv6
    and CIDR entries without a port are left whole."""
    if entry.startswith("["):
        end = entry.find("]")
        rest = entry[end + 1:]
        if end > 0 and rest.startswith(":") and rest[1:].isdecimal():
            return entry[:end + 1], int(rest[1:])
        return entry, None
    name, sep, port = entry.rpartition(":")
    if sep and port.isdecimal() and ":" not in name:
        return name, int(port)
    return entry, None
