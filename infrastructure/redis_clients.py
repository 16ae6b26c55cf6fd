"""Every Redis client Annals opens, and how it lives through Redis going away.

Redis carries only kicks, fan-out and the running replies' leases: nothing anyone was promised is
kept there. So every client has short connect and command timeouts; a call that fails marks Redis
away for a moment (``Outage``), during which callers on a request's path skip it instead of each
waiting out a timeout; and a subscription reconnects, with a capped backoff, for as long as the
process lives.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any, TypeVar

import redis
import structlog
from arq.connections import ArqRedis
from redis.asyncio import Redis as AsyncRedis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

log = structlog.get_logger()
T = TypeVar("T")

CONNECT_TIMEOUT = 1.0
COMMAND_TIMEOUT = 1.0
OPTIONS: dict[str, Any] = {"socket_connect_timeout": CONNECT_TIMEOUT, "socket_timeout": COMMAND_TIMEOUT,
                           "health_check_interval": 15}
"""A frozen Redis costs a command at most a second; a connection idle for 15 s is pinged before use."""
REDIS_DOWN = (RedisError, OSError, asyncio.TimeoutError)
"""What a Redis that is gone, frozen or restarting raises (redis-py's own timeouts are RedisErrors)."""
FIRST_RETRY, LAST_RETRY = 0.1, 2.0
"""Seconds between reconnection attempts, doubling: back within ~2 s of Redis's return."""
POLL_SECONDS = 0.5
"""How long a subscription's read waits for a message before it looks at its channels again."""


def sync_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, **OPTIONS)


def async_client(url: str) -> AsyncRedis:
    return AsyncRedis.from_url(url, **OPTIONS)


def arq_client(url: str) -> ArqRedis:
    """arq's own ``create_pool`` sets no command timeout and insists on connecting at once."""
    return ArqRedis.from_url(url, **OPTIONS)


class Backoff:
    """Delays between reconnection attempts: doubling from ``FIRST_RETRY`` up to ``LAST_RETRY``,
    with jitter so that replicas do not all knock at once."""

    def __init__(self) -> None:
        self._next = FIRST_RETRY

    def reset(self) -> None:
        self._next = FIRST_RETRY

    def delay(self) -> float:
        delay, self._next = self._next, min(self._next * 2, LAST_RETRY)
        return delay * random.uniform(0.8, 1.0)


class Outage:
    """Remembers that Redis just failed, so that the next callers skip it for ``pause`` seconds
    rather than each wait for a timeout of their own; after that one caller tries again."""

    def __init__(self, pause: float = 1.0) -> None:
        self._pause = pause
        self._until = 0.0
        self._away = False
        """Logged once when Redis goes, once when it is back."""

    @property
    def ongoing(self) -> bool:
        return time.monotonic() < self._until

    def failed(self, what: str, error: BaseException) -> None:
        if not self._away:
            log.warning("redis.unavailable", what=what, error=repr(error))
        self._away, self._until = True, time.monotonic() + self._pause

    def succeeded(self, what: str) -> None:
        if self._away:
            log.info("redis.available", what=what)
        self._away = False

    def call(self, what: str, command: Callable[[], T], fallback: T) -> T:
        """A synchronous client's command, or ``fallback`` while Redis is away."""
        if self.ongoing:
            return fallback
        try:
            result = command()
        except REDIS_DOWN as error:
            self.failed(what, error)
            return fallback
        self.succeeded(what)
        return result

    async def acall(self, what: str, command: Callable[[], Awaitable[T]], fallback: T) -> T:
        """An asyncio client's command (all of it bounded by ``COMMAND_TIMEOUT``), or ``fallback``."""
        if self.ongoing:
            return fallback
        try:
            result = await asyncio.wait_for(command(), COMMAND_TIMEOUT)
        except REDIS_DOWN as error:
            self.failed(what, error)
            return fallback
        self.succeeded(what)
        return result


