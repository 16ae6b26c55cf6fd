from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.chats.errors import InvalidMessageError

_NAMED = ("role", "content", "model")


@dataclass(frozen=True)
class Message:
    """One message as a client states it: its place in the tree, and everything else it says of
    itself in ``fields``. ``digest`` fingerprints ``fields``, so the chat can tell an edit from a
    resend without keeping any text; the fields are only read for messages that changed."""

    id: str
    parent_id: str | None
    digest: str
    fields: dict[str, Any]

    def parts(self) -> tuple[str, str, str | None, dict[str, Any]]:
        """``(role, content, model, extra)``, checked."""
        role, content, model = (self.fields.get(name) for name in _NAMED)
        role = "user" if role is None else role
        content = "" if content is None else content
        if not isinstance(role, str) or not isinstance(content, str) or not isinstance(model, str | None):
            raise InvalidMessageError(self.id, "role, content and model must be strings")
        extra = {k: v for k, v in self.fields.items() if k not in _NAMED}
        return role, content, model, extra


@dataclass(frozen=True)
class ChatState:
    """What a whole-chat update asserts: the client's view of a chat."""

    title: str | None
    properties: dict[str, Any]
    """The chat's other top-level fields (models, params, ...); absent ones keep their value."""
    property_digests: dict[str, str]
    messages: tuple[Message, ...]
    current_message_id: str | None
