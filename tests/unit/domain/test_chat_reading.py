"""A person's reading of a chat: given a read or an unread mark, these events."""

from __future__ import annotations

import pytest

from domain.chats.errors import ChatDeletedError, ForeignChatError
from domain.chats.reading import ChatReading
from tests.unit.builders import message
from tests.unit.domain.given import OWNER, a_chat, new_events, recorded


def a_reading(chat, owner_id: str = OWNER) -> ChatReading:
    reading = ChatReading(chat_id=chat.id, owner_id=owner_id)
    recorded(reading)
    return reading


def test_the_first_read_of_a_chat_is_recorded():
    chat = a_chat(message("q"))
    reading = ChatReading(chat_id=chat.id, owner_id=OWNER)
    reading.read(chat)
    assert new_events(reading) == ["Started", "Read"]


def test_reading_again_without_news_records_nothing():
    chat = a_chat(message("q"))
    reading = a_reading(chat)
    reading.read(chat)
    recorded(reading)
    reading.read(chat)
    assert new_events(reading) == []


def test_reading_a_chat_that_changed_since_records_the_read():
    chat = a_chat(message("q"))
    reading = a_reading(chat)
    reading.read(chat)
    recorded(reading)
    chat.append_message(message("a", "q", role="assistant"))
    reading.read(chat)
    assert new_events(reading) == ["Read"]


def test_a_read_names_the_chat_and_the_version_read():
    chat = a_chat(message("q"), message("a", "q", role="assistant"))
    reading = a_reading(chat)
    reading.read(chat)
    [read] = recorded(reading)
    assert (read.chat_id, read.chat_version) == (chat.id, chat.version)


def test_a_chat_marked_unread_is_recorded_read_again_without_news():
    chat = a_chat(message("q"))
    reading = a_reading(chat)
    reading.read(chat)
    reading.mark_unread(chat)
    reading.read(chat)
    assert new_events(reading) == ["Read", "MarkedUnread", "Read"]


def test_marking_unread_twice_records_it_once():
    chat = a_chat(message("q"))
    reading = a_reading(chat)
    reading.mark_unread(chat)
    reading.mark_unread(chat)
    assert new_events(reading) == ["MarkedUnread"]


def test_each_person_has_their_own_reading_of_a_chat():
    chat = a_chat()
    assert ChatReading.create_id(chat.id, "alice") != ChatReading.create_id(chat.id, "bob")


def test_someone_elses_chat_cannot_be_read():
    chat = a_chat()
    with pytest.raises(ForeignChatError):
        a_reading(chat, owner_id="mallory").read(chat)


def test_a_deleted_chat_cannot_be_marked_unread():
    chat = a_chat()
    chat.delete()
    with pytest.raises(ChatDeletedError):
        a_reading(chat).mark_unread(chat)


def test_a_reading_reads_only_its_own_chat():
    chat, other = a_chat(), a_chat()
    with pytest.raises(ValueError):
        a_reading(chat).read(other)
