from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.chats.chat import Chat
from projections.runtime.projector import Change, Projector, epoch, insert_once, quoting_in
from projections.usage.stated import message_time, stated_usage, token_counts
from projections.usage.table import UsageTables, define_usage_tables

Handled = Iterable[Change]


class UsageLedger(Projector):
    """Every message of every chat, as Open WebUI's usage statistics count them: whose, which
    role and model, when, and the tokens its usage states. Deleted messages and chats leave it.

    A message keeps the time it was first written; an edit or a completed reply that states a
    usage replaces the one kept (Open WebUI adds up a usage that differs, for replies it builds
    from several calls; a reply here states its whole usage once). Announces nothing.
    """

    view = "usage"
    context = "Chats"
    tables: UsageTables

    def replica(self, metadata: MetaData, suffix: str) -> UsageLedger:
        return UsageLedger(define_usage_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Handled:
        return ()

    @apply.register
    def _(self, event: Chat.Created, conn: Connection, position: int) -> Handled:
        conn.execute(self.tables.chats.insert().values(chat_id=str(event.originator_id), user_id=event.owner_id))
        return ()

    @apply.register
    def _(self, event: Chat.MessageAppended | Chat.ReplyAppended, conn: Connection, position: int) -> Handled:
        self._write(conn, event, role=event.role, model_id=event.extra.get("model_id") or event.model,
                    usage=stated_usage(event.extra), stated_time=event.extra.get("timestamp"))
        return ()

    @apply.register
    def _(self, event: Chat.MessageEdited | Chat.ReplyEdited, conn: Connection, position: int) -> Handled:
        self._write(conn, event, role=event.role, model_id=event.extra.get("model_id") or event.model,
                    usage=stated_usage(event.extra))
        return ()

    @apply.register
    def _(self, event: Chat.ReplyStarted, conn: Connection, position: int) -> Handled:
        self._write(conn, event, role="assistant", model_id=event.model, stated_time=event.extra.get("timestamp"))
        return ()

    @apply.register
    def _(self, event: Chat.ReplyCompleted, conn: Connection, position: int) -> Handled:
        self._write(conn, event, usage=event.usage, existing_only=True)
        return ()

    @apply.register
    def _(self, event: Chat.PresetsNamed, conn: Connection, position: int) -> Handled:
        """A message's model, when it is someone else's preset, stated apart (under their key)."""
        insert_once(conn, self.tables.named, chat_id=str(event.originator_id), user_id=event.quoted_user_id)
        if event.message_id is not None and "model" in event.fields:
            self._write(conn, event, model_id=event.fields["model"], existing_only=True)
        return ()

    @apply.register
    def _(self, event: Chat.MessagesDeleted, conn: Connection, position: int) -> Handled:
        messages = self.tables.messages
        conn.execute(messages.delete().where(messages.c.chat_id == str(event.originator_id),
                                             messages.c.message_id.in_(event.message_ids)))
        return ()

    @apply.register
    def _(self, event: Chat.Deleted, conn: Connection, position: int) -> Handled:
        self.drop_aggregate(conn, str(event.originator_id))
        return ()

    def quoting(self, conn: Connection, person_id: str) -> list[str]:
        """The others' chats whose messages name the person's presets."""
        named, chats = self.tables.named, self.tables.chats
        return quoting_in(conn, named.c.chat_id, named.c.user_id, person_id, owned=(chats.c.chat_id, chats.c.user_id))

    def drop_aggregate(self, conn: Connection, aggregate_id: str) -> None:
        for table in (self.tables.messages, self.tables.named, self.tables.chats):
            conn.execute(table.delete().where(table.c.chat_id == aggregate_id))

    def _write(self, conn: Connection, event: Any, *, role: str | None = None, model_id: Any = None,
               usage: Any = None, stated_time: Any = None, existing_only: bool = False) -> None:
        """Insert the message, or change what is stated of it; what is not stated stays."""
        messages, chat_id = self.tables.messages, str(event.originator_id)
        where = (messages.c.chat_id == chat_id, messages.c.message_id == event.message_id)
        values: dict[str, Any] = {"role": role, "model_id": model_id if isinstance(model_id, str) else None}
        tokens = token_counts(usage)
        if tokens is not None:
            values.update(input_tokens=tokens[0], output_tokens=tokens[1])
        changed = {k: v for k, v in values.items() if v is not None}
        if conn.execute(select(messages.c.role).where(*where)).first() is not None:
            if changed:
                conn.execute(messages.update().where(*where).values(**changed))
            return
        owner = conn.execute(select(self.tables.chats.c.user_id).where(self.tables.chats.c.chat_id == chat_id)).scalar()
        if existing_only or owner is None or role is None:
            return
        conn.execute(messages.insert().values(chat_id=chat_id, message_id=event.message_id, user_id=owner,
                                              created_at=message_time(stated_time, epoch(event)), **values))
