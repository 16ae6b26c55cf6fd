"""What the Analytics page shows of one model: the chats that used it, with their titles and their
owners' names from the chats and users views, and those chats' tags. A deleted person's chats,
which stay in the chats view, are left out as they are of every figure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from projections.chats.table import ChatTables
from projections.runtime.store import ViewReader
from projections.usage.analytics import Scope
from projections.usage.table import UsageTables
from projections.users.table import UserTables

TOP_TAGS = 10


@dataclass(frozen=True)
class ChatOrder:
    """Open WebUI's orders: ``title``, ``user_name`` or ``updated_at`` (anything else), ``asc`` or not."""

    by: str = "updated_at"
    ascending: bool = False


class ModelChatQueries:
    def __init__(self, engine: ViewReader, usage: UsageTables, chats: ChatTables, users: UserTables) -> None:
        self._engine = engine
        self._m = usage.messages
        self._chats = chats
        self._users = users.users

    def chats(self, model_id: str, scope: Scope, order: ChatOrder, skip: int,
              limit: int) -> tuple[list[dict[str, Any]], int]:
        c, u, used = self._chats.chats.c, self._users.c, self._used(model_id, scope)
        listed = (select(c.id, c.user_id, c.title, c.updated_at, u.name)
                  .join(used, c.id == used.c.chat_id)
                  .join(self._users, u.id == c.user_id))
        column = {"title": c.title, "user_name": u.name}.get(order.by, c.updated_at)
        page = listed.order_by(column.asc() if order.ascending else column.desc(), c.id).offset(skip).limit(limit)
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(listed.subquery())).scalar_one()
            rows = conn.execute(page).all()
        return [{"chat_id": chat_id, "user_id": user_id, "user_name": name, "first_message": title,
                 "updated_at": updated_at} for chat_id, user_id, title, updated_at, name in rows], total

    def tags(self, model_id: str) -> list[dict[str, Any]]:
        """The tags most given to the chats that used the model."""
        t, used, count = self._chats.tags.c, self._used(model_id, Scope()), func.count()
        statement = (select(t.tag_id, count).join(used, t.chat_id == used.c.chat_id)
                     .group_by(t.tag_id).order_by(count.desc(), t.tag_id).limit(TOP_TAGS))
        with self._engine.connect() as conn:
            return [{"tag": tag, "count": n} for tag, n in conn.execute(statement)]

    def _used(self, model_id: str, scope: Scope) -> Any:
        """The chats with a message of ``model_id`` in ``scope``, by people who are still users."""
        m = self._m.c
        chosen = (select(m.chat_id).join(self._users, self._users.c.id == m.user_id)
                  .where(m.model_id == model_id).group_by(m.chat_id))
        if scope.start:
            chosen = chosen.where(m.created_at >= scope.start)
        if scope.end:
            chosen = chosen.where(m.created_at <= scope.end)
        return chosen.subquery()
