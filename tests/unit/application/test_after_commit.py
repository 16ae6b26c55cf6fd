"""What fails after a commit never makes the committed command fail: its client would do it again."""

from __future__ import annotations

import uuid

from application.chats.commands import CreateChat
from application.chats.service import Chats
from tests.unit.application.given import POPO
from tests.unit.builders import message, snapshot


def _unreachable_kicks(context: str, position: int) -> None:
    raise ConnectionError("Redis is away")


def test_a_command_whose_kick_fails_still_answers_its_position():
    chats = Chats(POPO, _unreachable_kicks)
    chat_id = uuid.uuid4()
    position = chats.create_chat(CreateChat(chat_id=chat_id, owner_id="alice", state=snapshot(message("q"))))
    assert position == chats.position == 2
    assert chats.find(chat_id) is not None
