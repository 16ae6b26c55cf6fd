from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)


@dataclass(frozen=True)
class FolderTables:
    folders: Table
    named: Table


def define_folder_tables(metadata: MetaData, suffix: str = "") -> FolderTables:
    folders = Table(
        f"folders{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("parent_id", String(36)),
        Column("name", Text, nullable=False),
        Column("data", JSON),
        Column("meta", JSON),
        Column("is_expanded", Boolean, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
        Column("seq", Integer, nullable=False),
    )
    named = Table(
        f"folder_named{suffix}",
        metadata,
        Column("folder_id", String(36), primary_key=True),
        Column("user_id", String(36), primary_key=True),
    )
    """Whose model presets a folder's ``data.model_ids`` has listed (``Folder.PresetsNamed``):
    replayed when the presets' creator is forgotten."""
    Index(f"ix_folders_user{suffix}", folders.c.user_id, folders.c.seq)
    Index(f"ix_folder_named_user{suffix}", named.c.user_id)
    return FolderTables(folders=folders, named=named)
