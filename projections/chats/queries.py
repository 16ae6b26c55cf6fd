from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from sqlalchemy import and_, func, literal, select

from application.access.resources import Holding
from projections.chats.document import VARIABLES, chat_document
from projections.chats.held import HeldMessages
from projections.chats.search import ChatSearcher, parse_search
from projections.chats.table import ChatTables
from projections.runtime.lookup import KeyedLookup
from projections.runtime.store import TRACKING, ViewReader

PAGE_SIZE = 60


class SpokenMessage(msgspec.Struct):
    """What a model is shown of a stored message. Decoding only these fields, and skipping
    the rest unread, is a third of the cost of the whole message: a long chat's turn decodes
    every message of its branch."""

    role: str = ""
    content: Any = ""
    files: Any = None
    """What the person attached (pictures, documents), as the app names them."""


_spoken = msgspec.json.Decoder(SpokenMessage).decode


class ChatQueries:
    """Reads of the chats view. Holds the message rows of recently read chats (``held``), so a long
    chat read again costs the rows that changed, not all of them."""

    def __init__(self, engine: ViewReader, tables: ChatTables, held: HeldMessages, replays: str | None = None) -> None:
        """``replays``: where the view counts its replays of chats (``runtime/forgetting.py``): rows
        held from before one are not used again, since a replayed row keeps its revision (None: a
        view nobody replays, such as one built to show the past)."""
        self._engine = engine
        self._t = tables
        self._held = held
        self._replays = replays
        self._owner = KeyedLookup(engine, tables.chats.c.user_id, key=tables.chats.c.id)
        # One snapshot for the chat's row and its messages: Postgres reads each statement's own otherwise.
        self._snapshot = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}

    def get_chat(self, chat_id: str) -> dict[str, Any] | None:
        """The chat as Open WebUI's ChatResponse: its row plus the assembled document."""
        chats = self._t.chats
        with self._engine.connect().execution_options(**self._snapshot) as conn:
            chat = conn.execute(select(chats, self._replayed()).where(chats.c.id == chat_id)).first()
            if chat is None:
                return None
            rows = self._rows(conn, chat)
            tags = self._tag_ids(conn, chat_id)
            document = chat_document(chat, rows, tags)
        return {**self._summary(chat), "chat": document, "meta": {"tags": tags},
                "variables": chat.properties.get(VARIABLES) or {}, "tasks": None, "summary": None,
                "current_message_id": chat.current_message_id, "context_usage": None}

    def citing(self, chat_id: str) -> dict[str, dict[str, list[int]]]:
        """For each message of the chat whose ``sources`` the server cited, where each quoted
        person's stand in the list (``Chat.SourcesCited``)."""
        citations = self._t.citations
        with self._engine.connect() as conn:
            rows = conn.execute(select(citations.c.message_id, citations.c.user_id, citations.c.places)
                                .where(citations.c.chat_id == chat_id))
            cited: dict[str, dict[str, list[int]]] = {}
            for message_id, user_id, places in rows:
                cited.setdefault(message_id, {})[user_id] = list(places)
        return cited

    def branch(self, chat_id: str, message_id: str | None) -> list[SpokenMessage]:
        """The messages from the root down to ``message_id`` (empty if the chat lacks it), as a
        model is shown the conversation. Walks the parent links of the rows held for the chat, so
        a long chat's next turn fetches only the rows written since its last."""
        if message_id is None:
            return []
        chats = self._t.chats
        with self._engine.connect().execution_options(**self._snapshot) as conn:
            chat = conn.execute(select(chats.c.id, chats.c.messages_revision, chats.c.pruned_at, self._replayed())
                                .where(chats.c.id == chat_id)).first()
            rows = self._rows(conn, chat) if chat is not None else []
        stored = {row_id: (parent_id, document) for row_id, parent_id, document in rows}
        walk: list[str] = []
        cursor: str | None = message_id
        while cursor is not None and cursor in stored and len(walk) < len(stored):
            parent_id, document = stored[cursor]
            walk.append(document)
            cursor = parent_id
        return [_spoken(document) for document in reversed(walk)]

    def _rows(self, conn: Any, chat: Any) -> list[tuple[str, str | None, str]]:
        messages = self._t.messages

        def fetch(after: int) -> Any:
            return conn.execute(select(messages.c.id, messages.c.parent_id, messages.c.document, messages.c.revision)
                                .where(messages.c.chat_id == chat.id, messages.c.revision > after)
                                .order_by(messages.c.seq))

        return self._held.rows(f"{chat.id}/{chat.replays or 0}", chat.messages_revision, chat.pruned_at, fetch)

    def _replayed(self) -> Any:
        """The view's replays of chats, read with the chat's row (one query, not two, per read)."""
        if self._replays is None:
            return literal(0).label("replays")
        return (select(TRACKING.c.position).where(TRACKING.c.view == self._replays)
                .scalar_subquery().label("replays"))

    def owner_of(self, chat_id: str) -> str | None:
        row = self._owner.row(chat_id)
        return None if row is None else row.user_id

    def access_of(self, chat_id: str) -> Holding | None:
        """A chat is its owner's alone (its shares are ``ShareQueries``')."""
        owner = self.owner_of(chat_id)
        return None if owner is None else Holding(owner)

    def ids_of(self, user_id: str) -> list[str]:
        """Every chat the person has, archived ones too."""
        chats = self._t.chats
        with self._engine.connect() as conn:
            return list(conn.execute(select(chats.c.id).where(chats.c.user_id == user_id)).scalars())

    def updated(self, before: float | None, among: Sequence[str] | None = None) -> list[tuple[str, str, int]]:
        """(id, owner, last update) of the chats updated before ``before`` (any, if None), of
        ``among`` if given, oldest first: what a retention policy finds due."""
        chats = self._t.chats
        statement = select(chats.c.id, chats.c.user_id, chats.c.updated_at).order_by(chats.c.updated_at, chats.c.id)
        if before is not None:
            statement = statement.where(chats.c.updated_at < before)
        if among is not None:
            statement = statement.where(chats.c.id.in_(list(among)))
        with self._engine.connect() as conn:
            return [(row.id, row.user_id, row.updated_at) for row in conn.execute(statement)]

    def ids_newest_first(self, user_id: str | None) -> list[str]:
        """Every chat of the person (of everyone: None), archived ones too, as an export lists them."""
        chats = self._t.chats
        statement = select(chats.c.id).order_by(chats.c.updated_at.desc(), chats.c.last_position.desc())
        if user_id is not None:
            statement = statement.where(chats.c.user_id == user_id)
        with self._engine.connect() as conn:
            return list(conn.execute(statement).scalars())

    def summary(self, chat_id: str) -> dict[str, Any] | None:
        """The chat's row without its messages: owner, title, times and flags."""
        chats = self._t.chats
        with self._engine.connect() as conn:
            row = conn.execute(select(chats).where(chats.c.id == chat_id)).first()
        return self._summary(row) if row is not None else None

    def list_tagged(self, user_id: str, tag: str, *, skip: int, limit: int) -> list[dict[str, Any]]:
        """The person's chats with the tag (archived ones too, as Open WebUI lists them), newest first."""
        chats, tags = self._t.chats, self._t.tags
        statement = (select(chats).join(tags, tags.c.chat_id == chats.c.id)
                     .where(chats.c.user_id == user_id, tags.c.tag_id == tag)
                     .order_by(chats.c.updated_at.desc(), chats.c.last_position.desc()).offset(skip).limit(limit))
        with self._engine.connect() as conn:
            return [self._summary(row) for row in conn.execute(statement)]

    def shared_chat_id(self, share_id: str) -> str | None:
        """The chat a share link shows."""
        shares = self._t.shares
        with self._engine.connect() as conn:
            return conn.execute(select(shares.c.chat_id).where(shares.c.share_id == share_id)).scalar()

    def folder_of(self, chat_id: str) -> str | None:
        chats = self._t.chats
        with self._engine.connect() as conn:
            return conn.execute(select(chats.c.folder_id).where(chats.c.id == chat_id)).scalar()

    def list_chats(
        self, user_id: str, *, page: int | None = None, archived: bool | None = False,
        pinned: bool | None = None,
        folder_id: str | None = None, include_folders: bool = True,
    ) -> list[dict[str, Any]]:
        chats = self._t.chats
        conditions = [chats.c.user_id == user_id]
        if archived is not None:
            conditions.append(chats.c.archived == archived)
        if pinned is not None:
            conditions.append(chats.c.pinned == pinned)
        if folder_id is not None:
            conditions.append(chats.c.folder_id == folder_id)
        elif not include_folders:
            conditions.append(chats.c.folder_id.is_(None))
        # updated_at has whole seconds; the log position orders changes made within one second.
        newest_first = (chats.c.updated_at.desc(), chats.c.last_position.desc())
        statement = select(chats).where(and_(*conditions)).order_by(*newest_first)
        if page:
            statement = statement.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        with self._engine.connect() as conn:
            return [self._summary(row) for row in conn.execute(statement)]

    def count_chats(self, user_id: str, *, archived: bool) -> int:
        chats = self._t.chats
        statement = select(func.count()).select_from(chats).where(chats.c.user_id == user_id,
                                                                  chats.c.archived == archived)
        with self._engine.connect() as conn:
            return int(conn.execute(statement).scalar_one())

    def list_filed(
        self, user_id: str, folder_ids: list[str], *, skip: int = 0, limit: int | None = None,
        by_title: bool = False, ascending: bool = False,
    ) -> list[dict[str, Any]]:
        """A person's chats in these folders, as a folder shows them: neither pinned nor archived."""
        chats = self._t.chats
        column = chats.c.title if by_title else chats.c.updated_at
        order = (column.asc(), chats.c.last_position.asc()) if ascending else (
            column.desc(), chats.c.last_position.desc())
        statement = (select(chats).where(chats.c.user_id == user_id, chats.c.folder_id.in_(folder_ids),
                                         chats.c.pinned.is_(False), chats.c.archived.is_(False))
                     .order_by(*order).offset(skip).limit(limit))
        with self._engine.connect() as conn:
            return [self._summary(row) for row in conn.execute(statement)]

    def filed_chat_ids(self, user_id: str, folder_ids: list[str]) -> list[str]:
        """Every chat of this person in these folders, pinned and archived ones included."""
        chats = self._t.chats
        statement = select(chats.c.id).where(chats.c.user_id == user_id, chats.c.folder_id.in_(folder_ids))
        with self._engine.connect() as conn:
            return list(conn.execute(statement).scalars())

    def search(self, user_id: str, text: str, page: int = 1) -> list[dict[str, Any]]:
        found = ChatSearcher(self._engine, self._t).search(user_id, parse_search(text), page)
        return [{**self._summary(row), "snippet": snippet} for row, snippet in found]

    def tags_of_chat(self, chat_id: str) -> list[dict[str, Any]]:
        tags = self._t.tags
        with self._engine.connect() as conn:
            rows = conn.execute(select(tags).where(tags.c.chat_id == chat_id)
                                .order_by(tags.c.created_at, tags.c.tag_id))
            return [{"id": r.tag_id, "name": r.name, "user_id": r.user_id, "meta": None} for r in rows]

    def tags_of_user(self, user_id: str) -> list[dict[str, Any]]:
        tags = self._t.tags
        statement = (select(tags.c.tag_id, func.min(tags.c.name).label("name"))
                     .where(tags.c.user_id == user_id).group_by(tags.c.tag_id).order_by(tags.c.tag_id))
        with self._engine.connect() as conn:
            return [{"id": r.tag_id, "name": r.name, "user_id": user_id, "meta": None}
                    for r in conn.execute(statement)]

    def _tag_ids(self, conn: Any, chat_id: str) -> list[str]:
        tags = self._t.tags
        return list(conn.execute(select(tags.c.tag_id).where(tags.c.chat_id == chat_id)
                                 .order_by(tags.c.created_at, tags.c.tag_id)).scalars())

    @staticmethod
    def _summary(row: Any) -> dict[str, Any]:
        return {
            "id": row.id, "user_id": row.user_id, "title": row.title,
            "updated_at": row.updated_at, "created_at": row.created_at, "share_id": row.share_id,
            "archived": row.archived, "pinned": row.pinned, "folder_id": row.folder_id,
        }
