"""A request reads the logs' positions once, and sees its own commits after that."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Mapping

from application.log_positions import (
    LogPosition,
    advance_request_position,
    read_request_positions,
    request_position,
    within_request,
)


class CountedLog:
    def __init__(self) -> None:
        self.reads = 0

    async def read(self) -> Mapping[str, int]:
        self.reads += 1
        return {"Models": 7, "Identity": 3}


def test_outside_a_request_there_are_no_positions() -> None:
    assert contextvars.copy_context().run(request_position, "Models") is None


def test_a_request_reads_once_for_all_its_tasks_and_sees_its_own_commits() -> None:
    log = CountedLog()

    async def request() -> None:
        within_request(log)
        assert request_position("Models") is None  # nothing read yet
        await asyncio.gather(read_request_positions(), asyncio.create_task(read_request_positions()))
        await asyncio.to_thread(advance_request_position, "Models", 9)
        advance_request_position("Identity", 2)  # older than what was read: no change
        assert (request_position("Models"), request_position("Identity"), log.reads) == (9, 3, 1)

    contextvars.copy_context().run(asyncio.run, request())


def test_a_commands_position_is_the_int_it_is_and_names_its_log():
    position = LogPosition("Chats", 42)
    assert (position == 42, position + 1, position > 41, position.context) == (True, 43, True, "Chats")
    assert (str(position), f"{position}") == ("42", "42")
