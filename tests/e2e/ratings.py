"""Rating replies as Open WebUI 0.12.4's app does: the feedback body its thumbs buttons send."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.e2e.documents import form, message
from tests.e2e.people import Person


def chat_with_replies(person: Person, *models: str) -> tuple[str, list[str]]:
    """A question answered by each of ``models`` (sibling replies, as when several models answer)."""
    question = message("q1", "Which is better?")
    replies = [message(f"a{n}", f"answer {n}", "q1", "assistant", model=model) for n, model in enumerate(models)]
    response = person.http.post("/api/v1/chats/new", json=form("Compare", question, *replies))
    response.raise_for_status()
    return response.json()["id"], [reply["id"] for reply in replies]


def feedback(chat_id: str, message_id: str, model: str, rating: int, *siblings: str, **data: Any) -> dict[str, Any]:
    body = {"rating": rating, "model_id": model, **({"sibling_model_ids": list(siblings)} if siblings else {}), **data}
    return {"type": "rating", "data": body,
            "meta": {"arena": False, "model_id": model, "message_id": message_id, "message_index": 2,
                     "chat_id": chat_id, "base_models": {model: None}},
            "snapshot": {"chat": {"id": chat_id, "chat": {"history": {"messages": {}}}}}}


def rate(person: Person, body: dict[str, Any]) -> httpx.Response:
    return person.http.post("/api/v1/evaluations/feedback", json=body)


def rated(person: Person, model: str, rating: int, *siblings: str) -> dict[str, Any]:
    """A new chat whose reply by ``model`` (beside replies by ``siblings``) is rated."""
    chat_id, replies = chat_with_replies(person, model, *siblings)
    response = rate(person, feedback(chat_id, replies[0], model, rating, *siblings))
    response.raise_for_status()
    return response.json()


def unique_model(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"
