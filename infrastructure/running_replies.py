"""Adapters of the ``RunningReplies`` port: this process's replies only (embedded), or every API
replica's through Redis, where each replica lists its replies under a lease it keeps renewing and
hears stop requests on a pub/sub channel (a replica that dies takes its leases with it)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import cast

import msgspec

from application.completions.running import Stop
from infrastructure.redis_clients import Backoff, Outage, Subscription, async_client

PREFIX = "annals:replies"
CHANNEL = f"{PREFIX}:stop"
LEASE_SECONDS = 60
RENEW_SECONDS = 20.0


class LocalReplies:
    def __init__(self) -> None:
        self._stops: dict[str, Stop] = {}
        self._chats: dict[str, str] = {}

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def add(self, task_id: str, chat_id: str, stop: Stop) -> None:
        self._stops[task_id], self._chats[task_id] = stop, chat_id

    async def remove(self, task_id: str, chat_id: str) -> None:
        self._stops.pop(task_id, None)
        self._chats.pop(task_id, None)

    async def of_chat(self, chat_id: str) -> list[str]:
        return self._local_of(chat_id)

    async def stop_chat(self, chat_id: str) -> list[str]:
        task_ids = self._local_of(chat_id)
        for task_id in task_ids:
            self._stop_here(task_id)
        return task_ids

    async def stop(self, task_id: str) -> bool:
        return self._stop_here(task_id)

    async def all(self) -> list[str]:
        return list(self._chats)

    def _local_of(self, chat_id: str) -> list[str]:
        return [task_id for task_id, chat in self._chats.items() if chat == chat_id]

    def _stop_here(self, task_id: str) -> bool:
        stop = self._stops.get(task_id)
        if stop is not None:
            stop()
        return stop is not None


class StopRequest(msgspec.Struct, frozen=True, kw_only=True):
    task_id: str | None = None
    chat_id: str | None = None


class RedisReplies(LocalReplies):
    """While Redis is away, each replica knows and stops its own replies only; its leases are
    written again within ~2 s of Redis's return."""

    def __init__(self, redis_url: str) -> None:
        super().__init__()
        self._redis = async_client(redis_url)
        self._stops_heard = Subscription(redis_url, [CHANNEL])
        self._outage = Outage()
        self._loops: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._loops = [asyncio.create_task(self._listen()), asyncio.create_task(self._renew())]
        await self._stops_heard.connected()  # before any request can ask for a stop, unless Redis is away

    async def close(self) -> None:
        for loop in self._loops:
            loop.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        await self._stops_heard.close()
        await self._outage.acall("replies.close", self._redis.aclose, None)

    async def add(self, task_id: str, chat_id: str, stop: Stop) -> None:
        await super().add(task_id, chat_id, stop)
        await self._outage.acall("replies.add", lambda: self._lease_all({task_id: chat_id}), False)

    async def remove(self, task_id: str, chat_id: str) -> None:
        await super().remove(task_id, chat_id)
        await self._outage.acall("replies.remove", lambda: self._release(task_id, chat_id), None)

    async def of_chat(self, chat_id: str) -> list[str]:
        return await self._outage.acall("replies.of_chat", lambda: self._leased_of(chat_id), self._local_of(chat_id))

    async def stop_chat(self, chat_id: str) -> list[str]:
        task_ids = await self.of_chat(chat_id)
        if task_ids and not await self._announce(StopRequest(chat_id=chat_id)):
            await super().stop_chat(chat_id)
        return task_ids

    async def stop(self, task_id: str) -> bool:
        leased = await self._outage.acall("replies.stop", lambda: self._redis.exists(_lease(task_id)), None)
        if leased == 0:
            return False
        if leased is None or not await self._announce(StopRequest(task_id=task_id)):
            return await super().stop(task_id)
        return True

    async def all(self) -> list[str]:
        return await self._outage.acall("replies.all", self._all_leased, sorted(self._chats))

    async def _lease_all(self, chats: dict[str, str]) -> bool:
        async with self._redis.pipeline(transaction=False) as pipe:
            for task_id, chat_id in chats.items():
                pipe.set(_lease(task_id), chat_id, ex=LEASE_SECONDS)
                pipe.sadd(_chat(chat_id), task_id)
            await pipe.execute()
        return True

    async def _release(self, task_id: str, chat_id: str) -> None:
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.delete(_lease(task_id))
            pipe.srem(_chat(chat_id), task_id)
            await pipe.execute()

    async def _leased_of(self, chat_id: str) -> list[str]:
        # redis-py types set commands as sync-or-async results; this client is the asyncio one.
        members = sorted(m.decode() for m in await cast("Awaitable[set[bytes]]", self._redis.smembers(_chat(chat_id))))
        if not members:
            return []
        held = await self._redis.exists(*(_lease(t) for t in members))
        if held == len(members):
            return members
        leased = [t for t in members if await self._redis.exists(_lease(t))]
        stale = set(members) - set(leased)  # left by a replica that died
        if stale:
            await cast("Awaitable[int]", self._redis.srem(_chat(chat_id), *stale))
        return leased

    async def _all_leased(self) -> list[str]:
        return sorted([key.decode().rsplit(":", 1)[1] async for key in self._redis.scan_iter(f"{PREFIX}:task:*")])

    async def _announce(self, request: StopRequest) -> bool:
        """Every replica (this one too) hears it on the stop channel; False if Redis is away."""
        return await self._outage.acall(
            "replies.announce", lambda: self._redis.publish(CHANNEL, msgspec.json.encode(request)), None) is not None

    async def _listen(self) -> None:
        async for _, data in self._stops_heard.messages():
            self._stop_asked(data)

    def _stop_asked(self, data: bytes) -> None:
        with contextlib.suppress(msgspec.DecodeError, msgspec.ValidationError):
            request = msgspec.json.decode(data, type=StopRequest)
            task_ids = self._local_of(request.chat_id) if request.chat_id else [request.task_id or ""]
            for task_id in task_ids:
                self._stop_here(task_id)

    async def _renew(self) -> None:
        """Writes the leases anew (not only extends them), so that those Redis lost come back."""
        backoff = Backoff()
        while True:
            renewed = not self._chats or await self._outage.acall(
                "replies.renew", lambda: self._lease_all(dict(self._chats)), False)
            if renewed:
                backoff.reset()
            await asyncio.sleep(RENEW_SECONDS if renewed else backoff.delay())


def _lease(task_id: str) -> str:
    return f"{PREFIX}:task:{task_id}"


def _chat(chat_id: str) -> str:
    return f"{PREFIX}:chat:{chat_id}"
