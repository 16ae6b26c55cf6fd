"""A body where JSON is expected must say it is JSON. A form or ``text/plain`` body is what any
page can post to us cross-site without asking first (no CORS preflight), so it is refused, 415
with the reason, before anything reads it. (Writes authenticated by the session cookie must also
come from our own pages: ``auth.cookie_write_from_elsewhere``.)"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException
from litestar.handlers import HTTPRouteHandler
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
NOT_JSON = "This endpoint takes JSON: send the body with Content-Type: application/json."


async def json_bodies_only(request: Request[Any, Any, Any]) -> None:
    if request.method not in SAFE_METHODS and _carries_body(request) and _takes_json(request.route_handler) \
            and not is_json(request):
        raise HTTPException(status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail=NOT_JSON)


def _carries_body(request: Request[Any, Any, Any]) -> bool:
    length = request.headers.get("content-length")
    return "transfer-encoding" in request.headers or (length is not None and length.strip() not in ("", "0"))


def _takes_json(handler: HTTPRouteHandler) -> bool:
    """What a handler reads, unless its ``data`` says it takes a form (an upload), is JSON."""
    data = handler.parsed_fn_signature.parameters.get("data")
    media_type = getattr(data.kwarg_definition, "media_type", None) if data is not None else None
    return media_type in (None, RequestEncodingType.JSON)


def is_json(request: Request[Any, Any, Any]) -> bool:
    """Said to be JSON, or not said at all (read as JSON, as Open WebUI does: scripts often omit it)."""
    if "content-type" not in request.headers:
        return True
    media_type = request.headers["content-type"].partition(";")[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/")
                                                 and media_type.endswith("+json"))
