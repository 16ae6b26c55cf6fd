"""Chat documents shaped as Open WebUI's SPA sends them: a message tree under ``history``."""

from __future__ import annotations

from typing import Any

# Open WebUI 0.12.4, models/chats.py: ChatResponse and ChatTitleIdResponse.
CHAT_RESPONSE_FIELDS = {"id", "user_id", "title", "chat", "updated_at", "created_at", "share_id", "archived",
                        "pinned", "meta", "variables", "folder_id", "tasks", "summary", "current_message_id",
                        "context_usage"}
CHAT_TITLE_ID_FIELDS = {"id", "title", "updated_at", "created_at", "last_read_at", "snippet", "active",
                        "archived"}
TAG_FIELDS = {"id", "name", "user_id", "meta"}


def message(message_id: str, content: str, parent: str | None = None, role: str = "user",
            **extra: Any) -> dict[str, Any]:
    return {"id": message_id, "parentId": parent, "childrenIds": [], "role": role, "content": content, **extra}


def chat(title: str = "New Chat", *messages: dict[str, Any], **properties: Any) -> dict[str, Any]:
    """A whole chat: the messages in order, each child listed under its parent, the last one current."""
    tree = {m["id"]: {**m, "childrenIds": []} for m in messages}
    for m in tree.values():
        if m["parentId"] in tree:
            tree[m["parentId"]]["childrenIds"].append(m["id"])
    current = messages[-1]["id"] if messages else None
    return {"title": title, "history": {"messages": tree, "currentId": current},
            "messages": [tree[m["id"]] for m in messages], **properties}


def form(title: str = "New Chat", *messages: dict[str, Any], **properties: Any) -> dict[str, Any]:
    """Open WebUI's ChatForm around ``chat(...)``."""
    return {"chat": chat(title, *messages, **properties)}


def conversation(title: str = "A conversation") -> dict[str, Any]:
    """A question and its answer."""
    return form(title, message("q1", "What is an event log?"),
                message("a1", "An append-only record of facts.", "q1", "assistant", model="llama3"))
