"""The copying half of the chats context: clones and forks of a chat one may read, imports of
exported chats, and changes to all of a person's chats at once, each in one save."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from uuid import NAMESPACE_URL, UUID, uuid5

from application.chats.copy_commands import (
    ArchiveChats,
    ChatCopy,
    CopyChat,
    ImportChats,
    ImportResult,
)
from application.chats.reading import ReadingCommands
from application.log_positions import LogPosition
from domain.chats.chat import Chat
from domain.chats.errors import (
    ChatBusyError,
    ChatError,
    ChatNotFoundError,
    FolderNotFoundError,
    ForeignChatError,
    InvalidImportError,
)
from domain.chats.tags import UNTAGGED, tag_id

MAX_IMPORT_GENERATIONS = 100
"""An entry imported, deleted and imported again takes the next of its ids; this many times at most."""


class CopyCommands(ReadingCommands):
    def copy_chat(self, command: CopyChat) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            self._check_copyable(command)
            return self.commit(self._made(command.chat_id, command.owner_id, command.copy))

        return self.retrying(attempt)

    def import_chats(self, command: ImportChats) -> ImportResult:
        """Every entry or none: one that cannot be made refuses the whole import, naming it."""
        def attempt() -> ImportResult:
            chat_ids, made = [], []
            for index, (entry, chat_id) in enumerate(zip(command.chats, self._import_ids(command), strict=True)):
                chat_ids.append(chat_id)
                if self.find(chat_id) is None:
                    made.append(self._imported(index, chat_id, command.owner_id, entry))
            return ImportResult(self.commit(*made), chat_ids)

        return self.retrying(attempt)

    def archive_chats(self, command: ArchiveChats) -> LogPosition | None:
        """Chats already so, gone, or someone else's are passed over: running it again changes nothing."""
        def attempt() -> LogPosition | None:
            chats = self.alive_chats_of(command.owner_id, command.chat_ids)
            for chat in chats:
                chat.set_archived(command.archived)
            return self.commit(*chats)

        return self.retrying(attempt)

    def alive_chats_of(self, owner_id: str, chat_ids: tuple[UUID, ...] | list[UUID]) -> list[Chat]:
        return [c for c in map(self.find, chat_ids) if isinstance(c, Chat) and c.owner_id == owner_id and not c.deleted]

    def _check_copyable(self, command: CopyChat) -> None:
        """Its owner may copy a chat, and so may whoever holds the link of its current share."""
        source = self.find(command.source_id)
        if not isinstance(source, Chat) or source.deleted:
            raise ChatNotFoundError(command.source_id)
        shared = command.share_id is not None and source.share_id == command.share_id
        if source.owner_id != command.owner_id and not shared:
            raise ForeignChatError(command.source_id, command.owner_id)
        if command.fork and source.replying and not shared:
            raise ChatBusyError(command.source_id)

    def _import_ids(self, command: ImportChats) -> Iterator[UUID]:
        """An entry's id follows from its owner, its fingerprint and how many entries before it
        share that fingerprint; past ids of chats deleted since are skipped."""
        seen: dict[str, int] = {}
        for key in command.keys:
            occurrence = seen[key] = seen.get(key, -1) + 1
            yield self._free_or_kept(partial(_import_id, command.owner_id, key, occurrence))

    def _free_or_kept(self, candidate: Callable[[int], UUID]) -> UUID:
        for generation in range(MAX_IMPORT_GENERATIONS):
            chat = self.find(candidate(generation))
            if not isinstance(chat, Chat) or not chat.deleted:
                return candidate(generation)
        raise InvalidImportError(None, "this chat was imported and deleted too many times")

    def _imported(self, index: int, chat_id: UUID, owner_id: str, entry: ChatCopy) -> Chat:
        try:
            chat = self._made(chat_id, owner_id, entry)
            if entry.created_at is not None or entry.updated_at is not None:
                created = entry.created_at or entry.updated_at or 0
                chat.keep_imported_times(created_at=created, updated_at=entry.updated_at or created)
            return chat
        except ChatError as error:
            raise InvalidImportError(index, str(error)) from None

    def _made(self, chat_id: UUID, owner_id: str, entry: ChatCopy) -> Chat:
        state, quoted = entry.state, entry.quoted_user_id if entry.quoted_user_id != owner_id else None
        title, creators = state.title or "New Chat", self.creators()
        chat = Chat.start(id=chat_id, owner_id=owner_id, title="" if quoted else title, state=state,
                          folder_id=self._own_folder(entry.folder_id, owner_id), creator_of=creators)
        if quoted:
            chat.quote_title(title, quoted)
        chat.draw_on(c.quoted_user_id for cited in entry.citations.values() for c in cited)
        chat.merge(state, quoted, creators)
        for message_id, citations in entry.citations.items():
            if message_id in chat.parents:
                chat.cite_sources(message_id, citations)
        for name in entry.tags:
            if tag_id(name) not in ("", UNTAGGED):
                chat.tag(tag_id(name), name.strip())
        chat.set_pinned(entry.pinned)
        chat.set_archived(entry.archived)
        return chat

    def _own_folder(self, folder_id: str | None, owner_id: str) -> str | None:
        """A folder the owner does not have (deleted, someone else's, from another server) is left out."""
        if folder_id is None:
            return None
        try:
            return str(self.owned_folder(UUID(folder_id), owner_id).id)
        except (ValueError, FolderNotFoundError):
            return None


def _import_id(owner_id: str, key: str, occurrence: int, generation: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"annals:chat-import:{owner_id}:{key}:{occurrence}:{generation}")
