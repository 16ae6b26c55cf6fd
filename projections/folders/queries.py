from __future__ import annotations

from typing import Any

from sqlalchemy import select

from application.access.resources import Holding
from projections.folders.table import FolderTables
from projections.runtime.lookup import KeyedLookup
from projections.runtime.store import ViewReader


class FolderQueries:
    def __init__(self, engine: ViewReader, tables: FolderTables) -> None:
        self._engine = engine
        self._t = tables
        self._owner = KeyedLookup(engine, tables.folders.c.user_id, key=tables.folders.c.id)

    def get_folder(self, folder_id: str) -> dict[str, Any] | None:
        """Open WebUI's FolderModel."""
        folders = self._t.folders
        with self._engine.connect() as conn:
            row = conn.execute(select(folders).where(folders.c.id == folder_id)).first()
        return None if row is None else _model(row)

    def access_of(self, folder_id: str) -> Holding | None:
        row = self._owner.row(folder_id)
        return None if row is None else Holding(row.user_id)

    def list_folders(self, user_id: str) -> list[dict[str, Any]]:
        """Open WebUI's FolderNameIdResponse, oldest first. A folder whose parent is gone, or that
        sits in a loop of parents, is listed at the top level, as Open WebUI lists it."""
        rows = self._rows(user_id)
        parents = _repaired({row.id: row.parent_id for row in rows})
        return [{
            "id": row.id, "name": row.name, "meta": {"icon": (row.meta or {}).get("icon")} if row.meta else None,
            "parent_id": parents[row.id], "is_expanded": row.is_expanded,
            "unread_count": 0, "created_at": row.created_at, "updated_at": row.updated_at,
        } for row in rows]

    def descendants(self, folder_id: str, user_id: str) -> list[str]:
        """The ids of the folders below ``folder_id``, parents before their children."""
        children: dict[str | None, list[str]] = {}
        for row in self._rows(user_id):
            children.setdefault(row.parent_id, []).append(row.id)
        found: list[str] = []
        queue, seen = [folder_id], {folder_id}
        while queue:
            for child in children.get(queue.pop(0), []):
                if child not in seen:
                    seen.add(child)
                    found.append(child)
                    queue.append(child)
        return found

    def _rows(self, user_id: str) -> list[Any]:
        folders = self._t.folders
        with self._engine.connect() as conn:
            return list(conn.execute(select(folders).where(folders.c.user_id == user_id).order_by(folders.c.seq)))


def _repaired(parents: dict[str, str | None]) -> dict[str, str | None]:
    """Open WebUI's repair, in listing order: a folder whose parent is missing, or that is in a loop
    of parents, moves to the top level (which also breaks the loop for the folders after it)."""
    for folder_id, parent_id in parents.items():
        if parent_id is not None and (parent_id not in parents or _in_loop(folder_id, parents)):
            parents[folder_id] = None
    return parents


def _in_loop(folder_id: str, parents: dict[str, str | None]) -> bool:
    seen = {folder_id}
    parent = parents.get(folder_id)
    while parent is not None and parent not in seen:
        seen.add(parent)
        parent = parents.get(parent)
    return parent == folder_id


def _model(row: Any) -> dict[str, Any]:
    return {
        "id": row.id, "parent_id": row.parent_id, "user_id": row.user_id, "name": row.name, "items": None,
        "meta": row.meta, "data": row.data, "is_expanded": row.is_expanded, "created_at": row.created_at,
        "updated_at": row.updated_at,
    }
