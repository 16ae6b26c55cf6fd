"""The evaluations context with the real chats context: only a reply in one's own chat is rated."""

from __future__ import annotations

import uuid

import pytest

from application.chats.commands import CreateChat
from application.chats.service import Chats
from application.evaluations.commands import DeleteFeedback, DeleteFeedbacks, RateReply, RerateReply
from application.evaluations.replies import ChatReplies
from application.evaluations.service import Evaluations
from domain.chats.errors import ChatNotFoundError, ForeignChatError, MessageNotFoundError
from domain.evaluations.errors import FeedbackNotFoundError, ForeignFeedbackError
from domain.evaluations.feedback import Feedback
from tests.unit.application.given import Commits
from tests.unit.application.racing import RACING
from tests.unit.builders import message, snapshot


@pytest.fixture
def evaluations(chats: Chats, commits: Commits) -> Evaluations:
    return Evaluations(RACING, commits, replies=ChatReplies(chats))


@pytest.fixture
def chat_id(chats: Chats) -> str:
    chat_id = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=chat_id, owner_id="ada", state=snapshot(
        message("q"), message("a", "q", role="assistant"))))
    return str(chat_id)


def rating(rater: str, chat_id: str, message_id: str = "a") -> RateReply:
    return RateReply(feedback_id=uuid.uuid4(), rater_id=rater, kind="rating", data={"rating": 1},
                     meta={"chat_id": chat_id, "message_id": message_id})


def test_rating_a_reply_in_one_s_own_chat_is_recorded_and_kicks_the_projectors(evaluations, chat_id, commits):
    position = evaluations.rate_reply(rating("ada", chat_id))
    assert commits[-1] == ("Evaluations", position)


@pytest.mark.parametrize(("rater", "chat", "message_id", "error"), [
    ("bob", None, "a", ForeignChatError), ("ada", "00000000-0000-4000-8000-000000000000", "a", ChatNotFoundError),
    ("ada", "not-a-uuid", "a", ChatNotFoundError), ("ada", None, "zz", MessageNotFoundError)])
def test_rating_anything_but_a_reply_of_one_s_own_is_refused(evaluations, chat_id, rater, chat, message_id, error):
    with pytest.raises(error):
        evaluations.rate_reply(rating(rater, chat or chat_id, message_id))
    assert evaluations.position == 0


def test_an_admin_may_change_a_member_s_rating_but_not_move_it_out_of_their_chats(evaluations, chat_id, chats):
    command = rating("ada", chat_id)
    evaluations.rate_reply(command)
    evaluations.rerate_reply(RerateReply(feedback_id=command.feedback_id, actor_id="root", is_admin=True,
                                         data={"rating": -1}))
    admins_chat = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=admins_chat, owner_id="root", state=snapshot(message("q"))))
    with pytest.raises(ForeignChatError):
        evaluations.rerate_reply(RerateReply(feedback_id=command.feedback_id, actor_id="root", is_admin=True,
                                             meta={"chat_id": str(admins_chat), "message_id": "q"}))


def test_another_member_s_rating_does_not_exist_for_them(evaluations, chat_id):
    command = rating("ada", chat_id)
    evaluations.rate_reply(command)
    with pytest.raises(ForeignFeedbackError):
        evaluations.delete_feedback(DeleteFeedback(feedback_id=command.feedback_id, actor_id="bob"))
    with pytest.raises(FeedbackNotFoundError):
        evaluations.visible(uuid.uuid4(), "ada", is_admin=True)


def test_deleting_several_leaves_other_raters_ratings_alone(evaluations, chat_id, chats):
    bobs_chat = uuid.uuid4()
    chats.create_chat(CreateChat(chat_id=bobs_chat, owner_id="bob", state=snapshot(message("q"))))
    ada, bob = rating("ada", chat_id), rating("bob", str(bobs_chat), "q")
    evaluations.rate_reply(ada)
    evaluations.rate_reply(bob)
    evaluations.delete_feedbacks(DeleteFeedbacks(feedback_ids=[ada.feedback_id, bob.feedback_id], actor_id="ada",
                                                 rater_id="ada"))
    left = [evaluations.find(f) for f in (ada.feedback_id, bob.feedback_id)]
    assert [f.deleted for f in left if isinstance(f, Feedback)] == [True, False]
