"""The Redis clients against a redis-server of the test's own, killed, frozen and restarted."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from infrastructure.fanout import RedisFanout
from infrastructure.redis_clients import (
    COMMAND_TIMEOUT,
    Outage,
    Subscription,
    async_client,
)
from projections.runtime.projector import Change
from tests.e2e.outages import PrivateRedis, private_redis
from tests.waiting import until

BACK_WITHIN = 5.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PrivateRedis]:
    with private_redis(tmp_path) as server:
        yield server


async def _publish_until_heard(url: str, messages: asyncio.Queue[tuple[str, bytes]], deadline: float) -> bytes:
    publisher = async_client(url)
    try:
        while time.monotonic() < deadline:
            try:
                await publisher.publish("topic", b"after")
                return (await asyncio.wait_for(messages.get(), 0.5))[1]
            except (TimeoutError, redis.RedisError, OSError):
                continue
        raise TimeoutError("nothing heard")
    finally:
        await publisher.aclose()


def test_a_subscription_hears_again_within_5_s_of_redis_returning(server: PrivateRedis):
    async def scenario() -> tuple[bytes, float]:
        subscription = Subscription(server.url, ["topic"])
        messages: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()

        async def listen() -> None:
            async for message in subscription.messages():
                messages.put_nowait(message)

        listening = asyncio.create_task(listen())
        assert await subscription.connected()
        server.kill()
        await until(lambda: not subscription.listening, timeout=BACK_WITHIN, what="the outage to be noticed")
        server.start()
        returned = time.monotonic()
        heard = await _publish_until_heard(server.url, messages, returned + BACK_WITHIN)
        listening.cancel()
        await subscription.close()
        return heard, time.monotonic() - returned

    heard, took = asyncio.run(scenario())
    assert heard == b"after" and took < BACK_WITHIN


def test_a_subscription_left_with_no_channel_through_an_outage_hears_its_next_one(server: PrivateRedis):
    async def scenario() -> bytes:
        subscription = Subscription(server.url, ["earlier"])
        messages: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()

        async def listen() -> None:
            async for message in subscription.messages():
                messages.put_nowait(message)

        listening = asyncio.create_task(listen())
        assert await subscription.connected()
        await subscription.unsubscribe(["earlier"])
        server.kill()
        await until(lambda: subscription.idle, timeout=BACK_WITHIN, what="the subscription to wait for a channel")
        server.start()
        await subscription.subscribe(["topic"])
        heard = await _publish_until_heard(server.url, messages, time.monotonic() + BACK_WITHIN)
        listening.cancel()
        await subscription.close()
        return heard

    assert asyncio.run(scenario()) == b"after"


def test_while_redis_is_frozen_one_call_waits_for_the_timeout_and_the_next_skip_it(server: PrivateRedis):
    async def scenario() -> list[float]:
        client, outage, took = async_client(server.url), Outage(), []
        await client.ping()
        server.freeze()
        for _ in range(3):
            started = time.monotonic()
            assert await outage.acall("ping", client.ping, "skipped") == "skipped"
            took.append(time.monotonic() - started)
        server.thaw()
        await client.aclose()
        return took

    first, *rest = asyncio.run(scenario())
    assert first < 2 * COMMAND_TIMEOUT
    assert all(t < 0.05 for t in rest)


def test_handing_changes_to_the_fanout_never_waits_on_a_frozen_redis(server: PrivateRedis):
    fanout = RedisFanout(server.url)
    try:
        server.freeze()
        started = time.monotonic()
        for position in range(100):
            fanout([Change(topic="user:x", payload={"position": position})])
        assert time.monotonic() - started < 0.1
    finally:
        server.thaw()
        fanout.close()
