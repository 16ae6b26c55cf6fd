"""A native websocket of live changes: a person's own chats; for an admin, with ``all=true``,
every event (filtered like the event API). Each delivery is re-checked against what the caller
may see at that moment, so a signed-out, demoted or deleted user stops receiving at once; and the
token is checked every ``RECHECK_SECONDS`` besides, for a revocation whose fan-out never came. A
page of another site may not connect (it could use the person's cookie): see ``origins``."""

from __future__ import annotations

from typing import Any

import anyio
import msgspec
import structlog
from litestar import WebSocket, websocket
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, WebSocketDisconnect

from infrastructure.settings import Settings
from infrastructure.tokens import Tokens
from interfaces.http.access import public
from interfaces.http.auth import Gate, SessionUser, authenticate, bearer_token
from interfaces.http.origins import admitted
from projections.chats.queries import ChatQueries
from projections.event_catalog.projector import LIVE_TOPIC
from projections.groups.standings import Standings
from projections.users.sessions import SessionUsers

log = structlog.get_logger()

POLICY_VIOLATION = 4401
RECHECK_SECONDS = 0.25
"""While the identity log stands still a check is one query of its position (``SessionUsers``)."""
_FILTERS = ("context", "type", "user_id", "aggregate_id")


@websocket("/api/v1/events/live", guards=[public])
async def live_events(socket: WebSocket[Any, Any, Any], settings: NamedDependency[Settings],
                      sessions: NamedDependency[SessionUsers], standings: NamedDependency[Standings],
                      chat_views: NamedDependency[ChatQueries], tokens: NamedDependency[Tokens],
                      channels: NamedDependency[ChannelsPlugin]) -> None:
    if not admitted(socket.headers.get("origin"), socket.headers.get("host"), settings.cors_allow_origins):
        await socket.close(code=POLICY_VIOLATION, reason="another site's page may not connect")
        return
    token = socket.query_params.get("token") or bearer_token(socket)
    gate = Gate(sessions, standings, tokens)
    try:
        user = await anyio.to_thread.run_sync(authenticate, gate, token)
    except NotAuthorizedException:
        await socket.close(code=POLICY_VIOLATION, reason="not signed in")
        return
    wants_all = socket.query_params.get("all") == "true" and user.is_admin
    filters = {k: socket.query_params[k] for k in _FILTERS if k in socket.query_params}
    topics = [f"user:{user.id}", *([LIVE_TOPIC] if wants_all else [])]
    await socket.accept()
    await socket.send_json({"type": "ready", "topics": topics})
    async with channels.start_subscription(topics) as subscriber, anyio.create_task_group() as tasks:
        tasks.start_soon(_until_disconnected, socket, tasks.cancel_scope)
        tasks.start_soon(_while_signed_in, socket, gate, token, tasks.cancel_scope)
        async for raw in subscriber.iter_events():
            payload = msgspec.json.decode(raw)
            verdict = await anyio.to_thread.run_sync(_may_see, gate, chat_views, token, user, payload, wants_all,
                                                     filters)
            if verdict is None:
                await socket.close(code=POLICY_VIOLATION, reason="access changed")
                break
            if verdict:
                await socket.send_json(payload)
        tasks.cancel_scope.cancel()


async def _until_disconnected(socket: WebSocket[Any, Any, Any], scope: anyio.CancelScope) -> None:
    try:
        while True:
            await socket.receive_data(mode="text")
    except WebSocketDisconnect:
        pass
    scope.cancel()


async def _while_signed_in(socket: WebSocket[Any, Any, Any], gate: Gate, token: str | None,
                           scope: anyio.CancelScope) -> None:
    failing = False
    while True:
        await anyio.sleep(RECHECK_SECONDS)
        try:
            await anyio.to_thread.run_sync(authenticate, gate, token)
            failing = False
        except NotAuthorizedException:
            await socket.close(code=POLICY_VIOLATION, reason="access changed")
            scope.cancel()
            return
        except Exception:  # the stores are away: the token is checked again once they are back
            if not failing:
                log.warning("live socket recheck failed", exc_info=True)
            failing = True


def _may_see(gate: Gate, chat_views: ChatQueries, token: str | None, user: SessionUser, payload: dict[str, Any],
             wants_all: bool, filters: dict[str, str]) -> bool | None:
    """True: deliver; False: skip; None: the caller may see nothing any more."""
    try:
        current = authenticate(gate, token)
    except NotAuthorizedException:
        return None
    if payload.get("type") == "chat":
        owner = chat_views.owner_of(payload["chat_id"])
        return owner == current.id or (owner is None and payload.get("event") == "Chat.Deleted")
    if "context" in payload:
        if not (wants_all and current.is_admin):
            return None if wants_all else False
        return all(str(payload.get(k, "")).lower() == v.lower() for k, v in filters.items())
    return payload.get("type") != "user:access-changed" or current.id == user.id
