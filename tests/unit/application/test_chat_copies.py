"""Copies of chats (clone, fork), imports and archiving everything: each one save, and a copy only of
a chat one may read."""

from __future__ import annotations

import uuid

import pytest

from application.chats.commands import CreateChat, DeleteChat, ShareChat
from application.chats.copy_commands import ArchiveChats, ChatCopy, CopyChat, ImportChats
from application.chats.folder_commands import CreateFolder
from application.chats.reply_commands import StartReply
from application.chats.service import Chats
from domain.chats.chat import Chat
from domain.chats.errors import ChatBusyError, ForeignChatError, InvalidImportError
from tests.unit.application.given import Commits
from tests.unit.builders import message, snapshot

Q, A = message("q"), message("a", "q", role="assistant")


def create(chats: Chats, owner: str = "alice") -> uuid.UUID:
    chat_id = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(Q, A, title="Origin")))
    return chat_id


def copy_of(source: uuid.UUID, owner: str, share_id: str | None = None, fork: bool = False) -> CopyChat:
    return CopyChat(chat_id=uuid.uuid4(), owner_id=owner, source_id=source, share_id=share_id,
                    copy=ChatCopy(state=snapshot(Q, A, title="Copy"), tags=("Work",), pinned=True), fork=fork)


def chat(chats: Chats, chat_id: uuid.UUID) -> Chat:
    found = chats.find(chat_id)
    assert isinstance(found, Chat)
    return found


def test_a_copy_of_ones_own_chat_is_a_new_chat_with_its_flags_in_one_save(chats: Chats, commits: Commits):
    command = copy_of(create(chats), "alice")
    chats.copy_chat(command)
    copy = chat(chats, command.chat_id)
    assert (copy.owner_id, copy.title, list(copy.parents), copy.tags, copy.pinned) == (
        "alice", "Copy", ["q", "a"], {"work": "Work"}, True)
    assert len(commits) == 2


def test_someone_elses_chat_cannot_be_copied(chats: Chats):
    with pytest.raises(ForeignChatError):
        chats.copy_chat(copy_of(create(chats, owner="alice"), "mallory"))


def test_a_chat_shared_with_its_link_may_be_copied_by_whoever_holds_the_link(chats: Chats):
    source = create(chats, owner="alice")
    chats.share_chat(ShareChat(chat_id=source, actor_id="alice", share_id="link"))
    command = copy_of(source, "bob", share_id="link")
    chats.copy_chat(command)
    assert chat(chats, command.chat_id).owner_id == "bob"


def test_a_link_the_chat_is_no_longer_shared_under_lends_nothing(chats: Chats):
    with pytest.raises(ForeignChatError):
        chats.copy_chat(copy_of(create(chats, owner="alice"), "bob", share_id="guessed"))


def test_forking_a_chat_whose_reply_is_being_written_is_refused(chats: Chats):
    source = create(chats)
    chats.start_reply(StartReply(chat_id=source, actor_id="alice", reply_id="r", model="m"))
    with pytest.raises(ChatBusyError):
        chats.copy_chat(copy_of(source, "alice", fork=True))


def imported(*entries: ChatCopy, owner: str = "bob") -> ImportChats:
    return ImportChats(owner_id=owner, chats=entries, keys=tuple(f"key-{e.state.title}" for e in entries))


def entry(title: str, **flags) -> ChatCopy:
    return ChatCopy(state=snapshot(Q, A, title=title), **flags)


def test_an_import_makes_every_chat_in_one_save_keeping_their_times(chats: Chats, commits: Commits):
    result = chats.import_chats(imported(entry("one", created_at=10, updated_at=20), entry("two", archived=True)))
    one, two = (chat(chats, chat_id) for chat_id in result.chat_ids)
    assert (one.title, two.title, two.archived) == ("one", "two", True)
    assert commits == [("Chats", result.position)]


def test_running_an_import_again_makes_nothing_new(chats: Chats):
    command = imported(entry("one"), entry("one"))
    first = chats.import_chats(command)
    again = chats.import_chats(command)
    assert again.chat_ids == first.chat_ids and again.position is None
    assert len(set(first.chat_ids)) == 2  # the same chat twice in a file is two chats


def test_importing_again_after_deleting_the_imported_chat_makes_it_anew(chats: Chats):
    command = imported(entry("one"))
    (first,) = chats.import_chats(command).chat_ids
    chats.delete_chat(DeleteChat(chat_id=first, actor_id="bob"))
    (second,) = chats.import_chats(command).chat_ids
    assert second != first and not chat(chats, second).deleted


def test_an_import_with_one_bad_entry_makes_nothing_and_names_it(chats: Chats, commits: Commits):
    orphan = ChatCopy(state=snapshot(message("x", "missing"), title="bad"))
    with pytest.raises(InvalidImportError) as refusal:
        chats.import_chats(imported(entry("good"), orphan))
    assert refusal.value.index == 1 and commits == []


def test_an_imported_chat_keeps_only_a_folder_of_its_owners(chats: Chats):
    folder_id = uuid.uuid4()
    chats.create_folder(CreateFolder(folder_id=folder_id, owner_id="bob", name="Mine"))
    result = chats.import_chats(imported(entry("kept", folder_id=str(folder_id)),
                                         entry("dropped", folder_id=str(uuid.uuid4()))))
    kept, dropped = (chat(chats, chat_id) for chat_id in result.chat_ids)
    assert (kept.folder_id, dropped.folder_id) == (str(folder_id), None)


def test_archiving_all_chats_passes_over_those_already_archived_and_others_chats(chats: Chats):
    mine, theirs = create(chats, "alice"), create(chats, "mallory")
    command = ArchiveChats(owner_id="alice", chat_ids=(mine, theirs), archived=True)
    assert chats.archive_chats(command) is not None
    assert chats.archive_chats(command) is None
    assert (chat(chats, mine).archived, chat(chats, theirs).archived) == (True, False)
