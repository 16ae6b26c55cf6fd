"""Fan-out over Redis: after a page commits, what changed is published on the owner's channel."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
import redis

from application.chats.commands import CreateChat
from application.identity.commands import UpdateUser
from infrastructure.container import Container
from tests.integration.workload import founding_admin, sign_up
from tests.services import REDIS_TEST_URL
from tests.unit.builders import message, snapshot
from tests.waiting import wait_for


class Listener:
    """Subscribes to one channel; on each message, notes whether the chat it names can already be
    read, as a live connection would try at once."""

    def __init__(self, container: Container, channel: str) -> None:
        self._container = container
        self.heard: list[tuple[dict[str, Any], bool]] = []
        self._client = client = redis.Redis.from_url(REDIS_TEST_URL)  # its pool is the pubsub's
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(**{channel: self._hear})
        self._thread = self._pubsub.run_in_thread(sleep_time=0.01, daemon=True)
        wait_for(lambda: dict(client.pubsub_numsub(channel)).get(channel.encode(), 0) > 0,
                 timeout=5, what=f"the subscription to {channel}")

    def _hear(self, raw: dict[str, Any]) -> None:
        payload = msgspec.json.decode(raw["data"])
        readable = self._container.chat_views.get_chat(payload.get("chat_id", "")) is not None
        self.heard.append((payload, readable))

    def close(self) -> None:
        self._thread.stop()
        self._thread.join(timeout=5)
        self._pubsub.close()
        self._client.close()


@pytest.fixture
def owner(container: Container) -> uuid.UUID:
    return founding_admin(container, "ann@example.org")


@pytest.fixture
def listener(container: Container, owner: uuid.UUID) -> Iterator[Listener]:
    listener = Listener(container, f"user:{owner}")
    yield listener
    listener.close()


class TestFanout:
    def test_a_new_chat_is_announced_on_its_owners_channel_once_readable(
        self, container: Container, owner: uuid.UUID, listener: Listener
    ):
        chat_id = uuid.uuid4()
        position = container.chats.create_chat(CreateChat(
            chat_id=chat_id, owner_id=str(owner), state=snapshot(message("q"))))
        container.runner.catch_up("chats")
        wait_for(lambda: len(listener.heard) == 2, timeout=5, what="two chat changes")
        assert listener.heard == [
            ({"type": "chat", "event": "Chat.Created", "chat_id": str(chat_id), "position": 1}, True),
            ({"type": "chat", "event": "Chat.MessageAppended", "chat_id": str(chat_id),
              "position": position}, True),
        ]

    def test_a_role_change_tells_the_persons_live_connections_to_check_again(
        self, container: Container, owner: uuid.UUID
    ):
        bob = sign_up(container, "bob@example.org")
        listener = Listener(container, f"user:{bob}")
        try:
            container.identity.update_user(UpdateUser(actor_id=owner, user_id=bob, role="user"))
            container.runner.catch_up("users")
            wait_for(lambda: listener.heard, timeout=5, what="the access change")
            assert [payload for payload, _ in listener.heard] == [{"type": "user:access-changed"}]
        finally:
            listener.close()
