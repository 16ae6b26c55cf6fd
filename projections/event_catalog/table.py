from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table


@dataclass(frozen=True)
class CatalogTables:
    entries: Table
    owners: Table


def define_catalog_tables(context: str, metadata: MetaData, suffix: str = "") -> CatalogTables:
    name = context.lower()
    entries = Table(
        f"event_catalog_{name}{suffix}",
        metadata,
        Column("position", Integer, primary_key=True, autoincrement=False),
        Column("aggregate_id", String(36), nullable=False),
        Column("aggregate_version", Integer, nullable=False),
        Column("type", String(200), nullable=False),
        Column("user_id", String(36)),
        Column("timestamp", Float, nullable=False),
    )
    owners = Table(
        f"aggregate_owners_{name}{suffix}",
        metadata,
        Column("aggregate_id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
    )
    if not suffix:
        Index(f"ix_event_catalog_{name}_aggregate", entries.c.aggregate_id, entries.c.position)
        Index(f"ix_event_catalog_{name}_user", entries.c.user_id, entries.c.position)
        Index(f"ix_event_catalog_{name}_type", entries.c.type, entries.c.position)
    return CatalogTables(entries=entries, owners=owners)
