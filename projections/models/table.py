from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, MetaData, String, Table, Text


@dataclass(frozen=True)
class ModelTables:
    presets: Table
    retired: Table


def define_model_tables(metadata: MetaData, suffix: str = "") -> ModelTables:
    presets = Table(
        f"model_presets{suffix}",
        metadata,
        Column("aggregate_id", String(36), primary_key=True),
        Column("id", Text, nullable=False),
        Column("user_id", String(36), nullable=False),
        Column("base_model_id", Text),
        Column("name", Text, nullable=False),
        Column("params", JSON, nullable=False),
        Column("meta", JSON, nullable=False),
        Column("access_grants", JSON, nullable=False),
        Column("is_active", Boolean, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    retired = Table(
        f"retired_presets{suffix}",
        metadata,
        Column("aggregate_id", String(36), primary_key=True),
        Column("id", Text, nullable=False),
        Column("user_id", String(36), nullable=False),
    )
    """Deleted presets' ids and creators: what others kept of them (a chat's models, settings) is
    still their creator's text."""
    Index(f"ix_model_presets_id{suffix}", presets.c.id, unique=True)
    Index(f"ix_model_presets_created{suffix}", presets.c.created_at)
    return ModelTables(presets=presets, retired=retired)
