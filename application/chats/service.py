from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import cache
from typing import ClassVar
from uuid import UUID

import msgspec

from application.access.resources import Action, Kind, Principal
from application.access.rules import permits
from application.chats.commands import (
    ChangeShareAccess,
    CreateChat,
    DeleteChat,
    DeleteChatsOf,
    DeleteMessage,
    EditMessage,
    MoveChatToFolder,
    RenameChat,
    RetagChat,
    ShareChat,
    TagChat,
    ToggleArchived,
    TogglePinned,
    UnshareChat,
    UnshareChatsOf,
    UntagChat,
    UpdateChat,
)
from application.chats.copies import CopyCommands
from application.chats.reply_commands import (
    CheckpointReply,
    CompleteReply,
    FailReply,
    StartReply,
    SuggestFollowUps,
)
from application.context import CommitListener, EventSealing
from application.idempotency import done_before, remembered
from application.log_positions import LogPosition
from domain.chats.chat import Chat
from domain.chats.errors import ChatNotFoundError, ForeignChatError
from domain.chats.tags import UNTAGGED, tag_id
from domain.privacy.presets import CreatorOf, no_presets


class Chats(CopyCommands):
    """Conversations and everything a person does to them."""

    snapshotting_intervals: ClassVar = {Chat: 200}

    def __init__(self, env: Mapping[str, str], on_commit: CommitListener, sealing: EventSealing | None = None,
                 *, preset_creator: CreatorOf = no_presets) -> None:
        """``preset_creator``: who made the model preset of an id (the models context knows)."""
        super().__init__(env, on_commit, sealing)
        self._preset_creator = preset_creator

    def creators(self) -> CreatorOf:
        """``preset_creator`` for one command: each id asked once."""
        return cache(self._preset_creator)

    def create_chat(self, command: CreateChat) -> LogPosition | None:
        state = command.state
        if command.folder_id is not None:
            self.owned_folder(command.folder_id, command.owner_id)

        def attempt() -> LogPosition | None:
            if done_before(self, command.once):
                return self.as_before()
            creators = self.creators()
            chat = Chat.start(id=command.chat_id, owner_id=command.owner_id, title=state.title or "New Chat",
                              state=state, folder_id=command.folder_id, creator_of=creators)
            chat.merge(state, creator_of=creators)
            return self.commit(chat, *remembered(command.once, command.chat_id))

        return self.retrying(attempt)  # a taken chat id ends as ConflictError

    def update_chat(self, command: UpdateChat) -> LogPosition | None:
        if command.folder_id is not None:
            self.owned_folder(command.folder_id, command.actor_id)

        def update(chat: Chat) -> None:
            chat.merge(command.state, creator_of=self.creators())
            if command.folder_id is not None:
                chat.move_to_folder(command.folder_id)

        return self._change(command.chat_id, command.actor_id, update)

    def edit_message(self, command: EditMessage) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id,
                            lambda c: c.edit_message(command.message, self.creators()))

    def delete_message(self, command: DeleteMessage) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.delete_message(command.message_id))

    def toggle_archived(self, command: ToggleArchived) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.set_archived(not c.archived))

    def toggle_pinned(self, command: TogglePinned) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.set_pinned(not c.pinned))

    def move_to_folder(self, command: MoveChatToFolder) -> LogPosition | None:
        """Only into a folder of one's own (someone else's, or none, is not found)."""
        if command.folder_id is not None:
            self.owned_folder(command.folder_id, command.actor_id)
        return self._change(command.chat_id, command.actor_id, lambda c: c.move_to_folder(command.folder_id))

    def tag_chat(self, command: TagChat) -> LogPosition | None:
        name = command.name.strip()
        return self._change(command.chat_id, command.actor_id, lambda c: c.tag(tag_id(name), name))

    def untag_chat(self, command: UntagChat) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.untag(tag_id(command.name)))

    def share_chat(self, command: ShareChat) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.share(command.share_id))

    def unshare_chat(self, command: UnshareChat) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.unshare())

    def change_share_access(self, command: ChangeShareAccess) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.change_share_access(command.grants))

    def unshare_chats_of(self, command: UnshareChatsOf) -> LogPosition | None:
        return self._each_of(command.owner_id, command.chat_ids, Chat.unshare)

    def delete_chat(self, command: DeleteChat) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.delete())

    def delete_chats_of(self, command: DeleteChatsOf) -> LogPosition | None:
        return self._each_of(command.owner_id, command.chat_ids, Chat.delete)

    def _each_of(self, owner_id: str, chat_ids: list[UUID], change: Callable[[Chat], None]) -> LogPosition | None:
        """``change`` made to those of ``chat_ids`` the person still has, in one save; those already
        gone are skipped, so a command that was cut short can simply be run again."""
        def attempt() -> LogPosition | None:
            chats = self.alive_chats_of(owner_id, chat_ids)
            for chat in chats:
                change(chat)
            return self.commit(*chats)

        return self.retrying(attempt)

    def start_reply(self, command: StartReply) -> LogPosition | None:
        def start(chat: Chat) -> None:
            parent = chat.current_message_id if command.parent_id is msgspec.UNSET else command.parent_id
            creators = self.creators()
            if command.prompt is not None and command.prompt.id in chat.parents:
                parent = command.prompt.id  # a reply regenerated below a prompt the chat has
            elif command.prompt is not None:
                chat.append_message(dataclasses.replace(command.prompt, parent_id=parent), creators)
                parent = command.prompt.id
            chat.start_reply(message_id=command.reply_id, parent_id=parent, model=command.model,
                             extra=command.extra, citations=command.citations, creator_of=creators)

        return self._change(command.chat_id, command.actor_id, start)

    def complete_reply(self, command: CompleteReply) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.complete_reply(
            message_id=command.reply_id, content=command.content, usage=command.usage))

    def fail_reply(self, command: FailReply) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.fail_reply(
            message_id=command.reply_id, content=command.content, error=command.error))

    def checkpoint_reply(self, command: CheckpointReply) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.checkpoint_reply(
            message_id=command.reply_id, content=command.content))

    def suggest_follow_ups(self, command: SuggestFollowUps) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id, lambda c: c.suggest_follow_ups(
            message_id=command.message_id, follow_ups=command.follow_ups))

    def rename_chat(self, command: RenameChat) -> LogPosition | None:
        return self._change(command.chat_id, command.actor_id,
                            lambda c: c.rename(command.title, written_after=command.written_after))

    def retag_chat(self, command: RetagChat) -> LogPosition | None:
        wanted = {tag_id(name): name.strip() for name in command.names if tag_id(name) not in ("", UNTAGGED)}

        def retag(chat: Chat) -> None:
            for old in set(chat.tags) - set(wanted):
                chat.untag(old)
            for new_id, name in wanted.items():
                chat.tag(new_id, name, written_after=command.written_after)

        return self._change(command.chat_id, command.actor_id, retag)

    def owned_chat(self, chat_id: UUID, actor_id: str) -> Chat:
        """The chat, if the one rule (``application.access.rules``) lets ``actor_id`` change it: only
        its owner, whatever their role (admins read others' chats through their own routes, never
        change them); to anyone else it does not exist."""
        chat = self.find(chat_id)
        if not isinstance(chat, Chat) or chat.deleted:
            raise ChatNotFoundError(chat_id)
        if not permits(Principal.acting(actor_id, is_admin=False), Action.WRITE, Kind.CHAT, chat.owner_id, ()):
            raise ForeignChatError(chat_id, actor_id)
        return chat

    def _change(self, chat_id: UUID, actor_id: str, change: Callable[[Chat], None]) -> LogPosition | None:
        def attempt() -> LogPosition | None:
            chat = self.owned_chat(chat_id, actor_id)
            change(chat)
            return self.commit(chat)

        return self.retrying(attempt, turn=chat_id)
