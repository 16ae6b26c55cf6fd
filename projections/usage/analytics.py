"""The admin's Analytics page, counted in SQL from the usage view as Open WebUI 0.12.4 counts its
chat_message table: replies (assistant messages) per model, person and period. Only the messages of
people still in the users view count, so a deleted person's chats leave every figure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from projections.groups.table import GroupTables
from projections.runtime.store import ViewReader
from projections.usage.table import UsageTables
from projections.users.table import UserTables


@dataclass(frozen=True)
class Scope:
    """Which replies count: ``start`` and ``end`` epoch seconds (both included; 0 or None leave that
    side open, as in Open WebUI), and those of a group's members as they are now (as Open WebUI
    filters: by today's members, whatever group they were in when they asked)."""

    start: int | None = None
    end: int | None = None
    group_id: str | None = None


class AnalyticsQueries:
    def __init__(self, engine: ViewReader, usage: UsageTables, users: UserTables, groups: GroupTables) -> None:
        self._engine = engine
        self.messages = self._m = usage.messages
        self._users = users.users
        self._members = groups.members

    def rows(self, statement: Any) -> list[Any]:
        with self._engine.connect() as conn:
            return list(conn.execute(statement).all())

    def summary(self, scope: Scope) -> dict[str, int]:
        m = self._m.c
        statement = self.replies(scope, func.count(m.model_id).label("total_messages"),
                                 func.count(m.chat_id.distinct()).label("total_chats"),
                                 func.count(m.model_id.distinct()).label("total_models"),
                                 func.count(m.user_id.distinct()).label("total_users"))
        with self._engine.connect() as conn:
            return dict(conn.execute(statement).mappings().one())

    def models(self, scope: Scope) -> list[dict[str, Any]]:
        m = self._m.c
        count = func.count()
        statement = (self.replies(scope, m.model_id, count.label("count"),
                                  func.count(m.user_id.distinct()).label("unique_users"),
                                  func.count(m.chat_id.distinct()).label("unique_chats"))
                     .where(m.model_id.is_not(None)).group_by(m.model_id).order_by(count.desc(), m.model_id))
        with self._engine.connect() as conn:
            return [dict(row) for row in conn.execute(statement).mappings()]

    def tokens(self, scope: Scope) -> list[dict[str, Any]]:
        """Per model, of the replies that state a usage."""
        m = self._m.c
        input_tokens = func.coalesce(func.sum(m.input_tokens), 0)
        output_tokens = func.coalesce(func.sum(m.output_tokens), 0)
        statement = (self.replies(scope, m.model_id, input_tokens, output_tokens, func.count())
                     .where(m.model_id.is_not(None), m.input_tokens.is_not(None))
                     .group_by(m.model_id).order_by((input_tokens + output_tokens).desc(), m.model_id))
        with self._engine.connect() as conn:
            rows = conn.execute(statement).all()
        return [{"model_id": model_id, "input_tokens": int(tokens_in), "output_tokens": int(tokens_out),
                 "total_tokens": int(tokens_in) + int(tokens_out), "message_count": count}
                for model_id, tokens_in, tokens_out, count in rows]

    def users(self, scope: Scope, limit: int, by_tokens: bool) -> list[dict[str, Any]]:
        """The people with the most replies (or tokens), then the most replies."""
        m, u = self._m.c, self._users.c
        count = func.count()
        input_tokens = func.coalesce(func.sum(m.input_tokens), 0)
        output_tokens = func.coalesce(func.sum(m.output_tokens), 0)
        first = ((input_tokens + output_tokens).desc(),) if by_tokens else ()
        statement = (self.replies(scope, m.user_id, u.name, u.email, count, input_tokens, output_tokens)
                     .group_by(m.user_id, u.name, u.email).order_by(*first, count.desc(), m.user_id).limit(limit))
        with self._engine.connect() as conn:
            rows = conn.execute(statement).all()
        return [{"user_id": user_id, "name": name, "email": email, "count": count, "input_tokens": int(tokens_in),
                 "output_tokens": int(tokens_out), "total_tokens": int(tokens_in) + int(tokens_out)}
                for user_id, name, email, count, tokens_in, tokens_out in rows]

    def replies(self, scope: Scope, *columns: Any) -> Any:
        """``columns`` of the replies in ``scope`` by people who are still users."""
        m = self._m.c
        statement = (select(*columns).select_from(self._m.join(self._users, self._users.c.id == m.user_id))
                     .where(m.role == "assistant"))
        if scope.start:
            statement = statement.where(m.created_at >= scope.start)
        if scope.end:
            statement = statement.where(m.created_at <= scope.end)
        if scope.group_id:
            members = self._members.c
            in_group = select(members.user_id).where(members.group_id == scope.group_id)
            statement = statement.where(m.user_id.in_(in_group))
        return statement
