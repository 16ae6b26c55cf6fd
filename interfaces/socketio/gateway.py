"""Open WebUI's Socket.IO endpoint, ``/ws/socket.io``: python-socketio, with its Redis manager when
``REDIS_URL`` is set so that any API replica reaches any connection.

A connection is signed in by its ``auth`` token or a later ``user-join``, and then sits in the room
``user:{id}``. It stays signed in only while that token holds: on every client event, on every
fan-out change for that user (sign-out, password or role change and deletion announce
``user:access-changed``), on every event of that person's in the identity log, which this process
reads every ``FOLLOW_SECONDS`` in case the fan-out never came (``identity_log``), and every
``SWEEP_SECONDS`` for tokens that merely expired."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
import socketio
import structlog
from litestar.channels import ChannelsPlugin
from litestar.handlers import asgi
from litestar.handlers.asgi_handlers import ASGIRouteHandler
from litestar.types import ASGIApp, Receive, Scope, Send

from infrastructure.container import Container
from infrastructure.deployment import presence_for
from infrastructure.live_emitter import LoopEmitter, user_room
from infrastructure.settings import Settings
from infrastructure.socketio_redis import ResilientAsyncRedisManager
from interfaces.http.access import public
from interfaces.http.auth import SessionUser
from interfaces.socketio.events import ClientEvents
from interfaces.socketio.identity_log import IdentityLog
from interfaces.socketio.sessions import LocalSessions, Who, valid_tokens, verified_user
from interfaces.socketio.watch import UserWatch, chat_list_event

log = structlog.get_logger()

PATH = "/ws/socket.io"
SWEEP_SECONDS = 30.0
FOLLOW_SECONDS = 0.25
"""A revocation reaches the sockets within about this long even when its fan-out is lost: one
query of the identity log's last position per look, and the events since, when there are any."""


