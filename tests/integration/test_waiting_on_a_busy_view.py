"""Read-your-writes while another process holds the view (Postgres: the worker beside the API).
A waiter waits as long as the holder makes progress, and gives up only once the view stops moving."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection

from infrastructure.bootstrap import build_container
from infrastructure.container import Container
from infrastructure.settings import Settings
from projections.chats.projector import ChatViews
from projections.runtime.runner import ViewBehindError
from tests.integration.workload import chat_with_replies, sign_up

TIMEOUT = 0.5


class SlowChatViews(ChatViews):
    """A chats projector that takes its time over every event, as one buried in a backlog would."""

    def apply(self, event: Any, conn: Connection, position: int) -> Any:
        time.sleep(0.03)  # simulated work, not a wait for a result
        return super().apply(event, conn, position)


@pytest.fixture
def waiter(postgres: Settings) -> Iterator[Container]:
    container = build_container(Settings(**{**_fields(postgres), "read_your_writes_timeout": TIMEOUT}), role="cli")
    yield container
    container.close()


@pytest.fixture
def holder(postgres: Settings) -> Iterator[Container]:
    container = build_container(postgres, role="cli")
    yield container
    container.close()


def _fields(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in settings.__struct_fields__}


def test_a_waiter_outlasts_its_timeout_while_the_holder_makes_progress(waiter: Container, holder: Container):
    owner = sign_up(waiter, "ann@example.org")
    for _ in range(6):
        chat_with_replies(waiter, owner, replies=4)  # some 60 events: about 2 s of slow projecting
    position = waiter.chats.position
    slow = SlowChatViews(holder.runner.projectors["chats"].tables)
    projecting = threading.Thread(target=holder.runner.replay, args=(slow, _tracked_as(holder)))
    projecting.start()
    try:
        waiter.runner.wait("Chats", position, views=["chats"])
        assert waiter.runner.position("chats") >= position
    finally:
        projecting.join()


def _tracked_as(container: Container) -> str:
    """Under what the chats view's version is tracked and locked."""
    return container.runner.projectors["chats"].tracked_as


def test_a_waiter_gives_up_once_the_view_stops_moving(waiter: Container, holder: Container):
    owner = sign_up(waiter, "ann@example.org")
    chat_with_replies(waiter, owner, replies=1)
    with holder.views.writer.begin() as conn:  # holds the view's lock and does nothing with it
        holder.views.lock_view(conn, _tracked_as(holder))
        started = time.monotonic()
        with pytest.raises(ViewBehindError):
            waiter.runner.wait("Chats", waiter.chats.position, views=["chats"])
        assert time.monotonic() - started < TIMEOUT * 4


def test_a_waiter_is_carried_by_a_thread_of_its_own_process_that_holds_the_view(waiter: Container):
    owner = sign_up(waiter, "ann@example.org")
    for _ in range(6):
        chat_with_replies(waiter, owner, replies=4)
    position = waiter.chats.position
    slow = SlowChatViews(waiter.runner.projectors["chats"].tables)
    projecting = threading.Thread(target=waiter.runner.replay, args=(slow, _tracked_as(waiter)))
    projecting.start()
    try:
        waiter.runner.wait("Chats", position, views=["chats"])  # past its timeout: the holder moves on
        assert waiter.runner.position("chats") >= position
    finally:
        projecting.join()
