"""``?as_of=`` answers every field the resource's events carry, as the endpoint answers them now:
message texts, a preset's name and params, a folder's data, a rating's data, a person's picture."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.documents import conversation, form, message
from tests.e2e.people import Person
from tests.e2e.ratings import chat_with_replies, feedback, rate
from tests.http.app import InProcessServer
from tests.http.test_point_in_time import as_of, position
from tests.waiting import wait_for

QUESTION = message("q1", "What is an event log?")
ANSWER = message("a1", "An append-only record of facts.", "q1", "assistant", model="llama3")


@pytest.fixture
def chat(member: Person) -> str:
    response = member.http.post("/api/v1/chats/new", json=conversation("Before"))
    response.raise_for_status()
    return str(response.json()["id"])


def test_a_chat_as_of_before_an_edit_has_the_old_text_role_and_model(server: InProcessServer, member: Person,
                                                                     chat: str):
    then = position(server, "Chats")
    edited = message("a1", "Edited.", "q1", "assistant", model="mistral")
    member.http.post(f"/api/v1/chats/{chat}", json=form("Before", QUESTION, edited)).raise_for_status()
    was = as_of(member, f"/api/v1/chats/{chat}", then).json()["chat"]
    old = was["history"]["messages"]["a1"]
    assert (old["content"], old["role"], old["model"]) == ("An append-only record of facts.", "assistant", "llama3")
    assert [m["content"] for m in was["messages"]] == ["What is an event log?", "An append-only record of facts."]


def test_a_chat_as_of_before_a_message_was_appended_lacks_it(server: InProcessServer, member: Person, chat: str):
    then = position(server, "Chats")
    follow_up = message("q2", "And a projection?", "a1")
    member.http.post(f"/api/v1/chats/{chat}", json=form("Before", QUESTION, ANSWER, follow_up)).raise_for_status()
    was = as_of(member, f"/api/v1/chats/{chat}", then).json()
    assert set(was["chat"]["history"]["messages"]) == {"q1", "a1"}
    assert was["chat"]["history"]["messages"]["a1"]["childrenIds"] == []
    assert was["current_message_id"] == "a1"


def test_a_chat_as_of_now_is_the_chat_as_it_is(server: InProcessServer, member: Person, chat: str):
    member.http.post(f"/api/v1/chats/{chat}/pin").raise_for_status()
    assert as_of(member, f"/api/v1/chats/{chat}", position(server, "Chats")).json() == \
        member.http.get(f"/api/v1/chats/{chat}").json()


def test_a_preset_as_it_was_has_its_old_name_and_params(server: InProcessServer, admin: Person):
    model_id = f"pit-name-{position(server, 'Models')}"
    admin.http.post("/api/v1/models/create", json={"id": model_id, "name": "Old", "meta": {"description": "old"},
                                                   "params": {"temperature": 0.5}}).raise_for_status()
    then = position(server, "Models")
    admin.http.post("/api/v1/models/model/update", json={"id": model_id, "name": "New", "meta": {},
                                                         "params": {"temperature": 0.9}}).raise_for_status()
    was = as_of(admin, "/api/v1/models/model", then, id=model_id).json()
    assert (was["name"], was["params"], was["meta"]["description"]) == ("Old", {"temperature": 0.5}, "old")


def test_a_folder_as_it_was_has_its_old_data(server: InProcessServer, member: Person):
    folder = member.http.post("/api/v1/folders/", json={"name": "F", "data": {"system_prompt": "old"}}).json()["id"]
    then = position(server, "Chats")
    member.http.post(f"/api/v1/folders/{folder}/update", json={"data": {"system_prompt": "new"}}).raise_for_status()
    assert as_of(member, f"/api/v1/folders/{folder}", then).json()["data"]["system_prompt"] == "old"


def test_a_rating_as_it_was_has_its_old_data(server: InProcessServer, member: Person):
    chat_id, replies = chat_with_replies(member, "m1")
    rating = rate(member, feedback(chat_id, replies[0], "m1", 1, reason="good")).json()["id"]
    then = position(server, "Evaluations")
    member.http.post(f"/api/v1/evaluations/feedback/{rating}",
                     json=feedback(chat_id, replies[0], "m1", -1, reason="bad")).raise_for_status()
    was = as_of(member, f"/api/v1/evaluations/feedback/{rating}", then).json()
    assert (was["type"], was["data"]["rating"], was["data"]["reason"]) == ("rating", 1, "good")


def test_an_account_as_it_was_has_its_old_name_and_picture(server: InProcessServer, admin: Person, member: Person):
    picture = "data:image/png;base64,AAAA"
    _update(admin, member, name="Old", profile_image_url=picture)
    then = position(server, "Identity")
    _update(admin, member, name="New", profile_image_url="")
    was = as_of(admin, f"/api/v1/users/{member.id}", then).json()
    assert (was["name"], was["profile_image_url"]) == ("Old", picture)


def test_a_forgotten_persons_past_texts_read_erased(server: InProcessServer, admin: Person):
    person = people.member(server, admin, "forgotten")
    chat_id, replies = chat_with_replies(person, "m1")
    rating = rate(person, feedback(chat_id, replies[0], "m1", 1, reason="secret")).json()["id"]
    then = position(server, "Evaluations")
    answer = admin.http.post(f"/api/v1/users/{person.id}/forget")
    assert answer.status_code == 202, answer.text
    wait_for(lambda: admin.http.get(answer.json()["monitor"]).json()["done"], timeout=30, what="the forgetting")
    was = as_of(admin, f"/api/v1/evaluations/feedback/{rating}", then).json()
    assert (was["data"]["reason"], was["data"]["rating"]) == ("[erased]", 1)


def _update(admin: Person, member: Person, **changes: str) -> None:
    admin.http.post(f"/api/v1/users/{member.id}/update", json={
        "role": "user", "email": member.email, **changes}).raise_for_status()


def test_after_its_deletion_a_folder_is_not_found_saying_so(server: InProcessServer, member: Person):
    folder = member.http.post("/api/v1/folders/", json={"name": "Doomed"}).json()["id"]
    people.delete(member.http, f"/api/v1/folders/{folder}", {}).raise_for_status()
    answer = as_of(member, f"/api/v1/folders/{folder}", position(server, "Chats"))
    assert answer.status_code == 404 and "had been deleted" in answer.json()["detail"]
