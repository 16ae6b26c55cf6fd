"""Reading what SCIM shows an identity provider: the accounts it provisions (or an admin linked to
it), found by equality on a few fields and paged in a stable order, oldest first; and the providers
an admin registered."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select

from projections.runtime.store import ViewReader
from projections.users.table import UserTables

Json = dict[str, Any]
Field = Literal["id", "email", "user_name", "name", "external_id"]
Equalities = Sequence[tuple[Field, str]]
"""Conditions that must all hold, each a field equal to a value (SCIM's ``eq`` joined by ``and``)."""
CASE_BLIND = frozenset({"email", "user_name", "name"})
"""SCIM's userName, e-mails and displayName are not case-exact (RFC 7643); ids and externalId are."""


def equalities(table: Any, conditions: Equalities) -> list[ColumnElement[bool]]:
    return [func.lower(_column(table, field)) == value.lower() if field in CASE_BLIND
            else _column(table, field) == value for field, value in conditions]


def _column(table: Any, field: Field) -> Any:
    """A person's userName is their e-mail unless their provider named them otherwise."""
    if field == "user_name":
        return func.coalesce(table.c.user_name, table.c.email)
    return table.c[field]


class ProvisionedPeople:
    def __init__(self, engine: ViewReader, tables: UserTables) -> None:
        self._engine = engine
        self._users, self._providers = tables.users, tables.scim_providers

    def page(self, provider_id: str, conditions: Equalities, offset: int, limit: int) -> tuple[list[Json], int]:
        """The provider's people matching every condition: ``limit`` of them from ``offset``, and how many match."""
        users = self._users
        where = [users.c.provider_id == provider_id, *equalities(users, conditions)]
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(users).where(*where)).scalar_one()
            rows = conn.execute(select(users).where(*where).order_by(users.c.created_at, users.c.id)
                                .offset(offset).limit(limit)).all() if limit else []
        return [dict(row._mapping) for row in rows], int(total)

    def get(self, provider_id: str, user_id: str) -> Json | None:
        users = self._users
        with self._engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id, users.c.provider_id == provider_id)).first()
        return dict(row._mapping) if row else None

    def names(self, user_ids: Sequence[str]) -> Mapping[str, str]:
        """Each account's name, by id (a group's members, for their ``display``)."""
        users = self._users
        with self._engine.connect() as conn:
            return dict(conn.execute(select(users.c.id, users.c.name).where(users.c.id.in_(list(user_ids)))).all())

    def foreign(self, provider_id: str, user_ids: Sequence[str]) -> list[str]:
        """Those of ``user_ids`` that are not the provider's people, in the order given."""
        users = self._users
        with self._engine.connect() as conn:
            own = set(conn.execute(select(users.c.id).where(users.c.id.in_(set(user_ids)),
                                                            users.c.provider_id == provider_id)).scalars())
        return [user_id for user_id in dict.fromkeys(user_ids) if user_id not in own]

    def providers(self) -> list[Json]:
        """Every provider an admin registered, oldest first (their token digests left out)."""
        p = self._providers.c
        with self._engine.connect() as conn:
            rows = conn.execute(select(p.id, p.name, p.created_by, p.created_at, p.updated_at)
                                .order_by(p.created_at, p.id)).all()
        return [dict(row._mapping) for row in rows]

    def provider_with_token(self, token_digest: str) -> str | None:
        """The id of the provider whose token in force has this digest, or None."""
        p = self._providers.c
        with self._engine.connect() as conn:
            return conn.execute(select(p.id).where(p.token_digest == token_digest)).scalar()