class Subscription:
    """One pub/sub connection kept subscribed to a changing set of channels through outages.

    ``messages()`` yields ``(channel, data)`` for as long as it is iterated; when the connection
    breaks it reconnects with ``Backoff`` and subscribes to every channel wanted by then.
    ``subscribe``/``unsubscribe`` never wait longer than ``COMMAND_TIMEOUT``: one that fails is
    made good by the reconnection it causes.
    """

    def __init__(self, url: str, channels: Iterable[str] = ()) -> None:
        self._redis = async_client(url)
        self._wanted: set[str] = set(channels)
        self._pubsub: PubSub | None = None
        self._lost = False
        self._something_wanted: asyncio.Event | None = None
        self._connected: asyncio.Event | None = None
        self._idle = False

    @property
    def channels(self) -> frozenset[str]:
        return frozenset(self._wanted)

    async def subscribe(self, channels: Iterable[str]) -> None:
        fresh = set(channels) - self._wanted
        self._wanted |= fresh
        self._wanted_event().set()
        if fresh and self._pubsub is not None:
            await self._command("subscribe", fresh)

    async def unsubscribe(self, channels: Iterable[str]) -> None:
        gone = set(channels) & self._wanted
        self._wanted -= gone
        if not self._wanted:
            self._wanted_event().clear()  # nothing to reconnect for until something is wanted again
        if gone and self._pubsub is not None:
            await self._command("unsubscribe", gone)

    async def messages(self) -> AsyncIterator[tuple[str, bytes]]:
        backoff, outage = Backoff(), Outage()
        while True:
            await self._until_something_is_wanted()
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await self._connect(pubsub)
                backoff.reset()
                outage.succeeded("subscription")
                while not self._lost and pubsub.connection is not None:  # None: nothing was wanted
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=POLL_SECONDS)
                    if message is not None and message["type"] == "message":
                        yield message["channel"].decode(), message["data"]
            except REDIS_DOWN as error:
                outage.failed("subscription", error)
            finally:
                self._pubsub = None
                self._connected_event().clear()
                with contextlib.suppress(*REDIS_DOWN):
                    await asyncio.wait_for(pubsub.aclose(), COMMAND_TIMEOUT)
            await asyncio.sleep(backoff.delay())

    @property
    def listening(self) -> bool:
        return self._pubsub is not None

    @property
    def idle(self) -> bool:
        """Waiting for a channel to be wanted, holding no connection and trying none."""
        return self._idle

    async def connected(self, timeout: float = CONNECT_TIMEOUT + COMMAND_TIMEOUT) -> bool:
        """Wait (at most ``timeout``) until ``messages()`` listens; say whether it does."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._connected_event().wait(), timeout)
        return self.listening

    async def close(self) -> None:
        with contextlib.suppress(*REDIS_DOWN):
            await asyncio.wait_for(self._redis.aclose(), COMMAND_TIMEOUT)

    async def _connect(self, pubsub: PubSub) -> None:
        """Subscribe to what is wanted, including what was asked for while we subscribed."""
        self._lost = False
        subscribed: set[str] = set()
        while missing := self._wanted - subscribed:
            await asyncio.wait_for(pubsub.subscribe(*missing), COMMAND_TIMEOUT)
            subscribed |= missing
        self._pubsub = pubsub
        self._connected_event().set()

    async def _command(self, name: str, channels: set[str]) -> None:
        assert self._pubsub is not None
        try:
            await asyncio.wait_for(getattr(self._pubsub, name)(*channels), COMMAND_TIMEOUT)
        except REDIS_DOWN as error:
            log.warning("redis.subscription.command_failed", command=name, error=repr(error))
            self._lost = True  # the connection may be half-written: start afresh

    async def _until_something_is_wanted(self) -> None:
        self._idle = True
        try:
            await self._wanted_event().wait()
        finally:
            self._idle = False

    def _connected_event(self) -> asyncio.Event:
        if self._connected is None:
            self._connected = asyncio.Event()
        return self._connected

    def _wanted_event(self) -> asyncio.Event:
        """Created on first use, inside the event loop that iterates the messages."""
        if self._something_wanted is None:
            self._something_wanted = asyncio.Event()
            if self._wanted:
                self._something_wanted.set()
        return self._something_wanted
