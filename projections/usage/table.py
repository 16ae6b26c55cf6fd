from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, Index, MetaData, String, Table, Text


@dataclass(frozen=True)
class UsageTables:
    chats: Table
    messages: Table
    named: Table


def define_usage_tables(metadata: MetaData, suffix: str = "") -> UsageTables:
    chats = Table(
        f"usage_chats{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
    )
    messages = Table(
        f"usage_messages{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("message_id", Text, primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("role", Text, nullable=False),
        Column("model_id", Text),
        # Epoch seconds: when the message says it was written, else when it was recorded.
        Column("created_at", BigInteger, nullable=False),
        # Both null for a message that states no usage (Open WebUI counts tokens only of those that do).
        Column("input_tokens", BigInteger),
        Column("output_tokens", BigInteger),
    )
    named = Table(  # whose model presets a chat's messages name (``Chat.PresetsNamed``)
        f"usage_named{suffix}",
        metadata,
        Column("chat_id", String(36), primary_key=True),
        Column("user_id", String(36), primary_key=True),
    )
    Index(f"ix_usage_named_user{suffix}", named.c.user_id)
    Index(f"ix_usage_chats_user{suffix}", chats.c.user_id)
    Index(f"ix_usage_messages_user_created{suffix}", messages.c.user_id, messages.c.created_at)
    Index(f"ix_usage_messages_created{suffix}", messages.c.created_at)
    return UsageTables(chats=chats, messages=messages, named=named)
