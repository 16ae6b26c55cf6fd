from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.groups.defaults import DefaultPermissions
from domain.groups.group import Group
from domain.privacy.places import items_at
from projections.groups.table import GroupTables, define_group_tables
from projections.runtime.projector import Change, Projector, epoch, insert_once, quoting_in

NOTHING: tuple[Change, ...] = ()


class GroupViews(Projector):
    """The groups that stand, their members, and the members' default permissions."""

    view = "groups"
    context = "Groups"
    tables: GroupTables

    def replica(self, metadata: MetaData, suffix: str) -> GroupViews:
        return GroupViews(define_group_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return NOTHING

    @apply.register
    def _(self, event: Group.Created, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.groups.insert().values(
            id=str(event.originator_id), user_id=event.actor_id, name=event.name, description=event.description,
            permissions=event.permissions, data=event.data, created_at=now, updated_at=now,
            version=event.originator_version))
        return NOTHING

    @apply.register
    def _(self, event: Group.Described, conn: Connection, position: int) -> Iterable[Change]:
        return self._changed(event, conn, name=event.name, description=event.description)

    @apply.register
    def _(self, event: Group.PermissionsSet, conn: Connection, position: int) -> Iterable[Change]:
        return self._changed(event, conn, permissions=event.permissions)

    @apply.register
    def _(self, event: Group.Configured, conn: Connection, position: int) -> Iterable[Change]:
        return self._changed(event, conn, data=event.data)

    @apply.register
    def _(self, event: Group.PresetsNamed, conn: Connection, position: int) -> Iterable[Change]:
        """Presets the default models just set name, in the places kept for them."""
        group_id, groups = str(event.originator_id), self.tables.groups
        insert_once(conn, self.tables.named, group_id=group_id, user_id=event.quoted_user_id)
        data = conn.execute(select(groups.c.data).where(groups.c.id == group_id)).scalar() or {}
        config = data.get("config") or {}
        models = items_at(config.get("default_models"), event.places, event.models)
        return self._changed(event, conn, data={**data, "config": {**config, "default_models": models}})

    @apply.register
    def _(self, event: Group.ParentSet, conn: Connection, position: int) -> Iterable[Change]:
        return self._changed(event, conn, parent_group_id=event.parent_group_id)

    @apply.register
    def _(self, event: Group.MembersAdded, conn: Connection, position: int) -> Iterable[Change]:
        group_id, now = str(event.originator_id), epoch(event)
        conn.execute(self.tables.members.insert(), [{"group_id": group_id, "user_id": u, "created_at": now}
                                                    for u in event.user_ids])
        return self._changed(event, conn)

    @apply.register
    def _(self, event: Group.MembersRemoved, conn: Connection, position: int) -> Iterable[Change]:
        members = self.tables.members
        conn.execute(members.delete().where(members.c.group_id == str(event.originator_id),
                                            members.c.user_id.in_(event.user_ids)))
        return self._changed(event, conn)

    @apply.register
    def _(self, event: Group.LinkedToProvider, conn: Connection, position: int) -> Iterable[Change]:
        return self._changed(event, conn, provider_id=event.provider_id, external_id=event.external_id)

    @apply.register
    def _(self, event: Group.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        self.drop_aggregate(conn, str(event.originator_id))
        return NOTHING

    @apply.register
    def _(self, event: DefaultPermissions.Kept, conn: Connection, position: int) -> Iterable[Change]:
        conn.execute(self.tables.defaults.insert().values(
            id=str(event.originator_id), permissions=event.permissions, updated_at=epoch(event)))
        return NOTHING

    @apply.register
    def _(self, event: DefaultPermissions.Changed, conn: Connection, position: int) -> Iterable[Change]:
        defaults = self.tables.defaults
        conn.execute(defaults.update().where(defaults.c.id == str(event.originator_id))
                     .values(permissions=event.permissions, updated_at=epoch(event)))
        return NOTHING

    def quoting(self, conn: Connection, person_id: str) -> list[str]:
        """Groups whose default models name the person's presets."""
        return quoting_in(conn, self.tables.named.c.group_id, self.tables.named.c.user_id, person_id)

    def drop_aggregate(self, conn: Connection, aggregate_id: str) -> None:
        tables = self.tables
        for table, column in ((tables.members, tables.members.c.group_id), (tables.named, tables.named.c.group_id),
                              (tables.groups, tables.groups.c.id)):
            conn.execute(table.delete().where(column == aggregate_id))

    def _changed(self, event: Group.Event, conn: Connection, **values: Any) -> Iterable[Change]:
        groups = self.tables.groups
        conn.execute(groups.update().where(groups.c.id == str(event.originator_id))
                     .values(updated_at=epoch(event), version=event.originator_version, **values))
        return NOTHING
