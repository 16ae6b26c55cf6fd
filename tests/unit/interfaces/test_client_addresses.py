"""Who is asking: the peer, or what the proxies we trust say the peer was, and nothing a client
or an untrusted proxy makes up."""

from __future__ import annotations

from typing import Any

from litestar import Request

from interfaces.http.addresses import ClientAddresses

PROXY = "10.0.0.5"


def _request(peer: str, forwarded_for: str | None = None) -> Request[Any, Any, Any]:
    headers = [(b"x-forwarded-for", forwarded_for.encode())] if forwarded_for is not None else []
    return Request(scope={"type": "http", "method": "GET", "path": "/", "headers": headers,  # type: ignore[typeddict-item]
                          "client": (peer, 50000), "query_string": b"", "app": None})


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert ClientAddresses(()).of(_request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"


def test_a_trusted_proxy_says_who_its_peer_was() -> None:
    assert ClientAddresses((PROXY,)).of(_request(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_only_as_many_hops_as_are_trusted_are_believed() -> None:
    addresses = ClientAddresses(("10.0.0.0/8",))
    assert addresses.of(_request(PROXY, "198.51.100.1, 203.0.113.9, 10.0.0.7")) == "203.0.113.9"


def test_what_is_not_an_address_ends_the_peeling() -> None:
    assert ClientAddresses((PROXY,)).of(_request(PROXY, "203.0.113.9, not-an-address")) == PROXY
