"""python-socketio's Redis client managers, made to live through Redis going away.

Its own asyncio manager waits on Redis without a timeout when it publishes (so a frozen Redis holds
up every emit and disconnect), and after an outage waits up to 60 s between reconnection attempts.
Ours publishes through an ``Outage`` with short timeouts, and listens through a ``Subscription``
that is back within ~2 s of Redis's return. Emits to this process's own connections never depended
on Redis: the manager delivers them before it publishes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import socketio

from infrastructure.redis_clients import Outage, Subscription, async_client, sync_client


class ResilientAsyncRedisManager(socketio.AsyncRedisManager):
    def __init__(self, url: str) -> None:
        super().__init__(url)  # its own Redis client is never opened: we publish and listen with ours
        self._publisher = async_client(url)
        self._outage = Outage()

    async def _publish(self, data: Any) -> None:
        message = self.json.dumps(data)
        await self._outage.acall("socketio.publish", lambda: self._publisher.publish(self.channel, message), 0)

    async def _listen(self) -> AsyncIterator[bytes]:
        subscription = Subscription(self.redis_url, [self.channel])
        try:
            async for _, data in subscription.messages():
                yield data
        finally:
            await asyncio.shield(subscription.close())


class WriteOnlyRedisManager(socketio.RedisManager):
    """A process without a Socket.IO server (the worker) publishing to the API replicas' connections."""

    def __init__(self, url: str) -> None:
        super().__init__(url, write_only=True)  # its own Redis client is never opened
        self._publisher = sync_client(url)
        self._outage = Outage()

    def _publish(self, data: Any) -> None:
        message = self.json.dumps(data)
        self._outage.call("socketio.publish", lambda: self._publisher.publish(self.channel, message), None)

    def close(self) -> None:
        self._publisher.close()
