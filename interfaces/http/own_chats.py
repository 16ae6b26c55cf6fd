"""A chat read from a view is its owner's: to anyone else it does not exist (404), and the attempt
is recorded as a refusal."""

from __future__ import annotations

from typing import Any

from domain.chats.errors import ChatNotFoundError, ForeignChatError
from interfaces.http.auth import SessionUser

Json = dict[str, Any]


def owned(found: Json | None, chat_id: str, user: SessionUser) -> Json:
    """``found``: the chat (or its summary) as a view has it, None if it has none."""
    if found is None:
        raise ChatNotFoundError(chat_id)
    if found["user_id"] != user.id:
        raise ForeignChatError(chat_id, user.id)
    return found
