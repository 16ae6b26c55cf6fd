"""/api/v1/memories/*: a person's memories kept, changed, queried by meaning (the real MiniLM) and
deleted; nobody else (another member, an admin, an API key of someone else's) ever reads them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.http.api_keys import new_key, with_key
from tests.http.app import InProcessServer
from tests.http.groups import set_defaults
from tests.http.workspaces import own_workspace
from tests.waiting import wait_for

server, admin = own_workspace("memories", {"ENABLE_API_KEYS": "true"})
MEMORIES = "/api/v1/memories"


def remember(person: Person, content: str) -> dict[str, Any]:
    response = person.http.post(f"{MEMORIES}/add", json={"content": content})
    assert response.status_code == 200, response.text
    return response.json()


def query(person: Person, content: str, k: int = 1) -> Any:
    return person.http.post(f"{MEMORIES}/query", json={"content": content, "k": k})


def recalled(person: Person, content: str, expected: list[str], k: int = 1) -> dict[str, Any]:
    """The answer to ``content`` once the index holds what ``expected`` needs (it is indexed after the add)."""
    answers: list[dict[str, Any]] = []

    def found() -> bool:
        answer = query(person, content, k)
        answers[:] = [answer.json()]
        return answer.status_code == 200 and answer.json()["documents"] == [expected]

    wait_for(found, timeout=60, what=f"{expected} to be recalled")
    return answers[0]


def test_a_memory_is_kept_listed_changed_and_deleted(member: Person) -> None:
    memory = remember(member, "I like my coffee black.")
    assert set(memory) == {"id", "user_id", "content", "created_at", "updated_at"}
    assert (memory["user_id"], memory["content"]) == (member.id, "I like my coffee black.")
    assert member.http.get(f"{MEMORIES}/").json() == [memory]
    changed = member.http.post(f"{MEMORIES}/{memory['id']}/update", json={"content": "I take my tea green."})
    assert changed.status_code == 200 and changed.json()["content"] == "I take my tea green."
    assert member.http.delete(f"{MEMORIES}/{memory['id']}").json() is True
    assert member.http.get(f"{MEMORIES}/").json() == []


def test_a_query_finds_the_nearest_memories_with_when_they_were_made(member: Person) -> None:
    cat = remember(member, "My cat is called Miso.")
    remember(member, "I work as a structural engineer.")
    answer = recalled(member, "What is the name of my pet?", ["My cat is called Miso."])
    assert answer["ids"] == [[cat["id"]]]
    assert answer["metadatas"] == [[{"created_at": cat["created_at"], "updated_at": cat["updated_at"]}]]
    assert 0 < answer["distances"][0][0] <= 1


def test_a_changed_memory_is_found_by_its_new_content_only(member: Person) -> None:
    memory = remember(member, "I live in Lisbon.")
    recalled(member, "Where do I live?", ["I live in Lisbon."])
    member.http.post(f"{MEMORIES}/{memory['id']}/update", json={"content": "I moved to Oslo."}).raise_for_status()
    recalled(member, "Where do I live?", ["I moved to Oslo."], k=5)


def test_a_query_without_memories_is_not_found(member: Person) -> None:
    answer = query(member, "Anything?")
    assert answer.status_code == 404 and answer.json()["detail"] == "No memories found for user"


def test_deleting_all_leaves_none_and_nothing_to_query(member: Person) -> None:
    for content in ("One thing.", "Another thing."):
        remember(member, content)
    assert member.http.delete(f"{MEMORIES}/delete/user").json() is True
    assert member.http.get(f"{MEMORIES}/").json() == [] and query(member, "thing").status_code == 404


def test_a_reset_indexes_every_memory_anew(member: Person) -> None:
    remember(member, "My favourite colour is teal.")
    recalled(member, "Which colour do I like?", ["My favourite colour is teal."])
    assert member.http.post(f"{MEMORIES}/reset").json() is True
    assert query(member, "Which colour do I like?").json()["documents"] == [["My favourite colour is teal."]]


def test_nobody_else_reads_queries_or_changes_anothers_memories(server: InProcessServer, admin: Person,
                                                                 member: Person) -> None:
    memory = remember(member, "My locker code is 4711.")
    recalled(member, "locker code", ["My locker code is 4711."])
    other = people.member(server, admin, "other")
    remember(other, "I play the cello.")
    admin_key = with_key(server, new_key(admin))
    for stranger in (other.http, admin.http, admin_key):
        listed = stranger.get(f"{MEMORIES}/").json()
        assert memory["id"] not in [m["id"] for m in listed]
        answer = stranger.post(f"{MEMORIES}/query", json={"content": "locker code", "k": 10})
        assert "My locker code is 4711." not in str(answer.json())
        assert stranger.post(f"{MEMORIES}/{memory['id']}/update", json={"content": "x"}).status_code == 404
        assert stranger.delete(f"{MEMORIES}/{memory['id']}").status_code == 404
    assert member.http.get(f"{MEMORIES}/").json() == [memory]


@pytest.mark.parametrize("body", [{"content": ""}, {"content": "   "}, {"content": "x" * 10_001}, {},
                                  {"content": "x", "user_id": "someone"}])
def test_a_memory_that_cannot_be_kept_is_refused(member: Person, body: dict[str, Any]) -> None:
    answer = member.http.post(f"{MEMORIES}/add", json=body)
    assert answer.status_code in (400, 422) and answer.json()["detail"]
    assert member.http.get(f"{MEMORIES}/").json() == []


@pytest.mark.parametrize("body", [{"content": "x", "k": 0}, {"content": "x", "k": 101}, {"k": 1}])
def test_a_query_that_cannot_be_answered_is_refused(member: Person, body: dict[str, Any]) -> None:
    remember(member, "Something.")
    assert member.http.post(f"{MEMORIES}/query", json=body).status_code in (400, 422)


@pytest.mark.parametrize("memory_id", ["not-an-id", "8a1f6c1e-0000-4000-8000-000000000000"])
def test_an_unknown_memory_is_not_found(member: Person, memory_id: str) -> None:
    assert member.http.post(f"{MEMORIES}/{memory_id}/update", json={"content": "x"}).status_code == 404
    assert member.http.delete(f"{MEMORIES}/{memory_id}").status_code == 404


def test_members_without_the_memories_permission_are_refused_and_admins_are_not(admin: Person,
                                                                                member: Person) -> None:
    set_defaults(admin, "features", memories=False)
    try:
        refused = member.http.post(f"{MEMORIES}/add", json={"content": "x"})
        assert refused.status_code == 403 and "features.memories" in refused.json()["detail"]
        assert member.http.get(f"{MEMORIES}/").status_code == 403
        assert admin.http.get(f"{MEMORIES}/").status_code == 200
    finally:
        set_defaults(admin, "features", memories=True)


def test_memories_switched_off_by_the_admin_are_not_found_for_anyone(admin: Person, member: Person) -> None:
    with people.auth_config(admin, ENABLE_MEMORIES=False):
        assert member.http.get(f"{MEMORIES}/").status_code == 404
        assert admin.http.post(f"{MEMORIES}/add", json={"content": "x"}).status_code == 404
        assert admin.http.get("/api/config").json()["features"]["enable_memories"] is False
    assert admin.http.get("/api/config").json()["features"]["enable_memories"] is True
