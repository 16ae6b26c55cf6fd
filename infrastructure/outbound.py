"""Where upstream model servers may be: the SSRF guard on every connection Annals opens to them.

A connection URL names a host; the address it resolves to is checked when the connection is
opened, and that very address is the one connected to (httpx-secure pins it), so a name that
resolves elsewhere a moment later (DNS rebinding) gains nothing, and every redirect's new
connection is checked the same way. Public addresses are fine. Private, loopback, link-local
(the cloud metadata service lives there), and the rest of the non-global ranges, only if the
operator listed their network, or named the host in the environment's seeded connections.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address, ip_network
from typing import Any
from urllib.parse import urlsplit

import httpx
from httpx_secure import SSRFProtectionError, httpx_ssrf_protection

NAT64 = IPv6Network("64:ff9b::/96")

__all__ = ["SSRFProtectionError", "UpstreamAddressPolicy", "guarded_client", "refusal"]


class UpstreamAddressPolicy:
    def __init__(self, private_networks: Iterable[str], trusted_urls: Iterable[str]) -> None:
        self._networks = [ip_network(n, strict=False) for n in private_networks]
        self._trusted_hosts = {_host(u) for u in trusted_urls} - {""}

    def allows(self, hostname: str, address: IPv4Address | IPv6Address, port: int) -> bool:
        if hostname.lower().strip("[]") in self._trusted_hosts:
            return True
        address = _unwrapped(address)
        return address.is_global or any(address in network for network in self._networks)


def _host(url: str) -> str:
    """The host a URL names; none for one that cannot be read (calls to it fail before any check)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _unwrapped(address: IPv4Address | IPv6Address) -> IPv4Address | IPv6Address:
    """The IPv4 address inside an IPv4-mapped or NAT64 IPv6 one: it is where the packets go."""
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in NAT64:
            return ip_address(address.packed[-4:])
    return address


def guarded_client(policy: UpstreamAddressPolicy, **options: Any) -> httpx.AsyncClient:
    return httpx_ssrf_protection(httpx.AsyncClient(**options), check_globally_reachable=False,
                                 custom_validator=policy.allows)


def refusal(error: SSRFProtectionError) -> str:
    return (f"{error.hostname} is at {error.ip_addr}, which is not on the public internet; an admin may "
            f"allow its network with ANNALS_UPSTREAM_PRIVATE_NETWORKS")
