"""Chats as a client states them, for tests: messages with digests, whole-chat snapshots."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from domain.chats.message import ChatState, Message


def fingerprint(value: Any) -> str:
    return hashlib.blake2b(json.dumps(value, sort_keys=True).encode(), digest_size=16).hexdigest()


def message(message_id: str, parent_id: str | None = None, content: str = "", **fields: Any) -> Message:
    """A message; ``fields`` beyond the content default to a user's message."""
    stated = {"role": "user", "content": content or f"text of {message_id}", **fields}
    return Message(id=message_id, parent_id=parent_id, digest=fingerprint(stated), fields=stated)


def snapshot(*messages: Message, title: str | None = None, current: str | None = None,
             **properties: Any) -> ChatState:
    """A whole chat as the SPA sends it; ``current`` defaults to the last message listed."""
    if current is None and messages:
        current = messages[-1].id
    return ChatState(
        title=title,
        properties=properties,
        property_digests={key: fingerprint(value) for key, value in properties.items()},
        messages=messages,
        current_message_id=current,
    )
