"""Maps the SPA's chat document onto what the Chat aggregate understands.

The document is Open WebUI's: ``{title, models, params, history: {messages: {id: {...}},
currentId}, messages: [...], ...}``. ``messages`` is derived from ``history``, ``tags`` live in
their own events, everything else top-level is a property kept as sent.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec
from litestar.exceptions import ValidationException

from domain.chats.message import ChatState, Message
from projections.chats.document import VARIABLES

_DERIVED = {"id", "title", "history", "messages", "tags"}
_MESSAGE_FIELDS = {"id", "parentId", "childrenIds", "role", "content", "model"}
_encoder = msgspec.json.Encoder(order="sorted")


def digest(value: Any) -> str:
    return hashlib.blake2b(_encoder.encode(value), digest_size=16).hexdigest()


def chat_state(document: dict[str, Any], variables: dict[str, Any] | None = None) -> ChatState:
    history = document.get("history") or {}
    if not isinstance(history, dict) or not isinstance(history.get("messages", {}), dict):
        raise ValidationException("chat.history must be an object with a messages object")
    messages = tuple(parse_message(key, body) for key, body in (history.get("messages") or {}).items())
    properties = {k: v for k, v in document.items() if k not in _DERIVED}
    if variables is not None:
        properties[VARIABLES] = variables
    title = document.get("title")
    if title is not None and not isinstance(title, str):
        raise ValidationException("chat.title must be a string")
    current = history.get("currentId")
    return ChatState(
        title=title,
        properties=properties,
        property_digests={k: digest(v) for k, v in properties.items()},
        messages=messages,
        current_message_id=current if isinstance(current, str) else None,
    )


def parse_message(key: str, body: Any) -> Message:
    if not isinstance(body, dict):
        raise ValidationException(f"chat.history.messages[{key!r}] must be an object")
    message_id = body.get("id", key)
    parent_id = body.get("parentId")
    role, content, model = body.get("role", "user"), body.get("content", ""), body.get("model")
    if not isinstance(message_id, str) or not message_id or len(message_id) > 255:
        raise ValidationException(f"message {key!r} needs a string id of at most 255 characters")
    if parent_id is not None and not isinstance(parent_id, str):
        raise ValidationException(f"message {message_id!r}: parentId must be a string or null")
    if not isinstance(role, str) or not isinstance(content, str) or not isinstance(model, str | None):
        raise ValidationException(f"message {message_id!r}: role, content and model must be strings")
    extra = {k: v for k, v in body.items() if k not in _MESSAGE_FIELDS}
    return Message(id=message_id, parent_id=parent_id, role=role, content=content, model=model,
                   digest=digest((role, content, model, extra)), extra=extra)
