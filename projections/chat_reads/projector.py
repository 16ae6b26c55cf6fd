from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.chats.chat import Chat
from domain.chats.reading import ChatReading
from projections.chat_reads.table import ReadTables, define_read_tables
from projections.runtime.projector import Change, Projector, epoch

Handled = Iterable[Change]
ACTED_ON = Chat.Pinned | Chat.Unpinned | Chat.Archived | Chat.Unarchived | Chat.MovedToFolder
REPLY_ENDED = Chat.ReplyCompleted | Chat.ReplyFailed


class ChatReads(Projector):
    """When each chat was last read by its owner, and whether a reply is being generated in it.

    Open WebUI's rules: a chat is read when created (in that second: the messages it was created
    with come in events just after), and whenever its owner pins, archives or files it (they had it
    before them); marking it unread sets the time to 0. Announces nothing: the person's other tabs
    hear of a read from the socket that reported it.
    """

    view = "chat_reads"
    context = "Chats"
    tables: ReadTables

    def replica(self, metadata: MetaData, suffix: str) -> ChatReads:
        return ChatReads(define_read_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Handled:
        return ()

    @apply.register
    def _(self, event: Chat.Created, conn: Connection, position: int) -> Handled:
        conn.execute(self.tables.reads.insert().values(
            chat_id=str(event.originator_id), user_id=event.owner_id, last_read_at=epoch(event),
            read_position=None, running_replies=[], replying=False))
        return ()

    @apply.register
    def _(self, event: ACTED_ON, conn: Connection, position: int) -> Handled:
        return self._set(event.originator_id, last_read_at=epoch(event), read_position=position, conn=conn)

    @apply.register
    def _(self, event: ChatReading.Read, conn: Connection, position: int) -> Handled:
        return self._set(event.chat_id, last_read_at=epoch(event), read_position=position, conn=conn)

    @apply.register
    def _(self, event: ChatReading.MarkedUnread, conn: Connection, position: int) -> Handled:
        return self._set(event.chat_id, last_read_at=0, read_position=0, conn=conn)

    @apply.register
    def _(self, event: Chat.ReplyStarted, conn: Connection, position: int) -> Handled:
        return self._replies(conn, event.originator_id, add=(event.message_id,))

    @apply.register
    def _(self, event: REPLY_ENDED, conn: Connection, position: int) -> Handled:
        return self._replies(conn, event.originator_id, remove=(event.message_id,))

    @apply.register
    def _(self, event: Chat.MessagesDeleted, conn: Connection, position: int) -> Handled:
        return self._replies(conn, event.originator_id, remove=event.message_ids)

    @apply.register
    def _(self, event: Chat.Deleted, conn: Connection, position: int) -> Handled:
        reads = self.tables.reads
        conn.execute(reads.delete().where(reads.c.chat_id == str(event.originator_id)))
        return ()

    def _replies(self, conn: Connection, chat_id: Any, add: Iterable[str] = (),
                 remove: Iterable[str] = ()) -> Handled:
        reads = self.tables.reads
        running = conn.execute(select(reads.c.running_replies).where(reads.c.chat_id == str(chat_id))).scalar()
        if running is None:
            return ()
        after = sorted(set(running).union(add).difference(remove))
        return self._set(chat_id, running_replies=after, replying=bool(after), conn=conn)

    def _set(self, chat_id: Any, *, conn: Connection, **values: Any) -> Handled:
        reads = self.tables.reads
        conn.execute(reads.update().where(reads.c.chat_id == str(chat_id)).values(**values))
        return ()
