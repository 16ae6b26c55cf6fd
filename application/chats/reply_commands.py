"""Commands that record a model's reply in a chat: started, then completed or failed."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from domain.chats.citations import Citation
from domain.chats.message import Message


class StartReply(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    reply_id: str
    model: str | None
    prompt: Message | None = None
    """The person's message the reply answers, appended first; the reply goes below it."""
    parent_id: str | None | msgspec.UnsetType = msgspec.UNSET
    """Where the prompt (or, without one, the reply) goes; unset: below the chat's current message."""
    extra: dict[str, Any] = {}
    citations: list[Citation] = []


class CompleteReply(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    reply_id: str
    content: str
    usage: dict[str, Any] | None = None


class FailReply(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    reply_id: str
    content: str
    error: str


class CheckpointReply(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    reply_id: str
    content: str


class SuggestFollowUps(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    message_id: str
    follow_ups: list[str]
