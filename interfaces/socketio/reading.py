"""The SPA's ``events:chat`` message of type ``last_read_at``: it reports that the person has the
chat before them (on opening it, leaving it, and when a reply in it ends)."""

from __future__ import annotations

import uuid
from typing import Any

from application.chats.reading_commands import ReadChat
from domain.chats.errors import ChatNotFoundError
from infrastructure.container import Container
from interfaces.http.auth import SessionUser
from interfaces.http.chat_reads import unread_counts
from projections.chat_reads.projector import ChatReads
from projections.runtime.settling import settle


def read_chat(container: Container, user: SessionUser, chat_id: str) -> dict[str, Any] | None:
    """Record the read; answer Open WebUI's ``chat:list`` message for the person's tabs, with the
    folders' unread counts when the read changed anything. None for a chat that is not theirs."""
    try:
        position = container.chats.read_chat(ReadChat(chat_id=uuid.UUID(chat_id), actor_id=user.id))
    except (ValueError, ChatNotFoundError):
        return None
    settle(container.runner, ChatReads, position)
    data: dict[str, Any] = {"chat_id": chat_id, "last_read_at": container.chat_reads.last_read_at(chat_id)}
    if position is not None:
        data["folder_unread_counts"] = unread_counts(container.chat_reads, container.folder_views, user.id)
    return {"chat_id": chat_id, "data": {"type": "chat:list", "data": data}}
