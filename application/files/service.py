from __future__ import annotations

import hashlib
from collections.abc import Mapping
from uuid import UUID

import structlog
from eventsourcing.persistence import IntegrityError

from application.access.resources import Action, Kind, Principal
from application.access.rules import permits
from application.context import BoundedContext, CommitListener, EventSealing
from application.files.commands import DeleteFile, EditFileText, EraseFiles, RenameFile, UploadFile
from application.files.extraction import Extracted, Extraction
from application.files.ports import BlobMissingError, BlobStore, ExtractionError
from application.idempotency import done_before, remembered
from application.log_positions import LogPosition
from domain.files.errors import ForeignFileError, NoSuchFileError
from domain.files.file import COMPLETED, StoredFile

log = structlog.get_logger()
ERASED = "its owner's account was deleted"


class Files(BoundedContext):
    """Uploaded files: their lives are events, their bytes are in the blob store.

    The bytes are stored before the upload is recorded, so a recorded file always has them; a
    failed record leaves no bytes behind. So is the text extracted from them (``<key>.txt``), so
    that a file whose text is ``completed`` has it at hand on every turn: converting a PDF again
    for each question would cost seconds; and a converted document's structure (``<key>.json``),
    which its chunks follow. Deletion is recorded first and all of them destroyed after the
    commit (a crash in between leaves bytes that no live file names, never a file without them).
    """

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener, *, blobs: BlobStore,
                 extraction: Extraction, max_size: int, sealing: EventSealing | None = None) -> None:
        super().__init__(env, on_commit, sealing)
        self._blobs = blobs
        self._extraction = extraction
        self.max_size = max_size

    def upload_file(self, command: UploadFile) -> LogPosition | None:
        if done_before(self, command.once):
            return self.as_before()  # a retry: the first upload's bytes and record stand
        key = str(command.file_id)  # per id, not by content: deleting one person's file never touches another's
        stored = StoredFile.upload(
            file_id=command.file_id, owner_id=command.owner_id, name=command.name,
            content_type=command.content_type, size=len(command.data),
            sha256=hashlib.sha256(command.data).hexdigest(), storage_key=key, metadata=command.metadata,
            limit=self.max_size)
        extracted = self._extracted(stored, command.data) if command.process else None
        try:
            self._blobs.put(key, command.data)
            if extracted is not None:
                self._keep(key, extracted)
            return self.commit(stored, *remembered(command.once, command.file_id))
        except IntegrityError:
            if done_before(self, command.once):
                return self.as_before()  # a retry racing the first: the bytes just written are its bytes
            self._forget(key)
            raise
        except BaseException:
            self._forget(key)
            raise

    def _extracted(self, stored: StoredFile, data: bytes) -> Extracted | None:
        """The file's text, recorded as extracted; or None, recorded as failed with the reason."""
        try:
            extracted = self._extraction.extracted(stored.name, stored.content_type, data)
        except ExtractionError as why:
            stored.extraction_failed(error=str(why))
            return None
        stored.text_extracted(characters=len(extracted.text))
        return extracted

    def _keep(self, key: str, extracted: Extracted) -> None:
        self._blobs.put(_text_key(key), extracted.text.encode("utf-8"))
        if extracted.structure is not None:
            self._blobs.put(_structure_key(key), extracted.structure)

    def delete_file(self, command: DeleteFile) -> LogPosition | None:
        def attempt() -> tuple[LogPosition | None, str]:
            stored = self.file(command.file_id)
            _check(stored, command.actor_id, command.is_admin, Action.DELETE)
            stored.delete(actor_id=command.actor_id, reason="deleted")
            return self.commit(stored), stored.storage_key

        position, key = self.retrying(attempt)
        self._forget(key)
        return position

    def rename_file(self, command: RenameFile) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            stored = self.file(command.file_id)
            _check(stored, command.actor_id, command.is_admin, Action.WRITE)
            stored.rename(actor_id=command.actor_id, name=command.name)
            return self.commit(stored)

        return self.retrying(attempt)

    def edit_file_text(self, command: EditFileText) -> LogPosition | None:
        """The new text is kept where the extracted one was, then recorded; if the record fails, the
        text it replaced is put back, so the kept text is always the one the log last speaks of.
        The document's structure goes first: it describes the text extracted, not the edited one,
        so the edited text is chunked as text (a crash after that leaves the old text chunked as
        text, never the new one chunked along the old structure)."""
        def attempt() -> LogPosition | None:
            stored = self.file(command.file_id)
            _check(stored, command.actor_id, command.is_admin, Action.WRITE)
            stored.edit_text(actor_id=command.actor_id, text=command.text, limit=self._extraction.max_characters)
            key, structure_key = _text_key(stored.storage_key), _structure_key(stored.storage_key)
            before, structure_before = self._kept(key), self._kept(structure_key)
            self._blobs.delete(structure_key)
            self._blobs.put(key, command.text.encode("utf-8"))
            try:
                return self.commit(stored)
            except BaseException:
                self._put_back(stored.id, {key: before, structure_key: structure_before})
                raise

        return self.retrying(attempt, turn=command.file_id)  # one edit at a time puts back what it replaced

    def _put_back(self, file_id: UUID, replaced: dict[str, bytes | None]) -> None:
        """What a failed edit replaced; nothing if the file was deleted meanwhile (the deletion that
        won the race destroyed its blobs: put back, they would outlive it, no one's to erase)."""
        if not isinstance(current := self.find(file_id), StoredFile) or current.deleted:
            replaced = dict.fromkeys(replaced)
        for key, before in replaced.items():
            if before is None:
                self._blobs.delete(key)
            else:
                self._blobs.put(key, before)

    def _kept(self, key: str) -> bytes | None:
        try:
            return self._blobs.get(key)
        except BlobMissingError:
            return None

    def erase_files(self, command: EraseFiles) -> LogPosition | None:
        def attempt() -> tuple[LogPosition | None, list[str]]:
            owned = [f for f in map(self.find, command.file_ids)
                     if isinstance(f, StoredFile) and f.owner_id == command.owner_id and not f.deleted]
            for stored in owned:
                stored.delete(actor_id=command.actor_id, reason=command.reason or ERASED)
            return self.commit(*owned), [stored.storage_key for stored in owned]

        position, keys = self.retrying(attempt)
        for key in keys:
            self._forget(key)
        return position

    def _forget(self, key: str) -> None:
        self._blobs.delete(key)
        self._blobs.delete(_text_key(key))
        self._blobs.delete(_structure_key(key))

    # -- reads the write side answers ------------------------------------------------------------

    def file(self, file_id: UUID) -> StoredFile:
        stored = self.find(file_id)
        if not isinstance(stored, StoredFile) or stored.deleted:
            raise NoSuchFileError(file_id)
        return stored

    def readable(self, file_id: UUID, user_id: str, is_admin: bool) -> StoredFile:
        stored = self.file(file_id)
        _check(stored, user_id, is_admin, Action.READ)
        return stored

    def content(self, stored: StoredFile) -> bytes:
        return self._blobs.get(stored.storage_key)

    def text(self, stored: StoredFile) -> str | None:
        """The text models are shown of it, if it was extracted."""
        if stored.text_status != COMPLETED:
            return None
        try:
            return self._blobs.get(_text_key(stored.storage_key)).decode("utf-8")
        except BlobMissingError:
            pass  # extracted before texts were kept: then only UTF-8 text files were, read as they are
        try:
            return self.content(stored).decode("utf-8-sig")
        except (BlobMissingError, UnicodeDecodeError):
            return None

    def structure(self, stored: StoredFile) -> bytes | None:
        """The structure of the document its text was extracted from; None for a text file, a
        text edited by hand, or a file whose text was not extracted."""
        return self._kept(_structure_key(stored.storage_key)) if stored.text_status == COMPLETED else None


def _text_key(key: str) -> str:
    return f"{key}.txt"


def _structure_key(key: str) -> str:
    return f"{key}.json"


def _check(stored: StoredFile, user_id: str, is_admin: bool, action: Action) -> None:
    """The one access rule (``application.access.rules``): its owner, and admins, as in Open WebUI;
    to anyone else it does not exist (``ForeignFileError`` is answered as a 404)."""
    if not permits(Principal.acting(user_id, is_admin), action, Kind.FILE, stored.owner_id, ()):
        raise ForeignFileError(stored.id, user_id)
