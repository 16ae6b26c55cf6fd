from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.chats.chat import Chat
from domain.chats.errors import ChatDeletedError, ForeignChatError


class ChatReading(Aggregate):
    """How far one person has read one chat: the chat's version when they last read it, or that
    they marked it unread since.

    Apart from the chat, so that reading (which the app reports on every open, every departure and
    every finished reply) never grows the chat's own history nor races its writers. A read is
    recorded only when the chat changed since the last one: a chat opened a thousand times without
    news adds nothing, so reads never outnumber the changes they acknowledge.
    """

    @staticmethod
    def create_id(chat_id: UUID, owner_id: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:chat-reading:{chat_id}:{owner_id}")

    class Started(Aggregate.Created):
        chat_id: UUID
        owner_id: str

    @event(Started)
    def __init__(self, *, chat_id: UUID, owner_id: str) -> None:
        self.chat_id = chat_id
        self.owner_id = owner_id
        self.read_version: int | None = None
        self.marked_unread = False

    def read(self, chat: Chat) -> None:
        self._check_readable(chat)
        if self.marked_unread or chat.version != self.read_version:
            self._read(chat_id=chat.id, chat_version=chat.version)

    class Read(Aggregate.Event):
        chat_id: UUID
        chat_version: int

    @event(Read)
    def _read(self, *, chat_id: UUID, chat_version: int) -> None:
        self.read_version = chat_version
        self.marked_unread = False

    def mark_unread(self, chat: Chat) -> None:
        self._check_readable(chat)
        if not self.marked_unread:
            self._mark_unread(chat_id=chat.id)

    class MarkedUnread(Aggregate.Event):
        chat_id: UUID

    @event(MarkedUnread)
    def _mark_unread(self, *, chat_id: UUID) -> None:
        self.marked_unread = True

    def _check_readable(self, chat: Chat) -> None:
        """Chats are private: only their owner reads them, and only while they exist."""
        if chat.id != self.chat_id:
            raise ValueError(f"the reading of chat {self.chat_id} is not that of chat {chat.id}")
        if chat.deleted:
            raise ChatDeletedError(chat.id)
        if chat.owner_id != self.owner_id:
            raise ForeignChatError(chat.id, self.owner_id)
