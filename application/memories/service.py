from __future__ import annotations

from uuid import UUID

from application.context import BoundedContext
from application.log_positions import LogPosition
from application.memories.commands import AddMemory, DeleteMemoriesOf, DeleteMemory, UpdateMemory
from domain.memories.errors import MemoryNotFoundError
from domain.memories.memory import Memory


class Memories(BoundedContext):
    """What people asked to be remembered about them, each memory its owner's alone."""

    def add_memory(self, command: AddMemory) -> LogPosition | None:
        return self.commit(Memory.add(memory_id=command.memory_id, owner_id=command.owner_id,
                                      content=command.content))

    def update_memory(self, command: UpdateMemory) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            memory = self.memory(command.memory_id)
            memory.update(actor_id=command.actor_id, content=command.content)
            return self.commit(memory)

        return self.retrying(attempt, turn=command.memory_id)

    def delete_memory(self, command: DeleteMemory) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            memory = self.memory(command.memory_id)
            memory.delete(actor_id=command.actor_id)
            return self.commit(memory)

        return self.retrying(attempt, turn=command.memory_id)

    def delete_memories_of(self, command: DeleteMemoriesOf) -> LogPosition | None:
        """Idempotent, for a reaction as much as for the person: what is gone already is skipped."""
        def attempt() -> LogPosition | None:
            found = [self.find(memory_id) for memory_id in command.memory_ids]
            owned = [m for m in found if isinstance(m, Memory) and m.owner_id == command.owner_id]
            return self.commit(*[m for m in owned if m.discard(actor_id=command.actor_id)])

        return self.retrying(attempt)

    def memory(self, memory_id: UUID) -> Memory:
        """The memory, deleted or not; ``MemoryNotFoundError`` if there never was one."""
        memory = self.find(memory_id)
        if not isinstance(memory, Memory):
            raise MemoryNotFoundError(memory_id)
        return memory
