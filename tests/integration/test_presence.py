"""Presence shared through Redis: two ``RedisPresence`` with their own sockets stand for two API
replicas; Redis is the shared test server, or one of the test's own that it stops and freezes."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from infrastructure.presence import RedisPresence
from infrastructure.redis_clients import COMMAND_TIMEOUT
from interfaces.socketio.sessions import LocalSessions, Who
from tests.e2e.outages import PrivateRedis, private_redis
from tests.services import REDIS_TEST_URL
from tests.waiting import until


class Replica:
    """A process's signed-in sockets and its presence, changed as the Socket.IO gateway changes them."""

    def __init__(self, url: str, **timing: float) -> None:
        self.sessions = LocalSessions()
        self.presence = RedisPresence(url, self.sessions, **timing)

    async def connect(self, user_id: str) -> str:
        sid = uuid.uuid4().hex
        self.sessions.add(sid, Who(user_id=user_id, token="token"))
        await self.presence.changed(user_id, sid)
        return sid

    async def disconnect(self, sid: str) -> None:
        who = self.sessions.remove(sid)
        assert who is not None
        await self.presence.changed(who.user_id, sid)


def person() -> str:
    return str(uuid.uuid4())


def scenario(body: Callable[[Replica, Replica], Awaitable[None]], url: str = REDIS_TEST_URL,
             **timing: float) -> None:
    """Runs ``body(here, there)`` in one event loop, as two replicas would share one Redis."""
    async def run() -> None:
        here, there = Replica(url, **timing), Replica(url)
        try:
            await body(here, there)
        finally:
            await here.presence.close()
            await there.presence.close()

    asyncio.run(run())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PrivateRedis]:
    with private_redis(tmp_path) as server:
        yield server


def test_a_person_connected_to_one_replica_is_here_for_the_other() -> None:
    async def body(here: Replica, there: Replica) -> None:
        someone, no_one = person(), person()
        await here.connect(someone)
        assert await there.presence.is_here(someone) is True
        assert await there.presence.is_here(no_one) is False

    scenario(body)


def test_a_socket_that_leaves_stops_counting_at_once() -> None:
    async def body(here: Replica, there: Replica) -> None:
        someone = person()
        first, second = await here.connect(someone), await here.connect(someone)
        await here.disconnect(first)
        assert await there.presence.is_here(someone) is True
        await here.disconnect(second)
        assert await there.presence.is_here(someone) is False

    scenario(body)


def test_a_replica_that_stops_renewing_stops_counting_within_the_expiry() -> None:
    """As one killed with -9 would: it is never started, so nothing renews its entry."""
    async def body(here: Replica, there: Replica) -> None:
        someone = person()
        await here.connect(someone)
        assert await there.presence.is_here(someone) is True
        assert await until(lambda: _away(there, someone), timeout=5.0, what="the entry to expire") < 3.0

    scenario(body, expiry=1.0)


def test_a_replica_that_keeps_renewing_keeps_counting_past_the_expiry() -> None:
    """Past two and a half expiries, as measured by an entry written after its own that lives that
    long and is never renewed: once that one is gone, only the renewals can have kept this one."""
    async def body(here: Replica, there: Replica) -> None:
        someone, marker = person(), person()
        await here.presence.start()
        await here.connect(someone)
        lapsing = Replica(REDIS_TEST_URL, expiry=2.5)
        try:
            await lapsing.connect(marker)
            await until(lambda: _away(there, marker), timeout=5.0, what="the unrenewed entry to expire")
        finally:
            await lapsing.presence.close()
        assert await there.presence.is_here(someone) is True

    scenario(body, expiry=1.0, refresh=0.2)


def test_a_replica_that_stops_takes_its_people_with_it() -> None:
    async def body(here: Replica, there: Replica) -> None:
        someone = person()
        await here.connect(someone)
        await here.presence.close()
        assert await there.presence.is_here(someone) is False

    scenario(body)


def test_with_redis_stopped_a_replica_answers_from_its_own_sockets(server: PrivateRedis) -> None:
    async def body(here: Replica, there: Replica) -> None:
        mine, theirs = person(), person()
        await here.connect(mine)
        await there.connect(theirs)
        server.kill()
        with capture_logs() as logs:
            began = time.monotonic()
            answers = [await here.presence.is_here(who) for who in (mine, theirs, mine, theirs)]
            took = time.monotonic() - began
        assert answers == [True, False, True, False]
        assert took < COMMAND_TIMEOUT
        assert [entry["event"] for entry in logs] == ["redis.unavailable"]

    scenario(body, server.url)


def test_a_frozen_redis_holds_a_question_no_longer_than_the_command_timeout(server: PrivateRedis) -> None:
    async def body(here: Replica, there: Replica) -> None:
        someone = person()
        server.freeze()
        began = time.monotonic()
        assert await here.presence.is_here(someone) is False
        assert time.monotonic() - began < COMMAND_TIMEOUT + 0.5
        server.thaw()

    scenario(body, server.url)


def test_a_departure_redis_missed_while_away_is_written_when_it_answers(server: PrivateRedis) -> None:
    async def body(here: Replica, there: Replica) -> None:
        someone = person()
        sid = await here.connect(someone)
        server.freeze()
        assert await here.presence.is_here(person()) is False  # times out: Redis is away for a moment
        await here.disconnect(sid)  # so this is not even sent
        server.thaw()
        assert await there.presence.is_here(someone) is True
        await until(here.presence.renew, timeout=5.0, what="a renewal Redis takes")
        assert await there.presence.is_here(someone) is False

    scenario(body, server.url)


def test_what_a_restarted_redis_lost_is_written_again_at_the_next_renewal(server: PrivateRedis) -> None:
    async def body(here: Replica, there: Replica) -> None:
        someone = person()
        await here.connect(someone)
        server.kill()
        server.start()
        assert await there.presence.is_here(someone) is False
        await until(here.presence.renew, timeout=5.0, what="a renewal Redis takes")
        assert await there.presence.is_here(someone) is True

    scenario(body, server.url)


async def _away(replica: Replica, user_id: str) -> bool:
    return not await replica.presence.is_here(user_id)
