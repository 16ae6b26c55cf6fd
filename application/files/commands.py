"""Commands of the files context."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from application.idempotency import Once


class UploadFile(msgspec.Struct, frozen=True, kw_only=True):
    file_id: UUID
    owner_id: str
    name: str | None
    content_type: str | None
    data: bytes
    metadata: dict[str, Any] = {}
    process: bool = True
    """Extract the text for models to read (Open WebUI's ``process``); pictures are sent without."""
    once: Once | None = None


class DeleteFile(msgspec.Struct, frozen=True, kw_only=True):
    file_id: UUID
    actor_id: str
    is_admin: bool = False


class EraseFiles(msgspec.Struct, frozen=True, kw_only=True):
    """A deleted person's files go with them (or a retention policy's due ones): the events say
    so, and the bytes are destroyed."""

    owner_id: str
    file_ids: list[UUID]
    actor_id: str
    reason: str | None = None
    """Why, as the events say; None: the owner's account was deleted."""


class RenameFile(msgspec.Struct, frozen=True, kw_only=True):
    file_id: UUID
    name: str
    actor_id: str
    is_admin: bool = False


class EditFileText(msgspec.Struct, frozen=True, kw_only=True):
    """The text models are shown of a file, replaced by a person's (Open WebUI's indexed text edit)."""

    file_id: UUID
    text: str
    actor_id: str
    is_admin: bool = False
