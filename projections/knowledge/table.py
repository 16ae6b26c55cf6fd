from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Column, Index, MetaData, String, Table, Text


@dataclass(frozen=True)
class KnowledgeTables:
    bases: Table
    grants: Table
    files: Table


def define_knowledge_tables(metadata: MetaData, suffix: str = "") -> KnowledgeTables:
    bases = Table(
        f"knowledge_bases{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("name", Text, nullable=False),
        Column("description", Text, nullable=False),
        Column("access_grants", JSON, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    grants = Table(
        f"knowledge_grants{suffix}",
        metadata,
        Column("knowledge_id", String(36), primary_key=True),
        Column("principal_type", String(10), primary_key=True),
        Column("principal_id", String(255), primary_key=True),
        Column("permission", String(10), primary_key=True),
    )
    """The grants again, a row each, so that who may see a base is asked in SQL."""
    files = Table(
        f"knowledge_files{suffix}",
        metadata,
        Column("knowledge_id", String(36), primary_key=True),
        Column("file_id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("status", String(16), nullable=False),
        Column("error", Text),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    """Which files each base holds, who added each, and how far its processing for the base has come."""
    Index(f"ix_knowledge_bases_user{suffix}", bases.c.user_id)
    Index(f"ix_knowledge_bases_updated{suffix}", bases.c.updated_at)
    Index(f"ix_knowledge_grants_principal{suffix}", grants.c.principal_type, grants.c.principal_id)
    Index(f"ix_knowledge_files_file{suffix}", files.c.file_id)
    return KnowledgeTables(bases=bases, grants=grants, files=files)
