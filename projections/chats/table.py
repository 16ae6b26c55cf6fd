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
class ChatTables:
    chats: Table
    messages: Table
    tags: Table
    shares: Table
    share_grants: Table
    share_files: Table
    citations: Table
    quotes: Table


def define_chat_tables(metadata: MetaData, suffix: str = "") -> ChatTables:
    chats = Table(
        f"chats{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("title", Text, nullable=False),
        Column("properties", JSON, nullable=False),
        Column("current_message_id", Text),
        Column("archived", Boolean, nullable=False),
        Column("pinned", Boolean, nullable=False),
        Column("folder_id", String(64)),
        Column("share_id", String(64)),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
        Column("last_position", Integer, nullable=False),
        # The positions of the last events that wrote, and that deleted, any of its message rows:
        # what a reader holding the chat's messages compares to fetch only what changed.
        Column("messages_revision", Integer, nullable=False),
        Column("pruned_at", Integer, nullable=False),
    )
    messages = Table(
        f"chat_messages{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("id", Text, primary_key=True),
        Column("seq", Integer, nullable=False),
        Column("revision", Integer, nullable=False),  # the position of the last event that wrote the row
        Column("parent_id", Text),
        Column("content", Text, nullable=False),
        Column("document", Text, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    tags = Table(
        f"chat_tags{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("tag_id", String(255), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("name", Text, nullable=False),
        Column("created_at", BigInteger, nullable=False),
    )
    shares = Table(
        f"chat_shares{suffix}",
        metadata,
        Column("share_id", String(64), primary_key=True),
        Column("chat_id", String(36), nullable=False),
        Column("user_id", String(36), nullable=False),
        Column("title", Text, nullable=False),
        Column("chat", JSON, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
        Column("last_position", Integer, nullable=False),  # orders shares made within one second
    )
    share_grants = Table(  # who besides the owner may read the chat's share; kept per chat, as Open WebUI
        f"chat_share_grants{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("principal_type", String(16), primary_key=True),
        Column("principal_id", String(255), primary_key=True),
        Column("permission", String(16), primary_key=True),
    )
    share_files = Table(  # the files the chat's shared snapshot carries in its messages' file lists
        f"chat_share_files{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("file_id", String(36), primary_key=True),
    )
    citations = Table(  # whose passages each reply's sources quote (``Chat.SourcesCited``)
        f"chat_citations{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("message_id", Text, primary_key=True),
        Column("user_id", String(36), primary_key=True),
        Column("places", JSON, nullable=False),  # where in the reply's ``sources`` theirs stand
    )
    quotes = Table(  # whose texts besides its sources a chat quotes (a copy of their chat)
        f"chat_quotes{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("user_id", String(36), primary_key=True),
    )
    Index(f"ix_chat_citations_user{suffix}", citations.c.user_id)
    Index(f"ix_chat_quotes_user{suffix}", quotes.c.user_id)
    Index(f"ix_chat_share_files_file{suffix}", share_files.c.file_id)
    Index(f"ix_chats_user_updated{suffix}", chats.c.user_id, chats.c.updated_at)
    Index(f"ix_chat_messages_seq{suffix}", messages.c.chat_id, messages.c.seq)
    Index(f"ix_chat_messages_revision{suffix}", messages.c.chat_id, messages.c.revision)
    Index(f"ix_chat_tags_user{suffix}", tags.c.user_id, tags.c.tag_id)
    Index(f"ix_chat_shares_chat{suffix}", shares.c.chat_id)
    Index(f"ix_chat_shares_user{suffix}", shares.c.user_id, shares.c.updated_at)
    return ChatTables(chats=chats, messages=messages, tags=tags, shares=shares, share_grants=share_grants,
                      share_files=share_files, citations=citations, quotes=quotes)
