"""The LiveEmitter adapters: the API's hand-over to its Socket.IO loop, and the worker's publish on
python-socketio's Redis channel."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
import redis

from infrastructure.live_emitter import LoopEmitter, RedisEmitter
from tests.services import REDIS_TEST_URL
from tests.waiting import wait_for

SOCKETIO_CHANNEL = "socketio"  # python-socketio's default, which the API's AsyncRedisManager listens on


class Loop:
    """An event loop on its own thread, standing in for the API's, with a Socket.IO-like emit that
    records what it was asked to send and yields between sends, as a real one does."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.sent: list[tuple[str, Any, str, str | None]] = []
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    async def emit(self, event: str, data: Any, room: str, skip_sid: str | None) -> None:
        await asyncio.sleep(0)
        self.sent.append((event, data, room, skip_sid))

    def send_marker(self, marker: str) -> None:
        """Emit ``marker`` on the loop, behind whatever an emitter handed over before this call."""
        asyncio.run_coroutine_threadsafe(self.emit("events", marker, "marker", None), self.loop)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()


@pytest.fixture
def loop() -> Iterator[Loop]:
    running = Loop()
    yield running
    running.close()


def test_emits_to_a_room_leave_in_the_order_they_were_made(loop: Loop) -> None:
    emitter = LoopEmitter()
    emitter.attach(loop.loop, loop.emit)
    for n in range(200):
        emitter.emit_to_user("ada", "events", n)
    wait_for(lambda: len(loop.sent) == 200, timeout=5, what="200 emits")
    assert [data for _, data, _, _ in loop.sent] == list(range(200))


def test_each_threads_emits_keep_their_order_in_every_room(loop: Loop) -> None:
    emitter = LoopEmitter()
    emitter.attach(loop.loop, loop.emit)

    def send(chat_id: str) -> None:
        for n in range(100):
            emitter.emit_to_chat(chat_id, "events", n, skip_sid="tab-1")

    threads = [threading.Thread(target=send, args=(f"chat-{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for(lambda: len(loop.sent) == 400, timeout=5, what="400 emits")
    for i in range(4):
        assert [d for _, d, room, _ in loop.sent if room == f"chat:chat-{i}"] == list(range(100))
    assert {skip for *_, skip in loop.sent} == {"tab-1"}


def test_emits_before_the_server_is_attached_or_after_it_closed_are_dropped(loop: Loop) -> None:
    emitter = LoopEmitter()
    emitter.emit_to_user("ada", "events", "too early")
    emitter.attach(loop.loop, loop.emit)
    emitter.emit_to_user("ada", "events", "heard")
    wait_for(lambda: len(loop.sent) == 1, timeout=5, what="one emit")
    emitter.close()
    emitter.emit_to_user("ada", "events", "too late")
    loop.send_marker("after")
    wait_for(lambda: any(data == "after" for _, data, _, _ in loop.sent), timeout=5, what="the marker")
    assert [data for _, data, _, _ in loop.sent] == ["heard", "after"]


def test_a_failing_emit_does_not_stop_the_rooms_later_ones(loop: Loop) -> None:
    async def flaky(event: str, data: Any, room: str, skip_sid: str | None) -> None:
        if data == "broken":
            raise ConnectionError("redis went away")
        await loop.emit(event, data, room, skip_sid)

    emitter = LoopEmitter()
    emitter.attach(loop.loop, flaky)
    for data in ("first", "broken", "after"):
        emitter.emit_to_user("ada", "events", data)
    wait_for(lambda: len(loop.sent) == 2, timeout=5, what="two emits")
    assert [data for _, data, _, _ in loop.sent] == ["first", "after"]


def test_the_workers_emit_is_published_for_the_api_replicas_socketio_managers() -> None:
    user_id = uuid.uuid4().hex
    heard: list[dict[str, Any]] = []
    client = redis.Redis.from_url(REDIS_TEST_URL)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(**{SOCKETIO_CHANNEL: lambda raw: heard.append(msgspec.json.decode(raw["data"]))})
    listening = pubsub.run_in_thread(sleep_time=0.01, daemon=True)
    emitter = RedisEmitter(REDIS_TEST_URL)
    try:
        wait_for(lambda: dict(client.pubsub_numsub(SOCKETIO_CHANNEL)).get(SOCKETIO_CHANNEL.encode(), 0) > 0,
                 timeout=5, what="the subscription")
        emitter.emit_to_user(user_id, "events", {"chat_id": "c1", "data": {"type": "chat:title"}})
        wait_for(lambda: any(m.get("room") == f"user:{user_id}" for m in heard), timeout=5, what="the emit")
    finally:
        emitter.close()
        listening.stop()
        listening.join(timeout=5)
        pubsub.close()
        client.close()
    message = next(m for m in heard if m.get("room") == f"user:{user_id}")
    assert (message["method"], message["event"], message["namespace"]) == ("emit", "events", "/")
    assert message["data"] == [{"chat_id": "c1", "data": {"type": "chat:title"}}]
