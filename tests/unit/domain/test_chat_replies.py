"""A model's reply in a chat: started, then completed or failed; never finished twice."""

from __future__ import annotations

import pytest

from domain.chats.errors import ChatDeletedError, UnknownParentError
from tests.unit.builders import message
from tests.unit.domain.given import a_chat, new_events, recorded


def a_running_reply():
    chat = a_chat(message("q"))
    chat.start_reply(message_id="r", parent_id="q", model="echo")
    recorded(chat)
    return chat


def test_a_started_reply_is_a_message_below_its_prompt_and_the_chat_moves_to_it():
    chat = a_chat(message("q"))
    chat.start_reply(message_id="r", parent_id="q", model="echo")
    [started] = recorded(chat)
    assert (type(started).__name__, started.parent_id, started.model) == ("ReplyStarted", "q", "echo")
    assert (chat.parents["r"], chat.current_message_id, chat.replying) == ("q", "r", frozenset({"r"}))


def test_a_reply_below_a_message_the_chat_lacks_is_refused():
    chat = a_chat(message("q"))
    with pytest.raises(UnknownParentError):
        chat.start_reply(message_id="r", parent_id="elsewhere", model="echo")


def test_a_placeholder_message_becomes_the_reply_where_it_stands():
    chat = a_chat(message("q"), message("placeholder", "q", role="assistant", content=""))
    chat.start_reply(message_id="placeholder", parent_id=None, model="echo")
    [started] = recorded(chat)
    assert started.parent_id == "q" and chat.parents["placeholder"] == "q"


def test_completing_a_reply_records_its_text_and_usage_and_ends_it():
    chat = a_running_reply()
    chat.complete_reply(message_id="r", content="echo: q", usage={"total_tokens": 3})
    [completed] = recorded(chat)
    assert (type(completed).__name__, completed.content, completed.usage) == (
        "ReplyCompleted", "echo: q", {"total_tokens": 3})
    assert chat.replying == frozenset()


def test_a_failed_reply_keeps_what_came_before_the_error():
    chat = a_running_reply()
    chat.fail_reply(message_id="r", content="echo:", error="the upstream broke off")
    [failed] = recorded(chat)
    assert (type(failed).__name__, failed.content, failed.error) == ("ReplyFailed", "echo:", "the upstream broke off")


def test_a_reply_that_already_ended_is_not_ended_again():
    chat = a_running_reply()
    chat.complete_reply(message_id="r", content="done", usage=None)
    recorded(chat)
    chat.fail_reply(message_id="r", content="", error="late")
    chat.complete_reply(message_id="r", content="again", usage=None)
    assert new_events(chat) == []


def test_a_reply_deleted_while_running_stays_deleted_when_it_ends():
    chat = a_running_reply()
    chat.delete_message("r")
    recorded(chat)
    chat.complete_reply(message_id="r", content="late", usage=None)
    assert new_events(chat) == [] and "r" not in chat.parents


def test_a_deleted_chat_takes_no_replies():
    chat = a_running_reply()
    chat.delete()
    with pytest.raises(ChatDeletedError):
        chat.complete_reply(message_id="r", content="late", usage=None)


def test_a_client_restating_the_reply_edits_it():
    chat = a_running_reply()
    chat.edit_message(message("r", "q", role="assistant", content="echo: q"))
    assert new_events(chat) == ["MessageEdited"]


def test_a_long_reply_is_checkpointed_while_it_runs():
    chat = a_running_reply()
    chat.checkpoint_reply(message_id="r", content="echo: so far")
    [checkpoint] = recorded(chat)
    assert (type(checkpoint).__name__, checkpoint.content) == ("ReplyCheckpointed", "echo: so far")
    assert chat.replying == frozenset({"r"})


def test_a_reply_that_ended_takes_no_checkpoint():
    chat = a_running_reply()
    chat.complete_reply(message_id="r", content="done", usage=None)
    recorded(chat)
    chat.checkpoint_reply(message_id="r", content="late")
    assert new_events(chat) == []


def test_follow_ups_are_suggested_below_a_reply():
    chat = a_running_reply()
    chat.complete_reply(message_id="r", content="done", usage=None)
    recorded(chat)
    chat.suggest_follow_ups(message_id="r", follow_ups=["And then?"])
    [suggested] = recorded(chat)
    assert (type(suggested).__name__, suggested.message_id, suggested.follow_ups) == (
        "FollowUpsSuggested", "r", ["And then?"])


def test_a_deleted_reply_gets_no_follow_ups():
    chat = a_running_reply()
    chat.delete_message("r")
    recorded(chat)
    chat.suggest_follow_ups(message_id="r", follow_ups=["And then?"])
    assert new_events(chat) == []
