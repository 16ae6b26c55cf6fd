"""What a connection's URL must be for Annals to call it: http or https, a host that can be looked
up or an IP address, a port that exists, nothing a URL cannot hold. Checked when an admin saves or
tries a connection, so that a URL such as ``http://[::1/v1`` is refused with its reason instead of
being kept and failing every time a model list or a chat asks that server."""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv6Address
from urllib.parse import SplitResult, urlsplit

from domain.models.errors import InvalidConnectionError

MAX_URL = 2048
_LABEL = re.compile(r"^[A-Za-z0-9_-]{1,63}$")
_DOTTED_NUMBERS = re.compile(r"^[0-9.]+$")


def checked_url(url: str) -> str:
    """The URL as it is kept, without a trailing slash; ``InvalidConnectionError`` naming the problem."""
    url = url.strip().rstrip("/")
    problem = _problem(url)
    if problem is not None:
        raise InvalidConnectionError(url, problem)
    return url


def _problem(url: str) -> str | None:
    if len(url) > MAX_URL:
        return f"it is longer than {MAX_URL} characters"
    if not url.startswith(("http://", "https://")):
        return "it needs to start with http:// or https://"
    if any(c.isspace() or not c.isprintable() for c in url):
        return "it holds spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it checks it: a number from 0 to 65535)
    except ValueError as error:
        return f"it cannot be read: {error}"
    return _host_problem(parts)


def _host_problem(parts: SplitResult) -> str | None:
    host = parts.hostname
    if not host:
        return "it names no server"
    after_address = parts.netloc.partition("]")[2]
    if after_address and not after_address.startswith(":"):
        return "something stands between its IPv6 address and its port"
    if ":" in host or _DOTTED_NUMBERS.match(host):
        return None if _is_address(host) else f"{host} is not an IP address"
    name = host.removesuffix(".")  # a fully qualified name may end with its root's dot
    if len(name) > 253 or not all(_is_label(label) for label in name.split(".")):
        return f"{host} is not a server's name"
    return None


def _is_address(host: str) -> bool:
    try:
        IPv6Address(host) if ":" in host else IPv4Address(host)
    except ValueError:
        return False
    return True


def _is_label(label: str) -> bool:
    """One part of a name: letters, digits, hyphens (and underscores, which some networks use), or
    an international name's part of letters, digits and hyphens, as IDNA encodes it."""
    if label.isascii():
        return bool(_LABEL.match(label)) and (not label.lower().startswith("xn--") or _is_punycode(label[4:]))
    if not all(c.isalnum() or c == "-" for c in label) or "-" in (label[0], label[-1]) or label[2:4] == "--":
        return False
    try:
        return 0 < len(label.encode("idna")) <= 63
    except UnicodeError:
        return False


def _is_punycode(encoded: str) -> bool:
    try:
        return bool(encoded) and bool(encoded.encode("ascii").decode("punycode"))
    except UnicodeError:
        return False
