"""Per signed-in user of this process, a subscription to the projectors' fan-out topic
``user:{id}``: what reaches it re-checks that user's connections, and chat changes become the
SPA's ``chat:list`` refresh events."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import structlog
from litestar.channels import ChannelsPlugin, Subscriber

from infrastructure.container import Container

log = structlog.get_logger()

OnChange = Callable[[str, dict[str, Any]], Awaitable[None]]

LIST_CHANGES = frozenset({
    "Chat.Created", "Chat.Renamed", "Chat.TitleWritten", "Chat.Archived", "Chat.Unarchived", "Chat.Pinned",
    "Chat.Unpinned", "Chat.MovedToFolder", "Chat.Deleted", "Chat.ReplyCompleted", "Chat.ReplyFailed",
})
"""Changes that move or relabel a chat in the sidebar. Open WebUI sends ``chat:list`` when a reply
finishes; a chat created, filed or removed elsewhere (another tab, an API client) is one too."""


def user_topic(user_id: str) -> str:
    return f"user:{user_id}"


class UserWatch:
    """Subscribed exactly while ``wanted(user_id)``: call ``reconcile`` after every change to
    this process's connections of that user."""

    def __init__(self, channels: ChannelsPlugin, wanted: Callable[[str], bool], on_change: OnChange) -> None:
        self._channels = channels
        self._wanted = wanted
        self._on_change = on_change
        self._subscribers: dict[str, Subscriber] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._lock = asyncio.Lock()

    async def reconcile(self, user_id: str) -> None:
        async with self._lock:
            subscriber = self._subscribers.get(user_id)
            if self._wanted(user_id) and subscriber is None:
                subscriber = await self._channels.subscribe(user_topic(user_id))
                self._subscribers[user_id] = subscriber
                task = asyncio.create_task(self._pump(user_id, subscriber))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            elif not self._wanted(user_id) and subscriber is not None:
                del self._subscribers[user_id]
                await self._channels.unsubscribe(subscriber, user_topic(user_id))  # its pump then ends

    async def close(self) -> None:
        async with self._lock:
            subscribers, self._subscribers = list(self._subscribers.values()), {}
        for subscriber in subscribers:
            await self._channels.unsubscribe(subscriber)
        for task in list(self._tasks):
            task.cancel()

    async def _pump(self, user_id: str, subscriber: Subscriber) -> None:
        async for raw in subscriber.iter_events():
            try:
                await self._on_change(user_id, msgspec.json.decode(raw))
            except Exception:
                log.exception("socket fan-out delivery failed", user_id=user_id)


def chat_list_event(container: Container, change: dict[str, Any]) -> dict[str, Any] | None:
    """Open WebUI's ``events`` envelope for a sidebar refresh, or None if the change is not one."""
    if change.get("type") != "chat" or change.get("event") not in LIST_CHANGES:
        return None
    chat_id = change["chat_id"]
    folder_id = container.chat_views.folder_of(chat_id)
    return {"chat_id": chat_id, "message_id": None,
            "data": {"type": "chat:list", "data": {"chat_id": chat_id, "folder_id": folder_id}}}
