"""Memories in the vector index: a collection per person (``user-memory-{id}``, as Open WebUI
names it), a chunk per memory under the memory's id, so indexing one again replaces it.

The index only ranks: what a search answers is read from the memories view, for the person who
asks, so a memory that is gone, or another's, is never shown whatever the index still holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import msgspec

from application.knowledge.file_indexing import Indexes
from application.retrieval.ports import Chunk

Json = dict[str, Any]


class MemoryRows(Protocol):
    """The memories view: a person's memories as ``{id, user_id, content, created_at, updated_at}``."""

    def list_memories(self, user_id: str) -> list[Json]: ...

    def get_memories(self, user_id: str, memory_ids: Sequence[str]) -> dict[str, Json]: ...


class Recalled(msgspec.Struct, frozen=True):
    memory: Json
    similarity: float


def collection_of(person_id: str) -> str:
    return f"user-memory-{person_id}"


class MemoryIndex:
    def __init__(self, indexes: Indexes, rows: MemoryRows) -> None:
        self._indexes, self._rows = indexes, rows

    def put(self, memories: Sequence[Json]) -> None:
        """Embeds and indexes these memories (``MemoryRows``' shape), replacing what each had."""
        if not memories:
            return
        chunks = [Chunk(id=m["id"], collection=collection_of(m["user_id"]), text=m["content"],
                        metadata={"created_at": m["created_at"], "updated_at": m["updated_at"]}) for m in memories]
        self._indexes.vectors.upsert(chunks, self._indexes.embedder.embed([chunk.text for chunk in chunks]))

    def remove(self, person_id: str, memory_id: str) -> None:
        self._indexes.vectors.delete(collection_of(person_id), [memory_id])

    def forget_person(self, person_id: str) -> None:
        """Their collection goes (they are forgotten, or their memories are indexed anew)."""
        self._indexes.vectors.drop(collection_of(person_id))

    def reindex(self, person_id: str) -> int:
        """The person's collection made anew from their memories as the view holds them (Open WebUI's
        ``reset``); how many it holds."""
        memories = self._rows.list_memories(person_id)
        self.forget_person(person_id)
        self.put(memories)
        return len(memories)

    def recall(self, person_id: str, text: str, top_k: int, threshold: float = 0.0) -> list[Recalled]:
        """The person's memories nearest ``text``, most similar first, none below ``threshold``."""
        hits = self._indexes.vectors.search(self._indexes.embedder.embed([text]), top_k, [collection_of(person_id)])
        kept = self._rows.get_memories(person_id, [hit.chunk.id for hit in hits])
        return [Recalled(kept[hit.chunk.id], hit.score) for hit in hits
                if hit.chunk.id in kept and hit.score >= threshold]
