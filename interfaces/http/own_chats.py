"""A chat read from a view is its owner's: to anyone else it does not exist (404), and the attempt
is recorded as a refusal."""

from __future__ import annotations

from typing import Any

from application.access.resources import Action, Kind
from application.access.rules import permits
from domain.chats.errors import ChatNotFoundError, ForeignChatError
from interfaces.http.auth import SessionUser
from interfaces.http.authorisation import principal_of

Json = dict[str, Any]


def owned(found: Json | None, chat_id: str, user: SessionUser) -> Json:
    """``found``: the chat (or its summary) as a view has it, None if it has none."""
    if found is None:
        raise ChatNotFoundError(chat_id)
    if not permits(principal_of(user), Action.READ, Kind.CHAT, found["user_id"], ()):
        raise ForeignChatError(chat_id, user.id)
    return found
