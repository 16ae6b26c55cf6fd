"""Clone and fork, from a chat's menu and a shared chat's page: a copy, into a new chat of one's
own, of a chat one may read."""

from __future__ import annotations

from tests.e2e.people import Person
from tests.http import sharing
from tests.http.chats import create, get, listed, two_branches


def test_a_clone_is_a_new_chat_of_ones_own_with_the_whole_conversation(member: Person) -> None:
    original = create(member)
    clone = member.http.post(f"/api/v1/chats/{original['id']}/clone", json={}).json()
    assert clone["id"] != original["id"] and clone["user_id"] == member.id
    assert clone["title"] == "Clone of A conversation"
    assert clone["chat"]["history"]["messages"].keys() == original["chat"]["history"]["messages"].keys()
    assert clone["chat"]["originalChatId"] == original["id"]


def test_a_clone_takes_the_title_it_is_given_and_keeps_the_tags_and_pin(member: Person) -> None:
    original = create(member)
    member.http.post(f"/api/v1/chats/{original['id']}/tags", json={"name": "Work"}).raise_for_status()
    member.http.post(f"/api/v1/chats/{original['id']}/pin").raise_for_status()
    clone = member.http.post(f"/api/v1/chats/{original['id']}/clone", json={"title": "Copy"}).json()
    assert (clone["title"], clone["meta"]["tags"], clone["pinned"]) == ("Copy", ["work"], True)


def test_someone_elses_chat_cannot_be_cloned(member: Person, admin: Person) -> None:
    original = create(admin)
    response = member.http.post(f"/api/v1/chats/{original['id']}/clone", json={})
    assert response.status_code == 404
    assert original["id"] not in listed(member)


def test_a_fork_keeps_only_the_branch_up_to_the_message(member: Person) -> None:
    original = two_branches(member)
    fork = member.http.post(f"/api/v1/chats/{original['id']}/fork", json={"message_id": "a2"}).json()
    history = fork["chat"]["history"]
    assert (list(history["messages"]), history["currentId"]) == (["q1", "a1", "q2", "a2"], "a2")
    assert history["messages"]["a1"]["childrenIds"] == ["q2"]
    assert fork["title"] == "Branches (fork)"


def test_a_fork_without_a_message_forks_at_the_current_one(member: Person) -> None:
    original = two_branches(member)
    fork = member.http.post(f"/api/v1/chats/{original['id']}/fork", json={"message_id": None}).json()
    assert [m["id"] for m in fork["chat"]["messages"]] == ["q1", "a1b"]


def test_forking_at_a_message_the_chat_lacks_is_a_404(member: Person) -> None:
    original = create(member)
    assert member.http.post(f"/api/v1/chats/{original['id']}/fork", json={"message_id": "nope"}).status_code == 404


def _shared(owner: Person) -> tuple[dict, str]:
    """A chat of ``owner``'s shared with everyone signed in (shares are private until granted)."""
    original = create(owner)
    share_id = owner.http.post(f"/api/v1/chats/{original['id']}/share").json()["share_id"]
    sharing.grant(owner, original["id"], sharing.everyone()).raise_for_status()
    return original, share_id


def test_a_shared_chat_may_be_forked_by_its_link_into_the_readers_own(member: Person, admin: Person) -> None:
    _, share_id = _shared(admin)
    fork = member.http.post(f"/api/v1/chats/{share_id}/fork", json={"message_id": "a1"}).json()
    assert fork["user_id"] == member.id
    question = fork["chat"]["history"]["messages"]["q1"]
    assert (question["user_id"], question["user"]["id"]) == (member.id, member.id)


def test_a_shared_chat_may_be_cloned_by_its_link(member: Person, admin: Person) -> None:
    _, share_id = _shared(admin)
    clone = member.http.post(f"/api/v1/chats/{share_id}/clone/shared").json()
    assert (clone["user_id"], clone["title"], clone["folder_id"]) == (member.id, "Clone of A conversation", None)
    assert clone["id"] in listed(member)


def test_a_chat_no_longer_shared_cannot_be_cloned_by_its_old_link(member: Person, admin: Person) -> None:
    original, share_id = _shared(admin)
    admin.http.delete(f"/api/v1/chats/{original['id']}/share").raise_for_status()
    assert member.http.post(f"/api/v1/chats/{share_id}/clone/shared").status_code == 401  # as Open WebUI


def test_a_private_share_cannot_be_forked_by_its_link(member: Person, admin: Person) -> None:
    original = create(admin)
    share_id = admin.http.post(f"/api/v1/chats/{original['id']}/share").json()["share_id"]
    assert member.http.post(f"/api/v1/chats/{share_id}/fork", json={"message_id": "a1"}).status_code == 401


def test_a_copy_shows_in_the_chat_list_at_once(member: Person) -> None:
    original = create(member)
    clone = member.http.post(f"/api/v1/chats/{original['id']}/clone", json={}).json()
    assert get(member, f"/api/v1/chats/{clone['id']}")["title"] == clone["title"]


def test_a_message_copied_from_someone_elses_chat_may_be_edited_in_the_copy(member: Person, admin: Person) -> None:
    """Its text stays its author's (``Chat.CopyEdited``), and the copy shows the edit."""
    _, share_id = _shared(admin)
    clone = member.http.post(f"/api/v1/chats/{share_id}/clone/shared").json()
    document = get(member, f"/api/v1/chats/{clone['id']}")["chat"]
    document["history"]["messages"]["a1"]["content"] = "Edited in my copy"
    member.http.post(f"/api/v1/chats/{clone['id']}", json={"chat": document}).raise_for_status()
    assert get(member, f"/api/v1/chats/{clone['id']}")["chat"]["history"]["messages"]["a1"]["content"] == (
        "Edited in my copy")
