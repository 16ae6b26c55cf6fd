"""Each HTTP request gets its own ``RequestPositions`` as it begins (see application.log_positions):
the first part of it that needs the logs' positions reads them, on the event loop, for all of it.
It also gets what its route declared its answer reads (``projections.runtime.settling``), so that
its queries wait for its own writes; a route reading figures over the whole log reads the
positions at once, since those are what its views are caught up to.

Being the HTTP layer's own machinery, not a handler, it reads the whole container off the app's
state (handlers get just their services, ``services``).

Socket.IO's paths are left out: its handlers run long after the request that carried them began,
and must ask where the logs stand when they act."""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send

from application.log_positions import read_request_positions, within_request
from projections.runtime.settling import declared_reads, settling_for_request

SOCKETS = "/ws/"


def request_positions(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(SOCKETS):
            container = scope["app"].state.container
            within_request(container.log)
            declared = declared_reads(scope["route_handler"].opt)
            settling_for_request(declared, container.runner)
            if declared is not None and declared.as_of_request:
                await read_request_positions()
        await app(scope, receive, send)

    return middleware
