from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, MetaData, String, Table, Text


@dataclass(frozen=True)
class GroupTables:
    groups: Table
    members: Table
    defaults: Table
    named: Table


def define_group_tables(metadata: MetaData, suffix: str = "") -> GroupTables:
    """Open WebUI's ``group`` and ``group_member`` rows, and the members' default permissions once
    an admin has saved them (one row; none: the environment's)."""
    groups = Table(
        f"groups{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("user_id", Text, nullable=False),
        Column("name", Text, nullable=False),
        Column("description", Text, nullable=False),
        Column("permissions", JSON),
        Column("data", JSON, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
        Column("provider_id", String(36)),
        Column("external_id", Text),
        Column("version", Integer, nullable=False, default=1),
        Column("parent_group_id", String(36)),
    )
    """``parent_group_id``: the group it is nested under (None: top level); ``provider_id``: the
    identity provider (SCIM) that provisions the group; ``version``: the group aggregate's, for
    SCIM's ETags."""
    members = Table(
        f"group_members{suffix}",
        metadata,
        Column("group_id", String(36), primary_key=True),
        Column("user_id", String(36), primary_key=True),
        Column("created_at", BigInteger, nullable=False),
    )
    defaults = Table(
        f"default_permissions{suffix}",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("permissions", JSON, nullable=False),
        Column("updated_at", BigInteger, nullable=False),
    )
    named = Table(
        f"group_named{suffix}",
        metadata,
        Column("group_id", String(36), primary_key=True),
        Column("user_id", String(36), primary_key=True),
    )
    """Whose model presets a group's default models have named (``Group.PresetsNamed``): replayed
    when the presets' creator is forgotten."""
    Index(f"ix_group_named_user{suffix}", named.c.user_id)
    Index(f"ix_group_members_user{suffix}", members.c.user_id, members.c.group_id)
    Index(f"ix_groups_parent{suffix}", groups.c.parent_group_id)
    return GroupTables(groups=groups, members=members, defaults=defaults, named=named)
