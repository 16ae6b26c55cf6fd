"""What the chat menus and Settings > Data Controls ask of a person's chats at once, or of one."""

from __future__ import annotations

import msgspec
import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.chats import create, get, listed


@pytest.fixture
def person(server: InProcessServer, admin: Person) -> Person:
    """Someone with no chats yet, for tests that act on all of a person's chats."""
    return people.member(server, admin, "bulk")


def test_a_chats_menu_learns_whether_it_is_pinned(member: Person) -> None:
    chat = create(member)
    assert get(member, f"/api/v1/chats/{chat['id']}/pinned") is False
    member.http.post(f"/api/v1/chats/{chat['id']}/pin").raise_for_status()
    assert get(member, f"/api/v1/chats/{chat['id']}/pinned") is True


def test_someone_elses_chat_has_no_pinned_status(member: Person, admin: Person) -> None:
    assert member.http.get(f"/api/v1/chats/{create(admin)['id']}/pinned").status_code == 404


def test_chats_by_tag_are_the_persons_own_with_that_tag(person: Person, admin: Person) -> None:
    tagged, theirs = create(person), create(admin)
    create(person)  # untagged
    for owner, chat in ((person, tagged), (admin, theirs)):
        owner.http.post(f"/api/v1/chats/{chat['id']}/tags", json={"name": "Work Stuff"}).raise_for_status()
    found = person.http.post("/api/v1/chats/tags", json={"name": "work stuff"}).json()
    assert [c["id"] for c in found] == [tagged["id"]]
    assert {"id", "title", "updated_at", "created_at", "last_read_at", "archived"} <= found[0].keys()


def test_archiving_all_chats_archives_every_one_and_unarchiving_brings_them_back(person: Person) -> None:
    chats = {create(person)["id"] for _ in range(3)}
    assert person.http.post("/api/v1/chats/archive/all").json() is True
    assert listed(person) == [] and set(listed(person, "/api/v1/chats/archived")) == chats
    assert person.http.post("/api/v1/chats/unarchive/all").json() is True
    assert set(listed(person)) == chats


def test_archiving_all_again_changes_nothing(person: Person) -> None:
    create(person)
    person.http.post("/api/v1/chats/archive/all").raise_for_status()
    assert person.http.post("/api/v1/chats/archive/all").json() is True
    assert get(person, "/api/v1/chats/archived/count") == 1


def test_deleting_all_chats_deletes_archived_ones_too_and_no_one_elses(person: Person, admin: Person) -> None:
    mine, theirs = create(person), create(admin)
    person.http.post(f"/api/v1/chats/{mine['id']}/archive").raise_for_status()
    create(person)
    assert person.http.delete("/api/v1/chats/").json() is True
    assert listed(person) == [] and get(person, "/api/v1/chats/archived/count") == 0
    assert get(admin, f"/api/v1/chats/{theirs['id']}")["id"] == theirs["id"]


def test_the_export_streams_every_chat_as_one_json_line_each(person: Person) -> None:
    first, second = create(person), create(person)
    person.http.post(f"/api/v1/chats/{first['id']}/archive").raise_for_status()
    response = person.http.get("/api/v1/chats/all")
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [msgspec.json.decode(line) for line in response.text.splitlines()]
    assert {c["id"] for c in lines} == {first["id"], second["id"]}
    assert lines[0]["chat"]["history"]["messages"]["q1"]["content"] == "What is an event log?"


def test_the_archived_chats_export_holds_whole_archived_chats_only(person: Person) -> None:
    archived, _ = create(person), create(person)
    person.http.post(f"/api/v1/chats/{archived['id']}/archive").raise_for_status()
    exported = get(person, "/api/v1/chats/all/archived")
    assert [c["id"] for c in exported] == [archived["id"]] and "history" in exported[0]["chat"]


def test_the_export_of_everyones_chats_is_refused_while_admins_may_not_read_them(admin: Person,
                                                                                 member: Person) -> None:
    assert admin.http.get("/api/v1/chats/all/db").status_code == 401
    assert member.http.get("/api/v1/chats/all/db").status_code == 401


def test_a_chats_parameters_are_merged_with_what_it_had(member: Person) -> None:
    chat = create(member)
    member.http.patch(f"/api/v1/chats/{chat['id']}/params", json={"temperature": 0.5}).raise_for_status()
    merged = member.http.patch(f"/api/v1/chats/{chat['id']}/params", json={"system": "Be brief."}).json()
    assert merged == {"temperature": 0.5, "system": "Be brief."}
    assert get(member, f"/api/v1/chats/{chat['id']}")["chat"]["params"] == merged


def test_someone_elses_chats_parameters_cannot_be_changed(member: Person, admin: Person) -> None:
    chat = create(admin)
    assert member.http.patch(f"/api/v1/chats/{chat['id']}/params", json={"seed": 1}).status_code == 404
