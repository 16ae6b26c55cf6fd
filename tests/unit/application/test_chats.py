"""The chats context: commands return log positions, and a chat exists only for its owner."""

from __future__ import annotations

import uuid

import pytest

from application.chats.commands import (
    CreateChat,
    DeleteChat,
    DeleteMessage,
    TagChat,
    ToggleArchived,
    UntagChat,
    UpdateChat,
)
from application.chats.service import Chats
from domain.chats.errors import ChatNotFoundError, UnknownParentError
from tests.unit.application.given import POPO, Commits
from tests.unit.builders import message, snapshot

Q, A = message("q"), message("a", "q", role="assistant")


def create(chats: Chats, *messages, owner: str = "alice", **state) -> uuid.UUID:
    chat_id = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(*messages, **state)))
    return chat_id


def test_creating_a_chat_returns_the_position_of_its_last_event(chats: Chats):
    position = chats.create_chat(CreateChat(chat_id=uuid.uuid4(), owner_id="alice", state=snapshot(Q, A)))
    assert position == chats.position == 3


def test_every_commit_kicks_the_projectors_with_its_position(chats: Chats, commits: Commits):
    chat_id = create(chats, Q)
    position = chats.update_chat(UpdateChat(chat_id=chat_id, actor_id="alice", state=snapshot(Q, A)))
    assert commits == [("Chats", 2), ("Chats", position)]


def test_an_update_returns_the_position_of_its_last_event(chats: Chats):
    chat_id = create(chats, Q)
    before = chats.position
    position = chats.update_chat(UpdateChat(chat_id=chat_id, actor_id="alice",
                                            state=snapshot(Q, A, title="Greetings")))
    assert position == chats.position == before + 2


def test_an_update_that_changes_nothing_returns_no_position(chats: Chats, commits: Commits):
    chat_id = create(chats, Q, A)
    assert chats.update_chat(UpdateChat(chat_id=chat_id, actor_id="alice", state=snapshot(Q, A))) is None
    assert len(commits) == 1


def test_another_persons_chat_is_not_found(chats: Chats):
    chat_id = create(chats, Q, owner="alice")
    with pytest.raises(ChatNotFoundError) as refusal:
        chats.update_chat(UpdateChat(chat_id=chat_id, actor_id="mallory", state=snapshot(Q, A)))
    assert refusal.value.chat_id == chat_id
    assert list(chats.owned_chat(chat_id, "alice").parents) == ["q"]


def test_a_chat_that_never_existed_is_not_found(chats: Chats):
    with pytest.raises(ChatNotFoundError):
        chats.toggle_archived(ToggleArchived(chat_id=uuid.uuid4(), actor_id="alice"))


def test_a_deleted_chat_is_not_found(chats: Chats):
    chat_id = create(chats, Q)
    chats.delete_chat(DeleteChat(chat_id=chat_id, actor_id="alice"))
    with pytest.raises(ChatNotFoundError):
        chats.delete_message(DeleteMessage(chat_id=chat_id, actor_id="alice", message_id="q"))


def test_toggling_archived_twice_restores_the_chat(chats: Chats):
    chat_id = create(chats)
    chats.toggle_archived(ToggleArchived(chat_id=chat_id, actor_id="alice"))
    assert chats.owned_chat(chat_id, "alice").archived
    chats.toggle_archived(ToggleArchived(chat_id=chat_id, actor_id="alice"))
    assert not chats.owned_chat(chat_id, "alice").archived


def test_tags_are_identified_by_their_name_in_lower_case_with_underscores(chats: Chats):
    chat_id = create(chats)
    chats.tag_chat(TagChat(chat_id=chat_id, actor_id="alice", name=" Work Stuff "))
    assert chats.owned_chat(chat_id, "alice").tags == {"work_stuff": "Work Stuff"}
    chats.untag_chat(UntagChat(chat_id=chat_id, actor_id="alice", name="work stuff"))
    assert chats.owned_chat(chat_id, "alice").tags == {}


def test_a_refused_update_leaves_nothing_behind_for_the_next_command(commits: Commits):
    """With the aggregate cache on, as in production."""
    chats = Chats({**POPO, "AGGREGATE_CACHE_MAXSIZE": "10"}, commits)
    chat_id = create(chats, Q, title="Greetings")
    with pytest.raises(UnknownParentError):
        chats.update_chat(UpdateChat(chat_id=chat_id, actor_id="alice",
                                     state=snapshot(Q, message("lost", "ghost"), title="Renamed")))
    unchanged = snapshot(Q, title="Greetings")
    assert chats.update_chat(UpdateChat(chat_id=chat_id, actor_id="alice", state=unchanged)) is None
    assert chats.repository.get(chat_id).title == "Greetings"
