"""Who is asking, by network address: the peer, or what a trusted proxy says the peer was."""

from __future__ import annotations

from ipaddress import ip_address, ip_network
from typing import Any

from litestar.connection import ASGIConnection


def client_address(request: ASGIConnection[Any, Any, Any, Any]) -> str:
    addresses: ClientAddresses = request.app.state.addresses
    return addresses.of(request)


class ClientAddresses:
    """``X-Forwarded-For`` counts only when the peer is one of ``trusted_proxies``; each trusted
    hop peels one address off the end of the header. What is not an address ends the peeling:
    the last proxy is then the client we know."""

    def __init__(self, trusted_proxies: tuple[str, ...]) -> None:
        self._proxies = [ip_network(p, strict=False) for p in trusted_proxies]

    def of(self, request: ASGIConnection[Any, Any, Any, Any]) -> str:
        peer = request.client.host if request.client else "unknown"
        forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
        while forwarded and self._trusted(peer) and _is_address(forwarded[-1]):
            peer = forwarded.pop()
        return peer

    def through_trusted_proxy(self, request: ASGIConnection[Any, Any, Any, Any]) -> bool:
        """Whether the request's peer itself (not what a header says) is one of ``trusted_proxies``."""
        return self._trusted(request.client.host if request.client else "unknown")

    def _trusted(self, address: str) -> bool:
        return _is_address(address) and any(ip_address(address) in network for network in self._proxies)


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
