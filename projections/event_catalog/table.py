from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text


@dataclass(frozen=True)
class CatalogTables:
    entries: Table
    owners: Table
    subjects: Table


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
        Column("actor_id", String(36), comment="who acted, when the event says (the audit trail's who)"),
        Column("terms", Text, comment="its public fields' values, for free-text search (terms.py)"),
    )
    owners = Table(
        f"aggregate_owners_{name}{suffix}",
        metadata,
        Column("aggregate_id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
    )
    subjects = Table(
        f"event_subjects_{name}{suffix}",
        metadata,
        Column("position", Integer, primary_key=True, autoincrement=False),
        Column("user_id", String(36), primary_key=True,
               comment="a person the event concerns (its user_id, or those whose data it shows)"),
    )
    Index(f"ix_event_catalog_{name}_aggregate{suffix}", entries.c.aggregate_id, entries.c.position)
    Index(f"ix_event_catalog_{name}_user{suffix}", entries.c.user_id, entries.c.position)
    Index(f"ix_event_catalog_{name}_type{suffix}", entries.c.type, entries.c.position)
    Index(f"ix_event_catalog_{name}_actor{suffix}", entries.c.actor_id, entries.c.position)
    Index(f"ix_event_subjects_{name}_user{suffix}", subjects.c.user_id, subjects.c.position)
    return CatalogTables(entries=entries, owners=owners, subjects=subjects)
