"""Sharing in the chats context: only the owner says who may read, and unsharing all is one save."""

from __future__ import annotations

import uuid

import pytest

from application.chats.commands import ChangeShareAccess, CreateChat, ShareChat, UnshareChatsOf
from application.chats.service import Chats
from domain.chats.chat import Chat
from domain.chats.errors import ForeignChatError
from tests.unit.application.given import Commits, topics
from tests.unit.builders import message, snapshot

EVERYONE = [{"principal_type": "user", "principal_id": "*", "permission": "read"}]


def shared(chats: Chats, owner: str = "alice") -> uuid.UUID:
    chat_id = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(message("q"))))
    chats.share_chat(ShareChat(chat_id=chat_id, actor_id=owner, share_id=uuid.uuid4().hex))
    return chat_id


def chat(chats: Chats, chat_id: uuid.UUID) -> Chat:
    found = chats.find(chat_id)
    assert isinstance(found, Chat)
    return found


def test_the_owner_grants_access_to_the_shared_snapshot(chats: Chats):
    chat_id = shared(chats)
    position = chats.change_share_access(ChangeShareAccess(chat_id=chat_id, actor_id="alice", grants=EVERYONE))
    assert (position, topics(chats)[-1]) == (chats.position, "Chat.ShareAccessChanged")
    assert chat(chats, chat_id).share_grants == tuple(EVERYONE)


def test_nobody_else_may_grant_access_to_a_chat(chats: Chats):
    chat_id = shared(chats)
    with pytest.raises(ForeignChatError):
        chats.change_share_access(ChangeShareAccess(chat_id=chat_id, actor_id="mallory", grants=EVERYONE))
    assert chat(chats, chat_id).share_grants == ()


def test_unsharing_all_ends_every_share_of_the_person_in_one_save(chats: Chats, commits: Commits):
    first, second, theirs = shared(chats), shared(chats), shared(chats, owner="bob")
    before, saves = len(topics(chats)), len(commits)
    chats.unshare_chats_of(UnshareChatsOf(owner_id="alice", chat_ids=[first, second, theirs, uuid.uuid4()]))
    assert (topics(chats)[before:], len(commits) - saves) == (["Chat.Unshared", "Chat.Unshared"], 1)
    assert [chat(chats, c).share_id is None for c in (first, second, theirs)] == [True, True, False]
