"""The port through which replies being generated are found and stopped, whichever API process
generates them (Open WebUI's task list: ``/api/tasks/chat/{chat_id}`` and its ``stop``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

Stop = Callable[[], None]
"""Stops one running reply; called on the event loop of the process that runs it."""


@runtime_checkable
class RunningReplies(Protocol):
    """Checkable at run time: the HTTP handlers that take it have it checked, as Litestar checks
    every dependency a handler declares against its type."""

    async def add(self, task_id: str, chat_id: str, stop: Stop) -> None:
        """A reply of ``chat_id`` now runs in this process as ``task_id``."""
        ...

    async def remove(self, task_id: str, chat_id: str) -> None:
        """It ended (however it ended)."""
        ...

    async def of_chat(self, chat_id: str) -> list[str]:
        """The task ids running for the chat, in any process."""
        ...

    async def stop_chat(self, chat_id: str) -> list[str]:
        """Stop every reply of the chat, wherever it runs; the task ids asked to stop."""
        ...

    async def stop(self, task_id: str) -> bool:
        """Stop one reply, wherever it runs; False if no process runs it."""
        ...

    async def all(self) -> list[str]:
        ...
