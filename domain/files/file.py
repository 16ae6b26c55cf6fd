from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.files.errors import (
    EmptyFileError,
    EmptyTextError,
    FileTooLargeError,
    NoSuchFileError,
    TextTooLongError,
    UnnamedFileError,
)
from domain.files.names import sanitised_name

COMPLETED, FAILED = "completed", "failed"


def named_knowledge_id(metadata: dict[str, Any]) -> str | None:
    """The knowledge base an upload's metadata names (Open WebUI's app sends ``knowledge_id`` when
    a file is uploaded from a base's page), if any."""
    named = metadata.get("knowledge_id")
    return named if isinstance(named, str) and named else None


class StoredFile(Aggregate):
    """A file someone uploaded: who owns it, what it is called and claims to be, and where its
    bytes are kept (``storage_key``, chosen by the server). The bytes themselves live in a blob
    store; the log says they exist, and, once deleted, that they are gone.

    ``knowledge_id`` is the base it was uploaded into, if any.

    ``text_status`` is whether its text was extracted for models to read (``completed``), could not
    be (``failed``, with ``text_error``), or was not asked for (None)."""

    @classmethod
    def upload(cls, *, file_id: UUID, owner_id: str, name: str | None, content_type: str | None, size: int,
               sha256: str, storage_key: str, metadata: dict[str, Any], limit: int) -> StoredFile:
        if size <= 0:
            raise EmptyFileError()
        if size > limit:
            raise FileTooLargeError(size, limit)
        return cls(id=file_id, owner_id=owner_id, name=sanitised_name(name), content_type=content_type,
                   size=size, sha256=sha256, storage_key=storage_key, metadata=metadata)

    class Uploaded(Aggregate.Created):
        owner_id: str
        name: str
        content_type: str | None
        size: int
        sha256: str
        storage_key: str
        metadata: dict[str, Any]

    @event(Uploaded)
    def __init__(self, *, id: UUID, owner_id: str, name: str, content_type: str | None, size: int, sha256: str,
                 storage_key: str, metadata: dict[str, Any]) -> None:
        self.owner_id = owner_id
        self.name = name
        self.content_type = content_type
        self.storage_key = storage_key
        self.knowledge_id = named_knowledge_id(metadata)
        self.text_status: str | None = None
        self.text_error: str | None = None
        self.deleted = False

    class TextExtracted(Aggregate.Event):
        characters: int

    @event(TextExtracted)
    def text_extracted(self, *, characters: int) -> None:
        self.text_status, self.text_error = COMPLETED, None

    class ExtractionFailed(Aggregate.Event):
        error: str

    @event(ExtractionFailed)
    def extraction_failed(self, *, error: str) -> None:
        self.text_status, self.text_error = FAILED, error

    def rename(self, *, actor_id: str, name: str) -> None:
        """Cleaned as an upload's name is; a name that changes nothing records nothing."""
        if not name.strip():
            raise UnnamedFileError(self.id)
        cleaned = sanitised_name(name)
        if cleaned != self.name:
            self._rename(actor_id=actor_id, name=cleaned)

    class Renamed(Aggregate.Event):
        actor_id: str
        name: str

    @event(Renamed)
    def _rename(self, *, actor_id: str, name: str) -> None:
        self.name = name

    def edit_text(self, *, actor_id: str, text: str, limit: int) -> None:
        """Its text, as models are shown it, was replaced by someone's edit (the new text is kept
        beside the bytes, as an extracted one is): the text is then there, whatever extraction said."""
        if not text.strip():
            raise EmptyTextError(self.id)
        if len(text) > limit:
            raise TextTooLongError(len(text), limit)
        self._edit_text(actor_id=actor_id, characters=len(text))

    class TextEdited(Aggregate.Event):
        actor_id: str
        characters: int

    @event(TextEdited)
    def _edit_text(self, *, actor_id: str, characters: int) -> None:
        self.text_status, self.text_error = COMPLETED, None

    def delete(self, *, actor_id: str, reason: str) -> None:
        if self.deleted:
            raise NoSuchFileError(self.id)
        self._delete(actor_id=actor_id, reason=reason)

    class Deleted(Aggregate.Event):
        actor_id: str
        reason: str

    @event(Deleted)
    def _delete(self, *, actor_id: str, reason: str) -> None:
        self.deleted = True
