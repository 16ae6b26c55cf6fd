from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.chats.folder import Folder
from domain.privacy.places import items_at
from projections.folders.table import FolderTables, define_folder_tables
from projections.runtime.projector import Change, Projector, epoch, insert_once, quoting_in


class FolderViews(Projector):
    """Each person's folders as Open WebUI lists them."""

    view = "folders"
    context = "Chats"
    tables: FolderTables

    def replica(self, metadata: MetaData, suffix: str) -> FolderViews:
        return FolderViews(define_folder_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return ()

    @apply.register
    def _(self, event: Folder.Created, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.folders.insert().values(
            id=str(event.originator_id), user_id=event.owner_id, parent_id=event.parent_id, name=event.name,
            data=event.data, meta=event.meta, is_expanded=False, created_at=now, updated_at=now, seq=position,
        ))
        return _announce(event, event.owner_id, position)

    @apply.register
    def _(self, event: Folder.Renamed, conn: Connection, position: int) -> Iterable[Change]:
        return self._set(conn, event, position, name=event.name)

    @apply.register
    def _(self, event: Folder.MovedTo, conn: Connection, position: int) -> Iterable[Change]:
        return self._set(conn, event, position, parent_id=event.parent_id)

    @apply.register
    def _(self, event: Folder.Expanded, conn: Connection, position: int) -> Iterable[Change]:
        return self._set(conn, event, position, is_expanded=True)

    @apply.register
    def _(self, event: Folder.Collapsed, conn: Connection, position: int) -> Iterable[Change]:
        return self._set(conn, event, position, is_expanded=False)

    @apply.register
    def _(self, event: Folder.DataChanged, conn: Connection, position: int) -> Iterable[Change]:
        data = self._column(conn, event, "data") or {}
        return self._set(conn, event, position, data={**data, **event.changes})

    @apply.register
    def _(self, event: Folder.PresetsNamed, conn: Connection, position: int) -> Iterable[Change]:
        """Someone else's presets the data just created or changed lists, in the places kept for them."""
        insert_once(conn, self.tables.named, folder_id=str(event.originator_id), user_id=event.quoted_user_id)
        data = self._column(conn, event, "data") or {}
        return self._set(conn, event, position,
                         data={**data, "model_ids": items_at(data.get("model_ids"), event.places, event.models)})

    @apply.register
    def _(self, event: Folder.MetaChanged, conn: Connection, position: int) -> Iterable[Change]:
        meta = self._column(conn, event, "meta") or {}
        return self._set(conn, event, position, meta={**meta, **event.changes})

    @apply.register
    def _(self, event: Folder.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        owner = self._column(conn, event, "user_id")
        self.drop_aggregate(conn, str(event.originator_id))
        return _announce(event, owner, position)

    def quoting(self, conn: Connection, person_id: str) -> list[str]:
        """Others' folders that list the person's presets."""
        named, folders = self.tables.named, self.tables.folders
        return quoting_in(conn, named.c.folder_id, named.c.user_id, person_id, owned=(folders.c.id, folders.c.user_id))

    def drop_aggregate(self, conn: Connection, aggregate_id: str) -> None:
        folders, named = self.tables.folders, self.tables.named
        conn.execute(named.delete().where(named.c.folder_id == aggregate_id))
        conn.execute(folders.delete().where(folders.c.id == aggregate_id))

    def _set(self, conn: Connection, event: Any, position: int, **values: Any) -> Iterable[Change]:
        folders = self.tables.folders
        change = (folders.update().where(folders.c.id == str(event.originator_id))
                  .values(updated_at=epoch(event), **values).returning(folders.c.user_id))
        return _announce(event, conn.execute(change).scalar(), position)

    def _column(self, conn: Connection, event: Any, column: str) -> Any:
        folders = self.tables.folders
        return conn.execute(select(folders.c[column]).where(folders.c.id == str(event.originator_id))).scalar()


def _announce(event: Any, owner: str | None, position: int) -> Iterable[Change]:
    if owner is None:
        return ()
    return (Change(topic=f"user:{owner}", payload={
        "type": "folder", "event": type(event).__qualname__, "folder_id": str(event.originator_id),
        "position": position,
    }),)
