"""Which sites may act with a person's cookie: this server's own origin, and those in
``CORS_ALLOW_ORIGIN``. Any page can make a browser send the ``token`` cookie (a form, an image, a
websocket), but only our own pages, and the origins the operator listed, count.

Our own origin is the one the ``Host`` header names: a browser sets it, and a page elsewhere
cannot make it name us while its Origin names itself. Behind a proxy that rewrites ``Host``,
list the public origin in ``CORS_ALLOW_ORIGIN``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


class Origins:
    def __init__(self, allowed: tuple[str, ...]) -> None:
        self._allowed = {origin for origin in (_origin(a) for a in allowed) if origin}

    def admits(self, origin: str, host: str | None) -> bool:
        """Whether ``origin`` (an Origin header, or the origin of a Referer) is ours or allowed."""
        parsed = _origin(origin)
        if parsed is None:
            return False  # "null" (a sandboxed page, a file) or garbage
        return parsed in self._allowed or (host is not None and _same_host(parsed, host))


def admitted(origin: str | None, host: str | None, allowed: tuple[str, ...]) -> bool:
    """For a websocket: one opened by no page (no Origin: a script, the CLI) or by an admitted one."""
    return origin is None or Origins(allowed).admits(origin, host)


def _origin(url: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)``, default ports filled in, or None if ``url`` has no origin."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def _same_host(origin: tuple[str, str, int], host: str) -> bool:
    scheme, hostname, port = origin
    named = _origin(f"{scheme}://{host}")
    return named is not None and named == (scheme, hostname, port)