class SocketGateway:
    def __init__(self, settings: Settings) -> None:
        self.server = socketio.AsyncServer(
            async_mode="asgi", client_manager=_client_manager(settings),
            # With CORS configured, Litestar's middleware already answers for this path too.
            cors_allowed_origins=[] if settings.cors_allow_origins else None,
        )
        self.sessions = LocalSessions()
        self.presence = presence_for(settings, self.sessions)
        """Who is here in any replica; the gateway itself serves this process's ``sessions`` only."""
        self.route = _mount(socketio.ASGIApp(self.server, socketio_path=None))
        self._container: Container | None = None
        self._watch: UserWatch | None = None
        self._loops: list[asyncio.Task[None]] = []
        ClientEvents(self).register(self.server)

    @property
    def container(self) -> Container:
        if self._container is None:
            raise RuntimeError("the Socket.IO gateway has not been started")
        return self._container

    async def start(self, container: Container, channels: ChannelsPlugin) -> None:
        self._container = container
        self._watch = UserWatch(channels, lambda user_id: bool(self.sessions.sids_of(user_id)),
                                self._on_change)
        if isinstance(container.emitter, LoopEmitter):
            container.emitter.attach(asyncio.get_running_loop(), self.emit)
        self._loops = [asyncio.create_task(self._sweep()),
                       asyncio.create_task(self._follow(IdentityLog(container.identity)))]
        await self.presence.start()

    async def stop(self) -> None:
        for loop in self._loops:
            loop.cancel()
        if self._watch is not None:
            await self._watch.close()
        await self.server.shutdown()
        await self.presence.close()

    async def emit(self, event: str, data: Any, room: str, skip_sid: str | None) -> None:
        """Through the client manager: with Redis, every replica delivers to its own connections."""
        await self.server.emit(event, data, room=room, skip_sid=skip_sid)

    async def sign_in(self, sid: str, token: str | None) -> SessionUser | None:
        """Sign the connection in as the token's user, or leave it as it was if the token fails."""
        user = await anyio.to_thread.run_sync(verified_user, self.container, token)
        if user is None or not self._present(sid):
            return None
        previous = self.sessions.get(sid)
        if previous is not None and previous.user_id != user.id:
            await self.sign_out(sid)
        self.sessions.add(sid, Who(user_id=user.id, token=user.token))
        await self.presence.changed(user.id, sid)
        await self.server.enter_room(sid, user_room(user.id))
        await self._reconcile(user.id)
        # Revoked while we subscribed to its changes? The fan-out may have spoken before we listened.
        return await self.current(sid)

    async def sign_out(self, sid: str) -> None:
        """Leave every room; the connection stays open, anonymous."""
        who = self.sessions.remove(sid)
        for room in self.server.rooms(sid):
            if room != sid:
                await self.server.leave_room(sid, room)
        if who is not None:
            await self._left(who.user_id, sid)

    async def forget(self, sid: str) -> None:
        who = self.sessions.remove(sid)
        if who is not None:
            await self._left(who.user_id, sid)

    async def current(self, sid: str) -> SessionUser | None:
        """Who the connection is as of now; one whose token stopped holding is disconnected."""
        who = self.sessions.get(sid)
        if who is None:
            return None
        user = await anyio.to_thread.run_sync(verified_user, self.container, who.token)
        if user is None:
            await self._drop(sid)
        return user

    async def recheck(self, user_id: str) -> bool:
        """Disconnect this user's connections whose token stopped holding; True if any remain."""
        for sid in self.sessions.sids_of(user_id):
            if not self._present(sid):  # gone while it was being signed in: no disconnect event came
                await self.forget(sid)
        held = {sid: who for sid in self.sessions.sids_of(user_id) if (who := self.sessions.get(sid))}
        valid = await anyio.to_thread.run_sync(valid_tokens, self.container, {w.token for w in held.values()})
        for sid, who in held.items():
            if who.token not in valid:
                await self._drop(sid)
        return bool(self.sessions.sids_of(user_id))

    async def _drop(self, sid: str) -> None:
        log.info("socket access ended", sid=sid)
        await self.server.disconnect(sid, ignore_queue=True)
        # A connection still being signed in cannot be disconnected yet: it stays, in no room.
        await self.sign_out(sid)

    def _present(self, sid: str) -> bool:
        manager = self.server.manager
        return bool(manager.is_connected(sid, "/") or manager.is_pre_connected(sid, "/"))

    async def _on_change(self, user_id: str, change: dict[str, Any]) -> None:
        if not await self.recheck(user_id):
            return
        message = await anyio.to_thread.run_sync(chat_list_event, self.container, change)
        if message is not None:
            # Every replica hears the fan-out and serves its own connections: no queue.
            await self.server.emit("events", message, room=user_room(user_id), ignore_queue=True)

    async def _left(self, user_id: str, sid: str) -> None:
        await self.presence.changed(user_id, sid)
        await self._reconcile(user_id)

    async def _reconcile(self, user_id: str) -> None:
        if self._watch is not None:
            await self._watch.reconcile(user_id)

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            await self._recheck_all(self.sessions.users())

    async def _follow(self, identity_log: IdentityLog) -> None:
        failing = False
        while True:
            try:
                changed = await anyio.to_thread.run_sync(identity_log.changed_since_last_look)
                await self._recheck_all([user_id for user_id in self.sessions.users() if user_id in changed])
                failing = False
            except Exception:
                if not failing:  # once per outage, not four times a second
                    log.exception("reading the identity log for the sockets failed")
                failing = True
            await asyncio.sleep(FOLLOW_SECONDS)

    async def _recheck_all(self, user_ids: list[str]) -> None:
        for user_id in user_ids:
            try:
                await self.recheck(user_id)
            except Exception:
                log.exception("socket recheck failed", user_id=user_id)


def _client_manager(settings: Settings) -> socketio.AsyncManager:
    if settings.redis_url:
        return ResilientAsyncRedisManager(settings.redis_url)
    return socketio.AsyncManager()


def _mount(app: ASGIApp) -> ASGIRouteHandler:
    @asgi(PATH, is_mount=True, copy_scope=True, guards=[public])  # each socket signs in with its token
    async def socket_io(scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)

    return socket_io
