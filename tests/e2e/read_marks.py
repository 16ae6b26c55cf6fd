"""Chats, folders and read marks as the SPA makes and reads them, for the read-state tests over HTTP
(tests/http/test_chat_read_state.py) and over the socket (tests/e2e/test_chat_read_state.py)."""

from __future__ import annotations

from typing import Any

from tests.e2e.documents import form, message
from tests.e2e.people import Person


def new_chat(person: Person, folder_id: str | None = None) -> str:
    body = {**form("Unread?", message("q1", "Anything new?")), "folder_id": folder_id}
    response = person.http.post("/api/v1/chats/new", json=body)
    response.raise_for_status()
    return response.json()["id"]


def new_folder(person: Person, name: str, parent_id: str | None = None) -> str:
    response = person.http.post("/api/v1/folders/", json={"name": name, "parent_id": parent_id})
    response.raise_for_status()
    return response.json()["id"]


def news(person: Person, chat_id: str) -> None:
    """A new message in the chat, as the SPA saves one."""
    body = form("Unread?", message("q1", "Anything new?"), message("a1", "Yes.", "q1", "assistant"))
    person.http.post(f"/api/v1/chats/{chat_id}", json=body).raise_for_status()


def mark_unread(person: Person, chat_id: str) -> dict[str, Any]:
    response = person.http.post(f"/api/v1/chats/{chat_id}/unread")
    response.raise_for_status()
    return response.json()


def listed_chats(person: Person, path: str = "/api/v1/chats/", **params: Any) -> dict[str, dict[str, Any]]:
    response = person.http.get(path, params=params)
    response.raise_for_status()
    return {chat["id"]: chat for chat in response.json()}


def is_unread(chat: dict[str, Any]) -> bool:
    """The SPA's test."""
    return chat["last_read_at"] is None or chat["updated_at"] > chat["last_read_at"]


def unread_counts(person: Person) -> dict[str, int]:
    return {f["id"]: f["unread_count"] for f in person.http.get("/api/v1/folders/").json()}
