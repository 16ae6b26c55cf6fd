"""What the chat_reads view and the chats view say together: which chats are unread, in what
order they are listed, and how many each folder holds, on each view store."""

from __future__ import annotations

import uuid
from typing import Any

from application.chats import commands as c
from application.chats import folder_commands as f
from application.chats import reply_commands as r
from application.chats.reading_commands import MarkChatUnread, ReadChat
from infrastructure.container import Container
from projections.chat_reads.queries import Shelf
from tests.unit.builders import message, snapshot

OWNER = "alice"


def new_chat(container: Container, folder_id: uuid.UUID | None = None) -> uuid.UUID:
    chat_id = uuid.uuid4()
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=OWNER, folder_id=str(folder_id or "") or None,
                                             state=snapshot(message("q"), message("a", "q", role="assistant"))))
    return chat_id


def new_folder(container: Container, name: str, parent: uuid.UUID | None = None) -> uuid.UUID:
    folder_id = uuid.uuid4()
    container.chats.create_folder(f.CreateFolder(folder_id=folder_id, owner_id=OWNER, name=name, parent_id=parent))
    return folder_id


def change(container: Container, chat_id: uuid.UUID) -> None:
    more = snapshot(message("q"), message("a", "q", role="assistant"), message(uuid.uuid4().hex, "a"))
    container.chats.update_chat(c.UpdateChat(chat_id=chat_id, actor_id=OWNER, state=more))


def read(container: Container, chat_id: uuid.UUID) -> None:
    container.chats.read_chat(ReadChat(chat_id=chat_id, actor_id=OWNER))


def listed(container: Container, **order: Any) -> dict[str, dict[str, Any]]:
    container.runner.catch_up_all()
    return {chat["id"]: chat for chat in container.chat_reads.list_chats(OWNER, Shelf(pinned=None), **order)}


def unread(chat: dict[str, Any]) -> bool:
    """The SPA's own test."""
    return chat["updated_at"] > chat["last_read_at"]


class TestChatReads:
    def test_a_chat_is_read_as_it_is_created(self, container: Container):
        chat_id = new_chat(container)
        assert not unread(listed(container)[str(chat_id)])

    def test_a_chat_changed_after_its_read_is_unread_within_the_same_second(self, container: Container):
        chat_id = new_chat(container)
        read(container, chat_id)
        change(container, chat_id)
        assert unread(listed(container)[str(chat_id)])

    def test_reading_a_changed_chat_makes_it_read(self, container: Container):
        chat_id = new_chat(container)
        read(container, chat_id)
        change(container, chat_id)
        read(container, chat_id)
        assert not unread(listed(container)[str(chat_id)])

    def test_a_chat_marked_unread_was_last_read_at_zero(self, container: Container):
        chat_id = new_chat(container)
        container.chats.mark_chat_unread(MarkChatUnread(chat_id=chat_id, actor_id=OWNER))
        assert listed(container)[str(chat_id)]["last_read_at"] == 0

    def test_pinning_a_chat_reads_it(self, container: Container):
        chat_id = new_chat(container)
        change(container, chat_id)
        container.chats.toggle_pinned(c.TogglePinned(chat_id=chat_id, actor_id=OWNER))
        assert not unread(listed(container)[str(chat_id)])

    def test_unread_chats_are_listed_first_then_the_newest(self, container: Container):
        older, newer, read_one = new_chat(container), new_chat(container), new_chat(container)
        for chat_id in (older, newer, read_one):
            read(container, chat_id)
            change(container, chat_id)
        read(container, read_one)
        order = list(listed(container, sort_by="unread_updated_at"))
        assert order == [str(newer), str(older), str(read_one)]

    def test_a_folder_counts_its_unread_chats_and_those_of_its_subfolders(self, container: Container):
        top = new_folder(container, "Top")
        below = new_folder(container, "Below", top)
        for folder_id in (top, below, below):
            chat_id = new_chat(container, folder_id)
            read(container, chat_id)
            change(container, chat_id)
        container.runner.catch_up_all()
        counts = container.chat_reads.folder_unread_counts(OWNER, {str(top): None, str(below): str(top)})
        assert counts == {str(top): 3, str(below): 2}

    def test_archived_chats_are_not_counted(self, container: Container):
        top = new_folder(container, "Top")
        chat_id = new_chat(container, top)
        change(container, chat_id)
        container.chats.toggle_archived(c.ToggleArchived(chat_id=chat_id, actor_id=OWNER))
        container.chats.move_to_folder(c.MoveChatToFolder(chat_id=chat_id, actor_id=OWNER, folder_id=str(top)))
        container.chats.toggle_archived(c.ToggleArchived(chat_id=chat_id, actor_id=OWNER))
        read(container, chat_id)
        container.runner.catch_up_all()
        assert container.chat_reads.folder_unread_counts(OWNER, {str(top): None}) == {str(top): 0}

    def test_a_chat_with_a_reply_being_generated_is_not_counted_until_it_ends(self, container: Container):
        top = new_folder(container, "Top")
        chat_id = new_chat(container, top)
        read(container, chat_id)
        container.chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=OWNER, reply_id="r", model="m"))
        container.runner.catch_up_all()
        counting = container.chat_reads.folder_unread_counts(OWNER, {str(top): None})
        container.chats.complete_reply(r.CompleteReply(chat_id=chat_id, actor_id=OWNER, reply_id="r", content="hi"))
        container.runner.catch_up_all()
        assert (counting, container.chat_reads.folder_unread_counts(OWNER, {str(top): None})) == (
            {str(top): 0}, {str(top): 1})
