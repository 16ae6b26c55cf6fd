"""Waiting for a condition (a port that opens, a server that answers), never for a fixed time.

To show that something did *not* happen, wait for a later marker that would have come after it
(a message sent behind it, an entry that expires no sooner than it would have), then look."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from collections.abc import Awaitable, Callable


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.05) -> None:
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:g} s waiting for {what}")
        pause.wait(interval)


async def until(condition: Callable[[], bool | Awaitable[bool]], *, timeout: float, what: str,
                interval: float = 0.05) -> float:
    """``wait_for`` inside an event loop: the loop goes on while it waits, and ``condition`` may
    be a coroutine function (a question to Redis). Returns the seconds the condition took."""
    began = time.monotonic()
    while not await _holds(condition):
        if time.monotonic() - began > timeout:
            raise TimeoutError(f"gave up after {timeout:g} s waiting for {what}")
        await asyncio.sleep(interval)
    return time.monotonic() - began


async def _holds(condition: Callable[[], bool | Awaitable[bool]]) -> bool:
    answer = condition()
    return await answer if inspect.isawaitable(answer) else answer
