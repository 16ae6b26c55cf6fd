"""Recording a model's reply in a chat: the prompt and the reply's start in one commit."""

from __future__ import annotations

import uuid

import pytest

from application.chats.commands import CreateChat, RetagChat, TagChat
from application.chats.reply_commands import (
    CheckpointReply,
    CompleteReply,
    FailReply,
    StartReply,
    SuggestFollowUps,
)
from application.chats.service import Chats
from domain.chats.errors import ChatNotFoundError
from tests.unit.application.given import topics
from tests.unit.builders import message, snapshot


def a_chat(chats: Chats, *messages) -> uuid.UUID:
    chat_id = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=chat_id, owner_id="alice", state=snapshot(*messages)))
    return chat_id


def test_the_prompt_goes_below_the_current_message_and_the_reply_below_the_prompt(chats: Chats):
    chat_id = a_chat(chats, message("q"), message("a", "q", role="assistant"))
    before = chats.position
    position = chats.start_reply(StartReply(chat_id=chat_id, actor_id="alice", reply_id="r", model="echo",
                                            prompt=message("q2")))
    chat = chats.owned_chat(chat_id, "alice")
    assert (chat.parents["q2"], chat.parents["r"], position) == ("a", "q2", before + 2)
    assert topics(chats)[-2:] == ["Chat.MessageAppended", "Chat.ReplyStarted"]


def test_a_reply_ends_completed_or_failed(chats: Chats):
    chat_id = a_chat(chats, message("q"))
    for reply_id, end in (("r1", CompleteReply), ("r2", FailReply)):
        chats.start_reply(StartReply(chat_id=chat_id, actor_id="alice", reply_id=reply_id, model="echo"))
        fields = {"error": "broke"} if end is FailReply else {"usage": {"total_tokens": 1}}
        record = chats.complete_reply if end is CompleteReply else chats.fail_reply
        record(end(chat_id=chat_id, actor_id="alice", reply_id=reply_id, content="so far", **fields))
    assert topics(chats)[-4:] == ["Chat.ReplyStarted", "Chat.ReplyCompleted", "Chat.ReplyStarted", "Chat.ReplyFailed"]


def test_nobody_replies_into_someone_elses_chat(chats: Chats):
    chat_id = a_chat(chats, message("q"))
    with pytest.raises(ChatNotFoundError):
        chats.start_reply(StartReply(chat_id=chat_id, actor_id="mallory", reply_id="r", model="echo",
                                     prompt=message("q2")))


def test_a_regenerated_reply_goes_below_the_prompt_the_chat_already_has(chats: Chats):
    chat_id = a_chat(chats, message("q"), message("a", "q", role="assistant"))
    chats.start_reply(StartReply(chat_id=chat_id, actor_id="alice", reply_id="r", model="echo",
                                 prompt=message("q", content="restated")))
    assert chats.owned_chat(chat_id, "alice").parents["r"] == "q"
    assert topics(chats)[-1:] == ["Chat.ReplyStarted"]


def test_generated_tags_replace_the_chats_tags_in_one_commit(chats: Chats):
    chat_id = a_chat(chats, message("q"))
    chats.tag_chat(TagChat(chat_id=chat_id, actor_id="alice", name="Old"))
    position = chats.position
    chats.retag_chat(RetagChat(chat_id=chat_id, actor_id="alice", names=["Science", "none", "Deep Sea"],
                                 written_after="q"))
    assert sorted(chats.owned_chat(chat_id, "alice").tags) == ["deep_sea", "science"]
    assert chats.position == position + 3 and topics(chats)[-3:] == ["Chat.Untagged", "Chat.Tagged", "Chat.Tagged"]


def test_follow_ups_and_checkpoints_are_recorded_on_the_reply(chats: Chats):
    chat_id = a_chat(chats, message("q"))
    chats.start_reply(StartReply(chat_id=chat_id, actor_id="alice", reply_id="r", model="echo"))
    chats.checkpoint_reply(CheckpointReply(chat_id=chat_id, actor_id="alice", reply_id="r", content="so"))
    chats.complete_reply(CompleteReply(chat_id=chat_id, actor_id="alice", reply_id="r", content="so far"))
    chats.suggest_follow_ups(SuggestFollowUps(chat_id=chat_id, actor_id="alice", message_id="r",
                                              follow_ups=["More?"]))
    assert topics(chats)[-3:] == ["Chat.ReplyCheckpointed", "Chat.ReplyCompleted", "Chat.FollowUpsSuggested"]
