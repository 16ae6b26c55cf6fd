from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from projections.chat_reads.table import ReadTables
from projections.chats.table import ChatTables
from projections.runtime.store import ViewReader

SortBy = Literal["updated_at", "title", "unread_updated_at"]
SortDir = Literal["asc", "desc"]


@dataclass(frozen=True)
class Shelf:
    """Which of a person's chats a list shows: ``None`` for either value of a flag; chats in
    ``folder_ids`` only, or with ``folder_ids`` None, filed chats too unless ``unfiled_only``."""

    archived: bool | None = False
    pinned: bool | None = False
    folder_ids: tuple[str, ...] | None = None
    unfiled_only: bool = False


class ChatReadQueries:
    """A person's chats with when they last read them, joined at read time from the chats view and
    the chat_reads view.

    Unread means changed after the last read: in log order (the chats view's ``last_position``
    after the read's position), even within one second; but for the read that creating a chat is,
    in seconds, as Open WebUI has it, since the messages a chat is created with are saved just after
    its creation. The ``last_read_at`` answered keeps Open WebUI's test, ``updated_at >
    last_read_at``, true exactly for the unread chats: a second before the change when both fall in
    one second. A chat the chat_reads view has not reached yet counts as read when it was created,
    as that view will say once it gets there.
    """

    def __init__(self, engine: ViewReader, chats: ChatTables, reads: ReadTables) -> None:
        self._engine = engine
        self._chats = chats.chats
        self._reads = reads.reads
        self._joined = self._chats.outerjoin(self._reads, self._reads.c.chat_id == self._chats.c.id)
        c, r = self._chats.c, self._reads.c
        read_at = func.coalesce(r.last_read_at, c.created_at)
        self._changed_since_read = or_(and_(r.read_position.is_(None), c.updated_at > read_at),
                                       and_(r.read_position.is_not(None), c.last_position > r.read_position))
        self._read_at = case(
            (and_(self._changed_since_read, read_at < c.updated_at), read_at),
            (self._changed_since_read, c.updated_at - 1),
            (read_at > c.updated_at, read_at),
            else_=c.updated_at)

    def list_chats(self, user_id: str, shelf: Shelf, *, sort_by: SortBy = "updated_at", sort_dir: SortDir = "desc",
                   skip: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """Open WebUI's orders: by title or by time, or unread first (then newest, whatever the direction)."""
        c = self._chats.c
        listed = (c.id, c.user_id, c.title, c.updated_at, c.created_at, c.share_id, c.archived, c.pinned,
                  c.folder_id, self._read_at.label("last_read_at"))
        statement = (select(*listed).select_from(self._joined)
                     .where(*self._shelved(user_id, shelf)).order_by(*self._order(sort_by, sort_dir))
                     .offset(skip).limit(limit))
        with self._engine.connect() as conn:
            return [_summary(row) for row in conn.execute(statement)]

    def with_last_read(self, chats: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Summaries read elsewhere, given their ``last_read_at``."""
        read_at = self._last_read([chat["id"] for chat in chats])
        return [{**chat, "last_read_at": read_at.get(chat["id"], chat["created_at"])} for chat in chats]

    def last_read_at(self, chat_id: str) -> int | None:
        return self._last_read([chat_id]).get(chat_id)

    def unread_chat_ids(self, user_id: str, folder_ids: list[str] | None = None) -> list[str]:
        """The person's chats changed since they last read them, archived ones aside; within these
        folders only, if named."""
        shelf = Shelf(pinned=None, folder_ids=tuple(folder_ids) if folder_ids is not None else None)
        statement = (select(self._chats.c.id).select_from(self._joined)
                     .where(*self._shelved(user_id, shelf), self._changed_since_read))
        with self._engine.connect() as conn:
            return list(conn.execute(statement).scalars())

    def folder_unread_counts(self, user_id: str, parents: Mapping[str, str | None]) -> dict[str, int]:
        """Per folder of ``parents`` (each folder's parent), its unread chats and those of every
        folder below it, as Open WebUI counts them: archived chats and chats with a reply being
        generated are not counted."""
        chats = self._chats
        statement = (select(chats.c.folder_id, func.count()).select_from(self._joined)
                     .where(*self._shelved(user_id, Shelf(pinned=None, folder_ids=tuple(parents))), self._unread())
                     .group_by(chats.c.folder_id))
        with self._engine.connect() as conn:
            direct: dict[str, int] = dict(conn.execute(statement).all())
        return _rolled_up(direct, parents)

    def _last_read(self, chat_ids: list[str]) -> dict[str, int]:
        if not chat_ids:
            return {}
        statement = (select(self._chats.c.id, self._read_at).select_from(self._joined)
                     .where(self._chats.c.id.in_(chat_ids)))
        with self._engine.connect() as conn:
            return dict(conn.execute(statement).all())

    def _shelved(self, user_id: str, shelf: Shelf) -> list[ColumnElement[bool]]:
        chats = self._chats
        conditions = [chats.c.user_id == user_id]
        if shelf.archived is not None:
            conditions.append(chats.c.archived == shelf.archived)
        if shelf.pinned is not None:
            conditions.append(chats.c.pinned == shelf.pinned)
        if shelf.folder_ids is not None:
            conditions.append(chats.c.folder_id.in_(shelf.folder_ids))
        elif shelf.unfiled_only:
            conditions.append(chats.c.folder_id.is_(None))
        return conditions

    def _unread(self) -> ColumnElement[bool]:
        return and_(self._changed_since_read, self._reads.c.replying.is_not(True))

    def _order(self, sort_by: SortBy, sort_dir: SortDir) -> list[Any]:
        # updated_at has whole seconds; the log position orders changes made within one second.
        chats = self._chats
        if sort_by == "unread_updated_at":
            return [case((self._unread(), 1), else_=0).desc(), chats.c.updated_at.desc(),
                    chats.c.last_position.desc()]
        column = chats.c.title if sort_by == "title" else chats.c.updated_at
        if sort_dir == "asc":
            return [column.asc(), chats.c.last_position.asc()]
        return [column.desc(), chats.c.last_position.desc()]


def _rolled_up(direct: Mapping[str, int], parents: Mapping[str, str | None]) -> dict[str, int]:
    counts = dict.fromkeys(parents, 0)
    for folder_id, unread in direct.items():
        seen: set[str] = set()
        current: str | None = folder_id
        while current is not None and current in counts and current not in seen:
            seen.add(current)
            counts[current] += unread
            current = parents[current]
    return counts


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id, "user_id": row.user_id, "title": row.title, "updated_at": row.updated_at,
        "created_at": row.created_at, "share_id": row.share_id, "archived": row.archived, "pinned": row.pinned,
        "folder_id": row.folder_id, "last_read_at": row.last_read_at,
    }
