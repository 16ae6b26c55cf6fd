"""Adapters of the ``LiveEmitter`` port: into this process's Socket.IO server, straight onto
python-socketio's Redis channel (a process without one), or nowhere."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from infrastructure.socketio_redis import WriteOnlyRedisManager

log = structlog.get_logger()

Emit = Callable[[str, Any, str, "str | None"], Awaitable[None]]
"""``emit(event, data, room, skip_sid)`` on the event loop of the Socket.IO server."""


def user_room(user_id: str) -> str:
    return f"user:{user_id}"


def chat_room(chat_id: str) -> str:
    return f"chat:{chat_id}"


class LoopEmitter:
    """An API process: hands each emit to the Socket.IO server's event loop, whose client manager
    (Redis when configured) reaches every replica. Emits before ``attach`` or after ``close`` are
    dropped: no connection can be listening then."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lanes: _Lanes | None = None

    def attach(self, loop: asyncio.AbstractEventLoop, emit: Emit) -> None:
        self._loop, self._lanes = loop, _Lanes(emit)

    def emit_to_user(self, user_id: str, event: str, data: Any) -> None:
        self._send(user_room(user_id), event, data, None)

    def emit_to_chat(self, chat_id: str, event: str, data: Any, *, skip_sid: str | None = None) -> None:
        self._send(chat_room(chat_id), event, data, skip_sid)

    def _send(self, room: str, event: str, data: Any, skip_sid: str | None) -> None:
        loop, lanes = self._loop, self._lanes
        if loop is None or lanes is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(lanes.push, room, (event, data, skip_sid))
        except RuntimeError:
            pass  # the loop closed between the check and the call: the server is gone

    def close(self) -> None:
        self._loop = None


class _Lanes:
    """One lane per room: a room's emits leave in order, and a slow room holds up no other.
    Used only on the event loop, so a lane is never drained twice at once."""

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self._pending: dict[str, deque[tuple[str, Any, str | None]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def push(self, room: str, item: tuple[str, Any, str | None]) -> None:
        lane = self._pending.get(room)
        if lane is not None:
            lane.append(item)
            return
        self._pending[room] = deque([item])
        task = asyncio.get_running_loop().create_task(self._drain(room))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, room: str) -> None:
        lane = self._pending[room]
        try:
            while lane:
                event, data, skip_sid = lane.popleft()
                try:
                    await self._emit(event, data, room, skip_sid)
                except Exception:
                    log.exception("socket emit failed", socket_event=event, room=room)
        finally:
            del self._pending[room]


class RedisEmitter:
    """A process without a Socket.IO server (the worker): publishes on the channel the API
    replicas' Redis managers listen to. redis-py's connection pool makes this thread-safe."""

    def __init__(self, redis_url: str) -> None:
        self._manager = WriteOnlyRedisManager(redis_url)

    def emit_to_user(self, user_id: str, event: str, data: Any) -> None:
        self._publish(event, data, user_room(user_id), None)

    def emit_to_chat(self, chat_id: str, event: str, data: Any, *, skip_sid: str | None = None) -> None:
        self._publish(event, data, chat_room(chat_id), skip_sid)

    def _publish(self, event: str, data: Any, room: str, skip_sid: str | None) -> None:
        try:
            self._manager.emit(event, data, room=room, skip_sid=skip_sid)
        except Exception:
            log.exception("socket emit failed", socket_event=event, room=room)

    def close(self) -> None:
        self._manager.close()


class NoEmitter:
    """Embedded mode outside the API process (the CLI): no connection can be listening."""

    def emit_to_user(self, user_id: str, event: str, data: Any) -> None:
        pass

    def emit_to_chat(self, chat_id: str, event: str, data: Any, *, skip_sid: str | None = None) -> None:
        pass

    def close(self) -> None:
        pass
