"""Appending, editing and deleting single messages of a chat."""

from __future__ import annotations

import pytest

from domain.chats.errors import MessageNotFoundError, UnknownParentError
from tests.unit.builders import message
from tests.unit.domain.given import a_chat, new_events, recorded

# q ─ a ─ q2 ─ a2
#      └─ q3
TREE = (message("q"), message("a", "q"), message("q2", "a"), message("a2", "q2"), message("q3", "a"))


def test_deleting_a_prompt_removes_it_with_its_answers():
    chat = a_chat(*TREE)
    chat.delete_message("q2")
    [deleted] = recorded(chat)
    assert (type(deleted).__name__, deleted.message_ids, deleted.moved) == ("MessagesDeleted", ["q2", "a2"], [])
    assert chat.parents == {"q": None, "a": "q", "q3": "a"}


def test_deleting_a_message_moves_the_replies_to_its_replies_up_to_its_parent():
    chat = a_chat(*TREE)
    chat.delete_message("a")
    [deleted] = recorded(chat)
    assert (deleted.message_ids, deleted.moved, deleted.new_parent) == (["a", "q2", "q3"], ["a2"], "q")
    assert chat.parents == {"q": None, "a2": "q"}


def test_deleting_a_root_makes_the_replies_to_its_replies_roots():
    chat = a_chat(*TREE)
    chat.delete_message("q")
    assert chat.parents == {"q2": None, "a2": "q2", "q3": None}


def test_deleting_a_message_forgets_its_digest_so_it_can_be_sent_again():
    chat = a_chat(*TREE)
    chat.delete_message("q3")
    recorded(chat)
    chat.append_message(message("q3", "a"))
    assert new_events(chat) == ["MessageAppended"]


def test_deleting_moves_the_cursor_to_the_newest_leaf_below_the_parent():
    chat = a_chat(*TREE)
    chat.delete_message("q3")
    [deleted] = recorded(chat)
    assert deleted.new_current == chat.current_message_id == "a2"


def test_deleting_the_only_branch_below_a_message_puts_the_cursor_on_it():
    chat = a_chat(*TREE[:4])
    chat.delete_message("q2")
    assert chat.current_message_id == "a"


def test_deleting_a_root_moves_the_cursor_below_the_newest_root():
    chat = a_chat(message("r1"), message("x", "r1"), message("r2"), message("y", "r2"))
    chat.delete_message("r2")
    assert chat.current_message_id == "x"


def test_deleting_an_unknown_message_changes_nothing():
    chat = a_chat(*TREE)
    chat.delete_message("nowhere")
    assert (new_events(chat), len(chat.parents)) == ([], 5)


def test_editing_a_message_records_its_new_fields():
    chat = a_chat(*TREE)
    chat.edit_message(message("a", "q", content="fixed", role="assistant", model="llama"))
    [edited] = recorded(chat)
    assert (edited.message_id, edited.content, edited.role, edited.model) == (
        "a", "fixed", "assistant", "llama")


def test_editing_a_message_without_changes_produces_no_event():
    chat = a_chat(*TREE)
    chat.edit_message(message("a", "q"))
    assert new_events(chat) == []


def test_editing_an_unknown_message_is_refused():
    chat = a_chat(*TREE)
    with pytest.raises(MessageNotFoundError):
        chat.edit_message(message("nowhere"))


def test_appending_under_an_unknown_parent_is_refused():
    chat = a_chat(*TREE)
    with pytest.raises(UnknownParentError):
        chat.append_message(message("lost", "ghost"))


def test_appending_a_message_moves_the_cursor_to_it():
    chat = a_chat(*TREE)
    chat.append_message(message("a3", "q3"))
    assert chat.current_message_id == "a3"


def test_appending_a_known_message_with_new_fields_edits_it():
    chat = a_chat(*TREE)
    chat.append_message(message("a", "q", content="regenerated"))
    assert new_events(chat) == ["MessageEdited"]
