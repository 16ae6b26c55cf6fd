"""A rating's rules: it names the reply it rates, keeps naming one when changed, and is its
rater's (and admins') to read, change and delete."""

from __future__ import annotations

import uuid

import pytest

from domain.evaluations.errors import FeedbackNotFoundError, ForeignFeedbackError, UnnamedReplyError
from domain.evaluations.feedback import Feedback
from tests.unit.domain.given import new_events

REPLY = {"chat_id": "c1", "message_id": "m1"}


def a_rating(meta: dict | None = None) -> Feedback:
    return Feedback.rate(feedback_id=uuid.uuid4(), rater_id="ada", kind="rating",
                         data={"rating": 1, "model_id": "echo"}, meta=REPLY if meta is None else meta)


def test_a_rating_is_recorded_with_the_reply_it_rates():
    rating = a_rating()
    assert (new_events(rating), rating.chat_id, rating.message_id) == (["Rated"], "c1", "m1")


@pytest.mark.parametrize("meta", [{}, {"chat_id": "c1"}, {"message_id": "m1"}, {"chat_id": 1, "message_id": "m1"}])
def test_a_rating_that_names_no_reply_is_refused(meta):
    with pytest.raises(UnnamedReplyError):
        a_rating(meta)


def test_rerating_with_new_meta_moves_the_rating_to_the_reply_it_names():
    rating = a_rating()
    rating.rerate(actor_id="ada", data=None, meta={"chat_id": "c1", "message_id": "m2"})
    assert (new_events(rating)[-1], rating.message_id) == ("Rerated", "m2")


def test_rerating_with_meta_that_names_no_reply_is_refused():
    rating = a_rating()
    with pytest.raises(UnnamedReplyError):
        rating.rerate(actor_id="ada", data=None, meta={"chat_id": "c1"})


def test_a_rating_is_hidden_from_other_members_and_not_from_admins():
    rating = a_rating()
    with pytest.raises(ForeignFeedbackError):
        rating.check_visible("bob", is_admin=False)
    rating.check_visible("bob", is_admin=True)
    rating.check_visible("ada", is_admin=False)


def test_a_deleted_rating_is_gone_even_for_its_rater():
    rating = a_rating()
    rating.delete(actor_id="ada")
    with pytest.raises(FeedbackNotFoundError):
        rating.check_visible("ada", is_admin=False)
    with pytest.raises(FeedbackNotFoundError):
        rating.delete(actor_id="ada")


CREATORS = {"bobs-helper": "bob", "adas-helper": "ada"}.get


def test_a_rating_of_someone_elses_preset_names_it_apart_under_its_creator():
    rating = Feedback.rate(feedback_id=uuid.uuid4(), rater_id="ada", kind="rating", meta=REPLY,
                           data={"rating": 1, "model_id": "bobs-helper", "sibling_model_ids": ["adas-helper",
                                                                                               "bobs-helper"]},
                           creator_of=CREATORS)
    rated, named = rating.collect_events()
    assert rated.data == {"rating": 1, "model_id": "", "sibling_model_ids": ["adas-helper", ""]}
    assert (named.quoted_user_id, named.fields, named.places, named.models) == (
        "bob", {"model_id": "bobs-helper"}, [1], ["bobs-helper"])


def test_a_changed_rating_names_someone_elses_preset_apart_again():
    rating = a_rating()
    rating.collect_events()
    rating.rerate(actor_id="ada", data={"rating": -1, "model_id": "bobs-helper"}, meta=None, creator_of=CREATORS)
    rerated, named = rating.collect_events()
    assert (rerated.data["model_id"], named.fields) == ("", {"model_id": "bobs-helper"})
