"""A resource as its view held it after some of its events: the view's projector replayed in memory."""

from __future__ import annotations

import uuid

from domain.chats.chat import Chat
from projections.past.resources import chat_as_it_was
from tests.unit.builders import message
from tests.unit.domain.given import recorded


def chat_events() -> list[object]:
    """Created, q appended, a appended, a edited, chat deleted."""
    chat = Chat(id=uuid.uuid4(), owner_id="alice", title="T", properties={}, property_digests={}, folder_id=None)
    chat.append_message(message("q", content="question"))
    chat.append_message(message("a", "q", content="first answer", role="assistant", model="m1"))
    chat.append_message(message("a", "q", content="second answer", role="assistant", model="m2"))
    chat.delete()
    return recorded(chat)


def test_a_message_reads_as_its_text_was_before_the_edit():
    was = chat_as_it_was(chat_events()[:3])
    assert was is not None
    answer = was["chat"]["history"]["messages"]["a"]
    assert (answer["content"], answer["role"], answer["model"]) == ("first answer", "assistant", "m1")


def test_a_message_not_yet_appended_is_absent():
    was = chat_as_it_was(chat_events()[:2])
    assert was is not None and set(was["chat"]["history"]["messages"]) == {"q"}


def test_after_its_deletion_there_is_no_chat():
    assert chat_as_it_was(chat_events()) is None
