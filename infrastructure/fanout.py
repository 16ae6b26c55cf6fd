"""Where projectors' changes go after commit: Redis pub/sub, or the API process's own channels."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections import deque
from collections.abc import Callable

import msgspec

from infrastructure.redis_clients import COMMAND_TIMEOUT, Outage, sync_client
from projections.runtime.projector import Change

Publish = Callable[[bytes, list[str]], object]
"""Litestar channels' ``publish(data, channels)``."""


class RedisFanout:
    """Publishes on plain Redis channels, which the API's channels subscribe to, from a thread of
    its own: a projector (often on a request's path) hands its changes over and goes on, whatever
    Redis is doing. Pub/sub is lossy: while Redis is away changes are dropped, and a client that
    reconnects reads the views."""

    MAX_PENDING = 10_000
    """Pages of changes held while Redis is slow; beyond that the oldest are dropped."""

    def __init__(self, redis_url: str) -> None:
        self._redis = sync_client(redis_url)
        self._outage = Outage()
        self._pending: deque[list[Change]] = deque(maxlen=self.MAX_PENDING)
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closing = False

    def __call__(self, changes: list[Change]) -> None:
        with self._wake:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="redis-fanout", daemon=True)
                self._thread.start()
            self._pending.append(changes)
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closing:
                    self._wake.wait()
                if not self._pending:
                    return
                pages = list(self._pending)
                self._pending.clear()
            changes = [c for page in pages for c in page]
            self._outage.call("fanout.publish", functools.partial(self._publish, changes), None)

    def _publish(self, changes: list[Change]) -> None:
        pipeline = self._redis.pipeline(transaction=False)
        for change in changes:
            pipeline.publish(change.topic, msgspec.json.encode(change.payload))
        pipeline.execute()

    def close(self) -> None:
        with self._wake:
            self._closing = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(timeout=2 * COMMAND_TIMEOUT)
        self._redis.close()


class LocalFanout:
    """Embedded mode: hands changes to the in-memory channels of the running API, from any thread."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._publish: Publish | None = None

    def attach(self, loop: asyncio.AbstractEventLoop, publish: Publish) -> None:
        self._loop, self._publish = loop, publish

    def __call__(self, changes: list[Change]) -> None:
        if self._loop is None or self._loop.is_closed() or self._publish is None:
            return  # no API is running in this process, so nobody can be listening
        for change in changes:
            self._loop.call_soon_threadsafe(self._publish, msgspec.json.encode(change.payload), [change.topic])

    def detach(self) -> None:
        """The API stops listening: changes from now on are for nobody."""
        self._loop, self._publish = None, None

    def close(self) -> None:
        self.detach()
