from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table


@dataclass(frozen=True)
class ReadTables:
    reads: Table


def define_read_tables(metadata: MetaData, suffix: str = "") -> ReadTables:
    reads = Table(
        f"chat_reads{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
        # Epoch seconds, as Open WebUI keeps it (0 once marked unread); and the log position of the
        # read, none for the read that creating the chat is. See ChatReadQueries for what is unread.
        Column("last_read_at", BigInteger, nullable=False),
        Column("read_position", Integer),
        # The replies being generated: a chat with one is not counted unread (Open WebUI's rule).
        Column("running_replies", JSON, nullable=False),
        Column("replying", Boolean, nullable=False),
    )
    Index(f"ix_chat_reads_user{suffix}", reads.c.user_id)
    return ReadTables(reads=reads)
