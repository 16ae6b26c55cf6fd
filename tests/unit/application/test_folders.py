"""Folders in the chats context: names unique per parent, no loops, and deletion takes the chats."""

from __future__ import annotations

import uuid

import pytest

from application.chats.commands import CreateChat, MoveChatToFolder
from application.chats.folder_commands import CreateFolder, DeleteFolder, MoveFolder, UpdateFolder
from application.chats.service import Chats
from domain.chats.chat import Chat
from domain.chats.errors import FolderCycleError, FolderNameTakenError, FolderNotFoundError
from domain.chats.folder import Folder
from tests.unit.builders import snapshot

OWNER = "alice"


def create(chats: Chats, name: str, parent: uuid.UUID | None = None, owner: str = OWNER) -> uuid.UUID:
    folder_id = uuid.uuid4()
    chats.create_folder(CreateFolder(folder_id=folder_id, owner_id=owner, name=name, parent_id=parent))
    return folder_id


def filed_chat(chats: Chats, folder_id: uuid.UUID) -> uuid.UUID:
    chat_id = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=chat_id, owner_id=OWNER, state=snapshot()))
    chats.move_to_folder(MoveChatToFolder(chat_id=chat_id, actor_id=OWNER, folder_id=str(folder_id)))
    return chat_id


def test_creating_a_folder_returns_its_position(chats: Chats):
    position = chats.create_folder(CreateFolder(folder_id=uuid.uuid4(), owner_id=OWNER, name="Work"))
    assert position == chats.position


def test_a_name_taken_under_the_same_parent_is_refused_whatever_its_case(chats: Chats):
    create(chats, "Work")
    with pytest.raises(FolderNameTakenError):
        create(chats, "work")


def test_the_same_name_under_another_parent_is_allowed(chats: Chats):
    parent = create(chats, "Work")
    create(chats, "Work", parent)
    assert chats.position > 0


def test_another_person_may_use_the_same_name(chats: Chats):
    create(chats, "Work")
    create(chats, "Work", owner="bob")


def test_renaming_frees_the_old_name(chats: Chats):
    folder_id = create(chats, "Work")
    chats.update_folder(UpdateFolder(folder_id=folder_id, actor_id=OWNER, name="Home"))
    create(chats, "Work")


def test_changing_only_the_case_of_a_name_keeps_it(chats: Chats):
    folder_id = create(chats, "work")
    chats.update_folder(UpdateFolder(folder_id=folder_id, actor_id=OWNER, name="Work"))
    with pytest.raises(FolderNameTakenError):
        create(chats, "WORK")


def test_moving_frees_the_name_under_the_old_parent(chats: Chats):
    folder_id, parent = create(chats, "Work"), create(chats, "Parent")
    chats.move_folder(MoveFolder(folder_id=folder_id, actor_id=OWNER, parent_id=parent))
    create(chats, "Work")


def test_moving_into_a_subfolder_is_refused(chats: Chats):
    top = create(chats, "Top")
    below = create(chats, "Below", create(chats, "Middle", top))
    with pytest.raises(FolderCycleError):
        chats.move_folder(MoveFolder(folder_id=top, actor_id=OWNER, parent_id=below))


def test_a_parent_someone_else_owns_does_not_exist(chats: Chats):
    theirs = create(chats, "Theirs", owner="bob")
    with pytest.raises(FolderNotFoundError):
        create(chats, "Mine", theirs)


def test_deleting_deletes_the_folders_below_and_all_their_chats(chats: Chats):
    top = create(chats, "Top")
    below = create(chats, "Below", top)
    chat_ids = [filed_chat(chats, top), filed_chat(chats, below)]
    chats.delete_folder(DeleteFolder(folder_id=top, actor_id=OWNER, descendants=(below,), chats=tuple(chat_ids)))
    assert [chats.find(f).deleted for f in (top, below)] == [True, True]
    assert [chats.find(c).deleted for c in chat_ids] == [True, True]


def test_deleting_without_contents_takes_the_chats_out_of_the_folder(chats: Chats):
    top = create(chats, "Top")
    chat_id = filed_chat(chats, top)
    chats.delete_folder(DeleteFolder(folder_id=top, actor_id=OWNER, chats=(chat_id,), delete_contents=False))
    chat = chats.find(chat_id)
    assert isinstance(chat, Chat) and (chat.deleted, chat.folder_id) == (False, None)


def test_deleting_leaves_alone_a_chat_that_moved_out_meanwhile(chats: Chats):
    top, other = create(chats, "Top"), create(chats, "Other")
    chat_id = filed_chat(chats, top)
    chats.move_to_folder(MoveChatToFolder(chat_id=chat_id, actor_id=OWNER, folder_id=str(other)))
    chats.delete_folder(DeleteFolder(folder_id=top, actor_id=OWNER, chats=(chat_id,)))
    assert chats.find(chat_id).deleted is False


def test_deleting_leaves_alone_a_folder_that_moved_out_meanwhile(chats: Chats):
    top = create(chats, "Top")
    below = create(chats, "Below", top)
    chats.move_folder(MoveFolder(folder_id=below, actor_id=OWNER, parent_id=None))
    chats.delete_folder(DeleteFolder(folder_id=top, actor_id=OWNER, descendants=(below,)))
    folder = chats.find(below)
    assert isinstance(folder, Folder) and not folder.deleted


def test_a_deleted_folders_name_can_be_used_again(chats: Chats):
    chats.delete_folder(DeleteFolder(folder_id=create(chats, "Work"), actor_id=OWNER))
    create(chats, "Work")


def test_deleting_is_one_commit(chats: Chats, commits):
    top = create(chats, "Top")
    chat_id = filed_chat(chats, top)
    before = len(commits)
    chats.delete_folder(DeleteFolder(folder_id=top, actor_id=OWNER, chats=(chat_id,)))
    assert len(commits) == before + 1


def test_someone_elses_folder_does_not_exist(chats: Chats):
    theirs = create(chats, "Theirs", owner="bob")
    with pytest.raises(FolderNotFoundError):
        chats.update_folder(UpdateFolder(folder_id=theirs, actor_id=OWNER, name="Mine"))
