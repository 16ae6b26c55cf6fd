"""What a client sends is kept as it was sent, even a JSON object shaped like the log's own encoding
of a type (``{"_type_": ..., "_data_": ...}``): it reads back as that object, never as a date or a
UUID, and never makes the chat, its events or its views unreadable."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.documents import form, message
from tests.e2e.people import Person

SHAPES = {
    "a registered type": {"_type_": "uuid_hex", "_data_": uuid.uuid4().hex},
    "an unknown type": {"_type_": "no such type", "_data_": [1, 2]},
    "the log's own escape": {"_type_": "dict", "_data_": [["a", 1]]},
    "a type among other keys": {"_type_": "datetime_iso", "_data_": "2026-01-01T00:00:00", "more": True},
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_a_value_shaped_like_an_encoded_type_is_kept_as_sent(member: Person, admin: Person,
                                                             shape: dict[str, Any]) -> None:
    body = form("Typed", message("q1", "hello", meta={"nested": [shape]}), params={"odd": shape})
    made = member.http.post("/api/v1/chats/new", json=body)
    assert made.status_code == 200, made.text
    chat_id = made.json()["id"]
    again = {**body["chat"], "history": {**body["chat"]["history"]}}
    again["history"]["messages"] = {**again["history"]["messages"],
                                    "a1": message("a1", "hi", "q1", "assistant", model="m", info=shape)}
    again["history"]["currentId"] = "a1"
    saved = member.http.post(f"/api/v1/chats/{chat_id}", json={"chat": again})  # the chat loads to take it
    assert saved.status_code == 200, saved.text
    document = member.http.get(f"/api/v1/chats/{chat_id}").json()["chat"]
    messages = document["history"]["messages"]
    assert document["params"] == {"odd": shape}
    assert messages["q1"]["meta"] == {"nested": [shape]} and messages["a1"]["info"] == shape
    events = admin.http.get(f"/api/v1/events/aggregates/{chat_id}")
    assert events.status_code == 200, events.text
