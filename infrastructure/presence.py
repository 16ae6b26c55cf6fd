"""Adapters of the ``Presence`` port: this process's sockets only (embedded), or every API replica's
through Redis.

With Redis each person has a sorted set of ``process:sid`` scored by when the entry expires, by
Redis's own clock (replicas' clocks may differ). A process writes its entries when a socket signs in
and renews them every ``REFRESH_SECONDS``; a socket that leaves is removed at once. So a replica
killed with -9 stops counting within ``EXPIRY_SECONDS``, and one whose Redis lost everything is
counted again at its next renewal. While Redis is away a process answers from its own sockets."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

from application.presence import LocalSockets
from infrastructure.redis_clients import Backoff, Outage, async_client

PREFIX = "annals:presence"
EXPIRY_SECONDS = 90.0
REFRESH_SECONDS = 30.0

_NOW = "local now = redis.call('TIME') now = tonumber(now[1]) + tonumber(now[2]) / 1000000 "
_RENEW = _NOW + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1])))
"""
"""KEYS[1]: a person's set; ARGV[1]: seconds to live; ARGV[2..]: the entries to renew. Drops the
entries that expired (a dead replica's) on the way; the whole set expires with the last entry."""
_COUNT = _NOW + "return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')"


class LocalPresence:
    def __init__(self, sockets: LocalSockets) -> None:
        self._sockets = sockets

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def changed(self, user_id: str, sid: str) -> None:
        pass

    async def is_here(self, user_id: str) -> bool:
        return bool(self._sockets.sids_of(user_id))


class RedisPresence(LocalPresence):
    def __init__(self, redis_url: str, sockets: LocalSockets, *, expiry: float = EXPIRY_SECONDS,
                 refresh: float = REFRESH_SECONDS) -> None:
        super().__init__(sockets)
        self._process = uuid.uuid4().hex
        self._expiry, self._refresh = expiry, refresh
        self._redis = async_client(redis_url)
        self._renew_script = self._redis.register_script(_RENEW)
        self._count_script = self._redis.register_script(_COUNT)
        self._outage = Outage()
        self._writing = asyncio.Lock()
        """Writes go one at a time and each reads the local sockets when it runs, so that a sign-in
        written after the socket's departure cannot bring it back."""
        self._unwritten: set[tuple[str, str]] = set()
        """Changes Redis missed while away, written again with the next renewal."""
        self._renewing: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._renewing = asyncio.create_task(self._keep_renewing())

    async def close(self) -> None:
        """A replica that stops takes its people with it, at once."""
        if self._renewing is not None:
            self._renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewing
        async with self._writing:
            gone = {(user_id, sid) for user_id, sids in self._local().items() for sid in sids} | self._unwritten
            await self._outage.acall("presence.close", lambda: self._write({}, gone), None)
        await self._outage.acall("presence.close", self._redis.aclose, None)

    async def changed(self, user_id: str, sid: str) -> None:
        async with self._writing:
            here = sid in self._sockets.sids_of(user_id)
            renewed, gone = ({user_id: [sid]}, set()) if here else ({}, {(user_id, sid)})
            if not await self._outage.acall("presence.changed", lambda: self._write(renewed, gone), False):
                self._unwritten.add((user_id, sid))

    async def is_here(self, user_id: str) -> bool:
        if await super().is_here(user_id):
            return True
        count = await self._outage.acall("presence.is_here", lambda: self._count_script(keys=[_key(user_id)]), 0)
        return bool(count)

    async def renew(self) -> bool:
        """Write every local entry anew (not only extend it: Redis may have lost it), and remove
        those whose departure Redis missed; False if Redis is away."""
        async with self._writing:
            local = self._local()
            gone = {(user_id, sid) for user_id, sid in self._unwritten if sid not in local.get(user_id, ())}
            if not await self._outage.acall("presence.renew", lambda: self._write(local, gone), False):
                return False
            self._unwritten.clear()
            return True

    async def _keep_renewing(self) -> None:
        backoff = Backoff()
        while True:
            renewed = await self.renew()
            if renewed:
                backoff.reset()
            await asyncio.sleep(self._refresh if renewed else backoff.delay())

    async def _write(self, renewed: dict[str, list[str]], gone: set[tuple[str, str]]) -> bool:
        async with self._redis.pipeline(transaction=False) as pipe:
            for user_id, sid in gone:
                pipe.zrem(_key(user_id), self._entry(sid))
            for user_id, sids in renewed.items():
                await self._renew_script(keys=[_key(user_id)],
                                         args=[self._expiry, *(self._entry(sid) for sid in sids)], client=pipe)
            await pipe.execute()
        return True

    def _local(self) -> dict[str, list[str]]:
        return {user_id: self._sockets.sids_of(user_id) for user_id in self._sockets.users()}

    def _entry(self, sid: str) -> str:
        return f"{self._process}:{sid}"


def _key(user_id: str) -> str:
    return f"{PREFIX}:{user_id}"
