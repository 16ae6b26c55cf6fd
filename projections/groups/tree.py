"""Walking the groups' tree in the views, up or down ``parent_group_id``, as recursive queries that
SQLite and Postgres both run."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select


def above(groups: Table, group_ids: Any) -> Any:
    """The ids of ``group_ids`` (a list or a select of ids) and of every group above them. UNION
    ends the walk even on a cycle, though none is ever committed."""
    chain = select(groups.c.id.label("group_id")).where(groups.c.id.in_(group_ids)).cte("above", recursive=True)
    return chain.union(select(groups.c.parent_group_id).join(chain, groups.c.id == chain.c.group_id)
                       .where(groups.c.parent_group_id.is_not(None)))


def below(groups: Table, group_id: str) -> Any:
    """The ids of the group and of every group below it."""
    chain = select(groups.c.id.label("group_id")).where(groups.c.id == group_id).cte("below", recursive=True)
    return chain.union(select(groups.c.id).join(chain, groups.c.parent_group_id == chain.c.group_id))
