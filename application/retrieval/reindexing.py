"""The indexes built anew from the views (``annals reindex``): every knowledge base's files whose
processing completed, chunked with the Documents settings in force, and every memory, embedded by
the configured model into a new build beside the one in force; then swapped in. Writes no event:
the indexes are derived data.

Interrupted, the new build is abandoned and the old one stays in force; run again, it starts
afresh. A file whose text can no longer be had is reported and left out (as processing it now
would fail); an embedding engine that fails interrupts it (no build is swapped in without files)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from application.files.service import Files
from application.knowledge.file_indexing import Chunker, EngineFailedError, FileIndexing, Indexes, ProcessingError
from application.memories.index import MemoryIndex, MemoryRows

Json = dict[str, Any]
MEMORIES_A_BATCH = 64


class Reindexed(msgspec.Struct, frozen=True):
    files: int
    chunks: int
    memories: int
    left_out: list[str]
    """Each file left out and why."""


Progress = Callable[[str, int, int], None]
"""What is being indexed (``files``, ``memories``), how many of them are done, of how many."""


class Reindexing:
    def __init__(self, files: Files, chunker: Chunker, memory_rows: MemoryRows,
                 processed_files: Callable[[], list[tuple[str, str]]], memories: Callable[[], list[Json]]) -> None:
        self._files, self._chunker, self._memory_rows = files, chunker, memory_rows
        self._processed_files, self._memories = processed_files, memories

    def build(self, indexes: Indexes, progress: Progress) -> Reindexed:
        """Fills ``indexes`` (a new build's, empty) from the views."""
        files, chunks, left_out = self._index_files(FileIndexing(self._files, self._chunker, indexes), progress)
        memories = self._memories()
        index = MemoryIndex(indexes, self._memory_rows)
        for start in range(0, len(memories), MEMORIES_A_BATCH):
            index.put(memories[start:start + MEMORIES_A_BATCH])
            progress("memories", min(start + MEMORIES_A_BATCH, len(memories)), len(memories))
        return Reindexed(files=files, chunks=chunks, memories=len(memories),
                         left_out=left_out)

    def _index_files(self, indexing: FileIndexing, progress: Progress) -> tuple[int, int, list[str]]:
        processed = self._processed_files()
        chunks, left_out = 0, []
        for done, (knowledge_id, file_id) in enumerate(processed, 1):
            try:
                chunks += indexing.index(knowledge_id, file_id)
            except EngineFailedError:
                raise
            except ProcessingError as why:
                left_out.append(f"file {file_id} of knowledge base {knowledge_id}: {why}")
            progress("files", done, len(processed))
        return len(processed), chunks, left_out
