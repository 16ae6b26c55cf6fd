"""Reading the ratings as Open WebUI's evaluation routes answer them. Lists join the users view,
as Open WebUI joins its users table, so a deleted person's ratings are not listed (they still
count on the leaderboard, as there)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from projections.evaluations.table import FeedbackTables
from projections.runtime.store import ViewReader
from projections.users.table import UserTables

Json = dict[str, Any]


@dataclass(frozen=True)
class FeedbackOrder:
    """Open WebUI's orders: ``username``, ``model_id``, ``rating`` or ``updated_at``; none: newest first."""

    by: str | None = None
    ascending: bool = False


class FeedbackQueries:
    def __init__(self, engine: ViewReader, tables: FeedbackTables, users: UserTables) -> None:
        self._engine = engine
        self._f = tables.feedbacks
        self._users = users.users

    def get_feedback(self, feedback_id: str) -> Json | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(self._f).where(self._f.c.id == feedback_id)).first()
        return _feedback(row) if row else None

    def page(self, *, rater_id: str | None, model_id: str | None, order: FeedbackOrder, skip: int,
             limit: int) -> tuple[list[Json], int]:
        """Ratings with their raters (``rater_id``'s only, unless None), and how many there are."""
        f, u = self._f.c, self._users.c
        listed = select(self._f, u.name, u.email, u.role, u.last_active_at, u.updated_at.label("user_updated_at"),
                        u.created_at.label("user_created_at")).join(self._users, u.id == f.user_id)
        if rater_id is not None:
            listed = listed.where(f.user_id == rater_id)
        if model_id:
            listed = listed.where(f.model_id == model_id)
        column = {"username": u.name, "model_id": f.model_id, "rating": f.rating,
                  "updated_at": f.updated_at}.get(order.by or "", f.created_at)
        ordered = listed.order_by(column.asc() if order.ascending else column.desc(), f.position)
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(listed.subquery())).scalar_one()
            rows = conn.execute(ordered.offset(skip).limit(limit)).all()
        return [{**_feedback(row), "user": _rater(row)} for row in rows], int(total)

    def all_feedbacks(self, model_id: str | None = None) -> list[Json]:
        """Everyone's ratings, last changed first (the export)."""
        f = self._f.c
        chosen = select(self._f).where(*([f.model_id == model_id] if model_id else []))
        with self._engine.connect() as conn:
            return [_feedback(row) for row in conn.execute(chosen.order_by(f.updated_at.desc(), f.position))]

    def ids(self, rater_id: str | None = None) -> list[Json]:
        f = self._f.c
        chosen = select(f.id, f.user_id, f.created_at, f.updated_at).where(
            *([f.user_id == rater_id] if rater_id else [])).order_by(f.updated_at.desc(), f.position)
        with self._engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(chosen)]

    def model_ids(self) -> list[str]:
        f = self._f.c
        with self._engine.connect() as conn:
            return sorted(conn.execute(select(f.model_id).where(f.model_id.is_not(None)).distinct()).scalars())

    def ratings(self) -> list[Json]:
        """Every rating's ``data``, in the order they were first given (the leaderboard's)."""
        with self._engine.connect() as conn:
            return list(conn.execute(select(self._f.c.data).order_by(self._f.c.position)).scalars())

    def daily_outcomes(self, model_id: str, since: int | None) -> dict[str, Counter[str]]:
        """Thumbs up (``won``) and down (``lost``) given to ``model_id``'s replies per day, in the
        server's time zone as Open WebUI counts them."""
        f = self._f.c
        chosen = select(f.created_at, f.rating).where(f.model_id == model_id, f.rating.in_(("1", "-1")))
        if since is not None:
            chosen = chosen.where(f.created_at >= since)
        days: dict[str, Counter[str]] = {}
        with self._engine.connect() as conn:
            for created_at, rating in conn.execute(chosen):
                day = datetime.fromtimestamp(created_at).strftime("%Y-%m-%d")
                days.setdefault(day, Counter())["won" if rating == "1" else "lost"] += 1
        return days


def _feedback(row: Any) -> Json:
    return {"id": row.id, "user_id": row.user_id, "version": 0, "type": row.type, "data": row.data,
            "meta": row.meta, "created_at": row.created_at, "updated_at": row.updated_at}


def _rater(row: Any) -> Json:
    return {"id": row.user_id, "name": row.name, "email": row.email, "role": row.role,
            "last_active_at": row.last_active_at, "updated_at": row.user_updated_at,
            "created_at": row.user_created_at}
