"""Sharing a chat as the app does it: creating, sharing, saying who may read."""

from __future__ import annotations

from typing import Any

from tests.e2e.documents import conversation
from tests.e2e.people import Person

Json = dict[str, Any]


def everyone() -> list[Json]:
    return [{"principal_type": "user", "principal_id": "*", "permission": "read"}]


def anyone() -> list[Json]:
    return [{"principal_type": "anyone", "principal_id": "*", "permission": "read"}]


def person(someone: Person) -> list[Json]:
    return [{"principal_type": "user", "principal_id": someone.id, "permission": "read"}]


def create(owner: Person, body: Json | None = None) -> Json:
    response = owner.http.post("/api/v1/chats/new", json=body or conversation())
    response.raise_for_status()
    return response.json()


def share(owner: Person, chat_id: str) -> str:
    response = owner.http.post(f"/api/v1/chats/{chat_id}/share")
    response.raise_for_status()
    return response.json()["share_id"]


def grant(owner: Person, chat_id: str, grants: list[Json]) -> Any:
    """``POST .../access/update`` as the share dialog sends it."""
    return owner.http.post(f"/api/v1/chats/shared/{chat_id}/access/update",
                           json={"access_grants": grants, "share_mode": None})


def shared_with(owner: Person, grants: list[Json], body: Json | None = None) -> tuple[str, str]:
    """A new chat of ``owner``'s, shared with ``grants``: its id and its link's."""
    chat_id = create(owner, body)["id"]
    share_id = share(owner, chat_id)
    grant(owner, chat_id, grants).raise_for_status()
    return chat_id, share_id
