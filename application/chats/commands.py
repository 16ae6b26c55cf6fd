"""Commands of the chats context."""

from __future__ import annotations

from uuid import UUID

import msgspec

from application.idempotency import Once
from domain.chats.message import ChatState, Message


class CreateChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    owner_id: str
    state: ChatState
    folder_id: str | None = None
    once: Once | None = None


class UpdateChat(msgspec.Struct, frozen=True, kw_only=True):
    """The whole-chat update the SPA sends; only what differs becomes events."""

    chat_id: UUID
    actor_id: str
    state: ChatState
    folder_id: str | None = None
    """Files the chat there too, in the same save (the SPA sends it when a chat starts in a folder)."""


class EditMessage(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    message: Message


class DeleteMessage(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    message_id: str


class ToggleArchived(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str


class TogglePinned(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str


class MoveChatToFolder(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    folder_id: str | None


class TagChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    name: str


class UntagChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    name: str


class ShareChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    share_id: str


class UnshareChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str


class ChangeShareAccess(msgspec.Struct, frozen=True, kw_only=True):
    """Who besides the owner may read the chat's shared snapshot: the grants become exactly these."""

    chat_id: UUID
    actor_id: str
    grants: list[dict[str, str]]


class UnshareChatsOf(msgspec.Struct, frozen=True, kw_only=True):
    """Every share of a person's ended in one save (Open WebUI's "unshare all")."""
    owner_id: str
    chat_ids: list[UUID]


class DeleteChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str


class DeleteChatsOf(msgspec.Struct, frozen=True, kw_only=True):
    """A deleted person's chats go with them (as in Open WebUI), in one save."""
    owner_id: str
    chat_ids: list[UUID]


class RenameChat(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: UUID
    actor_id: str
    title: str
    written_after: str | None = None
    """The reply once done with which a model wrote it (the app's title task); None: typed."""


class RetagChat(msgspec.Struct, frozen=True, kw_only=True):
    """The chat's tags become exactly these (Open WebUI's generated tags replace the old ones)."""

    chat_id: UUID
    actor_id: str
    names: list[str]
    written_after: str
    """The reply once done with which a model chose them (the app's tags task)."""
