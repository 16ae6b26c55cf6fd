"""Waiting for a condition (a port that opens, a server that answers), never for a fixed time."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.05) -> None:
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:g} s waiting for {what}")
        pause.wait(interval)


async def until(condition: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.05) -> None:
    """``wait_for`` inside an event loop: the loop goes on while it waits."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:g} s waiting for {what}")
        await asyncio.sleep(interval)
