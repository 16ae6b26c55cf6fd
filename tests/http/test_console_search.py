"""The console's free-text search: words of an event's type, ids and public fields (a refusal's
kind and status, a message's id), never what a person wrote; kept in the URL of the next page."""

from __future__ import annotations

import re

from tests.e2e.people import Person

NEW_CHAT = {"chat": {"title": "unmistakable walrus", "history": {"messages": {}, "currentId": None}}}


def _positions(page: str, context: str) -> list[int]:
    return [int(p) for p in re.findall(rf'href="/console/events/{context}/(\d+)"', page)]


def test_a_refusal_is_found_by_its_kind_and_status(admin: Person, member: Person):
    member.http.get("/console/health")  # refused, and recorded
    page = admin.http.get("/console/events", params={"context": "audit", "text": "permission 403",
                                                     "user_id": member.id}).text
    assert "Refusal.Recorded" in page and _positions(page, "audit")


def test_words_of_a_type_find_its_events(admin: Person, member: Person):
    chat = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
    page = admin.http.get("/console/events", params={"text": f"created {chat['id']}"}).text
    assert f'href="/console/aggregates/{chat["id"]}"' in page and "Chat.Created" in page


def test_what_a_person_wrote_is_never_found(admin: Person, member: Person):
    member.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()
    page = admin.http.get("/console/events", params={"text": "walrus"}).text
    assert _positions(page, "chats") == []


def test_the_text_is_kept_in_the_next_pages_link(admin: Person, member: Person):
    for _ in range(51):
        member.http.post("/api/v1/chats/new", json=NEW_CHAT).raise_for_status()
    first = admin.http.get("/console/events", params={"text": "chat.created", "user_id": member.id}).text
    following = re.search(r'href="(/console/events\?[^"]+)" rel="next"', first)
    assert following and "text=chat.created" in following[1].replace("&amp;", "&")


def test_the_events_api_takes_the_same_text(admin: Person, member: Person):
    chat = member.http.post("/api/v1/chats/new", json=NEW_CHAT).json()
    found = admin.http.get("/api/v1/events", params={"text": chat["id"]}).json()["events"]
    assert found and {e["aggregate_id"] for e in found} == {chat["id"]}
