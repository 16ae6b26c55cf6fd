"""``GET /api/v1/events/aggregates/{id}?diff=true``: each event with the change it made to its aggregate."""

from __future__ import annotations

import pytest

from tests.e2e.documents import conversation, form, message
from tests.e2e.people import Person


@pytest.fixture
def chat(member: Person) -> str:
    response = member.http.post("/api/v1/chats/new", json=conversation("Before"))
    response.raise_for_status()
    return str(response.json()["id"])


def test_a_history_with_diffs_shows_a_rename_and_a_message_added(admin: Person):
    first = form("Before", message("q1", "hello"))
    chat_id = admin.http.post("/api/v1/chats/new", json=first).json()["id"]
    admin.http.post(f"/api/v1/chats/{chat_id}", json=form("After", message("q1", "hello"))).raise_for_status()
    admin.http.post(f"/api/v1/chats/{chat_id}", json=form(
        "After", message("q1", "hello"), message("a1", "hi", "q1", "assistant"))).raise_for_status()
    events = admin.http.get(f"/api/v1/events/aggregates/{chat_id}", params={"diff": "true"}).json()["events"]
    changes = {e["type"]: e["changes"] for e in events}
    assert changes["Chat.Renamed"] == {"title": {"before": "Before", "after": "After"}}
    appended = [e["changes"] for e in events if e["type"] == "Chat.MessageAppended"][-1]
    assert appended["parents"] == {"a1": {"after": "q1"}}
    assert appended["current_message_id"] == {"before": "q1", "after": "a1"}
    assert changes["Chat.Created"]["title"] == {"after": "Before"}


def test_a_members_changes_are_redacted_as_their_events_are(admin: Person, member: Person, chat: str):
    member.http.post(f"/api/v1/chats/{chat}", json=conversation("After")).raise_for_status()
    events = admin.http.get(f"/api/v1/events/aggregates/{chat}", params={"diff": "true"}).json()["events"]
    assert next(e for e in events if e["type"] == "Chat.Renamed")["changes"] == {"title": "[redacted]"}


def test_without_diff_the_history_carries_no_changes(admin: Person, chat: str):
    events = admin.http.get(f"/api/v1/events/aggregates/{chat}").json()["events"]
    assert events and all("changes" not in e for e in events)
