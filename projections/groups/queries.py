"""Reading groups as Open WebUI's group routes answer them (``GroupResponse``: the row and its
``member_count``, of direct members), and what one person's groups give them.

Groups nest (``domain/groups/hierarchy.py``): a person's groups for access are their effective
ones, those they are in and every ancestor of those; a group's effective members are its own and
those of every group below it. Both are walked in the database, up or down ``parent_group_id``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, func, or_, select

from application.access.resources import Holding
from domain.groups.hierarchy import Nested, configured_models, deepest_default_models
from projections.groups.table import GroupTables
from projections.groups.tree import above, below
from projections.runtime.store import ViewReader
from projections.users.table import UserTables

Json = dict[str, Any]
Membership = Literal["direct", "inherited", "effective"]
MEMBERS_PAGE = 30


@dataclass(frozen=True)
class Standing:
    """A person's groups, and what they give: the permissions of each (None: none set)."""

    group_ids: frozenset[str]
    group_permissions: tuple[Json | None, ...]
    default_models: list[str] | None = None
    """Those the deepest of the groups that name some names (``deepest_default_models``)."""


class GroupQueries:
    def __init__(self, engine: ViewReader, tables: GroupTables, users: UserTables) -> None:
        self._engine = engine
        self._groups, self._members, self._defaults = tables.groups, tables.members, tables.defaults
        self._users = users.users
        members = self._members
        self._counted = select(self._groups, select(func.count()).where(members.c.group_id == self._groups.c.id)
                               .scalar_subquery().label("member_count"))

    def list_groups(self, *, member_id: str | None = None, share: bool | None = None,
                    inherited: bool = True) -> list[Json]:
        """Every group (``member_id``: only theirs, inherited ones too), newest change first; with
        ``share``, instead, those the member may share to (true) or those nobody may (false), as Open
        WebUI filters them."""
        chosen = self._counted
        if share is not None:
            chosen = chosen.where(self._share_is(share, member_id))
        elif member_id is not None:
            chosen = chosen.where(self._groups.c.id.in_(self._group_ids_of(member_id, inherited)))
        with self._engine.connect() as conn:
            rows = conn.execute(chosen.order_by(self._groups.c.updated_at.desc(), self._groups.c.id)).all()
        return [_group(row) for row in rows]

    def ids_named(self, names: list[str]) -> dict[str, list[str]]:
        """The ids of the groups of each name; a name no group has is left out."""
        g = self._groups.c
        with self._engine.connect() as conn:
            rows = conn.execute(select(g.name, g.id).where(g.name.in_(names)).order_by(g.id)).all()
        named: dict[str, list[str]] = {}
        for name, group_id in rows:
            named.setdefault(name, []).append(group_id)
        return named

    def get_group(self, group_id: str) -> Json | None:
        with self._engine.connect() as conn:
            row = conn.execute(self._counted.where(self._groups.c.id == group_id)).first()
        return _group(row) if row else None

    def access_of(self, group_id: str) -> Holding | None:
        """Who made the group, and its effective members (who may read what it is)."""
        groups, m = self._groups, self._members.c
        subtree = select(below(self._groups, group_id).c.group_id)
        with self._engine.connect() as conn:
            owner = conn.execute(select(groups.c.user_id).where(groups.c.id == group_id)).scalar()
            members = frozenset(conn.execute(select(m.user_id).where(m.group_id.in_(subtree))).scalars())
        return None if owner is None else Holding(owner, member_ids=members)

    def member_ids(self, group_id: str) -> list[str]:
        m = self._members.c
        with self._engine.connect() as conn:
            return list(conn.execute(select(m.user_id).where(m.group_id == group_id).order_by(m.user_id)).scalars())

    def members(self, group_id: str, *, membership: Membership = "direct", query: str = "",
                page: int | None = None) -> tuple[list[Json], int]:
        """The group's members by name (``page``: 30 of them), their accounts as the users view has
        them, each with the groups at or below this one they are in themselves (``via``).
        ``membership``: those in it themselves (direct), only through a group below (inherited),
        or either (effective)."""
        u, m = self._users.c, self._members.c
        subtree = select(below(self._groups, group_id).c.group_id)
        direct = select(m.user_id).where(m.group_id == group_id)
        chosen = select(u.id, u.name, u.email, u.role, u.last_active_at, u.timezone, u.profile) \
            .where(u.id.in_(direct if membership == "direct" else select(m.user_id).where(m.group_id.in_(subtree))))
        if membership == "inherited":
            chosen = chosen.where(u.id.not_in(direct))
        if query:
            pattern = f"%{query.lower()}%"
            chosen = chosen.where(or_(func.lower(u.name).like(pattern), func.lower(u.email).like(pattern)))
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(chosen.subquery())).scalar_one()
            ordered = chosen.order_by(u.name, u.id)
            if page is not None:
                ordered = ordered.offset((page - 1) * MEMBERS_PAGE).limit(MEMBERS_PAGE)
            rows = conn.execute(ordered).all()
            via = self._via(conn, [row.id for row in rows], subtree)
        return [{**dict(row._mapping), "bio": (row.profile or {}).get("bio"), "via": via.get(row.id, [])}
                for row in rows], int(total)

    def member_counts(self, group_id: str) -> dict[str, int]:
        """How many are in the group themselves (direct), in all (effective), and only through a
        group below it (inherited)."""
        m = self._members.c
        subtree = select(below(self._groups, group_id).c.group_id)
        with self._engine.connect() as conn:
            direct = conn.execute(select(func.count()).where(m.group_id == group_id)).scalar_one()
            effective = conn.execute(select(func.count(m.user_id.distinct())).where(m.group_id.in_(subtree))
                                     ).scalar_one()
        return {"direct": int(direct), "effective": int(effective), "inherited": int(effective) - int(direct)}

    def _via(self, conn: Any, person_ids: list[str], subtree: Any) -> dict[str, list[str]]:
        m, found = self._members.c, dict[str, list[str]]()
        rows = conn.execute(select(m.user_id, m.group_id).where(m.user_id.in_(person_ids), m.group_id.in_(subtree))
                            .order_by(m.user_id, m.group_id)) if person_ids else []
        for user_id, group_id in rows:
            found.setdefault(user_id, []).append(group_id)
        return found

    def group_ids_of(self, person_id: str, *, include_inherited: bool = False) -> list[str]:
        """The groups the person is in themselves, or with ``include_inherited`` their effective ones."""
        with self._engine.connect() as conn:
            return list(conn.execute(self._group_ids_of(person_id, include_inherited)).scalars())

    def group_ids_of_people(self, person_ids: Iterable[str]) -> dict[str, list[str]]:
        m, people = self._members.c, list(person_ids)
        found: dict[str, list[str]] = {person: [] for person in people}
        with self._engine.connect() as conn:
            for user_id, group_id in conn.execute(select(m.user_id, m.group_id).where(m.user_id.in_(people))
                                                  .order_by(m.user_id, m.group_id)):
                found[user_id].append(group_id)
        return found

    def groups_of(self, person_id: str, *, include_inherited: bool = False) -> list[Json]:
        """The person's groups; with ``include_inherited`` their effective ones, each saying whether
        they are in it themselves (``direct``) or through a group below it (``inherited``)."""
        if not include_inherited:
            return self.list_groups(member_id=person_id, inherited=False)
        direct = set(self.group_ids_of(person_id))
        return [{**group, "membership_type": "direct" if group["id"] in direct else "inherited"}
                for group in self.list_groups(member_id=person_id)]

    def standing(self, person_id: str) -> Standing:
        """What the person's effective groups give them."""
        g = self._groups.c
        chosen = select(g.id, g.permissions, g.parent_group_id, g.created_at, g.data) \
            .where(g.id.in_(self._group_ids_of(person_id, True))).order_by(g.id)
        with self._engine.connect() as conn:
            rows = conn.execute(chosen).all()
        models, _ = deepest_default_models([Nested(row.id, row.parent_group_id, row.created_at,
                                                   configured_models(row.data)) for row in rows])
        return Standing(frozenset(row.id for row in rows), tuple(row.permissions for row in rows), models)

    def lineage(self, group_id: str) -> list[Json]:
        """The group and every group above it, as rows (their order is not the tree's)."""
        g, chain = self._groups.c, above(self._groups, [group_id])
        with self._engine.connect() as conn:
            rows = conn.execute(select(self._groups).where(g.id.in_(select(chain.c.group_id)))).all()
        return [dict(row._mapping) for row in rows]

    def default_permissions(self) -> Json | None:
        """The members' defaults as an admin last saved them; None if none has."""
        with self._engine.connect() as conn:
            return conn.execute(select(self._defaults.c.permissions)).scalar()

    def _group_ids_of(self, person_id: str, include_inherited: bool) -> Any:
        m = self._members.c
        direct = select(m.group_id).where(m.user_id == person_id)
        return select(above(self._groups, direct).c.group_id) if include_inherited else direct

    def _share_is(self, share: bool, member_id: str | None) -> ColumnElement[bool]:
        """Open WebUI's rule on ``data.config.share``: true (or unset) lets anyone share to the
        group, ``"members"`` its members, false nobody."""
        said = func.lower(self._groups.c.data["config"]["share"].as_string())
        if not share:
            return said == "false"
        anyone = or_(said.is_(None), said.in_(("true", "1")))
        if member_id is None:
            return anyone
        return or_(anyone, and_(said == "members", self._groups.c.id.in_(self._group_ids_of(member_id, True))))


def _group(row: Any) -> Json:
    return {"parent_group_id": row.parent_group_id, "id": row.id, "user_id": row.user_id, "name": row.name,
            "description": row.description, "data": row.data, "meta": None, "permissions": row.permissions,
            "created_at": row.created_at, "updated_at": row.updated_at, "member_count": row.member_count or 0}
