"""Chat search as the SPA's search box speaks it: words plus ``tag:``, ``folder:``, ``pinned:``,
``archived:`` and ``shared:`` filters; phrase matches first, then every-term matches; a snippet
around the first hit in the messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, not_, or_, select

from projections.chats.table import ChatTables
from projections.runtime.store import ViewReader

PAGE_SIZE = 60
SNIPPET_CHARS = 200
_TERM = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ChatSearch:
    phrase: str = ""
    tags: tuple[str, ...] = ()
    untagged: bool = False
    folders: tuple[str, ...] = ()
    pinned: bool | None = None
    archived: bool = False
    shared: bool | None = None
    terms: tuple[str, ...] = field(default=())


def parse_search(text: str) -> ChatSearch:
    words, tags, folders, flags = [], [], [], {}
    for token in text.replace("\x00", "").lower().split():
        key, _, value = token.partition(":")
        if key == "tag" and value:
            tags.append(value.replace(" ", "_"))
        elif key == "folder" and value:
            folders.append(re.sub(r"[\s_]+", " ", value).strip())
        elif key in ("pinned", "archived", "shared") and value in ("true", "false"):
            flags[key] = value == "true"
        else:
            words.append(token)
    phrase = " ".join(words)
    terms = tuple(t for t in dict.fromkeys(_TERM.findall(phrase)) if t != phrase)
    return ChatSearch(
        phrase=phrase, tags=tuple(t for t in tags if t != "none"), untagged="none" in tags,
        folders=tuple(folders), pinned=flags.get("pinned"), archived=flags.get("archived", False),
        shared=flags.get("shared"), terms=terms if len(terms) > 1 else (),
    )


class ChatSearcher:
    def __init__(self, engine: ViewReader, tables: ChatTables) -> None:
        self._engine = engine
        self._t = tables

    def search(self, user_id: str, query: ChatSearch, page: int = 1) -> list[tuple[Any, str | None]]:
        """``(chat row, snippet)`` pairs, a page at a time."""
        if query.folders:
            return []  # no folder of that name: folders arrive with the folders feature
        chats = self._t.chats
        conditions = [chats.c.user_id == user_id, chats.c.archived == query.archived, *self._filters(query)]
        order: list[ColumnElement[Any]] = [chats.c.updated_at.desc(), chats.c.last_position.desc()]
        if query.phrase:
            phrase_hit = self._mentions(query.phrase)
            every_term = and_(*(self._mentions(t) for t in query.terms)) if query.terms else None
            conditions.append(or_(phrase_hit, every_term) if every_term is not None else phrase_hit)
            order.insert(0, case((phrase_hit, 0), else_=1))
        statement = (select(chats).where(*conditions).order_by(*order)
                     .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
        with self._engine.connect() as conn:
            rows = list(conn.execute(statement))
            return [(row, self._snippet(conn, row.id, query)) for row in rows]

    def _filters(self, query: ChatSearch) -> list[ColumnElement[bool]]:
        chats, tags = self._t.chats, self._t.tags
        filters: list[ColumnElement[bool]] = [exists().where(tags.c.chat_id == chats.c.id, tags.c.tag_id == tag)
                                              for tag in query.tags]
        if query.untagged:
            filters.append(not_(exists().where(tags.c.chat_id == chats.c.id)))
        if query.pinned is not None:
            filters.append(chats.c.pinned == query.pinned)
        if query.shared is not None:
            filters.append(chats.c.share_id.is_not(None) if query.shared else chats.c.share_id.is_(None))
        return filters

    def _mentions(self, text: str) -> ColumnElement[bool]:
        chats, messages = self._t.chats, self._t.messages
        pattern = f"%{text}%"
        return or_(func.lower(chats.c.title).like(pattern),
                   exists().where(messages.c.chat_id == chats.c.id, func.lower(messages.c.content).like(pattern)))

    def _snippet(self, conn: Any, chat_id: str, query: ChatSearch) -> str | None:
        messages = self._t.messages
        for needle in (query.phrase, *query.terms):
            if not needle:
                continue
            content = conn.execute(
                select(messages.c.content).where(messages.c.chat_id == chat_id,
                                                 func.lower(messages.c.content).like(f"%{needle}%"))
                .order_by(messages.c.seq).limit(1)).scalar()
            if content is not None:
                return _window(content, content.lower().index(needle))
        return None


def _window(content: str, hit: int) -> str:
    start = max(0, hit - SNIPPET_CHARS // 2)
    end = min(len(content), start + SNIPPET_CHARS)
    text = " ".join(content[start:end].split())
    return ("..." if start > 0 else "") + text + ("..." if end < len(content) else "")
