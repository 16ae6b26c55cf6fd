"""Reassembles the chat document the SPA expects from the rows the projector keeps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

VARIABLES = "$variables"
"""A chat's variables (Open WebUI's ChatForm.variables) are kept as a property beside the document."""


def message_document(row: Any, children: list[str]) -> dict[str, Any]:
    message = dict(row.extra)
    message.update(id=row.id, parentId=row.parent_id, childrenIds=children, role=row.role,
                   content=row.content)
    if row.model is not None:
        message["model"] = row.model
    return message


def chat_document(chat: Any, messages: Iterable[Any], tags: list[str]) -> dict[str, Any]:
    """``messages`` in append order. ``messages`` in the result is the branch the cursor is on."""
    rows = list(messages)
    children: dict[str | None, list[str]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row.id)
    history = {row.id: message_document(row, children.get(row.id, [])) for row in rows}
    branch: list[dict[str, Any]] = []
    cursor = chat.current_message_id
    while cursor is not None and cursor in history:
        branch.append(history[cursor])
        cursor = history[cursor]["parentId"]
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
