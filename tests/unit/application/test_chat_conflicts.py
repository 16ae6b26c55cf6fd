"""Two writers on one chat: the one that loses the race reloads and tries again, within limits."""

from __future__ import annotations

import uuid

import pytest

from application.chats.commands import CreateChat, UpdateChat
from application.chats.service import Chats
from application.context import CONFLICT_RETRIES, ConflictError
from tests.unit.builders import message, snapshot

Q = message("q")


@pytest.fixture
def chat_id(chats: Chats) -> uuid.UUID:
    chat_id = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=chat_id, owner_id="alice", state=snapshot(Q)))
    return chat_id


def reply(chats: Chats, chat_id: uuid.UUID, message_id: str) -> int | None:
    """What a browser tab that knows only the first message sends when it adds a reply."""
    state = snapshot(Q, message(message_id, "q"))
    return chats.update_chat(UpdateChat(chat_id=chat_id, actor_id="alice", state=state))


def test_two_writers_racing_on_one_chat_both_succeed(chats: Chats, chat_id: uuid.UUID):
    chats.recorder.rivals.append(lambda: reply(chats, chat_id, "from-tab-1"))
    position = reply(chats, chat_id, "from-tab-2")
    chat = chats.owned_chat(chat_id, "alice")
    assert chat.parents == {"q": None, "from-tab-1": "q", "from-tab-2": "q"}
    assert position == chats.position


def test_a_writer_that_keeps_losing_gives_up_with_a_conflict_error(chats: Chats, chat_id: uuid.UUID):
    rivals = [f"rival-{n}" for n in range(CONFLICT_RETRIES)]
    chats.recorder.rivals.extend(lambda rival=rival: reply(chats, chat_id, rival) for rival in rivals)
    with pytest.raises(ConflictError) as refusal:
        reply(chats, chat_id, "loser")
    assert refusal.value.context == "Chats"
    assert list(chats.owned_chat(chat_id, "alice").parents) == ["q", *rivals]
