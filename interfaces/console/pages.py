"""The console's HTML: Jinja templates shipped in the package, every value escaped, served with a
policy that lets the pages run only our own script and talk only to this server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from jinja2 import Environment, PackageLoader, select_autoescape
from litestar import MediaType, Response

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                                "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
"""Pages show people's data: never cached, never framed, no script but ours."""


class Pages:
    def __init__(self, product_name: str) -> None:
        self._product = product_name
        self._templates = Environment(loader=PackageLoader("interfaces.console"), autoescape=select_autoescape(),
                                      trim_blocks=True, lstrip_blocks=True)
        self._templates.filters["iso_time"] = iso_time
        self._templates.filters["pretty"] = pretty

    def render(self, template: str, *, status: int = 200, **values: Any) -> Response[str]:
        html = self._templates.get_template(template).render(product=self._product, **values)
        return Response(html, status_code=status, media_type=MediaType.HTML, headers=SECURITY_HEADERS)


def iso_time(timestamp: float | None) -> str:
    """A Unix time as ISO 8601 UTC, which the page's script shows in the viewer's zone."""
    return "" if timestamp is None else datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def pretty(value: Any) -> str:
    """JSON indented for reading (an event's data, a state, a change)."""
    return msgspec.json.format(msgspec.json.encode(value), indent=2).decode()
