from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from projections.runtime.store import ViewReader
from projections.usage.table import UsageTables

ACTIVE_GAP_SECONDS = 30 * 60
"""Open WebUI's: a longer pause between two messages is not time spent in the chat."""


@dataclass(frozen=True)
class Tally:
    """What a person's messages add up to, over a period or their whole life."""

    roles: dict[str, int]
    input_tokens: int
    output_tokens: int
    models_used: int


@dataclass(frozen=True)
class Stamp:
    """One message, as the day-by-day figures need it."""

    created_at: int
    chat_id: str
    role: str
    model_id: str | None
    tokens: int


class UsageQueries:
    """A person's messages and chats, counted as Open WebUI's usage statistics count them; a
    period is ``(start, end)`` epoch seconds, both included, or None for all time."""

    def __init__(self, engine: ViewReader, tables: UsageTables) -> None:
        self._engine = engine
        self._chats = tables.chats
        self._messages = tables.messages

    def tally(self, user_id: str, period: tuple[int, int] | None = None) -> Tally:
        m = self._messages.c
        within = (m.user_id == user_id, *self._within(period))
        assistant = (*within, m.role == "assistant")
        with self._engine.connect() as conn:
            by_role = select(m.role, func.count()).where(*within).group_by(m.role)
            roles: dict[str, int] = dict(conn.execute(by_role).all())
            tokens = conn.execute(select(func.coalesce(func.sum(m.input_tokens), 0),
                                         func.coalesce(func.sum(m.output_tokens), 0)).where(*assistant)).one()
            models = conn.execute(select(func.count(m.model_id.distinct())).where(*assistant)).scalar_one()
        return Tally(roles=roles, input_tokens=int(tokens[0]), output_tokens=int(tokens[1]), models_used=models)

    def stamps(self, user_id: str, period: tuple[int, int]) -> list[Stamp]:
        m = self._messages.c
        tokens = func.coalesce(m.input_tokens, 0) + func.coalesce(m.output_tokens, 0)
        statement = select(m.created_at, m.chat_id, m.role, m.model_id, tokens).where(
            m.user_id == user_id, *self._within(period))
        with self._engine.connect() as conn:
            return [Stamp(*row) for row in conn.execute(statement)]

    def top_models(self, user_id: str, period: tuple[int, int], limit: int = 5) -> list[dict[str, Any]]:
        m = self._messages.c
        count = func.count()
        statement = (select(m.model_id, count, func.coalesce(func.sum(m.input_tokens), 0),
                            func.coalesce(func.sum(m.output_tokens), 0))
                     .where(m.user_id == user_id, m.role == "assistant", m.model_id.is_not(None), *self._within(period))
                     .group_by(m.model_id).order_by(count.desc(), m.model_id).limit(limit))
        with self._engine.connect() as conn:
            rows = conn.execute(statement).all()
        return [{"model_id": model_id, "messages": messages, "input_tokens": int(tokens_in),
                 "output_tokens": int(tokens_out), "total_tokens": int(tokens_in) + int(tokens_out)}
                for model_id, messages, tokens_in, tokens_out in rows]

    def chat_count(self, user_id: str) -> int:
        with self._engine.connect() as conn:
            owned = select(func.count()).select_from(self._chats).where(self._chats.c.user_id == user_id)
            return conn.execute(owned).scalar_one()

    def longest_chat_seconds(self, user_id: str) -> int:
        """The most time spent in one chat: the pauses between its messages, each up to 30 minutes."""
        m = self._messages.c
        statement = (select(m.chat_id, m.created_at).where(m.user_id == user_id)
                     .order_by(m.chat_id, m.created_at))
        spent: dict[str, int] = {}
        last: dict[str, int] = {}
        with self._engine.connect() as conn:
            for chat_id, created_at in conn.execute(statement):
                pause = created_at - last.get(chat_id, created_at)
                if 0 < pause <= ACTIVE_GAP_SECONDS:
                    spent[chat_id] = spent.get(chat_id, 0) + pause
                last[chat_id] = created_at
        return max(spent.values(), default=0)

    def _within(self, period: tuple[int, int] | None) -> tuple[Any, ...]:
        if period is None:
            return ()
        created_at = self._messages.c.created_at
        return (created_at >= period[0], created_at <= period[1])
