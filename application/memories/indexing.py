"""A memory added or changed is embedded into its owner's collection; a deleted one leaves it. A
reaction to the Memories log, so that a crash anywhere finishes on restart, and every step can be
repeated: a memory's chunk is its id, so indexing it again replaces it.

An event is acted on as the memory now stands: an older content is not indexed when a later event
will index the newer one, and a memory deleted since is only removed (so a replay after its owner
was forgotten never indexes their erased texts). An embedding engine that fails is recorded as the
reaction's fault, retried with it; the owner's ``reset`` indexes their memories anew meanwhile."""

from __future__ import annotations

from typing import Any, ClassVar

from application.memories.index import MemoryIndex
from application.memories.service import Memories
from domain.memories.memory import Memory


class MemoryIndexing:
    name: ClassVar[str] = "memory_indexing"
    context: ClassVar[str] = "Memories"
    reacts_to: ClassVar[tuple[type, ...]] = (Memory.Added, Memory.Updated, Memory.Deleted)

    def __init__(self, memories: Memories, index: MemoryIndex) -> None:
        self._memories, self._index = memories, index

    def react(self, event: Any) -> None:
        memory = self._memories.memory(event.originator_id)
        if memory.deleted:
            self._index.remove(memory.owner_id, str(memory.id))
        elif memory.version == event.originator_version:
            self._index.put([{"id": str(memory.id), "user_id": memory.owner_id, "content": event.content,
                              "created_at": int(memory.created_on.timestamp()),
                              "updated_at": int(event.timestamp.timestamp())}])
