"""``?as_of=`` on a resource's own endpoint: the resource as it was at a log position or a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.documents import conversation
from tests.e2e.people import Person
from tests.e2e.ratings import chat_with_replies, feedback, rate
from tests.http.app import InProcessServer
from tests.waiting import wait_for


def position(server: InProcessServer, context: str) -> int:
    return int(server.container.contexts[context].position)


def as_of(person: Person, path: str, when: Any, **params: Any) -> Any:
    point = when.isoformat() if isinstance(when, datetime) else when
    return person.http.get(path, params={"as_of": point, **params})


def renamed(person: Person, chat_id: str, title: str) -> None:
    person.http.post(f"/api/v1/chats/{chat_id}", json=conversation(title)).raise_for_status()


@pytest.fixture
def chat(member: Person) -> str:
    response = member.http.post("/api/v1/chats/new", json=conversation("Before"))
    response.raise_for_status()
    return str(response.json()["id"])


def disclosures(admin: Person) -> list[dict[str, Any]]:
    return admin.http.get("/api/v1/events", params={"context": "audit", "type": "Disclosure.Recorded",
                                                     "limit": 1000}).json()["events"]


def test_a_chat_as_of_a_position_has_the_title_it_had_then(server: InProcessServer, member: Person, chat: str):
    then = position(server, "Chats")
    renamed(member, chat, "After")
    past = as_of(member, f"/api/v1/chats/{chat}", then).json()
    assert (past["title"], past["chat"]["title"], past["user_id"]) == ("Before", "Before", member.id)
    assert past["chat"]["history"]["currentId"] == "a1"
    assert [m["id"] for m in past["chat"]["messages"]] == ["q1", "a1"]
    assert member.http.get(f"/api/v1/chats/{chat}").json()["title"] == "After"


def test_a_chat_as_of_a_time_has_the_title_it_had_then(member: Person, chat: str):
    then = datetime.now(UTC)
    renamed(member, chat, "After")
    assert as_of(member, f"/api/v1/chats/{chat}", then).json()["title"] == "Before"
    naive = then.replace(tzinfo=None).isoformat()  # no zone: UTC
    assert as_of(member, f"/api/v1/chats/{chat}", naive).json()["title"] == "Before"


def test_before_the_chat_was_created_it_is_not_found_saying_so(server: InProcessServer, member: Person):
    before = position(server, "Chats")
    chat_id = member.http.post("/api/v1/chats/new", json=conversation()).json()["id"]
    answer = as_of(member, f"/api/v1/chats/{chat_id}", before)
    assert answer.status_code == 404 and "did not exist yet" in answer.json()["detail"]


@pytest.mark.parametrize("point", ["yesterday", "2026-13-01T00:00:00", "-1"])
def test_a_point_that_is_neither_a_time_nor_a_position_is_refused(member: Person, chat: str, point: str):
    answer = as_of(member, f"/api/v1/chats/{chat}", point)
    assert answer.status_code == 400 and "as_of" in answer.json()["detail"]


def test_a_point_past_the_log_is_refused(server: InProcessServer, member: Person, chat: str):
    for point in (position(server, "Chats") + 1000, datetime.now(UTC) + timedelta(days=1)):
        answer = as_of(member, f"/api/v1/chats/{chat}", point)
        assert answer.status_code == 400 and "has not got there yet" in answer.json()["detail"]


def test_another_members_past_chat_does_not_exist_for_them(server: InProcessServer, admin: Person,
                                                          member: Person, chat: str):
    other = people.member(server, admin, "other")
    assert as_of(other, f"/api/v1/chats/{chat}", position(server, "Chats")).status_code == 404
    assert as_of(admin, f"/api/v1/chats/{chat}", position(server, "Chats")).status_code == 404  # content policy off


def test_an_unknown_chat_is_not_found(member: Person):
    assert as_of(member, "/api/v1/chats/not-a-chat", 0).status_code == 404


def test_an_admin_reading_a_persons_past_account_is_recorded(server: InProcessServer, admin: Person,
                                                             member: Person):
    then = position(server, "Identity")
    admin.http.post(f"/api/v1/users/{member.id}/update", json={
        "role": "user", "name": "Renamed", "email": member.email, "profile_image_url": ""}).raise_for_status()
    past = as_of(admin, f"/api/v1/users/{member.id}", then).json()
    assert (past["id"], past["name"], past["email"]) == (member.id, "member", member.email)
    disclosure = disclosures(admin)[-1]
    assert (disclosure["user_id"], disclosure["data"]["owners"]) == (admin.id, [member.id])
    assert disclosure["data"]["path"] == f"/api/v1/users/{member.id}"


def test_a_deleted_account_is_read_as_it_was_by_an_admin_its_texts_erased(server: InProcessServer, admin: Person):
    gone = people.member(server, admin, "gone")
    then = datetime.now(UTC)
    people.delete_person(admin, gone.id)
    assert admin.http.get(f"/api/v1/users/{gone.id}").status_code == 404
    erased = f"/api/v1/events/reactions/erasure_identity?position={position(server, 'Identity')}"
    wait_for(lambda: admin.http.get(erased).json()["done"], timeout=30, what="the account's key to be destroyed")
    was = as_of(admin, f"/api/v1/users/{gone.id}", then).json()
    assert (was["id"], was["role"], was["email"]) == (gone.id, "user", "[erased]")  # deleted: its key is gone


def test_a_folder_as_it_was(server: InProcessServer, member: Person):
    folder = member.http.post("/api/v1/folders/", json={"name": "Old name"}).json()["id"]
    then = position(server, "Chats")
    member.http.post(f"/api/v1/folders/{folder}/update", json={"name": "New name"}).raise_for_status()
    assert as_of(member, f"/api/v1/folders/{folder}", then).json()["name"] == "Old name"


def test_a_ratings_past_is_its_raters_and_an_admins_read_is_recorded(server: InProcessServer, admin: Person,
                                                                      member: Person):
    chat_id, replies = chat_with_replies(member, "m1")
    rating = rate(member, feedback(chat_id, replies[0], "m1", 1)).json()["id"]
    then = position(server, "Evaluations")
    past = as_of(member, f"/api/v1/evaluations/feedback/{rating}", then).json()
    assert (past["id"], past["user_id"], past["meta"]["chat_id"]) == (rating, member.id, chat_id)
    other = people.member(server, admin, "rater2")
    assert as_of(other, f"/api/v1/evaluations/feedback/{rating}", then).status_code == 404
    assert as_of(admin, f"/api/v1/evaluations/feedback/{rating}", then).status_code == 200
    assert disclosures(admin)[-1]["data"]["owners"] == [member.id]


def test_a_model_preset_as_it_was(server: InProcessServer, admin: Person):
    model_id = f"pit-{position(server, 'Models')}"
    admin.http.post("/api/v1/models/create", json={"id": model_id, "name": "Pit", "meta": {}, "params": {}}
                    ).raise_for_status()
    then = position(server, "Models")
    admin.http.post("/api/v1/models/model/toggle", params={"id": model_id}).raise_for_status()
    past = as_of(admin, "/api/v1/models/model", then, id=model_id).json()
    assert (past["id"], past["is_active"]) == (model_id, True)
    assert admin.http.get("/api/v1/models/model", params={"id": model_id}).json()["is_active"] is False


def test_the_connections_as_they_were(server: InProcessServer, admin: Person):
    urls = ["http://127.0.0.1:9/v1"]
    admin.http.post("/openai/config/update", json={"OPENAI_API_BASE_URLS": urls, "OPENAI_API_KEYS": [""],
                                                   "OPENAI_API_CONFIGS": {}}).raise_for_status()
    then = position(server, "Models")
    admin.http.post("/openai/config/update", json={"OPENAI_API_BASE_URLS": [], "OPENAI_API_KEYS": [],
                                                   "OPENAI_API_CONFIGS": {}}).raise_for_status()
    assert as_of(admin, "/openai/config", then).json()["OPENAI_API_BASE_URLS"] == urls
    assert as_of(admin, "/api/v1/configs/connections", then).json()["ENABLE_DIRECT_CONNECTIONS"] is False
