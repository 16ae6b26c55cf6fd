from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData

from domain.memories.memory import Memory
from projections.memories.table import MemoryTables, define_memory_tables
from projections.runtime.projector import Change, Projector, epoch

NOTHING: tuple[Change, ...] = ()


class MemoryViews(Projector):
    """Every memory that is kept, as Open WebUI's ``memory`` rows; a deleted one leaves the view."""

    view = "memories"
    context = "Memories"
    tables: MemoryTables

    def replica(self, metadata: MetaData, suffix: str) -> MemoryViews:
        return MemoryViews(define_memory_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return NOTHING

    @apply.register
    def _(self, event: Memory.Added, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.memories.insert().values(
            id=str(event.originator_id), user_id=event.owner_id, content=event.content, created_at=now,
            updated_at=now))
        return NOTHING

    @apply.register
    def _(self, event: Memory.Updated, conn: Connection, position: int) -> Iterable[Change]:
        memories = self.tables.memories
        conn.execute(memories.update().where(memories.c.id == str(event.originator_id))
                     .values(content=event.content, updated_at=epoch(event)))
        return NOTHING

    @apply.register
    def _(self, event: Memory.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        memories = self.tables.memories
        conn.execute(memories.delete().where(memories.c.id == str(event.originator_id)))
        return NOTHING
