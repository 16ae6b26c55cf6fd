from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.chats.citations import Citation, places_by_person
from domain.chats.errors import (
    ChatDeletedError,
    InvalidTagError,
    MessageNotFoundError,
    UnknownParentError,
)
from domain.chats.message import ChatState, Message
from domain.chats.quotes import quoted_files
from domain.chats.tags import UNTAGGED
from domain.chats.tree import deletion
from domain.grants import ANYONE, READ, USER, Grant, normalised
from domain.privacy.presets import CreatorOf, Naming, named_in_message, named_presets, no_presets

SERVER_WRITTEN = ""
"""The digest of a message the server wrote (a reply): any message a client states differs from it."""


def drew_on_nobody(state: dict[str, Any]) -> None:
    """An event of a model's text stored before ``Chat.drawn_on`` existed: sealed under the chat's key
    alone, as one that drew on nobody else's texts."""
    state["drawn_on_user_ids"] = []


def cited_nobody(state: dict[str, Any]) -> None:
    """An event of a reply's text stored before ``cited_user_ids`` existed: as one whose own prompt
    held nobody's passages (its layers, ``drawn_on_user_ids``, still erase it with them)."""
    state["cited_user_ids"] = []


class Chat(Aggregate):
    """A conversation: a tree of messages plus the flags a person sets on it.

    Keeps ids, parent links and content digests, never texts, so a command costs the same on the
    10th and the 10,000th message. A whole-chat update only adds and edits: a stale writer that
    lacks someone else's messages never deletes them.
    """

    class Created(Aggregate.Created):
        owner_id: str
        title: str
        properties: dict[str, Any]
        property_digests: dict[str, str]
        folder_id: str | None

    @event(Created)
    def __init__(
        self,
        *,
        id: UUID,
        owner_id: str,
        title: str,
        properties: dict[str, Any],
        property_digests: dict[str, str],
        folder_id: str | None,
    ) -> None:
        self.owner_id = owner_id
        self.title = title
        self.property_digests = dict(property_digests)
        self.folder_id = folder_id
        self.parents: dict[str, str | None] = {}
        self.digests: dict[str, str] = {}
        self.current_message_id: str | None = None
        self.archived = False
        self.pinned = False
        self.tags: dict[str, str] = {}
        self.share_id: str | None = None
        self.deleted = False

    replying = frozenset[str]()
    """Replies started and not yet completed or failed. A class default, reassigned (never mutated),
    so snapshots taken before replies existed still load."""
    share_grants: tuple[Grant, ...] = ()
    """Who besides its owner may read its shared snapshot; reassigned, never mutated, as above."""
    cited = frozenset[str]()
    """Replies whose ``sources`` the server recorded (``SourcesCited``); reassigned, as above."""
    copied = dict[str, str]()  # noqa: RUF012 - a default for old snapshots, reassigned, never mutated
    """Messages copied from someone else's chat, with whose texts they are (``MessageCopied``)."""
    drawn_on = frozenset[str]()
    """The other people whose texts the model was given here (passages cited, messages copied);
    reassigned, as above. What the model writes here may repeat them, so each event that holds it
    names them (``drawn_on_user_ids``) and is sealed under their keys too: forgetting any of them
    erases it."""
    citing = dict[str, frozenset[str]]()  # noqa: RUF012 - a default for old snapshots, reassigned
    """The people whose passages each reply's own prompt held (``SourcesCited``). Each event of the
    reply's texts names them (``cited_user_ids``): written while one of them was being forgotten,
    when no layer of theirs can be made any more, its texts are stored erased."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Chat:
        # The repository copies cached aggregates for each command; the maps hold only immutable
        # values, so shallow copies of them are deep enough and cost microseconds, not milliseconds.
        # The pending events get their own list too: sharing it would let a refused command's
        # events linger in the cache and be saved by the next command.
        clone = copy.copy(self)
        clone._pending_events = list(self._pending_events)
        clone.parents = dict(self.parents)
        clone.digests = dict(self.digests)
        clone.tags = dict(self.tags)
        clone.property_digests = dict(self.property_digests)
        return clone

    @classmethod
    def start(cls, *, id: UUID, owner_id: str, title: str, state: ChatState, folder_id: str | None,
              creator_of: CreatorOf = no_presets) -> Chat:
        """A new chat with the properties of ``state`` (not yet its messages: ``merge`` them); the
        presets of others' it chooses are named apart (``domain.privacy.presets``)."""
        properties, namings = named_presets(state.properties, creator_of, owner_id)
        chat = cls(id=id, owner_id=owner_id, title=title, properties=properties,
                   property_digests=state.property_digests, folder_id=folder_id)
        chat._name_presets(None, namings)
        return chat

    def merge(self, state: ChatState, quoted_user_id: str | None = None, creator_of: CreatorOf = no_presets) -> None:
        """Turn a client's whole-chat snapshot into the events that differ from ours; its new
        messages quoted from ``quoted_user_id``'s chat, if it is a copy of one (``copy_message``).
        ``creator_of``: whose presets the models it names are (``domain.privacy.presets``)."""
        self._check_alive()
        if state.title is not None and state.title != self.title:
            self.rename(state.title)
        changed = [k for k, d in state.property_digests.items() if self.property_digests.get(k) != d]
        if changed:
            changes, namings = named_presets({k: state.properties[k] for k in changed}, creator_of, self.owner_id)
            self._change_properties(changes=changes, digests={k: state.property_digests[k] for k in changed})
            self._name_presets(None, namings)
        self._merge_messages(state.messages, quoted_user_id, creator_of)
        if state.current_message_id in self.parents and state.current_message_id != self.current_message_id:
            self._move_cursor(message_id=state.current_message_id)

    def _merge_messages(self, messages: tuple[Message, ...], quoted_user_id: str | None,
                        creator_of: CreatorOf) -> None:
        pending = [m for m in messages if self.digests.get(m.id) != m.digest]
        while pending:
            deferred = []
            for message in pending:
                if message.id in self.parents:
                    self._edit(message, creator_of)
                elif quoted_user_id is not None and (message.parent_id is None or message.parent_id in self.parents):
                    self.copy_message(message, quoted_user_id, creator_of)
                elif message.parent_id is None or message.parent_id in self.parents:
                    self.append_message(message, creator_of)
                else:
                    deferred.append(message)
            if len(deferred) == len(pending):
                orphan = deferred[0]
                raise UnknownParentError(self.id, orphan.id, str(orphan.parent_id))
            pending = deferred

    def append_message(self, message: Message, creator_of: CreatorOf = no_presets) -> None:
        self._check_alive()
        if message.parent_id is not None and message.parent_id not in self.parents:
            raise UnknownParentError(self.id, message.id, message.parent_id)
        if message.id in self.parents:
            self._edit(message, creator_of)
            return
        role, content, model, extra = message.parts()
        model, extra, namings = named_in_message(model, extra, creator_of, self.owner_id)
        extra, quoted = quoted_files(extra, self.owner_id)
        if role == "assistant" and self.drawn_on:
            self._append_reply(message_id=message.id, parent_id=message.parent_id, role=role, content=content,
                               model=model, extra=extra, digest=message.digest,
                               drawn_on_user_ids=self._drawn_on_user_ids())
        else:
            self._append_message(message_id=message.id, parent_id=message.parent_id, role=role,
                                 content=content, model=model, extra=extra, digest=message.digest)
        self._quote_files(message.id, quoted)
        self._name_presets(message.id, namings)

    class MessageAppended(Aggregate.Event):
        message_id: str
        parent_id: str | None
        role: str
        content: str
        model: str | None
        extra: dict[str, Any]
        digest: str

    @event(MessageAppended)
    def _append_message(
        self,
        *,
        message_id: str,
        parent_id: str | None,
        role: str,
        content: str,
        model: str | None,
        extra: dict[str, Any],
        digest: str,
    ) -> None:
        self._place(message_id, parent_id, digest)

    def _place(self, message_id: str, parent_id: str | None, digest: str) -> None:
        """A new message in the tree, below ``parent_id``, where the cursor now stands."""
        self.parents[message_id] = parent_id
        self.digests[message_id] = digest
        self.current_message_id = message_id

    class ReplyAppended(MessageAppended):
        """A model's message a client brought (a copy of a chat, the app's save) to a chat where the
        model was given other people's texts (``drawn_on``)."""
        drawn_on_user_ids: list[str]

    @event(ReplyAppended)
    def _append_reply(self, *, message_id: str, parent_id: str | None, role: str, content: str, model: str | None,
                      extra: dict[str, Any], digest: str, drawn_on_user_ids: list[str]) -> None:
        self._place(message_id, parent_id, digest)

    def draw_on(self, person_ids: Iterable[str]) -> None:
        """The model of this chat is given these people's texts from now on (a copy of a chat whose
        replies cited them: its replies repeat them)."""
        self._check_alive()
        people = sorted(set(person_ids) - self.drawn_on - {self.owner_id})
        if people:
            self._drew_on(user_ids=people)

    class DrewOn(Aggregate.Event):
        user_ids: list[str]

    @event(DrewOn)
    def _drew_on(self, *, user_ids: list[str]) -> None:
        self.drawn_on = self.drawn_on | set(user_ids)

    def copy_message(self, message: Message, quoted_user_id: str, creator_of: CreatorOf = no_presets) -> None:
        """A message of another person's chat, copied into this one (a clone or fork of a chat they
        shared): its texts are theirs, stored under their key, so forgetting them erases them here."""
        self._check_alive()
        if message.parent_id is not None and message.parent_id not in self.parents:
            raise UnknownParentError(self.id, message.id, message.parent_id)
        role, content, model, extra = message.parts()
        model, extra, namings = named_in_message(model, extra, creator_of, quoted_user_id)
        extra, quoted = quoted_files(extra, quoted_user_id)
        self._copy_message(message_id=message.id, parent_id=message.parent_id, role=role, content=content,
                           model=model, extra=extra, digest=message.digest, quoted_user_id=quoted_user_id)
        self._quote_files(message.id, quoted)
        self._name_presets(message.id, namings)

    class MessageCopied(MessageAppended):
        quoted_user_id: str

    @event(MessageCopied)
    def _copy_message(self, *, message_id: str, parent_id: str | None, role: str, content: str, model: str | None,
                      extra: dict[str, Any], digest: str, quoted_user_id: str) -> None:
        self._place(message_id, parent_id, digest)
        self.copied = {**self.copied, message_id: quoted_user_id}
        self._count_as_drawn_on(quoted_user_id)

    def _count_as_drawn_on(self, person_id: str) -> None:
        if person_id != self.owner_id:
            self.drawn_on = self.drawn_on | {person_id}

    def _drawn_on_user_ids(self) -> list[str]:
        return sorted(self.drawn_on)

    def _cited_user_ids(self, message_id: str) -> list[str]:
        return sorted(self.citing.get(message_id, frozenset()) - {self.owner_id})

    def edit_message(self, message: Message, creator_of: CreatorOf = no_presets) -> None:
        self._check_alive()
        if message.id not in self.parents:
            raise MessageNotFoundError(self.id, message.id)
        if self.digests[message.id] != message.digest:
            self._edit(message, creator_of)

    def _edit(self, message: Message, creator_of: CreatorOf) -> None:
        """A reply's cited sources are the server's: a client restating them (every whole-chat save
        does) changes nothing, and someone else's passages never enter an event under this chat's key."""
        role, content, model, extra = message.parts()
        if message.id in self.cited:
            extra = {k: v for k, v in extra.items() if k != "sources"}
        author = self.copied.get(message.id)
        model, extra, namings = named_in_message(model, extra, creator_of, author or self.owner_id)
        extra, quoted = quoted_files(extra, author or self.owner_id)
        if author is None and role == "assistant" and self.drawn_on:
            self._edit_reply(message_id=message.id, role=role, content=content, model=model, extra=extra,
                             digest=message.digest, drawn_on_user_ids=self._drawn_on_user_ids(),
                             cited_user_ids=self._cited_user_ids(message.id))
        elif author is None:
            self._edit_message(message_id=message.id, role=role, content=content, model=model,
                               extra=extra, digest=message.digest)
        else:  # a copied message stays its author's, restated or edited (the app resends whole chats)
            self._edit_copy(message_id=message.id, role=role, content=content, model=model,
                            extra=extra, digest=message.digest, quoted_user_id=author)
        self._quote_files(message.id, quoted)
        self._name_presets(message.id, namings)

    def _quote_files(self, message_id: str, quoted: dict[str, tuple[list[int], list[dict[str, Any]]]]) -> None:
        for person, (places, items) in quoted.items():
            self._files_quoted(message_id=message_id, quoted_user_id=person, places=places, items=items)

    class FilesQuoted(Aggregate.Event):
        """The message's ``files`` at ``places``: items describing ``quoted_user_id``'s things."""
        message_id: str
        quoted_user_id: str
        places: list[int]
        items: list[dict[str, Any]]

    @event(FilesQuoted)
    def _files_quoted(self, *, message_id: str, quoted_user_id: str, places: list[int],
                      items: list[dict[str, Any]]) -> None:
        pass

    def _name_presets(self, message_id: str | None, namings: dict[str, Naming]) -> None:
        for person, naming in namings.items():
            self._preset_named(message_id=message_id, quoted_user_id=person, fields=naming.fields,
                               places=naming.places, models=naming.models)

    class PresetsNamed(Aggregate.Event):
        """What the message ``message_id`` (None: the chat itself) names of ``quoted_user_id``'s
        model presets (``domain.privacy.presets.Naming``), kept under their key."""
        message_id: str | None
        quoted_user_id: str
        fields: dict[str, str]
        places: list[int]
        models: list[str]

    @event(PresetsNamed)
    def _preset_named(self, *, message_id: str | None, quoted_user_id: str, fields: dict[str, str],
                      places: list[int], models: list[str]) -> None:
        pass

    class MessageEdited(Aggregate.Event):
        message_id: str
        role: str
        content: str
        model: str | None
        extra: dict[str, Any]
        digest: str

    @event(MessageEdited)
    def _edit_message(
        self,
        *,
        message_id: str,
        role: str,
        content: str,
        model: str | None,
        extra: dict[str, Any],
        digest: str,
    ) -> None:
        self.digests[message_id] = digest

    class CopyEdited(MessageEdited):
        quoted_user_id: str

    @event(CopyEdited)
    def _edit_copy(self, *, message_id: str, role: str, content: str, model: str | None, extra: dict[str, Any],
                   digest: str, quoted_user_id: str) -> None:
        self.digests[message_id] = digest

    class ReplyEdited(MessageEdited):
        """A model's message restated or edited (every whole-chat save after a reply restates it) in
        a chat where the model was given other people's texts (``drawn_on``)."""
        class_version = 2
        upcast_v1_v2 = staticmethod(cited_nobody)
        drawn_on_user_ids: list[str]
        cited_user_ids: list[str]

    @event(ReplyEdited)
    def _edit_reply(self, *, message_id: str, role: str, content: str, model: str | None, extra: dict[str, Any],
                    digest: str, drawn_on_user_ids: list[str], cited_user_ids: list[str]) -> None:
        self.digests[message_id] = digest

    # -- replies: assistant messages the server writes while a model generates them -------------

    def start_reply(self, *, message_id: str, parent_id: str | None, model: str | None,
                    extra: dict[str, Any] | None = None, citations: Sequence[Citation] = (),
                    creator_of: CreatorOf = no_presets) -> None:
        """Open a reply below ``parent_id``, or turn an existing message (the SPA's placeholder)
        into the reply, with the sources its model is given (one event per person quoted). Later
        events of the reply (completion, failure, and any progress recorded on the way) apply only
        while it is running."""
        self._check_alive()
        if message_id in self.parents:
            parent_id = self.parents[message_id]
        elif parent_id is not None and parent_id not in self.parents:
            raise UnknownParentError(self.id, message_id, parent_id)
        model, kept, namings = named_in_message(model, dict(extra or {}), creator_of, self.owner_id)
        self._start_reply(message_id=message_id, parent_id=parent_id, model=model, extra=kept)
        self._name_presets(message_id, namings)
        self.cite_sources(message_id, citations)

    class ReplyStarted(Aggregate.Event):
        message_id: str
        parent_id: str | None
        model: str | None
        extra: dict[str, Any]

    @event(ReplyStarted)
    def _start_reply(self, *, message_id: str, parent_id: str | None, model: str | None,
                     extra: dict[str, Any]) -> None:
        self._place(message_id, parent_id, SERVER_WRITTEN)
        self.replying = self.replying | {message_id}
        self.cited = self.cited - {message_id}  # a reply regenerated cites anew
        if message_id in self.citing:
            self.citing = {k: v for k, v in self.citing.items() if k != message_id}

    def cite_sources(self, message_id: str, citations: Sequence[Citation]) -> None:
        """The message's ``sources``, recorded by the server (a reply's, or a copy's of another
        chat's reply): one event per person quoted, and clients' edits no longer change them."""
        self._check_alive()
        if message_id not in self.parents:
            raise MessageNotFoundError(self.id, message_id)
        for person, places in places_by_person(citations).items():
            self._cite_sources(message_id=message_id, quoted_user_id=person, places=places,
                               sources=[citations[place].source for place in places])

    class SourcesCited(Aggregate.Event):
        """The reply's sources at ``places`` of its list, passages from files of ``quoted_user_id``."""
        message_id: str
        quoted_user_id: str
        places: list[int]
        sources: list[dict[str, Any]]

    @event(SourcesCited)
    def _cite_sources(self, *, message_id: str, quoted_user_id: str, places: list[int],
                      sources: list[dict[str, Any]]) -> None:
        self.cited = self.cited | {message_id}
        self.citing = {**self.citing, message_id: self.citing.get(message_id, frozenset()) | {quoted_user_id}}
        self._count_as_drawn_on(quoted_user_id)

    def complete_reply(self, *, message_id: str, content: str, usage: dict[str, Any] | None) -> None:
        """A reply that is no longer running (finished, or deleted meanwhile) stays as it is."""
        if self._running(message_id):
            self._complete_reply(message_id=message_id, content=content, usage=usage,
                                 drawn_on_user_ids=self._drawn_on_user_ids(),
                                 cited_user_ids=self._cited_user_ids(message_id))

    class ReplyCompleted(Aggregate.Event):
        class_version = 3
        upcast_v1_v2 = staticmethod(drew_on_nobody)
        upcast_v2_v3 = staticmethod(cited_nobody)
        message_id: str
        content: str
        usage: dict[str, Any] | None
        drawn_on_user_ids: list[str]
        cited_user_ids: list[str]

    @event(ReplyCompleted)
    def _complete_reply(self, *, message_id: str, content: str, usage: dict[str, Any] | None,
                        drawn_on_user_ids: list[str], cited_user_ids: list[str]) -> None:
        self.replying = self.replying - {message_id}

    def fail_reply(self, *, message_id: str, content: str, error: str) -> None:
        """``content`` is what was generated before the failure; ``error`` says what went wrong."""
        if self._running(message_id):
            self._fail_reply(message_id=message_id, content=content, error=error,
                             drawn_on_user_ids=self._drawn_on_user_ids(),
                             cited_user_ids=self._cited_user_ids(message_id))

    class ReplyFailed(Aggregate.Event):
        class_version = 3
        upcast_v1_v2 = staticmethod(drew_on_nobody)
        upcast_v2_v3 = staticmethod(cited_nobody)
        message_id: str
        content: str
        error: str
        drawn_on_user_ids: list[str]
        cited_user_ids: list[str]

    @event(ReplyFailed)
    def _fail_reply(self, *, message_id: str, content: str, error: str, drawn_on_user_ids: list[str],
                    cited_user_ids: list[str]) -> None:
        self.replying = self.replying - {message_id}

    def checkpoint_reply(self, *, message_id: str, content: str) -> None:
        """What a long reply has generated so far, kept in case the reply never ends (a crash)."""
        if self._running(message_id):
            self._checkpoint_reply(message_id=message_id, content=content,
                                   drawn_on_user_ids=self._drawn_on_user_ids(),
                                   cited_user_ids=self._cited_user_ids(message_id))

    class ReplyCheckpointed(Aggregate.Event):
        class_version = 3
        upcast_v1_v2 = staticmethod(drew_on_nobody)
        upcast_v2_v3 = staticmethod(cited_nobody)
        message_id: str
        content: str
        drawn_on_user_ids: list[str]
        cited_user_ids: list[str]

    @event(ReplyCheckpointed)
    def _checkpoint_reply(self, *, message_id: str, content: str, drawn_on_user_ids: list[str],
                          cited_user_ids: list[str]) -> None:
        pass

    def suggest_follow_ups(self, *, message_id: str, follow_ups: list[str]) -> None:
        """Messages the person might send next, shown below a reply; a deleted reply gets none."""
        self._check_alive()
        if message_id in self.parents:
            self._suggest_follow_ups(message_id=message_id, follow_ups=list(follow_ups),
                                     drawn_on_user_ids=self._drawn_on_user_ids(),
                                     cited_user_ids=self._cited_user_ids(message_id))

    class FollowUpsSuggested(Aggregate.Event):
        class_version = 3
        upcast_v1_v2 = staticmethod(drew_on_nobody)
        upcast_v2_v3 = staticmethod(cited_nobody)
        message_id: str
        follow_ups: list[str]
        drawn_on_user_ids: list[str]
        cited_user_ids: list[str]

    @event(FollowUpsSuggested)
    def _suggest_follow_ups(self, *, message_id: str, follow_ups: list[str], drawn_on_user_ids: list[str],
                            cited_user_ids: list[str]) -> None:
        pass

    def _running(self, message_id: str) -> bool:
        self._check_alive()
        return message_id in self.replying

    def delete_message(self, message_id: str) -> None:
        """Remove a message and its direct replies; the replies to those move up to the message's
        parent. Deleting a prompt removes its answers and keeps the conversation that followed.
        The cursor lands on the newest leaf below the parent (or below the last root)."""
        self._check_alive()
        if message_id not in self.parents:
            return  # already gone: deleting is idempotent
        planned = deletion(self.parents, message_id)
        self._delete_messages(message_ids=planned.message_ids, moved=planned.moved,
                              new_parent=planned.new_parent, new_current=planned.new_current)

    class MessagesDeleted(Aggregate.Event):
        message_ids: list[str]
        moved: list[str]
        new_parent: str | None
        new_current: str | None

    @event(MessagesDeleted)
    def _delete_messages(
        self, *, message_ids: list[str], moved: list[str], new_parent: str | None, new_current: str | None
    ) -> None:
        for message_id in message_ids:
            del self.parents[message_id]
            del self.digests[message_id]
        self.replying = self.replying - set(message_ids)
        self.cited = self.cited - set(message_ids)
        if self.citing:
            self.citing = {k: v for k, v in self.citing.items() if k not in message_ids}
        if self.copied:
            self.copied = {k: v for k, v in self.copied.items() if k not in message_ids}
        for message_id in moved:  # re-inserted, so append order makes them the newest replies
            del self.parents[message_id]
            self.parents[message_id] = new_parent
        self.current_message_id = new_current

    class CursorMoved(Aggregate.Event):
        message_id: str | None

    @event(CursorMoved)
    def _move_cursor(self, *, message_id: str | None) -> None:
        self.current_message_id = message_id

    def quote_title(self, title: str, quoted_user_id: str) -> None:
        """A title made of another person's (a copy's of their chat's), stored under their key."""
        self._check_alive()
        self._quote_title(title=title, quoted_user_id=quoted_user_id)

    class TitleQuoted(Aggregate.Event):
        title: str
        quoted_user_id: str

    @event(TitleQuoted)
    def _quote_title(self, *, title: str, quoted_user_id: str) -> None:
        self.title = title

    def rename(self, title: str, *, written_after: str | None = None) -> None:
        """``written_after``: the reply once done with which a model wrote the title from the
        conversation (the app's title task)."""
        self._check_alive()
        if title == self.title:
            return
        if written_after is not None and self.drawn_on:
            self._write_title(title=title, drawn_on_user_ids=self._drawn_on_user_ids(),
                              cited_user_ids=self._cited_user_ids(written_after))
        else:
            self._rename(title=title)

    class Renamed(Aggregate.Event):
        title: str

    @event(Renamed)
    def _rename(self, *, title: str) -> None:
        self.title = title

    class TitleWritten(Renamed):
        """A title a model wrote in a chat where it was given other people's texts (``drawn_on``):
        it may repeat them, as the replies it was written from may."""
        drawn_on_user_ids: list[str]
        cited_user_ids: list[str]

    @event(TitleWritten)
    def _write_title(self, *, title: str, drawn_on_user_ids: list[str], cited_user_ids: list[str]) -> None:
        self.title = title

    class PropertiesChanged(Aggregate.Event):
        changes: dict[str, Any]
        digests: dict[str, str]

    @event(PropertiesChanged)
    def _change_properties(self, *, changes: dict[str, Any], digests: dict[str, str]) -> None:
        self.property_digests.update(digests)

    def set_archived(self, archived: bool) -> None:
        self._check_alive()
        if archived and not self.archived:
            self._archive()
        elif not archived and self.archived:
            self._unarchive()

    class Archived(Aggregate.Event):
        pass

    @event(Archived)
    def _archive(self) -> None:
        self.archived = True
        self.folder_id = None  # archiving, either way, takes a chat out of its folder

    class Unarchived(Aggregate.Event):
        pass

    @event(Unarchived)
    def _unarchive(self) -> None:
        self.archived = False
        self.folder_id = None

    def set_pinned(self, pinned: bool) -> None:
        self._check_alive()
        if pinned and not self.pinned:
            self._pin()
        elif not pinned and self.pinned:
            self._unpin()

    class Pinned(Aggregate.Event):
        pass

    @event(Pinned)
    def _pin(self) -> None:
        self.pinned = True

    class Unpinned(Aggregate.Event):
        pass

    @event(Unpinned)
    def _unpin(self) -> None:
        self.pinned = False

    def move_to_folder(self, folder_id: str | None) -> None:
        self._check_alive()
        if folder_id != self.folder_id:
            self._move_to_folder(folder_id=folder_id)

    class MovedToFolder(Aggregate.Event):
        folder_id: str | None

    @event(MovedToFolder)
    def _move_to_folder(self, *, folder_id: str | None) -> None:
        """A chat filed in a folder is neither pinned nor archived any more."""
        self.folder_id = folder_id
        self.pinned = False
        if folder_id is not None:
            self.archived = False

    def tag(self, tag_id: str, name: str, *, written_after: str | None = None) -> None:
        """``written_after``: the reply once done with which a model chose the tag from the
        conversation (the app's tags task)."""
        self._check_alive()
        if not tag_id or tag_id == UNTAGGED:
            raise InvalidTagError(self.id, name)
        if tag_id in self.tags:
            return
        if written_after is not None and self.drawn_on:
            self._write_tag(tag_id=tag_id, name=name, drawn_on_user_ids=self._drawn_on_user_ids(),
                            cited_user_ids=self._cited_user_ids(written_after))
        else:
            self._tag(tag_id=tag_id, name=name)

    class Tagged(Aggregate.Event):
        tag_id: str
        name: str

    @event(Tagged)
    def _tag(self, *, tag_id: str, name: str) -> None:
        self.tags[tag_id] = name

    class TagWritten(Tagged):
        """A tag a model chose in a chat where it was given other people's texts (``drawn_on``)."""
        drawn_on_user_ids: list[str]
        cited_user_ids: list[str]

    @event(TagWritten)
    def _write_tag(self, *, tag_id: str, name: str, drawn_on_user_ids: list[str], cited_user_ids: list[str]
                   ) -> None:
        self.tags[tag_id] = name

    def untag(self, tag_id: str) -> None:
        self._check_alive()
        if tag_id in self.tags:
            self._untag(tag_id=tag_id)

    class Untagged(Aggregate.Event):
        tag_id: str

    @event(Untagged)
    def _untag(self, *, tag_id: str) -> None:
        """Replayed after a forgetting, a tag a model wrote (``TagWritten``) reads as erased: the
        tag it once added is not there for this event to take away."""
        self.tags.pop(tag_id, None)

    def share(self, share_id: str) -> None:
        """Share, or refresh the shared snapshot under the same link."""
        self._check_alive()
        self._share(share_id=self.share_id or share_id)

    class Shared(Aggregate.Event):
        share_id: str

    @event(Shared)
    def _share(self, *, share_id: str) -> None:
        self.share_id = share_id

    def unshare(self) -> None:
        self._check_alive()
        if self.share_id is not None:
            self._unshare()

    class Unshared(Aggregate.Event):
        pass

    @event(Unshared)
    def _unshare(self) -> None:
        """The grants go with the link: sharing again starts private (Open WebUI clears them too)."""
        self.share_id = None
        self.share_grants = ()

    def change_share_access(self, grants: list[Grant]) -> None:
        """Who may read the shared snapshot: named people, every signed-in person or anyone.
        Nobody but the owner until they say so, as Open WebUI 0.12.4's shares are private."""
        self._check_alive()
        kept = tuple(normalised(grants, principals=(USER, ANYONE), permissions=(READ,)))
        if kept != self.share_grants:
            self._change_share_access(grants=list(kept))

    class ShareAccessChanged(Aggregate.Event):
        grants: list[Grant]

    @event(ShareAccessChanged)
    def _change_share_access(self, *, grants: list[Grant]) -> None:
        self.share_grants = tuple(grants)

    def keep_imported_times(self, *, created_at: int, updated_at: int) -> None:
        """An imported chat keeps the times it had where it came from (recorded after everything
        else the import did to it, so nothing it did counts as a later change)."""
        self._check_alive()
        self._keep_imported_times(created_at=created_at, updated_at=max(created_at, updated_at))

    class Imported(Aggregate.Event):
        created_at: int
        updated_at: int

    @event(Imported)
    def _keep_imported_times(self, *, created_at: int, updated_at: int) -> None:
        pass

    def delete(self) -> None:
        self._check_alive()
        self._delete()

    class Deleted(Aggregate.Event):
        pass

    @event(Deleted)
    def _delete(self) -> None:
        self.deleted = True

    def _check_alive(self) -> None:
        if self.deleted:
            raise ChatDeletedError(self.id)

