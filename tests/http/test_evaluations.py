"""Rating replies and the admin's Evaluations page, as Open WebUI 0.12.4's app uses them: a person
rates replies in their own chats only, reads, changes and deletes their ratings; admins list,
export and delete everyone's, and rank the models (Elo) from them."""

from __future__ import annotations

import pytest

from tests.e2e import people
from tests.e2e.people import Person
from tests.e2e.ratings import chat_with_replies, feedback, rate, rated, unique_model
from tests.http.app import InProcessServer
from tests.http.workspaces import own_workspace

FEEDBACK_FIELDS = {"id", "user_id", "version", "type", "data", "meta", "created_at", "updated_at"}

# The last test deletes everyone's ratings and expects none left: a workspace of the module's own.
server, admin = own_workspace("evaluations")


@pytest.fixture(scope="module")
def other(server: InProcessServer, admin: Person) -> Person:
    return people.member(server, admin, "other")


def test_the_app_is_told_replies_may_be_rated(member: Person) -> None:
    assert member.http.get("/api/config").json()["features"]["enable_message_rating"] is True
    assert member.http.get("/api/v1/users/permissions").json()["chat"]["rate_response"] is True


def test_rating_a_reply_answers_open_webuis_feedback_and_lists_it_as_the_raters(member: Person) -> None:
    model = unique_model("echo")
    found = rated(member, model, 1)
    assert FEEDBACK_FIELDS <= set(found) and found["user_id"] == member.id and found["type"] == "rating"
    assert found["data"] | {"rating": 1, "model_id": model, "reason": None, "comment": None} == found["data"]
    own = member.http.get("/api/v1/evaluations/feedbacks/user").json()
    assert found["id"] in [item["id"] for item in own["items"]]
    assert own["items"][0]["user"]["id"] == member.id


def test_a_rating_read_back_carries_the_rated_reply_and_what_it_answers(member: Person) -> None:
    chat_id, [reply, _] = chat_with_replies(member, "m1", "m2")
    made = rate(member, feedback(chat_id, reply, "m1", 1, "m2")).json()
    snapshot = member.http.get(f"/api/v1/evaluations/feedback/{made['id']}").json()["snapshot"]
    messages = snapshot["chat"]["chat"]["history"]["messages"]
    assert sorted(messages) == ["a0", "q1"] and messages["a0"]["parentId"] == "q1"


@pytest.mark.parametrize("where", ["someone else's chat", "no such chat", "no such message"])
def test_only_a_reply_in_ones_own_chat_may_be_rated(member: Person, other: Person, where: str) -> None:
    chat_id, [reply] = chat_with_replies(other if where == "someone else's chat" else member, "m1")
    if where == "no such chat":
        chat_id = "7b0f4f7e-8d7e-4c59-9a39-0c6f3f1f8a11"
    if where == "no such message":
        reply = "nope"
    assert rate(member, feedback(chat_id, reply, "m1", 1)).status_code == 404


def test_a_rating_that_names_no_reply_is_refused(member: Person) -> None:
    response = rate(member, {"type": "rating", "data": {"rating": 1}})
    assert response.status_code == 400 and "meta.chat_id" in response.json()["detail"]


def test_fields_open_webui_does_not_take_are_refused(member: Person) -> None:
    chat_id, [reply] = chat_with_replies(member, "m1")
    assert rate(member, {**feedback(chat_id, reply, "m1", 1), "user_id": "someone"}).status_code == 422
    assert rate(member, feedback(chat_id, reply, "m1", 1, comment=["not", "text"])).status_code == 422


def test_a_rating_is_changed_as_the_app_changes_it_and_moving_it_to_anothers_reply_is_refused(
        member: Person, other: Person) -> None:
    chat_id, [reply] = chat_with_replies(member, "m1")
    made = rate(member, feedback(chat_id, reply, "m1", 1)).json()
    better = feedback(chat_id, reply, "m1", -1, reason="Inaccurate", comment="wrong", tags=["facts"])
    changed = member.http.post(f"/api/v1/evaluations/feedback/{made['id']}", json=better).json()
    assert (changed["data"]["rating"], changed["data"]["tags"], changed["id"]) == (-1, ["facts"], made["id"])
    others_chat, [others_reply] = chat_with_replies(other, "m1")
    moved = feedback(others_chat, others_reply, "m1", 1)
    assert member.http.post(f"/api/v1/evaluations/feedback/{made['id']}", json=moved).status_code == 404


