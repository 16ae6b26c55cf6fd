"""An admin's reads of other people's data are in the audit trail, about those people."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.test_audit_trail import entries


@pytest.fixture
def someone(open_policy: InProcessServer, open_admin: Person) -> Person:
    return people.member(open_policy, open_admin, "someone")


def test_an_admins_read_of_someones_chats_is_recorded_about_them(open_admin: Person, someone: Person):
    someone.http.post("/api/v1/chats/new", json={"chat": {"title": "private"}}).raise_for_status()
    listed = open_admin.http.get(f"/api/v1/chats/list/user/{someone.id}")
    assert [c["title"] for c in listed.json()] == ["private"]
    read = entries(open_admin, person=someone.id, type="Disclosure.Recorded")
    assert [(e["actor_id"], e["subjects"], e["detail"]["path"]) for e in read] == [
        (open_admin.id, [someone.id], f"/api/v1/chats/list/user/{someone.id}")]


def test_a_chat_opened_from_the_admin_panel_is_shown_and_recorded_about_its_owner(open_admin: Person,
                                                                                 someone: Person):
    chat = someone.http.post("/api/v1/chats/new", json={"chat": {"title": "opened"}}).json()
    opened = open_admin.http.get(f"/api/v1/chats/share/{chat['id']}")  # the SPA's /s/{id}
    assert (opened.status_code, opened.json()["title"]) == (200, "opened")
    read = entries(open_admin, person=someone.id, type="Disclosure.Recorded")
    assert [(e["actor_id"], e["detail"]["resource"]) for e in read] == [(open_admin.id, f"chat {chat['id']}")]


def test_a_member_cannot_open_someones_chat_as_a_share(open_policy: InProcessServer, open_admin: Person,
                                                       someone: Person):
    chat = someone.http.post("/api/v1/chats/new", json={"chat": {"title": "mine"}}).json()
    other = people.member(open_policy, open_admin, "other")
    assert other.http.get(f"/api/v1/chats/share/{chat['id']}").status_code == 401


def test_an_admins_read_of_the_event_log_is_recorded_about_whose_events_it_showed(open_admin: Person,
                                                                                  someone: Person):
    someone.http.post("/api/v1/chats/new", json={"chat": {"title": "logged"}}).raise_for_status()
    open_admin.http.get("/api/v1/events", params={"context": "chats", "user_id": someone.id}).raise_for_status()
    read = entries(open_admin, person=someone.id, type="Disclosure.Recorded")
    assert [(e["actor_id"], e["detail"]["resource"]) for e in read] == [(open_admin.id, "events")]


def test_without_the_policy_an_admin_may_not_list_someones_chats(admin: Person, member: Person):
    assert admin.http.get(f"/api/v1/chats/list/user/{member.id}").status_code == 401
    assert entries(admin, person=member.id, type="Disclosure.Recorded") == []
