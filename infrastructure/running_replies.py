"""Adapters of the ``RunningReplies`` port: this process's replies only (embedded), or every API
replica's through Redis, where each replica lists its replies under a lease it keeps renewing and
hears stop requests on a pub/sub channel (a replica that dies takes its leases with it)."""

from __future__ import annotations

import asyncio
import contextlib

import msgspec
import structlog
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from application.completions.running import Stop

log = structlog.get_logger()

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
    def __init__(self, redis_url: str) -> None:
        super().__init__()
        self._url = redis_url
        self._redis: Redis | None = None
        self._loops: list[asyncio.Task[None]] = []

    @property
    def redis(self) -> Redis:
        if self._redis is None:
            raise RuntimeError("RedisReplies.start() was not awaited")
        return self._redis

    async def start(self) -> None:
        self._redis = Redis.from_url(self._url)
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(CHANNEL)  # before any request can ask for a stop
        self._loops = [asyncio.create_task(self._listen(pubsub)), asyncio.create_task(self._renew())]

    async def close(self) -> None:
        for loop in self._loops:
            loop.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        if self._redis is not None:
            await self._redis.aclose()

    async def add(self, task_id: str, chat_id: str, stop: Stop) -> None:
        await super().add(task_id, chat_id, stop)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.set(_lease(task_id), chat_id, ex=LEASE_SECONDS)
            pipe.sadd(_chat(chat_id), task_id)
            await pipe.execute()

    async def remove(self, task_id: str, chat_id: str) -> None:
        await super().remove(task_id, chat_id)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.delete(_lease(task_id))
            pipe.srem(_chat(chat_id), task_id)
            await pipe.execute()

    async def of_chat(self, chat_id: str) -> list[str]:
        members = sorted(m.decode() for m in await self.redis.smembers(_chat(chat_id)))
        if not members:
            return []
        held = await self.redis.exists(*(_lease(t) for t in members))
        if held == len(members):
            return members
        leased = [t for t in members if await self.redis.exists(_lease(t))]
        stale = set(members) - set(leased)  # left by a replica that died
        if stale:
            await self.redis.srem(_chat(chat_id), *stale)
        return leased

    async def stop_chat(self, chat_id: str) -> list[str]:
        task_ids = await self.of_chat(chat_id)
        if task_ids:
            await self.redis.publish(CHANNEL, msgspec.json.encode(StopRequest(chat_id=chat_id)))
        return task_ids

    async def stop(self, task_id: str) -> bool:
        if not await self.redis.exists(_lease(task_id)):
            return False
        await self.redis.publish(CHANNEL, msgspec.json.encode(StopRequest(task_id=task_id)))
        return True

    async def all(self) -> list[str]:
        return sorted([key.decode().rsplit(":", 1)[1] async for key in self.redis.scan_iter(f"{PREFIX}:task:*")])

    async def _listen(self, pubsub: PubSub) -> None:
        while True:
            try:
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        self._stop_asked(message["data"])
            except (RedisError, OSError):
                log.exception("reply stop channel lost; subscribing again")
                await asyncio.sleep(1.0)
                pubsub = self.redis.pubsub()
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.subscribe(CHANNEL)

    def _stop_asked(self, data: bytes) -> None:
        with contextlib.suppress(msgspec.DecodeError, msgspec.ValidationError):
            request = msgspec.json.decode(data, type=StopRequest)
            task_ids = self._local_of(request.chat_id) if request.chat_id else [request.task_id or ""]
            for task_id in task_ids:
                self._stop_here(task_id)

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            try:
                async with self.redis.pipeline(transaction=False) as pipe:
                    for task_id in list(self._chats):
                        pipe.expire(_lease(task_id), LEASE_SECONDS)
                    await pipe.execute()
            except (RedisError, OSError):
                log.exception("reply leases not renewed")


def _lease(task_id: str) -> str:
    return f"{PREFIX}:task:{task_id}"


def _chat(chat_id: str) -> str:
    return f"{PREFIX}:chat:{chat_id}"
