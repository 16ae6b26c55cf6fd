"""Each HTTP request gets its own ``RequestPositions`` as it begins (see application.log_positions):
the first part of it that needs the logs' positions reads them, on the event loop, for all of it.

Socket.IO's paths are left out: its handlers run long after the request that carried them began,
and must ask where the logs stand when they act."""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send

from application.log_positions import within_request

SOCKETS = "/ws/"


def request_positions(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(SOCKETS):
            within_request(scope["app"].state.container.log)
        await app(scope, receive, send)

    return middleware
