"""The chat document the SPA expects, assembled from rows that each hold one message's JSON.

Messages are stored pre-encoded, their ``childrenIds`` kept current by the projector, so opening a
chat of thousands of messages concatenates bytes instead of building thousands of dicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from domain.privacy.places import items_at

VARIABLES = "$variables"
"""A chat's variables (Open WebUI's ChatForm.variables) are kept as a property beside the document."""

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode


def message_document(*, message_id: str, parent_id: str | None, children: list[str], role: str,
                     content: str, model: str | None, extra: dict[str, Any]) -> str:
    document = {**extra, "id": message_id, "parentId": parent_id, "childrenIds": children,
                "role": role, "content": content}
    if model is not None:
        document["model"] = model
    return _encode(document).decode()


_KEEP: Any = object()


def revised(document: str, *, parent: str | None = _KEEP, add: tuple[str, ...] = (),
            remove: frozenset[str] = frozenset()) -> str:
    """A stored message with a new parent, or children added to or removed from its ``childrenIds``."""
    message = _decode(document)
    if parent is not _KEEP:
        message["parentId"] = parent
    message["childrenIds"] = [c for c in message["childrenIds"] if c not in remove] + list(add)
    return _encode(message).decode()


def with_fields(document: str, **fields: Any) -> str:
    """A stored message with some of its fields replaced (a reply's content, ``done``, ``usage``)."""
    return _encode({**_decode(document), **fields}).decode()


def without(document: str, name: str) -> str:
    """A stored message without one of its fields."""
    message = _decode(document)
    message.pop(name, None)
    return _encode(message).decode()


def with_items_at(document: str, field: str, places: list[int], items: list[Any]) -> str:
    """A stored message with ``items`` at ``places`` of its list ``field``: one person's of a
    message that quotes several (their events come one after the other, in one commit)."""
    message = _decode(document)
    message[field] = items_at(message.get(field), places, items)
    return _encode(message).decode()


def field_of(document: str, name: str) -> Any:
    return _decode(document).get(name)


def children_of(document: str) -> list[str]:
    return list(_decode(document)["childrenIds"])


def chat_document(chat: Any, messages: Iterable[tuple[str, str | None, str]], tags: list[str]) -> dict[str, Any]:
    """``messages``: ``(id, parent_id, document)`` rows. ``messages`` in the result is the branch
    the cursor is on, root first. Rows are unpacked, never read by attribute, and documents wrapped
    as they are: on a chat of thousands of messages that is most of the time a read takes."""
    history: dict[str, msgspec.Raw] = {}
    parents: dict[str, str | None] = {}
    for message_id, parent_id, document in messages:
        history[message_id] = msgspec.Raw(document)
        parents[message_id] = parent_id
    branch: list[msgspec.Raw] = []
    cursor = chat.current_message_id
    while cursor is not None and cursor in history:
        branch.append(history[cursor])
        cursor = parents[cursor]
    branch.reverse()
    properties = {k: v for k, v in chat.properties.items() if k != VARIABLES}
    return {
        **properties,
        "id": chat.id,
        "title": chat.title,
        "tags": tags,
        "history": {"messages": history, "currentId": chat.current_message_id},
        "messages": branch,
    }


def plain(document: dict[str, Any]) -> dict[str, Any]:
    """The same document with its pre-encoded parts decoded, for storing as JSON."""
    return _decode(_encode(document))
