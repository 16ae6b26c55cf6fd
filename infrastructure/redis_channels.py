"""Litestar channels over Redis pub/sub that outlive Redis going away.

Litestar's own ``RedisChannelsPubSubBackend`` ends its stream for good on the first connection
error, and its ``subscribe`` waits on Redis without a timeout; the projectors' fan-out (plain
PUBLISHes on each change's topic, ``RedisFanout``) reaches the API through this one instead.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator, Iterable

from litestar.channels.backends.base import ChannelsBackend

from infrastructure.redis_clients import Outage, Subscription, async_client


class ResilientRedisChannels(ChannelsBackend):
    def __init__(self, url: str) -> None:
        self._subscription = Subscription(url)
        self._publisher = async_client(url)
        self._outage = Outage()

    async def on_startup(self) -> None:
        pass

    async def on_shutdown(self) -> None:
        await self._subscription.close()
        await self._outage.acall("channels.close", self._publisher.aclose, None)

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        """Lossy, as pub/sub is: while Redis is away the message is dropped, not queued."""
        for channel in set(channels):
            await self._outage.acall("channels.publish", functools.partial(self._publisher.publish, channel, data), 0)

    async def subscribe(self, channels: Iterable[str]) -> None:
        await self._subscription.subscribe(channels)

    async def unsubscribe(self, channels: Iterable[str]) -> None:
        await self._subscription.unsubscribe(channels)

    async def stream_events(self) -> AsyncGenerator[tuple[str, bytes], None]:
        async for channel, data in self._subscription.messages():
            if channel in self._subscription.channels:  # an unsubscribe may still be on its way
                yield channel, data

    async def get_history(self, channel: str, limit: int | None = None) -> list[bytes]:
        return []