def test_another_members_rating_does_not_exist_for_them_but_does_for_admins(member: Person, other: Person,
                                                                           admin: Person) -> None:
    made = rated(member, "m1", 1)
    path = f"/api/v1/evaluations/feedback/{made['id']}"
    assert [other.http.get(path).status_code, other.http.delete(path).status_code,
            other.http.post(path, json=feedback("x", "y", "m1", 1)).status_code] == [404, 404, 404]
    assert admin.http.get(path).json()["user_id"] == member.id
    assert member.http.get(path).status_code == 200


def test_a_deleted_rating_is_gone(member: Person) -> None:
    made = rated(member, "m1", 1)
    path = f"/api/v1/evaluations/feedback/{made['id']}"
    assert member.http.delete(path).json() is True
    assert member.http.get(path).status_code == 404
    assert made["id"] not in [i["id"] for i in member.http.get("/api/v1/evaluations/feedbacks/user").json()["items"]]


def test_the_admins_list_is_filtered_by_model_sorted_and_names_the_rater(member: Person, admin: Person) -> None:
    model = unique_model("listed")
    first, second = rated(member, model, 1), rated(member, model, -1)
    listed = admin.http.get("/api/v1/evaluations/feedbacks/list",
                            params={"model_id": model, "order_by": "rating", "direction": "asc"}).json()
    assert listed["total"] == 2 and [i["id"] for i in listed["items"]] == [second["id"], first["id"]]
    assert listed["items"][0]["user"]["name"] == member.account["name"]
    assert model in admin.http.get("/api/v1/evaluations/feedbacks/models").json()
    exported = admin.http.get("/api/v1/evaluations/feedbacks/all/export", params={"model_id": model}).json()
    assert {f["id"] for f in exported} == {first["id"], second["id"]}
    listed = admin.http.get("/api/v1/evaluations/feedbacks/all/ids").json()
    assert {first["id"], second["id"]} <= {f["id"] for f in listed}


def test_the_admins_evaluation_routes_are_for_admins(member: Person) -> None:
    for path in ("/api/v1/evaluations/feedbacks/list", "/api/v1/evaluations/leaderboard",
                 "/api/v1/evaluations/feedbacks/all/export", "/api/v1/evaluations/feedbacks/models"):
        assert member.http.get(path).status_code == 401, path
    assert member.http.delete("/api/v1/evaluations/feedbacks/all").status_code == 401


def test_the_leaderboard_ranks_models_by_elo_from_compared_replies(member: Person, admin: Person) -> None:
    strong, weak = unique_model("strong"), unique_model("weak")
    rated(member, strong, 1, weak)
    rated(member, weak, -1, strong)
    entries = {e["model_id"]: e for e in admin.http.get("/api/v1/evaluations/leaderboard",
                                                        params={"query": "anything"}).json()["entries"]}
    assert (entries[strong]["rating"], entries[strong]["won"], entries[strong]["lost"]) == (1031, 2, 0)
    assert (entries[weak]["rating"], entries[weak]["count"]) == (969, 2)


def test_a_models_history_and_analytics_overview_count_todays_thumbs(member: Person, admin: Person) -> None:
    model = f"team/{unique_model('slashed')}"
    rated(member, model, 1)
    rated(member, model, -1)
    rated(member, model, 1)
    history = admin.http.get(f"/api/v1/evaluations/leaderboard/{model}/history", params={"days": 7}).json()
    assert history["model_id"] == model and len(history["history"]) == 7
    assert (history["history"][-1]["won"], history["history"][-1]["lost"]) == (2, 1)
    overview = admin.http.get(f"/api/v1/analytics/models/{model}/overview", params={"days": 0}).json()
    assert [(d["won"], d["lost"]) for d in overview["history"]] == [(2, 1)]


def test_a_person_deletes_all_their_own_ratings_and_an_admin_everyones(member: Person, other: Person,
                                                                       admin: Person) -> None:
    rated(member, "m1", 1)
    rated(other, "m1", 1)
    assert other.http.delete("/api/v1/evaluations/feedbacks").json() is True
    assert other.http.get("/api/v1/evaluations/feedbacks/user").json()["total"] == 0
    assert member.http.get("/api/v1/evaluations/feedbacks/user").json()["total"] > 0
    assert admin.http.delete("/api/v1/evaluations/feedbacks/all").json() is True
    assert admin.http.get("/api/v1/evaluations/feedbacks/list").json() == {"items": [], "total": 0}
    assert admin.http.get("/api/v1/evaluations/leaderboard").json() == {"entries": []}
