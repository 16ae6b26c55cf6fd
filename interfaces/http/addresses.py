"""Who is asking, by network address: the peer, or what a trusted proxy says the peer was."""

from __future__ import annotations

from ipaddress import ip_address, ip_network
from typing import Any

from litestar import Request


class ClientAddresses:
    """``X-Forwarded-For`` counts only when the peer is one of ``trusted_proxies``; each trusted
    hop peels one address off the end of the header."""

    def __init__(self, trusted_proxies: tuple[str, ...]) -> None:
        self._proxies = [ip_network(p, strict=False) for p in trusted_proxies]

    def of(self, request: Request[Any, Any, Any]) -> str:
        peer = request.client.host if request.client else "unknown"
        forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
        while forwarded and self._trusted(peer):
            peer = forwarded.pop()
        return peer

    def _trusted(self, address: str) -> bool:
        try:
            return any(ip_address(address) in network for network in self._proxies)
        except ValueError:
            return False
