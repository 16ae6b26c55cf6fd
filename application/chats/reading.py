"""The reading half of the chats context: a person's read marks, each chat's kept in its own
``ChatReading`` so that reading never conflicts with the chat's writers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from uuid import UUID

from application.chats.folders import FolderCommands
from application.chats.reading_commands import MarkChatUnread, ReadAllChats, ReadChat, ReadFolder
from application.log_positions import LogPosition
from domain.chats.chat import Chat
from domain.chats.reading import ChatReading


class ReadingCommands(FolderCommands):
    owned_chat: Callable[[UUID, str], Chat]  # the Chats application's

    def read_chat(self, command: ReadChat) -> LogPosition | None:
        """None when the chat has not changed since the person last read it: nothing is recorded."""
        return self._on_reading(command.chat_id, command.actor_id, ChatReading.read)

    def mark_chat_unread(self, command: MarkChatUnread) -> LogPosition | None:
        return self._on_reading(command.chat_id, command.actor_id, ChatReading.mark_unread)

    def read_folder(self, command: ReadFolder) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            folder = self.owned_folder(command.folder_id, command.actor_id)
            filed = {str(f.id) for f in self._subtree(folder, command.descendants)}
            chats = [c for c in self._unarchived(command.chats, command.actor_id) if c.folder_id in filed]
            return self.commit(*self._read_all(chats, command.actor_id))

        return self.retrying(attempt)

    def read_all_chats(self, command: ReadAllChats) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            return self.commit(*self._read_all(self._unarchived(command.chats, command.actor_id), command.actor_id))

        return self.retrying(attempt)

    def _on_reading(self, chat_id: UUID, actor_id: str, act: Callable[[ChatReading, Chat], None]) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            chat = self.owned_chat(chat_id, actor_id)
            reading = self._reading(chat, actor_id)
            act(reading, chat)
            return self.commit(reading)

        # Two tabs reporting the same read take turns: the second then finds nothing new to record.
        return self.retrying(attempt, turn=ChatReading.create_id(chat_id, actor_id))

    def _read_all(self, chats: Iterable[Chat], actor_id: str) -> Iterator[ChatReading]:
        for chat in chats:
            reading = self._reading(chat, actor_id)
            reading.read(chat)
            yield reading

    def _reading(self, chat: Chat, actor_id: str) -> ChatReading:
        reading = self.find(ChatReading.create_id(chat.id, actor_id))
        if isinstance(reading, ChatReading):
            return reading
        return ChatReading(chat_id=chat.id, owner_id=actor_id)

    def _unarchived(self, chat_ids: Iterable[UUID], actor_id: str) -> Iterator[Chat]:
        """Those of the chats that are still the person's, and neither deleted nor archived."""
        for chat in map(self.find, chat_ids):
            if isinstance(chat, Chat) and not chat.deleted and not chat.archived and chat.owner_id == actor_id:
                yield chat
