from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """One message as a client states it. ``digest`` fingerprints everything but the tree links,
    so the chat can tell an edit from a resend without keeping the text."""

    id: str
    parent_id: str | None
    role: str
    content: str
    model: str | None
    digest: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChatState:
    """What a whole-chat update asserts: the client's view of a chat."""

    title: str | None
    properties: dict[str, Any]
    """The chat's other top-level fields (models, params, ...); absent ones keep their value."""
    property_digests: dict[str, str]
    messages: tuple[Message, ...]
    current_message_id: str | None
