"""The SPA's side of a chat turn, as Open WebUI 0.12.4's app sends it and hears the reply."""

from __future__ import annotations

import uuid
from typing import Any

from tests.e2e.people import Person
from tests.e2e.sockets import Tab

Event = dict[str, Any]


def turn_body(tab: Tab, text: str, *, model: str = "echo", chat_id: str | None = None,
              parent_id: str | None = None, first: bool = True, **more: Any) -> dict[str, Any]:
    """The request body the app sends for a new message (``chat_id`` None: a new chat)."""
    user_message_id, reply_id = str(uuid.uuid4()), str(uuid.uuid4())
    body: dict[str, Any] = {
        "stream": True, "model": model, "params": {"model_controls": {}}, "tool_ids": [], "tool_servers": [],
        "features": {"voice": False, "image_generation": False, "code_interpreter": False, "web_search": False},
        "variables": {"{{USER_NAME}}": "Ada"}, "model_item": {"id": model}, "session_id": tab.client.get_sid(),
        "id": reply_id, "message_ids": [{"model_id": model, "message_id": reply_id, "modelIdx": 0}],
        "parent_id": parent_id,
        "user_message": {"id": user_message_id, "parentId": parent_id, "childrenIds": [], "role": "user",
                         "content": text, "timestamp": 1, "models": [model]},
        "background_tasks": {"title_generation": True, "tags_generation": True, "follow_up_generation": True}
        if first else {"follow_up_generation": True},
    }
    if chat_id is not None:
        body["chat_id"] = chat_id
    return {**body, **more}


def send(person: Person, body: dict[str, Any]) -> dict[str, Any]:
    response = person.http.post("/api/chat/completions", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def of_type(kind: str, message_id: str | None = None):
    def matches(event: Event) -> bool:
        return event["data"]["type"] == kind and (message_id is None or event.get("message_id") == message_id)
    return matches


def until_inactive(tab: Tab, chat_id: str) -> list[Event]:
    """The chat's events up to ``chat:active`` false: the turn, and all that followed it, is over."""
    def done(event: Event) -> bool:
        return (event.get("chat_id") == chat_id and event["data"]["type"] == "chat:active"
                and not event["data"]["data"]["active"])
    return [e for e in tab.until(done) if e.get("chat_id") == chat_id]


def streamed_text(events: list[Event], reply_id: str) -> str:
    return "".join(e["data"]["data"]["delta"] for e in events
                   if e.get("message_id") == reply_id and e["data"]["type"] == "response:completion")


def kinds(events: list[Event]) -> list[str]:
    return [e["data"]["type"] for e in events]


def message(person: Person, chat_id: str, message_id: str) -> dict[str, Any]:
    chat = person.http.get(f"/api/v1/chats/{chat_id}").json()
    return chat["chat"]["history"]["messages"][message_id]
