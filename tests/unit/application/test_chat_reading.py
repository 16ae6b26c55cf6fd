"""Reading chats in the chats context: only what is news is recorded, never in the chat's own
history, and only by the chat's owner."""

from __future__ import annotations

import uuid

import pytest

from application.chats.commands import CreateChat, MoveChatToFolder, ToggleArchived, UpdateChat
from application.chats.folder_commands import CreateFolder
from application.chats.reading_commands import MarkChatUnread, ReadAllChats, ReadChat, ReadFolder
from application.chats.service import Chats
from domain.chats.errors import ChatNotFoundError, FolderNotFoundError
from domain.chats.reading import ChatReading
from tests.unit.application.given import Commits, topics
from tests.unit.builders import message, snapshot

OWNER = "alice"
Q, A = message("q"), message("a", "q", role="assistant")


def create(chats: Chats, owner: str = OWNER, folder: uuid.UUID | None = None) -> uuid.UUID:
    chat_id = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(Q),
                                 folder_id=str(folder) if folder else None))
    return chat_id


def folder(chats: Chats, name: str, parent: uuid.UUID | None = None, owner: str = OWNER) -> uuid.UUID:
    folder_id = uuid.uuid4()
    chats.create_folder(CreateFolder(folder_id=folder_id, owner_id=owner, name=name, parent_id=parent))
    return folder_id


def read(chats: Chats, chat_id: uuid.UUID, actor: str = OWNER) -> int | None:
    return chats.read_chat(ReadChat(chat_id=chat_id, actor_id=actor))


def reading_of(chats: Chats, chat_id: uuid.UUID) -> ChatReading | None:
    found = chats.find(ChatReading.create_id(chat_id, OWNER))
    return found if isinstance(found, ChatReading) else None


def test_reading_returns_the_position_of_the_read(chats: Chats):
    chat_id = create(chats)
    assert read(chats, chat_id) == chats.position
    assert topics(chats)[-2:] == ["ChatReading.Started", "ChatReading.Read"]


def test_reading_a_chat_with_no_news_records_nothing(chats: Chats, commits: Commits):
    chat_id = create(chats)
    read(chats, chat_id)
    heard = len(commits)
    assert read(chats, chat_id) is None
    assert len(commits) == heard


def test_reading_a_chat_with_news_records_a_read(chats: Chats):
    chat_id = create(chats)
    read(chats, chat_id)
    chats.update_chat(UpdateChat(chat_id=chat_id, actor_id=OWNER, state=snapshot(Q, A)))
    assert read(chats, chat_id) == chats.position


def test_reading_leaves_the_chats_history_as_it_was(chats: Chats):
    chat_id = create(chats)
    version = chats.owned_chat(chat_id, OWNER).version
    read(chats, chat_id)
    chats.mark_chat_unread(MarkChatUnread(chat_id=chat_id, actor_id=OWNER))
    assert chats.owned_chat(chat_id, OWNER).version == version


def test_a_chat_marked_unread_is_recorded_read_again(chats: Chats):
    chat_id = create(chats)
    read(chats, chat_id)
    chats.mark_chat_unread(MarkChatUnread(chat_id=chat_id, actor_id=OWNER))
    assert read(chats, chat_id) == chats.position


def test_two_tabs_reporting_one_read_at_once_record_it_once(chats: Chats):
    chat_id = create(chats)
    chats.recorder.rivals.append(lambda: read(chats, chat_id))
    assert read(chats, chat_id) is None
    assert topics(chats).count("ChatReading.Read") == 1


def test_someone_elses_chat_is_not_found_when_read(chats: Chats):
    chat_id = create(chats, owner="bob")
    with pytest.raises(ChatNotFoundError):
        read(chats, chat_id)
    assert reading_of(chats, chat_id) is None


def test_someone_elses_chat_is_not_found_when_marked_unread(chats: Chats):
    chat_id = create(chats, owner="bob")
    with pytest.raises(ChatNotFoundError):
        chats.mark_chat_unread(MarkChatUnread(chat_id=chat_id, actor_id=OWNER))


def test_a_folder_read_reads_its_chats_and_those_below_it(chats: Chats):
    top = folder(chats, "Top")
    below = folder(chats, "Below", top)
    filed = [create(chats, folder=top), create(chats, folder=below)]
    chats.read_folder(ReadFolder(folder_id=top, actor_id=OWNER, descendants=(below,), chats=tuple(filed)))
    assert all(reading_of(chats, chat_id) is not None for chat_id in filed)


def test_a_folder_read_leaves_chats_filed_elsewhere_and_archived_ones(chats: Chats):
    top = folder(chats, "Top")
    moved, archived = create(chats, folder=top), create(chats, folder=top)
    chats.move_to_folder(MoveChatToFolder(chat_id=moved, actor_id=OWNER, folder_id=None))
    chats.toggle_archived(ToggleArchived(chat_id=archived, actor_id=OWNER))
    assert chats.read_folder(ReadFolder(folder_id=top, actor_id=OWNER, chats=(moved, archived))) is None


def test_someone_elses_folder_is_not_found_when_read(chats: Chats):
    theirs = folder(chats, "Theirs", owner="bob")
    with pytest.raises(FolderNotFoundError):
        chats.read_folder(ReadFolder(folder_id=theirs, actor_id=OWNER))


def test_reading_all_reads_only_the_persons_unarchived_chats(chats: Chats):
    mine, archived, theirs = create(chats), create(chats), create(chats, owner="bob")
    chats.toggle_archived(ToggleArchived(chat_id=archived, actor_id=OWNER))
    chats.read_all_chats(ReadAllChats(actor_id=OWNER, chats=(mine, archived, theirs, uuid.uuid4())))
    assert [reading_of(chats, c) is not None for c in (mine, archived, theirs)] == [True, False, False]
