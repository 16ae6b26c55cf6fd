"""One canonical log line per request, carrying the request id. It names the route, never the
path's values: a path may carry what someone typed (a file's name, a model's id), and a log line
outlives their forgetting."""

from __future__ import annotations

import time
import uuid

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger()


def canonical_log_line(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = dict(scope["headers"]).get(b"x-request-id", b"").decode()[:64] or uuid.uuid4().hex
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            log.info("request", method=scope["method"], route=scope["path_template"], status=status,
                     duration_ms=round((time.perf_counter() - started) * 1000, 2))
            structlog.contextvars.clear_contextvars()

    return middleware
