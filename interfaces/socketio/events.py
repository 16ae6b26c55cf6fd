"""What the Open WebUI 0.12.4 SPA sends over Socket.IO, answered as Open WebUI answers it.

Every event re-checks the connection's token first. A chat room is joined only by someone who
may read the chat, as over HTTP (its owner); nobody can enter another person's ``user:`` room."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anyio
import socketio

from infrastructure.live_emitter import chat_room, user_room
from interfaces.http.auth import SessionUser
from interfaces.http.origins import admitted
from interfaces.socketio.reading import read_chat

if TYPE_CHECKING:
    from interfaces.socketio.gateway import SocketGateway

MAX_ID_LENGTH = 200


class ClientEvents:
    def __init__(self, gateway: SocketGateway) -> None:
        self._gateway = gateway

    def register(self, server: socketio.AsyncServer) -> None:
        server.on("connect", self.connect)
        server.on("disconnect", self.disconnect)
        server.on("user-join", self.user_join)
        server.on("heartbeat", self.heartbeat)
        server.on("usage", self.usage)
        server.on("events:chat", self.chat_event)

    async def connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        """Accepted, as by Open WebUI: the SPA opens its one socket before anyone signs in (and
        again after a sign-out), then sends ``user-join``. A connection whose token fails stays
        anonymous: in no room, answered nothing. Only a page of another site is refused."""
        settings = self._gateway.container.settings
        if not admitted(environ.get("HTTP_ORIGIN"), environ.get("HTTP_HOST"), settings.cors_allow_origins):
            raise socketio.exceptions.ConnectionRefusedError("another site's page may not connect")
        token = _token(auth)
        if token:
            await self._gateway.sign_in(sid, token)

    async def disconnect(self, sid: str, reason: Any = None) -> None:
        await self._gateway.forget(sid)

    async def user_join(self, sid: str, data: Any = None) -> dict[str, str] | None:
        user = await self._gateway.sign_in(sid, _token(data.get("auth") if isinstance(data, dict) else None))
        return {"id": user.id, "name": user.name} if user else None

    async def heartbeat(self, sid: str, data: Any = None) -> None:
        await self._gateway.current(sid)

    async def usage(self, sid: str, data: Any = None) -> None:
        """Open WebUI counts models in use from these; nothing here reads that count yet."""
        await self._gateway.current(sid)

    async def chat_event(self, sid: str, data: Any = None) -> bool | None:
        user = await self._gateway.current(sid)
        if user is None or not isinstance(data, dict):
            return False
        chat_id, body = data.get("chat_id"), data.get("data")
        if not isinstance(body, dict):
            body = {}
        kind = body.get("type")
        if not isinstance(chat_id, str) or not 0 < len(chat_id) <= MAX_ID_LENGTH:
            return False
        if kind == "join":
            return await self._join(sid, user, chat_id)
        if kind == "leave":
            await self._gateway.server.leave_room(sid, chat_room(chat_id))
            return True
        if kind == "typing":
            return await self._typing(sid, user, chat_id, body.get("data"))
        if kind == "last_read_at":
            await self._read(user, chat_id)
            return None
        return False

    async def _join(self, sid: str, user: SessionUser, chat_id: str) -> bool:
        if not await self._may_read(user, chat_id):
            return False
        await self._gateway.server.enter_room(sid, chat_room(chat_id))
        return True

    async def _typing(self, sid: str, user: SessionUser, chat_id: str, data: Any) -> bool:
        typing = data.get("typing") if isinstance(data, dict) else None
        room = chat_room(chat_id)
        if not isinstance(typing, bool) or room not in self._gateway.server.rooms(sid):
            return False
        await self._gateway.emit("events", {
            "chat_id": chat_id, "user_id": user.id, "user": {"id": user.id, "name": user.name},
            "shared": True, "data": {"type": "typing", "data": {"typing": typing}},
        }, room, sid)
        return True

    async def _read(self, user: SessionUser, chat_id: str) -> None:
        """Recorded, then every tab of the person marks the chat read."""
        message = await anyio.to_thread.run_sync(read_chat, self._gateway.container, user, chat_id)
        if message is not None:
            await self._gateway.emit("events", message, user_room(user.id), None)

    async def _may_read(self, user: SessionUser, chat_id: str) -> bool:
        owner = await anyio.to_thread.run_sync(self._gateway.container.chat_views.owner_of, chat_id)
        return owner is not None and owner == user.id


def _token(auth: Any) -> str | None:
    token = auth.get("token") if isinstance(auth, dict) else None
    return token if isinstance(token, str) and token else None
