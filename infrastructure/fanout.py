"""Where projectors' changes go after commit: Redis pub/sub, or the API process's own channels."""

from __future__ import annotations

import asyncio

import msgspec
import redis

from projections.runtime.projector import Change


class RedisFanout:
    """Publishes on plain Redis channels, which Litestar's Redis channels backend subscribes to."""

    def __init__(self, redis_url: str) -> None:
        self._redis = redis.Redis.from_url(redis_url)

    def __call__(self, changes: list[Change]) -> None:
        pipeline = self._redis.pipeline(transaction=False)
        for change in changes:
            pipeline.publish(change.topic, msgspec.json.encode(change.payload))
        pipeline.execute()

    def close(self) -> None:
        self._redis.close()


class LocalFanout:
    """Embedded mode: hands changes to the in-memory channels of the running API, from any thread."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._publish = None

    def attach(self, loop: asyncio.AbstractEventLoop, publish) -> None:  # type: ignore[no-untyped-def]
        self._loop, self._publish = loop, publish

    def __call__(self, changes: list[Change]) -> None:
        if self._loop is None or self._loop.is_closed():
            return  # no API is running in this process, so nobody can be listening
        for change in changes:
            self._loop.call_soon_threadsafe(self._publish, msgspec.json.encode(change.payload), [change.topic])

    def close(self) -> None:
        self._loop = None
