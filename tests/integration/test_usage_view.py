"""What the usage view counts of a person's chats as they change, on each view store."""

from __future__ import annotations

import uuid

from application.chats import commands as c
from application.chats import reply_commands as r
from infrastructure.container import Container
from projections.usage.queries import Tally
from tests.unit.builders import message, snapshot

OWNER = "alice"
USAGE = {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}


def answered(container: Container, owner: str = OWNER) -> uuid.UUID:
    """A question, and a reply that completes with USAGE."""
    chat_id = uuid.uuid4()
    container.chats.create_chat(c.CreateChat(chat_id=chat_id, owner_id=owner, state=snapshot(message("q"))))
    container.chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=owner, reply_id="a", model="echo"))
    container.chats.complete_reply(r.CompleteReply(chat_id=chat_id, actor_id=owner, reply_id="a",
                                                   content="echo: q", usage=USAGE))
    return chat_id


def tally(container: Container) -> Tally:
    container.runner.catch_up_all()
    return container.usage.tally(OWNER)


def test_a_completed_reply_counts_its_tokens_and_a_failed_one_only_as_a_message(container: Container):
    chat_id = answered(container)
    container.chats.start_reply(r.StartReply(chat_id=chat_id, actor_id=OWNER, reply_id="b", model="other",
                                             prompt=message("q2", content="again")))
    container.chats.fail_reply(r.FailReply(chat_id=chat_id, actor_id=OWNER, reply_id="b", content="", error="x"))
    assert tally(container) == Tally(roles={"user": 2, "assistant": 2}, input_tokens=5, output_tokens=7,
                                     models_used=2)


def test_an_edit_that_states_a_usage_replaces_it_and_one_that_states_none_keeps_it(container: Container):
    chat_id = answered(container)
    edited = message("a", "q", role="assistant", content="echo: q", usage={"input_tokens": 1, "output_tokens": 2})
    container.chats.edit_message(c.EditMessage(chat_id=chat_id, actor_id=OWNER, message=edited))
    assert (tally(container).input_tokens, tally(container).output_tokens) == (1, 2)
    plain = message("a", "q", role="assistant", content="edited")
    container.chats.edit_message(c.EditMessage(chat_id=chat_id, actor_id=OWNER, message=plain))
    assert (tally(container).input_tokens, tally(container).output_tokens) == (1, 2)


def test_a_deleted_message_takes_its_replies_out_of_the_count(container: Container):
    chat_id = answered(container)
    container.chats.delete_message(c.DeleteMessage(chat_id=chat_id, actor_id=OWNER, message_id="q"))
    assert tally(container) == Tally(roles={}, input_tokens=0, output_tokens=0, models_used=0)


def test_a_deleted_chat_counts_nothing(container: Container):
    answered(container)
    gone = answered(container)
    container.chats.delete_chat(c.DeleteChat(chat_id=gone, actor_id=OWNER))
    assert tally(container).roles == {"user": 1, "assistant": 1}
    assert container.usage.chat_count(OWNER) == 1


def test_someone_elses_chats_are_not_counted(container: Container):
    answered(container, owner="bob")
    assert tally(container).roles == {} and container.usage.chat_count(OWNER) == 0
