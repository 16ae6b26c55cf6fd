from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Column, Index, MetaData, String, Table, Text


@dataclass(frozen=True)
class FeedbackTables:
    feedbacks: Table
    named: Table


def define_feedback_tables(metadata: MetaData, suffix: str = "") -> FeedbackTables:
    """Open WebUI's ``feedback`` rows (without the chat snapshot), with the rated model and the
    rating taken out of ``data`` to filter and sort on, and the log position of the first rating,
    the order the leaderboard plays them in."""
    feedbacks = Table(
        f"feedbacks{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("user_id", String(36), nullable=False),
        Column("type", Text, nullable=False),
        Column("data", JSON, nullable=False),
        Column("meta", JSON, nullable=False),
        Column("model_id", Text),
        Column("rating", Text),
        Column("position", BigInteger, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    Index(f"ix_feedbacks_user_updated{suffix}", feedbacks.c.user_id, feedbacks.c.updated_at)
    Index(f"ix_feedbacks_model_created{suffix}", feedbacks.c.model_id, feedbacks.c.created_at)
    named = Table(  # whose model presets a rating names (``Feedback.PresetsNamed``)
        f"feedback_named{suffix}",
        metadata,
        Column("feedback_id", String(36), primary_key=True),
        Column("user_id", String(36), primary_key=True),
    )
    Index(f"ix_feedback_named_user{suffix}", named.c.user_id)
    return FeedbackTables(feedbacks=feedbacks, named=named)
