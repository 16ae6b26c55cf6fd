from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, MetaData, select

from domain.chats.chat import Chat
from domain.files.references import files_carried
from domain.privacy.personal_fields import ERASED
from domain.privacy.places import items_at
from projections.chats.document import (
    chat_document,
    children_of,
    field_of,
    message_document,
    plain,
    revised,
    with_fields,
    with_items_at,
    without,
)
from projections.chats.table import ChatTables, define_chat_tables
from projections.runtime.projector import Change, Projector, epoch, insert_once


class ChatViews(Projector):
    """The chat list, each chat's messages as rows, its tags and its shared snapshots."""

    view = "chats"
    context = "Chats"
    tables: ChatTables

    def replica(self, metadata: MetaData, suffix: str) -> ChatViews:
        return ChatViews(define_chat_tables(metadata, suffix))

    @singledispatchmethod
    def apply(self, event: Any, conn: Connection, position: int) -> Iterable[Change]:
        return ()

    @apply.register
    def _(self, event: Chat.Created, conn: Connection, position: int) -> Iterable[Change]:
        now = epoch(event)
        conn.execute(self.tables.chats.insert().values(
            id=str(event.originator_id), user_id=event.owner_id, title=event.title,
            properties=event.properties, current_message_id=None, archived=False, pinned=False,
            folder_id=event.folder_id, share_id=None, created_at=now, updated_at=now,
            last_position=position, messages_revision=0, pruned_at=0,
        ))
        return self._announce(event, event.owner_id, position)

    # The aggregate redefines each event class it declares, so a subclass event is no subclass of
    # its base's redefinition, as dispatch sees them: each is named.
    @apply.register
    def _(self, event: Chat.MessageAppended | Chat.ReplyAppended, conn: Connection, position: int
          ) -> Iterable[Change]:
        return self._appended(event, conn, position)

    def _appended(self, event: Chat.MessageAppended | Chat.ReplyAppended | Chat.MessageCopied, conn: Connection,
                  position: int) -> Iterable[Change]:
        document = message_document(
            message_id=event.message_id, parent_id=event.parent_id, children=[], role=event.role,
            content=event.content, model=event.model, extra=event.extra)
        return self._insert_message(event, conn, position, document, event.content)

    @apply.register
    def _(self, event: Chat.MessageCopied, conn: Connection, position: int) -> Iterable[Change]:
        self._quotes(conn, event)
        return self._appended(event, conn, position)

    @apply.register
    def _(self, event: Chat.FilesQuoted, conn: Connection, position: int) -> Iterable[Change]:
        self._quotes(conn, event)
        return self._quoted_items(conn, event, position, "files", event.items)

    @apply.register
    def _(self, event: Chat.TitleQuoted, conn: Connection, position: int) -> Iterable[Change]:
        self._quotes(conn, event)
        return self._set(conn, event, position, title=event.title)

    @apply.register
    def _(self, event: Chat.PresetsNamed, conn: Connection, position: int) -> Iterable[Change]:
        """Someone else's presets named by a message, or by the chat, in the places kept for them."""
        self._quotes(conn, event)
        if event.message_id is None:
            properties = dict(self._chat_column(conn, event, "properties") or {})
            if event.places:
                properties["models"] = items_at(properties.get("models"), event.places, event.models)
            return self._set(conn, event, position, properties=properties)
        messages, chat_id = self.tables.messages, str(event.originator_id)
        where = (messages.c.chat_id == chat_id, messages.c.id == event.message_id)
        stored = conn.execute(select(messages.c.document).where(*where)).scalar()
        if stored is None:
            return ()
        document = with_fields(stored, **event.fields)
        if event.places:
            document = with_items_at(document, "models", event.places, event.models)
        conn.execute(messages.update().where(*where).values(document=document, revision=position))
        return self._set(conn, event, position, messages_revision=position)

    def _quotes(self, conn: Connection, event: Any) -> None:
        insert_once(conn, self.tables.quotes, chat_id=str(event.originator_id), user_id=event.quoted_user_id)

    def _insert_message(self, event: Any, conn: Connection, position: int, document: str,
                        content: str) -> Iterable[Change]:
        now, chat_id = epoch(event), str(event.originator_id)
        conn.execute(self.tables.messages.insert(), {  # values as parameters: the statement is compiled once
            "chat_id": chat_id, "id": event.message_id, "seq": position, "revision": position,
            "parent_id": event.parent_id, "content": content, "document": document, "created_at": now,
            "updated_at": now})
        if event.parent_id is not None:
            self._revise(conn, chat_id, event.parent_id, position, add=(event.message_id,))
        return self._touch(conn, event, position, current_message_id=event.message_id,
                           messages_revision=position)

    @apply.register
    def _(self, event: Chat.MessageEdited | Chat.CopyEdited | Chat.ReplyEdited, conn: Connection, position: int
          ) -> Iterable[Change]:
        """A reply's cited sources stay as the server recorded them (an edit never carries them)."""
        messages, chat_id = self.tables.messages, str(event.originator_id)
        row = conn.execute(select(messages.c.parent_id, messages.c.document)
                           .where(messages.c.chat_id == chat_id, messages.c.id == event.message_id)).one()
        extra = event.extra
        if self._cites(conn, chat_id, event.message_id):
            extra = {**extra, "sources": field_of(row.document, "sources")}
        document = message_document(
            message_id=event.message_id, parent_id=row.parent_id, children=children_of(row.document),
            role=event.role, content=event.content, model=event.model, extra=extra)
        conn.execute(messages.update().where(messages.c.chat_id == chat_id, messages.c.id == event.message_id)
                     .values(content=event.content, document=document, updated_at=epoch(event), revision=position))
        return self._touch(conn, event, position, messages_revision=position)

    @apply.register
    def _(self, event: Chat.ReplyStarted, conn: Connection, position: int) -> Iterable[Change]:
        """A new assistant message, or the SPA's placeholder message, now being generated."""
        chat_id, messages = str(event.originator_id), self.tables.messages
        fields = {**event.extra, "timestamp": epoch(event), "done": False}
        where = (messages.c.chat_id == chat_id, messages.c.id == event.message_id)
        stored = conn.execute(select(messages.c.document).where(*where)).scalar()
        if stored is None:
            document = message_document(message_id=event.message_id, parent_id=event.parent_id, children=[],
                                        role="assistant", content="", model=event.model, extra=fields)
            return self._insert_message(event, conn, position, document, "")
        fields.update(role="assistant", content="", **({"model": event.model} if event.model else {}))
        if "sources" not in fields:  # the run's own are cited next (an earlier run's kept them in ``extra``)
            stored = without(stored, "sources")
            self._uncite(conn, chat_id, (event.message_id,))
        conn.execute(messages.update().where(*where).values(
            content="", document=with_fields(stored, **fields), updated_at=epoch(event), revision=position))
        return self._touch(conn, event, position, current_message_id=event.message_id,
                           messages_revision=position)

    @apply.register
    def _(self, event: Chat.SourcesCited, conn: Connection, position: int) -> Iterable[Change]:
        conn.execute(self.tables.citations.insert().values(
            chat_id=str(event.originator_id), message_id=event.message_id, user_id=event.quoted_user_id,
            places=event.places))
        return self._quoted_items(conn, event, position, "sources", event.sources)

    def _quoted_items(self, conn: Connection, event: Any, position: int, field: str,
                      items: list[Any]) -> Iterable[Change]:
        """Someone else's items at ``event.places`` of a stored message's list ``field``."""
        messages, chat_id = self.tables.messages, str(event.originator_id)
        where = (messages.c.chat_id == chat_id, messages.c.id == event.message_id)
        stored = conn.execute(select(messages.c.document).where(*where)).scalar()
        if stored is None:
            return ()
        conn.execute(messages.update().where(*where).values(
            document=with_items_at(stored, field, event.places, items), revision=position))
        return self._set(conn, event, position, messages_revision=position)

    @apply.register
    def _(self, event: Chat.ReplyCompleted, conn: Connection, position: int) -> Iterable[Change]:
        return self._finish_reply(event, conn, position, done=True, usage=event.usage)

    @apply.register
    def _(self, event: Chat.ReplyFailed, conn: Connection, position: int) -> Iterable[Change]:
        return self._finish_reply(event, conn, position, done=True, error={"content": event.error})

    @apply.register
    def _(self, event: Chat.ReplyCheckpointed, conn: Connection, position: int) -> Iterable[Change]:
        self._message_fields(conn, event, position, event.message_id, content=event.content)
        return self._set(conn, event, position, messages_revision=position)

    @apply.register
    def _(self, event: Chat.FollowUpsSuggested, conn: Connection, position: int) -> Iterable[Change]:
        self._message_fields(conn, event, position, event.message_id, followUps=event.follow_ups)
        return self._set(conn, event, position, messages_revision=position)

    def _message_fields(self, conn: Connection, event: Any, position: int, message_id: str, **fields: Any) -> None:
        """Some fields of a stored message replaced (its ``content`` column follows the field)."""
        messages, chat_id = self.tables.messages, str(event.originator_id)
        where = (messages.c.chat_id == chat_id, messages.c.id == message_id)
        stored = conn.execute(select(messages.c.document).where(*where)).scalar()
        if stored is None:
            return
        values = {"content": fields["content"]} if "content" in fields else {}
        conn.execute(messages.update().where(*where).values(
            document=with_fields(stored, **fields), updated_at=epoch(event), revision=position, **values))

    def _finish_reply(self, event: Any, conn: Connection, position: int, **fields: Any) -> Iterable[Change]:
        messages, chat_id = self.tables.messages, str(event.originator_id)
        where = (messages.c.chat_id == chat_id, messages.c.id == event.message_id)
        stored = conn.execute(select(messages.c.document).where(*where)).scalar()
        if stored is not None:
            conn.execute(messages.update().where(*where).values(
                content=event.content, document=with_fields(stored, content=event.content, **fields),
                updated_at=epoch(event), revision=position))
        return self._touch(conn, event, position, messages_revision=position)

    @apply.register
    def _(self, event: Chat.MessagesDeleted, conn: Connection, position: int) -> Iterable[Change]:
        messages, chat_id, doomed = self.tables.messages, str(event.originator_id), frozenset(event.message_ids)
        conn.execute(messages.delete().where(messages.c.chat_id == chat_id, messages.c.id.in_(doomed)))
        self._uncite(conn, chat_id, doomed)
        for message_id in event.moved:
            self._revise(conn, chat_id, message_id, position, parent=event.new_parent)
        if event.new_parent is not None:
            self._revise(conn, chat_id, event.new_parent, position, remove=doomed, add=tuple(event.moved))
        return self._touch(conn, event, position, current_message_id=event.new_current,
                           messages_revision=position, pruned_at=position)

    @apply.register
    def _(self, event: Chat.CursorMoved, conn: Connection, position: int) -> Iterable[Change]:
        return self._touch(conn, event, position, current_message_id=event.message_id)

    @apply.register
    def _(self, event: Chat.Renamed | Chat.TitleWritten, conn: Connection, position: int) -> Iterable[Change]:
        return self._set(conn, event, position, title=event.title)

    @apply.register
    def _(self, event: Chat.PropertiesChanged, conn: Connection, position: int) -> Iterable[Change]:
        properties = self._chat_column(conn, event, "properties") or {}
        return self._set(conn, event, position, properties={**properties, **event.changes})

    @apply.register
    def _(self, event: Chat.Imported, conn: Connection, position: int) -> Iterable[Change]:
        """The times it had where it was exported; it takes its place in the list by them."""
        return self._set(conn, event, position, created_at=event.created_at, updated_at=event.updated_at)

    @apply.register
    def _(self, event: Chat.Archived, conn: Connection, position: int) -> Iterable[Change]:
        return self._touch(conn, event, position, archived=True, folder_id=None)

    @apply.register
    def _(self, event: Chat.Unarchived, conn: Connection, position: int) -> Iterable[Change]:
        return self._touch(conn, event, position, archived=False, folder_id=None)

    @apply.register
    def _(self, event: Chat.Pinned, conn: Connection, position: int) -> Iterable[Change]:
        return self._touch(conn, event, position, pinned=True)

    @apply.register
    def _(self, event: Chat.Unpinned, conn: Connection, position: int) -> Iterable[Change]:
        return self._touch(conn, event, position, pinned=False)

    @apply.register
    def _(self, event: Chat.MovedToFolder, conn: Connection, position: int) -> Iterable[Change]:
        filed = {"archived": False} if event.folder_id is not None else {}
        return self._touch(conn, event, position, folder_id=event.folder_id, pinned=False, **filed)

    @apply.register
    def _(self, event: Chat.Tagged | Chat.TagWritten, conn: Connection, position: int) -> Iterable[Change]:
        """A tag a model chose from a forgotten person's texts (``TagWritten``) is no tag any more."""
        if event.tag_id == ERASED:
            return self._set(conn, event, position)
        owner = self._chat_column(conn, event, "user_id")
        conn.execute(self.tables.tags.insert().values(
            chat_id=str(event.originator_id), tag_id=event.tag_id, user_id=owner, name=event.name,
            created_at=epoch(event)))
        return self._set(conn, event, position)

    @apply.register
    def _(self, event: Chat.Untagged, conn: Connection, position: int) -> Iterable[Change]:
        tags = self.tables.tags
        conn.execute(tags.delete().where(tags.c.chat_id == str(event.originator_id),
                                         tags.c.tag_id == event.tag_id))
        return self._set(conn, event, position)

    @apply.register
    def _(self, event: Chat.Shared, conn: Connection, position: int) -> Iterable[Change]:
        changes = self._set(conn, event, position, share_id=event.share_id)
        chat_id, shares, now = str(event.originator_id), self.tables.shares, epoch(event)
        chat = conn.execute(select(self.tables.chats).where(self.tables.chats.c.id == chat_id)).one()
        snapshot = plain(chat_document(chat, self._messages(conn, chat_id), self._tag_names(conn, chat_id)))
        created = conn.execute(select(shares.c.created_at).where(shares.c.share_id == event.share_id)).scalar()
        self._clear(conn, chat_id, self.tables.shares, self.tables.share_files)
        conn.execute(shares.insert().values(
            share_id=event.share_id, chat_id=chat_id, user_id=chat.user_id, title=chat.title,
            chat=snapshot, created_at=created or now, updated_at=now, last_position=position))
        carried = files_carried(snapshot["history"]["messages"].values())
        if carried:
            conn.execute(self.tables.share_files.insert(),
                         [{"chat_id": chat_id, "file_id": str(file_id)} for file_id in sorted(carried)])
        return changes

    @apply.register
    def _(self, event: Chat.Unshared, conn: Connection, position: int) -> Iterable[Change]:
        t = self.tables
        self._clear(conn, str(event.originator_id), t.shares, t.share_files, t.share_grants)
        return self._set(conn, event, position, share_id=None)

    @apply.register
    def _(self, event: Chat.ShareAccessChanged, conn: Connection, position: int) -> Iterable[Change]:
        chat_id = str(event.originator_id)
        self._clear(conn, chat_id, self.tables.share_grants)
        if event.grants:
            conn.execute(self.tables.share_grants.insert(), [{"chat_id": chat_id, **grant} for grant in event.grants])
        return self._set(conn, event, position)

    @apply.register
    def _(self, event: Chat.Deleted, conn: Connection, position: int) -> Iterable[Change]:
        owner = self._chat_column(conn, event, "user_id")
        self.drop_aggregate(conn, str(event.originator_id))
        return self._announce(event, owner, position)

    def quoting(self, conn: Connection, person_id: str) -> list[str]:
        """The chats that quote the person: replies citing their passages, copies of their chats
        (their own chats go with them)."""
        t = self.tables
        quoting = (select(t.citations.c.chat_id).where(t.citations.c.user_id == person_id)
                   .union(select(t.quotes.c.chat_id).where(t.quotes.c.user_id == person_id)).subquery())
        return list(conn.execute(select(quoting.c.chat_id).join(t.chats, t.chats.c.id == quoting.c.chat_id)
                                 .where(t.chats.c.user_id != person_id).order_by(quoting.c.chat_id)).scalars())

    def drop_aggregate(self, conn: Connection, aggregate_id: str) -> None:
        t = self.tables
        self._clear(conn, aggregate_id, t.messages, t.tags, t.shares, t.share_grants, t.share_files, t.citations,
                    t.quotes)
        conn.execute(t.chats.delete().where(t.chats.c.id == aggregate_id))

    def _cites(self, conn: Connection, chat_id: str, message_id: str) -> bool:
        citations = self.tables.citations
        return conn.execute(select(citations.c.user_id).where(
            citations.c.chat_id == chat_id, citations.c.message_id == message_id).limit(1)).first() is not None

    def _uncite(self, conn: Connection, chat_id: str, message_ids: Iterable[str]) -> None:
        citations = self.tables.citations
        conn.execute(citations.delete().where(citations.c.chat_id == chat_id,
                                              citations.c.message_id.in_(list(message_ids))))

    @staticmethod
    def _clear(conn: Connection, chat_id: str, *tables: Any) -> None:
        """The chat's rows in each of ``tables`` (each keyed by ``chat_id``) removed."""
        for table in tables:
            conn.execute(table.delete().where(table.c.chat_id == chat_id))

    def _touch(self, conn: Connection, event: Any, position: int, **values: Any) -> Iterable[Change]:
        """Change the chat and move it up the list (Open WebUI's ``updated_at`` rules); the position
        orders the list within one second of ``updated_at``."""
        return self._set(conn, event, position, updated_at=epoch(event), last_position=position, **values)

    def _set(self, conn: Connection, event: Any, position: int, **values: Any) -> Iterable[Change]:
        """Change the chat without moving it in the list: titles, properties, tags, shares."""
        chats = self.tables.chats
        this_chat = chats.c.id == str(event.originator_id)
        if values:
            owner = conn.execute(chats.update().where(this_chat).returning(chats.c.user_id), values).scalar()
        else:
            owner = conn.execute(select(chats.c.user_id).where(this_chat)).scalar()
        return self._announce(event, owner, position)

    def _revise(self, conn: Connection, chat_id: str, message_id: str, position: int, **change: Any) -> None:
        messages = self.tables.messages
        where = (messages.c.chat_id == chat_id, messages.c.id == message_id)
        document = conn.execute(select(messages.c.document).where(*where)).scalar()
        if document is None:
            return
        values = {"document": revised(document, **change), "revision": position}
        if "parent" in change:
            values["parent_id"] = change["parent"]
        conn.execute(messages.update().where(*where), values)

    def _chat_column(self, conn: Connection, event: Any, column: str) -> Any:
        chats = self.tables.chats
        return conn.execute(select(chats.c[column]).where(chats.c.id == str(event.originator_id))).scalar()

    def _messages(self, conn: Connection, chat_id: str) -> list[Any]:
        messages = self.tables.messages
        return list(conn.execute(select(messages.c.id, messages.c.parent_id, messages.c.document)
                                 .where(messages.c.chat_id == chat_id).order_by(messages.c.seq)))

    def _tag_names(self, conn: Connection, chat_id: str) -> list[str]:
        tags = self.tables.tags
        return list(conn.execute(select(tags.c.tag_id).where(tags.c.chat_id == chat_id)
                                 .order_by(tags.c.created_at, tags.c.tag_id)).scalars())

    @staticmethod
    def _announce(event: Any, owner: str | None, position: int) -> Iterable[Change]:
        if owner is None:
            return ()
        kind = type(event).__qualname__
        return (Change(topic=f"user:{owner}", payload={
            "type": "chat", "event": kind, "chat_id": str(event.originator_id), "position": position,
        }),)
