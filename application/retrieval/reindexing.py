"""The indexes built anew from the views (``annals reindex``): every knowledge base's files whose
processing completed and every chat's file whose text was extracted (in its own collection),
chunked with the Documents settings in force, and every memory, embedded by
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
from application.knowledge.file_indexing import Chunkers, EngineFailedError, FileIndexing, Indexes, ProcessingError
from application.memories.index import MemoryIndex, MemoryRows

Json = dict[str, Any]
MEMORIES_A_BATCH = 64


class Seen(msgspec.Struct, frozen=True):
    """The views' processed files and memories as a build last took them in."""

    files: list[tuple[str, str]]
    memories: list[Json]


class Reindexed(msgspec.Struct, frozen=True):
    files: int
    chunks: int
    memories: int
    left_out: list[str]
    """Each file left out and why."""
    seen: Seen


Progress = Callable[[str, int, int], None]
"""What is being indexed (``files``, ``memories``), how many of them are done, of how many."""


class Reindexing:
    def __init__(self, files: Files, chunkers: Chunkers, memory_rows: MemoryRows,
                 processed_files: Callable[[], list[tuple[str, str]]], memories: Callable[[], list[Json]]) -> None:
        self._files, self._chunkers, self._memory_rows = files, chunkers, memory_rows
        self._processed_files, self._memories = processed_files, memories

    def build(self, indexes: Indexes, progress: Progress) -> Reindexed:
        """Fills ``indexes`` (a new build's, empty) from the views, then takes in what changed in
        them meanwhile (the build in force took it in: a memory or file deleted, a person forgotten,
        must not come back with the swap)."""
        indexing, memory_index = FileIndexing(self._files, self._chunkers, indexes), MemoryIndex(
            indexes, self._memory_rows)
        processed, memories = self._processed_files(), self._memories()
        chunks, left_out = self._index_files(indexing, processed, progress)
        for start in range(0, len(memories), MEMORIES_A_BATCH):
            memory_index.put(memories[start:start + MEMORIES_A_BATCH])
            progress("memories", min(start + MEMORIES_A_BATCH, len(memories)), len(memories))
        seen = self.changed_since(indexes, Seen(processed, memories), progress)
        return Reindexed(files=len(processed), chunks=chunks, memories=len(memories), left_out=left_out, seen=seen)

    def changed_since(self, indexes: Indexes, seen: Seen, progress: Progress) -> Seen:
        """What changed in the views since ``seen`` taken into ``indexes``; what is seen now. Run
        again once the new build is in force, for what changed between the last look and the swap
        (processing went on into the old build meanwhile)."""
        indexing, memory_index = FileIndexing(self._files, self._chunkers, indexes), MemoryIndex(
            indexes, self._memory_rows)
        processed, memories = seen.files, seen.memories
        now, before = self._processed_files(), set(processed)
        for collection, file_id in before - set(now):
            indexing.remove(collection, file_id)
        self._index_files(indexing, [held for held in now if held not in before], progress)
        current = {memory["id"]: memory for memory in self._memories()}
        for memory in memories:
            if memory["id"] not in current:
                memory_index.remove(memory["user_id"], memory["id"])
        indexed = {(memory["id"], memory["updated_at"]) for memory in memories}
        memory_index.put([m for m in current.values() if (m["id"], m["updated_at"]) not in indexed])
        return Seen(now, list(current.values()))

    def _index_files(self, indexing: FileIndexing, processed: list[tuple[str, str]],
                     progress: Progress) -> tuple[int, list[str]]:
        chunks, left_out = 0, []
        for done, (collection, file_id) in enumerate(processed, 1):
            try:
                chunks += indexing.index(collection, file_id)
            except EngineFailedError:
                raise
            except ProcessingError as why:
                left_out.append(f"file {file_id} in collection {collection}: {why}")
            progress("files", done, len(processed))
        return chunks, left_out
