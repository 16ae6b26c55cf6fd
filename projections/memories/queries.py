"""A person's memories in Open WebUI 0.12.4's shape (``MemoryModel``); nobody is ever asked for
another's."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from projections.memories.table import MemoryTables
from projections.runtime.store import ViewReader

Json = dict[str, Any]


class MemoryQueries:
    def __init__(self, engine: ViewReader, tables: MemoryTables) -> None:
        self._engine = engine
        self._memories = tables.memories

    def list_memories(self, user_id: str) -> list[Json]:
        """Oldest first, as they were added."""
        memories = self._memories
        query = select(memories).where(memories.c.user_id == user_id).order_by(memories.c.created_at, memories.c.id)
        with self._engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def everyones(self) -> list[Json]:
        """Every memory of everyone (what ``annals reindex`` embeds), by person, oldest first."""
        memories = self._memories
        query = select(memories).order_by(memories.c.user_id, memories.c.created_at, memories.c.id)
        with self._engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def get_memories(self, user_id: str, memory_ids: Collection[str]) -> dict[str, Json]:
        """Those of ``memory_ids`` that are ``user_id``'s, by id."""
        memories = self._memories
        query = select(memories).where(memories.c.user_id == user_id, memories.c.id.in_(list(memory_ids)))
        with self._engine.connect() as conn:
            return {row.id: dict(row._mapping) for row in conn.execute(query)}

    def ids_of(self, user_id: str) -> list[str]:
        memories = self._memories
        with self._engine.connect() as conn:
            return list(conn.scalars(select(memories.c.id).where(memories.c.user_id == user_id)))
