"""Writes that another site could make a browser send are refused before anything reads them.

- A request that changes state (POST, PUT, PATCH, DELETE) authenticated by the ``token`` cookie
  alone must come from an origin ``Origins`` admits: its Origin header, or without one its
  Referer, says so. A request with ``Authorization: Bearer`` is not authenticated by the cookie
  (no page elsewhere can make a browser send that header), so scripts and the app, which sends
  both, are not asked.
- A body where JSON is expected must say it is JSON. A form or ``text/plain`` body is what any page
  can post cross-site without asking first (no CORS preflight); it is 415, with the reason.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE

from interfaces.http.auth import bearer_header
from interfaces.http.origins import Origins

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FOREIGN_ORIGIN = ("This request came from another site with your session cookie, so it was refused. "
                  "Use the app on this server, or send the token as an Authorization: Bearer header.")
NOT_JSON = "This endpoint takes JSON: send the body with Content-Type: application/json."


def cross_site_guard(origins: Origins) -> Callable[[Request[Any, Any, Any]], Awaitable[None]]:
    async def refuse_cross_site_writes(request: Request[Any, Any, Any]) -> None:
        if request.method in SAFE_METHODS:
            return
        if _by_cookie_alone(request) and not _from_admitted_origin(request, origins):
            raise PermissionDeniedException(FOREIGN_ORIGIN)
        if _carries_body(request) and _takes_json(request.route_handler) and not _is_json(request):
            raise HTTPException(status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail=NOT_JSON)

    return refuse_cross_site_writes


def _by_cookie_alone(request: Request[Any, Any, Any]) -> bool:
    return bool(request.cookies.get("token")) and bearer_header(request) is None


def _from_admitted_origin(request: Request[Any, Any, Any], origins: Origins) -> bool:
    said = request.headers.get("origin") or request.headers.get("referer")
    return said is not None and origins.admits(said, request.headers.get("host"))


def _carries_body(request: Request[Any, Any, Any]) -> bool:
    length = request.headers.get("content-length")
    return "transfer-encoding" in request.headers or (length is not None and length.strip() not in ("", "0"))


def _takes_json(handler: HTTPRouteHandler) -> bool:
    """What a handler reads, unless its ``data`` says it takes a form (an upload), is JSON."""
    data = handler.parsed_fn_signature.parameters.get("data")
    media_type = getattr(data.kwarg_definition, "media_type", None) if data is not None else None
    return media_type in (None, RequestEncodingType.JSON)


def _is_json(request: Request[Any, Any, Any]) -> bool:
    """Said to be JSON, or not said at all (read as JSON, as Open WebUI does: scripts often omit it)."""
    if "content-type" not in request.headers:
        return True
    media_type = request.headers["content-type"].partition(";")[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/")
                                                 and media_type.endswith("+json"))
