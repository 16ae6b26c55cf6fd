"""A whole-chat snapshot from a client becomes events only for what differs from the chat."""

from __future__ import annotations

import pytest

from domain.chats.errors import InvalidMessageError, UnknownParentError
from tests.unit.builders import message, snapshot
from tests.unit.domain.given import a_chat, names, new_events, recorded

Q, A = message("q"), message("a", "q", role="assistant")


def test_new_messages_are_appended():
    chat = a_chat()
    chat.merge(snapshot(Q, A))
    events = recorded(chat)
    assert names(events) == ["MessageAppended", "MessageAppended"]
    assert [(e.message_id, e.parent_id, e.role) for e in events] == [
        ("q", None, "user"), ("a", "q", "assistant")]


def test_a_reply_listed_before_its_parent_is_appended_after_it():
    chat = a_chat()
    chat.merge(snapshot(A, Q, current="a"))
    assert [e.message_id for e in recorded(chat)] == ["q", "a"]


def test_a_snapshot_equal_to_the_chat_produces_no_events():
    chat = a_chat(Q, A)
    chat.merge(snapshot(Q, A))
    assert new_events(chat) == []


def test_a_changed_message_becomes_an_edit():
    chat = a_chat(Q, A)
    chat.merge(snapshot(Q, message("a", "q", role="assistant", content="better answer")))
    [edited] = recorded(chat)
    assert (type(edited).__name__, edited.message_id, edited.content) == (
        "MessageEdited", "a", "better answer")


def test_fields_beyond_role_content_and_model_are_kept_as_extra():
    chat = a_chat()
    chat.merge(snapshot(message("q", model="llama", done=True)))
    [appended] = recorded(chat)
    assert (appended.model, appended.extra) == ("llama", {"done": True})


def test_a_new_title_becomes_a_rename():
    chat = a_chat(Q)
    chat.merge(snapshot(Q, title="Cooking"))
    [renamed] = recorded(chat)
    assert (type(renamed).__name__, renamed.title) == ("Renamed", "Cooking")


def test_a_snapshot_without_a_title_keeps_the_title():
    chat = a_chat(Q, title="Cooking")
    chat.merge(snapshot(Q))
    assert (new_events(chat), chat.title) == ([], "Cooking")


def test_only_the_properties_that_differ_are_changed():
    chat = a_chat(Q, models=["llama"], params={"temperature": 1})
    chat.merge(snapshot(Q, models=["llama"], params={"temperature": 0.2}, system="be brief"))
    [changed] = recorded(chat)
    assert type(changed).__name__ == "PropertiesChanged"
    assert changed.changes == {"params": {"temperature": 0.2}, "system": "be brief"}


def test_moving_the_current_message_becomes_a_cursor_move():
    chat = a_chat(Q, A)
    chat.merge(snapshot(Q, A, current="q"))
    [moved] = recorded(chat)
    assert (type(moved).__name__, moved.message_id, chat.current_message_id) == ("CursorMoved", "q", "q")


def test_a_cursor_on_an_unknown_message_is_ignored():
    chat = a_chat(Q, A)
    chat.merge(snapshot(Q, A, current="nowhere"))
    assert (new_events(chat), chat.current_message_id) == ([], "a")


def test_a_stale_snapshot_never_deletes_messages():
    chat = a_chat(Q, A, message("q2", "a"))
    chat.merge(snapshot(Q))
    assert "MessagesDeleted" not in new_events(chat)
    assert list(chat.parents) == ["q", "a", "q2"]


def test_a_stale_snapshot_adds_its_own_branch_beside_the_newer_one():
    chat = a_chat(Q, A, message("q2", "a"))
    chat.merge(snapshot(Q, A, message("q2-retry", "a")))
    assert new_events(chat) == ["MessageAppended"]
    assert chat.parents == {"q": None, "a": "q", "q2": "a", "q2-retry": "a"}


def test_a_message_whose_parent_is_nowhere_is_refused():
    chat = a_chat(Q)
    with pytest.raises(UnknownParentError) as refusal:
        chat.merge(snapshot(Q, message("lost", "ghost")))
    assert (refusal.value.chat_id, refusal.value.message_id, refusal.value.parent_id) == (
        chat.id, "lost", "ghost")


def test_messages_that_are_each_others_parents_are_orphans():
    chat = a_chat()
    with pytest.raises(UnknownParentError):
        chat.merge(snapshot(message("x", "y"), message("y", "x")))


def test_a_message_whose_content_is_not_text_is_refused():
    chat = a_chat()
    with pytest.raises(InvalidMessageError) as refusal:
        chat.merge(snapshot(message("q", role=["user"])))
    assert refusal.value.message_id == "q"
