"""Commands that make chats out of others (copies, imports) or change many of a person's chats at once."""

from __future__ import annotations

from uuid import UUID

import msgspec

from domain.chats.citations import Citation
from domain.chats.message import ChatState


class ChatCopy(msgspec.Struct, frozen=True, kw_only=True):
    """A chat as it is to be made: its document, and the flags it keeps from where it came."""

    state: ChatState
    tags: tuple[str, ...] = ()
    pinned: bool = False
    archived: bool = False
    folder_id: str | None = None
    """Kept only if it names a folder of the new chat's owner."""
    created_at: int | None = None
    updated_at: int | None = None
    """An import's times; a copy made here is new (None)."""
    quoted_user_id: str | None = None
    """Whose chat it copies, when not its new owner's: its title and messages are theirs, and stay
    under their key (``Chat.copy_message``)."""
    citations: dict[str, list[Citation]] = {}
    """The sources of the original's replies as the server cited them, by message (left out of
    ``state``): a copy quotes the same people, under their keys, not under the copier's."""


class CopyChat(msgspec.Struct, frozen=True, kw_only=True):
    """Clone or fork: a copy, into a new chat of the owner's, of a chat they may read, their own
    or one shared with them (``share_id``, the link they hold)."""

    chat_id: UUID
    owner_id: str
    source_id: UUID
    share_id: str | None
    copy: ChatCopy
    fork: bool = False
    """A fork of a chat whose reply is still being written is refused: it would copy half a reply."""


class ImportChats(msgspec.Struct, frozen=True, kw_only=True):
    """Chats from an export, in one save. ``keys`` fingerprint each entry, so that running the same
    import again finds the chats it made instead of making them twice."""

    owner_id: str
    chats: tuple[ChatCopy, ...]
    keys: tuple[str, ...]


class ImportResult(msgspec.Struct, frozen=True):
    position: int | None
    chat_ids: list[UUID]
    """One per entry, in order: the chat made, or the one an earlier run of the import made."""


class ArchiveChats(msgspec.Struct, frozen=True, kw_only=True):
    """Archive (or unarchive) those of ``chat_ids`` that are the owner's, in one save."""

    owner_id: str
    chat_ids: tuple[UUID, ...]
    archived: bool
