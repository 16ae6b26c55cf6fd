from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Column, Index, MetaData, String, Table, Text


@dataclass(frozen=True)
class FileTables:
    files: Table


def define_file_tables(metadata: MetaData, suffix: str = "") -> FileTables:
    files = Table(
        f"files{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("filename", Text, nullable=False),
        Column("content_type", Text),
        Column("size", BigInteger, nullable=False),
        Column("hash", String(64), nullable=False),
        Column("data", JSON, nullable=False),
        Column("metadata", JSON, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    Index(f"ix_files_user_created{suffix}", files.c.user_id, files.c.created_at)
    return FileTables(files=files)
