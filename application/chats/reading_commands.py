"""Commands on what a person has read of their chats (the sidebar's unread marks)."""

from __future__ import annotations

from uuid import UUID

import msgspec


class ReadChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str


class MarkChatUnread(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str


class ReadFolder(msgspec.Struct, frozen=True, kw_only=True):
    """Mark read the chats of a folder and of the folders below it (archived ones are left out).

    ``descendants`` and ``chats`` are what the read models know (the unread chats among them); each
    is checked against its aggregate, so a chat filed elsewhere meanwhile is left as it is.
    """

    folder_id: UUID
    actor_id: str
    descendants: tuple[UUID, ...] = ()
    chats: tuple[UUID, ...] = ()


class ReadAllChats(msgspec.Struct, frozen=True, kw_only=True):
    """Mark read every chat of the person that is not archived; ``chats`` as for ``ReadFolder``."""

    actor_id: str
    chats: tuple[UUID, ...] = ()
