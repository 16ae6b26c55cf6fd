"""Commands from several threads on one chat, against each event store: none is lost or refused."""

from __future__ import annotations

import uuid

from application.chats.commands import CreateChat, UpdateChat
from infrastructure.container import Container
from tests.integration.threads import THREADS, all_at_once
from tests.unit.builders import message, snapshot

REPLIES = 5
Q = message("q")


class TestConcurrentCommands:
    def test_tabs_replying_at_once_in_one_chat_all_land(self, container: Container):
        owner, chat_id = "alice", uuid.uuid4()
        container.chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(Q)))

        def tab(n: int) -> None:
            for k in range(REPLIES):  # each tab knows only the first message and its own reply
                state = snapshot(Q, message(f"tab{n}-{k}", "q"))
                container.chats.update_chat(UpdateChat(chat_id=chat_id, actor_id=owner, state=state))

        assert all_at_once(tab) == []
        chat = container.chats.repository.get(chat_id)
        assert len(chat.parents) == 1 + THREADS * REPLIES
