"""Commands of the memories context: a person's own memories, changed only by them (and, when
their account goes, by whoever deleted it)."""

from __future__ import annotations

from uuid import UUID

import msgspec


class AddMemory(msgspec.Struct, frozen=True, kw_only=True):
    memory_id: UUID
    owner_id: str
    content: str


class UpdateMemory(msgspec.Struct, frozen=True, kw_only=True):
    memory_id: UUID
    actor_id: str
    content: str


class DeleteMemory(msgspec.Struct, frozen=True, kw_only=True):
    memory_id: UUID
    actor_id: str


class DeleteMemoriesOf(msgspec.Struct, frozen=True, kw_only=True):
    """Every memory of ``owner_id`` among ``memory_ids`` goes (Open WebUI's ``delete/user``, or their
    account deleted by ``actor_id``); those already gone, or not theirs, are skipped."""

    owner_id: str
    memory_ids: list[UUID]
    actor_id: str
