"""Commands on a person's folders of chats."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from application.idempotency import Once


class CreateFolder(msgspec.Struct, frozen=True, kw_only=True):
    folder_id: UUID
    owner_id: str
    name: str
    parent_id: UUID | None = None
    data: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None
    once: Once | None = None


class UpdateFolder(msgspec.Struct, frozen=True, kw_only=True):
    """Open WebUI's folder update: a new name, and keys of ``data`` and ``meta`` to replace."""

    folder_id: UUID
    actor_id: str
    name: str | None = None
    data: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None


class MoveFolder(msgspec.Struct, frozen=True, kw_only=True):
    folder_id: UUID
    actor_id: str
    parent_id: UUID | None


class ExpandFolder(msgspec.Struct, frozen=True, kw_only=True):
    folder_id: UUID
    actor_id: str
    expanded: bool


class DeleteFolder(msgspec.Struct, frozen=True, kw_only=True):
    """Delete a folder and the folders below it; their chats are deleted too, or, without
    ``delete_contents``, taken out of the folders.

    ``descendants`` (parents before children) and ``chats`` are what the read models know; each is
    checked against its aggregate, so one that moved away meanwhile is left alone.
    """

    folder_id: UUID
    actor_id: str
    descendants: tuple[UUID, ...] = ()
    chats: tuple[UUID, ...] = ()
    delete_contents: bool = True


class DeleteFoldersOf(msgspec.Struct, frozen=True, kw_only=True):
    """A forgotten person's folders go with them, in one save (their chats go on their own)."""

    owner_id: str
    folder_ids: list[UUID]
