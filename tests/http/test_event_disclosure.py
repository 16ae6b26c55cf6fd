"""Admins' reads of other people's content in the event API follow the content policy
(ENABLE_ADMIN_CHAT_ACCESS, off by default), and each read it allows is recorded."""

from __future__ import annotations

from typing import Any

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.http.app import InProcessServer


def created(admin: Person, chat_id: str) -> dict[str, Any]:
    response = admin.http.get("/api/v1/events", params={"context": "chats", "aggregate_id": chat_id})
    response.raise_for_status()
    return response.json()["events"][0]


def new_chat(person: Person) -> str:
    response = person.http.post("/api/v1/chats/new", json=conversation())
    response.raise_for_status()
    return response.json()["id"]


def disclosures(admin: Person) -> list[dict[str, Any]]:
    events = admin.http.get("/api/v1/events", params={"context": "audit", "type": "Disclosure.Recorded"})
    return events.json()["events"]


def test_by_default_others_content_is_redacted_and_the_structure_kept(admin: Person, member: Person):
    event = created(admin, new_chat(member))
    assert event["data"]["title"] == "[redacted]"
    assert (event["data"]["owner_id"], event["user_id"]) == (member.id, member.id)


def test_a_members_profile_is_redacted_too(admin: Person, member: Person):
    response = admin.http.get(f"/api/v1/events/aggregates/{member.id}").json()
    registered = next(e for e in response["events"] if e["type"] == "User.Registered")
    assert registered["data"]["email"] == registered["data"]["name"] == "[redacted]"
    assert registered["data"]["role"] == "user"


def test_an_admins_own_content_is_not_redacted_for_them(admin: Person):
    assert created(admin, new_chat(admin))["data"]["title"] == "A conversation"


def test_a_redacted_read_is_not_a_disclosure(admin: Person, member: Person):
    before = len(disclosures(admin))
    created(admin, new_chat(member))
    assert len(disclosures(admin)) == before


def test_with_the_policy_on_content_is_shown_and_the_read_recorded(open_policy: InProcessServer,
                                                                   open_admin: Person):
    member = people.member(open_policy, open_admin, "member")
    event = created(open_admin, new_chat(member))
    assert event["data"]["title"] == "A conversation"
    disclosure = disclosures(open_admin)[-1]
    assert (disclosure["user_id"], disclosure["data"]["owners"]) == (open_admin.id, [member.id])
    assert disclosure["data"]["path"] == "/api/v1/events"


def test_the_app_is_told_the_policy(admin: Person, open_admin: Person):
    assert admin.http.get("/api/config").json()["features"]["enable_admin_chat_access"] is False
    assert open_admin.http.get("/api/config").json()["features"]["enable_admin_chat_access"] is True
