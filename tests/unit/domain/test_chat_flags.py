"""What a person sets on a chat: archive, pin, folder, tags, share; and deletion."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.chats.chat import Chat
from domain.chats.errors import ChatDeletedError, InvalidTagError
from tests.unit.builders import message, snapshot
from tests.unit.domain.given import a_chat, new_events, recorded


def test_archiving_records_archived():
    chat = a_chat()
    chat.set_archived(True)
    assert (new_events(chat), chat.archived) == (["Archived"], True)


def test_archiving_an_archived_chat_produces_no_event():
    chat = a_chat()
    chat.set_archived(True)
    recorded(chat)
    chat.set_archived(True)
    assert new_events(chat) == []


def test_unarchiving_records_unarchived():
    chat = a_chat()
    chat.set_archived(True)
    recorded(chat)
    chat.set_archived(False)
    assert (new_events(chat), chat.archived) == (["Unarchived"], False)


def test_pinning_and_unpinning_record_one_event_each():
    chat = a_chat()
    chat.set_pinned(True)
    chat.set_pinned(True)
    chat.set_pinned(False)
    chat.set_pinned(False)
    assert new_events(chat) == ["Pinned", "Unpinned"]


def test_moving_to_the_folder_the_chat_is_in_produces_no_event():
    chat = a_chat()
    chat.move_to_folder("recipes")
    chat.move_to_folder("recipes")
    assert (new_events(chat), chat.folder_id) == (["MovedToFolder"], "recipes")


def test_archiving_takes_the_chat_out_of_its_folder():
    chat = a_chat()
    chat.move_to_folder("recipes")
    chat.set_archived(True)
    assert (chat.archived, chat.folder_id) == (True, None)


def test_filing_a_chat_in_a_folder_unpins_and_unarchives_it():
    chat = a_chat()
    chat.set_pinned(True)
    chat.set_archived(True)
    chat.move_to_folder("recipes")
    assert (chat.folder_id, chat.pinned, chat.archived) == ("recipes", False, False)


@pytest.mark.parametrize("tag_id", ["none", ""])
def test_a_tag_that_search_could_not_tell_apart_is_refused(tag_id: str):
    chat = a_chat()
    with pytest.raises(InvalidTagError):
        chat.tag(tag_id, tag_id.title())
    assert new_events(chat) == []


def test_tagging_twice_with_one_tag_records_it_once():
    chat = a_chat()
    chat.tag("work", "Work")
    chat.tag("work", "work")
    [tagged] = recorded(chat)
    assert (tagged.tag_id, tagged.name, chat.tags) == ("work", "Work", {"work": "Work"})


def test_untagging_removes_the_tag():
    chat = a_chat()
    chat.tag("work", "Work")
    recorded(chat)
    chat.untag("work")
    assert (new_events(chat), chat.tags) == (["Untagged"], {})


def test_untagging_a_tag_the_chat_lacks_produces_no_event():
    chat = a_chat()
    chat.untag("work")
    assert new_events(chat) == []


def test_sharing_again_refreshes_the_snapshot_under_the_same_link():
    chat = a_chat()
    chat.share("first-link")
    chat.share("second-link")
    assert [event.share_id for event in recorded(chat)] == ["first-link", "first-link"]


def test_sharing_after_unsharing_uses_the_new_link():
    chat = a_chat()
    chat.share("first-link")
    chat.unshare()
    chat.share("second-link")
    assert [getattr(e, "share_id", None) for e in recorded(chat)] == ["first-link", None, "second-link"]


def test_unsharing_a_chat_that_is_not_shared_produces_no_event():
    chat = a_chat()
    chat.unshare()
    assert new_events(chat) == []


COMMANDS: dict[str, Callable[[Chat], None]] = {
    "merge": lambda chat: chat.merge(snapshot(message("q"))),
    "append": lambda chat: chat.append_message(message("q")),
    "edit": lambda chat: chat.edit_message(message("q")),
    "delete message": lambda chat: chat.delete_message("q"),
    "rename": lambda chat: chat.rename("Other"),
    "archive": lambda chat: chat.set_archived(True),
    "pin": lambda chat: chat.set_pinned(True),
    "move": lambda chat: chat.move_to_folder("recipes"),
    "tag": lambda chat: chat.tag("work", "Work"),
    "untag": lambda chat: chat.untag("work"),
    "share": lambda chat: chat.share("link"),
    "unshare": lambda chat: chat.unshare(),
    "change share access": lambda chat: chat.change_share_access([]),
    "delete": lambda chat: chat.delete(),
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_deleted_chat_refuses_every_command(command: Callable[[Chat], None]):
    chat = a_chat(message("q"))
    chat.delete()
    recorded(chat)
    with pytest.raises(ChatDeletedError):
        command(chat)
    assert new_events(chat) == []


def test_an_imported_chat_keeps_its_times_as_its_last_event():
    chat = a_chat(message("q"))
    chat.keep_imported_times(created_at=100, updated_at=200)
    (imported,) = recorded(chat)
    assert (type(imported).__name__, imported.created_at, imported.updated_at) == ("Imported", 100, 200)


def test_an_imported_chat_is_never_updated_before_it_was_created():
    chat = a_chat(message("q"))
    chat.keep_imported_times(created_at=300, updated_at=200)
    assert recorded(chat)[0].updated_at == 300
