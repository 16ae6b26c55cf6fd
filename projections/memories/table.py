from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, Index, MetaData, String, Table, Text


@dataclass(frozen=True)
class MemoryTables:
    memories: Table


def define_memory_tables(metadata: MetaData, suffix: str = "") -> MemoryTables:
    memories = Table(
        f"memories{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("content", Text, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    Index(f"ix_memories_user{suffix}", memories.c.user_id, memories.c.created_at)
    return MemoryTables(memories=memories)
