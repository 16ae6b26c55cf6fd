"""Reading what SCIM shows an identity provider of groups: those it provisions, with their members,
found by equality on a few fields and paged in a stable order, oldest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from projections.groups.table import GroupTables
from projections.runtime.store import ViewReader
from projections.users.provisioned import Equalities, equalities

Json = dict[str, Any]


class ProvisionedGroups:
    def __init__(self, engine: ViewReader, tables: GroupTables) -> None:
        self._engine = engine
        self._groups, self._members = tables.groups, tables.members

    def page(self, provider_id: str, conditions: Equalities, offset: int, limit: int) -> tuple[list[Json], int]:
        groups = self._groups
        where = [groups.c.provider_id == provider_id, *equalities(groups, conditions)]
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(groups).where(*where)).scalar_one()
            rows = conn.execute(select(groups).where(*where).order_by(groups.c.created_at, groups.c.id)
                                .offset(offset).limit(limit)).all() if limit else []
            found = [dict(row._mapping) for row in rows]
            members = self._members_of(conn, [group["id"] for group in found])
        return [{**group, "member_ids": members.get(group["id"], [])} for group in found], int(total)

    def get(self, provider_id: str, group_id: str) -> Json | None:
        groups = self._groups
        with self._engine.connect() as conn:
            row = conn.execute(select(groups).where(groups.c.id == group_id, groups.c.provider_id == provider_id)
                               ).first()
            members = self._members_of(conn, [group_id]) if row else {}
        return {**row._mapping, "member_ids": members.get(group_id, [])} if row else None

    def _members_of(self, conn: Any, group_ids: list[str]) -> dict[str, list[str]]:
        m = self._members.c
        found: dict[str, list[str]] = {}
        for group_id, user_id in conn.execute(select(m.group_id, m.user_id).where(m.group_id.in_(group_ids))
                                              .order_by(m.group_id, m.created_at, m.user_id)):
            found.setdefault(group_id, []).append(user_id)
        return found
