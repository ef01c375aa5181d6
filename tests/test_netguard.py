"""Tests for the address policy of monitor.netguard (the connect-time wiring is exercised
end to end in test_fetch.py)."""

from __future__ import annotations

import ipaddress
import time

import httpcore
import pytest

from monitor.errors import BlockedAddressError, UnsupportedSchemeError
from monitor.netguard import (
    AddressPolicy,
    GuardedBackend,
    block_reason,
    check_scheme,
    guard,
    guarded_transport,
    normalise_host,
    resolve,
)


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"),
    ("192.168.1.1", "private"), ("100.64.0.1", "private"), ("fd12:3456::1", "private"),
    ("fec0::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"), ("192.0.2.10", "reserved"),
    ("198.18.0.1", "reserved"), ("::7f00:1", "reserved"),
    # IPv6 spellings of IPv4 addresses are judged by the IPv4 address they carry
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "link-local"), ("64:ff9b::7f00:1", "loopback"),
    ("2002:7f00:1::", "loopback"), ("2002:a00:1::", "private"),
])
def test_non_public_addresses_have_a_reason(address: str, reason: str) -> None:
    assert block_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111",
                                     "::ffff:93.184.216.34", "172.32.0.1", "100.128.0.1"])
def test_public_addresses_pass(address: str) -> None:
    assert block_reason(ipaddress.ip_address(address)) is None


def test_policy_is_strict_by_default() -> None:
    policy = AddressPolicy.of()
    assert policy.refusal("example.com", ipaddress.ip_address("93.184.216.34")) is None
    refusal = policy.refusal("intranet", ipaddress.ip_address("10.0.0.5"))
    assert refusal and "10.0.0.5" in refusal and "private" in refusal


def test_allow_hosts_lifts_loopback_and_private_for_those_hosts_only() -> None:
    policy = AddressPolicy.of(allow_hosts={"Feeds.Local."})
    assert policy.refusal("feeds.local", ipaddress.ip_address("127.0.0.1")) is None
    assert policy.refusal("FEEDS.LOCAL", ipaddress.ip_address("192.168.0.2")) is None
    assert policy.refusal("other.local", ipaddress.ip_address("192.168.0.2")) is not None


def test_allow_private_lifts_loopback_and_private_everywhere() -> None:
    policy = AddressPolicy.of(allow_private=True)
    assert policy.refusal("a", ipaddress.ip_address("10.0.0.1")) is None
    assert policy.refusal("b", ipaddress.ip_address("::1")) is None


@pytest.mark.parametrize("address", ["169.254.169.254", "0.0.0.0", "224.0.0.1", "240.0.0.1"])
def test_metadata_multicast_and_unspecified_are_never_allowed(address: str) -> None:
    policy = AddressPolicy.of(allow_private=True, allow_hosts={"h"})
    assert policy.refusal("h", ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("scheme", ["file", "ftp", "gopher", "javascript", "data", ""])
def test_only_http_and_https_schemes(scheme: str) -> None:
    with pytest.raises(UnsupportedSchemeError) as caught:
        check_scheme(scheme, "shown-url")
    assert isinstance(caught.value, BlockedAddressError)
    check_scheme("http", "u")
    check_scheme("HTTPS", "u")


def test_literal_addresses_resolve_to_themselves_without_dns() -> None:
    assert resolve("127.0.0.1", 80) == [ipaddress.ip_address("127.0.0.1")]
    assert resolve("[::1]", 80) == [ipaddress.ip_address("::1")]


def test_normalise_host() -> None:
    assert normalise_host(" Example.COM. ") == "example.com"
    assert normalise_host("[::1]") == "::1"
    assert normalise_host("bücher.example") == "xn--bcher-kva.example"


def test_transport_really_uses_the_guarded_backend() -> None:
    # guarded_transport swaps httpx's pool for one with our backend, through internals:
    # this fails first if an httpx/httpcore upgrade moves them.
    transport = guarded_transport()
    try:
        assert isinstance(transport._pool._network_backend, GuardedBackend)
    finally:
        transport.close()


def test_connect_outside_guard_is_strict() -> None:
    with pytest.raises(BlockedAddressError):
        GuardedBackend().connect_tcp("127.0.0.1", 9, timeout=1.0)


def test_connect_after_the_deadline_fails_at_once() -> None:
    started = time.monotonic()
    with guard(AddressPolicy.of(allow_private=True), deadline=time.monotonic() - 1), \
            pytest.raises(httpcore.ConnectTimeout):
        GuardedBackend().connect_tcp("127.0.0.1", 9, timeout=5.0)
    assert time.monotonic() - started < 0.5
