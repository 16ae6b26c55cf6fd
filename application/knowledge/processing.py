"""A file added to a knowledge base (or to be processed anew) becomes chunks in the base's
collection (named by the base's id), embedded and indexed; a file leaving the base, or the base
reset or deleted, takes its chunks out of the indexes. A reaction to the Knowledge context's log,
so that a crash anywhere finishes on restart.

Every step can be repeated: chunk ids are derived from the file, the position and the text, so
indexing again replaces rather than duplicates, and the chunks a file had before that it no longer
has are deleted first. The BM25 index is the ledger of which chunks a file has: it is written
before the vector index and cleared after it, so it always holds at least what the vector index
holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol
from uuid import UUID

from application.files.extraction import NO_TEXT
from application.files.service import Files
from application.identity.person_deletion import Settled
from application.knowledge.commands import ReportProcessing
from application.knowledge.service import COMPLETED, FAILED, STARTED, Knowledge
from application.retrieval.ports import Chunk, Embedder, EmbeddingError, LexicalIndex, MetadataValue, VectorIndex
from domain.files.errors import NoSuchFileError
from domain.knowledge.base import KnowledgeBase
from domain.knowledge.errors import FileNotInKnowledgeError, KnowledgeNotFoundError

BATCH = 64
"""Chunks embedded and indexed together: enough for the model to batch, few enough that a crash
loses little."""
GONE = "The file no longer exists, so it has nothing to process."


class Chunker(Protocol):
    def chunks(self, source_id: str, collection: str, text: str,
               metadata: dict[str, MetadataValue] | None = None) -> list[Chunk]: ...


class Indexes(Protocol):
    """The retrieval layer, opened on first use (the model loads when something is embedded)."""

    @property
    def embedder(self) -> Embedder: ...

    @property
    def vectors(self) -> VectorIndex: ...

    @property
    def lexical(self) -> LexicalIndex: ...


class ProcessingError(Exception):
    """Why a file could not be processed, for the person who added it to read."""


class KnowledgeProcessing:
    name: ClassVar[str] = "knowledge_processing"
    context: ClassVar[str] = "Knowledge"
    reacts_to: ClassVar[tuple[type, ...]] = (
        KnowledgeBase.FilesAdded, KnowledgeBase.ProcessingRequested, KnowledgeBase.FileRemoved,
        KnowledgeBase.Reset, KnowledgeBase.Deleted)

    def __init__(self, knowledge: Knowledge, files: Files, chunker: Chunker, indexes: Indexes,
                 settled: Settled) -> None:
        self._knowledge, self._files, self._chunker = knowledge, files, chunker
        self._indexes, self._settled = indexes, settled

    def react(self, event: Any) -> None:
        knowledge_id = event.originator_id
        if isinstance(event, KnowledgeBase.FilesAdded):
            for file_id in event.file_ids:
                self._process(knowledge_id, file_id, event.actor_id)
        elif isinstance(event, KnowledgeBase.ProcessingRequested):
            self._process(knowledge_id, event.file_id, event.actor_id)
        elif isinstance(event, KnowledgeBase.FileRemoved):
            self._remove(str(knowledge_id), event.file_id)
        elif isinstance(event, KnowledgeBase.Reset | KnowledgeBase.Deleted):
            self._indexes.vectors.drop(str(knowledge_id))
            self._indexes.lexical.drop(str(knowledge_id))

    def _process(self, knowledge_id: UUID, file_id: str, actor_id: str) -> None:
        """Skipped if the base no longer holds the file: a later event in the log removes it."""
        if not self._holds(knowledge_id, file_id) or not self._report(knowledge_id, file_id, actor_id, STARTED):
            return
        try:
            self._index(str(knowledge_id), file_id, self._chunks(str(knowledge_id), file_id))
        except ProcessingError as why:
            self._report(knowledge_id, file_id, actor_id, FAILED, str(why))
            return
        self._report(knowledge_id, file_id, actor_id, COMPLETED)

    def _chunks(self, collection: str, file_id: str) -> list[Chunk]:
        try:
            stored = self._files.file(UUID(file_id))
        except (NoSuchFileError, ValueError):
            raise ProcessingError(GONE) from None
        text = self._files.text(stored)
        if text is None:
            raise ProcessingError(stored.text_error or NO_TEXT)
        chunks = self._chunker.chunks(file_id, collection, text, {
            "file_id": file_id, "name": stored.name, "source": stored.name, "created_by": stored.owner_id})
        if not chunks:
            raise ProcessingError(NO_TEXT)
        return chunks

    def _index(self, collection: str, file_id: str, chunks: Sequence[Chunk]) -> None:
        kept = {chunk.id for chunk in chunks}
        self._delete(collection, [i for i in self._indexes.lexical.ids_of(collection, file_id) if i not in kept])
        for start in range(0, len(chunks), BATCH):
            batch = chunks[start:start + BATCH]
            try:
                vectors = self._indexes.embedder.embed([chunk.text for chunk in batch])
            except EmbeddingError as error:
                raise ProcessingError(f"The embedding engine could not embed the file's text: {error}") from None
            self._indexes.lexical.upsert(batch)
            self._indexes.vectors.upsert(batch, vectors)

    def _remove(self, collection: str, file_id: str) -> None:
        self._delete(collection, self._indexes.lexical.ids_of(collection, file_id))

    def _delete(self, collection: str, ids: list[str]) -> None:
        if ids:
            self._indexes.vectors.delete(collection, ids)
            self._indexes.lexical.delete(collection, ids)

    def _holds(self, knowledge_id: UUID, file_id: str) -> bool:
        try:
            return file_id in self._knowledge.knowledge_base(knowledge_id).files
        except KnowledgeNotFoundError:
            return False

    def _report(self, knowledge_id: UUID, file_id: str, actor_id: str, outcome: str, error: str = "") -> bool:
        """Whether it was recorded: not if the file left the base (or the base went) meanwhile."""
        try:
            position = self._knowledge.report_processing(ReportProcessing(
                knowledge_id=knowledge_id, file_id=file_id, outcome=outcome, actor_id=actor_id, error=error))
        except (KnowledgeNotFoundError, FileNotInKnowledgeError):
            return False
        self._settled(self._knowledge.name, position)
        return True
