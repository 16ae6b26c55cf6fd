"""A file whose text was extracted becomes chunks in its own collection (``file-{id}``), embedded
and indexed as a knowledge base's files are (``FileIndexing``), so that a chat it is dropped into
is shown the passages nearest the question rather than the whole of it; a deleted file (its owner
forgotten, or a retention policy due) takes its chunks out of the indexes; an edited text is indexed
anew. A reaction to the Files context's log, so that a crash anywhere finishes on restart; indexing
again replaces the chunks.

Derived data, as the indexes are: no event records it. A file that cannot be indexed (the engine
failed, the indexes are stale) is logged and left whole for chats (``FileChunks``) until the
indexes are rebuilt (``annals reindex``). Files uploaded into a knowledge base are indexed in the
base's collection instead; none is while the admin bypasses retrieval (as in Open WebUI)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar
from uuid import UUID

import structlog

from application.files.service import Files
from application.knowledge.file_collections import file_collection
from application.knowledge.file_indexing import Chunkers, FileIndexing, Indexes, ProcessingError, never
from application.retrieval.ports import IndexStaleError
from domain.files.errors import NoSuchFileError
from domain.files.file import StoredFile

log = structlog.get_logger()


class ChatFileIndexing:
    name: ClassVar[str] = "chat_file_indexing"
    context: ClassVar[str] = "Files"
    reacts_to: ClassVar[tuple[type, ...]] = (StoredFile.TextExtracted, StoredFile.TextEdited, StoredFile.Deleted)

    def __init__(self, files: Files, chunkers: Chunkers, indexes: Indexes, bypassed: Callable[[], bool],
                 stopping: Callable[[], bool] = never) -> None:
        self._files, self._indexes, self._bypassed = files, indexes, bypassed
        self._indexing = FileIndexing(files, chunkers, indexes, stopping)

    def react(self, event: Any) -> None:
        collection = file_collection(event.originator_id)
        if isinstance(event, StoredFile.Deleted):
            self._indexes.vectors.drop(collection)
            self._indexes.lexical.drop(collection)
        elif self._for_chats(event.originator_id) and not self._bypassed():
            try:
                self._indexing.index(collection, str(event.originator_id))
            except (ProcessingError, IndexStaleError) as why:
                log.warning("chat_file_indexing.left_whole", file_id=str(event.originator_id), reason=str(why))

    def _for_chats(self, file_id: UUID) -> bool:
        """Kept, and not uploaded into a knowledge base (a deleted one is dropped by a later event)."""
        try:
            return self._files.file(file_id).knowledge_id is None
        except NoSuchFileError:
            return False
