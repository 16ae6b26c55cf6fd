"""One's shared chats (the Shared Chats list of the settings), unsharing them all, and cloning a
shared chat one may read into a chat of one's own."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.documents import form, message
from tests.e2e.people import Person
from tests.http.app import InProcessServer
from tests.http.sharing import create, person, share, shared_with

LISTED_FIELDS = {"id", "chat_id", "title", "share_id", "updated_at", "created_at"}


@pytest.fixture
def sharer(server: InProcessServer, admin: Person) -> Person:
    """Someone whose list holds only what the test shares."""
    return people.member(server, admin, "sharer")


@pytest.fixture
def reader(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "reader")


def listed(someone: Person, **params: str) -> list[dict]:
    response = someone.http.get("/api/v1/chats/shared", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_list_holds_ones_shares_newest_first_in_open_webuis_shape(sharer: Person) -> None:
    first, second = create(sharer, form("First"))["id"], create(sharer, form("Second"))["id"]
    links = {chat_id: share(sharer, chat_id) for chat_id in (first, second)}
    rows = listed(sharer)
    assert [(r["id"], r["chat_id"], r["share_id"]) for r in rows] == [
        (second, second, links[second]), (first, first, links[first])]
    assert rows[0].keys() == LISTED_FIELDS


def test_the_list_holds_neither_unshared_chats_nor_other_peoples_shares(sharer: Person, reader: Person) -> None:
    create(sharer)
    share(reader, create(reader)["id"])
    assert listed(sharer) == []


def test_the_list_is_searched_by_title_whatever_the_case(sharer: Person) -> None:
    for title in ("Egg science", "Bread"):
        share(sharer, create(sharer, form(title))["id"])
    assert [r["title"] for r in listed(sharer, query="EGG")] == ["Egg science"]


def test_the_list_is_sorted_as_asked(sharer: Person) -> None:
    for title in ("b", "c", "a"):
        share(sharer, create(sharer, form(title))["id"])
    assert [r["title"] for r in listed(sharer, order_by="title", direction="asc")] == ["a", "b", "c"]


def test_an_unknown_sort_is_refused(sharer: Person) -> None:
    assert sharer.http.get("/api/v1/chats/shared", params={"order_by": "chat"}).status_code == 422


def test_unsharing_all_ends_every_link_of_ones_own(sharer: Person, reader: Person) -> None:
    mine = [shared_with(sharer, person(reader)) for _ in range(2)]
    theirs = shared_with(reader, person(sharer))
    assert sharer.http.delete("/api/v1/chats/share/all").json() is True
    assert listed(sharer) == []
    assert [reader.http.get(f"/api/v1/chats/share/{link}").status_code for _, link in mine] == [401, 401]
    assert sharer.http.get(f"/api/v1/chats/share/{theirs[1]}").status_code == 200


def test_a_reader_clones_a_shared_chat_into_one_of_their_own(sharer: Person, reader: Person) -> None:
    body = form("Eggs", message("q1", "How long?"), message("a1", "Ten minutes.", "q1", "assistant"))
    _, share_id = shared_with(sharer, person(reader), body)
    clone = reader.http.post(f"/api/v1/chats/{share_id}/clone/shared")
    assert clone.status_code == 200, clone.text
    cloned = clone.json()
    assert (cloned["user_id"], cloned["title"]) == (reader.id, "Clone of Eggs")
    assert list(cloned["chat"]["history"]["messages"]) == ["q1", "a1"]
    assert (cloned["chat"]["originalChatId"], cloned["chat"]["branchPointMessageId"]) == (share_id, "a1")
    assert reader.http.get(f"/api/v1/chats/{cloned['id']}").json()["title"] == "Clone of Eggs"


def test_a_clone_makes_the_owners_prompts_the_cloners(sharer: Person, reader: Person) -> None:
    _, share_id = shared_with(sharer, person(reader))
    cloned = reader.http.post(f"/api/v1/chats/{share_id}/clone/shared").json()
    prompt = cloned["chat"]["history"]["messages"]["q1"]
    assert (prompt["user_id"], prompt["user"]["id"]) == (reader.id, reader.id)


def test_a_clone_leaves_out_what_readers_never_see(sharer: Person, reader: Person) -> None:
    _, share_id = shared_with(sharer, person(reader), form("Tuned", message("q1", "Hi"), params={"seed": 7}))
    assert "params" not in reader.http.post(f"/api/v1/chats/{share_id}/clone/shared").json()["chat"]


def test_a_share_one_may_not_read_cannot_be_cloned(sharer: Person, reader: Person) -> None:
    share_id = share(sharer, create(sharer)["id"])
    response = reader.http.post(f"/api/v1/chats/{share_id}/clone/shared")
    assert response.status_code == 401
    assert reader.http.get("/api/v1/chats/").json() == []


def test_an_unknown_link_cannot_be_cloned(reader: Person) -> None:
    assert reader.http.post("/api/v1/chats/no-such-link/clone/shared").status_code == 401
