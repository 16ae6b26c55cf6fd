"""Reads of shared chats: a link's snapshot with who may read it, a person's list of their shares,
and the files a share lends to its readers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from uuid import NAMESPACE_URL, uuid5

from sqlalchemy import func, select

from application.access.resources import Action, Holding, Kind, Principal
from application.access.rules import decide_on
from domain.grants import Grant
from projections.chats.table import ChatTables
from projections.runtime.store import ViewReader

ShareOrder = Literal["updated_at", "created_at", "title"]


@dataclass(frozen=True)
class Share:
    share_id: str
    chat_id: str
    owner_id: str
    title: str
    snapshot: dict[str, Any]
    created_at: int
    updated_at: int
    grants: list[Grant]

    def readable_by(self, principal: Principal) -> bool:
        """Its owner, and whom a grant names."""
        return decide_on(principal, Action.READ, Kind.SHARE, Holding(self.owner_id, self.grants)).allowed


class ShareQueries:
    def __init__(self, engine: ViewReader, tables: ChatTables) -> None:
        self._engine = engine
        self._t = tables

    def share(self, share_id: str) -> Share | None:
        shares = self._t.shares
        with self._engine.connect() as conn:
            row = conn.execute(select(shares).where(shares.c.share_id == share_id)).first()
            grants = self._grants(conn, [row.chat_id]) if row is not None else {}
        if row is None:
            return None
        return Share(share_id=row.share_id, chat_id=row.chat_id, owner_id=row.user_id, title=row.title,
                     snapshot=row.chat, created_at=row.created_at, updated_at=row.updated_at,
                     grants=grants.get(row.chat_id, []))

    def access_of(self, share_id: str) -> Holding | None:
        found = self.share(share_id)
        return None if found is None else Holding(found.owner_id, found.grants)

    def grants_of(self, chat_id: str) -> list[dict[str, str]]:
        """Open WebUI's grant rows, each with an id of its own (stable: derived from what it grants)."""
        with self._engine.connect() as conn:
            grants = self._grants(conn, [chat_id]).get(chat_id, [])
        return [{"id": str(uuid5(NAMESPACE_URL, f"annals:share-grant:{chat_id}:{key(g)}")), **g} for g in grants]

    def shares_of(self, owner_id: str, *, query: str | None, order_by: ShareOrder, ascending: bool,
                  skip: int, limit: int) -> list[dict[str, Any]]:
        """Open WebUI's SharedChatResponse rows (``id`` is the chat's, ``share_id`` the link's)."""
        shares = self._t.shares
        column = shares.c[order_by]
        statement = select(shares.c.share_id, shares.c.chat_id, shares.c.title, shares.c.created_at,
                            shares.c.updated_at).where(shares.c.user_id == owner_id)
        if query:
            statement = statement.where(func.lower(shares.c.title).contains(query.lower(), autoescape=True))
        order = (column.asc(), shares.c.last_position.asc()) if ascending else (
            column.desc(), shares.c.last_position.desc())
        with self._engine.connect() as conn:
            rows = conn.execute(statement.order_by(*order).offset(skip).limit(limit))
            return [{"id": r.chat_id, "chat_id": r.chat_id, "title": r.title, "share_id": r.share_id,
                     "updated_at": r.updated_at, "created_at": r.created_at} for r in rows]

    def shared_chat_ids(self, owner_id: str) -> list[str]:
        shares = self._t.shares
        with self._engine.connect() as conn:
            return list(conn.execute(select(shares.c.chat_id).where(shares.c.user_id == owner_id)).scalars())

    def lends_file(self, file_id: str, owner_id: str, principal: Principal) -> bool:
        """Whether a share of ``owner_id``'s that carries the file (attached to one of its messages)
        may be read by ``principal``. Only the owner's own shares count: attaching someone else's
        file to a chat one shares lends nobody access to it."""
        shares, carried = self._t.shares, self._t.share_files
        statement = (select(shares.c.chat_id).join(carried, carried.c.chat_id == shares.c.chat_id)
                     .where(carried.c.file_id == file_id, shares.c.user_id == owner_id))
        with self._engine.connect() as conn:
            chat_ids = list(conn.execute(statement).scalars())
            grants = self._grants(conn, chat_ids) if chat_ids else {}
        return any(decide_on(principal, Action.READ, Kind.SHARE, Holding(owner_id, chat_grants)).allowed
                   for chat_grants in grants.values())

    def _grants(self, conn: Any, chat_ids: list[str]) -> dict[str, list[Grant]]:
        table = self._t.share_grants
        rows = conn.execute(select(table).where(table.c.chat_id.in_(chat_ids))
                            .order_by(table.c.principal_type, table.c.principal_id, table.c.permission))
        found: dict[str, list[Grant]] = {}
        for row in rows:
            found.setdefault(row.chat_id, []).append(
                {"principal_type": row.principal_type, "principal_id": row.principal_id, "permission": row.permission})
        return found


def key(grant: Grant) -> str:
    return f"{grant['principal_type']}:{grant['principal_id']}:{grant['permission']}"
