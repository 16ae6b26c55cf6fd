from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, or_, select

from projections.runtime.store import ViewReader
from projections.users.table import UserTables


def _row(row: Any) -> dict[str, Any]:
    user = dict(row._mapping)
    profile = user.pop("profile") or {}
    return {**profile, **user}


class UserQueries:
    def __init__(self, engine: ViewReader, tables: UserTables) -> None:
        self._engine = engine
        self._users = tables.users
        sessions = tables.sessions
        open_session = select(sessions.c.session_id).where(sessions.c.session_id == bindparam("session_id"),
                                                           sessions.c.user_id == bindparam("user_id")).exists()
        self._session_user = select(self._users).where(self._users.c.id == bindparam("user_id"), open_session)
        """Asked on every request: built once, it costs a third of building it each time."""
        self._api_keys = api_keys = tables.api_keys
        self._extras = tables.extras
        self._sessions = sessions
        self._key_user = select(self._users).join(api_keys, api_keys.c.user_id == self._users.c.id).where(
            api_keys.c.key_digest == bindparam("key_digest"))

    def get_user(self, user_id: str) -> dict[str, Any] | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(self._users).where(self._users.c.id == user_id)).first()
        return _row(row) if row else None

    def get_user_by_email(self, email: str) -> dict[str, Any] | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(self._users).where(func.lower(self._users.c.email) == email.strip().lower())
            ).first()
        return _row(row) if row else None

    def get_session_user(self, user_id: str, session_id: str) -> dict[str, Any] | None:
        """The account behind a session, in one query; None if either is gone or never was."""
        with self._engine.connect() as conn:
            row = conn.execute(self._session_user, {"user_id": user_id, "session_id": session_id}).first()
        return _row(row) if row else None

    def get_key_user(self, key_digest: str) -> dict[str, Any] | None:
        """The account whose API key has this digest, in one query; None if no key in force has it."""
        with self._engine.connect() as conn:
            row = conn.execute(self._key_user, {"key_digest": key_digest}).first()
        return _row(row) if row else None

    def get_api_key(self, user_id: str) -> dict[str, Any] | None:
        """The person's key in force (its digest and when it was made), or None."""
        with self._engine.connect() as conn:
            row = conn.execute(select(self._api_keys).where(self._api_keys.c.user_id == user_id)).first()
        return dict(row._mapping) if row else None

    def get_info(self, user_id: str) -> dict[str, Any] | None:
        """The person's ``info`` (None: never set, or no such person)."""
        with self._engine.connect() as conn:
            return conn.execute(select(self._extras.c.info).where(self._extras.c.id == user_id)).scalar()

    def get_variables(self, user_id: str) -> dict[str, str]:
        with self._engine.connect() as conn:
            found = conn.execute(select(self._extras.c.variables).where(self._extras.c.id == user_id)).scalar()
        return found or {}

    def live_sessions(self, user_id: str, means: str) -> list[dict[str, Any]]:
        """The person's sessions begun by ``means`` that still hold (not signed out, and of the
        account's token generation in force), oldest first."""
        sessions, users = self._sessions, self._users
        statement = (select(sessions.c.session_id, sessions.c.signed_in_at)
                     .join(users, users.c.id == sessions.c.user_id)
                     .where(sessions.c.user_id == user_id, sessions.c.means == means,
                            sessions.c.token_generation == users.c.token_generation)
                     .order_by(sessions.c.signed_in_at, sessions.c.session_id))
        with self._engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(statement)]

    def first_admin(self, primary_admin_id: str | None) -> dict[str, Any] | None:
        """The workspace's primary admin (its founder) while they are an admin, else the admin whose
        account is the oldest."""
        users = self._users
        primary = users.c.id == (primary_admin_id or "")
        statement = (select(users).where(users.c.role == "admin")
                     .order_by(primary.desc(), users.c.created_at, users.c.id).limit(1))
        with self._engine.connect() as conn:
            row = conn.execute(statement).first()
        return _row(row) if row else None

    def count_users(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(self._users)).scalar_one()

    def unknown_ids(self, user_ids: list[str]) -> list[str]:
        """Those of ``user_ids`` that name no account, in the order given."""
        with self._engine.connect() as conn:
            known = set(conn.execute(select(self._users.c.id).where(self._users.c.id.in_(set(user_ids)))).scalars())
        return [user_id for user_id in dict.fromkeys(user_ids) if user_id not in known]

    def list_users(
        self, *, query: str | None = None, order_by: str = "created_at", descending: bool = True,
        skip: int = 0, limit: int | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        users = self._users
        condition = None
        if query:
            pattern = f"%{query.lower()}%"
            condition = or_(func.lower(users.c.name).like(pattern), func.lower(users.c.email).like(pattern))
        column = users.c.get(order_by, users.c.created_at)
        statement = select(users).order_by(column.desc() if descending else column.asc(), users.c.id)
        counting = select(func.count()).select_from(users)
        if condition is not None:
            statement, counting = statement.where(condition), counting.where(condition)
        if skip:
            statement = statement.offset(skip)
        if limit:
            statement = statement.limit(limit)
        with self._engine.connect() as conn:
            rows = [_row(r) for r in conn.execute(statement)]
            total = conn.execute(counting).scalar_one()
        return rows, total
