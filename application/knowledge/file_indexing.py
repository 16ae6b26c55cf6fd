"""A file's text as chunks in a knowledge base's collection, embedded and indexed (or taken out
again): what processing a file does, and what ``annals reindex`` does for every processed file.
A document converted on upload is cut along its structure (headings, pages: its chunks say where
they are, for citations); a text file, or a text edited by hand, is cut as text. Both the same
way each time, so processing and reindexing a file give it the same chunk ids.

Every step can be repeated: chunk ids are derived from the file, the position and the text, so
indexing again replaces rather than duplicates, and the chunks a file had before that it no longer
has are deleted first. The BM25 index is the ledger of which chunks a file has: it is written
before the vector index and cleared after it, so it always holds at least what the vector index
holds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

import structlog

from application.files.extraction import NO_TEXT
from application.files.service import Files
from application.reactions import Postponed
from application.retrieval.ports import Chunk, Embedder, EmbeddingError, LexicalIndex, MetadataValue, VectorIndex
from domain.files.errors import NoSuchFileError
from domain.files.file import StoredFile

log = structlog.get_logger()

BATCH = 64
"""Chunks embedded and indexed together: enough for the model to batch, few enough that a crash
loses little."""
GONE = "The file no longer exists, so it has nothing to process."


class Chunker(Protocol):
    def chunks(self, source_id: str, collection: str, text: str,
               metadata: dict[str, MetadataValue] | None = None) -> list[Chunk]: ...


class StructureChunker(Protocol):
    def chunks(self, source_id: str, collection: str, structure: bytes,
               metadata: dict[str, MetadataValue] | None = None) -> list[Chunk]:
        """``UnreadableStructureError`` if ``structure`` is not one it can read."""


@dataclass(frozen=True)
class Chunkers:
    text: Chunker
    structure: StructureChunker


class UnreadableStructureError(Exception):
    """A document's kept structure cannot be read (a reader's later version, a damaged blob)."""


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


class EngineFailedError(ProcessingError):
    """The embedding engine failed: not the file's fault (it may be processed once the engine is back)."""


def never() -> bool:
    return False


class FileIndexing:
    """``stopping``: whether the process is stopping. A long document is embedded a batch at a
    time, and between two batches a stopping process leaves it (``Postponed``: its reaction acts on
    it again after the restart, replacing what was written), rather than be cut off mid-batch."""

    def __init__(self, files: Files, chunkers: Chunkers, indexes: Indexes,
                 stopping: Callable[[], bool] = never) -> None:
        self._files, self._chunkers, self._indexes = files, chunkers, indexes
        self._stopping = stopping

    def index(self, collection: str, file_id: str) -> int:
        """How many chunks the file has now; ``ProcessingError`` if it has none."""
        chunks = self._chunks(collection, file_id)
        self._index(collection, file_id, chunks)
        return len(chunks)

    def remove(self, collection: str, file_id: str) -> None:
        self._delete(collection, self._indexes.lexical.ids_of(collection, file_id))

    def _chunks(self, collection: str, file_id: str) -> list[Chunk]:
        try:
            stored = self._files.file(UUID(file_id))
        except (NoSuchFileError, ValueError):
            raise ProcessingError(GONE) from None
        text = self._files.text(stored)
        if text is None:
            raise ProcessingError(stored.text_error or NO_TEXT)
        metadata: dict[str, MetadataValue] = {
            "file_id": file_id, "name": stored.name, "source": stored.name, "created_by": stored.owner_id}
        chunks = (self._structured(stored, file_id, collection, metadata)
                  or self._chunkers.text.chunks(file_id, collection, text, metadata))
        if not chunks:
            raise ProcessingError(NO_TEXT)
        return chunks

    def _structured(self, stored: StoredFile, file_id: str, collection: str,
                    metadata: dict[str, MetadataValue]) -> list[Chunk] | None:
        """Cut along the document's structure, if one is kept and readable (else it is cut as the
        text it is: the text is there either way)."""
        if (structure := self._files.structure(stored)) is None:
            return None
        try:
            return self._chunkers.structure.chunks(file_id, collection, structure, metadata)
        except UnreadableStructureError as why:
            log.warning("file_indexing.structure_unreadable", file_id=file_id, reason=str(why))
            return None

    def _index(self, collection: str, file_id: str, chunks: Sequence[Chunk]) -> None:
        kept = {chunk.id for chunk in chunks}
        self._delete(collection, [i for i in self._indexes.lexical.ids_of(collection, file_id) if i not in kept])
        write_chunks(self._indexes, chunks, self._stopping)

    def _delete(self, collection: str, ids: list[str]) -> None:
        if ids:
            self._indexes.vectors.delete(collection, ids)
            self._indexes.lexical.delete(collection, ids)


def write_chunks(indexes: Indexes, chunks: Sequence[Chunk], stopping: Callable[[], bool] = never) -> None:
    """Embed and index ``chunks`` a batch at a time, shortest first: the model pads a batch to its
    longest text, and a document's short chunks (a page's or a section's last) spread over every
    batch would make each pad them up (7% more tokens on a 200-page PDF than in length order).
    ``Postponed`` between two batches once ``stopping``."""
    by_length = sorted(chunks, key=lambda chunk: len(chunk.text))
    for start in range(0, len(by_length), BATCH):
        if stopping():
            raise Postponed("the process is stopping")
        batch = by_length[start:start + BATCH]
        try:
            vectors = indexes.embedder.embed([chunk.text for chunk in batch])
        except EmbeddingError as error:
            raise EngineFailedError(f"The embedding engine could not embed the file's text: {error}") from None
        indexes.lexical.upsert(batch)
        indexes.vectors.upsert(batch, vectors)
