"""Aggregates as they stand before the command under test, and the events that command adds."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate

from domain.chats.chat import Chat
from domain.chats.message import Message
from tests.unit.builders import fingerprint

OWNER = "alice"


def recorded(aggregate: Aggregate) -> list[Any]:
    """The events the aggregate has triggered since it was last saved, as a save would take them."""
    return list(aggregate.collect_events())


def names(events: list[Any]) -> list[str]:
    return [type(event).__name__ for event in events]


def new_events(aggregate: Aggregate) -> list[str]:
    return names(recorded(aggregate))


def a_chat(*messages: Message, title: str = "New Chat", **properties: Any) -> Chat:
    """A saved chat with ``messages`` appended in order."""
    chat = Chat(id=uuid.uuid4(), owner_id=OWNER, title=title, properties=properties,
                property_digests={key: fingerprint(value) for key, value in properties.items()},
                folder_id=None)
    for message in messages:
        chat.append_message(message)
    recorded(chat)
    return chat
